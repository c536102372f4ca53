package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/edge"
	"github.com/canhgiac/canhgiac/internal/errs"
)

// bearer returns the API key of the request, "" if none.
func bearer(r *http.Request) string {
	// The header's canonical name, read from the map: Header.Get would
	// canonicalise it on every request.
	v := r.Header["Authorization"]
	if len(v) == 0 {
		return ""
	}
	h := v[0]
	if k, ok := strings.CutPrefix(h, "Bearer "); ok {
		return strings.TrimSpace(k)
	}
	return ""
}

// keyFor checks the request's key for a scope without counting: a request
// is counted (s.auth.CountAPIUse) only once it is known to be answered, so
// a refused one (401, 403, 422…) uses no quota.
func (s *Server) keyFor(r *http.Request, scope string) (auth.APIKey, error) {
	return s.keyOf(r, bearer(r), scope)
}

// keyOf is keyFor with the request's key already read.
func (s *Server) keyOf(r *http.Request, secret, scope string) (auth.APIKey, error) {
	if secret == "" {
		return auth.APIKey{}, auth.ErrBadKey
	}
	k, err := s.auth.APIKeyOf(r.Context(), secret)
	if err != nil {
		return k, err
	}
	if !k.Allows(scope) {
		return k, errs.Forbidden("Khóa API này không có quyền “"+scope+"”.", "This key lacks the scope "+scope+".")
	}
	return k, nil
}

// keyUse checks the request's key for a scope and counts n items.
func (s *Server) keyUse(r *http.Request, scope string, n int64) error {
	k, err := s.keyFor(r, scope)
	if err != nil {
		return err
	}
	return s.auth.CountAPIUse(r.Context(), k, n)
}

// meter counts a check request: against the key's quota when it carries
// one, else against the public limit of its address.
func (s *Server) meter(w http.ResponseWriter, r *http.Request, n int) error {
	if secret := bearer(r); secret != "" {
		k, err := s.keyOf(r, secret, "check")
		if err != nil {
			return err
		}
		return s.auth.CountAPIUse(r.Context(), k, int64(n))
	}
	if ok, wait := s.apiChecks.Take(edge.ClientIP(r), n, time.Now()); !ok {
		return edge.TooMany(w, wait, "Địa chỉ mạng của bạn tra cứu quá nhiều trong một phút (đối tác dùng khóa API).", "Too many checks from your address; partners use an API key.")
	}
	return nil
}
