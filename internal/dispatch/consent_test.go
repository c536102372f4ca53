package dispatch_test

import (
	"context"
	"strings"
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
		bca := ministry(t, db, clk)
		st := testutil.Campaigns(t, db, clk, aud, keys)
		author := access.With(context.Background(), &access.Actor{UserID: 7, UnitID: bca, Grants: []access.Grant{{Role: access.RoleCoordinator, ScopeUnit: bca}}})
		chk, err := st.Preview(author, dispatch.Draft{UnitID: bca, Name: "Cảnh báo", Text: "Khong chuyen tien cho nguoi la.", Segment: dispatch.Segment{Province: "Cao Bằng"}})
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

// The person's copy by their token carries every contact of their
// subscription and the messages sent to each (an e-mail, an SMS, a Zalo
// message), opened; erasing by the token takes the contact and text out of
// all of them.
func TestSubject_CopyByTokenCoversEveryContactAndItsMessages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		clk := clock.NewFixed(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC))
		sys := access.With(context.Background(), access.System())
		aud := audience.NewService(db, clk)
		keys := testutil.Keys(t)
		aud.UseKeys(keys)
		st := testutil.Campaigns(t, db, clk, aud, keys)
		aud.UseMessages(st)
		if _, err := aud.Subscribe(sys, audience.Input{Phone: "0912000005", Email: "ba.hoa@example.vn", Zalo: "zalo-ba-hoa", Name: "Trần Thị Hoa", Province: "Cao Bằng", Consent: true}); err != nil {
			t.Fatal(err)
		}
		for _, r := range []dispatch.Recipient{{To: "+84912000005", Channel: "sms", Text: "tin SMS"}, {To: "ba.hoa@example.vn", Channel: "email", Text: "thư"}, {To: "zalo-ba-hoa", Channel: "zalo", Text: "tin Zalo"}, {To: "+84912000006", Channel: "sms", Text: "người khác"}} {
			if _, err := st.Create(sys, dispatch.Campaign{Name: "Cảnh báo", Channel: r.Channel, Template: "x", State: dispatch.StatePaused}, []dispatch.Recipient{r}); err != nil {
				t.Fatal(err)
			}
		}
		var token string
		if err := db.R.QueryRow(`SELECT token FROM subscribers`).Scan(&token); err != nil {
			t.Fatal(err)
		}
		d, err := aud.SubjectByToken(context.Background(), token)
		if err != nil || d.Subscription == nil || d.Subscription.Email != "ba.hoa@example.vn" || d.Subscription.Zalo != "zalo-ba-hoa" || d.Subscription.Name != "Trần Thị Hoa" {
			t.Fatalf("the copy: %+v %v", d, err)
		}
		var got []string
		for _, m := range d.Messages {
			got = append(got, m.To+" "+m.Text)
		}
		if strings.Join(got, "|") != "+84912000005 tin SMS|ba.hoa@example.vn thư|zalo-ba-hoa tin Zalo" {
			t.Fatalf("the copy's messages: %q", got)
		}
		if err := aud.EraseByToken(context.Background(), token); err != nil {
			t.Fatal(err)
		}
		left, err := st.SentTo(context.Background(), []string{index(t, keys, "+84912000005"), index(t, keys, "ba.hoa@example.vn"), index(t, keys, "zalo-ba-hoa")})
		if err != nil || len(left) != 0 {
			t.Fatalf("messages left after erasure: %+v %v", left, err)
		}
		var skipped, other int
		db.R.QueryRow(`SELECT COUNT(*) FROM messages WHERE state = 'skipped' AND recipient = '' AND text = ''`).Scan(&skipped)
		db.R.QueryRow(`SELECT COUNT(*) FROM messages WHERE recipient_index = $1 AND state = 'queued'`, index(t, keys, "+84912000006")).Scan(&other)
		if skipped != 3 || other != 1 {
			t.Fatalf("after erasure: %d of the person's messages skipped and emptied, %d of another's kept", skipped, other)
		}
	})
}
