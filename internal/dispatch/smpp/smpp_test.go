package smpp_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/dispatch/smpp"
	"github.com/canhgiac/canhgiac/internal/dispatch/smpp/smpptest"
	"github.com/canhgiac/canhgiac/internal/sms"
)

// newSender binds to peer with the test's settings on top of sane ones.
func newSender(t *testing.T, peer *smpptest.Server, edit func(*smpp.Config)) *smpp.Sender {
	t.Helper()
	cfg := smpp.Config{
		Addr:         peer.Addr,
		SystemID:     peer.SystemID,
		Password:     peer.Password,
		SourceAddr:   "CANHGIAC",
		Conns:        1,
		Window:       10,
		RespTimeout:  5 * time.Second,
		ReconnectMax: 400 * time.Millisecond,
		Logger:       testLogger(t),
	}
	if edit != nil {
		edit(&cfg)
	}
	s, err := smpp.New(cfg)
	if err != nil {
		t.Fatalf("smpp.New: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// testLogger shows the Sender's log with the output of a failing (or -v) test.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func msg(id int64, to, text string) dispatch.Message {
	return dispatch.Message{ID: id, To: to, Text: text}
}

// receipts reads n receipts, failing the test if they do not come in time.
func receipts(t *testing.T, s *smpp.Sender, n int, timeout time.Duration) []dispatch.Receipt {
	t.Helper()
	var got []dispatch.Receipt
	limit := time.After(timeout)
	for len(got) < n {
		select {
		case r, ok := <-s.Receipts():
			if !ok {
				t.Fatalf("receipts channel closed after %d of %d", len(got), n)
			}
			got = append(got, r)
		case <-limit:
			t.Fatalf("got %d receipts in %s, want %d", len(got), timeout, n)
		}
	}
	return got
}

// eventually polls cond every 20ms until it holds or timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestSend_ThousandMessagesAtTPS200OnTwoBinds_EachOnceAndEveryReceiptMatched(t *testing.T) {
	peer := smpptest.Start(t, smpptest.Options{ReceiptDelay: 100 * time.Millisecond})
	const n, tps = 1000, 200
	s := newSender(t, peer, func(c *smpp.Config) { c.Conns, c.TPS = 2, tps })
	eventually(t, 5*time.Second, "both binds up", func() bool { return s.Bound() == 2 })

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	jobs := make(chan int)
	ids := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				ids[i], errs[i] = s.Send(ctx, msg(int64(i), fmt.Sprintf("+8490%07d", i), "Canh giac: khong chuyen tien cho nguoi la."))
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	byID := make(map[string]int, n)
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("message %d: %v", i, errs[i])
		}
		if _, dup := byID[ids[i]]; dup || ids[i] == "" {
			t.Fatalf("message %d: id %q empty or repeated", i, ids[i])
		}
		byID[ids[i]] = i
	}

	c := peer.WaitCounts(10*time.Second, func(c smpptest.Counts) bool { return c.ReceiptsAcked >= n })
	if c.Submits != n || len(c.PerDest) != n {
		t.Errorf("peer got %d submits for %d numbers, want %d each once", c.Submits, len(c.PerDest), n)
	}
	for dest, k := range c.PerDest {
		if k != 1 {
			t.Errorf("peer got %d submits for %s, want 1", k, dest)
		}
	}
	if c.Binds != 2 || c.ReceiptsSent != n || c.ReceiptsAcked != n {
		t.Errorf("peer counts %+v: want 2 binds, %d receipts sent and acknowledged", c, n)
	}

	seen := make(map[string]bool, n)
	for _, r := range receipts(t, s, n, 10*time.Second) {
		if _, ok := byID[r.ChannelID]; !ok || seen[r.ChannelID] {
			t.Fatalf("receipt for %q: unknown or repeated", r.ChannelID)
		}
		seen[r.ChannelID] = true
		if !r.Delivered || r.Status != "DELIVRD" || r.At.IsZero() {
			t.Errorf("receipt %+v, want delivered", r)
		}
	}

	// The pace as the message centre saw it. Arrival times carry the
	// loopback's and both processes' scheduling jitter (on a loaded
	// machine, tens of milliseconds), so a second may hold a few more than
	// TPS+1 — the sender's own guarantee, tested exactly in pace_test.go;
	// a burst would show as far more.
	times := peer.Times()
	span := times[len(times)-1] - times[0]
	rate := float64(len(times)-1) / span.Seconds()
	if rate < 170 || rate > 230 {
		t.Errorf("%d submits in %s: %.0f/s, want 170–230 (TPS %d)", len(times), span, rate, tps)
	}
	most, lo := 0, 0
	for hi := range times {
		for times[hi]-times[lo] >= time.Second {
			lo++
		}
		most = max(most, hi-lo+1)
	}
	if limit := tps + 1 + tps/10; most > limit {
		t.Errorf("%d submits arrived within one second, want at most %d", most, limit)
	}
	t.Logf("%d messages in %s (%.1f/s), at most %d in any second", n, span, rate, most)
}

func TestSend_StatusesMapToDispatchErrors(t *testing.T) {
	peer := smpptest.Start(t, smpptest.Options{})
	s := newSender(t, peer, nil)
	ctx := context.Background()
	tests := []struct {
		name    string
		script  func()
		want    error
		wantSay string
	}{
		{"throttled", func() { peer.Throttle(1) }, dispatch.ErrThrottled, "ESME_RTHROTTLED"},
		{"queue full", func() { peer.QueueFull(1) }, dispatch.ErrThrottled, "ESME_RMSGQFUL"},
		{"bad destination", func() { peer.Fail(1, "ESME_RINVDSTADR") }, dispatch.ErrRejected, "ESME_RINVDSTADR"},
		{"system error", func() { peer.Fail(1, "ESME_RSYSERR") }, dispatch.ErrRejected, "ESME_RSYSERR"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.script()
			to := fmt.Sprintf("+8491200000%d", i)
			_, err := s.Send(ctx, msg(int64(i), to, "Canh giac"))
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.wantSay) {
				t.Fatalf("Send = %v, want %v naming %s", err, tt.want, tt.wantSay)
			}
			if tt.want != dispatch.ErrThrottled {
				return
			}
			// The caller pauses and tries again; now it goes.
			time.Sleep(100 * time.Millisecond)
			if id, err := s.Send(ctx, msg(int64(i), to, "Canh giac")); err != nil || id == "" {
				t.Fatalf("Send after the pause = %q, %v", id, err)
			}
		})
	}
}

func TestNew_WrongPasswordFailsFastInVietnameseWithoutRetrying(t *testing.T) {
	peer := smpptest.Start(t, smpptest.Options{})
	tests := []struct {
		name, systemID, password, status string
	}{
		{"wrong password", peer.SystemID, "wrong", "ESME_RINVPASWD"},
		{"unknown system_id", "someone", peer.Password, "ESME_RINVSYSID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := peer.Counts().BindFailures
			start := time.Now()
			s, err := smpp.New(smpp.Config{Addr: peer.Addr, SystemID: tt.systemID, Password: tt.password, Conns: 3, Logger: testLogger(t)})
			if err == nil {
				s.Close()
				t.Fatal("New succeeded with wrong credentials")
			}
			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("New took %s to report the refusal", took)
			}
			if !errors.Is(err, smpp.ErrAuth) || !strings.Contains(err.Error(), "sai system_id hoặc mật khẩu") || !strings.Contains(err.Error(), tt.status) {
				t.Errorf("New = %q, want the Vietnamese refusal naming %s", err, tt.status)
			}
			time.Sleep(500 * time.Millisecond)
			if got := peer.Counts().BindFailures - before; got != 1 {
				t.Errorf("%d refused binds, want exactly 1 (no retrying)", got)
			}
		})
	}
}

func TestSender_PasswordRevokedWhileRunningStopsReconnecting(t *testing.T) {
	peer := smpptest.Start(t, smpptest.Options{})
	s := newSender(t, peer, func(c *smpp.Config) { c.Conns = 2 })
	eventually(t, 5*time.Second, "both binds up", func() bool { return s.Bound() == 2 })
	peer.SetPassword("rotated")
	peer.Kick()
	eventually(t, 5*time.Second, "sender stopped with ErrAuth", func() bool { return errors.Is(s.Err(), smpp.ErrAuth) })
	if _, err := s.Send(context.Background(), msg(1, "+84912345678", "Canh giac")); !errors.Is(err, smpp.ErrAuth) {
		t.Errorf("Send after the refusal = %v, want ErrAuth", err)
	}
	// The other bind's attempt may already be on its way when the first
	// refusal stops the sender: let it land, then nothing more may come.
	time.Sleep(300 * time.Millisecond)
	failures := peer.Counts().BindFailures
	time.Sleep(time.Second) // several ReconnectMax
	if c := peer.Counts(); c.BindFailures != failures || failures > 2 {
		t.Errorf("refused binds went %d → %d, want at most one per bind and no more after", failures, c.BindFailures)
	}
}

func TestSend_PeerDownIsRetryableThenReconnects(t *testing.T) {
	peer := smpptest.Start(t, smpptest.Options{ReceiptDelay: 300 * time.Millisecond})
	s := newSender(t, peer, func(c *smpp.Config) { c.Conns = 2 })
	eventually(t, 5*time.Second, "both binds up", func() bool { return s.Bound() == 2 })
	ctx := context.Background()
	before, err := s.Send(ctx, msg(1, "+84912000001", "Truoc khi mat ket noi"))
	if err != nil {
		t.Fatal(err)
	}

	peer.Down() // before the receipt is due: the centre keeps it for later
	eventually(t, 5*time.Second, "binds noticed the loss", func() bool { return s.Bound() == 0 })
	_, err = s.Send(ctx, msg(2, "+84912000002", "Trong luc mat ket noi"))
	if !errors.Is(err, smpp.ErrNotBound) || errors.Is(err, dispatch.ErrUnknown) || errors.Is(err, dispatch.ErrRejected) || errors.Is(err, dispatch.ErrThrottled) {
		t.Fatalf("Send while down = %v, want only ErrNotBound (retryable)", err)
	}
	time.Sleep(600 * time.Millisecond) // a few failed reconnects

	peer.Up()
	eventually(t, 5*time.Second, "binds back", func() bool { return s.Bound() == 2 })
	after, err := s.Send(ctx, msg(2, "+84912000002", "Sau khi ket noi lai"))
	if err != nil {
		t.Fatalf("Send after reconnecting: %v", err)
	}
	got := map[string]bool{}
	for _, r := range receipts(t, s, 2, 5*time.Second) {
		got[r.ChannelID] = r.Delivered
	}
	if !got[before] || !got[after] {
		t.Errorf("receipts %v, want %s (sent before the loss) and %s delivered", got, before, after)
	}
	if c := peer.Counts(); c.Submits != 2 {
		t.Errorf("peer got %d submits, want 2", c.Submits)
	}
}

func TestSend_NoAnswerIsUnknown(t *testing.T) {
	peer := smpptest.Start(t, smpptest.Options{})
	s := newSender(t, peer, func(c *smpp.Config) { c.RespTimeout = 300 * time.Millisecond })
	ctx := context.Background()
	tests := []struct {
		name   string
		script func()
	}{
		{"connection closed after the submit was read", func() { peer.HangUp(1) }},
		{"submit never answered", func() { peer.Mute(1) }},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eventually(t, 5*time.Second, "bound", func() bool { return s.Bound() == 1 })
			tt.script()
			_, err := s.Send(ctx, msg(int64(i), fmt.Sprintf("+8491300000%d", i), "Canh giac"))
			if !errors.Is(err, dispatch.ErrUnknown) {
				t.Fatalf("Send = %v, want ErrUnknown", err)
			}
			eventually(t, 5*time.Second, "bound again", func() bool { return s.Bound() == 1 })
			if _, err := s.Send(ctx, msg(int64(i), fmt.Sprintf("+8491300001%d", i), "Canh giac")); err != nil {
				t.Fatalf("next Send: %v", err)
			}
		})
	}
}

func TestSend_VietnameseLongMessageGoesAsThreeUCS2PartsWithOneReceipt(t *testing.T) {
	peer := smpptest.Start(t, smpptest.Options{})
	s := newSender(t, peer, nil)
	text := "Cảnh báo của Bộ Công an: đối tượng giả danh công an, tòa án gọi điện " +
		"yêu cầu chuyển tiền để “xác minh tài khoản” là lừa đảo. Không cung cấp mã OTP, " +
		"không cài ứng dụng lạ. Gọi 113 khi nghi ngờ."
	if info := sms.Analyze(text); info.Encoding != sms.UCS2 || info.Parts != 3 {
		t.Fatalf("test text is %s in %d parts, want UCS-2 in 3", info.Encoding, info.Parts)
	}
	peer.FailPrefix("84988", "")
	tests := []struct {
		to            string
		wantDelivered bool
		wantStatus    string
	}{
		{"+84912345678", true, "DELIVRD"},
		{"+84988000001", false, "UNDELIV"},
	}
	for i, tt := range tests {
		id, err := s.Send(context.Background(), msg(int64(i), tt.to, text))
		if err != nil {
			t.Fatal(err)
		}
		parts := peer.Submits(tt.to[1:])
		if len(parts) != 3 {
			t.Fatalf("peer got %d parts for %s, want 3", len(parts), tt.to)
		}
		var joined strings.Builder
		for k, p := range parts {
			if p.DataCoding != 8 || p.ESMClass&0x40 == 0 || p.Ref == nil || *p.Ref != *parts[0].Ref || p.Total != 3 || p.Seq != k+1 {
				t.Errorf("part %d: data_coding %d, esm_class %#x, ref %v, %d/%d; want UCS-2 with UDHI, one ref, %d/3",
					k+1, p.DataCoding, p.ESMClass, p.Ref, p.Seq, p.Total, k+1)
			}
			if p.Src != "CANHGIAC" {
				t.Errorf("part %d from %q, want CANHGIAC", k+1, p.Src)
			}
			joined.WriteString(p.Text)
		}
		if joined.String() != text {
			t.Errorf("parts read together:\n%s\nwant:\n%s", joined.String(), text)
		}
		if id != parts[2].MessageID {
			t.Errorf("Send returned %q, want the last part's id %q", id, parts[2].MessageID)
		}
		r := receipts(t, s, 1, 5*time.Second)[0]
		if r.ChannelID != id || r.Delivered != tt.wantDelivered || r.Status != tt.wantStatus {
			t.Errorf("receipt %+v, want one for %s, delivered %v, %s", r, id, tt.wantDelivered, tt.wantStatus)
		}
	}
	select {
	case r := <-s.Receipts():
		t.Errorf("extra receipt %+v: a long message must report once", r)
	case <-time.After(500 * time.Millisecond):
	}
	if c := peer.Counts(); c.ConcatParts != 6 || c.ReceiptsSent != 6 {
		t.Errorf("peer counts %+v, want 6 concatenated parts and 6 receipts", c)
	}
}

func TestSender_AnswersEnquireLinkAndStaysBound(t *testing.T) {
	peer := smpptest.Start(t, smpptest.Options{})
	s := newSender(t, peer, func(c *smpp.Config) { c.EnquireLink = 100 * time.Millisecond })
	peer.WaitCounts(5*time.Second, func(c smpptest.Counts) bool { return c.EnquireLinks >= 3 })
	if s.Bound() != 1 {
		t.Errorf("%d binds up, want 1", s.Bound())
	}
	if c := peer.Counts(); c.Binds != 1 {
		t.Errorf("%d binds made, want 1 (no reconnects)", c.Binds)
	}
}

func TestSend_RefusesWhatCanNeverGo(t *testing.T) {
	peer := smpptest.Start(t, smpptest.Options{})
	s := newSender(t, peer, nil)
	for _, m := range []dispatch.Message{
		msg(1, "0912345678", "so noi dia, khong phai E.164"),
		msg(2, "+84912345678", ""),
	} {
		if _, err := s.Send(context.Background(), m); !errors.Is(err, dispatch.ErrRejected) {
			t.Errorf("Send(%+v) = %v, want ErrRejected", m, err)
		}
	}
	if c := peer.Counts(); c.Submits != 0 {
		t.Errorf("peer got %d submits, want 0", c.Submits)
	}
}

func TestClose_EndsSendsAndReceipts(t *testing.T) {
	peer := smpptest.Start(t, smpptest.Options{})
	s := newSender(t, peer, nil)
	s.Close()
	if _, err := s.Send(context.Background(), msg(1, "+84912345678", "Canh giac")); !errors.Is(err, smpp.ErrClosed) {
		t.Errorf("Send after Close = %v, want ErrClosed", err)
	}
	select {
	case _, ok := <-s.Receipts():
		if ok {
			t.Error("a receipt after Close")
		}
	case <-time.After(2 * time.Second):
		t.Error("Receipts not closed by Close")
	}
}

func TestSend_LongMessageAfterItsFirstPart(t *testing.T) {
	peer := smpptest.Start(t, smpptest.Options{})
	s := newSender(t, peer, nil)
	text := strings.Repeat("Canh giac lua dao qua dien thoai. ", 10) // GSM-7, 3 parts
	if info := sms.Analyze(text); info.Parts != 3 {
		t.Fatalf("test text takes %d parts, want 3", info.Parts)
	}

	t.Run("a throttled later part is retried and the message completed", func(t *testing.T) {
		peer.Pass(1)
		peer.Throttle(2)
		id, err := s.Send(context.Background(), msg(1, "+84912000101", text))
		if err != nil {
			t.Fatalf("Send = %v, want the message completed", err)
		}
		var seqs []int
		for _, p := range peer.Submits("84912000101") {
			if p.Status == 0 {
				seqs = append(seqs, p.Seq)
			}
		}
		if fmt.Sprint(seqs) != "[1 2 3]" {
			t.Errorf("accepted parts %v, want [1 2 3]", seqs)
		}
		if r := receipts(t, s, 1, 5*time.Second)[0]; r.ChannelID != id || !r.Delivered {
			t.Errorf("receipt %+v, want %s delivered", r, id)
		}
	})

	t.Run("a rejected later part fails the message", func(t *testing.T) {
		peer.Pass(1)
		peer.Fail(1, "ESME_RINVDSTADR")
		_, err := s.Send(context.Background(), msg(2, "+84912000102", text))
		if !errors.Is(err, dispatch.ErrRejected) || !strings.Contains(err.Error(), "part 2/3") {
			t.Fatalf("Send = %v, want ErrRejected for part 2/3", err)
		}
		// The first part's receipt names an id Send never returned.
		if r := receipts(t, s, 1, 5*time.Second)[0]; r.ChannelID != peer.Submits("84912000102")[0].MessageID {
			t.Errorf("receipt %+v, want the first part's own", r)
		}
	})

	t.Run("a lost connection after the first part is unknown", func(t *testing.T) {
		eventually(t, 5*time.Second, "bound", func() bool { return s.Bound() == 1 })
		peer.Pass(1)
		peer.HangUp(1)
		_, err := s.Send(context.Background(), msg(3, "+84912000103", text))
		if !errors.Is(err, dispatch.ErrUnknown) {
			t.Fatalf("Send = %v, want ErrUnknown", err)
		}
	})
}
