package dispatch_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// pagedCampaign subscribes n people of Cao Bằng and prepares an SMS
// campaign of the ministry to them, its audience written 5 people a page.
func pagedCampaign(t *testing.T, db *store.DB, n int) (*dispatch.Service, *audience.Service, *dispatch.Campaign, int) {
	t.Helper()
	ctx := context.Background()
	clk := ticking(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)) // 10:00 in Vietnam
	sys := access.With(ctx, access.System())
	aud := audience.NewService(db, clk)
	keys := testutil.Keys(t)
	aud.UseKeys(keys)
	for i := range n {
		if _, err := aud.Subscribe(sys, audience.Input{Phone: fmt.Sprintf("0981%06d", i), Province: "Cao Bằng", Consent: true, Source: "pages_test"}); err != nil {
			t.Fatal(err)
		}
	}
	st := testutil.Campaigns(t, db, clk, aud, keys)
	dispatch.SetPageSize(st, 5)
	c, planned, err := st.Prepare(sys, dispatch.Draft{UnitID: ministry(t, db, clk), Name: "Cảnh báo cuộc gọi giả danh", Text: "Canh bao: cong an khong goi dien yeu cau chuyen tien.", Segment: dispatch.Segment{Province: "Cao Bằng"}})
	if err != nil {
		t.Fatal(err)
	}
	return st, aud, c, planned
}

// TestPrepare_WritesOnePageTheRunnersTheRestEachPersonOnce: preparing a
// campaign to a segment writes its first page only, while the campaign
// counts everyone the preview counted; the runners write the later pages
// as they send. Two runners sending the same campaign at once (as two
// instances without leases would) still message each person exactly
// once; a person who opts out after the preparation is not messaged, nor
// is a person who subscribed after it.
func TestPrepare_WritesOnePageTheRunnersTheRestEachPersonOnce(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sys := access.With(ctx, access.System())
		const n = 23
		st, aud, c, planned := pagedCampaign(t, db, n)
		if planned != n {
			t.Fatalf("prepared for %d people, want %d", planned, n)
		}
		var rows int
		db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM messages WHERE campaign_id = $1`, c.ID).Scan(&rows)
		if rows != 5 {
			t.Errorf("prepare wrote %d message rows, want one page of 5", rows)
		}
		if k, _ := st.Counts(ctx, c.ID); k.Total != n || k.Queued != n || k.Unwritten != n-5 || k.Finished() {
			t.Errorf("counts after prepare %+v: want %d to send", k, n)
		}
		// Between the preparation and the sending.
		if ok, err := aud.OptOut(ctx, "0981000012"); err != nil || !ok {
			t.Fatalf("opt out: %v %v", ok, err)
		}
		if _, err := aud.Subscribe(sys, audience.Input{Phone: "0981999999", Province: "Cao Bằng", Consent: true, Source: "pages_test"}); err != nil {
			t.Fatal(err)
		}
		if err := st.SetState(ctx, c.ID, dispatch.StateRunning, ""); err != nil {
			t.Fatal(err)
		}
		s := &byChannel{n: map[string]int{}, to: map[string]int{}}
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		for range 2 {
			wg.Go(func() {
				r := &dispatch.Runner{Campaigns: st, Sender: s, Batch: 4, Poll: 5 * time.Millisecond, Flush: 5 * time.Millisecond}
				ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
				defer cancel()
				errs <- r.Run(ctx, c.ID)
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if len(s.to) != n-1 {
			t.Errorf("%d people messaged, want %d (everyone but the one who opted out)", len(s.to), n-1)
		}
		for to, k := range s.to {
			if k != 1 {
				t.Errorf("%s got %d messages", to, k)
			}
		}
		if s.to[" +84981000012"] != 0 || s.to[" +84981999999"] != 0 {
			t.Errorf("messaged the person who opted out (%d) or who subscribed after the preparation (%d)", s.to[" +84981000012"], s.to[" +84981999999"])
		}
		k, _ := st.Counts(ctx, c.ID)
		if k.Total != n-1 || k.Submitted != n-1 || k.Unwritten != 0 || !k.Finished() {
			t.Errorf("counts after sending %+v, want %d sent", k, n-1)
		}
		if got, _ := st.Get(ctx, c.ID); got.State != dispatch.StateDone {
			t.Errorf("campaign %s, want done", got.State)
		}
	})
}

// TestCancel_ThePeopleNotYetWrittenCountAsNotSent: a campaign cancelled
// before its later pages are written still counts its whole audience,
// every one of them not sent.
func TestCancel_ThePeopleNotYetWrittenCountAsNotSent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		st, _, c, _ := pagedCampaign(t, db, 12)
		if err := st.Cancel(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if k, _ := st.Counts(ctx, c.ID); k.Total != 12 || k.Skipped != 12 || k.Unwritten != 7 || k.Queued != 0 || !k.Finished() {
			t.Errorf("counts of the cancelled campaign %+v, want 12 not sent", k)
		}
	})
}
