package activity_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/demo"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// The calls other packages make on activity's tables instead of writing
// SQL on them: the tactics (content, intel) and a campaign's messages
// figure (dispatch).

func newService(t *testing.T, db *store.DB) (*activity.Service, *org.Service) {
	t.Helper()
	clk := clock.NewFixed(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	o := org.NewService(db, clk)
	if err := demo.LoadUnits(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	return activity.NewService(db, clk, o), o
}

func TestTactics_KnownCodesCarryTheirIDs(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		ts, err := activity.ListTactics(ctx, db.R)
		if err != nil {
			t.Fatal(err)
		}
		if len(ts) == 0 {
			t.Fatal("no tactics: the migrations seed them")
		}
		seen := map[int64]bool{}
		for _, tc := range ts {
			if tc.ID == 0 || tc.Code == "" || tc.Name == "" || seen[tc.ID] {
				t.Errorf("tactic %+v: want a unique id, a code and a name", tc)
			}
			seen[tc.ID] = true
		}
		for _, c := range []struct {
			code string
			want bool
		}{{ts[0].Code, true}, {"fraud", true}, {"khong-co", false}, {"", false}} {
			got, err := s.HasTactic(ctx, c.code)
			if err != nil || got != c.want {
				t.Errorf("HasTactic(%q) = %v, %v; want %v", c.code, got, err, c.want)
			}
		}
	})
}

func TestSetMessages_UpdatesTheCampaignsActivityAndRefusesAnUnknownOne(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		s, o := newService(t, db)
		sys := access.With(context.Background(), access.System())
		var a *activity.Activity
		err := db.Transact(sys, func(tx *sql.Tx) error {
			var err error
			a, err = s.LogTx(sys, tx, activity.Input{UnitCode: "cao-bang-ca", Date: "2026-11-20", Form: "sms",
				Title: "Chiến dịch “Cảnh báo giả danh công an” (SMS)", Messages: "120", Source: "system"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetMessages(sys, a.ID, 150); err != nil {
			t.Fatal(err)
		}
		unit, err := o.IDByCode(sys, "cao-bang-ca")
		if err != nil {
			t.Fatal(err)
		}
		sum, err := s.Summarize(sys, unit, false, "2026-11-01", "2026-11-30")
		if err != nil {
			t.Fatal(err)
		}
		if sum.Reach.Messages != 150 || sum.Activities != 1 {
			t.Fatalf("after SetMessages the unit shows %d messages in %d activities, want 150 in 1", sum.Reach.Messages, sum.Activities)
		}
		if err := s.SetMessages(sys, a.ID+1000, 5); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("SetMessages on a missing activity: %v, want not found", err)
		}
	})
}
