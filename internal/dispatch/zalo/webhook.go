package zalo

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/dispatch"
)

// SignatureHeader carries Zalo's signature of a webhook event:
// "mac=" + hex(sha256(app_id + body + timestamp + OA secret key)).
const SignatureHeader = "X-ZEvent-Signature"

// EventReceived is the event Zalo posts when a ZNS message reached the
// recipient's phone.
const EventReceived = "user_received_message"

// maxQueued bounds receipts waiting for a reader; beyond it events are
// answered 503 so that Zalo sends them again later.
const maxQueued = 100_000

// Webhook returns the handler for the OA's webhook address. It checks the
// signature (401 when wrong or missing), turns user_received_message into
// a Receipt{ChannelID: msg_id, Delivered: true, Status: "received"} on
// Receipts, hands what a person wrote to the OA (user_send_text,
// user_send_image) to Config.OnMessage, and acknowledges every other
// event without acting. It never
// waits on the reader of Receipts: Zalo wants its 200 within 2 seconds.
func (s *Sender) Webhook() http.Handler { return http.HandlerFunc(s.serveWebhook) }

// Events of a person writing to the Official Account.
const (
	EventUserText  = "user_send_text"
	EventUserImage = "user_send_image"
)

type event struct {
	AppID     string          `json:"app_id"`
	EventName string          `json:"event_name"`
	Timestamp json.RawMessage `json:"timestamp"`
	Sender    struct {
		ID string `json:"id"`
	} `json:"sender"`
	Message struct {
		MsgID        string          `json:"msg_id"`
		DeliveryTime json.RawMessage `json:"delivery_time"`
		TrackingID   string          `json:"tracking_id"`
		Text         string          `json:"text"`
		Attachments  []struct {
			Type    string `json:"type"`
			Payload struct {
				URL string `json:"url"`
			} `json:"payload"`
		} `json:"attachments"`
	} `json:"message"`
}

// Incoming is what a person wrote to the Official Account: text, and the
// addresses of the pictures they sent.
type Incoming struct {
	UserID string
	Text   string
	Images []string
}

func (s *Sender) serveWebhook(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "chỉ nhận POST", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		http.Error(w, "không đọc được sự kiện", http.StatusBadRequest)
		return
	}
	if s.cfg.OASecretKey == "" {
		http.Error(w, "chưa cấu hình khóa bí mật OA để kiểm tra chữ ký", http.StatusUnauthorized)
		return
	}
	var ev event
	if err := json.Unmarshal(body, &ev); err != nil {
		http.Error(w, "sự kiện không phải JSON", http.StatusBadRequest)
		return
	}
	if (s.cfg.AppID != "" && ev.AppID != s.cfg.AppID) || !validMAC(r.Header.Get(SignatureHeader), ev.AppID, body, jsonText(ev.Timestamp), s.cfg.OASecretKey) {
		http.Error(w, "chữ ký không hợp lệ", http.StatusUnauthorized)
		return
	}
	if (ev.EventName == EventUserText || ev.EventName == EventUserImage) && ev.Sender.ID != "" && s.cfg.OnMessage != nil {
		in := Incoming{UserID: ev.Sender.ID, Text: ev.Message.Text}
		for _, a := range ev.Message.Attachments {
			if a.Type == "image" && a.Payload.URL != "" {
				in.Images = append(in.Images, a.Payload.URL)
			}
		}
		go s.cfg.OnMessage(in) // Zalo wants its 200 within 2 seconds
	}
	if ev.EventName == EventReceived && ev.Message.MsgID != "" {
		at := msTime(jsonText(ev.Message.DeliveryTime))
		if at.IsZero() {
			at = msTime(jsonText(ev.Timestamp))
		}
		if at.IsZero() {
			at = time.Now()
		}
		var mid int64
		if t, ok := strings.CutPrefix(ev.Message.TrackingID, "m"); ok {
			mid, _ = strconv.ParseInt(t, 10, 64)
		}
		if err := s.outbox.Put(dispatch.Receipt{ChannelID: ev.Message.MsgID, Delivered: true, Status: "received", At: at, MessageID: mid}); err != nil {
			http.Error(w, "tạm thời không nhận sự kiện", http.StatusServiceUnavailable)
			return
		}
	}
	w.WriteHeader(http.StatusOK)
}

// validMAC checks header ("mac=<hex>") against sha256(appID + body +
// timestamp + secret), in constant time.
func validMAC(header, appID string, body []byte, timestamp, secret string) bool {
	h, ok := strings.CutPrefix(strings.TrimSpace(header), "mac=")
	if !ok {
		return false
	}
	got, err := hex.DecodeString(h)
	if err != nil {
		return false
	}
	sum := sha256.New()
	sum.Write([]byte(appID))
	sum.Write(body)
	sum.Write([]byte(timestamp))
	sum.Write([]byte(secret))
	return subtle.ConstantTimeCompare(got, sum.Sum(nil)) == 1
}

// jsonText is a JSON string's value or a number's text ("" otherwise):
// Zalo sends timestamps as strings of milliseconds, but a number must
// sign the same way.
func jsonText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String()
	}
	return ""
}

// msTime reads milliseconds since the epoch; zero when it cannot.
func msTime(s string) time.Time {
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil || ms <= 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}
