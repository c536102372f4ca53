package web

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel"
)

// bearer returns the API key of the request, "" if none.
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if k, ok := strings.CutPrefix(h, "Bearer "); ok {
		return strings.TrimSpace(k)
	}
	return ""
}

// keyFor checks the request's key for a scope without counting: a request
// is counted (s.auth.CountAPIUse) only once it is known to be answered, so
// a refused one (401, 403, 422…) uses no quota.
func (s *Server) keyFor(r *http.Request, scope string) (auth.APIKey, error) {
	secret := bearer(r)
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
	if bearer(r) != "" {
		return s.keyUse(r, "check", int64(n))
	}
	if ok, wait := s.limits.apiChecks.take(clientIP(r), n, time.Now()); !ok {
		return tooMany(w, wait, "Địa chỉ mạng của bạn tra cứu quá nhiều trong một phút (đối tác dùng khóa API).", "Too many checks from your address; partners use an API key.")
	}
	return nil
}

func (s *Server) apiScreen(w http.ResponseWriter, r *http.Request) error {
	k, err := s.keyFor(r, "screen")
	if err != nil {
		return err
	}
	var in intel.CallIn
	if err := json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(&in); err != nil {
		return errs.InvalidField("caller", "Nội dung phải là JSON dạng {\"caller\": \"+84912345678\", \"voip\": false, \"international\": false}.")
	}
	if err := s.auth.CountAPIUse(r.Context(), k, 1); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	return json.NewEncoder(w).Encode(s.intel.Checker().Screen(in))
}

// apiReports takes partners' reports in bulk.
func (s *Server) apiReports(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Reports []struct {
			Indicators  []string `json:"indicators"`
			Tactic      string   `json:"tactic"`
			HappenedOn  string   `json:"happened_on"`
			Description string   `json:"description"`
			Province    string   `json:"province"`
		} `json:"reports"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<20)).Decode(&req); err != nil {
		return errs.InvalidField("reports", "Nội dung phải là JSON dạng {\"reports\": [{\"indicators\": [\"0912345678\"], \"tactic\": \"fraud\"}]}.")
	}
	if len(req.Reports) > 1000 {
		return &errs.Error{Kind: errs.KindTooLarge, VI: "Mỗi lần gửi tối đa 1.000 tố giác.", EN: "At most 1,000 reports per request."}
	}
	// The cap is checked for the whole request before the key is used, so a
	// refused request costs no quota and flags nothing.
	for i, rep := range req.Reports {
		if n, limit := len(rep.Indicators), s.intel.MaxIndicatorsPerReport; n > limit {
			return errs.InvalidField("reports", fmt.Sprintf("Tố giác thứ %d ghi %d chỉ dấu; mỗi tố giác của đối tác tối đa %d chỉ dấu.", i+1, n, limit))
		}
	}
	k, err := s.keyFor(r, "report")
	if err != nil {
		return err
	}
	// Counted whole before the work, so the quota holds against parallel
	// requests; the reports refused are given back after.
	if err := s.auth.CountAPIUse(r.Context(), k, int64(len(req.Reports))); err != nil {
		return err
	}
	refused := 0
	defer func() { s.auth.ReturnAPIUse(k, int64(refused)) }()
	type result struct {
		Code   string            `json:"code,omitempty"`
		Errors map[string]string `json:"errors,omitempty"`
	}
	out := struct {
		Results []result `json:"results"`
	}{Results: make([]result, len(req.Reports))}
	// The partner's unit's province: its analysts see the partner's reports.
	partnerProvince, err := s.org.ProvinceOf(r.Context(), k.UnitID)
	if err != nil {
		return err
	}
	for i, rep := range req.Reports {
		tip, err := s.intel.Submit(r.Context(), intel.TipInput{Indicators: rep.Indicators, Tactic: rep.Tactic, HappenedOn: rep.HappenedOn,
			Description: rep.Description, Province: rep.Province, Partner: k.Prefix, PartnerProvince: partnerProvince})
		if f := errs.FieldsOf(err); f != nil {
			out.Results[i].Errors = f
			refused++
			continue
		} else if err != nil {
			refused += len(req.Reports) - i // this one and the rest were not taken
			return err
		}
		out.Results[i].Code = tip.Code
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	return json.NewEncoder(w).Encode(out)
}

//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(openAPIDoc)
	return err
}

func (s *Server) writeJSON(w http.ResponseWriter, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	return json.NewEncoder(w).Encode(v)
}

func (s *Server) apiFeed(w http.ResponseWriter, r *http.Request) error {
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
	return s.writeJSON(w, f)
}

func (s *Server) apiURLPrefixes(w http.ResponseWriter, r *http.Request) error {
	k, err := s.keyFor(r, "check")
	if err != nil {
		return err
	}
	if err := s.auth.CountAPIUse(r.Context(), k, 1); err != nil {
		return err
	}
	return s.writeJSON(w, map[string]any{"prefix_bytes": 4, "hash": "sha256", "prefixes": s.intel.URLPrefixes()})
}

func (s *Server) apiURLHashes(w http.ResponseWriter, r *http.Request) error {
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
	return s.writeJSON(w, map[string]any{"hashes": hs})
}

func (s *Server) apiSTIX(w http.ResponseWriter, r *http.Request) error {
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
