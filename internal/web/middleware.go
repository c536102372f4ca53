package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/auth"
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
		h["X-Content-Type-Options"] = nosniff
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

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newHTTPMetrics(reg *prometheus.Registry) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "canhgiac_http_requests_total", Help: "HTTP requests by route and status."}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "canhgiac_http_request_seconds", Help: "HTTP request time by route.", Buckets: prometheus.DefBuckets}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

// observe counts, times and logs each request, and turns a panic into a 500.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := &reqState{lang: "vi", started: time.Now()}
		if c, err := r.Cookie(langCookie); err == nil && c.Value == "en" {
			st.lang = "en"
		}
		r = r.WithContext(context.WithValue(r.Context(), stateKey{}, st))
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic", "path", secretless(r.URL.Path), "panic", p)
				if sw.status == 0 {
					s.writeError(sw, r, errors.New("panic"))
				}
			}
			d := time.Since(st.started)
			m := s.apiMetrics.of(s.metrics, r.Pattern, sw.status)
			m.count.Inc()
			m.took.Observe(d.Seconds())
			if r.URL.Path != "/healthz" && !strings.HasPrefix(r.URL.Path, "/static/") {
				user := ""
				if st.actor != nil {
					user = st.actor.Username
				}
				s.log.Info("request", "method", r.Method, "path", secretless(r.URL.Path), "status", sw.status, "ms", d.Milliseconds(), "user", user)
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
		// The JSON API does not act on cookies (it is public or keyed),
		// so there is nothing for a forged request to borrow.
		if strings.HasPrefix(r.URL.Path, "/api/") || oneClickUnsubscribe(r) {
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

// clientIP is the peer address; a proxy's X-Forwarded-For is not trusted
// here because the login limits would be easy to dodge with it.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// apiChain sends /api/ to the machine API with a lean chain and everything
// else to the full one. API callers authenticate with keys in a header, so
// there is no session to load and no form to forge; answers are JSON, never
// rendered, so the page headers shrink to nosniff. Requests are counted and
// timed like the rest (with the metric series looked up once per route and
// status, not per request), but only failures are logged one by one: at
// tens of thousands of checks a second a log line each would cost more
// than the check.
func (s *Server) apiChain(api, pages http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			pages.ServeHTTP(w, r)
			return
		}
		w.Header()["X-Content-Type-Options"] = nosniff
		started := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic", "path", r.URL.Path, "panic", p)
				if sw.status == 0 {
					s.writeError(sw, r, errors.New("panic"))
				}
			}
			d := time.Since(started)
			m := s.apiMetrics.of(s.metrics, r.Pattern, sw.status)
			m.count.Inc()
			m.took.Observe(d.Seconds())
			if sw.status >= 400 {
				s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "ms", d.Milliseconds())
			}
		}()
		api.ServeHTTP(sw, r)
	})
}

var nosniff = []string{"nosniff"}

// routeMetrics caches the metric series of the API's routes.
type routeMetrics struct {
	mu sync.RWMutex
	m  map[routeStatus]series
}

type routeStatus struct {
	route  string
	status int
}

type series struct {
	count prometheus.Counter
	took  prometheus.Observer
}

func (rm *routeMetrics) of(h *httpMetrics, route string, status int) series {
	if route == "" {
		route = "other"
	}
	k := routeStatus{route, status}
	rm.mu.RLock()
	x, ok := rm.m[k]
	rm.mu.RUnlock()
	if ok {
		return x
	}
	x = series{count: h.requests.WithLabelValues(route, strconv.Itoa(status)), took: h.duration.WithLabelValues(route)}
	rm.mu.Lock()
	if rm.m == nil {
		rm.m = map[routeStatus]series{}
	}
	rm.m[k] = x
	rm.mu.Unlock()
	return x
}
