package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/canhgiac/canhgiac/internal/errs"
)

// handlerFunc is a handler that returns its error instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// adapt turns a handlerFunc into an http.Handler with the one error adapter.
func (s *Server) adapt(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

func statusOf(err error) int {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	switch errs.KindOf(err) {
	case errs.KindInvalid:
		return http.StatusUnprocessableEntity
	case errs.KindNotFound:
		return http.StatusNotFound
	case errs.KindForbidden:
		return http.StatusForbidden
	case errs.KindUnauthenticated:
		return http.StatusUnauthorized
	case errs.KindConflict:
		return http.StatusConflict
	case errs.KindTooMany:
		return http.StatusTooManyRequests
	case errs.KindTooLarge:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// ErrorPage is the data of the error page.
type ErrorPage struct {
	Page
	Status  int
	Message string
	Details []string // what is wrong, field by field, for forms without a page of their own
}

// writeError is the one place errors become responses: JSON under /api/,
// a Vietnamese page elsewhere. Internal details go to the log only.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	lang := state(r).lang
	msg := ""
	var e *errs.Error
	switch {
	case errors.As(err, &e):
		msg = e.Message(lang)
	case status == http.StatusRequestEntityTooLarge:
		msg = translate(lang, "Dữ liệu gửi lên quá lớn.")
	default:
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = translate(lang, "Hệ thống gặp sự cố khi xử lý yêu cầu. Thông tin bạn nhập chưa bị mất: hãy quay lại và thử gửi lại sau ít phút.")
	}
	if strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"status": status, "message": msg, "fields": errs.FieldsOf(err)}})
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
