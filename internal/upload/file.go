package upload

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/canhgiac/canhgiac/internal/errs"
)

// Type is a kind of file the guard recognises by content.
type Type string

// The types files are checked as. Their values are the MIME types stored
// beside the files and sent back when they are served.
const (
	JPEG Type = "image/jpeg"
	PNG  Type = "image/png"
	PDF  Type = "application/pdf"
)

// Rules say what one upload field accepts.
type Rules struct {
	Types    []Type // accepted types, by content
	MaxFile  int64  // bytes per file, as sent
	MaxFiles int    // files per field
}

// Evidence is what evidence and attachments accept everywhere (tips,
// activities, reports, content): photos and screenshots as JPEG or PNG,
// documents as PDF, 8 MB each, five at a time.
var Evidence = Rules{Types: []Type{JPEG, PNG, PDF}, MaxFile: 8 << 20, MaxFiles: 5}

// File is a file that passed the guard: its content matches its type and,
// for an image, it is the re-encoded picture with no metadata. Only this
// package makes Files.
type File struct {
	name string
	data []byte
	typ  Type
}

// Name is the file's base name as the sender gave it.
func (f File) Name() string { return f.name }

// Data is the checked (for images: re-encoded) content.
func (f File) Data() []byte { return f.data }

// Type is the content's type.
func (f File) Type() Type { return f.typ }

// Size is the length of Data.
func (f File) Size() int { return len(f.data) }

// CleanName is the base name of a path as a sender gave it, without
// folders (browsers on Windows may send them) or surrounding spaces.
func CleanName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = strings.TrimSpace(filepath.Base(name))
	if name == "." || name == "/" || name == "" {
		return "tệp không tên"
	}
	return name
}

// Check checks one file's content against rules and returns it cleaned.
// The error is a field error on field naming the file and the reason.
func Check(field, name string, data []byte, rules Rules) (File, error) {
	name = CleanName(name)
	if int64(len(data)) > rules.MaxFile {
		return File{}, refuse(field, "Tệp “%s” nặng %s, quá giới hạn %s mỗi tệp; hãy thu nhỏ ảnh hoặc chia nhỏ tài liệu.", name, size(int64(len(data))), mb(rules.MaxFile))
	}
	t := Sniff(data)
	if t == "" || !accepts(rules, t) {
		return File{}, refuse(field, "Tệp “%s” không nhận được: chỉ nhận %s (xét theo nội dung tệp, không theo tên).", name, typeList(rules.Types))
	}
	switch t {
	case JPEG, PNG:
		clean, err := CleanImage(data)
		if err != nil {
			return File{}, refuse(field, "Ảnh “%s” %s.", name, err.Error())
		}
		return File{name: name, data: clean, typ: t}, nil
	case PDF:
		if why := checkPDF(data); why != "" {
			return File{}, refuse(field, "Tệp “%s” %s.", name, why)
		}
	}
	return File{name: name, data: data, typ: t}, nil
}

// CheckAll checks several files, naming every one refused; it returns the
// files that passed only when all did.
func CheckAll(field string, in []Raw, rules Rules) ([]File, error) {
	v := errs.NewInvalid()
	if rules.MaxFiles > 0 && len(in) > rules.MaxFiles {
		return nil, v.Fieldf(field, "Đã chọn %d tệp; mỗi lần gửi tối đa %d tệp.", len(in), rules.MaxFiles).Err()
	}
	var out []File
	var msgs []string
	for _, r := range in {
		f, err := Check(field, r.Name, r.Data, rules)
		if err != nil {
			msgs = append(msgs, errs.FieldsOf(err)[field])
			continue
		}
		out = append(out, f)
	}
	if len(msgs) > 0 {
		return nil, v.Field(field, strings.Join(msgs, " ")).Err()
	}
	return out, nil
}

// Raw is a file as received, before the guard.
type Raw struct {
	Name string
	Data []byte
}

// Files reads and checks the files of a multipart field of a parsed form
// (ParseForm): each file's size is judged from its part before it is read,
// then its content by CheckAll. A field with no file gives no files.
func Files(r *http.Request, field string, rules Rules) ([]File, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	hs := r.MultipartForm.File[field]
	if rules.MaxFiles > 0 && len(hs) > rules.MaxFiles {
		return nil, refuse(field, "Đã chọn %d tệp; mỗi lần gửi tối đa %d tệp.", len(hs), rules.MaxFiles)
	}
	// Each file is read, checked and dropped before the next is read, so
	// only the cleaned files and one raw file are in memory at a time.
	var out []File
	var msgs []string
	for _, h := range hs {
		name := CleanName(h.Filename)
		if h.Size == 0 && h.Filename == "" {
			continue // the browser's empty file input
		}
		if h.Size > rules.MaxFile {
			msgs = append(msgs, fmt.Sprintf("Tệp “%s” nặng %s, quá giới hạn %s mỗi tệp; hãy thu nhỏ ảnh hoặc chia nhỏ tài liệu.", name, size(h.Size), mb(rules.MaxFile)))
			continue
		}
		b, err := readPart(h, rules.MaxFile)
		if err != nil {
			return nil, fmt.Errorf("upload %q: %w", h.Filename, err)
		}
		if len(b) == 0 {
			msgs = append(msgs, fmt.Sprintf("Tệp “%s” trống.", name))
			continue
		}
		f, err := Check(field, name, b, rules)
		if err != nil {
			msgs = append(msgs, errs.FieldsOf(err)[field])
			continue
		}
		out = append(out, f)
	}
	if len(msgs) > 0 {
		return nil, errs.InvalidField(field, strings.Join(msgs, " "))
	}
	return out, nil
}

// FirstFile reads the first file of a field without checking its content
// (spreadsheets and plan texts are checked by their readers), limited to
// max bytes. It returns the raw file, or a field error when there is none
// or it is too large.
func FirstFile(r *http.Request, field string, max int64, missing string) (Raw, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File[field]) == 0 {
		return Raw{}, errs.InvalidField(field, missing)
	}
	h := r.MultipartForm.File[field][0]
	name := CleanName(h.Filename)
	if h.Size > max {
		return Raw{Name: name}, refuse(field, "Tệp “%s” nặng %s, quá giới hạn %s.", name, size(h.Size), mb(max))
	}
	b, err := readPart(h, max)
	if err != nil {
		return Raw{Name: name}, fmt.Errorf("upload %q: %w", name, err)
	}
	if len(b) == 0 {
		return Raw{Name: name}, refuse(field, "Tệp “%s” trống.", name)
	}
	return Raw{Name: name, Data: b}, nil
}

func readPart(h *multipart.FileHeader, max int64) ([]byte, error) {
	f, err := h.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, max))
}

func accepts(rules Rules, t Type) bool {
	for _, x := range rules.Types {
		if x == t {
			return true
		}
	}
	return false
}

func typeList(ts []Type) string {
	names := map[Type]string{JPEG: "ảnh JPEG", PNG: "ảnh PNG", PDF: "tệp PDF"}
	var out []string
	for _, t := range ts {
		out = append(out, names[t])
	}
	if len(out) <= 1 {
		return strings.Join(out, "")
	}
	return strings.Join(out[:len(out)-1], ", ") + " hoặc " + out[len(out)-1]
}

// Sniff names a file's type by its leading bytes, or "" for anything the
// guard does not take. The structural checks come after.
func Sniff(data []byte) Type {
	switch {
	case bytes.HasPrefix(data, []byte("\xFF\xD8\xFF")):
		return JPEG
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return PDF
	}
	return ""
}

// checkPDF is the structural check of a PDF: the version in its header,
// and the end of a cross-reference section (startxref … %%EOF) in its last
// kilobytes, which every PDF writer puts there. It says what is wrong, or "".
func checkPDF(data []byte) string {
	if len(data) < 16 || !(bytes.HasPrefix(data, []byte("%PDF-1.")) || bytes.HasPrefix(data, []byte("%PDF-2."))) {
		return "không phải tệp PDF đúng chuẩn (thiếu phần đầu %PDF-1.x)"
	}
	tail := data[max(0, len(data)-2048):]
	if !bytes.Contains(tail, []byte("%%EOF")) || !bytes.Contains(tail, []byte("startxref")) {
		return "không phải tệp PDF hoàn chỉnh (thiếu phần kết); có thể tệp bị cắt khi tải về, hãy lưu lại rồi gửi lại"
	}
	return ""
}

func refuse(field, format string, args ...any) error {
	return errs.NewInvalid().Fieldf(field, format, args...).Err()
}

// size writes a byte count for people: "7,3 MB", "512 KB".
func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return mb(n)
	}
	if n >= 1<<20 {
		return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", ",", 1)
	}
	return fmt.Sprintf("%d KB", (n+1023)>>10)
}
