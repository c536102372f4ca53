package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/edge"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// fillPage completes the chrome of a page from the request.
func (s *Server) fillPage(w http.ResponseWriter, r *http.Request, p *Page) {
	st := state(r)
	p.Lang, p.csrf, p.mint, p.Today, p.asset = st.lang, st.csrf, st.mint, s.org.Today(), s.assets.Path
	if st.actor != nil {
		p.User = &PageUser{Username: st.actor.Username, CanUsers: st.actor.Has(access.UserView), CanAudit: st.actor.Has(access.AuditView), CanPlans: st.actor.Has(access.PlanView),
			CanActivities: st.actor.Has(access.ActivityView), CanReports: st.actor.Has(access.ReportView), CanTriage: st.actor.Has(access.TipReview), CanContent: st.actor.Has(access.ContentEdit) || st.actor.Has(access.ContentReview),
			CanAudience: st.actor.Has(access.AudienceManage), CanCampaigns: st.actor.Has(access.AudienceManage) || st.actor.Has(access.CampaignApprove),
			CanInbox: s.canInbox(st.actor), IsAdmin: st.actor.HasRole(access.RoleAdmin)}
		if u, err := s.auth.Get(r.Context(), st.actor.Username); err == nil {
			p.User.FullName, p.User.UnitName = u.FullName, u.UnitName
		}
		if s.remind != nil {
			p.User.Unread, _ = s.remind.Unread(r.Context())
		}
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		// A message the page already carries (a refusal) wins over an old one.
		if b, err := base64.RawURLEncoding.DecodeString(c.Value); err == nil && p.Flash == nil {
			kind, text, _ := strings.Cut(string(b), "|")
			p.Flash = &Flash{Kind: kind, Text: text}
		}
		s.clearCookie(w, flashCookie)
	}
}

// redirectWithFlash sends the browser to url with a one-time message.
func (s *Server) redirectWithFlash(w http.ResponseWriter, r *http.Request, url, kind, text string) error {
	s.setCookie(w, flashCookie, base64.RawURLEncoding.EncodeToString([]byte(kind+"|"+text)), 60)
	http.Redirect(w, r, localPath(url, "/"), http.StatusSeeOther)
	return nil
}

// LoginPage is the sign-in form.
type LoginPage struct {
	Page
	Username string
	Next     string
	Error    string
	Fields   map[string]string
}

// safeNext keeps redirects after sign-in inside the console.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/quan-tri/") {
		return localPath(next, "/quan-tri/don-vi")
	}
	return "/quan-tri/don-vi"
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if state(r).actor != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, "login", &LoginPage{Page: Page{Title: "Đăng nhập", Bare: true}, Next: r.URL.Query().Get("next")})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	username, password, next := r.PostFormValue("username"), r.PostFormValue("password"), r.PostFormValue("next")
	tok, sess, err := s.auth.Login(r.Context(), username, password, edge.ClientIP(r))
	if err != nil {
		var e *errs.Error
		if !errors.As(err, &e) {
			return err
		}
		page := &LoginPage{Page: Page{Title: "Đăng nhập", Bare: true}, Username: username, Next: next, Error: e.Message(state(r).lang), Fields: e.Fields}
		return s.render(w, r, edge.Status(err), "login", page)
	}
	// A fresh session token on every sign-in (no session fixation); the old
	// pre-session token is dropped.
	if old := state(r).token; old != "" {
		s.auth.Logout(r.Context(), old)
	}
	s.setCookie(w, sessionCookie, tok, 0)
	s.clearCookie(w, csrfCookie)
	http.Redirect(w, r, stagePath(sess.Stage, next), http.StatusSeeOther)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if tok := state(r).token; tok != "" {
		if err := s.auth.Logout(r.Context(), tok); err != nil {
			return err
		}
	}
	s.clearCookie(w, sessionCookie)
	http.Redirect(w, r, "/dang-nhap", http.StatusSeeOther)
	return nil
}

// setLanguage switches the language: by a form in the console, by a
// plain link on the portal (whose pages carry no per-visitor token, so
// they can be cached). A forged switch only changes a display preference.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) error {
	lang := "vi"
	if r.FormValue("lang") == "en" {
		lang = "en"
	}
	s.setCookie(w, langCookie, lang, 365*24*3600)
	http.Redirect(w, r, localPath(r.FormValue("back"), "/"), http.StatusSeeOther)
	return nil
}

// healthz says whether this instance is whole. Without its database it
// is "degraded", not down: checks (the API and the portal's look-up) are
// still answered from the in-memory index, as of its last read of the
// change log, so it answers 200 and a load balancer keeps sending it
// checks; monitoring alerts on the status. Console pages, reports and
// campaigns wait for the database.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	type health struct {
		Status    string `json:"status"`   // ok, degraded
		Database  string `json:"database"` // ok, unreachable
		Reason    string `json:"reason,omitempty"`
		IndexAsOf string `json:"index_as_of,omitempty"` // RFC 3339: the check index's last read of the change log
		Version   string `json:"version"`
	}
	h := health{Status: "ok", Database: "ok", Version: s.opt.Version}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.ping(ctx); err != nil {
		s.log.Error("health: database", "err", err)
		h.Status, h.Database = "degraded", "unreachable"
		h.Reason = "Mất kết nối cơ sở dữ liệu: tra cứu vẫn được trả lời từ chỉ mục trong bộ nhớ"
		if s.opt.IndexAsOf != nil {
			if at := s.opt.IndexAsOf(); !at.IsZero() {
				h.IndexAsOf = at.UTC().Format(time.RFC3339)
				h.Reason += " (dữ liệu đến " + vn.FormatTimeDate(at.In(vn.Zone)) + ")"
			}
		}
		h.Reason += "; đăng nhập, gửi tố giác, báo cáo và chiến dịch tạm ngừng đến khi kết nối lại."
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	return json.NewEncoder(w).Encode(h)
}

func (s *Server) consoleHome(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, "/quan-tri/don-vi", http.StatusSeeOther)
	return nil
}
