package dispatch_test

import (
	"context"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// nowhere is a courier that accepts every code and delivers none: the
// person never confirms.
type nowhere struct{}

func (nowhere) Can(string) bool                           { return true }
func (nowhere) Send(context.Context, audience.Note) error { return nil }

// Only a proven consent makes a person a campaign's audience: neither a
// form awaiting its code, nor a portal subscription from before consent
// had to be proven, gets a campaign message.
func TestAudience_UnconfirmedGetsNoCampaignMessage(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		clk := clock.NewFixed(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC))
		sys := access.With(context.Background(), access.System())
		aud := audience.NewService(db, clk)
		keys := testutil.Keys(t)
		aud.UseKeys(keys)
		aud.UseCourier(nowhere{}, "")
		for _, phone := range []string{"0912000001", "0912000002"} {
			if _, err := aud.Subscribe(sys, audience.Input{Phone: phone, Province: "Cao Bằng", Consent: true}); err != nil {
				t.Fatal(err)
			}
		}
		// 0912000002 came from the portal before double opt-in: never proven.
		if _, err := db.W.Exec(`UPDATE subscribers SET confirmed_at = NULL, confirmed_channel = '', source = 'portal' WHERE phone_index = $1`, index(t, keys, "+84912000002")); err != nil {
			t.Fatal(err)
		}
		if _, err := aud.Request(sys, audience.Input{Phone: "0912000003", Province: "Cao Bằng", Consent: true}); err != nil {
			t.Fatal(err)
		}
		st := dispatch.NewStore(db, clk).With(aud, keys)
		author := access.With(context.Background(), &access.Actor{UserID: 7, Grants: []access.Grant{{Role: access.RoleCoordinator, ScopeUnit: 1}}})
		chk, err := st.Preview(author, dispatch.Draft{Name: "Cảnh báo", Text: "Khong chuyen tien cho nguoi la.", Segment: dispatch.Segment{Province: "Cao Bằng"}})
		if err != nil || chk.Recipients != 1 {
			t.Fatalf("preview: %+v %v, want the one confirmed person", chk, err)
		}
		// A marketing message needs consent: the unproven one is skipped.
		c, err := st.Create(sys, dispatch.Campaign{Name: "Khuyến mại", Template: "Tin quang cao", Class: "marketing", State: dispatch.StateRunning},
			[]dispatch.Recipient{{To: "+84912000001"}, {To: "+84912000002"}, {To: "+84912000003"}})
		if err != nil {
			t.Fatal(err)
		}
		n, _ := st.Counts(sys, c.ID)
		if n.Queued != 1 || n.Skipped != 2 {
			t.Fatalf("marketing to unproven consents: %+v", n)
		}
	})
}
