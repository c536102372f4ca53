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
		pc, err := s.PublicCounts(ctx, zero, zero.AddDate(0, 0, 14), zero)
		if err != nil {
			t.Fatal(err)
		}
		if pc.Total.Reports != 9 || pc.Total.Verified != 1 || pc.Total.MoneyLost != 8_000_000 {
			t.Errorf("total = %+v, want 9 reports, 1 verified, 8.000.000", pc.Total)
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
		if pc.ByProvince[0].Key != "Cao Bằng" || pc.ByProvince[0].Reports != 7 || pc.ByProvince[0].MoneyLost != 6_000_000 {
			t.Errorf("provinces = %+v", pc.ByProvince)
		}
		if pc.ByTactic[0].Key != "fraud" || pc.ByTactic[0].Reports != 7 || pc.ByTactic[1] != (intel.PublicGroup{Key: "crypto", Reports: 2, MoneyLost: 2_000_000}) {
			t.Errorf("tactics = %+v", pc.ByTactic)
		}
		// A window that ends before Monday leaves the Monday's reports out.
		pc, err = s.PublicCounts(ctx, zero, zero.AddDate(0, 0, 7), zero)
		if err != nil || pc.Total.Reports != 7 || len(pc.ByWeek) != 1 {
			t.Errorf("first week only: %+v %v", pc, err)
		}
	})
}
