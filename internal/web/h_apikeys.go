package web

import (
	"net/http"

	"github.com/canhgiac/canhgiac/internal/auth"
)

// APIKeysPage lists partners' API keys (never their secrets) to those who
// manage accounts, and shows a rotated key's new secret once.
type APIKeysPage struct {
	Page
	Keys   []auth.APIKeyInfo
	New    *auth.APIKey // the key just issued by a rotation
	Secret string       // its secret, shown on this answer only
}

func (s *Server) apiKeys(w http.ResponseWriter, r *http.Request) error {
	ks, err := s.auth.APIKeys(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "apikeys", &APIKeysPage{Page: Page{Title: "Khóa API đối tác", Nav: "users"}, Keys: ks})
}

func (s *Server) apiKeyRevoke(w http.ResponseWriter, r *http.Request) error {
	k, err := s.auth.RevokeAPIKey(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/khoa-api", "ok", "Đã thu hồi khóa "+k.Prefix+"… của "+k.UnitName+"; mọi máy chủ ngừng nhận khóa này trong vòng 10 giây.")
}

// apiKeyRotate answers with the page itself (not a redirect), so the new
// secret travels once, in a response that is not stored (no-store).
func (s *Server) apiKeyRotate(w http.ResponseWriter, r *http.Request) error {
	k, secret, err := s.auth.RotateAPIKey(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	ks, err := s.auth.APIKeys(r.Context())
	if err != nil {
		return err
	}
	p := &APIKeysPage{Page: Page{Title: "Khóa API đối tác", Nav: "users"}, Keys: ks, New: &k, Secret: secret}
	p.Flash = &Flash{Kind: "ok", Text: "Đã cấp khóa mới " + k.Prefix + "… với cùng quyền và hạn mức; khóa cũ đã bị thu hồi."}
	return s.render(w, r, http.StatusOK, "apikeys", p)
}
