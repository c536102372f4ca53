package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/dispatch/webhook"
	"github.com/canhgiac/canhgiac/internal/dispatch/zalo/zalotest"
	"github.com/canhgiac/canhgiac/internal/mail/mailtest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// The other channels, each through the console to a real server on
// loopback: Zalo (the local fake of the OA and ZNS APIs, whose delivery
// events come back to our webhook), e-mail (a real SMTP server) and a
// partner's webhook (an HTTP server that checks our signature).
func TestCampaigns_ZaloEmailAndWebhook(t *testing.T) {
	fake := zalotest.Start(t)
	smtp := mailtest.Start(t)
	partner := newPartner(t, "khoa-chung-voi-ngan-hang")
	e := testutil.StartWith(t, "", func(c *config.Config) {
		c.ZaloToken, c.ZaloOAAPI, c.ZaloZNSAPI, c.ZaloTemplate, c.ZaloAppID, c.ZaloSecret = fake.Token(), fake.URL(), fake.URL(), fake.TemplateID(), fake.AppID(), fake.SecretKey()
		c.SMTPAddr, c.SMTPFrom = smtp.Addr, "canhbao@canhgiac.gov.vn"
		c.WebhookURL, c.WebhookSecret = partner.url, "khoa-chung-voi-ngan-hang"
		c.BaseURL = "https://canhgiac.example.vn"
	})
	fake.SetWebhook(e.Server.URL + "/api/v1/zalo/events")
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.App.RunCampaigns(ctx) }()
	t.Cleanup(func() { stop(); <-done })

	sys := access.With(context.Background(), access.System())
	people := []audience.Input{
		{Phone: "0912000001", Zalo: "4242000001", Email: "an@example.vn", Name: "An", Province: "Cao Bằng", Consent: true},
		{Phone: "0912000002", Email: "binh@example.vn", Province: "Cao Bằng", Consent: true}, // no Zalo id: ZNS by phone
		{Zalo: "4242000003", Province: "Cao Bằng", Consent: true},                            // Zalo only
	}
	for _, in := range people {
		if _, err := e.App.Audience.Subscribe(sys, in); err != nil {
			t.Fatal(err)
		}
	}
	coord := e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])
	leader := e.NewClient(t)
	leader.Login("lanhdaoca", e.Passwords["lanhdaoca"])
	list := coord.Get("/quan-tri/chien-dich")
	// Every channel is configured; SMS (no message centre, a demo) goes
	// to the simulated centre, and the form says so.
	if strings.Contains(list.Body, "Máy chủ chưa cấu hình kênh này") || !strings.Contains(list.Body, "Bản trình diễn: tin SMS được gửi tới một trung tâm tin nhắn mô phỏng") {
		t.Fatalf("channels on the form: %s", main(list.Body))
	}
	send := func(channel string, extra url.Values) string {
		t.Helper()
		form := url.Values{"name": {"Cảnh báo qua " + channel}, "channel": {channel}, "class": {"warning"}, "province": {"Cao Bằng"},
			"text": {"{ten|Bạn} ơi, công an không gọi điện yêu cầu chuyển tiền."}, "action": {"create"}}
		for k, v := range extra {
			form[k] = v
		}
		r := coord.Post("/quan-tri/chien-dich", form)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("%s: prepare: %d %s", channel, r.Status, main(r.Body))
		}
		leader.Get(r.Location)
		if a := leader.Post(r.Location+"/duyet", nil); a.Status != http.StatusSeeOther {
			t.Fatalf("%s: approve: %d", channel, a.Status)
		}
		return r.Location
	}
	wait := func(page, want string) string {
		t.Helper()
		var body string
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if body = leader.Get(page).Body; strings.Contains(body, want) {
				return body
			}
		}
		t.Fatalf("%s never showed %q: %s", page, want, main(body))
		return ""
	}

	// Zalo: two OA messages by Zalo id, one ZNS by phone; Zalo reports
	// the ZNS delivery to our webhook, signed.
	z := send("zalo", nil)
	wait(z, "Đã gửi xong")
	wait(z, "<dt>Đã đến người nhận</dt><dd>1</dd>")
	var oa, zns int
	for _, m := range fake.Messages() {
		switch {
		case m.API == "OA" && strings.HasPrefix(m.Text, "An ơi,") && m.UserID == "4242000001":
			oa++
		case m.API == "OA" && strings.HasPrefix(m.Text, "Bạn ơi,") && m.UserID == "4242000003":
			oa++
		case m.API == "ZNS" && m.Phone == "84912000002" && strings.HasPrefix(m.Text, "Bạn ơi,"):
			zns++
		}
	}
	if oa != 2 || zns != 1 || fake.Count() != 3 {
		t.Fatalf("Zalo got %d messages (%d OA, %d ZNS as expected): %+v", fake.Count(), oa, zns, fake.Messages())
	}

	// E-mail: two people have an address; each letter carries their own
	// unsubscribe link.
	m := send("email", url.Values{"subject": {"Cảnh báo lừa đảo"}})
	wait(m, "Đã gửi xong")
	got := smtp.Wait(2, 10*time.Second)
	if len(got) != 2 {
		t.Fatalf("the mail server got %d letters", len(got))
	}
	for _, l := range got {
		if l.Subject != "Cảnh báo lừa đảo" || !strings.Contains(l.Text, "https://canhgiac.example.vn/huy-dang-ky/") || !strings.HasPrefix(l.Headers["list-unsubscribe"], "<https://canhgiac.example.vn/huy-dang-ky/") {
			t.Fatalf("letter to %v: %q / %q / %q", l.To, l.Subject, l.Text, l.Headers["list-unsubscribe"])
		}
	}

	// Webhook: the partner receives the two phones, signed.
	w := send("webhook", nil)
	wait(w, "Đã gửi xong")
	if got := partner.received(); len(got) != 2 || got["+84912000001"] == "" || !strings.HasPrefix(got["+84912000001"], "An ơi") {
		t.Fatalf("the partner received %v", got)
	}

	// Several channels: each person once, by the first that reaches them —
	// An and the Zalo-only person by Zalo, Bình by e-mail, a phone-only
	// person by SMS (here the demonstration's simulated centre).
	if _, err := e.App.Audience.Subscribe(sys, audience.Input{Phone: "0912000004", Province: "Cao Bằng", Consent: true}); err != nil {
		t.Fatal(err)
	}
	// An no longer follows the Official Account: Zalo refuses, and An's
	// message goes on to An's next channel, e-mail.
	fake.NotFollowing("4242000001")
	beforeZalo, beforeMail := fake.Count(), len(smtp.Messages())
	form := url.Values{"name": {"Cảnh báo nhiều kênh"}, "channel": {"sms", "zalo", "email"}, "class": {"warning"}, "province": {"Cao Bằng"},
		"subject": {"Cảnh báo"}, "text": {"{ten|Bạn} ơi, cảnh giác cuộc gọi lạ."}, "action": {"preview"}}
	if p := coord.Post("/quan-tri/chien-dich", form); !strings.Contains(p.Body, "4</strong> người nhận — 2 qua Zalo") || !strings.Contains(p.Body, "1 qua Thư điện tử, 1 qua Tin nhắn SMS") {
		t.Fatalf("preview on several channels: %s", main(p.Body))
	}
	multi := send("zalo", url.Values{"channel": {"sms", "zalo", "email"}, "subject": {"Cảnh báo"}, "name": {"Cảnh báo nhiều kênh"}})
	page := wait(multi, "Đã gửi xong")
	wait(multi, "<dt>Đã đến người nhận</dt><dd>1</dd>") // the SMS; OA messages and e-mail have no receipts
	if got := fake.Count() - beforeZalo; got != 1 {
		t.Errorf("Zalo accepted %d messages of the campaign on several channels, want 1", got)
	}
	letters := smtp.Wait(beforeMail+2, 10*time.Second)
	to := map[string]bool{}
	for _, l := range letters[beforeMail:] {
		to[l.To[0]] = true
	}
	if len(letters) != beforeMail+2 || !to["binh@example.vn"] || !to["an@example.vn"] {
		t.Errorf("e-mail: %d letters, to %v", len(letters)-beforeMail, to)
	}
	page = leader.Get(multi).Body
	for _, want := range []string{"Theo kênh", "Zalo → Thư điện tử → Tin nhắn SMS", "chuyển sang thư điện tử"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page of a campaign on several channels lacks %q", want)
		}
	}

	// An e-mail campaign without a subject is refused, the text kept.
	r := coord.Post("/quan-tri/chien-dich", url.Values{"name": {"x"}, "channel": {"email"}, "text": {"Nội dung giữ lại"}, "action": {"create"}})
	if r.Status != 422 || !strings.Contains(r.Body, "Thư điện tử cần có tiêu đề") || !strings.Contains(r.Body, "Nội dung giữ lại") {
		t.Fatalf("e-mail without subject: %d", r.Status)
	}
}

// partnerServer is a bank's endpoint: it checks our signature and keeps
// the text by phone.
type partnerServer struct {
	url string
	mu  sync.Mutex
	got map[string]string
}

func newPartner(t *testing.T, secret string) *partnerServer {
	p := &partnerServer{got: map[string]string{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.url = "http://" + ln.Addr().String() + "/canh-bao"
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !webhook.Verify(secret, r, body, time.Minute) {
			http.Error(w, "chữ ký sai", http.StatusUnauthorized)
			return
		}
		var m webhook.Payload
		json.Unmarshal(body, &m)
		p.mu.Lock()
		p.got[m.To] = m.Text
		p.mu.Unlock()
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return p
}

func (p *partnerServer) received() map[string]string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string]string{}
	for k, v := range p.got {
		out[k] = v
	}
	return out
}
