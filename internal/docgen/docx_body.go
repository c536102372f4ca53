package docgen

// docx_body.go writes word/document.xml and the page headers from the
// layout. Element order inside w:pPr, w:rPr, w:tblPr and w:sectPr follows
// the OOXML schema sequence: Word rejects a file whose children are out of
// order, even where LibreOffice would accept it.

import (
	"encoding/xml"
	"fmt"
	"strings"
)

const (
	nsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

	// docFont is named in every run, not only in styles.xml, so that text
	// pasted into another document keeps the NĐ 30 font.
	docFont = "Times New Roman"

	ruleBorder = `<w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/>`
)

// xmlBuf accumulates XML text; esc escapes character data.
type xmlBuf struct{ strings.Builder }

func (b *xmlBuf) esc(s string) {
	// xml.EscapeText only fails when the writer does; a Builder never does.
	_ = xml.EscapeText(b, []byte(s))
}

func (b *xmlBuf) f(format string, args ...any) { fmt.Fprintf(b, format, args...) }

// halfPoints is the OOXML w:sz unit.
func halfPoints(pt float64) int { return int(pt*2 + 0.5) }

func (b *xmlBuf) runProps(bold, italic bool, size float64, box bool) {
	b.f(`<w:rPr><w:rFonts w:ascii="%[1]s" w:hAnsi="%[1]s" w:cs="%[1]s" w:eastAsia="%[1]s"/>`, docFont)
	if bold {
		b.WriteString(`<w:b/><w:bCs/>`)
	}
	if italic {
		b.WriteString(`<w:i/><w:iCs/>`)
	}
	b.f(`<w:sz w:val="%[1]d"/><w:szCs w:val="%[1]d"/>`, halfPoints(size))
	if box {
		b.WriteString(`<w:bdr w:val="single" w:sz="8" w:space="2" w:color="000000"/>`)
	}
	b.WriteString(`<w:lang w:val="vi-VN"/></w:rPr>`)
}

// paragraph writes one layout paragraph in a column of the given width.
func (b *xmlBuf) paragraph(p para, column int) {
	b.WriteString(`<w:p><w:pPr>`)
	if p.keepNext {
		b.WriteString(`<w:keepNext/>`)
	}
	if p.keepLines {
		b.WriteString(`<w:keepLines/>`)
	}
	if p.rule > 0 {
		// An empty paragraph whose bottom border is the rule; equal left
		// and right indents shorten and centre it in its column.
		ind := (column - p.rule) / 2
		b.f(`<w:pBdr>%s</w:pBdr>`, ruleBorder)
		b.f(`<w:spacing w:before="%d" w:after="%d" w:line="%d" w:lineRule="exact"/>`, p.before, p.after, p.line)
		b.f(`<w:ind w:left="%d" w:right="%d"/>`, ind, ind)
		b.WriteString(`<w:rPr><w:sz w:val="4"/><w:szCs w:val="4"/></w:rPr></w:pPr></w:p>`)
		return
	}
	b.f(`<w:spacing w:before="%d" w:after="%d" w:line="%d" w:lineRule="auto"/>`, p.before, p.after, p.line)
	if p.firstIndent > 0 {
		b.f(`<w:ind w:firstLine="%d"/>`, p.firstIndent)
	}
	b.f(`<w:jc w:val="%s"/>`, [...]string{alignLeft: "left", alignCenter: "center", alignJustify: "both", alignRight: "right"}[p.align])
	b.runProps(p.bold, p.italic, p.size, false)
	b.WriteString(`</w:pPr>`)
	if p.text != "" {
		b.WriteString(`<w:r>`)
		b.runProps(p.bold, p.italic, p.size, false)
		b.WriteString(`<w:t xml:space="preserve">`)
		b.esc(p.text)
		b.WriteString(`</w:t></w:r>`)
	}
	b.WriteString(`</w:p>`)
}

// table writes borderless rows of the layout's columns (the width of the
// text, the header sometimes reaching into the left margin). Cell
// margins are zero so that centring and rule lengths are computed against
// the real column widths; rows may not split, so the signer block moves to
// the next page whole rather than leaving "Nơi nhận" behind.
func (b *xmlBuf) table(rows []row) {
	cols := rows[0].cells
	width := 0
	for _, c := range cols {
		width += c.width
	}
	b.WriteString(`<w:tbl><w:tblPr>`)
	b.f(`<w:tblW w:w="%d" w:type="dxa"/><w:tblInd w:w="%d" w:type="dxa"/>`, width, rows[0].indent)
	b.WriteString(`<w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.f(`<w:%s w:val="nil"/>`, side)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/>`)
	b.WriteString(`<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>`)
	b.WriteString(`<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>`)
	b.WriteString(`</w:tblPr><w:tblGrid>`)
	for _, c := range cols {
		b.f(`<w:gridCol w:w="%d"/>`, c.width)
	}
	b.WriteString(`</w:tblGrid>`)
	for _, r := range rows {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		for _, c := range r.cells {
			b.f(`<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>`, c.width)
			for _, p := range c.paras {
				b.paragraph(p, c.width)
			}
			if len(c.paras) == 0 {
				b.WriteString(`<w:p/>`) // a cell must end with a paragraph
			}
			b.WriteString(`</w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
}

// gridTable writes a ruled table of figures. The header row repeats on
// each page (tblHeader) and no row splits (cantSplit). A short empty
// paragraph follows, since two tables in a row would otherwise merge and
// the text after a table needs its space.
func (b *xmlBuf) gridTable(t *tableLayout, after int) {
	width := 0
	for _, w := range t.widths {
		width += w
	}
	b.WriteString(`<w:tbl><w:tblPr>`)
	b.f(`<w:tblW w:w="%d" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/>`, width)
	b.WriteString(`<w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.f(`<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>`, side)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/>`)
	b.f(`<w:tblCellMar><w:top w:w="%[1]d" w:type="dxa"/><w:left w:w="%[2]d" w:type="dxa"/><w:bottom w:w="%[1]d" w:type="dxa"/><w:right w:w="%[2]d" w:type="dxa"/></w:tblCellMar>`, cellPadY, cellPadX)
	b.WriteString(`<w:tblLook w:val="0000" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>`)
	b.WriteString(`</w:tblPr><w:tblGrid>`)
	for _, w := range t.widths {
		b.f(`<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString(`</w:tblGrid>`)
	for i, r := range t.rows {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/>`)
		if i == 0 {
			b.WriteString(`<w:tblHeader/>`)
		}
		b.WriteString(`</w:trPr>`)
		for j, p := range r {
			b.f(`<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>`, t.widths[j])
			b.paragraph(p, t.widths[j]-2*cellPadX)
			b.WriteString(`</w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	b.f(`<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="%d" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>`, max(after, 20))
}

// documentXML is word/document.xml.
func documentXML(l layout) string {
	var b xmlBuf
	b.WriteString(xml.Header)
	b.f(`<w:document xmlns:w="%s" xmlns:r="%s"><w:body>`, nsW, nsR)
	b.table(l.header)
	for _, p := range l.body {
		if p.table != nil {
			b.gridTable(p.table, p.after)
			continue
		}
		b.paragraph(p, textWidth)
	}
	b.table([]row{l.signer})
	// The body must end with a paragraph; without this one Word and
	// LibreOffice add a full-height empty one after the signer table,
	// which can spill onto an extra blank page. This one is 1 pt tall.
	b.WriteString(`<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>`)
	// titlePg gives page 1 its own (number-less) header: NĐ 30 numbers
	// pages from the second on, centred in the top margin.
	b.WriteString(`<w:sectPr>`)
	b.f(`<w:headerReference w:type="default" r:id="%s"/>`, relHeaderDefault)
	b.f(`<w:headerReference w:type="first" r:id="%s"/>`, relHeaderFirst)
	b.f(`<w:pgSz w:w="%d" w:h="%d"/>`, pageWidth, pageHeight)
	b.f(`<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="%d" w:footer="%d" w:gutter="0"/>`,
		marginTop, marginRight, marginBottom, marginLeft, headerDist, headerDist)
	b.WriteString(`<w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr>`)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// headerDefaultXML carries the page number (a PAGE field) for pages 2 on,
// centred; a draft also carries the boxed "DỰ THẢO" label at the right, so
// that no page of a draft can pass for the signed document. Tab stops put
// both on one line without moving the number.
func headerDefaultXML(draft bool) string {
	var b xmlBuf
	b.WriteString(xml.Header)
	b.f(`<w:hdr xmlns:w="%s" xmlns:r="%s"><w:p><w:pPr>`, nsW, nsR)
	if draft {
		b.f(`<w:tabs><w:tab w:val="center" w:pos="%d"/><w:tab w:val="right" w:pos="%d"/></w:tabs>`, textWidth/2, textWidth)
		b.WriteString(`<w:spacing w:before="0" w:after="0"/><w:jc w:val="left"/></w:pPr>`)
		b.WriteString(`<w:r><w:tab/></w:r>`)
	} else {
		b.WriteString(`<w:spacing w:before="0" w:after="0"/><w:jc w:val="center"/></w:pPr>`)
	}
	field := []string{
		`<w:fldChar w:fldCharType="begin"/>`,
		`<w:instrText xml:space="preserve"> PAGE </w:instrText>`,
		`<w:fldChar w:fldCharType="separate"/>`,
		`<w:t>2</w:t>`, // cached result; Word and LibreOffice recompute it
		`<w:fldChar w:fldCharType="end"/>`,
	}
	for _, part := range field {
		b.WriteString(`<w:r>`)
		b.runProps(false, false, 13, false)
		b.WriteString(part + `</w:r>`)
	}
	if draft {
		b.WriteString(`<w:r><w:tab/></w:r><w:r>`)
		b.runProps(true, false, 13, true)
		b.WriteString(`<w:t xml:space="preserve">`)
		b.esc(draftLabel)
		b.WriteString(`</w:t></w:r>`)
	}
	b.WriteString(`</w:p></w:hdr>`)
	return b.String()
}

// headerFirstXML is page 1's header: empty, or the boxed "DỰ THẢO" label
// at the right for a draft. Putting the label in the margin keeps the
// draft's page layout identical to the final document's.
func headerFirstXML(draft bool) string {
	var b xmlBuf
	b.WriteString(xml.Header)
	b.f(`<w:hdr xmlns:w="%s" xmlns:r="%s"><w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="right"/></w:pPr>`, nsW, nsR)
	if draft {
		b.WriteString(`<w:r>`)
		b.runProps(true, false, 13, true)
		b.WriteString(`<w:t xml:space="preserve">`)
		b.esc(draftLabel)
		b.WriteString(`</w:t></w:r>`)
	}
	b.WriteString(`</w:p></w:hdr>`)
	return b.String()
}
