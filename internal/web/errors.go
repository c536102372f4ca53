package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/canhgiac/canhgiac/internal/edge"
	"github.com/canhgiac/canhgiac/internal/errs"
)

// handlerFunc is a handler that returns its error instead of writing it.
type handlerFunc = edge.HandlerFunc

// adapt turns a handlerFunc into an http.Handler with the one error adapter.
// An error becomes an error page only while nothing has been sent: once a
// download (a CSV, an XLSX, a JSON export) has sent its status and part of
// its body, a page written after it would be glued to the end of the file,
// so the answer is cut short instead and the error only logged. A client
// that left is not the server's failure and is logged as such.
func (s *Server) adapt(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &sentWriter{ResponseWriter: w}
		err := h(sw, r)
		switch {
		case err == nil:
		case clientGone(r, err):
			s.log.Info("client gone", "method", r.Method, "path", secretless(r.URL.Path), "sent", sw.sent, "err", err)
			if sw.sent {
				cutShort(sw)
				state(r).cut = true
			} else {
				sw.WriteHeader(statusClientGone)
			}
		case sw.sent:
			s.log.Warn("error after the answer began; answer cut short", "method", r.Method, "path", secretless(r.URL.Path), "err", err)
			cutShort(sw)
			state(r).cut = true
		default:
			s.writeError(sw, r, err)
		}
	})
}

// ErrorPage is the data of the error page.
type ErrorPage struct {
	Page
	Status  int
	Message string
	Details []string // what is wrong, field by field, for forms without a page of their own
}

// writeError is the one place the pages' errors become responses: a
// Vietnamese page (JSON for the health check). Internal details go to the log only.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status := edge.Status(err)
	msg, ours := edge.Message(err, state(r).lang)
	if ours {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if r.URL.Path == "/healthz" {
		edge.WriteJSONError(w, status, msg, err)
		return
	}
	page := &ErrorPage{Page: Page{Title: http.StatusText(status), Public: !strings.HasPrefix(r.URL.Path, "/quan-tri")}, Status: status, Message: msg}
	for _, m := range errs.FieldsOf(err) {
		page.Details = append(page.Details, m)
	}
	slices.Sort(page.Details)
	if rerr := s.render(w, r, status, "error", page); rerr != nil {
		s.log.Error("render error page", "err", rerr)
		http.Error(w, msg, status)
	}
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	return errs.NotFound("Không tìm thấy trang bạn yêu cầu. Có thể đường dẫn đã thay đổi hoặc bị gõ sai.", "The page you asked for does not exist.")
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
