package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/edge"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/upload"
)

const (
	sessionCookie = "cg_session"
	csrfCookie    = "cg_csrf" // before sign-in: double-submit token
	langCookie    = "cg_lang"
	flashCookie   = "cg_flash"
	csrfField     = "csrf_token"
	csrfHeader    = "X-CSRF-Token"
	maxPlanFile   = 10 << 20 // the largest plan text (.docx, .txt) accepted
	maxSheetFile  = 16 << 20 // the largest spreadsheet accepted for an import
)

// reqState is what the middleware learns about a request.
type reqState struct {
	token   string        // session cookie value
	sess    *auth.Session // nil when not signed in
	actor   *access.Actor // nil when not signed in or second factor pending
	csrf    string        // the token forms must carry
	mint    func() string // makes the pre-session token when a form needs it
	viewID  int64         // the content item a portal page showed (page cache)
	lang    string
	started time.Time
	cut     bool // the answer was cut short after it began (errors.go): its status is not the whole story
}

type stateKey struct{}

func state(r *http.Request) *reqState {
	if st, ok := r.Context().Value(stateKey{}).(*reqState); ok {
		return st
	}
	return &reqState{lang: "vi"}
}

func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// Canonical keys assigned directly: these run on every page.
		h["Content-Security-Policy"] = hdrCSP
		h["X-Content-Type-Options"] = edge.Nosniff
		h["X-Frame-Options"] = hdrDeny
		h["Referrer-Policy"] = hdrReferrer
		h["Permissions-Policy"] = hdrPermissions
		h["Cross-Origin-Opener-Policy"] = hdrCOOP
		if s.opt.SecureCookies {
			h["Strict-Transport-Security"] = hdrHSTS
		}
		next.ServeHTTP(w, r)
	})
}

var (
	hdrCSP         = []string{"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"}
	hdrDeny        = []string{"DENY"}
	hdrReferrer    = []string{"same-origin"}
	hdrPermissions = []string{"camera=(), microphone=(), geolocation=()"}
	hdrCOOP        = []string{"same-origin"}
	hdrHSTS        = []string{"max-age=31536000; includeSubDomains"}
)

// observe counts, times and logs each request, and turns a panic into a 500.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := &reqState{lang: "vi", started: time.Now()}
		if c, err := r.Cookie(langCookie); err == nil && c.Value == "en" {
			st.lang = "en"
		}
		r = r.WithContext(context.WithValue(r.Context(), stateKey{}, st))
		sw := &edge.StatusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic", "path", secretless(r.URL.Path), "panic", p)
				if sw.Status == 0 {
					s.writeError(sw, r, errors.New("panic"))
				}
			}
			d := time.Since(st.started)
			s.metrics.Observe(r.Pattern, sw.Status, d)
			if r.URL.Path != "/healthz" && !strings.HasPrefix(r.URL.Path, "/static/") {
				user := ""
				if st.actor != nil {
					user = st.actor.Username
				}
				attrs := []any{"method", r.Method, "path", secretless(r.URL.Path), "status", sw.Status, "ms", d.Milliseconds(), "user", user}
				if st.cut {
					attrs = append(attrs, "cut", true) // the 200 went out, the whole answer did not
				}
				s.log.Info("request", attrs...)
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

// loadSession finds the session of the cookie, if any, and the actor.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := state(r)
		if c, err := r.Cookie(s.cookieName(sessionCookie)); err == nil && c.Value != "" {
			sess, err := s.auth.Session(r.Context(), c.Value)
			switch {
			case err == nil:
				st.token, st.sess, st.csrf = c.Value, sess, sess.CSRF
				if sess.Stage == auth.StageReady {
					a, err := s.auth.Actor(r.Context(), sess)
					if err != nil && !errors.Is(err, errs.ErrUnauthenticated) {
						s.writeError(w, r, err)
						return
					}
					st.actor = a
				}
			case errors.Is(err, errs.ErrUnauthenticated):
				s.clearCookie(w, sessionCookie)
			default:
				s.writeError(w, r, err)
				return
			}
		}
		if st.actor != nil {
			r = r.WithContext(access.With(r.Context(), st.actor))
		}
		if st.sess == nil {
			// Before sign-in the token is a cookie's, read if the browser has
			// one and made only when a page with a form is rendered, so the
			// cached portal pages and the API never set cookies.
			if c, err := r.Cookie(s.cookieName(csrfCookie)); err == nil && len(c.Value) >= 32 {
				st.csrf = c.Value
			}
			st.mint = func() string { return s.preSessionToken(w, r) }
		}
		next.ServeHTTP(w, r)
	})
}

// preSessionToken returns the double-submit token of a visitor not signed
// in, setting the cookie if there is none.
func (s *Server) preSessionToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(s.cookieName(csrfCookie)); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	tok := auth.RandomToken()
	s.setCookie(w, csrfCookie, tok, 0)
	return tok
}

// checkCSRF refuses a state-changing request that does not carry the token
// of its session (or, before sign-in, of its cookie).
func (s *Server) checkCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		if oneClickUnsubscribe(r) {
			next.ServeHTTP(w, r)
			return
		}
		// The form is read here, within the body limit, whichever way the
		// token comes (a header token must not open the way to an
		// unlimited body or to the standard library's 32 MB in memory),
		// and its temp files are removed whatever the answer; handlers
		// get it parsed (ServeMux passes the same request on).
		if err := upload.ParseForm(w, r); err != nil {
			s.writeError(w, r, err)
			return
		}
		defer upload.Release(r)
		want := state(r).csrf
		got := r.Header.Get(csrfHeader)
		if got == "" {
			got = r.PostFormValue(csrfField)
		}
		if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			s.writeError(w, r, errCSRF)
			return
		}
		next.ServeHTTP(w, r)
	})
}

var errCSRF = errs.Forbidden("Biểu mẫu đã hết hạn hoặc không hợp lệ (mã bảo vệ CSRF không khớp). Vui lòng quay lại, tải lại trang và gửi lại.",
	"The form has expired or is invalid (CSRF token mismatch). Go back, reload the page and send it again.")

// require lets a request through only for a signed-in actor holding p
// somewhere (or any signed-in actor for signedIn).
func (s *Server) require(p access.Permission, h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		st := state(r)
		if st.actor == nil {
			if st.sess != nil && st.sess.Stage != auth.StageReady {
				next := ""
				if r.Method == http.MethodGet {
					next = r.URL.RequestURI()
				}
				http.Redirect(w, r, stagePath(st.sess.Stage, next), http.StatusSeeOther)
				return nil
			}
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/dang-nhap?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return nil
			}
			return errs.ErrUnauthenticated
		}
		if p != signedIn && !st.actor.Has(p) {
			return errs.ErrForbidden
		}
		return h(w, r)
	}
}

func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(name), Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true, Secure: s.opt.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// cookieName gives the session and CSRF cookies the __Host- prefix when
// cookies are secure: a browser then keeps them only if set over HTTPS by
// this very host for the whole site, so a neighbouring subdomain can
// neither plant a session (fixation) nor overwrite the CSRF token.
func (s *Server) cookieName(name string) string {
	if s.opt.SecureCookies && (name == sessionCookie || name == csrfCookie) {
		return "__Host-" + name
	}
	return name
}

func (s *Server) clearCookie(w http.ResponseWriter, name string) { s.setCookie(w, name, "", -1) }

// withAPI sends /api/ to the machine API, which keeps its own lean chain
// (package api), and everything else to the pages' full one.
func (s *Server) withAPI(pages http.Handler) http.Handler {
	if s.opt.API == nil {
		return pages
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			s.opt.API.ServeHTTP(w, r)
			return
		}
		pages.ServeHTTP(w, r)
	})
}
