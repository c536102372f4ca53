package docgen

// layout.go turns a Document into a format-neutral page description: the
// header table, the body paragraphs and the signer table, each paragraph
// with its font, alignment and spacing. Both writers draw from it, so the
// NĐ 30 typography (sizes, bold/italic, rules, spacing) is decided once
// and the .docx and .pdf cannot drift apart.

// All lengths in the layout are twips (1/20 pt), the unit of OOXML, so the
// .docx carries exactly these numbers; the PDF converts to points.
const (
	pageWidth    = 11906 // A4, 210 mm
	pageHeight   = 16838 // A4, 297 mm
	marginTop    = 1134  // 20 mm (NĐ 30: 20–25 mm)
	marginBottom = 1134  // 20 mm (NĐ 30: 20–25 mm)
	marginLeft   = 1701  // 30 mm (NĐ 30: 30–35 mm)
	marginRight  = 850   // 15 mm (NĐ 30: 15–20 mm)
	headerDist   = 567   // page number sits 10 mm from the top edge
	textWidth    = pageWidth - marginLeft - marginRight

	// Header columns: the agency block takes about 40 % and the national
	// title about 60 %, wide enough for "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
	// NAM" on one line at 13 pt.
	headLeftWidth  = 3686 // 6.5 cm
	headRightWidth = textWidth - headLeftWidth

	// Signer columns: "Nơi nhận" on the left, the signature on the right.
	signLeftWidth  = 4253 // 7.5 cm
	signRightWidth = textWidth - signLeftWidth

	bodyIndent  = twipsPerCm // first-line indent of body paragraphs, 1 cm
	bodyAfter   = 120        // 6 pt after each paragraph (NĐ 30: at least 6 pt)
	bodyLine    = 300        // 1.25 lines, within NĐ 30's single to 1.5
	singleSpace = 240        // OOXML "auto" line unit: 240 = single
	ruleHeight  = 60         // an empty paragraph carrying a rule is 3 pt tall
	signGap     = 1440       // 72 pt (~2.5 cm) left for signature and seal
)

type alignment int

const (
	alignLeft alignment = iota
	alignCenter
	alignJustify
)

// para is one paragraph of the layout. A para with rule > 0 carries no
// text: it is a horizontal rule that long, centred in its column.
type para struct {
	text         string
	size         float64 // points
	bold, italic bool
	align        alignment
	firstIndent  int // twips
	before       int // twips
	after        int // twips
	line         int // 240 = single, 300 = 1.25 lines
	rule         int // twips; > 0 makes this a rule paragraph
	keepNext     bool
}

type cell struct {
	width int
	paras []para
}

type row struct{ cells []cell }

type layout struct {
	header []row // agency | national title; then number | place-and-date
	body   []para
	signer row // Nơi nhận | signature
	draft  bool
	title  string // for document properties
	kind   string
}

// centred returns a single-spaced centred paragraph.
func centred(text string, size float64, bold, italic bool) para {
	return para{text: text, size: size, bold: bold, italic: italic, align: alignCenter, line: singleSpace}
}

// ruleOf is a rule of the given length, clamped to the column width.
func ruleOf(length, column int) para {
	return para{rule: min(length, column), line: ruleHeight}
}

// textTwips is the width of s in twips, capped at column: text wider than
// its column wraps, and the rule under it then spans the column.
func textTwips(m measurer, s string, size float64, bold bool, column int) int {
	return min(int(m.width(s, size, bold, false)*twipsPerPt), column)
}

func buildLayout(d Document, m measurer) layout {
	l := layout{draft: d.Draft, title: clean(d.Title), kind: upper(d.Kind)}

	// Header, row 1. NĐ 30: agency names 12–13 pt caps, the issuing body
	// bold with a rule 1/3–1/2 of its length; national title 12–13 pt bold
	// caps; motto 13–14 pt bold with a rule exactly as long as itself.
	var left []para
	if p := upper(d.ParentBody); p != "" {
		left = append(left, centred(p, 13, false, false))
	}
	issuer := upper(d.IssuingBody)
	left = append(left, centred(issuer, 13, true, false))
	issuerRule := textTwips(m, issuer, 13, true, headLeftWidth) * 2 / 5
	left = append(left, ruleOf(max(issuerRule, 850), headLeftWidth))

	const national = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	const motto = "Độc lập - Tự do - Hạnh phúc"
	right := []para{
		centred(national, 13, true, false),
		centred(motto, 14, true, false),
		ruleOf(textTwips(m, motto, 14, true, headRightWidth), headRightWidth),
	}
	l.header = append(l.header, row{cells: []cell{{headLeftWidth, left}, {headRightWidth, right}}})

	// Header, row 2: number under the agency, place and date under the
	// motto, on one level as in the NĐ 30 sample whatever row 1 holds.
	num := centred(clean(numberLine(d)), 13, false, false)
	num.before = 120
	date := centred(clean(FormatDateLine(d.Place, d.Date, d.Year)), 14, false, true)
	date.before = 120
	l.header = append(l.header, row{cells: []cell{{headLeftWidth, []para{num}}, {headRightWidth, []para{date}}}})

	// Kind and summary, 14 pt bold, then a short rule (1/3–1/2 of the
	// summary line).
	kind := centred(l.kind, 14, true, false)
	kind.before = 360
	kind.keepNext = true
	l.body = append(l.body, kind)
	if t := clean(d.Title); t != "" {
		tp := centred(t, 14, true, false)
		tp.keepNext = true
		l.body = append(l.body, tp)
	}
	tr := ruleOf(max(textTwips(m, l.title, 14, true, textWidth)*2/5, 2*twipsPerCm), textWidth)
	tr.after = 240
	l.body = append(l.body, tr)

	for _, b := range d.Basis {
		if b = clean(b); b != "" {
			p := bodyPara(b)
			p.italic = true
			l.body = append(l.body, p)
		}
	}
	for _, b := range d.Blocks {
		t := clean(b.Text)
		if t == "" {
			continue
		}
		p := bodyPara(t)
		if b.Kind == Heading1 || b.Kind == Heading2 {
			// A heading must not be stranded at the foot of a page.
			p.bold = true
			p.keepNext = true
		}
		l.body = append(l.body, p)
	}

	l.signer = signerRow(d)
	return l
}

// bodyPara is a 14 pt justified paragraph with a 1 cm first-line indent.
func bodyPara(text string) para {
	return para{
		text: text, size: defaultSize, align: alignJustify,
		firstIndent: bodyIndent, after: bodyAfter, line: bodyLine,
	}
}

// signerRow lays out "Nơi nhận" (12 pt bold italic heading, 11 pt
// entries) beside the signature block (14 pt bold caps authority and
// title, room for the signature and seal, then the name in bold).
func signerRow(d Document) row {
	head := para{text: "Nơi nhận:", size: 12, bold: true, italic: true, line: singleSpace, before: 240}
	left := []para{head}
	for _, r := range recipientLines(d.Recipients) {
		left = append(left, para{text: clean(r), size: 11, line: singleSpace})
	}

	var right []para
	first := true
	for _, s := range []string{upper(d.Signer.Authority), upper(d.Signer.Title)} {
		if s == "" {
			continue
		}
		p := centred(s, 14, true, false)
		if first {
			p.before = 240
			first = false
		}
		right = append(right, p)
	}
	name := centred(clean(d.Signer.Name), 14, true, false)
	name.before = signGap
	right = append(right, name)
	return row{cells: []cell{{signLeftWidth, left}, {signRightWidth, right}}}
}
