package api

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/canhgiac/canhgiac/internal/edge"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel"
)

// screen tells a telecom what to do with an incoming call.
func (s *Server) screen(w http.ResponseWriter, r *http.Request) error {
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
	return edge.WriteJSON(w, s.intel.Checker().Screen(in))
}

// reports takes partners' reports in bulk.
func (s *Server) reports(w http.ResponseWriter, r *http.Request) error {
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
	return edge.WriteJSON(w, out)
}
