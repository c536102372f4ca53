package docgen

// header.go lays out the header table of NĐ 30 Phụ lục I: agency names
// and the number on the left, national title, motto and place-and-date
// on the right.

const (
	national = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	motto    = "Độc lập - Tự do - Hạnh phúc"

	// headMaxRight caps the right column at about 60 % of the line; the
	// agency side keeps at least the rest.
	headMaxRight = 5669 // 10 cm
	// headPad is the least room on either side of the agency names and
	// the national title, so the two columns' texts never nearly touch.
	headPad = 114 // 2 mm
	// headMaxOutdent is how far the header may reach into the left margin.
	headMaxOutdent = twipsPerCm
)

// headerRows returns the two header rows. NĐ 30 allows 12–13 pt for the
// agency names and the national title and 13–14 pt for the date line, and
// long names ("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG") do not fit a fixed 40/60
// split at 13 pt. So the right column is made just wide enough for its
// lines, and the largest sizes are chosen at which every agency line still
// fits on one line beside it; only when none does will a name wrap (a
// caller can also break it with "\n" as the agency's seal does).
func headerRows(d Document, m measurer) []row {
	parents, issuers := lines(d.ParentBody), lines(d.IssuingBody)
	dateText := clean(FormatDateLine(d.Place, d.Date, d.Year))
	w := func(s string, size float64, bold, italic bool) int {
		return int(m.width(s, size, bold, italic)*twipsPerPt + 0.5)
	}
	agencyWidth := func(size float64) int {
		widest := 0
		for _, p := range parents {
			widest = max(widest, w(p, size, false, false))
		}
		for _, p := range issuers {
			widest = max(widest, w(p, size, true, false))
		}
		return widest
	}

	var agencySize, nationalSize, dateSize float64
	var leftW, rightW, indent int
	for _, try := range []struct{ agency, national float64 }{{13, 13}, {12, 13}, {12, 12}} {
		agencySize, nationalSize = try.agency, try.national
		rightW = min(max(w(national, nationalSize, true, false), w(motto, 14, true, false))+2*headPad, headMaxRight)
		leftW = textWidth - rightW
		if agencyWidth(agencySize)+2*headPad <= leftW {
			break
		}
	}
	if need := agencyWidth(agencySize) + 2*headPad; need > leftW {
		// Still too long: let the agency column reach into the 30 mm left
		// margin by up to 1 cm, as many issued documents do, before
		// wrapping the name.
		indent = min(need-leftW, headMaxOutdent)
		leftW += indent
	}
	dateSize = 14
	if w(dateText, 14, false, true) > rightW {
		dateSize = 13
	}

	// Row 1. The issuing body is bold with a rule 1/3–1/2 of its length
	// under it; the motto has a rule exactly as long as itself.
	var left []para
	for _, p := range parents {
		left = append(left, centred(p, agencySize, false, false))
	}
	issuerWidth := 0
	for _, p := range issuers {
		left = append(left, centred(p, agencySize, true, false))
		issuerWidth = max(issuerWidth, min(w(p, agencySize, true, false), leftW))
	}
	if len(issuers) > 0 {
		left = append(left, ruleOf(max(issuerWidth*2/5, 850), leftW))
	}
	right := []para{
		centred(national, nationalSize, true, false),
		centred(motto, 14, true, false),
		ruleOf(w(motto, 14, true, false), rightW),
	}

	// Row 2: the number under the agency and the place and date under the
	// motto stand on one level, as in the NĐ 30 sample, however many lines
	// the agency names take.
	num := centred(clean(numberLine(d)), 13, false, false)
	num.before = 120
	date := centred(dateText, dateSize, false, true)
	date.before = 120
	return []row{
		{indent: -indent, cells: []cell{{leftW, left}, {rightW, right}}},
		{indent: -indent, cells: []cell{{leftW, []para{num}}, {rightW, []para{date}}}},
	}
}
