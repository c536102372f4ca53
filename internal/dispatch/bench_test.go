package dispatch_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// BenchmarkCreate_10000Recipients is the cost of writing a campaign's
// message rows: each recipient and text sealed, the recipient indexed.
func BenchmarkCreate_10000Recipients(b *testing.B) {
	st := testutil.Campaigns(b, storetest.SQLite(b), clock.Real{}, nil, testutil.Keys(b))
	rs := make([]dispatch.Recipient, 10_000)
	for i := range rs {
		rs[i] = dispatch.Recipient{To: fmt.Sprintf("+849%08d", 30000000+i), Vars: map[string]string{"ten": "Nguyễn Văn An"}}
	}
	b.ResetTimer()
	for range b.N {
		if _, err := st.Create(context.Background(), dispatch.Campaign{Name: "bench", Template: "{ten}: Canh bao lua dao: khong chuyen tien cho nguoi la, goi 113 khi nghi ngo.", State: dispatch.StatePaused, DailyCap: 10}, rs); err != nil {
			b.Fatal(err)
		}
	}
}
