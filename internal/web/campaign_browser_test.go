package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// The campaign page follows the sending in place: with JavaScript the
// figures are fetched again every two seconds (no reload, so nothing the
// reader scrolled to moves), and the page reaches "Đã gửi xong" by itself.
func TestBrowser_CampaignPageFollowsTheSending(t *testing.T) {
	ctx := chrome(t, 1280, 900)
	e := testutil.Start(t, "") // the demo: SMS goes to the simulated centre
	rctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.App.RunCampaigns(rctx) }()
	t.Cleanup(func() { stop(); <-done })
	sys := access.With(context.Background(), access.System())
	for i := range 300 {
		if _, err := e.App.Audience.Subscribe(sys, audience.Input{Phone: fmt.Sprintf("09180%05d", i), Province: "Cao Bằng", Consent: true}); err != nil {
			t.Fatal(err)
		}
	}
	coord := e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])
	coord.Get("/quan-tri/chien-dich")
	r := coord.Post("/quan-tri/chien-dich", url.Values{"name": {"Theo dõi tại chỗ"}, "channel": {"sms"}, "text": {"Canh giac lua dao qua dien thoai."}, "action": {"create"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("prepare: %d", r.Status)
	}
	page := r.Location

	signIn(t, ctx, e, "lanhdaoca", e.Passwords["lanhdaoca"])
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.Server.URL+page),
		chromedp.Click(chromedp.Search(`//button[contains(., "Duyệt và gửi")]`)),
		chromedp.WaitVisible(chromedp.Search(`//*[contains(., "Số liệu tự cập nhật")]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	// Mark the document: a reload would lose the mark.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`window.sameDocument = true`)); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.Search(`//span[@class="pill" and contains(., "Đã gửi xong")]`))); err != nil {
		t.Fatalf("the page never showed the campaign done: %v", err)
	}
	same, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.sameDocument === true`))
	if err != nil || !same {
		t.Fatalf("the page was reloaded instead of updated in place (%v)", err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#campaign`)))
	if err != nil || !strings.Contains(text, "100 %") {
		t.Fatalf("the finished campaign: %q, %v", text, err)
	}
	shot(t, ctx, "campaign-done")
}
