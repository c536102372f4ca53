package planimport

import (
	"bytes"
	"context"
	"fmt"
	"unicode/utf8"
)

// MaxFileSize is the largest file the importer reads; callers refuse a
// larger one before reading it (CheckSize).
const MaxFileSize = 10 << 20

// Refusal is a file the importer will not read, with the reason written
// for the person who sent it, in Vietnamese. Other errors are faults of
// the program, not of the file.
type Refusal struct{ Reason string }

func (r *Refusal) Error() string { return r.Reason }

func refuse(reason string) error { return &Refusal{Reason: reason} }

// CheckSize refuses a file of size bytes that is over MaxFileSize, so that
// callers can say no before reading it.
func CheckSize(size int64) error {
	if size > MaxFileSize {
		return refuse(fmt.Sprintf("Tệp nặng %.1f MB, quá giới hạn %d MB cho một văn bản kế hoạch; tệp không được đọc. Hãy bỏ bớt hình ảnh hoặc tách phụ lục rồi tải lên lại.",
			float64(size)/(1<<20), MaxFileSize>>20))
	}
	return nil
}

// Formats of the files the importer reads.
const (
	FormatText = "text"
	FormatDocx = "docx"
	FormatPDF  = "pdf"
)

// Document is one file as the importer read it: its format, its text as
// Parse saw it (one line a line, which Result.Sources number), and what
// was read from it.
type Document struct {
	Format string
	Text   string
	Result Result
}

// ReadFile reads a plan from the bytes of a file, telling a .docx, a PDF
// and plain text apart by their content rather than by the file's name. A
// file of another kind (a spreadsheet renamed .docx, an old .doc, an
// image) is a *Refusal that says what it is.
func ReadFile(ctx context.Context, data []byte, pdf *PDFReader) (Document, error) {
	if err := CheckSize(int64(len(data))); err != nil {
		return Document{}, err
	}
	var d Document
	var err error
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")) || bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")):
		d.Format = FormatPDF
		if pdf == nil {
			return d, refuse("Chưa đọc được tệp PDF ở đây; hãy tải lên bản Word .docx.")
		}
		d.Text, err = pdf.Text(ctx, data)
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		d.Format = FormatDocx
		d.Text, err = DocxText(bytes.NewReader(data), int64(len(data)))
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")):
		return d, refuse("Tệp này là văn bản Word hoặc Excel đời cũ (.doc/.xls, Office 97–2003), không đọc được. Hãy mở trong Word và lưu lại thành .docx rồi tải lên.")
	case bytes.HasPrefix(data, []byte(`{\rtf`)):
		return d, refuse("Tệp này là văn bản RTF, không đọc được. Hãy mở trong Word và lưu lại thành .docx rồi tải lên.")
	case !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0:
		return d, refuse("Tệp này không phải văn bản .docx, .pdf hay .txt (UTF-8) — có thể là ảnh hoặc tệp nén. Hãy lưu kế hoạch dưới một trong ba dạng đó rồi tải lên lại.")
	default:
		d.Format, d.Text = FormatText, string(data)
	}
	if err != nil {
		return d, err
	}
	d.Result = Parse(d.Text)
	return d, nil
}
