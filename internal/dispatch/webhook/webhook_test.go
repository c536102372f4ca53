package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/dispatch"
)

// partner is a real HTTP server on loopback standing for a bank's system:
// it checks the signature, keeps what it accepted by idempotency key, and
// answers as told.
type partner struct {
	mu     sync.Mutex
	got    map[string]Payload
	answer int // HTTP status to answer; 0: 200
	hang   bool
	srv    *http.Server
	url    string
}

func startPartner(t *testing.T, secret string) *partner {
	p := &partner{got: map[string]Payload{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.url = "http://" + ln.Addr().String() + "/canh-bao"
	p.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !Verify(secret, r, body, time.Minute) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		p.mu.Lock()
		answer, hang := p.answer, p.hang
		p.mu.Unlock()
		if hang {
			<-r.Context().Done()
			return
		}
		if answer != 0 {
			http.Error(w, "no", answer)
			return
		}
		var m Payload
		if err := json.Unmarshal(body, &m); err != nil || r.Header.Get("Idempotency-Key") != m.ID {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		p.mu.Lock()
		p.got[m.ID] = m
		p.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"bank-`+m.ID+`"}`)
	})}
	go p.srv.Serve(ln)
	t.Cleanup(func() { p.srv.Close() })
	return p
}

func (p *partner) set(answer int, hang bool) {
	p.mu.Lock()
	p.answer, p.hang = answer, hang
	p.mu.Unlock()
}

func TestWebhookSend(t *testing.T) {
	p := startPartner(t, "bí-mật-chung")
	s := &Sender{URL: p.url, Secret: "bí-mật-chung", Client: &http.Client{Timeout: 500 * time.Millisecond}}
	ctx := context.Background()
	msg := dispatch.Message{ID: 42, To: "+84912345678", Text: "Cảnh báo: không chuyển tiền cho người lạ."}

	id, err := s.Send(ctx, msg)
	if err != nil || id != "bank-m42" {
		t.Fatalf("Send = %q, %v", id, err)
	}
	if got := p.got["m42"]; got.To != msg.To || got.Text != msg.Text {
		t.Fatalf("partner got %+v", got)
	}

	// A resend after a lost answer carries the same key: the partner keeps one.
	if _, err := s.Send(ctx, msg); err != nil || len(p.got) != 1 {
		t.Fatalf("resend: %v, partner holds %d", err, len(p.got))
	}

	// A wrong secret is refused by the partner: fatal, not retried.
	bad := &Sender{URL: p.url, Secret: "sai", Client: s.Client}
	if _, err := bad.Send(ctx, msg); !errors.Is(err, ErrAuth) {
		t.Fatalf("wrong secret: %v", err)
	}

	for _, c := range []struct {
		status int
		want   error
	}{{429, dispatch.ErrThrottled}, {503, dispatch.ErrThrottled}, {422, dispatch.ErrRejected}, {500, dispatch.ErrUnknown}} {
		p.set(c.status, false)
		if _, err := s.Send(ctx, dispatch.Message{ID: 43, To: msg.To, Text: "x"}); !errors.Is(err, c.want) {
			t.Errorf("HTTP %d: err = %v, want %v", c.status, err, c.want)
		}
	}

	// Written, then no answer: unknown, never "not sent".
	p.set(0, true)
	if _, err := s.Send(ctx, dispatch.Message{ID: 44, To: msg.To, Text: "x"}); !errors.Is(err, dispatch.ErrUnknown) {
		t.Fatalf("hung partner: %v", err)
	}
	p.set(0, false)

	// Nobody listening: not sent, may be retried (neither rejected nor unknown).
	down := &Sender{URL: "http://127.0.0.1:1/x", Secret: "s"}
	_, err = down.Send(ctx, msg)
	if err == nil || errors.Is(err, dispatch.ErrUnknown) || errors.Is(err, dispatch.ErrRejected) || !strings.Contains(err.Error(), "không kết nối được") {
		t.Fatalf("partner down: %v", err)
	}
}

func TestVerifyRejectsOldAndTampered(t *testing.T) {
	body := []byte(`{"id":"m1"}`)
	old := time.Now().Add(-10 * time.Minute).Unix()
	r, _ := http.NewRequest("POST", "http://x", nil)
	ts := strconv.FormatInt(old, 10)
	r.Header.Set("X-Canhgiac-Timestamp", ts)
	r.Header.Set("X-Canhgiac-Signature", Sign("k", ts, body))
	if Verify("k", r, body, time.Minute) {
		t.Fatal("a ten-minute-old request passed")
	}
	now := strconv.FormatInt(time.Now().Unix(), 10)
	r.Header.Set("X-Canhgiac-Timestamp", now)
	r.Header.Set("X-Canhgiac-Signature", Sign("k", now, body))
	if !Verify("k", r, body, time.Minute) {
		t.Fatal("a fresh request failed")
	}
	if Verify("k", r, []byte(`{"id":"m2"}`), time.Minute) {
		t.Fatal("a changed body passed")
	}
}
