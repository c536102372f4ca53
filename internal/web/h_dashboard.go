package web

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"strconv"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/report"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// DashboardPeriod is one period's completeness and timeliness.
type DashboardPeriod struct {
	Period   report.Period
	Expected int
	Received int
	OnTime   int
	Late     []report.Row // late, missing or returned
	Total    activity.Summary
}

// Bar is one bar of a chart drawn as SVG (no script, no inline style).
type Bar struct {
	Label string
	Value int64
	Width int // of 100
}

// DashboardPage is the coordinator's overview.
type DashboardPage struct {
	Page
	Unit    org.Unit
	Units   []org.Unit
	Year    int
	Empty   int // the current year, when it has no figures and an earlier year is shown
	Periods []DashboardPeriod
	ByForm  []Bar
	Tactics []activity.Tactic
	Forms   []activity.Form
}

// TacticCount is how many activities of a period warned about a tactic.
func (d DashboardPeriod) TacticCount(code string) int { return d.Total.ByTactic[code] }

// FormCount is how many activities of a period took a form.
func (d DashboardPeriod) FormCount(code string) int { return d.Total.ByForm[code] }

// Share is n of m as people read it, "85,7 %" ("—" of nothing).
func (p *DashboardPage) Share(n, m int) string { return vn.Share(n, m) }

// Pct is n of m as a whole percentage, for the widths of bars.
func (p *DashboardPage) Pct(n, m int) int {
	if m == 0 {
		return 0
	}
	return n * 100 / m
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := access.From(ctx)
	year, _ := strconv.Atoi(r.URL.Query().Get("nam"))
	if year < 2000 || year > 2100 {
		year = vn.In(s.clock.Now()).Year()
	}
	p := &DashboardPage{Page: Page{Title: "Tổng quan", Nav: "dashboard"}, Year: year}
	var err error
	if p.Units, err = s.org.UnitsOf(ctx, a); err != nil {
		return err
	}
	p.Unit = p.Units[0]
	if code := r.URL.Query().Get("don-vi"); code != "" {
		u, err := s.org.Lookup(ctx, code, s.org.Today())
		if err != nil {
			return err
		}
		if err := s.org.Authorize(ctx, access.ReportView, u.ID); err != nil {
			return err
		}
		p.Unit = u
		if !slices.ContainsFunc(p.Units, func(x org.Unit) bool { return x.ID == u.ID }) {
			p.Units = append(p.Units, u)
		}
	}
	if p.Tactics, err = s.activity.Tactics(ctx); err != nil {
		return err
	}
	p.Forms = activity.Forms
	// Without a year asked for, open on the latest year that has figures
	// (activities or received reports), not on an empty current year of
	// 0 % and overdue everywhere; look back a few years at most.
	asked := r.URL.Query().Get("nam") != ""
	var byForm activity.Summary
	for back := 0; ; back++ {
		if p.Periods, byForm, err = s.dashboardYear(ctx, p.Unit.Code, year-back); err != nil {
			return err
		}
		if asked || hasFigures(p.Periods) || back == dashboardLookBack {
			if back > 0 && hasFigures(p.Periods) {
				p.Empty, p.Year = year, year-back
			} else if back > 0 {
				// Nothing in the years looked at: show the current one.
				if p.Periods, byForm, err = s.dashboardYear(ctx, p.Unit.Code, year); err != nil {
					return err
				}
			}
			break
		}
	}
	var max int64 = 1
	for _, fm := range activity.Forms {
		if v := int64(byForm.ByForm[fm.Code]); v > 0 {
			p.ByForm = append(p.ByForm, Bar{Label: fm.Label, Value: v})
			if v > max {
				max = v
			}
		}
	}
	sort.SliceStable(p.ByForm, func(i, j int) bool { return p.ByForm[i].Value > p.ByForm[j].Value })
	for i := range p.ByForm {
		p.ByForm[i].Width = int(p.ByForm[i].Value * 100 / max)
	}
	return s.render(w, r, http.StatusOK, "dashboard", p)
}

// dashboardLookBack is how many years before the current one the
// dashboard looks for figures when no year is asked for.
const dashboardLookBack = 5

// dashboardYear reads each period of a year for the unit, and the yearly
// figures by form.
func (s *Server) dashboardYear(ctx context.Context, unitCode string, year int) ([]DashboardPeriod, activity.Summary, error) {
	periods, err := s.report.Periods(ctx, year)
	if err != nil {
		return nil, activity.Summary{}, err
	}
	var out []DashboardPeriod
	byForm := activity.NewSummary()
	for _, per := range periods {
		rep, err := s.report.Show(ctx, unitCode, per.Code)
		if err != nil {
			return nil, activity.Summary{}, err
		}
		f := rep.Figures
		dp := DashboardPeriod{Period: per, Expected: f.Expected, Received: f.Received, OnTime: f.OnTime, Total: f.Total}
		for _, row := range f.Rows {
			if row.State == report.StateLate || row.State == report.StateMissing || row.State == report.StateReturned {
				dp.Late = append(dp.Late, row)
			}
		}
		if per.Kind == "year" {
			byForm = f.Total
		}
		out = append(out, dp)
	}
	return out, byForm, nil
}

// hasFigures reports whether any period has an activity or a received
// report.
func hasFigures(ps []DashboardPeriod) bool {
	for _, p := range ps {
		if p.Total.Activities > 0 || p.Received > 0 {
			return true
		}
	}
	return false
}

// Px is the width in pixels (of 300) of a bar for n of m.
func (p *DashboardPage) Px(n, m int) int { return p.Pct(n, m) * 3 }
