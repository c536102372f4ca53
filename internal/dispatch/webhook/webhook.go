// Package webhook sends campaign messages to a partner's system over
// HTTPS (a bank's app, a telecom's own notification service), behind
// dispatch.Sender. Each message is one POST of JSON, signed with
// HMAC-SHA256 over the timestamp and the body so the partner can check it
// came from us and is fresh, and carrying an Idempotency-Key so that a
// message sent again after a lost answer is recognised, not shown twice.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"time"

	"github.com/canhgiac/canhgiac/internal/dispatch"
)

// ErrAuth is a partner refusing our signature or credentials: the
// campaign pauses until a person fixes the configuration.
var ErrAuth = errors.New("webhook: đối tác từ chối chữ ký hoặc khóa (HTTP 401/403): hãy kiểm tra CANHGIAC_WEBHOOK_SECRET với đối tác")

// Sender posts one message per request.
type Sender struct {
	URL    string
	Secret string // shared with the partner; signs every request
	Client *http.Client
	now    func() time.Time
}

// Payload is the JSON body the partner receives.
type Payload struct {
	ID        string `json:"id"` // "m123": the same on a resend
	To        string `json:"to"` // E.164
	Text      string `json:"text"`
	Brandname string `json:"brandname,omitempty"`
}

// Sign returns the signature header value for a body sent at ts (Unix
// seconds): "sha256=" + hex(HMAC-SHA256(secret, ts + "." + body)).
func Sign(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a request's signature, for partners written in Go and for
// our tests; maxAge bounds replays.
func Verify(secret string, r *http.Request, body []byte, maxAge time.Duration) bool {
	ts := r.Header.Get("X-Canhgiac-Timestamp")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || time.Since(time.Unix(sec, 0)).Abs() > maxAge {
		return false
	}
	return hmac.Equal([]byte(Sign(secret, ts, body)), []byte(r.Header.Get("X-Canhgiac-Signature")))
}

// Send posts the message. 2xx: accepted (the partner's "id" in a JSON
// answer is kept, else ours); 429 and 503: slow down; 401/403: ErrAuth;
// other 4xx: rejected for good; 5xx or a lost answer after the request
// was written: the outcome is unknown (the partner may have it).
func (s *Sender) Send(ctx context.Context, m dispatch.Message) (string, error) {
	id := "m" + strconv.FormatInt(m.ID, 10)
	body, err := json.Marshal(Payload{ID: id, To: m.To, Text: m.Text, Brandname: m.Brandname})
	if err != nil {
		return "", err
	}
	now := time.Now
	if s.now != nil {
		now = s.now
	}
	ts := strconv.FormatInt(now().Unix(), 10)
	wrote := false
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { wrote = true }})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("%w: địa chỉ webhook không hợp lệ: %v", dispatch.ErrRejected, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", id)
	req.Header.Set("X-Canhgiac-Timestamp", ts)
	req.Header.Set("X-Canhgiac-Signature", Sign(s.Secret, ts, body))
	client := s.Client
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		if wrote && ctx.Err() == nil {
			return "", fmt.Errorf("%w: gửi xong nhưng không nhận được trả lời của đối tác (%v)", dispatch.ErrUnknown, err)
		}
		return "", fmt.Errorf("webhook: không kết nối được đối tác: %w", err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	switch code := resp.StatusCode; {
	case code >= 200 && code < 300:
		var a struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(answer, &a) == nil && a.ID != "" {
			return a.ID, nil
		}
		return id, nil
	case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable:
		return "", dispatch.ErrThrottled
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return "", ErrAuth
	case code >= 400 && code < 500:
		return "", fmt.Errorf("%w: đối tác không nhận tin (HTTP %d: %s)", dispatch.ErrRejected, code, short(answer))
	case code == http.StatusBadGateway || code == http.StatusGatewayTimeout:
		return "", fmt.Errorf("webhook: cổng của đối tác không trả lời (HTTP %d)", code)
	default:
		return "", fmt.Errorf("%w: đối tác báo lỗi HTTP %d", dispatch.ErrUnknown, code)
	}
}

func short(b []byte) string {
	s := string(bytes.TrimSpace(b))
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "…"
	}
	return s
}
