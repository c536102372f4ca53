package report

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Request is an ad hoc request for reports: the coordinator asks chosen
// units for a report by a date — also the mid-term and final reviews (sơ
// kết, tổng kết) the plans call for.
type Request struct {
	Unit      string   // the requesting unit's code (the reports go there)
	Kind      string   // adhoc or review
	Name      string   // "Báo cáo sơ kết 2 năm thực hiện Kế hoạch 940/KH-UBND"
	From, To  string   // the window covered, as typed
	Due       string   // as typed
	UnitCodes []string // the units asked
}

// RequestReports creates an ad hoc period "YYYY-AH-n" for the units asked.
func (s *Service) RequestReports(ctx context.Context, in Request) (Period, error) {
	if err := errs.NewInvalid().MaxLen("name", "Tên báo cáo", in.Name, 300).Err(); err != nil {
		return Period{}, err
	}
	v := errs.NewInvalid()
	req, err := s.org.Lookup(ctx, in.Unit, s.org.Today())
	if err != nil {
		return Period{}, err
	}
	if err := s.org.Authorize(ctx, access.ReportReview, req.ID); err != nil {
		return Period{}, errs.Forbidden("Chỉ cơ quan tổng hợp báo cáo mới yêu cầu báo cáo đột xuất.", "Only a reviewing unit may request reports.")
	}
	p := Period{Kind: "adhoc", Name: strings.Join(strings.Fields(in.Name), " "), RequestedBy: req.ID}
	if in.Kind == "review" {
		p.Kind = "review"
	}
	if p.Name == "" {
		v.Field("name", "Vui lòng đặt tên cho yêu cầu báo cáo (ví dụ: Báo cáo sơ kết 2 năm thực hiện Kế hoạch 940/KH-UBND).")
	}
	date := func(field, typed, what string) string {
		t, err := vn.ParseDate(typed)
		if strings.TrimSpace(typed) == "" {
			v.Field(field, "Vui lòng nhập "+what+".")
			return ""
		} else if err != nil {
			v.Field(field, err.Error())
			return ""
		}
		return vn.ISODate(t)
	}
	p.CoverFrom, p.CoverTo, p.Due = date("from", in.From, "ngày bắt đầu kỳ"), date("to", in.To, "ngày kết thúc kỳ"), date("due", in.Due, "hạn gửi")
	if p.CoverFrom != "" && p.CoverTo != "" && p.CoverTo < p.CoverFrom {
		v.Field("to", "Ngày kết thúc kỳ trước ngày bắt đầu.")
	}
	if p.Due != "" && p.Due < s.org.Today() {
		v.Field("due", "Hạn gửi đã qua.")
	}
	p.OnTimeUntil = p.Due
	for _, c := range in.UnitCodes {
		u, err := s.org.Lookup(ctx, c, s.org.Today())
		if err != nil || s.org.Authorize(ctx, access.ReportView, u.ID) != nil {
			v.Fieldf("units", "Không yêu cầu được đơn vị %q.", c)
			continue
		}
		p.Units = append(p.Units, u.ID)
	}
	if len(p.Units) == 0 && !v.Has("units") {
		v.Field("units", "Vui lòng chọn ít nhất một đơn vị.")
	}
	if err := v.Err(); err != nil {
		return p, err
	}
	year := p.Due[:4]
	now := s.clock.Now()
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM report_periods WHERE code LIKE $1`, year+"-AH-%").Scan(&n); err != nil {
			return err
		}
		p.Code = fmt.Sprintf("%s-AH-%d", year, n+1)
		units, _ := json.Marshal(p.Units)
		if err := tx.QueryRowContext(ctx, `INSERT INTO report_periods (code, kind, name, cover_from, cover_to, due, ontime_until, requested_by, units, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, p.Code, p.Kind, p.Name, p.CoverFrom, p.CoverTo, p.Due, p.OnTimeUntil, p.RequestedBy,
			string(units), now).Scan(&p.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "report.request", Entity: "period", EntityKey: p.Code, UnitID: req.ID,
			Summary: fmt.Sprintf("Yêu cầu %d đơn vị báo cáo: %s, hạn %s", len(p.Units), p.Name, displayDate(p.Due))}, nil, nil)
	})
	return p, err
}

// askedUnits are the units an ad hoc request or a review names, as they
// stood at the end of its window (or as they last stood, for one formed
// later).
func (s *Service) askedUnits(ctx context.Context, p Period) ([]org.Unit, error) {
	out := make([]org.Unit, 0, len(p.Units))
	for _, id := range p.Units {
		u, err := s.org.Unit(ctx, id, p.CoverTo)
		if err != nil {
			return nil, fmt.Errorf("unit %d asked for %s: %w", id, p.Code, err)
		}
		out = append(out, u)
	}
	return out, nil
}
