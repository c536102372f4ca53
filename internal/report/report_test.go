package report_test

import (
	"context"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/report"
	"github.com/canhgiac/canhgiac/internal/store"
)

func TestAggregate_RowsPerUnitOnTimeLateMissingOnBothDatabases(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := clock.NewFixed(demoNow)
		o := org.NewService(db, clk)
		p := plan.NewService(db, clk, o)
		a := activity.NewService(db, clk, o)
		r := report.NewService(db, clk, o, a, p)
		sys := access.With(ctx, access.System())
		prov, err := r.Open(sys, "cao-bang", "2024-H1")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]report.State{}
		for _, row := range prov.Figures.Rows {
			got[row.Code] = row.State
		}
		want := map[string]report.State{"cao-bang-ca": report.StateOnTime, "cao-bang-sgddt": report.StateOnTime, "cao-bang-sct": report.StateLate,
			"cao-bang-stttt": report.StateReturned, "cao-bang-mttq": report.StateMissing, "cao-bang-tp": report.StateOnTime}
		for code, st := range want {
			if got[code] != st {
				t.Errorf("%s: %q, want %q", code, got[code], st)
			}
		}
		// The merged department signs and submits its 2024-H1 report: it
		// counts for its predecessors' rows, once in the total.
		dept, err := r.Open(sys, "cao-bang-snnmt", "2024-H1")
		if err != nil {
			t.Fatal(err)
		}
		if dept.Figures.Expected != 4 || dept.Figures.Received != 3 || dept.Figures.OnTime != 2 {
			t.Errorf("the department's sub-units: expected %d received %d on time %d; want 4, 3, 2", dept.Figures.Expected, dept.Figures.Received, dept.Figures.OnTime)
		}
		if _, err := r.Sign(sys, dept.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Submit(sys, dept.ID); err != nil {
			t.Fatal(err)
		}
		prov, _ = r.Open(sys, "cao-bang", "2024-H1")
		rows := map[string]report.Row{}
		for _, row := range prov.Figures.Rows {
			rows[row.Code] = row
		}
		if rows["cao-bang-snnptnt"].State != report.StateLate || rows["cao-bang-stnmt"].ReportID != rows["cao-bang-snnptnt"].ReportID {
			t.Fatalf("merged departments' rows: %+v %+v", rows["cao-bang-snnptnt"], rows["cao-bang-stnmt"])
		}
		sum := prov.Figures.Own.Activities
		seen := map[int64]bool{}
		for _, row := range prov.Figures.Rows {
			if (row.State == report.StateOnTime || row.State == report.StateLate) && !seen[row.ReportID] {
				seen[row.ReportID] = true
				sum += row.Summary.Activities
			}
		}
		if prov.Figures.Total.Activities != sum || sum == 0 {
			t.Fatalf("total activities %d, want the sum of distinct received reports %d", prov.Figures.Total.Activities, sum)
		}
		frozen := dept.Figures
		if _, err := a.Log(sys, activity.Input{UnitCode: "cao-bang-snnmt", Date: "2024-06-01", Form: "meeting", Title: "Ghi muộn", Participants: "10"}); err != nil {
			t.Fatal(err)
		}
		again, _ := r.Get(sys, dept.ID)
		if again.Figures.Own.Activities != frozen.Own.Activities {
			t.Fatalf("a submitted report's figures changed after a late entry: %d → %d", frozen.Own.Activities, again.Figures.Own.Activities)
		}
	})
}
