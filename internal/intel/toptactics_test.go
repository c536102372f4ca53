package intel_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// The home page's "this week's scams": the tactics most reported in the
// window, rejected, merged and older reports left out.
func TestTopTactics_MostReportedOfTheWindow(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := sealedService(t, db)
		submit := func(tactic string, i int) string {
			tip, err := s.Submit(ctx, intel.TipInput{Indicators: []string{fmt.Sprintf("09%08d", 12340000+i)}, Tactic: tactic,
				Description: "Bị gọi điện đòi chuyển tiền.", IP: fmt.Sprintf("10.0.%d.1", i)})
			if err != nil {
				t.Fatal(err)
			}
			return tip.Code
		}
		i := 0
		for tactic, n := range map[string]int{"fraud": 3, "crypto": 2, "gambling": 1, "forex": 2} {
			for range n {
				i++
				submit(tactic, i)
			}
		}
		old := submit("gambling", 90)
		rejected := submit("gambling", 91)
		now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
		if _, err := db.W.ExecContext(ctx, `UPDATE tips SET created_at = $1 WHERE code = $2`, now.AddDate(0, 0, -8), old); err != nil {
			t.Fatal(err)
		}
		if _, err := db.W.ExecContext(ctx, `UPDATE tips SET status = 'rejected' WHERE code = $1`, rejected); err != nil {
			t.Fatal(err)
		}
		if _, err := db.W.ExecContext(ctx, `UPDATE tips SET status = 'verified' WHERE tactic = 'forex'`); err != nil {
			t.Fatal(err)
		}
		got, err := s.TopTactics(ctx, now.AddDate(0, 0, -7), now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		want := []intel.TacticCount{{"fraud", 3, 0}, {"forex", 2, 2}, {"crypto", 2, 0}, {"gambling", 2, 0}}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("top = %v, want %v", got, want)
		}
	})
}
