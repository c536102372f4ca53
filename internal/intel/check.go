package intel

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/intel/index"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
	"github.com/canhgiac/canhgiac/internal/store"
)

// Checker answers checks from the in-memory index. Load fills it at start;
// Refresh applies what the change log added since (by sequence), so every
// instance of the program converges on the same answers.
type Checker struct {
	db      *store.DB
	idx     *index.Index
	mu      sync.Mutex // one load or refresh at a time
	tactics atomic.Pointer[tacticBits]
	loaded  atomic.Pointer[LoadStats]
}

// tacticBits maps tactic codes to the bits of index.Entry.Tactics: the
// tactic with id n is bit n-1, so the first 16 tactics are carried (the
// list has 9; a 17th would be counted but not named in answers).
type tacticBits struct {
	bit   map[string]uint16
	codes [16]string
}

func (t *tacticBits) mask(codes []string) uint16 {
	var m uint16
	for _, c := range codes {
		m |= t.bit[c]
	}
	return m
}

// names lists the codes of a mask in id order; nil for none.
func (t *tacticBits) names(m uint16) []string {
	if m == 0 {
		return nil
	}
	out := make([]string, 0, bits.OnesCount16(m))
	for i := range 16 {
		if m&(1<<i) != 0 && t.codes[i] != "" {
			out = append(out, t.codes[i])
		}
	}
	return out
}

func unknownCode(t *tacticBits, codes []string) bool {
	for _, c := range codes {
		if _, ok := t.bit[c]; !ok {
			return true
		}
	}
	return false
}

func newChecker(db *store.DB) *Checker {
	c := &Checker{db: db, idx: index.New()}
	c.tactics.Store(&tacticBits{bit: map[string]uint16{}})
	return c
}

// Index exposes the index (for statistics).
func (c *Checker) Index() *index.Index { return c.idx }

// LoadStats says how the index was filled at start.
type LoadStats struct {
	Indicators int           // rows read
	Phones     int           // of which phone numbers
	Took       time.Duration // reading the rows and building the index
	Seq        uint64        // the change log position it resumes from
}

// Loaded returns what Load did; zero before it ran.
func (c *Checker) Loaded() LoadStats {
	if l := c.loaded.Load(); l != nil {
		return *l
	}
	return LoadStats{}
}

func (c *Checker) loadTactics(ctx context.Context) error {
	ts, err := activity.ListTactics(ctx, c.db.R)
	if err != nil {
		return fmt.Errorf("check index: %w", err)
	}
	t := &tacticBits{bit: map[string]uint16{}}
	for _, tc := range ts {
		if tc.ID >= 1 && tc.ID <= 16 {
			t.bit[tc.Code] = 1 << (tc.ID - 1)
			t.codes[tc.ID-1] = tc.Code
		}
	}
	c.tactics.Store(t)
	return nil
}

// Load builds the index from every indicator in the database in one pass:
// phone numbers go straight into the packed tables (no per-row inserts),
// the rest through the change path, and the index then resumes the change
// log from the highest sequence read. The single SELECT sees one
// consistent snapshot, and change-log writers commit in sequence order
// (see logChange), so nothing committed at or below that sequence is
// missed. The rows are read raw (store.ScanRaw): at ten million rows,
// database/sql's per-row cost was most of the start-up time.
func (c *Checker) Load(ctx context.Context) (LoadStats, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	started := time.Now()
	if err := c.loadTactics(ctx); err != nil {
		return LoadStats{}, err
	}
	var total int
	if err := c.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM indicators`).Scan(&total); err != nil {
		return LoadStats{}, fmt.Errorf("check index: %w", err)
	}
	tb := c.tactics.Load()
	ns := make([]uint64, 0, total+1024)
	es := make([]index.Entry, 0, total+1024)
	var others []index.Change
	var maxSeq uint64
	n := 0
	err := c.db.ScanRaw(ctx, func(col [][]byte) error {
		n++
		seq := uint64(store.RawInt(col[4]))
		maxSeq = max(maxSeq, seq)
		level := store.RawInt(col[2])
		if level <= 0 { // unknown to the public: not in the index
			return nil
		}
		e := index.Entry{Level: index.Level(level), Tactics: tb.maskJSON(col[3]), Seq: seq}
		if string(col[0]) == string(normalize.KindPhone) {
			if v, ok := digits(col[1]); ok {
				ns, es = append(ns, v), append(es, e)
			}
			return nil
		}
		others = append(others, index.Change{Seq: seq, Kind: kindByte(string(col[0])), Key: string(col[1]), Entry: e})
		return nil
	}, `SELECT kind, key, level, tactics, seq FROM indicators`)
	if err != nil {
		return LoadStats{}, fmt.Errorf("check index: %w", err)
	}
	c.idx.LoadPhones(ns, es)
	slices.SortFunc(others, func(a, b index.Change) int { return cmp.Compare(a.Seq, b.Seq) })
	c.idx.Apply(others)
	c.idx.AdvanceSeq(maxSeq)
	st := LoadStats{Indicators: n, Phones: len(ns), Took: time.Since(started), Seq: c.idx.Seq()}
	c.loaded.Store(&st)
	return st, nil
}

// maskJSON is mask(parseCodes(b)) without allocating: it runs once per
// indicator at start.
func (t *tacticBits) maskJSON(b []byte) uint16 {
	var m uint16
	for len(b) > 2 {
		i := bytes.IndexByte(b, '"')
		if i < 0 {
			break
		}
		j := bytes.IndexByte(b[i+1:], '"')
		if j < 0 {
			break
		}
		m |= t.bit[string(b[i+1:i+1+j])]
		b = b[i+j+2:]
	}
	return m
}

// digits parses a phone key ("84912345678", digits only) without allocating.
func digits(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	return v, true
}

// parseCodes reads the JSON array of tactic codes stored with an indicator
// (["fraud","crypto"]); codes are plain ASCII, so a quote-to-quote scan is
// exact, and it runs ten million times at start.
func parseCodes(b []byte) []string {
	if len(b) <= 2 {
		return nil
	}
	var out []string
	for {
		i := bytes.IndexByte(b, '"')
		if i < 0 {
			return out
		}
		j := bytes.IndexByte(b[i+1:], '"')
		if j < 0 {
			return out
		}
		out = append(out, string(b[i+1:i+1+j]))
		b = b[i+j+2:]
	}
}

// Refresh applies every indicator changed after the index's sequence.
func (c *Checker) Refresh(ctx context.Context) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	rows, err := c.db.R.QueryContext(ctx, `SELECT kind, key, level, tactics, seq FROM indicators WHERE seq > $1 ORDER BY seq`, int64(c.idx.Seq()))
	if err != nil {
		return 0, fmt.Errorf("check index: %w", err)
	}
	defer rows.Close()
	var changes []index.Change
	var codes [][]string
	for rows.Next() {
		var kind, key, ts string
		var level, seq int64
		if err := rows.Scan(&kind, &key, &level, &ts, &seq); err != nil {
			return 0, err
		}
		// Below suspicious an indicator is unknown to the public: the index
		// drops it rather than hold a count nobody may be told.
		ch := index.Change{Seq: uint64(seq), Kind: kindByte(kind), Key: key, Delete: level <= 0,
			Entry: index.Entry{Level: index.Level(level)}}
		if ch.Kind == 'p' {
			ch.Phone, _ = strconv.ParseUint(key, 10, 64)
		}
		changes = append(changes, ch)
		codes = append(codes, parseCodes([]byte(ts)))
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	rows.Close()
	tb := c.tactics.Load()
	for _, cs := range codes {
		if unknownCode(tb, cs) { // a tactic added since start
			if err := c.loadTactics(ctx); err != nil {
				return 0, err
			}
			tb = c.tactics.Load()
			break
		}
	}
	for j := range changes {
		changes[j].Entry.Tactics = tb.mask(codes[j])
	}
	c.idx.Apply(changes)
	return len(changes), nil
}

// Follow refreshes the index every interval until ctx ends.
func (c *Checker) Follow(ctx context.Context, every time.Duration) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
			c.Refresh(ctx)
		}
	}
}

func kindByte(kind string) byte {
	switch normalize.Kind(kind) {
	case normalize.KindPhone:
		return 'p'
	case normalize.KindURL:
		return 'u'
	case normalize.KindBank:
		return 'b'
	case normalize.KindSocial:
		return 's'
	case normalize.KindWallet:
		return 'w'
	}
	return 0
}

// Answer is the check service's answer, the same on the page and the API.
type Answer struct {
	Query      string   `json:"query"`
	Kind       string   `json:"kind"`
	Normalized string   `json:"normalized"`
	Verdict    string   `json:"verdict"` // scam, suspicious, unknown
	Verified   bool     `json:"verified"`
	Tactics    []string `json:"tactics"` // tactic codes reporters named
	Advice     string   `json:"advice"`
	Reason     string   `json:"reason,omitempty"`
}

// The advice texts. No answer tells how many reports there are: below
// the threshold that would tell a scammer how close a number is to being
// flagged, and an unconfirmed count is for analysts.
const (
	adviceInvalid  = "Chưa nhận ra đây là số điện thoại, đường link hay tài khoản: hãy dán đúng nguyên văn (ví dụ 0912 345 678, https://…, Vietcombank 0011004455667)."
	adviceUnknown  = "Chưa có cảnh báo nào được xác nhận. Điều này KHÔNG có nghĩa là an toàn: kẻ gian đổi số, đổi trang liên tục. Không chuyển tiền cho người lạ; gặp dấu hiệu lừa đảo, hãy tố giác."
	adviceScamHead = "Cơ quan chức năng đã xác minh "
	adviceScamTail = " được dùng để lừa đảo. Không nghe theo, không chuyển tiền, không bấm đường link, không cung cấp mã OTP. Nếu đã lỡ chuyển tiền, gọi ngay ngân hàng của bạn và báo Công an nơi gần nhất."
	adviceSuspHead = "Nhiều người dân hoặc đối tác độc lập đã tố giác "
	adviceSuspTail = "; cơ quan chức năng đang xác minh. Hãy hết sức cảnh giác: không chuyển tiền, không cung cấp thông tin cá nhân."
)

// hit is one lookup before it is written out.
type hit struct {
	kind   normalize.Kind
	norm   string // "" for phones on the fast path: written from phone
	phone  uint64
	reason string
	e      index.Entry
	ok     bool
}

// look normalises q and looks it up. Phones written the common ways take
// an allocation-free path; everything else goes through Detect.
func (c *Checker) look(q string) hit {
	if v, ok := normalize.FastPhone(q); ok {
		e, found := c.idx.PhoneLookup(v)
		return hit{kind: normalize.KindPhone, phone: v, e: e, ok: found}
	}
	r := normalize.Detect(q)
	h := hit{kind: r.Kind, norm: r.Normalized, phone: r.Phone, reason: r.Reason}
	switch r.Kind {
	case normalize.KindInvalid:
	case normalize.KindPhone:
		h.e, h.ok = c.idx.PhoneLookup(r.Phone)
	case normalize.KindURL:
		exprs := make([]string, 0, 2*len(r.Expressions))
		for _, x := range r.Expressions {
			if strings.IndexByte(x, '?') >= 0 {
				continue
			}
			exprs = append(exprs, x)
			if !strings.HasSuffix(x, "/") {
				exprs = append(exprs, x+"/")
			}
		}
		h.e, h.ok = c.idx.URLLookup(exprs)
	default:
		h.e, h.ok = c.idx.KeyLookup(kindByte(string(r.Kind)), r.Normalized)
	}
	return h
}

func (h *hit) verdict() string {
	switch {
	case h.kind == normalize.KindInvalid:
		return "unknown"
	case h.ok && h.e.Level >= index.Scam:
		return "scam"
	case h.ok && h.e.Level >= index.Suspicious:
		return "suspicious"
	}
	return "unknown"
}

func (h *hit) normalized() string {
	if h.norm == "" && h.kind == normalize.KindPhone {
		return "+" + strconv.FormatUint(h.phone, 10)
	}
	return h.norm
}

// Check answers one query from memory: it never touches the database.
func (c *Checker) Check(q string) Answer {
	h := c.look(q)
	a := Answer{Query: q, Kind: string(h.kind), Normalized: h.normalized(), Verdict: h.verdict(), Reason: h.reason}
	switch a.Verdict {
	case "scam":
		a.Verified = true
		a.Advice = adviceScamHead + what(h.kind) + adviceScamTail
	case "suspicious":
		a.Advice = adviceSuspHead + what(h.kind) + adviceSuspTail
	default:
		a.Advice = adviceUnknown
		if h.kind == normalize.KindInvalid {
			a.Advice = adviceInvalid
		}
	}
	if h.ok && a.Verdict != "unknown" {
		a.Tactics = c.tactics.Load().names(h.e.Tactics)
	}
	if a.Tactics == nil {
		a.Tactics = []string{}
	}
	return a
}

func what(k normalize.Kind) string {
	switch k {
	case normalize.KindPhone:
		return "số điện thoại này"
	case normalize.KindURL:
		return "trang này"
	case normalize.KindBank:
		return "tài khoản này"
	}
	return "chỉ dấu này"
}
