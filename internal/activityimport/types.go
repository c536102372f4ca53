package activityimport

import (
	"errors"
	"fmt"
)

// Column is one column of the template: a stable key for code, the
// Vietnamese header users see, and whether a row needs it filled in.
type Column struct {
	Key, Header string
	Required    bool
}

// Columns are the template's headers in order (Vietnamese), with a key each.
var Columns = []Column{
	{Key: "date", Header: "Ngày", Required: true},
	{Key: "date_to", Header: "Đến ngày"},
	{Key: "form", Header: "Hình thức", Required: true},
	{Key: "title", Header: "Nội dung hoạt động", Required: true},
	{Key: "themes", Header: "Chủ đề"},
	{Key: "tactics", Header: "Thủ đoạn được cảnh báo"},
	{Key: "audience", Header: "Đối tượng"},
	{Key: "participants", Header: "Số người tham dự"},
	{Key: "copies", Header: "Số bản phát hành"},
	{Key: "views", Header: "Lượt xem, tiếp cận"},
	{Key: "messages", Header: "Số tin nhắn"},
	{Key: "links", Header: "Đường dẫn minh chứng"},
	{Key: "duty", Header: "Nhiệm vụ thực hiện"},
	{Key: "note", Header: "Ghi chú"},
}

// Row is one valid activity read from the file.
type Row struct {
	Line         int    // the row number in the sheet (the header is row 1)
	Date, DateTo string // YYYY-MM-DD; DateTo "" when a single day
	Form         string // a form code from Options.Forms
	Title        string
	// Split on ";" or newline, trimmed, empties dropped.
	Themes, Tactics, Audience, Links      []string
	Participants, Copies, Views, Messages int64
	Duty, Note                            string
}

// CellError is one problem with one cell. Column is the Vietnamese header
// (as written in the file for an unknown column) and Message is Vietnamese,
// ready to show next to the row.
type CellError struct {
	Row     int
	Column  string
	Message string
}

func (e CellError) Error() string {
	return fmt.Sprintf("Dòng %d, cột “%s”: %s", e.Row, e.Column, e.Message)
}

// Options carries what validation needs to know about the caller's world.
type Options struct {
	// Forms maps accepted form labels to their codes. Matching ignores
	// case, diacritics and extra spaces, and the code itself is accepted
	// too.
	Forms map[string]string
	// WindowFrom and WindowTo (YYYY-MM-DD, both optional, inclusive) bound
	// the reporting period; dates outside it are errors.
	WindowFrom, WindowTo string
	// MaxRows caps the data rows in one file (default 5000); more is a
	// file-level error.
	MaxRows int
	// Today (YYYY-MM-DD) is the latest date an activity may have: the
	// import records work already done, not plans.
	Today string
}

// defaultMaxRows is used when Options.MaxRows is zero or negative.
const defaultMaxRows = 5000

// ErrFile is wrapped by every file-level refusal: not a spreadsheet, wrong
// headers, empty, too many rows. The wrapping error's message is Vietnamese
// and meant to be shown as is.
var ErrFile = errors.New("tệp không nhập được")

// fileError is a separate type (rather than fmt.Errorf("%w: …")) so the
// message users see is the explanation alone, not prefixed by ErrFile's
// generic text.
type fileError struct{ msg string }

func (e *fileError) Error() string { return e.msg }
func (e *fileError) Unwrap() error { return ErrFile }

func fileErrorf(format string, args ...any) error {
	return &fileError{msg: fmt.Sprintf(format, args...)}
}
