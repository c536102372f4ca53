package web

import (
	"net/http"

	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/errs"
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
	r.ParseMultipartForm(maxUpload)
	ups, err := uploads(r, "file")
	if err != nil {
		return err
	}
	if len(ups) == 0 {
		return errs.InvalidField("file", "Chọn tệp .xlsx hoặc .csv danh sách người nhận.")
	}
	p := &AudiencePage{Page: Page{Title: "Người nhận tin", Nav: "audience"}, File: ups[0].Name}
	if p.Result, err = s.audience.Import(r.Context(), ups[0].Name, ups[0].Data); err != nil {
		return err
	}
	if p.Active, p.OptedOut, err = s.audience.Count(r.Context()); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "audience", p)
}
