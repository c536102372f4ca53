package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/demo"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
	"github.com/canhgiac/canhgiac/internal/vn"
)

func TestDemo_SeedPlansAreLinkedAndTheirDutiesMapped(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir, cfg.Demo = testutil.DemoDir(t), true
	a, err := app.Open(context.Background(), cfg, app.Options{Out: io.Discard, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx := access.With(context.Background(), access.System())
	p940, err := a.Plan.ByLabel(ctx, "940/KH-UBND")
	if err != nil {
		t.Fatal(err)
	}
	parent, err := a.Plan.Get(ctx, p940.ParentPlanID)
	if err != nil || parent.Label() != "578/KH-BCA-A05" || parent.Kind != plan.KindReference {
		t.Fatalf("940's parent = %v, %v; want the reference 578/KH-BCA-A05", parent, err)
	}
	if p940.IssuedOn != "2024-04-22" || p940.PlanDeadline != "2024-05-20" || p940.Status != plan.StatusIssued {
		t.Fatalf("940 = %s %s %s", p940.IssuedOn, p940.PlanDeadline, p940.Status)
	}
	groups := map[int]string{}
	for _, d := range p940.Duties {
		if !d.Mapped() {
			t.Errorf("940 duty %q to %q is not mapped to a unit", d.Task, d.UnitText)
		}
		groups[d.Group] = d.UnitCode + d.Addressees
	}
	want := map[int]string{1: "cao-bang-ca", 2: "cao-bang-stttt", 3: "cao-bang-sgddt", 4: "cao-bang-sct", 5: "cao-bang-sgtvt", 6: "cao-bang-nhnn",
		7: "cao-bang:press", 8: "cao-bang:department,district,commune,massorg", 9: "cao-bang-mttq"}
	for g, w := range want {
		if groups[g] != w {
			t.Errorf("940 duty group %d → %q, want %q", g, groups[g], w)
		}
	}
	ps, err := a.Plan.List(ctx, plan.Filter{Unit: "cao-bang-snnptnt"})
	if err != nil || len(ps) != 1 || ps[0].ParentPlanID != p940.ID {
		t.Fatalf("Sở NN&PTNT's plan should implement 940: %v %v", ps, err)
	}
	c, err := a.Plan.Compliance(ctx, p940.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Counts[plan.StateOnTime] == 0 || c.Counts[plan.StateLate] == 0 || c.Counts[plan.StateMissing] == 0 || c.Counts[plan.StateDrafting] == 0 {
		t.Fatalf("the demo's compliance view should show on-time, late, drafting and missing units: %v", c.Counts)
	}
	drafts, _ := a.Plan.List(ctx, plan.Filter{Unit: "dak-nong-skhcn"})
	if len(drafts) != 1 || drafts[0].Status != plan.StatusDraft || drafts[0].Number != "" {
		t.Fatalf("the Đắk Nông plan should be a draft without a number: %v", drafts)
	}
}

func TestLoadProvince_EveryCommuneOfCaoBangWithASchoolThroughTheImport(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		o := org.NewService(db, clock.NewFixed(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)))
		ctx := access.With(context.Background(), access.System())
		if err := demo.LoadUnits(ctx, o); err != nil {
			t.Fatal(err)
		}
		added, err := demo.LoadProvince(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		communes, err := o.ChildrenOf(ctx, "cao-bang", o.Today(), org.TypeCommune)
		if err != nil {
			t.Fatal(err)
		}
		if want := len(vn.Communes("Cao Bằng")); len(communes) != want {
			t.Fatalf("%d communes under Cao Bằng today, want every one of the %d", len(communes), want)
		}
		for _, c := range communes {
			schools, err := o.ChildrenOf(ctx, c.Code, o.Today(), org.TypeSubunit)
			if err != nil || len(schools) != 1 {
				t.Fatalf("%s has %d schools (%v)", c.Name, len(schools), err)
			}
		}
		for _, code := range []string{"cao-bang-btg-tu", "cao-bang-bcd35"} {
			if _, err := o.Lookup(ctx, code, o.Today()); err != nil {
				t.Fatalf("%s: %v", code, err)
			}
		}
		if again, err := demo.LoadProvince(ctx, o); err != nil || again != 0 || added < 120 {
			t.Fatalf("added %d, then %d again (%v)", added, again, err)
		}
	})
}
