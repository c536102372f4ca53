package planimport

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"github.com/canhgiac/canhgiac/internal/upload"
	"io"
	"strconv"
	"strings"
)

// maxDocumentXML bounds how much of word/document.xml is read, so that a
// crafted archive cannot expand into gigabytes in memory.
const maxDocumentXML = 64 << 20

// openDocx opens a .docx archive after checking its limits (number of
// parts, total and per-part inflation), refusing a zip bomb before it is
// read. The upload guard will offer the same check; this is the one place
// to swap for it.
func openDocx(r io.ReaderAt, size int64) (*zip.Reader, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, refuse("Tệp không phải là tài liệu Word .docx (không mở được dạng nén của .docx). Hãy mở tệp trong Word và lưu lại dạng .docx.")
	}
	// The limits are the upload guard's, the one place they are set.
	if _, err := upload.OpenZip(r, size, upload.OfficeLimits); err != nil {
		return nil, refuse("Tệp .docx bị nén bất thường: " + err.Error() + "; tệp không được đọc.")
	}
	return zr, nil
}

// ParseDocx reads a .docx file and parses its text.
func ParseDocx(r io.ReaderAt, size int64) (Result, error) {
	text, err := DocxText(r, size)
	if err != nil {
		return newResult(), err
	}
	return Parse(text), nil
}

// otherOffice tells what an archive that is not a Word document is, by a
// part only that kind of file has.
var otherOffice = []struct{ part, what string }{
	{"xl/workbook.xml", "một bảng tính Excel (.xlsx)"},
	{"ppt/presentation.xml", "một bản trình chiếu PowerPoint (.pptx)"},
	{"content.xml", "một văn bản OpenDocument (.odt/.ods)"},
}

// DocxText returns the text of a .docx file in the shape Parse expects:
// one line per paragraph (w:p), w:tab as a tab, w:br as a line break, the
// cells of a table row on one line separated by " | ", which is how the
// header block (issuer | national motto, number | place and date) is
// usually laid out, automatic numbering written out ("I. ", "1.1. ", "a) ",
// "- "), headings marked "# ", "## ", "### " by their style or, unnumbered,
// by being short and bold, text boxes as their own lines, footnotes in
// brackets where they are referenced, tracked changes accepted and page
// number fields left out. Files that are not Word documents are a
// *Refusal.
func DocxText(r io.ReaderAt, size int64) (string, error) {
	zr, err := openDocx(r, size)
	if err != nil {
		return "", err
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	doc := parts["word/document.xml"]
	if doc == nil {
		for _, o := range otherOffice {
			if parts[o.part] != nil {
				return "", refuse(fmt.Sprintf("Tệp này là %s được đặt tên như tài liệu Word, không phải văn bản kế hoạch. Hãy tải lên tệp Word (.docx) hoặc PDF của kế hoạch.", o.what))
			}
		}
		return "", refuse("Tệp không phải là tài liệu Word .docx (thiếu word/document.xml).")
	}
	w := &docxWriter{
		num:       readNumbering(parts["word/numbering.xml"]),
		styles:    readStyles(parts["word/styles.xml"]),
		footnotes: readNotes(parts["word/footnotes.xml"]),
	}
	rc, err := doc.Open()
	if err != nil {
		return "", refuse("Không đọc được nội dung tài liệu Word (tệp hỏng).")
	}
	defer rc.Close()
	lr := &io.LimitedReader{R: rc, N: maxDocumentXML + 1}
	if err := w.walk(lr); err != nil {
		return "", refuse("Nội dung tài liệu Word bị hỏng (word/document.xml không đọc được); hãy mở trong Word, lưu lại rồi tải lên.")
	}
	if lr.N <= 0 {
		return "", refuse("Tài liệu Word quá lớn để nhập (nội dung vượt 64 MB).")
	}
	return w.out.String(), nil
}

// paraState is a paragraph being read; text boxes nest paragraphs inside
// a paragraph, so the writer keeps a stack of them.
type paraState struct {
	text    strings.Builder
	style   string
	numID   string
	ilvl    int
	hasNum  bool
	letters int // letters read in this paragraph
	plain   int // of them, letters not in bold
}

// field is a Word field being read (PAGE, REF …): its result is kept
// unless it is page furniture.
type field struct {
	instr    strings.Builder
	inResult bool
}

// docxWriter accumulates text while walking document.xml. Inside a table
// it collects the paragraphs of each cell so that a row becomes lines of
// "cell | cell"; nested tables are flattened into their cell.
type docxWriter struct {
	out       strings.Builder
	paras     []*paraState
	depth     int        // table nesting
	row       [][]string // cells of the current top-level row, as lines
	cell      []string   // paragraphs of the current cell
	fallback  int        // depth inside mc:Fallback, whose text repeats mc:Choice
	changed   int        // depth inside w:pPrChange / w:rPrChange: formatting before an edit
	removed   int        // depth inside w:moveFrom / w:del: text taken out by tracked changes
	inRPr     bool
	inTabs    bool // tab stops of a paragraph's properties, not tab characters
	runBold   bool
	fields    []*field
	skipField int // depth inside a w:fldSimple that is page furniture

	num       *numbering
	styles    map[string]paraStyle
	footnotes map[string]string
}

func (w *docxWriter) cur() *paraState {
	if len(w.paras) == 0 {
		return nil
	}
	return w.paras[len(w.paras)-1]
}

// hidden reports whether text read now is left out: a page number field,
// text removed by a tracked change.
func (w *docxWriter) hidden() bool {
	if w.skipField > 0 || w.removed > 0 {
		return true
	}
	for _, f := range w.fields {
		if f.inResult && isFurnitureField(f.instr.String()) {
			return true
		}
	}
	return false
}

func isFurnitureField(instr string) bool {
	name, _, _ := strings.Cut(strings.TrimSpace(strings.ToUpper(instr)), " ")
	switch name {
	case "PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF", "DATE", "TIME", "PRINTDATE", "FILENAME":
		return true
	}
	return false
}

func (w *docxWriter) walk(r io.Reader) error {
	dec := xml.NewDecoder(r)
	inText, inInstr := false, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "Fallback" {
				w.fallback++
			}
			if w.fallback > 0 {
				continue
			}
			p := w.cur()
			switch t.Name.Local {
			case "p":
				w.paras = append(w.paras, &paraState{})
			case "pPrChange", "rPrChange", "numberingChange":
				w.changed++
			case "moveFrom", "del":
				w.removed++
			case "pStyle":
				if p != nil && w.changed == 0 {
					p.style = attr(t, "val")
				}
			case "numId":
				if p != nil && w.changed == 0 {
					p.numID, p.hasNum = attr(t, "val"), true
				}
			case "ilvl":
				if p != nil && w.changed == 0 {
					p.ilvl, _ = strconv.Atoi(attr(t, "val"))
				}
			case "r":
				w.runBold = false
				if p != nil {
					w.runBold = w.styles[p.style].bold
				}
			case "rPr":
				w.inRPr = true
			case "b":
				if w.inRPr && w.changed == 0 {
					v := attr(t, "val")
					w.runBold = v == "" || v == "1" || v == "true" || v == "on"
				}
			case "t":
				inText = true
			case "instrText":
				inInstr = true
			case "fldChar":
				switch attr(t, "fldCharType") {
				case "begin":
					w.fields = append(w.fields, &field{})
				case "separate":
					if n := len(w.fields); n > 0 {
						w.fields[n-1].inResult = true
					}
				case "end":
					if n := len(w.fields); n > 0 {
						w.fields = w.fields[:n-1]
					}
				}
			case "fldSimple":
				if w.skipField > 0 || isFurnitureField(attr(t, "instr")) {
					w.skipField++
				}
			case "footnoteReference":
				if p != nil {
					if note := w.footnotes[attr(t, "id")]; note != "" {
						p.text.WriteString(" [" + note + "]")
					}
				}
			case "tabs":
				w.inTabs = true
			case "tab":
				if p != nil && !w.inTabs {
					p.text.WriteByte('\t')
				}
			case "br", "cr":
				if p != nil {
					p.text.WriteByte('\n')
				}
			case "noBreakHyphen":
				if p != nil {
					p.text.WriteByte('-')
				}
			case "tbl":
				w.depth++
			case "tr":
				if w.depth == 1 && len(w.paras) == 0 {
					w.row = nil
				}
			case "tc":
				if w.depth == 1 && len(w.paras) == 0 {
					w.cell = nil
				}
			}
		case xml.EndElement:
			if t.Name.Local == "Fallback" {
				w.fallback--
				continue
			}
			if w.fallback > 0 {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "instrText":
				inInstr = false
			case "rPr":
				w.inRPr = false
			case "tabs":
				w.inTabs = false
			case "pPrChange", "rPrChange", "numberingChange":
				w.changed--
			case "moveFrom", "del":
				w.removed--
			case "fldSimple":
				if w.skipField > 0 {
					w.skipField--
				}
			case "p":
				w.endPara()
			case "tc":
				if w.depth == 1 && len(w.paras) == 0 {
					w.row = append(w.row, w.cell)
				}
			case "tr":
				if w.depth == 1 && len(w.paras) == 0 {
					w.endRow()
				}
			case "tbl":
				w.depth--
			}
		case xml.CharData:
			p := w.cur()
			switch {
			case inInstr && len(w.fields) > 0:
				w.fields[len(w.fields)-1].instr.Write(t)
			case inText && p != nil && !w.hidden():
				p.text.Write(t)
				n := countLetters(string(t))
				p.letters += n
				if !w.runBold {
					p.plain += n
				}
			}
		}
	}
}

// endPara writes the paragraph just read: its numbering label and heading
// mark, then its text, as a line of its own, a line of the current table
// cell, or — for a text box inside a paragraph — a line before the
// paragraph that holds it.
func (w *docxWriter) endPara() {
	n := len(w.paras)
	if n == 0 {
		return
	}
	p := w.paras[n-1]
	w.paras = w.paras[:n-1]
	text := p.text.String()
	if strings.TrimSpace(text) != "" {
		st := w.styles[p.style]
		numID, ilvl := p.numID, p.ilvl
		if !p.hasNum && st.numID != "" {
			numID, ilvl = st.numID, st.ilvl // headings numbered by their style
		}
		label := w.num.label(numID, ilvl)
		mark := ""
		switch {
		case st.heading > 0:
			mark = strings.Repeat("#", st.heading) + " "
		case label == "" && w.depth == 0 && p.letters > 0 && p.plain == 0 && looksLikeBoldHeading(text):
			mark = "## "
			if isCaps(text) {
				mark = "# "
			}
		}
		text = mark + label + text
	}
	if w.depth > 0 {
		if s := strings.TrimSpace(text); s != "" {
			w.cell = append(w.cell, strings.Split(s, "\n")...)
		}
		return
	}
	w.out.WriteString(text)
	w.out.WriteByte('\n')
}

// looksLikeBoldHeading reports whether a bold paragraph is a heading by its
// form: short, one line, not a sentence.
func looksLikeBoldHeading(s string) bool {
	s = strings.TrimSpace(s)
	words := len(strings.Fields(s))
	return words >= 1 && words <= 14 && !strings.Contains(s, "\n") && !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, ";") &&
		fold(s) != "ke hoach" && !strings.HasPrefix(fold(s), "noi nhan")
}

// endRow writes a table row: line k of the output joins line k of every
// cell with " | ", so side-by-side header cells stay side by side.
func (w *docxWriter) endRow() {
	lines := 0
	for _, c := range w.row {
		lines = max(lines, len(c))
	}
	for k := range lines {
		var parts []string
		for _, c := range w.row {
			if k < len(c) {
				parts = append(parts, strings.TrimSpace(c[k]))
			} else {
				parts = append(parts, "")
			}
		}
		w.out.WriteString(strings.Join(parts, " | "))
		w.out.WriteByte('\n')
	}
	w.row = nil
}
