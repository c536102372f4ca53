package upload

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// Cell is one cell of a spreadsheet row as stored.
type Cell struct {
	Text  string  // the text, or for a number the number as stored ("1250", "45292")
	IsNum bool    // stored as a number (dates are numbers too: days since 1900 or 1904)
	Num   float64 // the number, when IsNum
	Date  bool    // a number shown with a date format
}

// SheetLimits bound a spreadsheet read.
type SheetLimits struct {
	Zip     ZipLimits
	MaxRows int // rows with any cell; the read stops with ErrTooManyRows past it
	MaxCols int // cells beyond this column are dropped
}

// Sheets is what the imports accept: the limits of OfficeLimits, 100
// columns, and rows up to what the caller says.
func Sheets(maxRows int) SheetLimits {
	return SheetLimits{Zip: OfficeLimits, MaxRows: maxRows, MaxCols: 100}
}

// maxStrings bounds the shared strings kept in memory (a full 5,000-row
// sheet of 100 columns has half of this).
const maxStrings = 1_000_000

// ErrTooManyRows stops a read that passed SheetLimits.MaxRows.
var ErrTooManyRows = errors.New("too many rows")

// ErrNotWorkbook is wrapped when a zip is not an .xlsx workbook.
var ErrNotWorkbook = errors.New("not a workbook")

// Workbook is an .xlsx opened for streaming its first sheet.
type Workbook struct {
	Date1904 bool // the workbook counts dates from 1904 (old Mac Excel)
	zr       *zip.Reader
	sheet    *zip.File
	strings  []string
	dateXF   []bool // style index → shows a date
	lim      SheetLimits
}

// OpenWorkbook opens an .xlsx through OpenZip with lim.Zip and reads what
// the first sheet needs (its place, shared strings, date styles); the rows
// are then read one at a time by Rows. Errors wrap ErrZip or
// ErrNotWorkbook.
func OpenWorkbook(r io.ReaderAt, size int64, lim SheetLimits) (*Workbook, error) {
	zr, err := OpenZip(r, size, lim.Zip)
	if err != nil {
		return nil, err
	}
	wb := &Workbook{zr: zr, lim: lim}
	target, err := wb.firstSheet()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotWorkbook, err)
	}
	if wb.sheet = entry(zr, target); wb.sheet == nil {
		return nil, fmt.Errorf("%w: no %s", ErrNotWorkbook, target)
	}
	if err := wb.readStrings(); err != nil {
		return nil, fmt.Errorf("%w: shared strings: %v", ErrNotWorkbook, err)
	}
	if err := wb.readStyles(); err != nil {
		return nil, fmt.Errorf("%w: styles: %v", ErrNotWorkbook, err)
	}
	return wb, nil
}

// firstSheet finds the first sheet's part from the workbook and its
// relationships.
func (wb *Workbook) firstSheet() (string, error) {
	book, ok, err := ReadEntry(wb.zr, "xl/workbook.xml")
	if err != nil || !ok {
		return "", fmt.Errorf("no xl/workbook.xml (%v)", err)
	}
	var w struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			ID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(book, &w); err != nil {
		return "", err
	}
	wb.Date1904 = w.Pr.Date1904 == "1" || w.Pr.Date1904 == "true"
	if len(w.Sheets) == 0 {
		return "", errors.New("no sheet")
	}
	rels, ok, err := ReadEntry(wb.zr, "xl/_rels/workbook.xml.rels")
	if err != nil || !ok {
		return "", fmt.Errorf("no workbook relationships (%v)", err)
	}
	var rs struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(rels, &rs); err != nil {
		return "", err
	}
	for _, r := range rs.Rel {
		if r.ID == w.Sheets[0].ID {
			if strings.HasPrefix(r.Target, "/") {
				return strings.TrimPrefix(r.Target, "/"), nil
			}
			return path.Join("xl", r.Target), nil
		}
	}
	return "", errors.New("first sheet has no relationship")
}

// readStrings reads the shared strings, as a stream: rich-text runs are
// joined, phonetic hints (rPh) left out.
func (wb *Workbook) readStrings() error {
	f := entry(wb.zr, "xl/sharedStrings.xml")
	if f == nil {
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var cur strings.Builder
	inT, skip := false, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				cur.Reset()
			case "rPh":
				skip++
			case "t":
				inT = skip == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				if len(wb.strings) >= maxStrings {
					return fmt.Errorf("more than %d shared strings", maxStrings)
				}
				wb.strings = append(wb.strings, cur.String())
			case "rPh":
				skip--
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				cur.Write(t)
			}
		}
	}
}

// readStyles marks the cell styles whose number format shows a date.
func (wb *Workbook) readStyles() error {
	b, ok, err := ReadEntry(wb.zr, "xl/styles.xml")
	if err != nil || !ok {
		return err
	}
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		XFs []struct {
			NumFmt int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := xml.Unmarshal(b, &st); err != nil {
		return err
	}
	custom := map[int]bool{}
	for _, n := range st.NumFmts {
		custom[n.ID] = dateFormat(n.Code)
	}
	for _, x := range st.XFs {
		isDate, ok := custom[x.NumFmt]
		if !ok {
			isDate = (x.NumFmt >= 14 && x.NumFmt <= 22) || (x.NumFmt >= 45 && x.NumFmt <= 47)
		}
		wb.dateXF = append(wb.dateXF, isDate)
	}
	return nil
}

// dateFormat reports whether a number format code shows a date or a time:
// a d, m, y, h or s outside quotes, brackets and escapes.
func dateFormat(code string) bool {
	inQuote, inBracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			inQuote = c != '"'
		case inBracket:
			inBracket = c != ']'
		case c == '"':
			inQuote = true
		case c == '[':
			inBracket = true
		case c == '\\' || c == '_' || c == '*':
			i++
		default:
			switch c | 0x20 {
			case 'd', 'm', 'y', 'h', 's':
				return true
			}
		}
	}
	return false
}

// Rows streams the first sheet's rows to fn with their row numbers as a
// spreadsheet shows them (rows without any cell are not passed). fn's
// error stops the read and is returned; past lim.MaxRows rows the read
// stops with ErrTooManyRows.
func (wb *Workbook) Rows(fn func(row int, cells []Cell) error) error {
	rc, err := wb.sheet.Open()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotWorkbook, err)
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var (
		cells        []Cell
		rowNum, seen int
		col          int
		cur          Cell
		typ          string
		style        int
		inV, inIS    bool
		text         strings.Builder
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: sheet: %v", ErrNotWorkbook, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				n, _ := strconv.Atoi(attr(t, "r"))
				if n <= rowNum {
					n = rowNum + 1
				}
				rowNum, cells, col = n, cells[:0], 0
			case "c":
				col++
				if c, ok := columnOf(attr(t, "r")); ok {
					col = c
				}
				typ, style = attr(t, "t"), -1
				if s, err := strconv.Atoi(attr(t, "s")); err == nil {
					style = s
				}
				cur = Cell{}
				text.Reset()
			case "v":
				inV = true
			case "is":
				inIS = true
			}
		case xml.CharData:
			if inV || inIS {
				if text.Len() < 1<<20 {
					text.Write(t)
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "is":
				inIS = false
			case "c":
				cur = wb.cell(typ, style, text.String())
				if cur.Text != "" && col <= wb.lim.MaxCols {
					for len(cells) < col-1 {
						cells = append(cells, Cell{})
					}
					cells = append(cells, cur)
				}
			case "row":
				if len(cells) == 0 {
					continue
				}
				if seen++; seen > wb.lim.MaxRows {
					return ErrTooManyRows
				}
				if err := fn(rowNum, cells); err != nil {
					return err
				}
			case "sheetData":
				return nil
			}
		}
	}
}

// cell makes a Cell of a cell's type, style and stored text.
func (wb *Workbook) cell(typ string, style int, raw string) Cell {
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(raw))
		if err != nil || i < 0 || i >= len(wb.strings) {
			return Cell{}
		}
		return Cell{Text: wb.strings[i]}
	case "inlineStr", "str", "e", "d":
		return Cell{Text: raw}
	case "b":
		if strings.TrimSpace(raw) == "1" {
			return Cell{Text: "TRUE"}
		}
		return Cell{Text: "FALSE"}
	}
	raw = strings.TrimSpace(raw)
	n, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return Cell{Text: raw}
	}
	c := Cell{Text: raw, IsNum: true, Num: n}
	c.Date = style >= 0 && style < len(wb.dateXF) && wb.dateXF[style]
	return c
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// columnOf reads the column of a cell reference ("C12" → 3).
func columnOf(ref string) (int, bool) {
	col := 0
	for i := 0; i < len(ref); i++ {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			return col, col > 0
		}
		col = col*26 + int(c-'a'+1)
		if col > 16384 {
			return 0, false
		}
	}
	return col, col > 0
}
