// Package zalotest is a local stand-in for Zalo's Official Account message
// API v3 (POST /v3.0/oa/message/cs) and ZNS (POST /message/template), on
// one real HTTP server on 127.0.0.1, for the tests of any package that
// sends through Zalo. Point both Config.OABase and Config.ZNSBase at URL.
//
// It answers in Zalo's published shapes: HTTP 200 with {"error": 0,
// "message": "Success", "data": {...}} or a negative error code. It checks
// the access_token header, the template id, the phone (84 + 9 digits) and
// the JSON body; records what it accepted; can be told to expire the
// token, run out of quota, rate-limit, treat a user as not following the
// OA, hang requests or fail them at the HTTP level; and posts a signed
// user_received_message event to a webhook address for each accepted ZNS
// message.
//
// It is for tests only. Its methods are safe to call from any goroutine.
package zalotest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// Defaults for Options.
const (
	DefaultToken      = "zalo-test-access-token"
	DefaultTemplateID = "312345"
	DefaultTextParam  = "noi_dung"
	DefaultAppID      = "4512345678901234567"
	DefaultSecretKey  = "oa-secret-key-for-tests"
	DefaultOAID       = "2911234567890123456"
	DefaultDailyQuota = 1000
)

// Zalo's error codes the fake answers with.
const (
	CodeRateLimit     = -32  // both APIs: too many requests
	CodeOAParam       = -201 // OA: parameter invalid
	CodeOATooLong     = -210 // OA: parameter exceeds the limit
	CodeOAQuota       = -211 // OA: out of quota
	CodeNotFollowing  = -213 // OA: user has not followed the OA
	CodeOAToken       = -216 // OA: access token is invalid
	CodeZNSPhone      = -108 // ZNS: phone number is invalid
	CodeZNSTemplate   = -109 // ZNS: template id is invalid
	CodeZNSData       = -112 // ZNS: template data is invalid
	CodeZNSJSON       = -122 // ZNS: body is not JSON
	CodeZNSToken      = -124 // ZNS: access token is invalid
	CodeZNSParam      = -132 // ZNS: parameter invalid (tracking_id)
	CodeZNSDailyQuota = -144 // ZNS: OA exceeded its daily quota
	maxOATextRunes    = 2000
)

// Options configure a Server; zero values take the defaults above.
type Options struct {
	Token      string // the access token accepted
	TemplateID string // the one approved ZNS template
	TextParam  string // the template parameter that must be present
	AppID      string // app_id in webhook events, and in their signature
	SecretKey  string // OA secret key that signs webhook events
	DailyQuota int    // reported as dailyQuota in ZNS answers

	// WebhookURL receives a signed user_received_message for each
	// accepted ZNS message ("" = none; see SetWebhook), WebhookDelay after
	// the answer.
	WebhookURL   string
	WebhookDelay time.Duration
}

// Message is one message the server accepted.
type Message struct {
	API          string            // "OA" or "ZNS"
	ID           string            // message_id (OA) or msg_id (ZNS) answered
	UserID       string            // OA recipient
	Text         string            // OA text, or ZNS template_data[TextParam]
	Phone        string            // ZNS phone, 84…
	TemplateID   string            // ZNS
	TemplateData map[string]string // ZNS, values as text
	TrackingID   string            // ZNS
	At           time.Time
}

// Request is one request as the server handled it, accepted or not.
type Request struct {
	API        string // "OA" or "ZNS"
	Body       string
	HTTPStatus int    // the HTTP status answered (0 when hung)
	Code       int    // Zalo's error code answered (0 success or not JSON)
	Hung       bool   // never answered
	MessageID  string // set when accepted
}

// Delivery is one webhook event the server posted.
type Delivery struct {
	MsgID      string
	TrackingID string
	HTTPStatus int    // the webhook's answer; 0 when it failed
	Err        string // the post's error
}

// Server is a running fake on 127.0.0.1.
type Server struct {
	opts    Options
	url     string
	srv     *http.Server
	closing chan struct{}
	ctx     context.Context
	cancel  context.CancelFunc
	once    sync.Once
	wg      sync.WaitGroup

	mu           sync.Mutex
	token        string
	expired      bool
	quota        int // accepted messages left before the quota error; -1 unlimited
	rateLimit    int // next requests answered -32
	errNext      []zaloErr
	failNext     []int // HTTP statuses for the next requests
	hangNext     int
	notFollowing map[string]bool
	webhookURL   string
	messages     []Message
	requests     []Request
	deliveries   []Delivery
	sent         int // ZNS accepted today, for remainingQuota
}

type zaloErr struct {
	code int
	msg  string
}

// Start starts a server with the default options and closes it when the
// test ends.
func Start(t testing.TB) *Server { return StartWith(t, Options{}) }

// StartWith starts a server with o and closes it when the test ends.
func StartWith(t testing.TB, o Options) *Server {
	t.Helper()
	s, err := New(o)
	if err != nil {
		t.Fatalf("zalotest: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// New starts a server listening on 127.0.0.1 at a free port. Close it.
func New(o Options) (*Server, error) {
	if o.Token == "" {
		o.Token = DefaultToken
	}
	if o.TemplateID == "" {
		o.TemplateID = DefaultTemplateID
	}
	if o.TextParam == "" {
		o.TextParam = DefaultTextParam
	}
	if o.AppID == "" {
		o.AppID = DefaultAppID
	}
	if o.SecretKey == "" {
		o.SecretKey = DefaultSecretKey
	}
	if o.DailyQuota <= 0 {
		o.DailyQuota = DefaultDailyQuota
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{
		opts:         o,
		url:          "http://" + ln.Addr().String(),
		closing:      make(chan struct{}),
		token:        o.Token,
		quota:        -1,
		notFollowing: map[string]bool{},
		webhookURL:   o.WebhookURL,
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	mux := http.NewServeMux()
	mux.HandleFunc("/v3.0/oa/message/cs", func(w http.ResponseWriter, r *http.Request) { s.handle(w, r, "OA") })
	mux.HandleFunc("/message/template", func(w http.ResponseWriter, r *http.Request) { s.handle(w, r, "ZNS") })
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(ln)
	return s, nil
}

// URL is the base of both APIs, e.g. http://127.0.0.1:41234.
func (s *Server) URL() string { return s.url }

// Token is the access token the server accepts now.
func (s *Server) Token() string { s.mu.Lock(); defer s.mu.Unlock(); return s.token }

// TemplateID is the approved template.
func (s *Server) TemplateID() string { return s.opts.TemplateID }

// TextParam is the template parameter that must carry the text.
func (s *Server) TextParam() string { return s.opts.TextParam }

// AppID is the app_id of webhook events.
func (s *Server) AppID() string { return s.opts.AppID }

// SecretKey is the OA secret key that signs webhook events.
func (s *Server) SecretKey() string { return s.opts.SecretKey }

// Close releases hung requests, stops the server and waits for webhook
// posts under way (cancelling them).
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.closing)
		s.cancel()
		s.srv.Close()
		s.wg.Wait()
	})
}

// ExpireToken makes the current token invalid (-216 OA, -124 ZNS).
func (s *Server) ExpireToken() { s.mu.Lock(); s.expired = true; s.mu.Unlock() }

// SetToken makes tok the valid token (and ends ExpireToken).
func (s *Server) SetToken(tok string) {
	s.mu.Lock()
	s.token, s.expired = tok, false
	s.mu.Unlock()
}

// QuotaAfter lets n more messages through, then answers every message
// with the quota error (ZNS -144, OA -211); negative n: no limit.
func (s *Server) QuotaAfter(n int) { s.mu.Lock(); s.quota = n; s.mu.Unlock() }

// RateLimit answers the next n requests with -32 (rate limit).
func (s *Server) RateLimit(n int) { s.mu.Lock(); s.rateLimit = n; s.mu.Unlock() }

// ErrorNext answers the next request (after the token check) with a Zalo
// error code and message; calls queue up.
func (s *Server) ErrorNext(code int, message string) {
	s.mu.Lock()
	s.errNext = append(s.errNext, zaloErr{code, message})
	s.mu.Unlock()
}

// FailNext answers the next request with an HTTP status and a non-Zalo
// body (as a proxy would); calls queue up.
func (s *Server) FailNext(status int) {
	s.mu.Lock()
	s.failNext = append(s.failNext, status)
	s.mu.Unlock()
}

// HangNext reads the next n requests whole and never answers them (until
// the client gives up or Close).
func (s *Server) HangNext(n int) { s.mu.Lock(); s.hangNext = n; s.mu.Unlock() }

// NotFollowing makes OA messages to these user ids fail with -213.
func (s *Server) NotFollowing(userIDs ...string) {
	s.mu.Lock()
	for _, id := range userIDs {
		s.notFollowing[id] = true
	}
	s.mu.Unlock()
}

// SetWebhook sets where delivery events go ("" = nowhere).
func (s *Server) SetWebhook(url string) { s.mu.Lock(); s.webhookURL = url; s.mu.Unlock() }

// Messages returns the accepted messages, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Count is how many messages were accepted.
func (s *Server) Count() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.messages) }

// Requests returns every request handled (accepted, refused, hung).
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Deliveries returns the webhook events posted so far.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.deliveries...)
}

// WaitDeliveries waits up to timeout for n webhook events to have been
// posted (answered or failed) and returns those posted by then.
func (s *Server) WaitDeliveries(n int, timeout time.Duration) []Delivery {
	deadline := time.Now().Add(timeout)
	for {
		d := s.Deliveries()
		if len(d) >= n || time.Now().After(deadline) {
			return d
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Sign is Zalo's webhook signature, the X-ZEvent-Signature value:
// "mac=" + hex(sha256(appID + body + timestamp + secretKey)).
func Sign(appID string, body []byte, timestamp, secretKey string) string {
	h := sha256.New()
	h.Write([]byte(appID))
	h.Write(body)
	h.Write([]byte(timestamp))
	h.Write([]byte(secretKey))
	return "mac=" + hex.EncodeToString(h.Sum(nil))
}

// ReceivedEvent builds a user_received_message event as Zalo posts it and
// returns it with its timestamp (for Sign).
func ReceivedEvent(appID, msgID, trackingID string, at time.Time) (body []byte, timestamp string) {
	ts := strconv.FormatInt(at.UnixMilli(), 10)
	body, _ = json.Marshal(map[string]any{
		"app_id":         appID,
		"oa_id":          DefaultOAID,
		"user_id_by_app": "5521234567890123456",
		"event_name":     "user_received_message",
		"timestamp":      ts,
		"message": map[string]string{
			"msg_id":        msgID,
			"delivery_time": ts,
			"tracking_id":   trackingID,
		},
	})
	return body, ts
}

var phoneRE = regexp.MustCompile(`^84[0-9]{9}$`)
var userRE = regexp.MustCompile(`^[0-9]{1,25}$`)

func (s *Server) handle(w http.ResponseWriter, r *http.Request, api string) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return
	}
	rec := Request{API: api, Body: string(raw)}

	s.mu.Lock()
	if len(s.failNext) > 0 {
		st := s.failNext[0]
		s.failNext = s.failNext[1:]
		rec.HTTPStatus = st
		s.requests = append(s.requests, rec)
		s.mu.Unlock()
		http.Error(w, http.StatusText(st), st)
		return
	}
	if s.hangNext > 0 {
		s.hangNext--
		rec.Hung = true
		s.requests = append(s.requests, rec)
		s.mu.Unlock()
		select {
		case <-r.Context().Done():
		case <-s.closing:
		}
		return
	}
	code, msg, data, accepted := s.decide(r, api, raw)
	rec.HTTPStatus, rec.Code = http.StatusOK, code
	var hook string
	if accepted != nil {
		rec.MessageID = accepted.ID
		s.messages = append(s.messages, *accepted)
		if api == "ZNS" {
			hook = s.webhookURL
		}
	}
	s.requests = append(s.requests, rec)
	s.mu.Unlock()

	ans := map[string]any{"error": code, "message": msg}
	if data != nil {
		ans["data"] = data
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(ans)
	if hook != "" {
		s.wg.Add(1)
		go s.deliver(hook, accepted.ID, accepted.TrackingID)
	}
}

// decide checks a request in Zalo's order: token, rate, body, recipient,
// quota. Called with s.mu held.
func (s *Server) decide(r *http.Request, api string, raw []byte) (code int, msg string, data map[string]any, m *Message) {
	if tok := r.Header.Get("access_token"); tok == "" || tok != s.token || s.expired {
		if api == "OA" {
			return CodeOAToken, "Access token is invalid", nil, nil
		}
		return CodeZNSToken, "Access token is invalid", nil, nil
	}
	if s.rateLimit > 0 {
		s.rateLimit--
		return CodeRateLimit, "Request exceeded limit rate", nil, nil
	}
	if len(s.errNext) > 0 {
		e := s.errNext[0]
		s.errNext = s.errNext[1:]
		return e.code, e.msg, nil, nil
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		if api == "OA" {
			return CodeOAParam, "Content-Type must be application/json", nil, nil
		}
		return CodeZNSJSON, "Body request is not in JSON format", nil, nil
	}
	now := time.Now()
	if api == "OA" {
		var body struct {
			Recipient struct {
				UserID string `json:"user_id"`
			} `json:"recipient"`
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
		}
		switch {
		case json.Unmarshal(raw, &body) != nil:
			return CodeOAParam, "Parameter invalid: body is not JSON", nil, nil
		case !userRE.MatchString(body.Recipient.UserID):
			return CodeOAParam, "Parameter invalid: recipient.user_id", nil, nil
		case strings.TrimSpace(body.Message.Text) == "":
			return CodeOAParam, "Parameter invalid: message.text is empty", nil, nil
		case utf8.RuneCountInString(body.Message.Text) > maxOATextRunes:
			return CodeOATooLong, "Parameter exceeds the limit: message.text", nil, nil
		case s.notFollowing[body.Recipient.UserID]:
			return CodeNotFollowing, "User has not followed OA", nil, nil
		case s.quota == 0:
			return CodeOAQuota, "Out of quota", nil, nil
		}
		if s.quota > 0 {
			s.quota--
		}
		id := newID()
		return 0, "Success", map[string]any{"message_id": id, "user_id": body.Recipient.UserID},
			&Message{API: api, ID: id, UserID: body.Recipient.UserID, Text: body.Message.Text, At: now}
	}

	var body struct {
		Phone        string                     `json:"phone"`
		TemplateID   json.RawMessage            `json:"template_id"`
		TemplateData map[string]json.RawMessage `json:"template_data"`
		TrackingID   string                     `json:"tracking_id"`
	}
	if json.Unmarshal(raw, &body) != nil {
		return CodeZNSJSON, "Body request is not in JSON format", nil, nil
	}
	tid := jsonText(body.TemplateID)
	td := map[string]string{}
	for k, v := range body.TemplateData {
		td[k] = jsonText(v)
	}
	switch {
	case !phoneRE.MatchString(body.Phone):
		return CodeZNSPhone, "Phone number is invalid", nil, nil
	case tid != s.opts.TemplateID:
		return CodeZNSTemplate, "Template id is invalid", nil, nil
	case body.TemplateData == nil || strings.TrimSpace(td[s.opts.TextParam]) == "":
		return CodeZNSData, "Template data is invalid: missing " + s.opts.TextParam, nil, nil
	case body.TrackingID == "":
		return CodeZNSParam, "Parameter invalid: tracking_id", nil, nil
	case s.quota == 0:
		return CodeZNSDailyQuota, "Your OA has exceeded the daily quota of ZNS", nil, nil
	}
	if s.quota > 0 {
		s.quota--
	}
	s.sent++
	id := newID()
	data = map[string]any{
		"msg_id":    id,
		"sent_time": strconv.FormatInt(now.UnixMilli(), 10),
		"quota": map[string]string{
			"dailyQuota":     strconv.Itoa(s.opts.DailyQuota),
			"remainingQuota": strconv.Itoa(max(s.opts.DailyQuota-s.sent, 0)),
		},
	}
	return 0, "Success", data, &Message{API: api, ID: id, Phone: body.Phone, Text: td[s.opts.TextParam],
		TemplateID: tid, TemplateData: td, TrackingID: body.TrackingID, At: now}
}

// deliver posts a signed user_received_message for msgID to url.
func (s *Server) deliver(url, msgID, trackingID string) {
	defer s.wg.Done()
	if d := s.opts.WebhookDelay; d > 0 {
		select {
		case <-time.After(d):
		case <-s.ctx.Done():
			return
		}
	}
	body, ts := ReceivedEvent(s.opts.AppID, msgID, trackingID, time.Now())
	d := Delivery{MsgID: msgID, TrackingID: trackingID}
	ctx, cancel := context.WithTimeout(s.ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(string(body)))
	if err == nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-ZEvent-Signature", Sign(s.opts.AppID, body, ts, s.opts.SecretKey))
		var resp *http.Response
		if resp, err = http.DefaultClient.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			d.HTTPStatus = resp.StatusCode
		}
	}
	if err != nil {
		d.Err = err.Error()
	}
	s.mu.Lock()
	s.deliveries = append(s.deliveries, d)
	s.mu.Unlock()
}

// jsonText is a JSON string's value or a number's text.
func jsonText(raw json.RawMessage) string {
	var str string
	if json.Unmarshal(raw, &str) == nil {
		return str
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

func newID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// UserMessageEvent builds the event Zalo posts when user userID writes
// text to the OA (user_send_text), or sends pictures (user_send_image,
// each picture's address in an image attachment), with its timestamp.
func UserMessageEvent(appID, userID, text string, images []string, at time.Time) (body []byte, timestamp string) {
	ts := strconv.FormatInt(at.UnixMilli(), 10)
	msg := map[string]any{"msg_id": "u" + ts, "text": text}
	name := "user_send_text"
	if len(images) > 0 {
		name = "user_send_image"
		var att []map[string]any
		for _, u := range images {
			att = append(att, map[string]any{"type": "image", "payload": map[string]string{"thumbnail": u, "url": u}})
		}
		msg["attachments"] = att
	}
	body, _ = json.Marshal(map[string]any{
		"app_id":         appID,
		"user_id_by_app": "5521234567890123456",
		"event_name":     name,
		"timestamp":      ts,
		"sender":         map[string]string{"id": userID},
		"recipient":      map[string]string{"id": DefaultOAID},
		"message":        msg,
	})
	return body, ts
}

// UserWrites posts to the webhook, signed as Zalo does, the event of user
// userID writing text (and sending pictures) to the OA; it returns the
// webhook's HTTP status.
func (s *Server) UserWrites(userID, text string, images ...string) int {
	s.mu.Lock()
	hook := s.webhookURL
	s.mu.Unlock()
	body, ts := UserMessageEvent(s.opts.AppID, userID, text, images, time.Now())
	req, err := http.NewRequest(http.MethodPost, hook, strings.NewReader(string(body)))
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-ZEvent-Signature", Sign(s.opts.AppID, body, ts, s.opts.SecretKey))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}
