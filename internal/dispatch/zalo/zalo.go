// Package zalo sends campaign messages through Zalo, behind
// dispatch.Sender and dispatch.Receipts: to a Zalo user id with the
// Official Account message API v3 (a customer-service text), to a phone
// number with ZNS (Zalo Notification Service, an approved template whose
// text parameter carries the message). Delivery reports come back as ZNS
// "user_received_message" events on the OA's webhook (Sender.Webhook).
//
// It maps Zalo's answers to dispatch's error kinds (see codes in
// errors.go) and tells "not sent" from "sent, outcome unknown" by whether
// the request was fully written. The access token is never logged nor put
// in an error.
package zalo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/canhgiac/canhgiac/internal/dispatch"
)

// Defaults, as published by Zalo.
const (
	DefaultOABase    = "https://openapi.zalo.me"
	DefaultZNSBase   = "https://business.openapi.zalo.me"
	DefaultTextParam = "noi_dung"
	DefaultTimeout   = 15 * time.Second
)

// Config describes one Official Account (and its ZNS app).
type Config struct {
	// Token returns the OA access token for a request (required). It may
	// refresh the token; an error it returns is passed on wrapped, so a
	// refused refresh should itself wrap ErrAuth. See StaticToken.
	Token func(ctx context.Context) (string, error)

	OABase  string // default DefaultOABase
	ZNSBase string // default DefaultZNSBase

	// TemplateID is the approved ZNS template for messages to phone
	// numbers; "" means phone numbers cannot be sent to (ErrConfig).
	TemplateID string
	// TextParam names the template parameter that carries Message.Text
	// (default "noi_dung").
	TextParam string
	// TemplateData holds the template's other parameters, the same for
	// every message (e.g. the campaign's name); may be nil.
	TemplateData map[string]string

	// AppID and OASecretKey check the signature of Zalo's webhook events
	// (X-ZEvent-Signature). Without OASecretKey the webhook refuses all.
	AppID       string
	OASecretKey string
	// OnMessage, when set, receives what people write to the OA (a check:
	// a number, a link, an account or a photograph of a QR code); it runs
	// apart from the webhook's answer.
	OnMessage func(Incoming)

	// Client sends the requests (default: a client on
	// http.DefaultTransport). Redirects are never followed.
	Client *http.Client
	// Timeout bounds one request, answer included (default 15s). A
	// request written but not answered in time is ErrUnknown.
	Timeout time.Duration
}

// StaticToken is a Config.Token that always gives tok.
func StaticToken(tok string) func(context.Context) (string, error) {
	return func(context.Context) (string, error) { return tok, nil }
}

// Sender sends through one Official Account. It is safe for concurrent
// use. Close it to close the Receipts channel.
type Sender struct {
	cfg    Config
	client *http.Client
	outbox *dispatch.Outbox
	stop   chan struct{}
	once   sync.Once
}

var (
	_ dispatch.Sender   = (*Sender)(nil)
	_ dispatch.Receipts = (*Sender)(nil)
)

// New checks cfg, fills in the defaults and starts the receipts outbox.
func New(cfg Config) (*Sender, error) {
	if cfg.Token == nil {
		return nil, errors.New("zalo: Config.Token is required")
	}
	if cfg.OABase == "" {
		cfg.OABase = DefaultOABase
	}
	if cfg.ZNSBase == "" {
		cfg.ZNSBase = DefaultZNSBase
	}
	cfg.OABase = strings.TrimRight(cfg.OABase, "/")
	cfg.ZNSBase = strings.TrimRight(cfg.ZNSBase, "/")
	if cfg.TextParam == "" {
		cfg.TextParam = DefaultTextParam
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if _, clash := cfg.TemplateData[cfg.TextParam]; clash {
		return nil, fmt.Errorf("zalo: TemplateData must not set the text parameter %q", cfg.TextParam)
	}
	client := &http.Client{}
	if cfg.Client != nil {
		c := *cfg.Client
		client = &c
	}
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	s := &Sender{cfg: cfg, client: client, outbox: dispatch.NewOutbox(maxQueued), stop: make(chan struct{})}
	go s.outbox.Run(s.stop)
	return s, nil
}

// Close closes the Receipts channel; receipts not yet read are dropped
// and later webhook events are answered 503 (Zalo may send them again).
// Send keeps working.
func (s *Sender) Close() error {
	s.once.Do(func() { close(s.stop) })
	return nil
}

// Receipts returns the delivery receipts taken from webhook events.
func (s *Sender) Receipts() <-chan dispatch.Receipt { return s.outbox.Out() }

// TrackingID is the ZNS tracking_id sent with message id: Zalo echoes it
// in delivery events and its message logs, so a message whose outcome is
// unknown can be looked up.
func TrackingID(messageID int64) string { return fmt.Sprintf("m%d", messageID) }

// Send submits m: by OA message to a Zalo user id, by ZNS to a Vietnamese
// phone number (+84…). It returns Zalo's message id (OA message_id, ZNS
// msg_id), which delivery receipts carry. Errors: ErrAuth and ErrConfig
// (pause: see Fatal), dispatch.ErrThrottled, dispatch.ErrRejected with the
// reason in Vietnamese, dispatch.ErrUnknown when the request was written
// but no readable answer came; anything else was not sent.
func (s *Sender) Send(ctx context.Context, m dispatch.Message) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("zalo: chưa gửi: %w", err)
	}
	to, isPhone, err := recipient(m.To)
	if err != nil {
		return "", fmt.Errorf("%w: %v", dispatch.ErrRejected, err)
	}
	if strings.TrimSpace(m.Text) == "" {
		return "", fmt.Errorf("%w: tin nhắn Zalo không có nội dung", dispatch.ErrRejected)
	}
	if isPhone {
		return s.sendZNS(ctx, m, to)
	}
	return s.sendOA(ctx, m, to)
}

func (s *Sender) sendOA(ctx context.Context, m dispatch.Message, userID string) (string, error) {
	body := map[string]any{
		"recipient": map[string]string{"user_id": userID},
		"message":   map[string]string{"text": m.Text},
	}
	var data struct {
		MessageID string `json:"message_id"`
	}
	if err := s.post(ctx, "OA", s.cfg.OABase+"/v3.0/oa/message/cs", body, &data); err != nil {
		return "", err
	}
	if data.MessageID == "" {
		return "", fmt.Errorf("%w: Zalo (OA) báo thành công nhưng không trả message_id", dispatch.ErrUnknown)
	}
	return data.MessageID, nil
}

func (s *Sender) sendZNS(ctx context.Context, m dispatch.Message, phone string) (string, error) {
	if s.cfg.TemplateID == "" {
		return "", &Error{API: "ZNS", Reason: "chưa cấu hình mẫu ZNS (template_id) để gửi tới số điện thoại", kind: kindConfig}
	}
	td := make(map[string]string, len(s.cfg.TemplateData)+1)
	for k, v := range s.cfg.TemplateData {
		td[k] = v
	}
	td[s.cfg.TextParam] = m.Text
	body := map[string]any{
		"phone":         phone,
		"template_id":   s.cfg.TemplateID,
		"template_data": td,
		"tracking_id":   TrackingID(m.ID),
	}
	var data struct {
		MsgID string `json:"msg_id"`
	}
	if err := s.post(ctx, "ZNS", s.cfg.ZNSBase+"/message/template", body, &data); err != nil {
		return "", err
	}
	if data.MsgID == "" {
		return "", fmt.Errorf("%w: Zalo (ZNS) báo thành công nhưng không trả msg_id", dispatch.ErrUnknown)
	}
	return data.MsgID, nil
}

// envelope is every Zalo answer.
type envelope struct {
	Error   *int            `json:"error"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

// post sends one request and decodes data on success. The error kinds:
// Zalo's code (codeError); 429 → throttled; no answer after the request
// was written, an unreadable 2xx answer, or 504 → ErrUnknown; not written,
// 5xx (but 504) → plain error; 401/403 → ErrAuth; other statuses →
// ErrConfig (3xx, 404, 405) or ErrRejected.
func (s *Sender) post(ctx context.Context, api, url string, body, data any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("%w: %v", dispatch.ErrRejected, err)
	}
	tok, err := s.cfg.Token(ctx)
	if err != nil {
		return fmt.Errorf("zalo: chưa gửi, không lấy được mã truy cập: %w", err)
	}
	if tok == "" {
		return &Error{API: api, Reason: "chưa có mã truy cập", kind: kindAuth}
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	var wrote atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(i httptrace.WroteRequestInfo) {
			if i.Err == nil {
				wrote.Store(true)
			}
		},
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return &Error{API: api, Reason: fmt.Sprintf("địa chỉ API không hợp lệ (%v)", err), kind: kindConfig}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header["access_token"] = []string{tok} // as Zalo spells it, not canonicalized
	resp, err := s.client.Do(req)
	if err != nil {
		if wrote.Load() {
			return fmt.Errorf("%w: đã gửi yêu cầu tới Zalo (%s) nhưng không nhận được trả lời (%v); tin có thể đã đi, tra lại bằng tracking_id", dispatch.ErrUnknown, api, err)
		}
		return fmt.Errorf("zalo: chưa gửi được tới %s: %w", api, err)
	}
	defer resp.Body.Close()
	raw, rerr := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var env envelope
	perr := json.Unmarshal(raw, &env)
	if rerr == nil && perr == nil && env.Error != nil && *env.Error != 0 && resp.StatusCode != http.StatusTooManyRequests {
		return codeError(api, *env.Error, env.Message)
	}
	switch st := resp.StatusCode; {
	case st >= 200 && st < 300:
		if rerr != nil || perr != nil || env.Error == nil {
			return fmt.Errorf("%w: Zalo (%s) trả lời HTTP %d nhưng không đọc được câu trả lời", dispatch.ErrUnknown, api, st)
		}
		if err := json.Unmarshal(env.Data, data); err != nil {
			return fmt.Errorf("%w: Zalo (%s) báo thành công nhưng phần data không đọc được: %v", dispatch.ErrUnknown, api, err)
		}
		return nil
	case st == http.StatusTooManyRequests:
		return &Error{API: api, HTTPStatus: st, Reason: "quá nhiều yêu cầu", kind: kindThrottled}
	case st == http.StatusGatewayTimeout:
		// The gateway gave up waiting for Zalo's server, which may
		// have sent the message meanwhile.
		return fmt.Errorf("%w: cổng của Zalo (%s) hết thời gian chờ (HTTP 504); tin có thể đã được gửi", dispatch.ErrUnknown, api)
	case st >= 500:
		return fmt.Errorf("zalo: %s đang lỗi (HTTP %d), chưa gửi; sẽ thử lại", api, st)
	case st == http.StatusUnauthorized || st == http.StatusForbidden:
		return &Error{API: api, HTTPStatus: st, Reason: "yêu cầu bị từ chối quyền truy cập", kind: kindAuth}
	case st < 400 || st == http.StatusNotFound || st == http.StatusMethodNotAllowed:
		return &Error{API: api, HTTPStatus: st, Reason: "địa chỉ API không đúng", kind: kindConfig}
	}
	return &Error{API: api, HTTPStatus: resp.StatusCode, Reason: "yêu cầu bị từ chối", kind: kindRejected}
}

// recipient tells a phone number (+84…, or 0… with 10 digits) from a Zalo
// user id (digits) and gives the phone in Zalo's 84… form, or the id.
func recipient(to string) (addr string, isPhone bool, err error) {
	t := strings.TrimSpace(to)
	switch {
	case t == "":
		return "", false, errors.New("không có người nhận")
	case strings.HasPrefix(t, "+"):
		d := t[1:]
		if !digits(d) || !strings.HasPrefix(d, "84") || len(d) != 11 {
			return "", true, fmt.Errorf("ZNS chỉ gửi tới số di động Việt Nam (+84 và 9 chữ số), không gửi được tới %q", to)
		}
		return d, true, nil
	case len(t) == 10 && t[0] == '0' && digits(t):
		return "84" + t[1:], true, nil
	case digits(t):
		return t, false, nil
	}
	return "", false, fmt.Errorf("%q không phải số điện thoại (+84…) hay mã người dùng Zalo (user_id)", to)
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
