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
	brands  atomic.Pointer[normalize.Brands] // look-alike names, from the protected registry
	mu      sync.Mutex                       // one load or refresh at a time
	tactics atomic.Pointer[tacticBits]
	loaded  atomic.Pointer[LoadStats]
}

// tacticBits maps tactic codes to the bits of index.Entry.Tactics: the
// tactic with id n is bit n-1, so the first 16 tactics are carried (the
// list has 9; a 17th would be counted but not named in answers).
type tacticBits struct {
	bit   map[string]uint16
	codes [16]string
	names [16]string // the tactics' Vietnamese names, for people
}

func (t *tacticBits) mask(codes []string) uint16 {
	var m uint16
	for _, c := range codes {
		m |= t.bit[c]
	}
	return m
}

// list lists the codes (or, from t.names, the names) of a mask in id
// order; nil for none.
func (t *tacticBits) list(m uint16, from *[16]string) []string {
	if m == 0 {
		return nil
	}
	out := make([]string, 0, bits.OnesCount16(m))
	for i := range 16 {
		if m&(1<<i) != 0 && t.codes[i] != "" && from[i] != "" {
			out = append(out, from[i])
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
	c.brands.Store(normalize.NewBrands(nil))
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
			t.names[tc.ID-1] = tc.Name
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
	if err := c.loadBrands(ctx); err != nil {
		return LoadStats{}, err
	}
	tb := c.tactics.Load()
	phones := index.NewPhoneLoader(c.estimateRows(ctx))
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
				phones.Add(v, e)
			}
			return nil
		}
		others = append(others, index.Change{Seq: seq, Kind: kindByte(string(col[0])), Key: string(col[1]), Entry: e})
		return nil
	}, `SELECT kind, key, level, tactics, seq FROM indicators`)
	if err != nil {
		return LoadStats{}, fmt.Errorf("check index: %w", err)
	}
	nphones := phones.Len()
	c.idx.LoadPhonesFrom(phones)
	slices.SortFunc(others, func(a, b index.Change) int { return cmp.Compare(a.Seq, b.Seq) })
	c.idx.Apply(others)
	c.idx.AdvanceSeq(maxSeq)
	st := LoadStats{Indicators: n, Phones: nphones, Took: time.Since(started), Seq: c.idx.Seq()}
	c.loaded.Store(&st)
	return st, nil
}

// estimateRows is about how many indicators there are, to size the load:
// PostgreSQL's own estimate (counting ten million rows took a second scan
// of the table before the real one), 0 on SQLite or when unknown.
func (c *Checker) estimateRows(ctx context.Context) int {
	if c.db.Dialect != store.Postgres {
		return 0
	}
	var n float64
	if err := c.db.R.QueryRowContext(ctx, `SELECT reltuples FROM pg_class WHERE oid = to_regclass('indicators')`).Scan(&n); err != nil || n < 0 {
		return 0
	}
	return int(n)
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

// loadBrands reads the protected registry's domains: the brands a
// look-alike site imitates, and the official domains that never match.
func (c *Checker) loadBrands(ctx context.Context) error {
	rows, err := c.db.R.QueryContext(ctx, `SELECT owner, key, brand FROM protected_indicators WHERE kind = $1 ORDER BY id`, string(normalize.KindURL))
	if err != nil {
		return fmt.Errorf("check index: brands: %w", err)
	}
	defer rows.Close()
	var src []normalize.BrandSource
	for rows.Next() {
		var b normalize.BrandSource
		var brand bool
		if err := rows.Scan(&b.Owner, &b.Domain, &brand); err != nil {
			return fmt.Errorf("check index: brands: %w", err)
		}
		b.OfficialOnly = !brand
		src = append(src, b)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check index: brands: %w", err)
	}
	c.brands.Store(normalize.NewBrands(src))
	return nil
}

// Refresh applies every indicator changed after the index's sequence, and
// rereads the brands (the registry is a few dozen rows).
func (c *Checker) Refresh(ctx context.Context) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.loadBrands(ctx); err != nil {
		return 0, err
	}
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

// BankKnown says whether a bank account's answer names its bank (its
// machine form is "BIN:account"); bare digits do not.
func (a Answer) BankKnown() bool {
	return a.Kind == string(normalize.KindBank) && strings.Contains(a.Normalized, ":")
}

// Answer is the check service's answer, the same on the page and the API.
// The first eight fields are the original API; the rest were added for
// people (Step 13) and are left out when empty.
type Answer struct {
	Query      string   `json:"query"`
	Kind       string   `json:"kind"`
	Normalized string   `json:"normalized"`
	Verdict    string   `json:"verdict"` // scam, suspicious, unknown
	Verified   bool     `json:"verified"`
	Tactics    []string `json:"tactics"` // tactic codes reporters named
	Advice     string   `json:"advice"`
	Reason     string   `json:"reason,omitempty"`
	// Display is the query in a friendly form: "0389 000 000",
	// "Vietcombank · 9999 000 005", "vcb-hoantien.xyz/nhan-tien".
	Display string `json:"display,omitempty"`
	// ScamKinds names the tactics in words, for suspicious and scam.
	ScamKinds []string `json:"scam_kinds,omitempty"`
	// Site is set when a bare domain was answered for the worst of the
	// paths reported on it.
	Site bool `json:"site,omitempty"`
	// Shortener is set for a link-shortening service's link: where it
	// leads is unknown (the check never follows links).
	Shortener bool `json:"shortener,omitempty"`
	// Lookalike names the brand a site imitates and its official domain.
	Lookalike *Lookalike `json:"lookalike,omitempty"`
	// Accounts lists, for a string of digits, the banks where it was
	// reported as an account number.
	Accounts []AccountAnswer `json:"accounts,omitempty"`
	// Province and FirstReport ("11/2026") say where and when the first
	// report came from — the first, so a later report, unconfirmed, never
	// changes what the public reads; only the page fills them (Details),
	// never for unknown.
	Province    string `json:"province,omitempty"`
	FirstReport string `json:"first_report,omitempty"`
}

// Lookalike is the brand a look-alike site imitates.
type Lookalike struct {
	Brand    string `json:"brand"`
	Official string `json:"official"`
}

// AccountAnswer is one bank where a bare account number was reported.
type AccountAnswer struct {
	Bank       string `json:"bank"`
	BIN        string `json:"bin"`
	Normalized string `json:"normalized"`
	Display    string `json:"display"`
	Verdict    string `json:"verdict"`
}

// The advice texts. No answer tells how many reports there are: below
// the threshold that would tell a scammer how close a number is to being
// flagged, and an unconfirmed count is for analysts.
const (
	adviceInvalid   = "Chưa nhận ra đây là số điện thoại, đường link hay tài khoản: hãy dán đúng nguyên văn (ví dụ 0912 345 678, https://…, Vietcombank 0011004455667)."
	adviceUnknown   = "Chưa có cảnh báo nào được xác nhận. Điều này KHÔNG có nghĩa là an toàn: kẻ gian đổi số, đổi trang liên tục. Không chuyển tiền cho người lạ; gặp dấu hiệu lừa đảo, hãy tố giác."
	adviceScamHead  = "Cơ quan chức năng đã xác minh "
	adviceScamTail  = " được dùng để lừa đảo. Không nghe theo, không chuyển tiền, không bấm đường link, không cung cấp mã OTP. Nếu đã lỡ chuyển tiền, gọi ngay ngân hàng của bạn và báo Công an nơi gần nhất."
	adviceSuspHead  = "Nhiều người dân hoặc đối tác độc lập đã tố giác "
	adviceSuspTail  = "; cơ quan chức năng đang xác minh. Hãy hết sức cảnh giác: không chuyển tiền, không cung cấp thông tin cá nhân."
	adviceLookHead  = "Trang này bắt chước tên "
	adviceLookMid   = " nhưng không phải trang chính thức. Không đăng nhập, không nhập mật khẩu, mã OTP hay số thẻ; muốn giao dịch, hãy tự gõ địa chỉ "
	adviceLookTail  = " hoặc dùng ứng dụng chính thức. Nếu đã lỡ nhập, gọi ngay tổng đài của ngân hàng hoặc nhà mạng để khoá tài khoản."
	adviceShortener = "Đây là link rút gọn: không biết đích đến. Chúng tôi không mở link để kiểm tra. Đừng bấm nếu không rõ người gửi; nếu cần, hỏi người gửi địa chỉ đầy đủ rồi tra cứu lại."
	reasonShortener = "link rút gọn: không biết đích đến"
	adviceAccounts  = "Số này đã bị tố giác là tài khoản nhận tiền lừa đảo ở ngân hàng nêu dưới đây. Không chuyển tiền vào tài khoản này."
)

// hit is one lookup before it is written out.
type hit struct {
	kind      normalize.Kind
	norm      string // "" for phones on the fast path: written from phone
	phone     uint64
	reason    string
	e         index.Entry
	ok        bool
	site      bool             // a bare host answered for its site
	shortener bool             // a link shortener's link
	brand     *normalize.Brand // the brand a look-alike site imitates
	accts     []string         // BINs where the digits were reported as an account
	acct      string           // the digits, when accts is set or the kind is a bare account
}

// lookalikeOnly reports whether the verdict comes from the look-alike
// test alone, not from reports.
func (h *hit) lookalikeOnly() bool { return h.brand != nil && !(h.ok && h.e.Level >= index.Suspicious) }

// bareAccount reads q as a bare account number: 6–19 digits, with the
// spaces, dots and dashes people group them with, nothing else. It does
// not allocate.
func bareAccount(q string) (index.AcctKey, bool) {
	var k index.AcctKey
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case c >= '0' && c <= '9':
			if k.N == 19 {
				return index.AcctKey{}, false
			}
			k.V = k.V*10 + uint64(c-'0')
			k.N++
		case c == ' ' || c == '.' || c == '-':
		default:
			return index.AcctKey{}, false
		}
	}
	return k, k.N >= 6
}

// look normalises q and looks it up. Phones written the common ways take
// an allocation-free path; everything else goes through Detect.
func (c *Checker) look(q string) hit {
	if v, ok := normalize.FastPhone(q); ok {
		e, found := c.idx.PhoneLookup(v)
		h := hit{kind: normalize.KindPhone, phone: v, e: e, ok: found}
		c.lookAccounts(q, &h)
		return h
	}
	r := normalize.Detect(q)
	h := hit{kind: r.Kind, norm: r.Normalized, phone: r.Phone, reason: r.Reason}
	switch r.Kind {
	case normalize.KindInvalid:
		if c.lookAccounts(q, &h) || h.acct != "" && !phoneTypo(h.acct) {
			// Digits that are no phone: an account at any bank.
			h.kind, h.norm, h.reason = normalize.KindBank, h.acct, ""
			if _, worst := c.accounts(&h); worst.Level > 0 {
				h.e, h.ok = worst, true
			}
		}
	case normalize.KindPhone:
		h.e, h.ok = c.idx.PhoneLookup(r.Phone)
		c.lookAccounts(q, &h)
	case normalize.KindURL:
		c.lookURL(r, &h)
	default:
		h.e, h.ok = c.idx.KeyLookup(kindByte(string(r.Kind)), r.Normalized)
	}
	return h
}

// phoneTypo reports whether digits that are no valid phone still read as
// a phone number mistyped (a trunk 0, then a mobile or landline digit, at
// most 11 digits in all): those keep the phone's reason rather than become
// an account nobody reported.
func phoneTypo(d string) bool {
	return len(d) <= 11 && d[0] == '0' && d[1] >= '2'
}

// lookAccounts looks the digits of q up as an account at every bank. It
// reports whether some bank has it; h.acct is set whenever q is a bare
// account number.
func (c *Checker) lookAccounts(q string, h *hit) bool {
	k, ok := bareAccount(q)
	if !ok {
		return false
	}
	h.accts = c.idx.AccountBanks(k)
	if h.kind != normalize.KindPhone || len(h.accts) > 0 {
		d := strconv.FormatUint(k.V, 10)
		h.acct = strings.Repeat("0", int(k.N)-len(d)) + d
	}
	return len(h.accts) > 0
}

// lookURL answers a link: its Safe Browsing expressions, the same host
// with and without "www." and "m.", the whole site for a bare host, and
// the look-alike and shortener tests.
func (c *Checker) lookURL(r normalize.Result, h *hit) {
	exprs := make([]string, 0, 4*len(r.Expressions))
	add := func(x string) {
		if strings.IndexByte(x, '?') >= 0 {
			return
		}
		exprs = append(exprs, x)
		if !strings.HasSuffix(x, "/") {
			exprs = append(exprs, x+"/")
		}
	}
	for _, x := range r.Expressions {
		add(x)
	}
	// The other spellings of the full host: a report on www.x/p must
	// answer x/p and m.x/p (the suffix expressions already take a report
	// on x to www.x).
	site := index.SiteOf(r.Host)
	if r.Domain != "" { // not an IP address
		for _, alt := range [...]string{site, "www." + site, "m." + site} {
			if alt == r.Host || alt == site {
				continue
			}
			for _, x := range r.Expressions {
				if strings.HasPrefix(x, r.Host+"/") {
					add(alt + x[len(r.Host):])
				}
			}
		}
	}
	h.e, h.ok = c.idx.URLLookup(exprs)
	if strings.HasSuffix(r.Normalized, "://"+r.Host+"/") && !normalize.Shared(r.Host) {
		// A bare host: answer for the site, the worst of its paths —
		// unless its paths are many people's (link pages, forms).
		if e, ok := c.idx.SiteLookup(site); ok && (!h.ok || e.Level > h.e.Level) {
			h.e, h.ok, h.site = e, true, true
		}
	}
	h.shortener = normalize.Shortener(r.Host)
	h.brand = c.brands.Load().Lookalike(r.Host)
	switch {
	case h.brand != nil && h.lookalikeOnly():
		h.reason = "giả mạo " + h.brand.Name + "; trang chính thức là " + h.brand.Official[0]
	case h.shortener && !h.ok:
		h.reason = reasonShortener
	}
}

func (h *hit) verdict() string {
	switch {
	case h.kind == normalize.KindInvalid:
		return "unknown"
	case h.ok && h.e.Level >= index.Scam:
		return "scam"
	case h.ok && h.e.Level >= index.Suspicious:
		return "suspicious"
	case h.brand != nil:
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

// display is the friendly form of the query.
func (h *hit) display() string {
	switch h.kind {
	case normalize.KindPhone:
		if h.phone != 0 {
			return normalize.DisplayPhone(h.phone)
		}
	case normalize.KindBank:
		if h.acct != "" && h.norm == h.acct {
			return normalize.GroupDigits(h.acct)
		}
		return normalize.DisplayBank(h.norm)
	case normalize.KindURL:
		return normalize.DisplayURL(h.norm)
	}
	return h.norm
}

// accounts resolves the banks of a bare account number to answers, the
// worst first; it returns the worst entry among them.
func (c *Checker) accounts(h *hit) ([]AccountAnswer, index.Entry) {
	var out []AccountAnswer
	var worst index.Entry
	for _, bin := range h.accts {
		key := bin + ":" + h.acct
		e, ok := c.idx.KeyLookup('b', key)
		if !ok || e.Level < index.Suspicious {
			continue
		}
		v := "suspicious"
		if e.Level >= index.Scam {
			v = "scam"
		}
		switch {
		case e.Level > worst.Level:
			worst = e
		case e.Level == worst.Level:
			worst.Tactics |= e.Tactics
		}
		out = append(out, AccountAnswer{Bank: normalize.BankName(bin), BIN: bin, Normalized: key, Display: normalize.DisplayBank(key), Verdict: v})
	}
	slices.SortStableFunc(out, func(a, b AccountAnswer) int {
		return cmp.Compare(verdictRank(b.Verdict), verdictRank(a.Verdict))
	})
	return out, worst
}

// Check answers one query from memory: it never touches the database.
func (c *Checker) Check(q string) Answer {
	h := c.look(q)
	return c.answer(q, &h)
}

func (c *Checker) answer(q string, hp *hit) Answer {
	h := *hp
	a := Answer{Query: q, Kind: string(h.kind), Normalized: h.normalized(), Reason: h.reason, Display: h.display(),
		Site: h.site, Shortener: h.shortener}
	if len(h.accts) > 0 {
		a.Accounts, _ = c.accounts(&h)
	}
	a.Verdict = h.verdict()
	if h.brand != nil {
		a.Lookalike = &Lookalike{Brand: h.brand.Name, Official: h.brand.Official[0]}
	}
	a.Verified = a.Verdict == "scam"
	_, a.Advice = adviceOf(&h, a.Verdict, len(a.Accounts) > 0)
	tb := c.tactics.Load()
	if h.ok && a.Verdict != "unknown" {
		a.Tactics = tb.list(h.e.Tactics, &tb.codes)
		a.ScamKinds = tb.list(h.e.Tactics, &tb.names)
	}
	if a.Tactics == nil {
		a.Tactics = []string{}
	}
	return a
}

// adviceOf returns the advice for a hit with its verdict, and the advice's
// code: the compact batch answer names the advice by code and writes each
// text once. A code always stands for the same text.
func adviceOf(h *hit, verdict string, accounts bool) (code, text string) {
	switch {
	case verdict == "scam":
		return "scam_" + string(h.kind), adviceScamHead + what(h.kind) + adviceScamTail
	case verdict == "suspicious" && h.lookalikeOnly():
		return "lookalike_" + h.brand.Official[0], adviceLookHead + h.brand.Name + adviceLookMid + h.brand.Official[0] + adviceLookTail
	case verdict == "suspicious":
		return "suspicious_" + string(h.kind), adviceSuspHead + what(h.kind) + adviceSuspTail
	case h.kind == normalize.KindInvalid:
		return "invalid", adviceInvalid
	case h.shortener:
		return "shortener", adviceShortener
	case accounts:
		return "accounts", adviceAccounts
	}
	return "unknown", adviceUnknown
}

func verdictRank(v string) int {
	switch v {
	case "scam":
		return 2
	case "suspicious":
		return 1
	}
	return 0
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
