package intel_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// A report names one of the tactics people choose from, or none: a made-up
// one ("<b>Gọi ngay 0389…</b>") would otherwise be printed as a row of the
// public statistics.
func TestSubmit_RefusesATacticNotInTheList(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := intel.NewService(db, clock.NewFixed(time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)))
		_, err := s.Submit(ctx, intel.TipInput{Indicators: []string{"0389 111 222"}, Tactic: "Gọi ngay 0389 999 999 để nhận quà", IP: "10.0.0.1"})
		if msg := errs.FieldsOf(err)["tactic"]; !strings.Contains(msg, "Thủ đoạn") {
			t.Fatalf("a made-up tactic: err = %v, want the field refused in words", err)
		}
		for _, ok := range []string{"fraud", ""} {
			if _, err := s.Submit(ctx, intel.TipInput{Indicators: []string{"0389 111 223"}, Tactic: ok, IP: "10.0.0.2"}); err != nil {
				t.Errorf("tactic %q: %v", ok, err)
			}
		}
	})
}
