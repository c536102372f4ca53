package web

import (
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
	Periods []DashboardPeriod
	ByForm  []Bar
	Tactics []activity.Tactic
	Forms   []activity.Form
}

// TacticCount is how many activities of a period warned about a tactic.
func (d DashboardPeriod) TacticCount(code string) int { return d.Total.ByTactic[code] }

// FormCount is how many activities of a period took a form.
func (d DashboardPeriod) FormCount(code string) int { return d.Total.ByForm[code] }

// Pct is n of m as a whole percentage.
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
	periods, err := s.report.Periods(ctx, year)
	if err != nil {
		return err
	}
	byForm := activity.NewSummary()
	for _, per := range periods {
		rep, err := s.report.Show(ctx, p.Unit.Code, per.Code)
		if err != nil {
			return err
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
		p.Periods = append(p.Periods, dp)
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

// Px is the width in pixels (of 300) of a bar for n of m.
func (p *DashboardPage) Px(n, m int) int { return p.Pct(n, m) * 3 }
