package activityimport

import (
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/canhgiac/canhgiac/internal/vn"
)

// Table is a spreadsheet read against a caller's own columns, for the
// other bulk imports (units, accounts): the file handling, the header
// matching and the row limits are the activity import's, the meaning of
// each cell is the caller's.
type Table struct {
	Rows []TableRow
	// Unknown lists the header cells that name no column, reported on the
	// header row; they are ignored.
	Unknown []CellError
}

// TableRow is one non-empty data row.
type TableRow struct {
	Line     int // the row number a spreadsheet program shows
	cells    map[string]cell
	date1904 bool
}

// ReadTable reads an .xlsx or .csv file whose first non-empty row names
// cols (in any order, extra columns ignored). Errors for a file that
// cannot be read at all wrap ErrFile and are Vietnamese; noun names what a
// row holds ("đơn vị", "tài khoản") in those messages.
func ReadTable(r io.Reader, filename string, cols []Column, maxRows int, noun string) (Table, error) {
	if maxRows <= 0 {
		maxRows = defaultMaxRows
	}
	lay, recs, date1904, err := load(r, filename, cols, maxRows, noun)
	if err != nil {
		return Table{}, err
	}
	t := Table{Unknown: lay.unknown}
	for _, rec := range recs {
		row := TableRow{Line: rec.line, cells: map[string]cell{}, date1904: date1904}
		for key, j := range lay.index {
			if j < len(rec.cells) {
				c := rec.cells[j]
				c.text = norm.NFC.String(strings.TrimSpace(c.text))
				row.cells[key] = c
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// Text is the trimmed text of the row's cell in the column key ("" when
// the file has no such column).
func (r TableRow) Text(key string) string { return r.cells[key].text }

// Date reads the cell in the column key as a date, typed as text
// (22/04/2024 or 2024-04-22) or stored by a spreadsheet as a date. ok is
// false for an empty cell; msg is a Vietnamese reason when the cell holds
// something that is not a date.
func (r TableRow) Date(key string) (d time.Time, ok bool, msg string) {
	c := r.cells[key]
	if c.text == "" {
		return time.Time{}, false, ""
	}
	if c.isNum {
		t, err := excelize.ExcelDateToTime(c.num, r.date1904)
		if err != nil || t.Year() < 1900 {
			return time.Time{}, false, "ô chứa số “" + c.text + "” chứ không phải một ngày; hãy ghi dạng 2025-07-01"
		}
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true, ""
	}
	t, err := vn.ParseDate(c.text)
	if err != nil {
		return time.Time{}, false, "ngày “" + c.text + "” không hợp lệ; hãy ghi dạng 2025-07-01"
	}
	return t, true, ""
}
