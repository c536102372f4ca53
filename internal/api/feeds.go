package api

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/canhgiac/canhgiac/internal/edge"
	"github.com/canhgiac/canhgiac/internal/errs"
)

//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(openAPIDoc)
	return err
}

func (s *Server) feed(w http.ResponseWriter, r *http.Request) error {
	k, err := s.keyFor(r, "check")
	if err != nil {
		return err
	}
	var since int64
	if v := r.URL.Query().Get("since"); v != "" {
		if _, err := fmt.Sscan(v, &since); err != nil || since < 0 {
			return errs.InvalidField("since", "since là số thứ tự (seq) nhận được lần trước; bỏ trống để lấy toàn bộ.")
		}
	}
	f, err := s.intel.Feed(r.Context(), r.PathValue("kind"), since, 0)
	if err != nil {
		return err
	}
	if err := s.auth.CountAPIUse(r.Context(), k, 1); err != nil {
		return err
	}
	return edge.WriteJSON(w, f)
}

func (s *Server) urlPrefixes(w http.ResponseWriter, r *http.Request) error {
	k, err := s.keyFor(r, "check")
	if err != nil {
		return err
	}
	if err := s.auth.CountAPIUse(r.Context(), k, 1); err != nil {
		return err
	}
	return edge.WriteJSON(w, map[string]any{"prefix_bytes": 4, "hash": "sha256", "prefixes": s.intel.URLPrefixes()})
}

func (s *Server) urlHashes(w http.ResponseWriter, r *http.Request) error {
	k, err := s.keyFor(r, "check")
	if err != nil {
		return err
	}
	hs, err := s.intel.URLFullHashes(r.URL.Query().Get("prefix"))
	if err != nil {
		return err
	}
	if err := s.auth.CountAPIUse(r.Context(), k, 1); err != nil {
		return err
	}
	return edge.WriteJSON(w, map[string]any{"hashes": hs})
}

func (s *Server) stix(w http.ResponseWriter, r *http.Request) error {
	k, err := s.keyFor(r, "check")
	if err != nil {
		return err
	}
	b, err := s.intel.STIX(r.Context(), s.clock.Now())
	if err != nil {
		return err
	}
	if err := s.auth.CountAPIUse(r.Context(), k, 1); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/stix+json;version=2.1")
	return json.NewEncoder(w).Encode(b)
}
