package activityimport

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/canhgiac/canhgiac/internal/vn"
)

const (
	isoDate       = "2006-01-02"
	maxTitleRunes = 500
)

// Parse reads an activity spreadsheet (.xlsx, recognised by content, or
// CSV) and validates every cell. It returns the rows without any error in
// rows, every cell problem in problems (a row with a problem is left out of
// rows, so the caller can show all problems at once and import nothing, or
// import the good rows), and err for a file it cannot read at all: such
// errors wrap ErrFile and carry a Vietnamese message. An err not wrapping
// ErrFile means the Options are wrong or the reader failed.
//
// The first non-empty row is the header; the first sheet of an .xlsx is
// read. Fully empty rows are skipped.
func Parse(r io.Reader, filename string, opt Options) (rows []Row, problems []CellError, err error) {
	v, err := newValidator(opt)
	if err != nil {
		return nil, nil, err
	}
	lay, dataRecs, date1904, err := load(r, filename, Columns, v.maxRows, "hoạt động")
	if err != nil {
		return nil, nil, err
	}
	v.date1904 = date1904

	problems = append(problems, lay.unknown...)
	for _, rec := range dataRecs {
		row, errs := v.row(rec, lay)
		if len(errs) > 0 {
			problems = append(problems, errs...)
			continue
		}
		rows = append(rows, row)
	}
	return rows, problems, nil
}

// load reads a file's rows against cols: the first non-empty row is the
// header, fully empty rows (in the known columns) are dropped, and more
// than maxRows data rows is a file error. noun names what a row holds, for
// messages.
func load(r io.Reader, filename string, cols []Column, maxRows int, noun string) (layout, []record, bool, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileBytes+1))
	if err != nil {
		return layout{}, nil, false, fmt.Errorf("import: reading %q: %w", filename, err)
	}
	if len(data) > maxFileBytes {
		return layout{}, nil, false, fileErrorf("Tệp “%s” quá lớn (hơn %d MB). Hãy chia thành nhiều tệp nhỏ hơn.",
			filename, maxFileBytes>>20)
	}
	// Rows are read up to twice the cap (and the header, and some blank
	// or numbered-only rows) and no further: the count of data rows is
	// checked below, this stops a sheet of a million rows early.
	sh, err := readSheet(data, filename, 2*maxRows+100)
	if err != nil {
		return layout{}, nil, false, err
	}
	// Leading blank rows are tolerated: the header is the first row with
	// anything in it.
	recs := sh.records
	for len(recs) > 0 && recordEmpty(recs[0], nil) {
		recs = recs[1:]
	}
	if len(recs) == 0 {
		return layout{}, nil, false, fileErrorf("Tệp “%s” trống, không có dữ liệu.", filename)
	}
	lay, err := readHeader(recs[0], cols)
	if err != nil {
		return layout{}, nil, false, err
	}
	// A row counts as empty when every known column is: a pre-numbered
	// "STT" column running down past the data must not turn the blank
	// rows below into errors.
	var dataRecs []record
	for _, rec := range recs[1:] {
		if !recordEmpty(rec, lay.index) {
			dataRecs = append(dataRecs, rec)
		}
	}
	if len(dataRecs) == 0 {
		return layout{}, nil, false, fileErrorf("Tệp “%s” chỉ có dòng tiêu đề, không có dòng %s nào.", filename, noun)
	}
	if len(dataRecs) > maxRows {
		return layout{}, nil, false, fileErrorf("Tệp “%s” có %s dòng %s, vượt quá %s dòng cho một lần nhập. "+
			"Hãy chia thành nhiều tệp.", filename, vn.FormatInt(int64(len(dataRecs))), noun, vn.FormatInt(int64(maxRows)))
	}
	return lay, dataRecs, sh.date1904, nil
}

// recordEmpty reports whether rec has no text in the given columns (all
// columns when index is nil).
func recordEmpty(rec record, index map[string]int) bool {
	for j, c := range rec.cells {
		if strings.TrimSpace(c.text) == "" {
			continue
		}
		if index == nil {
			return false
		}
		for _, k := range index {
			if k == j {
				return false
			}
		}
	}
	return true
}

// rowReader collects one record's values and problems.
type rowReader struct {
	rec  record
	lay  layout
	errs []CellError
}

func (rr *rowReader) cell(key string) cell {
	j, ok := rr.lay.index[key]
	if !ok || j >= len(rr.rec.cells) {
		return cell{}
	}
	c := rr.rec.cells[j]
	// NFC so that text typed on macOS (decomposed) is stored and compared
	// like everyone else's.
	c.text = norm.NFC.String(strings.TrimSpace(c.text))
	return c
}

func (rr *rowReader) fail(key, format string, args ...any) {
	rr.errs = append(rr.errs, CellError{Row: rr.rec.line, Column: headerFor(key),
		Message: fmt.Sprintf(format, args...)})
}

// text returns a trimmed text cell, reporting it if required and empty.
func (rr *rowReader) text(key string, required bool) string {
	s := rr.cell(key).text
	if s == "" && required {
		rr.fail(key, "bắt buộc, không được để trống")
	}
	return s
}

func (rr *rowReader) count(key string) int64 {
	n, msg := parseCount(rr.cell(key))
	if msg != "" {
		rr.fail(key, "%s", msg)
	}
	return n
}

func (rr *rowReader) date(v *validator, key string, required bool) (time.Time, bool) {
	c := rr.cell(key)
	if c.text == "" {
		if required {
			rr.fail(key, "bắt buộc, không được để trống")
		}
		return time.Time{}, false
	}
	d, msg := v.date(c)
	if msg != "" {
		rr.fail(key, "%s", msg)
		return time.Time{}, false
	}
	return d, true
}

// row validates one non-empty record.
func (v *validator) row(rec record, lay layout) (Row, []CellError) {
	rr := &rowReader{rec: rec, lay: lay}
	row := Row{Line: rec.line}

	from, okFrom := rr.date(v, "date", true)
	to, okTo := rr.date(v, "date_to", false)
	if okFrom {
		row.Date = from.Format(isoDate)
	}
	if okTo && okFrom && to.Before(from) {
		rr.fail("date_to", "đến ngày %s trước ngày bắt đầu %s", vn.FormatDate(to), vn.FormatDate(from))
	} else if okTo && !to.Equal(from) {
		// The same day twice is a single-day activity; Row says so with "".
		row.DateTo = to.Format(isoDate)
	}

	if s := rr.text("form", true); s != "" {
		if code, ok := v.forms[vn.Fold(s)]; ok {
			row.Form = code
		} else {
			rr.fail("form", "hình thức “%s” không có trong danh sách; dùng một trong: %s", s, v.formHint())
		}
	}

	row.Title = rr.text("title", true)
	if n := utf8.RuneCountInString(row.Title); n > maxTitleRunes {
		rr.fail("title", "nội dung dài %s ký tự, tối đa %d ký tự", vn.FormatInt(int64(n)), maxTitleRunes)
	}
	row.Themes = splitList(rr.text("themes", false))
	row.Tactics = splitList(rr.text("tactics", false))
	row.Audience = splitList(rr.text("audience", false))

	row.Participants = rr.count("participants")
	row.Copies = rr.count("copies")
	row.Views = rr.count("views")
	row.Messages = rr.count("messages")

	row.Links = splitLinks(rr.text("links", false))
	for _, l := range row.Links {
		if !isWebURL(l) {
			rr.fail("links", "đường dẫn “%s” không hợp lệ: phải là địa chỉ đầy đủ bắt đầu bằng http:// hoặc https://", l)
		}
	}

	row.Duty = rr.text("duty", false)
	row.Note = rr.text("note", false)
	return row, rr.errs
}
