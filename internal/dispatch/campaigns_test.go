package dispatch_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/seal"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

func TestRender_Defaults(t *testing.T) {
	got, missing := dispatch.Render("{ten|bạn} ơi, {tinh}: cảnh giác", map[string]string{"tinh": "Cao Bằng"})
	if got != "bạn ơi, Cao Bằng: cảnh giác" || len(missing) != 0 {
		t.Fatalf("Render = %q, %v", got, missing)
	}
	if _, missing := dispatch.Render("{ten}: cảnh giác", map[string]string{"ten": "  "}); len(missing) != 1 || missing[0] != "ten" {
		t.Fatalf("a blank value is missing: %v", missing)
	}
}

// The draft rules a coordinator meets: variables without values, unknown
// variables, a schedule in the past, quiet hours and caps as typed; then
// a scheduled campaign waits for its time after approval, and unknown
// messages wait for a person's decision.
func TestPrepare_DraftRulesScheduleAndUnknowns(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		clk := clock.NewFixed(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)) // 10:00 in Vietnam
		sys := access.With(context.Background(), access.System())
		aud := audience.NewService(db, clk)
		keys := testutil.Keys(t)
		aud.UseKeys(keys)
		for _, in := range []audience.Input{
			{Phone: "0912000001", Name: "Nguyễn Văn An", Province: "Cao Bằng", Consent: true},
			{Phone: "0912000002", Province: "Cao Bằng", Consent: true},
			{Phone: "0912000003", Province: "Hà Nội", Consent: true},
			{Phone: "0912000004", Province: "Cao Bằng", Consent: true},
		} {
			if _, err := aud.Subscribe(sys, in); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := aud.OptOut(sys, "+84912000004"); err != nil {
			t.Fatal(err)
		}
		bca := ministry(t, db, clk)
		st := testutil.Campaigns(t, db, clk, aud, keys)
		author := access.With(context.Background(), &access.Actor{UserID: 7, UnitID: bca, Grants: []access.Grant{{Role: access.RoleCoordinator, ScopeUnit: bca}}})
		leader := access.With(context.Background(), &access.Actor{UserID: 8, UnitID: bca, Grants: []access.Grant{{Role: access.RoleLeader, ScopeUnit: bca}}})
		officer := access.With(context.Background(), &access.Actor{UserID: 9, UnitID: bca, Grants: []access.Grant{{Role: access.RoleOfficer, ScopeUnit: bca}}})
		d := dispatch.Draft{UnitID: bca, Name: "Cảnh báo", Text: "{ten}: khong chuyen tien cho nguoi la.", Segment: dispatch.Segment{Province: "Cao Bằng"}}

		if _, err := st.Preview(officer, d); errs.KindOf(err) != errs.KindForbidden {
			t.Fatalf("an officer previewed a campaign: %v", err)
		}
		chk, err := st.Preview(author, d)
		if chk == nil || chk.Recipients != 2 || chk.Missing["ten"] != 1 || !strings.Contains(errs.FieldsOf(err)["text"], "{ten} còn trống ở 1 người nhận") {
			t.Fatalf("preview: %+v, %v", chk, err)
		}
		bad := d
		bad.Text, bad.Schedule, bad.QuietStart, bad.QuietEnd, bad.DailyCap = "{ho}: canh giac", "22/11/2026 08:00", "25:00", "07:00", "0"
		f := errs.FieldsOf(func() error { _, _, err := st.Prepare(author, bad); return err }())
		for field, want := range map[string]string{"text": "Không có biến {ho}", "schedule": "đã qua", "quiet_start": "không phải giờ hợp lệ", "daily_cap": "từ 1 đến 20"} {
			if !strings.Contains(f[field], want) {
				t.Errorf("field %s: %q, want %q", field, f[field], want)
			}
		}

		d.Text, d.Schedule, d.QuietStart, d.QuietEnd, d.DailyCap = "{ten|Ban}: khong chuyen tien cho nguoi la.", "23/11/2026 14:00", "21:30", "06:00", "2"
		c, n, err := st.Prepare(author, d)
		if err != nil || n != 2 || c.State != dispatch.StatePending || c.QuietStart != 21*60+30 || c.DailyCap != 2 || c.ScheduledAt == nil || !c.ScheduledAt.Equal(time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)) {
			t.Fatalf("prepare: %+v, %d, %v", c, n, err)
		}
		if err := st.Approve(author, c.ID); errs.KindOf(err) != errs.KindForbidden {
			t.Fatalf("the author approved: %v", err)
		}
		if err := st.Approve(leader, c.ID); err != nil {
			t.Fatal(err)
		}
		if ids, _ := st.Running(sys); len(ids) != 0 {
			t.Fatalf("a campaign scheduled for 14:00 runs at 10:00: %v", ids)
		}
		clk.Set(time.Date(2026, 11, 23, 7, 0, 1, 0, time.UTC))
		if ids, _ := st.Running(sys); len(ids) != 1 || ids[0] != c.ID {
			t.Fatalf("at 14:00 the campaign does not run: %v", ids)
		}
		stored, err := store.Column[string](db.R.Query(`SELECT text FROM messages WHERE campaign_id = $1`, c.ID))
		texts := opened(t, keys, "messages.text", stored, err)
		sort.Strings(texts)
		if len(texts) != 2 || !strings.HasPrefix(texts[1], "Nguyễn Văn An:") || !strings.HasPrefix(texts[0], "Ban:") {
			t.Fatalf("rendered texts: %q", texts)
		}

		// Two messages of unknown outcome: the leader has them sent again.
		db.W.Exec(`UPDATE messages SET state = 'unknown' WHERE campaign_id = $1`, c.ID)
		if _, err := st.ResolveUnknown(officer, c.ID, true); errs.KindOf(err) != errs.KindForbidden {
			t.Fatalf("an officer decided on unknown messages: %v", err)
		}
		if k, err := st.ResolveUnknown(leader, c.ID, true); err != nil || k != 2 {
			t.Fatalf("resend: %d, %v", k, err)
		}
		if cnt, _ := st.Counts(sys, c.ID); cnt.Queued != 2 || cnt.Unknown != 0 {
			t.Fatalf("after the decision: %+v", cnt)
		}
	})
}

// fixedID answers every message with the same id, as two unrelated
// channels may.
type fixedID struct{ rc chan dispatch.Receipt }

func (f fixedID) Send(context.Context, dispatch.Message) (string, error) { return "1001", nil }
func (f fixedID) Receipts() <-chan dispatch.Receipt                      { return f.rc }

// A receipt from one channel never settles another channel's message that
// happens to carry the same id.
func TestTag_KeepsChannelsIdsApart(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		st := testutil.Campaigns(t, db, clock.Real{}, nil, testutil.Keys(t))
		smsRaw, hookRaw := fixedID{make(chan dispatch.Receipt, 1)}, fixedID{}
		smsSender, hookSender := dispatch.Tag("sms", smsRaw), dispatch.Tag("webhook", hookRaw)
		var ids []int64
		for _, c := range []struct {
			channel string
			s       dispatch.Sender
		}{{"sms", smsSender}, {"webhook", hookSender}} {
			cp, err := st.Create(ctx, dispatch.Campaign{Name: c.channel, Channel: c.channel, Template: "x", State: dispatch.StateRunning}, []dispatch.Recipient{{To: "+84912000001"}})
			if err != nil {
				t.Fatal(err)
			}
			if err := (&dispatch.Runner{Campaigns: st, Sender: c.s, Poll: 10 * time.Millisecond}).Run(ctx, cp.ID); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, cp.ID)
		}
		dctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { st.Deliveries(dctx, smsSender.(dispatch.Receipts).Receipts()); close(done) }()
		smsRaw.rc <- dispatch.Receipt{ChannelID: "1001", Delivered: false, Status: "UNDELIV"}
		for {
			n, _ := st.Counts(ctx, ids[0])
			if n.Failed == 1 {
				break
			}
			if ctx.Err() != nil {
				t.Fatalf("the SMS receipt was not applied: %+v", n)
			}
			time.Sleep(20 * time.Millisecond)
		}
		stop()
		<-done
		if n, _ := st.Counts(ctx, ids[1]); n.Submitted != 1 || n.Failed != 0 {
			t.Fatalf("the webhook message took the SMS receipt: %+v", n)
		}
	})
}

// throttling answers "slow down" until released.
type throttling struct {
	mu       sync.Mutex
	released bool
	sent     int
}

func (s *throttling) Send(context.Context, dispatch.Message) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.released {
		return "", dispatch.ErrThrottled
	}
	s.sent++
	return fmt.Sprintf("z%d", s.sent), nil
}

type counting struct {
	mu   sync.Mutex
	sent int
}

func (s *counting) Send(context.Context, dispatch.Message) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent++
	return fmt.Sprintf("s%d", s.sent), nil
}

// On several channels, a channel that asks to slow down is held alone:
// the others go on, and it resumes once it accepts again.
func TestRunner_OneChannelThrottledTheOthersGoOn(t *testing.T) {
	st := testutil.Campaigns(t, storetest.SQLite(t), clock.Real{}, nil, testutil.Keys(t))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var rs []dispatch.Recipient
	for i := range 40 {
		ch, to := "sms", fmt.Sprintf("+849120%05d", i)
		if i%2 == 0 {
			ch, to = "zalo", fmt.Sprintf("55210000%05d", i)
		}
		rs = append(rs, dispatch.Recipient{To: to, Channel: ch, Text: "Canh giac"})
	}
	c, err := st.Create(ctx, dispatch.Campaign{Name: "hai kênh", Channel: "zalo,sms", Template: "Canh giac", State: dispatch.StateRunning, QuietStart: 0, QuietEnd: 0}, rs)
	if err != nil {
		t.Fatal(err)
	}
	zalo, sms := &throttling{}, &counting{}
	r := &dispatch.Runner{Campaigns: st, Sender: dispatch.ByChannel{"zalo": zalo, "sms": sms}, Backoff: 100 * time.Millisecond, Poll: 20 * time.Millisecond, Batch: 10}
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx, c.ID) }()
	for {
		sms.mu.Lock()
		n := sms.sent
		sms.mu.Unlock()
		if n == 20 {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("SMS stalled behind the throttled Zalo: %d of 20 sent", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
	got, _ := st.Get(ctx, c.ID)
	if !strings.Contains(got.StatusNote, "Kênh zalo yêu cầu gửi chậm lại") {
		t.Errorf("note while Zalo is held: %q", got.StatusNote)
	}
	zalo.mu.Lock()
	zalo.released = true
	zalo.mu.Unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n, _ := st.Counts(ctx, c.ID); n.Submitted != 40 {
		t.Fatalf("counts %+v, want all 40 submitted", n)
	}
}

// opened are values of a sealed column, opened with the test's keys.
func opened(t *testing.T, k *seal.Keys, where string, stored []string, err error) []string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(stored))
	for i, v := range stored {
		if !seal.IsSealed(v) {
			t.Fatalf("%s holds %q in clear", where, v)
		}
		if out[i], err = k.Open(where, v); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// index is the blind index of a contact under the test's keys.
func index(t *testing.T, k *seal.Keys, contact string) string {
	t.Helper()
	ix, err := k.Index(audience.NormalContact(contact))
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// ministry creates the national unit the tests' people work in (the
// campaign service scopes everything to units) and returns its id.
func ministry(t *testing.T, db *store.DB, clk clock.Clock) int64 {
	t.Helper()
	u, err := org.NewService(db, clk).Create(access.With(context.Background(), access.System()),
		org.UnitInput{Code: "bca", Name: "Bộ Công an", ShortName: "BCA", Type: org.TypeMinistry, ValidFrom: "2020-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}
