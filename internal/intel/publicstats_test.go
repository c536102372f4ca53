package intel_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// The public figures are grouped by the database, by Vietnam's weeks: a
// report filed at 23:30 on a Sunday in Hà Nội (16:30 UTC) is that week's,
// one filed at 00:30 on the Monday (17:30 UTC on Sunday) the next week's.
func TestPublicCounts_GroupsByTacticProvinceAndVietnamWeek(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := clock.NewFixed(time.Date(2026, 11, 22, 16, 30, 0, 0, time.UTC)) // Sunday 23:30 in Vietnam
		s := intel.NewService(db, clk)
		s.MaxTipsPerHour = 1000
		submit := func(i int, tactic, province, money string) {
			t.Helper()
			if _, err := s.Submit(ctx, intel.TipInput{Indicators: []string{fmt.Sprintf("0389 111 %03d", i)}, Tactic: tactic, Province: province,
				MoneyLost: money, IP: fmt.Sprintf("10.0.0.%d", i)}); err != nil {
				t.Fatal(err)
			}
		}
		for i := range 6 {
			submit(i, "fraud", "Cao Bằng", "1.000.000")
		}
		submit(6, "crypto", "An Giang", "")
		clk.Set(time.Date(2026, 11, 22, 17, 30, 0, 0, time.UTC)) // Monday 00:30 in Vietnam
		submit(7, "crypto", "", "2.000.000")
		submit(8, "fraud", "Cao Bằng", "")

		// One of the Cao Bằng reports is verified.
		analyst := access.With(ctx, access.System())
		q, err := s.Queue(analyst)
		if err != nil || len(q) == 0 {
			t.Fatalf("queue: %v %v", q, err)
		}
		if _, err := s.Decide(analyst, q[len(q)-1].ID, true, ""); err != nil {
			t.Fatal(err)
		}

		zero, _ := vn.DayStart("2026-11-16") // a Monday
		month := time.Date(2026, 11, 1, 0, 0, 0, 0, vn.Zone)
		pc, err := s.PublicCounts(ctx, month, month.AddDate(0, 1, 0), zero, zero.AddDate(0, 0, 14))
		if err != nil {
			t.Fatal(err)
		}
		if len(pc.Total) != 1 || pc.Total[0] != (intel.PublicCell{Month: "2026-11", PublicGroup: intel.PublicGroup{Reports: 9, Verified: 1, MoneyLost: 8_000_000}}) {
			t.Errorf("total = %+v, want 9 reports, 1 verified, 8.000.000 in November", pc.Total)
		}
		want := []intel.PublicGroup{{Key: "0", Reports: 7, MoneyLost: 6_000_000}, {Key: "1", Reports: 2, MoneyLost: 2_000_000}}
		if len(pc.ByWeek) != 2 {
			t.Fatalf("weeks = %+v", pc.ByWeek)
		}
		for i, w := range want {
			got := pc.ByWeek[i]
			got.Verified = 0
			if got != w {
				t.Errorf("week %d = %+v, want %+v", i, pc.ByWeek[i], w)
			}
		}
		cell := func(cells []intel.PublicCell, key string) intel.PublicGroup {
			for _, c := range cells {
				if c.Key == key {
					return c.PublicGroup
				}
			}
			return intel.PublicGroup{}
		}
		if g := cell(pc.ByProvince, "Cao Bằng"); g.Reports != 7 || g.MoneyLost != 6_000_000 || g.Verified != 1 {
			t.Errorf("provinces = %+v", pc.ByProvince)
		}
		if g := cell(pc.ByTactic, "fraud"); g.Reports != 7 || cell(pc.ByTactic, "crypto") != (intel.PublicGroup{Key: "crypto", Reports: 2, MoneyLost: 2_000_000}) {
			t.Errorf("tactics = %+v", pc.ByTactic)
		}
		// A window of weeks that ends before Monday leaves the Monday's
		// reports out.
		pc, err = s.PublicCounts(ctx, month, month.AddDate(0, 1, 0), zero, zero.AddDate(0, 0, 7))
		if err != nil || len(pc.ByWeek) != 1 || pc.ByWeek[0].Reports != 7 {
			t.Errorf("first week only: %+v %v", pc, err)
		}
		// A month is Vietnam's: 23:30 on 30/11 in Hà Nội (16:30 UTC) is
		// November's, 00:30 on 01/12 (17:30 UTC on 30/11) December's.
		clk.Set(time.Date(2026, 11, 30, 16, 30, 0, 0, time.UTC))
		submit(9, "fraud", "An Giang", "")
		clk.Set(time.Date(2026, 11, 30, 17, 30, 0, 0, time.UTC))
		submit(10, "fraud", "An Giang", "")
		pc, err = s.PublicCounts(ctx, month, month.AddDate(0, 2, 0), zero, zero)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range pc.ByProvince {
			if c.Key == "An Giang" {
				got = append(got, fmt.Sprintf("%s:%d", c.Month, c.Reports))
			}
		}
		if fmt.Sprint(got) != "[2026-11:2 2026-12:1]" {
			t.Errorf("An Giang by month = %v, want [2026-11:2 2026-12:1]", got)
		}
	})
}
