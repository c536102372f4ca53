package docgen

// pdf_text.go breaks paragraphs into lines and draws them. fpdf's
// MultiCell has no first-line indent and no widow control, both of which
// NĐ 30 body text needs, so lines are broken and justified here and every
// word is placed individually.

import (
	"strings"
)

// pline is one output line: its words (an empty word stands for an extra
// space, so "Số:        /KH" keeps its blank), their widths, and the
// line's natural width with single spaces between words.
type pline struct {
	words   []string
	widths  []float64
	natural float64
}

// lineHeight is the height of one line of p, the PDF twin of Word's
// "auto" line spacing: the font's single line times line/240.
func lineHeight(p para) float64 {
	if p.rule > 0 {
		return pt(p.line)
	}
	return p.size * singleLine * float64(p.line) / singleSpace
}

// ruleExtra is the border's distance and width below a rule paragraph.
const ruleExtra = 1.75

// paraHeight is the full height of p, spacing included, in a column of
// the given width.
func (pw *pdfWriter) paraHeight(p para, width float64) float64 {
	h := pt(p.before) + pt(p.after)
	if p.rule > 0 {
		return h + pt(p.line) + ruleExtra
	}
	return h + float64(len(pw.wrap(p, width)))*lineHeight(p)
}

// wrap breaks p's text greedily into lines no wider than width, the first
// line shortened by the first-line indent. A word wider than a whole line
// (a long URL) is cut between characters.
func (pw *pdfWriter) wrap(p para, width float64) []pline {
	pw.f.SetFont(fontFamily, fontStyle(p.bold, p.italic), p.size)
	space := pw.f.GetStringWidth(" ")
	var lines []pline
	var cur pline
	avail := width - pt(p.firstIndent)
	push := func() {
		lines = append(lines, cur)
		cur = pline{}
		avail = width
	}
	add := func(word string, w float64) {
		if len(cur.words) > 0 {
			cur.natural += space
		}
		cur.words = append(cur.words, word)
		cur.widths = append(cur.widths, w)
		cur.natural += w
	}
	for _, word := range strings.Split(p.text, " ") {
		w := pw.f.GetStringWidth(word)
		if len(cur.words) > 0 && cur.natural+space+w > avail+0.01 {
			push()
		}
		if len(cur.words) == 0 && word == "" && len(lines) > 0 {
			continue // a run of spaces at a break vanishes, as in Word
		}
		for w > avail && len(cur.words) == 0 {
			head, rest := cutWord(pw, word, avail)
			add(head, pw.f.GetStringWidth(head))
			push()
			word, w = rest, pw.f.GetStringWidth(rest)
		}
		add(word, w)
	}
	if len(cur.words) > 0 || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

// cutWord splits word so the head fits in avail (at least one rune, so a
// too-narrow column still makes progress).
func cutWord(pw *pdfWriter, word string, avail float64) (head, rest string) {
	runes := []rune(word)
	n := 1
	for n < len(runes) && pw.f.GetStringWidth(string(runes[:n+1])) <= avail {
		n++
	}
	return string(runes[:n]), string(runes[n:])
}

// drawPara draws p at x in a column of the given width, starting at pw.y.
// With paging, lines that do not fit go on the next page, no page starts
// or ends with a lone line of a paragraph (widow and orphan control, as
// the .docx asks of Word), and the page holding the last line keeps
// reserve points free below it (see flow).
func (pw *pdfWriter) drawPara(p para, x, width float64, paging bool, reserve float64) {
	if p.rule > 0 {
		pw.drawRule(p, x, width)
		return
	}
	lines := pw.wrap(p, width)
	lh := lineHeight(p)
	pw.y += pt(p.before)
	for i := 0; i < len(lines); {
		n := len(lines) - i
		fit := int((pw.bottom() - pw.y + 0.01) / lh)
		if paging && (fit < n || pw.y+float64(n)*lh+reserve > pw.bottom()+0.01) {
			k := min(fit, n)
			if n-k < 2 {
				k = n - 2 // widow (or reserve): carry two lines over
			}
			whole := p.keepLines && pw.top()+float64(n)*lh+reserve <= pw.bottom()
			if (k < 2 || whole) && i == 0 && pw.y > pw.top()+0.01 {
				pw.newPage() // orphan or kept lines: start on the next page
				continue
			}
			n = max(k, 1) // at a page top: always make progress
		}
		for _, ln := range lines[i : i+n] {
			pw.drawLine(p, ln, x, width, i == 0, i+1 == len(lines))
			pw.y += lh
			i++
		}
		if i < len(lines) {
			pw.newPage()
		}
	}
	pw.y += pt(p.after)
}

// drawLine places one line's words. Justified lines stretch their gaps
// to the column edge, except a paragraph's last line, which stays ragged.
func (pw *pdfWriter) drawLine(p para, ln pline, x, width float64, first, last bool) {
	pw.f.SetFont(fontFamily, fontStyle(p.bold, p.italic), p.size)
	space := pw.f.GetStringWidth(" ")
	avail := width
	if first {
		x += pt(p.firstIndent)
		avail -= pt(p.firstIndent)
	}
	gap := space
	switch p.align {
	case alignCenter:
		x += (avail - ln.natural) / 2
	case alignJustify:
		if !last && len(ln.words) > 1 {
			gap += (avail - ln.natural) / float64(len(ln.words)-1)
		}
	}
	base := pw.y + p.size*fontAscent
	for i, word := range ln.words {
		if word != "" {
			pw.f.Text(x, base, word)
		}
		x += ln.widths[i] + gap
	}
}
