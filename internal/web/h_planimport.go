package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/planimport"
	"github.com/canhgiac/canhgiac/internal/upload"
)

// PlanImportPage uploads a plan's text and shows what was read.
type PlanImportPage struct {
	Page
	Unit     string
	Parent   string
	Choices  []org.Unit
	Parents  []*plan.Plan
	Fields   map[string]string
	Result   *planimport.Result
	FileName string
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

// readUpload reads the uploaded plan: a .docx (a zip) or UTF-8 text;
// anything else is refused with a reason.
func readUpload(r *http.Request) (planimport.Result, string, error) {
	f, err := upload.FirstFile(r, "file", maxPlanFile, "Vui lòng chọn tệp văn bản kế hoạch (.txt hoặc .docx).")
	if err != nil {
		return planimport.Result{}, f.Name, err
	}
	b := f.Data
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		// The guard looks at the archive's directory before the reader
		// unpacks anything: a .docx that would unpack to hundreds of MB is
		// refused here.
		if _, err := upload.OpenZip(bytes.NewReader(b), int64(len(b)), upload.OfficeLimits); err != nil {
			return planimport.Result{}, f.Name, errs.InvalidField("file", fmt.Sprintf("Tệp “%s” %s.", f.Name, err.Error()))
		}
		res, err := planimport.ParseDocx(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return res, f.Name, errs.InvalidField("file", err.Error())
		}
		return res, f.Name, nil
	}
	if !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0 {
		return planimport.Result{}, f.Name, errs.InvalidField("file", "Tệp “"+f.Name+"” không phải văn bản .txt (UTF-8) hay .docx; hãy lưu văn bản dưới một trong hai dạng đó rồi tải lên lại.")
	}
	return planimport.Parse(string(b)), f.Name, nil
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
	res, name, err := readUpload(r)
	p.FileName = name
	if f := errs.FieldsOf(err); f != nil {
		p.Fields = f
		return s.render(w, r, http.StatusUnprocessableEntity, "plan_import", p)
	} else if err != nil {
		return err
	}
	p.Result = &res
	if r.PostFormValue("action") != "save" || res.Kind == "unknown" {
		status := http.StatusOK
		if res.Kind == "unknown" {
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
