package web

import (
	"net/http"

	"github.com/canhgiac/canhgiac/internal/access"
	"strconv"

	"github.com/canhgiac/canhgiac/internal/errs"
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

func (s *Server) noticeRead(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.NotFound("Không có thông báo này.", "No such notice.")
	}
	if err := s.remind.MarkOneRead(r.Context(), id); err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/thong-bao", "ok", "Đã đánh dấu thông báo là đã đọc.")
}

// NoticePrefsPage lets a person choose, per kind of notice, in the app only
// or also by e-mail.
type NoticePrefsPage struct {
	Page
	Kinds []remind.NoticeKind
	Email map[remind.NoticeKind]bool
}

func (s *Server) noticePrefs(w http.ResponseWriter, r *http.Request) error {
	prefs, err := s.remind.Prefs(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "notice_prefs", &NoticePrefsPage{Page: Page{Title: "Chọn cách nhận thông báo", Nav: "me"}, Kinds: remind.NoticeKinds, Email: prefs})
}

func (s *Server) noticePrefsSave(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return errs.InvalidField("email", "Không đọc được biểu mẫu.")
	}
	email := map[remind.NoticeKind]bool{}
	for _, k := range remind.NoticeKinds {
		email[k] = r.PostForm.Get(string(k)) == "email"
	}
	if err := s.remind.SavePrefs(r.Context(), email); err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/ca-nhan/thong-bao", "ok", "Đã lưu cách nhận thông báo.")
}

// tellReviewers tells the people above a unit who hold one of roles that
// something awaits them; the change is made whatever becomes of the notice,
// so a failure is logged, not shown.
func (s *Server) tellReviewers(r *http.Request, ev remind.Event, unitID int64, roles ...access.Role) {
	var me int64
	if a := access.From(r.Context()); a != nil {
		me = a.UserID
	}
	if _, err := s.remind.NotifyAbove(r.Context(), ev, unitID, me, roles...); err != nil {
		s.log.Error("notices", "event", ev.Key, "err", err)
	}
}
