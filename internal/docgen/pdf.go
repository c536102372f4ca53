package docgen

// pdf.go draws the layout with fpdf: page setup, the page-number header,
// the draft label and the header and signer tables. Line breaking and the
// flow of body text over pages are in pdf_text.go.

import (
	"fmt"
	"io"
	"time"

	"github.com/go-pdf/fpdf"
)

// pdfCompression is off only in tests, which read the page content.
var pdfCompression = true

// pt converts layout twips to PDF points.
func pt(tw int) float64 { return float64(tw) * ptPerTwip }

// pdfWriter draws a layout on f, which is measured in points. y is the
// top of the next thing to draw on the current page.
type pdfWriter struct {
	f *fpdf.Fpdf
	m measurer
	y float64
}

func (pw *pdfWriter) top() float64    { return pt(marginTop) }
func (pw *pdfWriter) bottom() float64 { return pt(pageHeight - marginBottom) }

func (pw *pdfWriter) newPage() {
	pw.f.AddPage()
	pw.y = pw.top()
}

// WritePDF writes d as a PDF with Liberation Serif embedded.
func WritePDF(w io.Writer, d Document) error {
	f, err := newPDF()
	if err != nil {
		return err
	}
	pw := &pdfWriter{f: f, m: measurer{f}}
	l := buildLayout(d, pw.m)

	f.SetMargins(pt(marginLeft), pt(marginTop), pt(marginRight))
	// Page breaks are decided here, line by line, so that headings stay
	// with their text and the signer block is never split.
	f.SetAutoPageBreak(false, pt(marginBottom))
	f.SetTitle(docTitle(l), true)
	f.SetAuthor(upper(d.IssuingBody), true)
	f.SetCreator("canhgiac docgen", true)
	f.SetLang("vi-VN")
	// Fixed dates and a sorted catalogue make the output reproducible.
	f.SetCreationDate(pdfDate(d))
	f.SetModificationDate(pdfDate(d))
	f.SetCatalogSort(true)
	f.SetCompression(pdfCompression)
	f.SetHeaderFuncMode(func() {
		// NĐ 30: pages are numbered from the second, centred in the top
		// margin, in Arabic figures.
		if f.PageNo() > 1 {
			pw.marginLabel(fmt.Sprint(f.PageNo()), alignCenter, false)
		}
		// A draft says so on every page, not only the first.
		if l.draft {
			pw.marginLabel(draftLabel, alignRight, true)
		}
	}, true)

	pw.newPage()
	for _, r := range l.header {
		pw.row(r, false)
	}
	pw.flow(l.body, l.signer)
	if err := f.Output(w); err != nil {
		return fmt.Errorf("docgen: pdf: %w", err)
	}
	return nil
}

// pdfDate is the document's date when it has one, else 1 January of its
// year: never the wall clock, so the same input gives the same bytes.
func pdfDate(d Document) time.Time {
	switch {
	case d.Date != nil:
		return *d.Date
	case d.Year > 0:
		return time.Date(d.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return zipTime
}

// marginLabel prints a 13 pt label in the top margin at the height of the
// .docx page header: the page number (centred) or the boxed draft label
// (right).
func (pw *pdfWriter) marginLabel(s string, a alignment, boxed bool) {
	const size = 13
	bold := boxed
	w := pw.m.width(s, size, bold, false)
	x := pt(marginLeft) + (pt(textWidth)-w)/2
	if a == alignRight {
		x = pt(pageWidth-marginRight) - w - 3
	}
	base := pt(headerDist) + size*fontAscent
	pw.f.Text(x, base, s)
	if boxed {
		pw.f.SetLineWidth(0.75)
		pw.f.Rect(x-3, base-size*fontAscent-2, w+6, size*singleLine+3, "D")
	}
}

// row draws a borderless table row: each cell's paragraphs from the same
// top, the row ending below its tallest cell. A row that keep is true for
// moves to the next page whole when it does not fit.
func (pw *pdfWriter) row(r row, keep bool) {
	if keep && pw.y+pw.rowHeight(r) > pw.bottom() {
		pw.newPage()
	}
	rowTop, end := pw.y, pw.y
	x := pt(marginLeft + r.indent)
	for _, c := range r.cells {
		pw.y = rowTop
		for _, p := range c.paras {
			pw.drawPara(p, x, pt(c.width), false, 0)
		}
		end = max(end, pw.y)
		x += pt(c.width)
	}
	pw.y = end
}

// rowHeight is the height of a row: that of its tallest cell.
func (pw *pdfWriter) rowHeight(r row) float64 {
	tallest := 0.0
	for _, c := range r.cells {
		h := 0.0
		for _, p := range c.paras {
			h += pw.paraHeight(p, pt(c.width))
		}
		tallest = max(tallest, h)
	}
	return tallest
}

// flow draws the body paragraphs at full text width over as many pages
// as they need, then the signer row. A paragraph marked keepNext reserves
// room on its last page for what must follow it: the first two lines of
// the next paragraph (a heading is never stranded), or the whole signer
// block after the last paragraph, so that the signature never stands
// alone on a page without text.
func (pw *pdfWriter) flow(ps []para, signer row) {
	x, w := pt(marginLeft), pt(textWidth)
	for i, p := range ps {
		reserve := 0.0
		if p.keepNext {
			reserve = pw.leastStart(ps, i+1, signer)
		}
		if p.table != nil {
			pw.drawTable(p.table)
			pw.y += pt(p.after)
			continue
		}
		pw.drawPara(p, x, w, true, reserve)
	}
	pw.row(signer, true)
}

// leastStart is the least room ps[i] needs at the foot of a page to start
// there: a paragraph of up to three lines (or one kept whole) cannot be
// split without leaving a lone line, so it needs all its lines, a longer
// one two; a table needs its header and first row. A heading also needs
// what it keeps with, so "V. CHẾ ĐỘ BÁO CÁO" followed by a three-line
// paragraph moves to the next page with it. Past the last paragraph
// comes the signer block.
func (pw *pdfWriter) leastStart(ps []para, i int, signer row) float64 {
	if i >= len(ps) {
		return pw.rowHeight(signer)
	}
	p := ps[i]
	if p.table != nil {
		h := 0.0
		for _, r := range p.table.rows[:min(2, len(p.table.rows))] {
			h += pw.gridRowHeight(p.table, r)
		}
		return h
	}
	if p.rule > 0 {
		return pw.paraHeight(p, pt(textWidth))
	}
	n := len(pw.wrap(p, pt(textWidth)))
	need := n
	if !p.keepLines && n > 3 {
		need = 2
	}
	h := pt(p.before) + float64(need)*lineHeight(p)
	if p.keepNext && need == n {
		h += pt(p.after) + pw.leastStart(ps, i+1, signer)
	}
	return h
}

// drawRule draws a rule paragraph: the rule sits just under the
// paragraph's 3 pt box, where Word draws a bottom border.
func (pw *pdfWriter) drawRule(p para, x, width float64) {
	y := pw.y + pt(p.before) + pt(p.line) + 1
	l := pt(p.rule)
	pw.f.SetLineWidth(0.75)
	pw.f.Line(x+(width-l)/2, y, x+(width+l)/2, y)
	pw.y += pw.paraHeight(p, width)
}

// gridRowHeight is the height of one table row: its tallest cell plus
// the padding.
func (pw *pdfWriter) gridRowHeight(t *tableLayout, r []para) float64 {
	tallest := 0.0
	for j, p := range r {
		tallest = max(tallest, pw.paraHeight(p, pt(t.widths[j]-2*cellPadX)))
	}
	// The ruling between rows takes its own 0.5 pt in Word and
	// LibreOffice; counting it keeps long tables paginating alike.
	return tallest + 2*pt(cellPadY) + 0.5
}

// drawTable draws a ruled table row by row; a row that does not fit goes
// to the next page, where the header row is drawn again.
func (pw *pdfWriter) drawTable(t *tableLayout) {
	for i, r := range t.rows {
		h := pw.gridRowHeight(t, r)
		if i > 0 && pw.y+h > pw.bottom()+0.01 && pw.y > pw.top()+0.01 {
			pw.newPage()
			pw.gridRow(t, t.rows[0])
		} else if i == 0 && pw.y+h+pw.gridRowHeight(t, t.rows[min(1, len(t.rows)-1)]) > pw.bottom()+0.01 && pw.y > pw.top()+0.01 {
			pw.newPage() // never a header alone at the foot of a page
		}
		pw.gridRow(t, r)
	}
}

// gridRow draws one row: each cell's text, vertically centred, in its box.
func (pw *pdfWriter) gridRow(t *tableLayout, r []para) {
	h := pw.gridRowHeight(t, r)
	x := pt(marginLeft)
	top := pw.y
	pw.f.SetLineWidth(0.5)
	for j, p := range r {
		w := pt(t.widths[j])
		ph := pw.paraHeight(p, w-2*pt(cellPadX))
		pw.y = top + (h-ph)/2
		pw.drawPara(p, x+pt(cellPadX), w-2*pt(cellPadX), false, 0)
		pw.f.Rect(x, top, w, h, "D")
		x += w
	}
	pw.y = top + h
}
