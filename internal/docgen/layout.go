package docgen

// layout.go turns a Document into a format-neutral page description: the
// header table, the body paragraphs and the signer table, each paragraph
// with its font, alignment and spacing. Both writers draw from it, so the
// NĐ 30 typography (sizes, bold/italic, rules, spacing) is decided once
// and the .docx and .pdf cannot drift apart.

import "strings"

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

	// Signer columns: "Nơi nhận" on the left, the signature on the right.
	signLeftWidth  = 4253 // 7.5 cm
	signRightWidth = textWidth - signLeftWidth

	bodyIndent  = twipsPerCm // first-line indent of body paragraphs, 1 cm
	bodyAfter   = 120        // 6 pt after each paragraph (NĐ 30: at least 6 pt)
	bodyLine    = 300        // 1.25 lines, within NĐ 30's single to 1.5
	singleSpace = 240        // OOXML "auto" line unit: 240 = single
	ruleHeight  = 60         // an empty paragraph carrying a rule is 3 pt tall
	signGap     = 1440       // 72 pt (~2.5 cm) left for signature and seal

	draftLabel = "DỰ THẢO"
)

type alignment int

const (
	alignLeft alignment = iota
	alignCenter
	alignJustify
	alignRight
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
	keepLines    bool         // never split over two pages
	table        *tableLayout // when set, this body item is a table, not text
}

// tableLayout is a ruled table: column widths (twips, summing to the text
// width) and the rows of cell paragraphs, rows[0] being the header.
type tableLayout struct {
	widths []int
	rows   [][]para
}

// Cell typography: 12 pt single-spaced text with a small padding, the
// size offices use for tables inside 14 pt documents.
const (
	cellSize   = 12
	cellPadX   = 80 // twips, left and right of the text
	cellPadY   = 30 // twips, above and below the text
	tableAfter = 120
)

type cell struct {
	width int
	paras []para
}

// row is a row of a borderless table; indent (twips, negative into the
// left margin) shifts the table from the left margin.
type row struct {
	indent int
	cells  []cell
}

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

// buildLayout lays out d; m measures text for the lengths of rules and
// for fitting the header columns.
func buildLayout(d Document, m measurer) layout {
	l := layout{draft: d.Draft, title: clean(d.Title), kind: upper(d.Kind)}
	l.header = headerRows(d, m)

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
		if b.Kind == TableBlock {
			if b.Table != nil && len(b.Table.Header) > 0 {
				l.body = append(l.body, para{table: tableOf(*b.Table), after: tableAfter})
			}
			continue
		}
		t := clean(b.Text)
		if t == "" {
			continue
		}
		p := bodyPara(t)
		if b.Kind == Caption {
			p.italic, p.bold = true, true
			p.keepNext, p.keepLines = true, true
			p.after = 60
		}
		if b.Kind == Heading1 || b.Kind == Heading2 {
			// A heading must not be stranded at the foot of a page.
			p.bold = true
			p.keepNext = true
			p.keepLines = true
		}
		l.body = append(l.body, p)
	}

	// Keep the end of the text with the signature: a signer block alone
	// on the last page could be attached to any text. The paragraph moves
	// whole (keepLines) because Word would split it and LibreOffice would
	// not, and all renderings should paginate alike.
	if last := &l.body[len(l.body)-1]; last.table == nil {
		last.keepNext = true
		last.keepLines = true
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
	for _, s := range append(lines(d.Signer.Authority), lines(d.Signer.Title)...) {
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

// lines splits a capitalised header or signer field at explicit line
// breaks: "ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG" is printed on two lines as the
// agency's seal has it, rather than wherever the column happens to wrap.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = upper(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// tableOf lays out a table at the full text width: widths from the
// weights, header cells bold and centred, numeric columns right-aligned,
// the last row bold when it is a total.
func tableOf(t Table) *tableLayout {
	n := len(t.Header)
	weights, sum := make([]int, n), 0
	for i := range weights {
		weights[i] = 1
		if i < len(t.Widths) && t.Widths[i] > 0 {
			weights[i] = t.Widths[i]
		}
		sum += weights[i]
	}
	tl := &tableLayout{widths: make([]int, n)}
	used := 0
	for i, w := range weights {
		tl.widths[i] = textWidth * w / sum
		used += tl.widths[i]
	}
	tl.widths[n-1] += textWidth - used
	cellPara := func(text string, bold bool, a alignment) para {
		return para{text: clean(text), size: cellSize, bold: bold, align: a, line: singleSpace}
	}
	head := make([]para, n)
	for i, h := range t.Header {
		head[i] = cellPara(h, true, alignCenter)
		head[i].keepNext = true
	}
	tl.rows = append(tl.rows, head)
	for ri, r := range t.Rows {
		bold := t.Total && ri == len(t.Rows)-1
		row := make([]para, n)
		for i := range row {
			text, a := "", alignLeft
			if i < len(r) {
				text = r[i]
			}
			if i < len(t.Numeric) && t.Numeric[i] {
				a = alignRight
			}
			row[i] = cellPara(text, bold, a)
		}
		tl.rows = append(tl.rows, row)
	}
	return tl
}
