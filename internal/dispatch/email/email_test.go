package email_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/dispatch/email"
	"github.com/canhgiac/canhgiac/internal/mail"
	"github.com/canhgiac/canhgiac/internal/mail/mailtest"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// A campaign by e-mail through the real test SMTP server: each message
// once, with its unsubscribe link; a refused address fails for good.
func TestEmailCampaign_ThroughARealSMTPServer(t *testing.T) {
	srv := mailtest.Start(t)
	db := storetest.SQLite(t)
	st := testutil.Campaigns(t, db, clock.Real{}, nil, testutil.Keys(t))
	var rs []dispatch.Recipient
	for i := range 20 {
		rs = append(rs, dispatch.Recipient{To: fmt.Sprintf("nguoi%d@example.vn", i)})
	}
	rs = append(rs, dispatch.Recipient{To: "reject@example.vn"})
	c, err := st.Create(context.Background(), dispatch.Campaign{Name: "Thư cảnh báo", Channel: "email", Template: "Cảnh báo: kẻ gian giả danh công an gọi điện đòi chuyển tiền.", State: dispatch.StateRunning}, rs)
	if err != nil {
		t.Fatal(err)
	}
	sender := &email.Sender{Mail: mail.SMTP{Addr: srv.Addr, From: "canhbao@canhgiac.vn", Timeout: 10 * time.Second}, Subject: "Cảnh báo lừa đảo mới",
		Unsubscribe: func(ctx context.Context, to string) string {
			return "http://127.0.0.1/huy-dang-ky/tok-" + strings.Split(to, "@")[0]
		}}
	r := &dispatch.Runner{Campaigns: st, Sender: sender, Concurrency: 4}
	if err := r.Run(context.Background(), c.ID); err != nil {
		t.Fatal(err)
	}
	n, _ := st.Counts(context.Background(), c.ID)
	if n.Submitted != 20 || n.Failed != 1 {
		t.Fatalf("counts: %+v", n)
	}
	got := srv.Wait(20, 10*time.Second)
	seen := map[string]int{}
	for _, m := range got {
		seen[m.To[0]]++
		user := strings.Split(m.To[0], "@")[0]
		if m.Subject != "Cảnh báo lừa đảo mới" || !strings.Contains(m.Text, "/huy-dang-ky/tok-"+user) || !strings.Contains(m.Headers["list-unsubscribe"], "tok-"+user) {
			t.Fatalf("message to %s: %+v", m.To[0], m)
		}
	}
	if len(seen) != 20 {
		t.Fatalf("%d recipients got mail", len(seen))
	}
	for to, k := range seen {
		if k != 1 {
			t.Errorf("%s got %d", to, k)
		}
	}
}
