// Package edge holds what the program's two HTTP faces share where they meet
// their clients: the handler that returns its error, the mapping of errors
// to status codes and sentences, the request metrics, the per-address
// meters and the client's address. The portal and console (web) and the
// JSON API (api) each keep their own handlers and middleware; nothing here
// knows a route, renders a page or calls a domain service.
package edge

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/canhgiac/canhgiac/internal/errs"
)

// HandlerFunc is a handler that returns its error instead of writing it;
// each face turns it into an http.Handler with its one error writer.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Status is the HTTP status of an error.
func Status(err error) int {
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

var (
	tooLarge = &errs.Error{Kind: errs.KindTooLarge, VI: "Dữ liệu gửi lên quá lớn.", EN: "The data sent is too large."}
	internal = &errs.Error{VI: "Hệ thống gặp sự cố khi xử lý yêu cầu. Thông tin bạn nhập chưa bị mất: hãy quay lại và thử gửi lại sau ít phút.",
		EN: "Something went wrong on our side. What you typed is not lost: go back and send it again in a few minutes."}
)

// Message is what a person is told about err, in lang ("vi" or "en"), and
// whether the error is the program's own fault: the caller then logs it,
// because the sentence says nothing of the details.
func Message(err error, lang string) (msg string, ours bool) {
	var e *errs.Error
	switch {
	case errors.As(err, &e):
		return e.Message(lang), false
	case Status(err) == http.StatusRequestEntityTooLarge:
		return tooLarge.Message(lang), false
	}
	return internal.Message(lang), true
}

// WriteJSONError writes the JSON form of a refusal:
// {"error": {"status": …, "message": …, "fields": {…}}}.
func WriteJSONError(w http.ResponseWriter, status int, msg string, err error) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"status": status, "message": msg, "fields": errs.FieldsOf(err)}})
}

// trusted are the reverse proxies set by TrustProxies.
var trusted atomic.Pointer[[]netip.Prefix]

// TrustProxies names the reverse proxies in front of the server (set once
// at start, from CANHGIAC_TRUSTED_PROXIES). Behind one, every client shares
// its address, and the meters, the sign-in limits and the count of distinct
// reporters would treat all of them as one.
func TrustProxies(ps []netip.Prefix) {
	c := slices.Clone(ps)
	trusted.Store(&c)
}

func isTrusted(a netip.Addr) bool {
	ps := trusted.Load()
	if ps == nil {
		return false
	}
	return slices.ContainsFunc(*ps, func(p netip.Prefix) bool { return p.Contains(a.Unmap()) })
}

// ClientIP is the client's address: the TCP peer, unless the peer is a
// trusted proxy — then the last address in X-Forwarded-For that is not
// itself a trusted proxy (the ones before it are whatever the client chose
// to write). From anyone else the header is ignored, since the meters and
// sign-in limits would be easy to dodge with it.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !isTrusted(peer) {
		return host
	}
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(h, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return host // a hop we cannot read: count the proxy, not a guess
		}
		if !isTrusted(a) {
			return a.Unmap().String()
		}
	}
	return host
}

// WriteJSON writes v as a JSON answer.
func WriteJSON(w http.ResponseWriter, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	return json.NewEncoder(w).Encode(v)
}
