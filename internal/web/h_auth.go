package web

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/edge"
	"github.com/canhgiac/canhgiac/internal/errs"
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

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	if err := s.ping(r.Context()); err != nil {
		s.log.Error("health: database", "err", err)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(`{"status":"error","database":"unreachable"}`))
		return nil
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"status":"ok","database":"ok","version":"` + s.opt.Version + `"}`))
	return nil
}

func (s *Server) consoleHome(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, "/quan-tri/don-vi", http.StatusSeeOther)
	return nil
}
