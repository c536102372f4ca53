package mail_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/mail"
	"github.com/canhgiac/canhgiac/internal/mail/mailtest"
)

const (
	subjectVI = "Nhắc hạn báo cáo 6 tháng — Sở Nông nghiệp và Môi trường"
	from      = "Cảnh Giác — Công an tỉnh <canhgiac@congan.gov.vn>"
)

// bodyVI has what tends to break: a line far over 76 bytes (soft breaks),
// a line starting with a dot (SMTP dot-stuffing), "=" (the QP escape),
// trailing spaces and a blank line.
var bodyVI = strings.Join([]string{
	"Kính gửi: Sở Nông nghiệp và Môi trường,",
	"",
	"Theo Kế hoạch số 940/KH-UBND, hạn gửi báo cáo kết quả thực hiện 6 tháng đầu năm 2025 về phòng, chống tội phạm lừa đảo chiếm đoạt tài sản là ngày 05/6/2025. Đề nghị quý cơ quan gửi báo cáo đúng hạn.   ",
	".Dòng bắt đầu bằng dấu chấm; tỷ lệ = 100%",
	"Trân trọng.",
}, "\n")

func send(t *testing.T, s mail.SMTP, m mail.Message) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := s.Send(ctx, m); err != nil {
		t.Fatalf("Send: %v", err)
	}
}

func TestVietnameseArrivesIntact(t *testing.T) {
	srv := mailtest.Start(t)
	s := mail.SMTP{Addr: srv.Addr, From: from, Timeout: 10 * time.Second}
	send(t, s, mail.Message{
		To:      []string{"Văn phòng Sở Nông nghiệp và Môi trường <vanphong@snnmt.gov.vn>"},
		Subject: subjectVI,
		Text:    bodyVI,
		Headers: map[string]string{"X-Canhgiac-Job": "42", "Reply-To": "Phòng PV01 <pv01@congan.gov.vn>"},
	})
	got := srv.Wait(1, 10*time.Second)[0]
	if got.Subject != subjectVI {
		t.Errorf("subject %q, want %q", got.Subject, subjectVI)
	}
	if text := strings.TrimRight(got.Text, "\n"); text != bodyVI {
		t.Errorf("body arrived as\n%q\nwant\n%q", text, bodyVI)
	}
	if got.From != "canhgiac@congan.gov.vn" || strings.Join(got.To, ",") != "vanphong@snnmt.gov.vn" {
		t.Errorf("envelope from %q to %v", got.From, got.To)
	}
	h := got.Headers
	for name, want := range map[string]string{
		"content-type":              "text/plain; charset=utf-8",
		"content-transfer-encoding": "quoted-printable",
		"mime-version":              "1.0",
		"x-canhgiac-job":            "42",
	} {
		if h[name] != want {
			t.Errorf("header %s = %q, want %q", name, h[name], want)
		}
	}
	if !strings.HasPrefix(h["message-id"], "<") || !strings.HasSuffix(h["message-id"], "@congan.gov.vn>") {
		t.Errorf("message-id %q", h["message-id"])
	}
	if _, err := time.Parse(time.RFC1123Z, h["date"]); err != nil {
		t.Errorf("date %q: %v", h["date"], err)
	}
	if !strings.HasPrefix(h["subject"], "=?utf-8?b?") || !strings.Contains(h["from"], "=?utf-8?b?") {
		t.Errorf("non-ASCII headers not encoded: subject %q, from %q", h["subject"], h["from"])
	}
}

func TestSeveralRecipients(t *testing.T) {
	srv := mailtest.Start(t)
	s := mail.SMTP{Addr: srv.Addr, From: "canhgiac@congan.gov.vn", Timeout: 10 * time.Second}
	to := []string{"a@snnmt.gov.vn", "Sở Nội vụ <b@snv.gov.vn>", `"Nguyễn Văn A" <c@ubnd.gov.vn>`}
	send(t, s, mail.Message{To: to, Subject: "Thông báo", Text: "Nội dung"})
	got := srv.Wait(1, 10*time.Second)
	if len(got) != 1 {
		t.Fatalf("%d messages, want one for all recipients", len(got))
	}
	if strings.Join(got[0].To, ",") != "a@snnmt.gov.vn,b@snv.gov.vn,c@ubnd.gov.vn" {
		t.Fatalf("envelope recipients %v", got[0].To)
	}
	if got[0].Subject != "Thông báo" || strings.TrimSpace(got[0].Text) != "Nội dung" {
		t.Fatalf("message %+v", got[0])
	}
}

func TestLoginAndStartTLS(t *testing.T) {
	for _, c := range []struct {
		name      string
		serverTLS bool // the server offers STARTTLS
		askTLS    bool
		user      string
		wantTLS   bool
	}{
		{"plain without login", false, false, "", false},
		{"login over plain TCP to loopback", false, false, "canhgiac", false},
		{"STARTTLS asked, not offered: plain", false, true, "", false},
		{"STARTTLS and login", true, true, "canhgiac", true},
		{"STARTTLS offered, not asked", true, false, "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := mailtest.Start
			if c.serverTLS {
				start = mailtest.StartTLS
			}
			srv := start(t)
			s := mail.SMTP{Addr: srv.Addr, From: "canhgiac@congan.gov.vn", Username: c.user, Password: "mật-khẩu-bí-mật",
				StartTLS: c.askTLS, TLSConfig: srv.TLSConfig(), Timeout: 10 * time.Second}
			send(t, s, mail.Message{To: []string{"a@snnmt.gov.vn"}, Subject: "Thử", Text: "Thử"})
			got := srv.Wait(1, 10*time.Second)[0]
			if got.TLS != c.wantTLS || got.User != c.user {
				t.Fatalf("tls=%v user=%q, want tls=%v user=%q", got.TLS, got.User, c.wantTLS, c.user)
			}
		})
	}
}

func TestRefusedRecipientIsPermanent(t *testing.T) {
	srv := mailtest.Start(t)
	s := mail.SMTP{Addr: srv.Addr, From: "canhgiac@congan.gov.vn", Timeout: 10 * time.Second}
	err := s.Send(context.Background(), mail.Message{To: []string{"a@snnmt.gov.vn", "reject@snnmt.gov.vn"}, Subject: "x", Text: "x"})
	if err == nil || !mail.IsPermanent(err) || !strings.Contains(err.Error(), "reject@snnmt.gov.vn") || !strings.Contains(err.Error(), "550") {
		t.Fatalf("err %v (permanent %v), want a permanent refusal naming the address", err, mail.IsPermanent(err))
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d messages delivered after a refused recipient", n)
	}
}

// countingListener accepts connections on loopback and counts them; it
// never says anything, like a hung server.
func countingListener(t *testing.T) (string, *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int32
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n.Add(1)
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String(), &n
}

func TestBadAddressIsRefusedBeforeConnecting(t *testing.T) {
	addr, conns := countingListener(t)
	for _, c := range []struct {
		name     string
		from, to string
		want     string
	}{
		{"no domain", "canhgiac@congan.gov.vn", "x@", `địa chỉ thư "x@" không hợp lệ`},
		{"words", "canhgiac@congan.gov.vn", "không phải địa chỉ", `địa chỉ thư "không phải địa chỉ" không hợp lệ`},
		{"header injection", "canhgiac@congan.gov.vn", "a@b.vn\r\nBcc: c@d.vn", `không hợp lệ`},
		{"no at sign", "canhgiac@congan.gov.vn", "vanphong", `địa chỉ thư "vanphong" không hợp lệ`},
		{"bad sender", "canhgiac", "a@b.vn", `địa chỉ thư "canhgiac" không hợp lệ`},
		{"nobody", "canhgiac@congan.gov.vn", "", "thư không có người nhận"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := mail.Message{Subject: "x", Text: "x"}
			if c.to != "" {
				m.To = []string{"a@snnmt.gov.vn", c.to}
			}
			err := mail.SMTP{Addr: addr, From: c.from, Timeout: time.Second}.Send(context.Background(), m)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err %v, want %q", err, c.want)
			}
			if errs.KindOf(err) != errs.KindInvalid || !mail.IsPermanent(err) {
				t.Fatalf("err %v: kind %v, want invalid and permanent", err, errs.KindOf(err))
			}
		})
	}
	if n := conns.Load(); n != 0 {
		t.Fatalf("%d connections made for messages that were invalid", n)
	}
}

func TestDeadServerFailsFast(t *testing.T) {
	// A closed port: nothing listens there any more.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	hung, _ := countingListener(t)

	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		name string
		addr string
		ctx  context.Context
		want []string
	}{
		{"closed port", closed, context.Background(), []string{"không kết nối được máy chủ thư " + closed, "refused"}},
		{"server that never answers", hung, context.Background(), []string{"máy chủ thư không chào " + hung, "không trả lời trong 300ms"}},
		{"canceled context", hung, canceled, []string{"đã hủy"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := mail.SMTP{Addr: c.addr, From: "canhgiac@congan.gov.vn", Timeout: 300 * time.Millisecond}
			start := time.Now()
			err := s.Send(c.ctx, mail.Message{To: []string{"a@snnmt.gov.vn"}, Subject: "x", Text: "x"})
			if err == nil {
				t.Fatal("sent to a dead server")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err %q does not say %q", err, w)
				}
			}
			if mail.IsPermanent(err) {
				t.Errorf("err %v counted as permanent; a dead server is worth retrying", err)
			}
			// Generous: only a hang (no timeout at all) should fail this.
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	if err := (mail.SMTP{Addr: closed, From: "a@b.vn"}).Send(canceled, mail.Message{To: []string{"a@b.vn"}}); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want one that wraps context.Canceled", err)
	}
}
