package dispatch_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/sms"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// byChannel is a Sender that accepts everything and counts messages by
// channel and by recipient.
type byChannel struct {
	mu sync.Mutex
	n  map[string]int
	to map[string]int
}

func (s *byChannel) Send(_ context.Context, m dispatch.Message) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n[m.Channel]++
	s.to[m.Channel+" "+m.To]++
	return fmt.Sprintf("m%d", m.ID), nil
}

// TestPreview_CountsWhatPrepareWrites: the preview counts people by
// channel in one grouped SQL query without opening them; the campaign
// prepared from the same draft, read and written a page at a time as it
// is sent, sends exactly as many messages on each channel, each person once — a number given as the Zalo contact
// goes by SMS, a Zalo id by Zalo, an address by e-mail — and a segment by
// carrier keeps only that carrier's people. With more SMS recipients than
// the preview opens, the parts of a text carrying names are an estimate,
// said to be one, close to the exact count.
func TestPreview_CountsWhatIsSent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := clock.NewFixed(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC))
		sys := access.With(ctx, access.System())
		aud := audience.NewService(db, clk)
		keys := testutil.Keys(t)
		aud.UseKeys(keys)
		const n = 2200
		want := map[string]int{}
		wantViettel := map[string]int{}
		exactParts := 0
		template, err := sms.Compose("{ten|Ban} oi, canh giac voi cuoc goi gia danh cong an yeu cau chuyen tien.", sms.Warning, "")
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			prefix := "098" // Viettel
			if i%3 == 0 {
				prefix = "091" // VinaPhone
			}
			in := audience.Input{Phone: fmt.Sprintf("%s%07d", prefix, i), Province: "Cao Bằng", Consent: true, Source: "segment_test"}
			switch i % 4 {
			case 0:
				in.Zalo = fmt.Sprintf("zl%d", i)
			case 1:
				in.Zalo = fmt.Sprintf("097%07d", i) // a number: SMS reaches it
			case 2:
				in.Email = fmt.Sprintf("nguoi%d@example.vn", i)
			}
			if i%5 < 2 {
				in.Name = "Lê Thị Hồng Nhung"
			} else if i%5 == 2 {
				in.Name = "Tran Van Ba"
			}
			ch := map[int]string{0: "zalo", 1: "sms", 2: "email", 3: "sms"}[i%4]
			want[ch]++
			if prefix == "098" {
				wantViettel[ch]++
			}
			if ch == "sms" {
				text, _ := dispatch.Render(template, map[string]string{"ten": in.Name})
				exactParts += sms.Analyze(text).Parts
			}
			if _, err := aud.Subscribe(sys, in); err != nil {
				t.Fatal(err)
			}
		}
		bca := ministry(t, db, clk)
		st := testutil.Campaigns(t, db, clk, aud, keys)
		author := access.With(ctx, &access.Actor{UserID: 7, UnitID: bca, Grants: []access.Grant{{Role: access.RoleCoordinator, ScopeUnit: bca}}})
		for _, tc := range []struct {
			seg  dispatch.Segment
			want map[string]int
		}{
			{dispatch.Segment{Province: "Cao Bằng"}, want},
			{dispatch.Segment{Province: "Cao Bằng", Carriers: []string{"viettel"}}, wantViettel},
		} {
			d := dispatch.Draft{UnitID: bca, Name: "Cảnh báo " + fmt.Sprint(tc.seg.Carriers), Channels: []string{"sms", "zalo", "email"}, Subject: "Cảnh báo",
				Text: "{ten|Ban} oi, canh giac voi cuoc goi gia danh cong an yeu cau chuyen tien.", Segment: tc.seg}
			chk, err := st.Preview(author, d)
			if err != nil {
				t.Fatal(err)
			}
			total := tc.want["sms"] + tc.want["zalo"] + tc.want["email"]
			if chk.Recipients != total || chk.ByChannel["sms"] != tc.want["sms"] || chk.ByChannel["zalo"] != tc.want["zalo"] || chk.ByChannel["email"] != tc.want["email"] {
				t.Errorf("%+v: preview %d people %v, want %d %v", tc.seg, chk.Recipients, chk.ByChannel, total, tc.want)
			}
			if len(tc.seg.Carriers) == 0 {
				if !chk.Estimated || chk.Sampled < 1000 {
					t.Errorf("%d SMS recipients: parts estimated %t from %d", tc.want["sms"], chk.Estimated, chk.Sampled)
				}
				if d := chk.Parts - exactParts; d*20 > exactParts || -d*20 > exactParts {
					t.Errorf("parts %d, exactly %d: more than 5%% off", chk.Parts, exactParts)
				}
				if chk.MinParts == chk.MaxParts {
					t.Errorf("names with and without marks, parts %d–%d", chk.MinParts, chk.MaxParts)
				}
			}
			c, planned, err := st.Prepare(author, d)
			if err != nil {
				t.Fatal(err)
			}
			if planned != total {
				t.Errorf("%+v: prepared for %d people, previewed %d", tc.seg, planned, total)
			}
			// Sent: the runner writes the audience's later pages as it goes.
			if err := st.SetState(ctx, c.ID, dispatch.StateRunning, ""); err != nil {
				t.Fatal(err)
			}
			s := &byChannel{n: map[string]int{}, to: map[string]int{}}
			if err := (&dispatch.Runner{Campaigns: st, Sender: s, Poll: 10 * time.Millisecond}).Run(ctx, c.ID); err != nil {
				t.Fatal(err)
			}
			got := s.n
			for to, k := range s.to {
				if k != 1 {
					t.Errorf("%s got %d messages", to, k)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("%+v: queued by channel %v, want %v", tc.seg, got, tc.want)
			}
		}
	})
}
