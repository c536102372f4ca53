package web

import (
	"log/slog"
	"net/http"
)

// SetLogForTest sends the server's log to l, so a test can read what an
// operator would see. Call it before the requests it watches.
func (s *Server) SetLogForTest(l *slog.Logger) { s.log = l }

// ServeForTest serves h as a route is served: security headers, the
// request log, and the pages' error adapter.
func (s *Server) ServeForTest(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return s.securityHeaders(s.observe(s.adapt(h)))
}
