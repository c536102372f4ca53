package report

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Default windows: the 6-month report covers 15/12 of the year before to
// 14/6 and is due on 05/6 (sub-units 01/6); the yearly one runs to 14/12,
// due 05/12 (sub-units 01/12), as the seeds' regimes say.
func defaults(year int) []Period {
	y, prev := strconv.Itoa(year), strconv.Itoa(year-1)
	return []Period{
		{Code: y + "-H1", Kind: "half", Name: "Báo cáo " + vn.PeriodName(y+"-H1"), CoverFrom: prev + "-12-15", CoverTo: y + "-06-14", Due: y + "-06-05", InternalDue: y + "-06-01", OnTimeUntil: y + "-06-05"},
		{Code: y + "-Y", Kind: "year", Name: "Báo cáo " + strings.ToLower(vn.PeriodName(y+"-Y")), CoverFrom: prev + "-12-15", CoverTo: y + "-12-14", Due: y + "-12-05", InternalDue: y + "-12-01", OnTimeUntil: y + "-12-05"},
	}
}

const periodColumns = `id, code, kind, name, cover_from, cover_to, due, internal_due, ontime_until, COALESCE(requested_by, 0), units`

func scanPeriod(row interface{ Scan(...any) error }) (Period, error) {
	var p Period
	var units string
	err := row.Scan(&p.ID, &p.Code, &p.Kind, &p.Name, &p.CoverFrom, &p.CoverTo, &p.Due, &p.InternalDue, &p.OnTimeUntil, &p.RequestedBy, &units)
	if err == nil {
		json.Unmarshal([]byte(units), &p.Units)
	}
	return p, err
}

// EnsureYear creates the year's 6-month and yearly periods if missing.
func (s *Service) EnsureYear(ctx context.Context, year int) error {
	now := s.clock.Now()
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		for _, p := range defaults(year) {
			if _, err := tx.ExecContext(ctx, `INSERT INTO report_periods (code, kind, name, cover_from, cover_to, due, internal_due, ontime_until, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (code) DO NOTHING`,
				p.Code, p.Kind, p.Name, p.CoverFrom, p.CoverTo, p.Due, p.InternalDue, p.OnTimeUntil, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// regularYear reads the year of a regular period's code ("2024-H1",
// "2024-Y"); ok is false for any other code.
func regularYear(code string) (int, bool) {
	if y, kind, ok := strings.Cut(code, "-"); ok && (kind == "H1" || kind == "Y") {
		if year, err := strconv.Atoi(y); err == nil && year >= 2000 && year <= 2100 {
			return year, true
		}
	}
	return 0, false
}

// Period returns a period by code ("2024-H1"). A regular period of a year
// nobody has reported on yet is returned as the defaults say, unsaved (ID
// 0): reading never writes, and it is stored when a report is first
// written for it (storedPeriod).
func (s *Service) Period(ctx context.Context, code string) (Period, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	p, err := scanPeriod(s.db.R.QueryRowContext(ctx, `SELECT `+periodColumns+` FROM report_periods WHERE code = $1`, code))
	if errors.Is(err, sql.ErrNoRows) {
		if year, ok := regularYear(code); ok {
			for _, d := range defaults(year) {
				if d.Code == code {
					return d, nil
				}
			}
		}
		return Period{}, errs.NotFound(fmt.Sprintf("Không có kỳ báo cáo %q (dạng 2024-H1, 2024-Y, 2024-AH-1).", code), "No such period.")
	}
	return p, err
}

// storedPeriod is Period for a writer: a regular period is stored first if
// it is not yet, so that a report can refer to it.
func (s *Service) storedPeriod(ctx context.Context, code string) (Period, error) {
	p, err := s.Period(ctx, code)
	if err != nil || p.ID != 0 {
		return p, err
	}
	year, _ := regularYear(p.Code)
	if err := s.EnsureYear(ctx, year); err != nil {
		return Period{}, err
	}
	return s.Period(ctx, code)
}

// Periods lists the periods of a year, regular ones first; those not
// stored yet are given as the defaults say, unsaved (ID 0).
func (s *Service) Periods(ctx context.Context, year int) ([]Period, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+periodColumns+` FROM report_periods WHERE code LIKE $1 ORDER BY id`, strconv.Itoa(year)+"-%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	stored := map[string]Period{}
	var others []Period
	for rows.Next() {
		p, err := scanPeriod(rows)
		if err != nil {
			return nil, err
		}
		if _, regular := regularYear(p.Code); regular {
			stored[p.Code] = p
		} else {
			others = append(others, p)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Period
	for _, d := range defaults(year) {
		if p, ok := stored[d.Code]; ok {
			d = p
		}
		out = append(out, d)
	}
	return append(out, others...), nil
}

// SetWindow changes a period's coverage, due dates and on-time limit;
// empty values keep what is there. Dates are YYYY-MM-DD.
func (s *Service) SetWindow(ctx context.Context, code string, w Period) (Period, error) {
	p, err := s.storedPeriod(ctx, code)
	if err != nil {
		return p, err
	}
	v := errs.NewInvalid()
	set := func(field, typed string, dst *string) {
		if typed == "" {
			return
		}
		if _, err := vn.ParseISODate(typed); err != nil {
			v.Fieldf(field, "ngày %q không hợp lệ (dạng 2024-06-05)", typed)
			return
		}
		*dst = typed
	}
	set("from", w.CoverFrom, &p.CoverFrom)
	set("to", w.CoverTo, &p.CoverTo)
	set("due", w.Due, &p.Due)
	set("internal-due", w.InternalDue, &p.InternalDue)
	set("on-time-until", w.OnTimeUntil, &p.OnTimeUntil)
	if p.CoverTo < p.CoverFrom {
		v.Field("to", "kỳ kết thúc trước khi bắt đầu")
	}
	if p.OnTimeUntil < p.Due {
		v.Field("on-time-until", "hạn tính đúng hạn không được trước hạn gửi")
	}
	if err := v.Err(); err != nil {
		return p, err
	}
	return p, s.db.Transact(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE report_periods SET cover_from = $1, cover_to = $2, due = $3, internal_due = $4, ontime_until = $5 WHERE id = $6`,
			p.CoverFrom, p.CoverTo, p.Due, p.InternalDue, p.OnTimeUntil, p.ID)
		return err
	})
}

// dueFor is the due date a unit must meet: sub-units of a department report
// to it earlier than departments report to the province.
func (p Period) dueFor(internal bool) string {
	if internal && p.InternalDue != "" {
		return p.InternalDue
	}
	return p.Due
}

// onTimeFor is the last on-time day for a unit.
func (p Period) onTimeFor(internal bool) string {
	if internal && p.InternalDue != "" {
		return p.InternalDue
	}
	if p.OnTimeUntil != "" {
		return p.OnTimeUntil
	}
	return p.Due
}

func displayDate(d string) string {
	t, err := vn.ParseISODate(d)
	if err != nil {
		return d
	}
	return t.Format("02/01/2006")
}
