package report_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/demo"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/report"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// eachDemo runs fn on SQLite and PostgreSQL holding the demo's units, plans
// and activities (on SQLite a copy of the binary's one load).
func eachDemo(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, storetest.SQLiteFilled(t, "demo-reports", loadDemoReports)) })
	t.Run("postgres", func(t *testing.T) {
		db := storetest.Postgres(t)
		if err := loadDemoReports(db); err != nil {
			t.Fatal(err)
		}
		fn(t, db)
	})
}

// demoFigures returns the live figures of each unit for the period, on a
// database holding the demo (see eachDemo).
func demoFigures(t *testing.T, db *store.DB, period string, units ...string) map[string]*report.Figures {
	t.Helper()
	ctx := access.With(context.Background(), access.System())
	clk := clock.NewFixed(demoNow)
	o := org.NewService(db, clk)
	a := activity.NewService(db, clk, o)
	pl := plan.NewService(db, clk, o)
	r := report.NewService(db, clk, o, a, pl)
	p, err := r.Period(ctx, period)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*report.Figures{}
	for _, code := range units {
		id, err := o.IDByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		f, err := r.Figures(ctx, id, p)
		if err != nil {
			t.Fatal(err)
		}
		out[code] = f
	}
	return out
}

func duty(f *report.Figures, task string) (report.DutyProgress, bool) {
	for _, d := range f.Duties {
		if strings.Contains(d.Task, task) {
			return d, true
		}
	}
	return report.DutyProgress{}, false
}

// Sở GD&ĐT issued 845/KH-SGDĐT on 10/05/2024, before the 20/5/2024 the
// province's plan set: its duty to issue a plan is done, on time, as the
// compliance view says; Sở TT&TT has only a draft, past the deadline.
func TestDuties_APlanDutyIsDoneWhenTheImplementingPlanIsIssued(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		figs := demoFigures(t, db, "2024-H1", "cao-bang-sgddt", "cao-bang-sct", "cao-bang-stttt", "cao-bang-snnptnt")
		for _, c := range []struct {
			unit, state string
			says        []string
		}{
			{"cao-bang-sgddt", report.DutyDone, []string{"Đã ban hành Kế hoạch số 845/KH-SGDĐT ngày 10/05/2024", "Đúng hạn"}},
			{"cao-bang-sct", report.DutyDone, []string{"Đã ban hành Kế hoạch số 67/KH-SCT ngày 28/05/2024", "Trễ hạn 8 ngày"}},
			{"cao-bang-stttt", report.DutyLate, []string{"Đang dự thảo kế hoạch thực hiện", "quá hạn"}},
			// Seed 004 gives no number nor date: issued, neither on time nor late.
			{"cao-bang-snnptnt", report.DutyDone, []string{"Đã ban hành kế hoạch thực hiện (không rõ ngày ban hành nên chưa xác định đúng hạn hay trễ hạn; hạn 20/05/2024)"}},
		} {
			d, ok := duty(figs[c.unit], "ban hành Kế hoạch của cơ quan")
			if !ok {
				t.Errorf("%s: no duty to issue a plan in %+v", c.unit, figs[c.unit].Duties)
				continue
			}
			if d.State != c.state {
				t.Errorf("%s: state %q, want %q (%s)", c.unit, d.State, c.state, d.StateLabel())
			}
			if strings.Contains(d.StateLabel(), "(chưa có số)") || strings.Contains(d.StateLabel(), "ngày —") {
				t.Errorf("%s: %q shows placeholders for what is not known", c.unit, d.StateLabel())
			}
			for _, s := range c.says {
				if !strings.Contains(d.StateLabel(), s) {
					t.Errorf("%s: %q does not say %q", c.unit, d.StateLabel(), s)
				}
			}
		}
	})
}

// A percentage target says what it measures, over how many, and a state
// that agrees with the share: never "chưa thực hiện" beside 100 %.
func TestDuties_APercentageTargetShowsItsMeasureAndAgreeingState(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		figs := demoFigures(t, db, "2024-H1", "cao-bang-sgddt", "cao-bang-nhnn", "cao-bang-snnptnt")
		seen := 0
		for unit, f := range figs {
			for _, d := range f.Duties {
				if !strings.Contains(d.Target, "%") {
					continue
				}
				seen++
				label := d.StateLabel()
				if d.Measure == "" || d.Actual == "" {
					t.Errorf("%s: target %q without measure or result: %+v", unit, d.Target, d)
				}
				if strings.Contains(d.Actual, "100,0 %") && (d.State != report.DutyDone || strings.Contains(strings.ToLower(label), "chưa thực hiện")) {
					t.Errorf("%s: %q reached 100 %% yet says %q", unit, d.Actual, label)
				}
				if strings.HasSuffix(d.Target, ":") {
					t.Errorf("%s: target %q ends with a hanging colon", unit, d.Target)
				}
			}
		}
		if seen == 0 {
			t.Fatal("the demo has no duty with a percentage target")
		}
	})
}

// An ad hoc request reaches every unit it addresses, whatever their kind:
// Viettel Cao Bằng, a telecom company the province asked, is expected to
// answer beside the two departments (it was dropped silently before).
func TestRequestReports_ReachesEveryAddressedUnit(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := access.With(context.Background(), access.System())
		clk := clock.NewFixed(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
		o := org.NewService(db, clk)
		a := activity.NewService(db, clk, o)
		r := report.NewService(db, clk, o, a, plan.NewService(db, clk, o))
		if err := demo.LoadUnits(ctx, o); err != nil {
			t.Fatal(err)
		}
		asked := []string{"cao-bang-sgddt", "cao-bang-sct", "cao-bang-viettel"}
		p, err := r.RequestReports(ctx, report.Request{Unit: "cao-bang", Name: "Báo cáo nhanh tình hình lừa đảo", From: "01/10/2026",
			To: "20/11/2026", Due: "15/12/2026", UnitCodes: asked})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := r.Open(ctx, "cao-bang", p.Code)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, row := range rep.Figures.Rows {
			got = append(got, row.Code)
		}
		if rep.Figures.Expected != len(asked) || strings.Join(got, " ") != strings.Join(asked, " ") {
			t.Fatalf("asked %v; the aggregate expects %d: %v", asked, rep.Figures.Expected, got)
		}
	})
}
