package planimport

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxDocumentXML bounds how much of word/document.xml is read, so that a
// crafted archive cannot expand into gigabytes in memory.
const maxDocumentXML = 64 << 20

// ParseDocx reads a .docx file and parses its text.
func ParseDocx(r io.ReaderAt, size int64) (Result, error) {
	text, err := DocxText(r, size)
	if err != nil {
		return newResult(), err
	}
	return Parse(text), nil
}

// DocxText returns the text of a .docx file in the shape Parse expects:
// one line per paragraph (w:p), w:tab as a tab, w:br as a line break, the
// cells of a table row on one line separated by " | ", which is how the
// header block (issuer | national motto, number | place and date) is
// usually laid out, and automatic numbering written out ("I. ", "1. ",
// "a) ", "- "). Errors are in Vietnamese, for showing to the user.
func DocxText(r io.ReaderAt, size int64) (string, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return "", fmt.Errorf("tệp không phải là tài liệu Word .docx (không mở được dạng nén zip): %w", err)
	}
	var doc *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			doc = f
			break
		}
	}
	if doc == nil {
		return "", errors.New("tệp không phải là tài liệu Word .docx (thiếu word/document.xml)")
	}
	rc, err := doc.Open()
	if err != nil {
		return "", fmt.Errorf("không đọc được nội dung tài liệu Word: %w", err)
	}
	defer rc.Close()
	lr := &io.LimitedReader{R: rc, N: maxDocumentXML + 1}
	text, err := documentText(lr, readNumbering(zr))
	if err != nil {
		return "", fmt.Errorf("nội dung tài liệu Word bị hỏng (word/document.xml): %w", err)
	}
	if lr.N <= 0 {
		return "", errors.New("tài liệu Word quá lớn để nhập (nội dung vượt 64 MB)")
	}
	return text, nil
}

// docxWriter accumulates text while walking document.xml. Inside a table
// it collects the paragraphs of each cell so that a row becomes lines of
// "cell | cell"; nested tables are flattened into their cell.
type docxWriter struct {
	out      strings.Builder
	para     strings.Builder // the paragraph being read
	inPara   bool
	depth    int        // table nesting
	row      [][]string // cells of the current top-level row, as lines
	cell     []string   // paragraphs of the current cell
	fallback int        // depth inside mc:Fallback, whose text repeats mc:Choice

	num     *numbering
	numID   string // automatic numbering of the paragraph being read
	ilvl    int
	changed int // depth inside w:pPrChange, the formatting before an edit
}

func documentText(r io.Reader, num *numbering) (string, error) {
	w := &docxWriter{num: num}
	dec := xml.NewDecoder(r)
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "Fallback" {
				w.fallback++
			}
			if w.fallback > 0 {
				continue
			}
			switch t.Name.Local {
			case "p":
				w.inPara = true
				w.para.Reset()
				w.numID, w.ilvl = "", 0
			case "pPrChange":
				w.changed++
			case "numId":
				if w.changed == 0 {
					w.numID = attr(t, "val")
				}
			case "ilvl":
				if w.changed == 0 {
					w.ilvl, _ = strconv.Atoi(attr(t, "val"))
				}
			case "t":
				inText = true
			case "tab":
				w.para.WriteByte('\t')
			case "br", "cr":
				w.para.WriteByte('\n')
			case "noBreakHyphen":
				w.para.WriteByte('-')
			case "tbl":
				w.depth++
			case "tr":
				if w.depth == 1 {
					w.row = nil
				}
			case "tc":
				if w.depth == 1 {
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
			case "pPrChange":
				w.changed--
			case "p":
				w.endPara()
			case "tc":
				if w.depth == 1 {
					w.row = append(w.row, w.cell)
				}
			case "tr":
				if w.depth == 1 {
					w.endRow()
				}
			case "tbl":
				w.depth--
			}
		case xml.CharData:
			if inText && w.fallback == 0 {
				w.para.Write(t)
			}
		}
	}
	return w.out.String(), nil
}

func (w *docxWriter) endPara() {
	if !w.inPara {
		return
	}
	w.inPara = false
	text := w.para.String()
	if strings.TrimSpace(text) != "" {
		text = w.num.label(w.numID, w.ilvl) + text
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
