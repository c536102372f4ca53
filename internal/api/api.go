// Package api is the JSON API for machines under /api/v1/: the check (the
// hot path), call screening, partners' reports, the feeds, and the hook
// for Zalo's delivery events. Callers authenticate with API keys in a
// header, never cookies, so the chain in front of the handlers is lean:
// a header, metrics, recovery, and failures logged. Handlers return errors
// and one writer turns them into JSON; the domain services (intel, auth,
// org) decide. The portal and console are package web's.
package api

import (
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/edge"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/org"
)

// Options configure the API.
type Options struct {
	// PublicChecksPerMinute limits checks without an API key per address
	// (items); 0 takes 600.
	PublicChecksPerMinute int
	// ZaloWebhook receives Zalo's delivery events (nil without Zalo).
	ZaloWebhook http.Handler
}

// Services are the domain services the API calls.
type Services struct {
	Auth  *auth.Service
	Org   *org.Service
	Intel *intel.Service
}

// defaultChecksPerMinute is the keyless limit, in items, per address.
const defaultChecksPerMinute = 600

// Server serves /api/.
type Server struct {
	auth      *auth.Service
	org       *org.Service
	intel     *intel.Service
	clock     clock.Clock
	log       *slog.Logger
	metrics   *edge.Metrics
	opt       Options
	apiChecks *edge.Limiter // keyless checks, items a minute per address
	routes    []string
	handler   http.Handler
	checks    http.Handler // the check route's chain, reached without the mux
}

// New builds the API; its request series go to m, and the check index's
// figures are registered there.
func New(sv Services, clk clock.Clock, log *slog.Logger, m *edge.Metrics, opt Options) *Server {
	s := &Server{auth: sv.Auth, org: sv.Org, intel: sv.Intel, clock: clk, log: log, metrics: m, opt: opt,
		apiChecks: edge.NewLimiter(opt.PublicChecksPerMinute, defaultChecksPerMinute, time.Minute)}
	if sv.Intel != nil {
		registerIndexFigures(m, sv.Intel.Checker())
	}
	s.handler = s.lean(s.mux())
	s.checks = s.lean(s.adapt(s.check))
	return s
}

// The check route's patterns, as the mux would set them (for the metrics).
const (
	checkGET  = "GET /api/v1/check"
	checkPOST = "POST /api/v1/check"
)

// ServeHTTP serves a request under /api/. The check, the hot path, goes
// straight to its handler: matching it in the mux cost about a third of
// what the product adds to a check (BenchmarkCheckChain). Every other
// request, and the check with another method (405), goes through the mux.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/api/v1/check" {
		switch r.Method {
		case http.MethodGet:
			r.Pattern = checkGET
			s.checks.ServeHTTP(w, r)
			return
		case http.MethodPost:
			r.Pattern = checkPOST
			s.checks.ServeHTTP(w, r)
			return
		}
	}
	s.handler.ServeHTTP(w, r)
}

// statusWriters are the lean chain's status writers, reused: at tens of
// thousands of checks a second each one was an allocation.
var statusWriters = sync.Pool{New: func() any { return new(edge.StatusWriter) }}

// Routes lists the patterns of every API route.
func (s *Server) Routes() []string { return s.routes }

// lean is the chain in front of the API. There is no session to load and
// no form to forge; answers are JSON, never rendered, so the page headers
// shrink to nosniff. Requests are counted and timed like the pages, but
// only failures are logged one by one: at tens of thousands of checks a
// second a log line each would cost more than the check.
func (s *Server) lean(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["X-Content-Type-Options"] = edge.Nosniff
		started := time.Now()
		sw := statusWriters.Get().(*edge.StatusWriter)
		*sw = edge.StatusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic", "path", r.URL.Path, "panic", p)
				if sw.Status == 0 {
					s.writeError(sw, r, errors.New("panic"))
				}
			}
			d := time.Since(started)
			s.metrics.Observe(r.Pattern, sw.Status, d)
			if sw.Status >= 400 {
				s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.Status, "ms", d.Milliseconds())
			}
			*sw = edge.StatusWriter{}
			statusWriters.Put(sw)
		}()
		next.ServeHTTP(sw, r)
	})
}

// adapt turns a handler into an http.Handler with the one error writer.
func (s *Server) adapt(h edge.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// writeError is the one place the API's errors become answers: JSON with
// the Vietnamese sentence; internal details go to the log only.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	msg, ours := edge.Message(err, "vi")
	if ours {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	edge.WriteJSONError(w, edge.Status(err), msg, err)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	return errs.NotFound("Không tìm thấy trang bạn yêu cầu. Có thể đường dẫn đã thay đổi hoặc bị gõ sai.", "The page you asked for does not exist.")
}
