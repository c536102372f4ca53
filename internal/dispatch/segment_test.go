package dispatch_test

import (
	"context"
	"fmt"
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

// TestPreview_CountsWhatPrepareWrites: the preview counts people by
// channel in one grouped SQL query without opening them; the campaign
// prepared from the same draft, read a page at a time, writes exactly as
// many message rows on each channel — a number given as the Zalo contact
// goes by SMS, a Zalo id by Zalo, an address by e-mail — and a segment by
// carrier keeps only that carrier's people. With more SMS recipients than
// the preview opens, the parts of a text carrying names are an estimate,
// said to be one, close to the exact count.
func TestPreview_CountsWhatPrepareWrites(t *testing.T) {
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
			c, written, err := st.Prepare(author, d)
			if err != nil {
				t.Fatal(err)
			}
			if written != total {
				t.Errorf("%+v: prepared %d messages, previewed %d", tc.seg, written, total)
			}
			rows, err := db.R.QueryContext(ctx, `SELECT channel, COUNT(*) FROM messages WHERE campaign_id = $1 AND state = 'queued' GROUP BY channel`, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for rows.Next() {
				var ch string
				var k int
				if err := rows.Scan(&ch, &k); err != nil {
					t.Fatal(err)
				}
				got[ch] = k
			}
			rows.Close()
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("%+v: queued by channel %v, want %v", tc.seg, got, tc.want)
			}
		}
	})
}
