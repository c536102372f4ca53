package zalo_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/dispatch/zalo"
	"github.com/canhgiac/canhgiac/internal/dispatch/zalo/zalotest"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

const (
	userID    = "5521234567890123456"
	warning   = "Cảnh báo: kẻ gian giả danh công an gọi video yêu cầu chuyển tiền. Không chuyển tiền cho người lạ."
	phoneE164 = "+84912345678"
)

// sender returns a Sender pointed at srv, with the server's token,
// template and webhook keys, closed when the test ends.
func sender(t *testing.T, srv *zalotest.Server, mod ...func(*zalo.Config)) *zalo.Sender {
	t.Helper()
	cfg := zalo.Config{
		Token:       zalo.StaticToken(srv.Token()),
		OABase:      srv.URL(),
		ZNSBase:     srv.URL(),
		TemplateID:  srv.TemplateID(),
		AppID:       srv.AppID(),
		OASecretKey: srv.SecretKey(),
		Timeout:     5 * time.Second,
	}
	for _, f := range mod {
		f(&cfg)
	}
	s, err := zalo.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// kinds names the dispatch error kinds err matches, for failure messages
// and exact comparisons.
func kinds(err error) string {
	var k []string
	for _, e := range []struct {
		name string
		err  error
	}{{"auth", zalo.ErrAuth}, {"config", zalo.ErrConfig}, {"throttled", dispatch.ErrThrottled}, {"rejected", dispatch.ErrRejected}, {"unknown", dispatch.ErrUnknown}} {
		if errors.Is(err, e.err) {
			k = append(k, e.name)
		}
	}
	if err != nil && len(k) == 0 {
		return "plain"
	}
	return strings.Join(k, "+")
}

func TestOA_SendsTheTextToTheUser(t *testing.T) {
	srv := zalotest.Start(t)
	s := sender(t, srv)
	id, err := s.Send(context.Background(), dispatch.Message{ID: 7, To: userID, Text: warning})
	if err != nil {
		t.Fatal(err)
	}
	if srv.Count() != 1 {
		t.Fatalf("fake accepted %d messages, want 1", srv.Count())
	}
	m := srv.Messages()[0]
	if m.API != "OA" || m.UserID != userID || m.Text != warning {
		t.Fatalf("fake got %+v", m)
	}
	if id == "" || id != m.ID {
		t.Fatalf("Send returned id %q, the fake answered message_id %q", id, m.ID)
	}
}

func TestZNS_TemplateDataCarriesTheTextAndTrackingID(t *testing.T) {
	srv := zalotest.Start(t)
	s := sender(t, srv, func(c *zalo.Config) { c.TemplateData = map[string]string{"ten_chien_dich": "Tháng cao điểm"} })
	id, err := s.Send(context.Background(), dispatch.Message{ID: 42, To: phoneE164, Text: warning})
	if err != nil {
		t.Fatal(err)
	}
	// A national number goes to the same phone.
	if _, err := s.Send(context.Background(), dispatch.Message{ID: 43, To: "0987654321", Text: warning}); err != nil {
		t.Fatal(err)
	}
	ms := srv.Messages()
	if len(ms) != 2 {
		t.Fatalf("fake accepted %d messages, want 2", len(ms))
	}
	m := ms[0]
	if m.API != "ZNS" || m.Phone != "84912345678" || m.TemplateID != srv.TemplateID() || m.TrackingID != "m42" {
		t.Fatalf("fake got %+v", m)
	}
	if m.TemplateData["noi_dung"] != warning || m.TemplateData["ten_chien_dich"] != "Tháng cao điểm" || len(m.TemplateData) != 2 {
		t.Fatalf("template_data = %v", m.TemplateData)
	}
	if id == "" || id != m.ID {
		t.Fatalf("Send returned id %q, the fake answered msg_id %q", id, m.ID)
	}
	if ms[1].Phone != "84987654321" || ms[1].TrackingID != zalo.TrackingID(43) {
		t.Fatalf("second message %+v", ms[1])
	}
}

func TestExpiredToken_IsErrAuthAndPausesWithoutLeakingTheToken(t *testing.T) {
	srv := zalotest.Start(t)
	var mu sync.Mutex
	tok := srv.Token()
	s := sender(t, srv, func(c *zalo.Config) {
		c.Token = func(context.Context) (string, error) { mu.Lock(); defer mu.Unlock(); return tok, nil }
	})
	srv.ExpireToken()
	for _, to := range []string{userID, phoneE164} {
		_, err := s.Send(context.Background(), dispatch.Message{ID: 1, To: to, Text: warning})
		if !errors.Is(err, zalo.ErrAuth) || kinds(err) != "auth" || !zalo.Fatal(err) {
			t.Fatalf("to %s: err = %v (%s), want ErrAuth only", to, err, kinds(err))
		}
		msg := err.Error()
		if !strings.Contains(msg, "Zalo từ chối mã truy cập (access token)") || !strings.Contains(msg, "hãy cấp lại mã") {
			t.Errorf("message not clear for the operator: %s", msg)
		}
		if strings.Contains(msg, srv.Token()) {
			t.Errorf("the token leaks into the error: %s", msg)
		}
		var ze *zalo.Error
		if !errors.As(err, &ze) || (ze.Code != -216 && ze.Code != -124) {
			t.Errorf("error %#v, want Zalo's code -216 (OA) or -124 (ZNS)", ze)
		}
	}
	if srv.Count() != 0 {
		t.Fatalf("fake accepted %d with an expired token", srv.Count())
	}
	// A new token from Token is used on the next send.
	srv.SetToken("cap-lai-ma-moi")
	mu.Lock()
	tok = "cap-lai-ma-moi"
	mu.Unlock()
	if _, err := s.Send(context.Background(), dispatch.Message{ID: 2, To: userID, Text: warning}); err != nil {
		t.Fatalf("with the new token: %v", err)
	}
}

func TestDailyQuota_IsThrottled(t *testing.T) {
	srv := zalotest.Start(t)
	s := sender(t, srv)
	srv.QuotaAfter(2)
	for i := range 2 {
		if _, err := s.Send(context.Background(), dispatch.Message{ID: int64(i), To: phoneE164, Text: warning}); err != nil {
			t.Fatalf("send %d within quota: %v", i, err)
		}
	}
	_, err := s.Send(context.Background(), dispatch.Message{ID: 3, To: phoneE164, Text: warning})
	if kinds(err) != "throttled" || !strings.Contains(err.Error(), "-144") {
		t.Fatalf("over quota: %v (%s), want ErrThrottled with code -144", err, kinds(err))
	}
	if srv.Count() != 2 {
		t.Fatalf("fake accepted %d, want 2", srv.Count())
	}
}

func TestRateLimit_IsThrottledThenPasses(t *testing.T) {
	srv := zalotest.Start(t)
	s := sender(t, srv)
	srv.RateLimit(1)
	_, err := s.Send(context.Background(), dispatch.Message{ID: 1, To: userID, Text: warning})
	if kinds(err) != "throttled" || !strings.Contains(err.Error(), "-32") {
		t.Fatalf("rate limited: %v (%s), want ErrThrottled with -32", err, kinds(err))
	}
	if _, err := s.Send(context.Background(), dispatch.Message{ID: 1, To: userID, Text: warning}); err != nil {
		t.Fatalf("after the limit: %v", err)
	}
}

func TestUserNotFollowing_IsRejectedWithAVietnameseReason(t *testing.T) {
	srv := zalotest.Start(t)
	s := sender(t, srv)
	srv.NotFollowing(userID)
	_, err := s.Send(context.Background(), dispatch.Message{ID: 1, To: userID, Text: warning})
	if kinds(err) != "rejected" || zalo.Fatal(err) {
		t.Fatalf("err = %v (%s), want ErrRejected only", err, kinds(err))
	}
	if msg := err.Error(); !strings.Contains(msg, "chưa quan tâm") || !strings.Contains(msg, "-213") {
		t.Fatalf("reason: %s", msg)
	}
	// Other users still get it.
	if _, err := s.Send(context.Background(), dispatch.Message{ID: 2, To: "5521234567890000001", Text: warning}); err != nil {
		t.Fatal(err)
	}
	if srv.Count() != 1 {
		t.Fatalf("fake accepted %d, want 1", srv.Count())
	}
}

// Zalo's codes, as the fake is told to answer them, land in the right kind.
func TestZaloCodes_MapToTheDispatchKinds(t *testing.T) {
	srv := zalotest.Start(t)
	s := sender(t, srv)
	for _, c := range []struct {
		code int
		to   string
		want string
		text string // in the message
	}{
		{-118, phoneE164, "rejected", "không có tài khoản Zalo"},
		{-108, phoneE164, "rejected", "số điện thoại không hợp lệ"},
		{-112, phoneE164, "rejected", "template_data"},
		{-230, userID, "rejected", "7 ngày"},
		{-220, userID, "auth", "hãy cấp lại mã"},
		{-124, phoneE164, "auth", "hãy cấp lại mã"},
		{-131, phoneE164, "config", "chưa được duyệt"},
		{-115, phoneE164, "config", "số dư"},
		{-147, phoneE164, "throttled", "hạn mức"},
		{-133, phoneE164, "throttled", "ban đêm"},
		{-100, phoneE164, "plain", "thử lại"},
		{-999, phoneE164, "rejected", "mã lỗi chưa biết"},
	} {
		srv.ErrorNext(c.code, "message from Zalo")
		_, err := s.Send(context.Background(), dispatch.Message{ID: 1, To: c.to, Text: warning})
		if got := kinds(err); got != c.want {
			t.Errorf("code %d: %v (%s), want %s", c.code, err, got, c.want)
			continue
		}
		var ze *zalo.Error
		if !errors.As(err, &ze) || ze.Code != c.code || ze.Message != "message from Zalo" {
			t.Errorf("code %d: %#v", c.code, ze)
		}
		if !strings.Contains(err.Error(), c.text) || !strings.Contains(err.Error(), "message from Zalo") {
			t.Errorf("code %d: message %q lacks %q or Zalo's message", c.code, err, c.text)
		}
	}
	if srv.Count() != 0 {
		t.Fatalf("fake accepted %d", srv.Count())
	}
}

func TestHungRequest_IsErrUnknownAfterTheTimeout(t *testing.T) {
	srv := zalotest.Start(t)
	s := sender(t, srv, func(c *zalo.Config) { c.Timeout = 300 * time.Millisecond })
	srv.HangNext(1)
	start := time.Now()
	_, err := s.Send(context.Background(), dispatch.Message{ID: 9, To: phoneE164, Text: warning})
	if kinds(err) != "unknown" {
		t.Fatalf("err = %v (%s), want ErrUnknown", err, kinds(err))
	}
	if d := time.Since(start); d < 250*time.Millisecond || d > 3*time.Second {
		t.Fatalf("gave up after %s, want about the 300ms timeout", d)
	}
	rq := srv.Requests()
	if len(rq) != 1 || !rq[0].Hung || !strings.Contains(rq[0].Body, `"tracking_id":"m9"`) {
		t.Fatalf("the fake should have read the whole request: %+v", rq)
	}
	// The same for a caller's deadline once the request is out.
	srv.HangNext(1)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := s.Send(ctx, dispatch.Message{ID: 10, To: userID, Text: warning}); kinds(err) != "unknown" {
		t.Fatalf("caller deadline after writing: %v (%s), want ErrUnknown", err, kinds(err))
	}
}

func TestNotSent_IsAPlainRetriableError(t *testing.T) {
	srv := zalotest.Start(t)
	s := sender(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Send(ctx, dispatch.Message{ID: 1, To: userID, Text: warning})
	if kinds(err) != "plain" || !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled before sending: %v (%s), want a plain context.Canceled", err, kinds(err))
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("the fake saw %d requests", n)
	}

	// Nobody listening: the request never left.
	down := zalotest.Start(t)
	d := sender(t, down)
	down.Close()
	_, err = d.Send(context.Background(), dispatch.Message{ID: 1, To: phoneE164, Text: warning})
	if kinds(err) != "plain" {
		t.Fatalf("server down: %v (%s), want plain", err, kinds(err))
	}

	// Token source failing: not sent.
	boom := errors.New("kho bí mật không trả lời")
	f := sender(t, srv, func(c *zalo.Config) { c.Token = func(context.Context) (string, error) { return "", boom } })
	if _, err := f.Send(context.Background(), dispatch.Message{ID: 1, To: userID, Text: warning}); kinds(err) != "plain" || !errors.Is(err, boom) {
		t.Fatalf("token error: %v (%s)", err, kinds(err))
	}
}

func TestHTTPStatuses(t *testing.T) {
	srv := zalotest.Start(t)
	s := sender(t, srv)
	for _, c := range []struct {
		status int
		want   string
	}{
		{http.StatusServiceUnavailable, "plain"},
		{http.StatusBadGateway, "plain"},
		{http.StatusInternalServerError, "plain"},
		{http.StatusTooManyRequests, "throttled"},
		{http.StatusGatewayTimeout, "unknown"},
		{http.StatusUnauthorized, "auth"},
		{http.StatusNotFound, "config"},
	} {
		srv.FailNext(c.status)
		_, err := s.Send(context.Background(), dispatch.Message{ID: 1, To: userID, Text: warning})
		if got := kinds(err); got != c.want {
			t.Errorf("HTTP %d: %v (%s), want %s", c.status, err, got, c.want)
		}
	}
	// None of them broke the sender.
	if _, err := s.Send(context.Background(), dispatch.Message{ID: 1, To: userID, Text: warning}); err != nil {
		t.Fatalf("after the failures: %v", err)
	}
}

func TestBadRecipients_AreRejectedWithoutARequest(t *testing.T) {
	srv := zalotest.Start(t)
	s := sender(t, srv)
	for _, to := range []string{"+14155550123", "+8491234567", "nguoi@example.vn", ""} {
		_, err := s.Send(context.Background(), dispatch.Message{ID: 1, To: to, Text: warning})
		if kinds(err) != "rejected" {
			t.Errorf("to %q: %v (%s), want rejected", to, err, kinds(err))
		}
	}
	if _, err := s.Send(context.Background(), dispatch.Message{ID: 1, To: userID, Text: "  "}); kinds(err) != "rejected" {
		t.Errorf("empty text: %v", err)
	}
	// A phone without a template: the account is not set up for it.
	nt := sender(t, srv, func(c *zalo.Config) { c.TemplateID = "" })
	if _, err := nt.Send(context.Background(), dispatch.Message{ID: 1, To: phoneE164, Text: warning}); kinds(err) != "config" || !zalo.Fatal(err) {
		t.Errorf("no template: %v (%s), want config", err, kinds(err))
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("the fake saw %d requests", n)
	}
}

func TestWebhook_DeliveryReceiptCarriesTheMsgIDSendReturned(t *testing.T) {
	srv := zalotest.Start(t)
	s := sender(t, srv)
	hook := httptest.NewServer(s.Webhook())
	defer hook.Close()
	srv.SetWebhook(hook.URL)

	before := time.Now().Add(-time.Second)
	id, err := s.Send(context.Background(), dispatch.Message{ID: 5, To: phoneE164, Text: warning})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-s.Receipts():
		if r.ChannelID != id || !r.Delivered || r.Status != "received" {
			t.Fatalf("receipt %+v, want msg_id %q delivered", r, id)
		}
		if r.At.Before(before) || r.At.After(time.Now().Add(time.Second)) {
			t.Fatalf("receipt time %s", r.At)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("no receipt; deliveries %+v", srv.Deliveries())
	}
	if d := srv.WaitDeliveries(1, 5*time.Second); len(d) != 1 || d[0].HTTPStatus != http.StatusOK || d[0].TrackingID != "m5" {
		t.Fatalf("deliveries %+v", d)
	}
}

func TestWebhook_RefusesBadSignaturesAndIgnoresOtherEvents(t *testing.T) {
	srv := zalotest.Start(t)
	s := sender(t, srv)
	hook := httptest.NewServer(s.Webhook())
	defer hook.Close()
	post := func(body []byte, sig string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, hook.URL, strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		if sig != "" {
			req.Header.Set(zalo.SignatureHeader, sig)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	at := time.Now()
	bad, ts := zalotest.ReceivedEvent(srv.AppID(), "gia-mao", "m1", at)
	if st := post(bad, zalotest.Sign(srv.AppID(), bad, ts, "khong-phai-khoa-bi-mat")); st != http.StatusUnauthorized {
		t.Errorf("wrong secret: %d, want 401", st)
	}
	if st := post(bad, ""); st != http.StatusUnauthorized {
		t.Errorf("no signature: %d, want 401", st)
	}
	tampered := []byte(strings.Replace(string(bad), "gia-mao", "gia-mao-2", 1))
	if st := post(tampered, zalotest.Sign(srv.AppID(), bad, ts, srv.SecretKey())); st != http.StatusUnauthorized {
		t.Errorf("body changed after signing: %d, want 401", st)
	}
	other, ots := zalotest.ReceivedEvent("9999", "app-khac", "m1", at)
	if st := post(other, zalotest.Sign("9999", other, ots, srv.SecretKey())); st != http.StatusUnauthorized {
		t.Errorf("another app: %d, want 401", st)
	}
	// A correctly signed event of another kind: acknowledged, no receipt.
	seen := []byte(strings.Replace(string(bad), "user_received_message", "user_seen_message", 1))
	if st := post(seen, zalotest.Sign(srv.AppID(), seen, ts, srv.SecretKey())); st != http.StatusOK {
		t.Errorf("other event: %d, want 200", st)
	}
	good, gts := zalotest.ReceivedEvent(srv.AppID(), "that-su", "m2", at)
	if st := post(good, zalotest.Sign(srv.AppID(), good, gts, srv.SecretKey())); st != http.StatusOK {
		t.Fatalf("good event: %d, want 200", st)
	}
	select {
	case r := <-s.Receipts():
		if r.ChannelID != "that-su" || !r.At.Equal(time.UnixMilli(at.UnixMilli())) {
			t.Fatalf("first receipt %+v, want the only valid one (that-su at %s)", r, at)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no receipt for the valid event")
	}
	select {
	case r := <-s.Receipts():
		t.Fatalf("extra receipt %+v", r)
	case <-time.After(100 * time.Millisecond):
	}
	// GET is not an event.
	resp, err := http.Get(hook.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d", resp.StatusCode)
	}
}

// The webhook answers at once even when nobody reads Receipts, and Close
// closes the channel.
func TestWebhook_DoesNotWaitForTheReader(t *testing.T) {
	srv := zalotest.Start(t)
	s := sender(t, srv)
	hook := httptest.NewServer(s.Webhook())
	defer hook.Close()
	client := &http.Client{Timeout: 2 * time.Second}
	for i := range 50 {
		body, ts := zalotest.ReceivedEvent(srv.AppID(), "msg-"+string(rune('a'+i%26))+strings.Repeat("x", i), "m", time.Now())
		req, _ := http.NewRequest(http.MethodPost, hook.URL, strings.NewReader(string(body)))
		req.Header.Set(zalo.SignatureHeader, zalotest.Sign(srv.AppID(), body, ts, srv.SecretKey()))
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("event %d: %d", i, resp.StatusCode)
		}
	}
	for i := range 50 {
		select {
		case r := <-s.Receipts():
			if want := "msg-" + string(rune('a'+i%26)) + strings.Repeat("x", i); r.ChannelID != want {
				t.Fatalf("receipt %d = %q, want %q (in order)", i, r.ChannelID, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("receipt %d missing", i)
		}
	}
	s.Close()
	select {
	case _, ok := <-s.Receipts():
		if ok {
			t.Fatal("receipt after Close")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Receipts not closed by Close")
	}
}

// A campaign through dispatch.Runner and the fake over HTTP: users by id
// and phones by ZNS each get the text once, a user not following fails
// with the reason, and ZNS delivery events mark messages delivered.
func TestCampaign_ThroughTheRunnerAndTheFake(t *testing.T) {
	srv := zalotest.Start(t)
	s := sender(t, srv)
	hook := httptest.NewServer(s.Webhook())
	defer hook.Close()
	srv.SetWebhook(hook.URL)
	srv.NotFollowing("5521234567890000009")
	srv.RateLimit(2)

	st := testutil.Campaigns(t, storetest.SQLite(t), clock.Real{}, nil, testutil.Keys(t))
	var rs []dispatch.Recipient
	for i := range 6 {
		rs = append(rs, dispatch.Recipient{To: fmt.Sprintf("+8491200000%d", i)})
	}
	for i := range 4 {
		rs = append(rs, dispatch.Recipient{To: fmt.Sprintf("552123456789000000%d", 6+i)})
	}
	ctx := context.Background()
	c, err := st.Create(ctx, dispatch.Campaign{Name: "Cảnh báo qua Zalo", Channel: "zalo", Template: warning, State: dispatch.StateRunning}, rs)
	if err != nil {
		t.Fatal(err)
	}
	dctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { st.Deliveries(dctx, s.Receipts()); close(done) }()
	defer func() { stop(); <-done }()

	r := &dispatch.Runner{Campaigns: st, Sender: s, Fatal: zalo.Fatal, Backoff: 10 * time.Millisecond, Poll: 10 * time.Millisecond}
	rctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := r.Run(rctx, c.ID); err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	for _, m := range srv.Messages() {
		per[m.Phone+m.UserID]++
		if m.Text != warning {
			t.Errorf("text %q", m.Text)
		}
	}
	if len(per) != 9 {
		t.Fatalf("%d recipients reached, want 9: %v", len(per), per)
	}
	for to, k := range per {
		if k != 1 {
			t.Errorf("%s got %d", to, k)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		n, _ := st.Counts(ctx, c.ID)
		if n.Delivered == 6 && n.Submitted == 3 && n.Failed == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("counts %+v, want 6 delivered (ZNS), 3 submitted (OA), 1 failed", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// An expired token pauses the campaign with the reason; nothing fails.
func TestCampaign_ExpiredTokenPausesIt(t *testing.T) {
	srv := zalotest.Start(t)
	s := sender(t, srv)
	srv.ExpireToken()
	st := testutil.Campaigns(t, storetest.SQLite(t), clock.Real{}, nil, testutil.Keys(t))
	ctx := context.Background()
	c, err := st.Create(ctx, dispatch.Campaign{Name: "Cảnh báo qua Zalo", Channel: "zalo", Template: warning, State: dispatch.StateRunning},
		[]dispatch.Recipient{{To: phoneE164}, {To: userID}})
	if err != nil {
		t.Fatal(err)
	}
	r := &dispatch.Runner{Campaigns: st, Sender: s, Fatal: zalo.Fatal, Backoff: 10 * time.Millisecond, Poll: 10 * time.Millisecond}
	rctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := r.Run(rctx, c.ID); !errors.Is(err, zalo.ErrAuth) {
		t.Fatalf("Run = %v, want ErrAuth", err)
	}
	got, err := st.Get(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != dispatch.StatePaused || !strings.Contains(got.StatusNote, "hãy cấp lại mã") {
		t.Fatalf("campaign %s, note %q", got.State, got.StatusNote)
	}
	if n, _ := st.Counts(ctx, c.ID); n.Failed != 0 || n.Queued != 2 {
		t.Fatalf("counts %+v, want both still queued", n)
	}
}

// A ZNS message whose answer never came is unknown; when Zalo's delivery
// event arrives with its tracking id, it is settled as delivered.
func TestUnknownMessage_SettledByTheTrackingIDOfItsDeliveryEvent(t *testing.T) {
	srv := zalotest.Start(t)
	s := sender(t, srv)
	st := testutil.Campaigns(t, storetest.SQLite(t), clock.Real{}, nil, testutil.Keys(t))
	ctx := context.Background()
	c, err := st.Create(ctx, dispatch.Campaign{Name: "Cảnh báo qua Zalo", Channel: "zalo", Template: warning, State: dispatch.StateRunning}, []dispatch.Recipient{{To: phoneE164}})
	if err != nil {
		t.Fatal(err)
	}
	srv.HangNext(1)
	r := &dispatch.Runner{Campaigns: st, Sender: s, Fatal: zalo.Fatal, Backoff: 10 * time.Millisecond, Poll: 10 * time.Millisecond}
	rctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := r.Run(rctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.Counts(ctx, c.ID); n.Unknown != 1 {
		t.Fatalf("counts %+v, want the hung message unknown", n)
	}
	dctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { st.Deliveries(dctx, s.Receipts()); close(done) }()
	defer func() { stop(); <-done }()

	ids, _ := st.UnknownIDs(ctx, c.ID)
	if len(ids) != 1 {
		t.Fatalf("unknown ids %v", ids)
	}
	body, ts := zalotest.ReceivedEvent(srv.AppID(), "zns-late-1", zalo.TrackingID(ids[0]), time.Now())
	req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	req.Header.Set(zalo.SignatureHeader, zalotest.Sign(srv.AppID(), body, ts, srv.SecretKey()))
	w := httptest.NewRecorder()
	s.Webhook().ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		t.Fatalf("webhook: %d", w.Code)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if n, _ := st.Counts(ctx, c.ID); n.Delivered == 1 && n.Unknown == 0 {
			break
		}
		if time.Now().After(deadline) {
			n, _ := st.Counts(ctx, c.ID)
			t.Fatalf("counts %+v, want the unknown message delivered", n)
		}
	}
}
