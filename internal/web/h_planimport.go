package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/planimport"
	"github.com/canhgiac/canhgiac/internal/upload"
)

// PlanImportPage uploads a plan's text and shows what was read, beside the
// document's own text so that a person can check and fix each field.
type PlanImportPage struct {
	Page
	Unit     string
	Parent   string
	Choices  []org.Unit
	Parents  []*plan.Plan
	Fields   map[string]string
	Result   *planimport.Result
	FileName string
	Format   string    // "docx", "pdf" or "text": how the file was read
	Lines    []DocLine // the document's text as the importer read it
}

// DocLine is one line of the document as read, numbered as the importer's
// sources and gaps name them; Read marks the lines a field was read from.
type DocLine struct {
	N    int
	Text string
	Read bool
}

// docLines numbers the text and marks the lines fields were read from.
func docLines(text string, res *planimport.Result) []DocLine {
	read := map[int]bool{}
	for _, src := range res.Sources {
		read[src.Line] = true
	}
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	raw := strings.Split(strings.TrimRight(text, "\n"), "\n")
	out := make([]DocLine, 0, len(raw))
	for i, l := range raw {
		out = append(out, DocLine{N: i + 1, Text: strings.TrimRight(l, " \t"), Read: read[i+1]})
	}
	return out
}

func (s *Server) planImportPage(r *http.Request) (*PlanImportPage, error) {
	parents, err := s.plan.List(r.Context(), plan.Filter{Status: plan.StatusIssued})
	if err != nil {
		return nil, err
	}
	return &PlanImportPage{Page: Page{Title: "Nhập văn bản kế hoạch", Nav: "plans"}, Choices: s.choices(r, access.PlanEdit), Parents: parents}, nil
}

func (s *Server) planImportForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planImportPage(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "plan_import", p)
}

// readUpload reads the uploaded plan — .docx, PDF or UTF-8 text, told
// apart by content — refusing a file over the size limit before reading
// it, a .docx whose zip directory breaks the upload guard's limits before
// anything is unpacked, and anything else with the reason.
func (s *Server) readUpload(r *http.Request) (planimport.Document, string, error) {
	f, err := upload.FirstFile(r, "file", planimport.MaxFileSize, "Vui lòng chọn tệp văn bản kế hoạch (.docx, .pdf hoặc .txt).")
	if err != nil {
		return planimport.Document{}, f.Name, err
	}
	b := f.Data
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		if _, err := upload.OpenZip(bytes.NewReader(b), int64(len(b)), upload.OfficeLimits); err != nil {
			return planimport.Document{}, f.Name, errs.InvalidField("file", fmt.Sprintf("Tệp “%s” %s.", f.Name, err.Error()))
		}
	}
	d, err := planimport.ReadFile(r.Context(), b, s.pdfReader())
	var refusal *planimport.Refusal
	if errors.As(err, &refusal) {
		return d, f.Name, errs.InvalidField("file", refusal.Reason)
	}
	if err != nil {
		return d, f.Name, fmt.Errorf("import plan %q: %w", f.Name, err)
	}
	return d, f.Name, nil
}

func (s *Server) planImport(w http.ResponseWriter, r *http.Request) error {
	if err := upload.ParseForm(w, r); err != nil {
		return err
	}
	defer upload.Release(r)
	p, err := s.planImportPage(r)
	if err != nil {
		return err
	}
	p.Unit, p.Parent = r.PostFormValue("unit"), r.PostFormValue("parent")
	doc, name, err := s.readUpload(r)
	p.FileName = name
	if f := errs.FieldsOf(err); f != nil {
		p.Fields = f
		return s.render(w, r, http.StatusUnprocessableEntity, "plan_import", p)
	} else if err != nil {
		return err
	}
	res := doc.Result
	p.Result, p.Format, p.Lines = &res, doc.Format, docLines(doc.Text, &res)
	if res.Kind == planimport.KindNews && r.PostFormValue("action") == "save" {
		p.Fields = map[string]string{"file": "Văn bản này là bản tin nói về một kế hoạch, không phải toàn văn kế hoạch, nên chưa lưu. Hãy tải lên chính văn bản kế hoạch (bản Word, PDF hoặc chép toàn văn)."}
		return s.render(w, r, http.StatusUnprocessableEntity, "plan_import", p)
	}
	if r.PostFormValue("action") != "save" || res.Kind == planimport.KindUnknown {
		status := http.StatusOK
		if res.Kind == planimport.KindUnknown {
			status = http.StatusUnprocessableEntity
		}
		return s.render(w, r, status, "plan_import", p)
	}
	parent, _ := strconv.ParseInt(p.Parent, 10, 64)
	pl, err := s.plan.Import(r.Context(), p.Unit, parent, res)
	if errs.KindOf(err) == errs.KindNotFound || errors.Is(err, errs.ErrForbidden) {
		p.Fields = map[string]string{"unit": "Vui lòng chọn đơn vị mà bạn được soạn kế hoạch."}
		return s.render(w, r, http.StatusUnprocessableEntity, "plan_import", p)
	} else if f := errs.FieldsOf(err); f != nil {
		p.Fields = f
		return s.render(w, r, http.StatusUnprocessableEntity, "plan_import", p)
	} else if err != nil {
		return err
	}
	unmapped := 0
	for _, d := range pl.Duties {
		if !d.Mapped() {
			unmapped++
		}
	}
	msg := fmt.Sprintf("Đã nhập thành dự thảo: %d mục, %d nhiệm vụ.", len(pl.Content.Sections), len(pl.Duties))
	if unmapped > 0 {
		msg += fmt.Sprintf(" %d nhiệm vụ chưa gắn được đơn vị — hãy chọn đơn vị trong phần soạn thảo.", unmapped)
	}
	return s.redirectWithFlash(w, r, fmt.Sprintf("/quan-tri/ke-hoach/%d", pl.ID), "ok", msg)
}

// pdfReader is the server's PDF reader, started on the first PDF and kept
// for the process; PDFium's compiled code is cached beside the uploads so
// that a restart does not compile it again.
// WarmPDF starts the PDF reader ahead of the first upload (serve calls it
// once at start; tests leave it to the first PDF).
func (s *Server) WarmPDF() error { return s.pdfReader().Warm() }

func (s *Server) pdfReader() *planimport.PDFReader {
	s.pdfOnce.Do(func() {
		dir := planimport.DefaultPDFCache()
		if s.opt.UploadDir != "" {
			dir = filepath.Join(filepath.Dir(s.opt.UploadDir), "cache", "pdfium")
		}
		s.pdf = planimport.NewPDFReader(dir)
	})
	return s.pdf
}
