// Package upload is the one guard every uploaded file passes through: the
// request body limited before it is parsed, multipart temp files removed
// whatever the answer, files recognised by their content (magic bytes and a
// structural check), images sized from their header before they are decoded
// and then re-encoded without metadata, and zip containers (.xlsx, .docx)
// opened with limits on entries, unpacked size and ratio, spreadsheets read
// as a stream with a row cap. Refusals are Vietnamese and name the file.
//
// It knows nothing of the database, of who may upload what, or of what a
// file means: callers decide which rules apply and what to do with the
// cleaned bytes. A cleaned file (File) can only be made here, so a service
// that stores Files knows they have been through the guard.
package upload

import (
	"errors"
	"fmt"
	"mime"
	"net/http"

	"github.com/canhgiac/canhgiac/internal/errs"
)

const (
	// MaxBody is the largest multipart body any form may send: a tip's five
	// files of 8 MB and its text fit with room; anything larger is refused
	// while it is read, before any file is looked at.
	MaxBody = 48 << 20
	// MaxFormBody is the largest body of a form without files.
	MaxFormBody = 1 << 20
	// memory is how much of the files in a multipart body is kept in
	// memory while parsing; the rest goes to temp files that Release
	// removes. Text fields are held in memory on top of this (Go allows
	// 10 MB of them), which MaxBody bounds as well.
	memory = 1 << 20
)

// BodyLimit is the body limit for r: MaxBody for multipart bodies,
// MaxFormBody for the rest.
func BodyLimit(r *http.Request) int64 {
	if isMultipart(r) {
		return MaxBody
	}
	return MaxFormBody
}

func isMultipart(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "multipart/form-data"
}

// Limit caps r's body at BodyLimit(r) unless a limit is already in place
// (Limit is idempotent: a second call does not lift a smaller limit, since
// MaxBytesReader over MaxBytesReader keeps the smaller one).
func Limit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, BodyLimit(r))
}

// ParseForm parses r's form, multipart or not, within the body limit
// (applied here too, so a handler is safe whatever ran before it). A body
// over the limit is refused as too large; a body that is not a well-formed
// form is refused as invalid. Call Release when done, on every path.
func ParseForm(w http.ResponseWriter, r *http.Request) error {
	if r.Form != nil && (r.MultipartForm != nil || !isMultipart(r)) {
		return nil // parsed already (by the CSRF check)
	}
	Limit(w, r)
	var err error
	if isMultipart(r) {
		err = r.ParseMultipartForm(memory)
	} else {
		err = r.ParseForm()
	}
	if err == nil {
		return nil
	}
	Release(r)
	return formError(err)
}

// Release removes the temp files of r's multipart form, if any. It is
// safe to call more than once.
func Release(r *http.Request) {
	if r.MultipartForm != nil {
		_ = r.MultipartForm.RemoveAll()
	}
}

// formError turns a parse failure into what the sender is told.
func formError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return TooLarge(tooBig.Limit)
	}
	return &errs.Error{Kind: errs.KindInvalid, VI: "Không đọc được nội dung biểu mẫu gửi lên (dữ liệu bị hỏng hoặc không đúng dạng). Vui lòng tải lại trang và gửi lại.",
		EN: "The form could not be read.", Fields: map[string]string{}, Err: fmt.Errorf("parse form: %w", err)}
}

// TooLarge is the refusal of a body over limit bytes.
func TooLarge(limit int64) error {
	return &errs.Error{Kind: errs.KindTooLarge,
		VI: fmt.Sprintf("Nội dung gửi lên quá lớn: tối đa %s cho một lần gửi. Hãy gửi ít tệp hơn hoặc thu nhỏ tệp rồi gửi lại.", mb(limit)),
		EN: fmt.Sprintf("The request body is over %s.", mb(limit))}
}

// mb writes a byte count as whole megabytes, the way the forms state
// their limits.
func mb(n int64) string { return fmt.Sprintf("%d MB", n>>20) }
