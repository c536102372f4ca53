package smpp

import (
	"strings"
	"sync"
	"time"
	"unicode/utf16"

	"github.com/linxGnu/gosmpp/pdu"

	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// vnTime is the message centres' clock: Vietnam keeps UTC+7 all year.
var vnTime = vn.Zone

// receipt is what a delivery receipt says about one submitted part.
type receipt struct {
	ID   string    // message_id of the part, as submit_sm_resp gave it
	Stat string    // DELIVRD, UNDELIV, EXPIRED, …
	Err  string    // the network's error code, "000" when none
	Done time.Time // zero when the receipt has no readable done date
}

// delivered says whether the part reached the handset.
func (r receipt) delivered() bool { return r.Stat == "DELIVRD" }

// final says whether the receipt reports an end state; ENROUTE is a
// progress report that some centres send before the real one.
func (r receipt) final() bool { return r.Stat != "ENROUTE" }

// messageStates names SMPP 3.4 message_state values (§5.2.28) the way the
// receipt text does.
var messageStates = map[byte]string{
	1: "ENROUTE", 2: "DELIVRD", 3: "EXPIRED", 4: "DELETED",
	5: "UNDELIV", 6: "ACCEPTD", 7: "UNKNOWN", 8: "REJECTD",
}

// receiptOf reads a deliver_sm that carries a delivery receipt: the text
// (SMPP 3.4 Appendix B, "id:… sub:… dlvrd:… submit date:… done date:…
// stat:… err:… text:…"), with the receipted_message_id and message_state
// TLVs filling in what the text lacks. ok is false when there is no id.
func receiptOf(p *pdu.DeliverSM) (r receipt, ok bool) {
	r = parseReceiptText(deliverText(p))
	if f, has := p.OptionalParameters[pdu.TagReceiptedMessageID]; has && r.ID == "" {
		r.ID = f.String()
	}
	if f, has := p.OptionalParameters[pdu.TagMessageStateOption]; has && r.Stat == "" && len(f.Data) == 1 {
		r.Stat = messageStates[f.Data[0]]
	}
	return r, r.ID != ""
}

// deliverText returns the short_message (or message_payload) as text. The
// receipt format is ASCII; UCS-2 is decoded for the centres that use it.
func deliverText(p *pdu.DeliverSM) string {
	b, _ := p.Message.GetMessageData()
	if len(b) == 0 {
		if f, has := p.OptionalParameters[pdu.TagMessagePayload]; has {
			b = f.Data
		}
	}
	if enc := p.Message.Encoding(); enc != nil && enc.DataCoding() == 0x08 && len(b)%2 == 0 {
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
		return string(utf16.Decode(u))
	}
	return string(b)
}

// parseReceiptText reads the fields of a receipt text. Keys are matched
// without regard to case at the start of the text or after a space; the
// free "text:" field, which may contain anything, is cut off first.
func parseReceiptText(s string) receipt {
	if i := fieldAt(strings.ToLower(s), "text:"); i >= 0 {
		s = s[:i]
	}
	lower := strings.ToLower(s)
	value := func(key string) string {
		i := fieldAt(lower, key)
		if i < 0 {
			return ""
		}
		v := s[i+len(key):]
		if j := strings.IndexByte(v, ' '); j >= 0 {
			v = v[:j]
		}
		return v
	}
	r := receipt{
		ID:   value("id:"),
		Stat: strings.ToUpper(value("stat:")),
		Err:  value("err:"),
	}
	r.Done = parseSMSCDate(value("done date:"))
	return r
}

// fieldAt finds key at the start of s or after a space.
func fieldAt(s, key string) int {
	for from := 0; ; {
		i := strings.Index(s[from:], key)
		if i < 0 {
			return -1
		}
		i += from
		if i == 0 || s[i-1] == ' ' {
			return i
		}
		from = i + 1
	}
}

// parseSMSCDate reads YYMMDDhhmm or YYMMDDhhmmss in Vietnam's time.
func parseSMSCDate(v string) time.Time {
	layout := ""
	switch len(v) {
	case 10:
		layout = "0601021504"
	case 12:
		layout = "060102150405"
	default:
		return time.Time{}
	}
	t, err := time.ParseInLocation(layout, v, vnTime)
	if err != nil {
		return time.Time{}
	}
	return t
}

// receiptBook turns receipts for parts into receipts for messages.
//
// A single-part message is not recorded at all: its receipt names the id
// Send returned, so it is passed on as it comes. That keeps memory flat
// however many messages go out, and is also what happens to receipts for
// messages sent before a restart.
//
// A message of several parts is recorded from its first submit_sm_resp:
// each part's id is added as its response is read, before any receipt
// that follows on the same bind. Its receipt is emitted once every part
// has reported and Send has returned, with Send's id (the last part's),
// Delivered only if every part was delivered, and the status of the
// first part that was not (DELIVRD if all were).
//
// A receipt that arrives on another bind before its part's response is
// read would be passed on alone; handsets take far longer to answer than
// a response, so this is accepted rather than held for.
type receiptBook struct {
	mu        sync.Mutex
	byPart    map[string]*multipart
	ttl       time.Duration // multipart records older than this are dropped
	lastSweep time.Time
	now       func() time.Time
}

type multipart struct {
	want, got int
	ids       []string
	channelID string // set by finish
	finished  bool
	abandoned bool
	delivered bool // every part reported so far was delivered
	status    string
	at        time.Time
	created   time.Time
}

func newReceiptBook(ttl time.Duration) *receiptBook {
	return &receiptBook{byPart: make(map[string]*multipart), ttl: ttl, now: time.Now}
}

// begin records a message of parts parts about to be submitted.
func (b *receiptBook) begin(parts int) *multipart {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	if now.Sub(b.lastSweep) > time.Minute {
		b.lastSweep = now
		for id, m := range b.byPart {
			if now.Sub(m.created) > b.ttl {
				delete(b.byPart, id)
			}
		}
	}
	return &multipart{want: parts, delivered: true, created: now}
}

// add records that part id belongs to m.
func (b *receiptBook) add(m *multipart, id string) {
	if id == "" {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if m.abandoned {
		return
	}
	m.ids = append(m.ids, id)
	b.byPart[id] = m
}

// finish gives m the id Send returns; if every part has already reported,
// the message's receipt is returned.
func (b *receiptBook) finish(m *multipart, channelID string) (dispatch.Receipt, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	m.channelID, m.finished = channelID, true
	return m.receipt()
}

// abandon forgets m: Send failed part-way and the message has no id.
// Receipts for the parts that did go then pass on under their own ids,
// which no message row has.
func (b *receiptBook) abandon(m *multipart) {
	b.mu.Lock()
	defer b.mu.Unlock()
	m.abandoned = true
	for _, id := range m.ids {
		if b.byPart[id] == m {
			delete(b.byPart, id)
		}
	}
}

// report takes one part's receipt and returns a message's receipt when
// one is complete.
func (b *receiptBook) report(r receipt) (dispatch.Receipt, bool) {
	at := r.Done
	if at.IsZero() {
		at = b.now()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	m, ok := b.byPart[r.ID]
	if !ok {
		return dispatch.Receipt{ChannelID: r.ID, Delivered: r.delivered(), Status: r.Stat, At: at}, true
	}
	delete(b.byPart, r.ID)
	m.got++
	if !r.delivered() && m.delivered {
		m.delivered, m.status = false, r.Stat
	}
	if at.After(m.at) {
		m.at = at
	}
	return m.receipt()
}

// receipt is m's receipt if it is complete; b.mu is held.
func (m *multipart) receipt() (dispatch.Receipt, bool) {
	if !m.finished || m.abandoned || m.got < m.want {
		return dispatch.Receipt{}, false
	}
	status := m.status
	if m.delivered {
		status = "DELIVRD"
	}
	return dispatch.Receipt{ChannelID: m.channelID, Delivered: m.delivered, Status: status, At: m.at}, true
}
