package activityimport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/canhgiac/canhgiac/internal/upload"
	"github.com/canhgiac/canhgiac/internal/vn"
)

const (
	// maxFileBytes bounds how much of an upload is read into memory. A
	// 5000-row activity sheet is well under 2 MB; anything this big is a
	// wrong file.
	maxFileBytes = 16 << 20
)

// cell is one cell as read from the file, before validation.
type cell struct {
	text string // as displayed (xlsx) or as written (csv)
	// isNum marks an xlsx cell stored as a number. Dates are numbers too
	// (days since 1900), so date and count columns read num instead of the
	// displayed text, whose shape depends on the cell's format and the
	// locale of whoever saved the file.
	isNum bool
	num   float64
}

// record is one row of the sheet with its row number as a spreadsheet
// program would show it, so errors point at the row the user sees.
type record struct {
	line  int
	cells []cell
}

// sheet is the file's content, format aside.
type sheet struct {
	records  []record
	date1904 bool // the workbook counts dates from 1904 (old Mac Excel)
}

// Signatures of the formats we recognise by content: an upload's name and
// type are whatever the browser or the user made them.
var (
	zipMagic = []byte("PK\x03\x04")
	// OLE compound files are .xls (Excel 97–2003) and also password
	// protected .xlsx, which Excel wraps in an encrypted container.
	oleMagic = []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
)

// readSheet reads a spreadsheet of at most limit rows with anything in
// them; past that it stops and refuses the file.
func readSheet(data []byte, filename string, limit int) (sheet, error) {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return sheet{}, fileErrorf("Tệp “%s” trống, không có dữ liệu.", filename)
	case bytes.HasPrefix(data, zipMagic):
		return readXLSX(data, filename, limit)
	case bytes.HasPrefix(data, oleMagic):
		return sheet{}, fileErrorf("Tệp “%s” là bảng tính Excel đời cũ (.xls) hoặc có đặt mật khẩu. "+
			"Hãy mở bằng Excel, gỡ mật khẩu nếu có, rồi lưu lại dạng .xlsx (Excel Workbook) và tải lên.", filename)
	case bytes.HasPrefix(data, []byte("\xFF\xFE")) || bytes.HasPrefix(data, []byte("\xFE\xFF")):
		// UTF-16 is what Excel's "Unicode Text" writes; checked before
		// the binary test because its text is full of NUL bytes.
		return sheet{}, notUTF8(filename)
	case looksBinary(data):
		return sheet{}, notSpreadsheet(filename)
	case !utf8.Valid(data):
		return sheet{}, notUTF8(filename)
	}
	return readCSV(data, filename, limit)
}

func notSpreadsheet(filename string) error {
	return fileErrorf("Tệp “%s” không phải bảng tính .xlsx hay .csv. "+
		"Hãy tải lên tệp theo mẫu (Excel .xlsx hoặc CSV UTF-8).", filename)
}

func notUTF8(filename string) error {
	return fileErrorf("Tệp “%s” không dùng bảng mã UTF-8 nên chữ tiếng Việt sẽ bị lỗi. "+
		"Trong Excel chọn Lưu thành (Save As), kiểu “CSV UTF-8 (Comma delimited) (*.csv)”, "+
		"rồi tải lên lại; hoặc tải lên tệp .xlsx.", filename)
}

// looksBinary reports whether data holds control bytes that no text
// spreadsheet contains. Text in a legacy 8-bit code page (Windows-1258,
// Latin-1) has none, so it is not caught here but by the UTF-8 check, and
// gets the more useful "save as CSV UTF-8" advice.
func looksBinary(data []byte) bool {
	sample := data[:min(len(data), 8<<10)]
	for _, b := range sample {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != '\v' && b != 0x1A {
			return true
		}
		if b == 0x7F {
			return true
		}
	}
	return false
}

// readXLSX streams the first sheet of a workbook through the upload guard:
// the archive is refused before unpacking when it breaks the zip limits,
// and the read stops as soon as the sheet has more than limit rows.
func readXLSX(data []byte, filename string, limit int) (sheet, error) {
	wb, err := upload.OpenWorkbook(bytes.NewReader(data), int64(len(data)), upload.Sheets(limit))
	if errors.Is(err, upload.ErrZip) {
		return sheet{}, fileErrorf("Tệp “%s” %s.", filename, err.Error())
	} else if err != nil {
		// A zip that is not a workbook (a .docx, a folder of photos) lands
		// here too; to the user it is simply not a spreadsheet.
		return sheet{}, notSpreadsheet(filename)
	}
	sh := sheet{date1904: wb.Date1904}
	err = wb.Rows(func(line int, cells []upload.Cell) error {
		rec := record{line: line, cells: make([]cell, len(cells))}
		for j, c := range cells {
			rec.cells[j] = cell{text: c.Text, isNum: c.IsNum, num: c.Num}
		}
		sh.records = append(sh.records, rec)
		return nil
	})
	if errors.Is(err, upload.ErrTooManyRows) {
		return sheet{}, tooManyRows(filename, limit)
	} else if err != nil {
		return sheet{}, notSpreadsheet(filename)
	}
	return sh, nil
}

// tooManyRows refuses a file that has more rows than any import may: the
// read stopped there, so the exact count is not known.
func tooManyRows(filename string, limit int) error {
	return fileErrorf("Tệp “%s” có hơn %s dòng, quá nhiều cho một lần nhập. Hãy chia thành nhiều tệp.", filename, vn.FormatInt(int64(limit)))
}

func readCSV(data []byte, filename string, limit int) (sheet, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = csvSeparator(data)
	r.FieldsPerRecord = -1 // rows may be short; missing cells are empty
	r.LazyQuotes = true    // hand-edited files often have a stray quote

	var sh sheet
	row, prevEnd := 0, 0
	for {
		fields, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return sheet{}, fileErrorf("Tệp CSV “%s” bị lỗi định dạng ở dòng %d. "+
				"Hãy mở bằng Excel và lưu lại dạng “CSV UTF-8”, hoặc tải lên tệp .xlsx.", filename, line)
		}
		// Report the row number Excel shows for this file: encoding/csv
		// skips blank lines, which Excel shows as empty rows, so count
		// them back in; a quoted cell spanning lines stays one row, so
		// count from where the previous record ended, not from its start.
		start, _ := r.FieldPos(0)
		row += 1 + max(0, start-prevEnd-1)
		last := len(fields) - 1
		lastStart, _ := r.FieldPos(last)
		prevEnd = lastStart + strings.Count(fields[last], "\n")

		if len(sh.records) >= limit {
			return sheet{}, tooManyRows(filename, limit)
		}
		rec := record{line: row, cells: make([]cell, len(fields))}
		for j, text := range fields {
			rec.cells[j] = cell{text: text}
		}
		sh.records = append(sh.records, rec)
	}
	return sh, nil
}

// csvSeparator picks ";" when the header line has more semicolons than
// commas: Excel uses the system list separator when saving CSV, and on
// machines set to Vietnamese (decimal comma) that is ";". The header is
// used because data cells may legitimately contain either.
func csvSeparator(data []byte) rune {
	header, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(header, []byte(";")) > bytes.Count(header, []byte(",")) {
		return ';'
	}
	return ','
}
