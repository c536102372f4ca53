package web

import (
	"net/http"

	"github.com/canhgiac/canhgiac/internal/remind"
)

// NoticesPage lists the signed-in user's notices.
type NoticesPage struct {
	Page
	Notices []remind.Notice
	Unread  int
}

func (s *Server) notices(w http.ResponseWriter, r *http.Request) error {
	ns, unread, err := s.remind.Notices(r.Context(), 100)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "notices", &NoticesPage{Page: Page{Title: "Thông báo", Nav: "notices"}, Notices: ns, Unread: unread})
}

func (s *Server) noticesRead(w http.ResponseWriter, r *http.Request) error {
	if err := s.remind.MarkRead(r.Context()); err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/thong-bao", "ok", "Đã đánh dấu tất cả là đã đọc.")
}
