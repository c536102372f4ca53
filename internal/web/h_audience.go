package web

import (
	"encoding/json"
	"net/http"

	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/upload"
)

// AudiencePage shows the subscribers' numbers and takes imports.
type AudiencePage struct {
	Page
	Active, OptedOut int
	Result           *audience.ImportResult
	File             string
}

func (s *Server) audiencePage(w http.ResponseWriter, r *http.Request) error {
	p := &AudiencePage{Page: Page{Title: "Người nhận tin", Nav: "audience"}}
	var err error
	if p.Active, p.OptedOut, err = s.audience.Count(r.Context()); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "audience", p)
}

func (s *Server) audienceImport(w http.ResponseWriter, r *http.Request) error {
	if err := upload.ParseForm(w, r); err != nil {
		return err
	}
	defer upload.Release(r)
	f, err := upload.FirstFile(r, "file", maxSheetFile, "Chọn tệp .xlsx hoặc .csv danh sách người nhận.")
	if err != nil {
		return err
	}
	p := &AudiencePage{Page: Page{Title: "Người nhận tin", Nav: "audience"}, File: f.Name}
	if p.Result, err = s.audience.Import(r.Context(), f.Name, f.Data); err != nil {
		return err
	}
	if p.Active, p.OptedOut, err = s.audience.Count(r.Context()); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "audience", p)
}

// audienceSubject answers a data subject's request: a copy of what is
// kept (JSON download) or its erasure.
func (s *Server) audienceSubject(w http.ResponseWriter, r *http.Request) error {
	contact := r.PostFormValue("contact")
	// The service answers only for people of the actor's province.
	switch r.PostFormValue("action") {
	case "export":
		d, err := s.audience.Subject(r.Context(), contact)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="du-lieu-ca-nhan.json"`)
		w.Header().Set("Cache-Control", "no-store")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(d)
	case "erase":
		n, err := s.audience.Erase(r.Context(), contact)
		if err != nil {
			return err
		}
		if n == 0 {
			return s.redirectWithFlash(w, r, "/quan-tri/nguoi-nhan", "error", "Không có dữ liệu nào của "+audience.Mask(contact)+".")
		}
		return s.redirectWithFlash(w, r, "/quan-tri/nguoi-nhan", "ok", "Đã xóa dữ liệu của "+audience.Mask(contact)+"; chỉ giữ mã băm để không bao giờ gửi tin cho người này nữa.")
	}
	return errs.InvalidField("action", "Chọn trích xuất hoặc xóa.")
}
