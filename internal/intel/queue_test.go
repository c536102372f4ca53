package intel_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// QueuePage narrows the queue by kind, state, province and the day a report
// came in (Vietnam's calendar), counts what matches and pages it.
func TestQueuePage_FiltersCountAndPagesInSQL(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// 09:00 UTC on 22/11 is 16:00 the same day in Vietnam.
		s := intel.NewService(db, clock.NewFixed(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)))
		s.UseKeys(testutil.Keys(t)) // tips' descriptions are sealed
		for i := 0; i < 5; i++ {
			if _, err := s.Submit(ctx, intel.TipInput{Indicators: []string{fmt.Sprintf("0912 555 %03d", i)}, Province: "Cao Bằng", Description: "Gọi giả danh.", IP: fmt.Sprintf("10.0.1.%d", i)}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Submit(ctx, intel.TipInput{Indicators: []string{"https://lua-dao-hn.vn/nhan-qua"}, Province: "Hà Nội", Description: "Link nhận quà.", IP: "10.0.2.1"}); err != nil {
			t.Fatal(err)
		}
		analyst := access.With(ctx, &access.Actor{UserID: 7, Username: "xacminh", Grants: []access.Grant{{Role: access.RoleAnalyst, ScopeUnit: 1}}})
		for _, tc := range []struct {
			name        string
			f           intel.QueueFilter
			total, page int
		}{
			{"everything", intel.QueueFilter{}, 6, 6},
			{"phones, a page of 2", intel.QueueFilter{Kind: "phone", Limit: 2}, 5, 2},
			{"phones, the last page", intel.QueueFilter{Kind: "phone", Limit: 2, Offset: 4}, 5, 1},
			{"links", intel.QueueFilter{Kind: "url"}, 1, 1},
			{"Hà Nội, spelled without marks", intel.QueueFilter{Province: "ha noi"}, 1, 1},
			{"received on 22/11", intel.QueueFilter{From: "2026-11-22", To: "2026-11-22"}, 6, 6},
			{"received from 23/11", intel.QueueFilter{From: "2026-11-23"}, 0, 0},
			{"received by 21/11", intel.QueueFilter{To: "2026-11-21"}, 0, 0},
			{"the public warned", intel.QueueFilter{State: "warned"}, 0, 0},
			{"not warned", intel.QueueFilter{State: "unwarned"}, 6, 6},
			{"waiting for the reporter", intel.QueueFilter{State: "need_info"}, 0, 0},
		} {
			q, total, err := s.QueuePage(analyst, tc.f)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if total != tc.total || len(q) != tc.page {
				t.Errorf("%s: %d on the page of %d, want %d of %d", tc.name, len(q), total, tc.page, tc.total)
			}
		}
		for _, f := range []intel.QueueFilter{{State: "moi"}, {Province: "Atlantis"}, {From: "22/11/2026"}} {
			if _, _, err := s.QueuePage(analyst, f); len(errs.FieldsOf(err)) != 1 {
				t.Errorf("%+v: %v, want one field named", f, err)
			}
		}
	})
}
