package intel

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/canhgiac/canhgiac/internal/intel/index"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
	"github.com/canhgiac/canhgiac/internal/store"
)

// Checker answers checks from the in-memory index. Load fills it at start;
// Refresh applies what the change log added since (by sequence), so every
// instance of the program converges on the same answers.
type Checker struct {
	db  *store.DB
	idx *index.Index
	mu  sync.Mutex // one refresh at a time
}

func newChecker(db *store.DB) *Checker { return &Checker{db: db, idx: index.New()} }

// Index exposes the index (for statistics).
func (c *Checker) Index() *index.Index { return c.idx }

// Refresh applies every indicator changed after the index's sequence.
func (c *Checker) Refresh(ctx context.Context) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	rows, err := c.db.R.QueryContext(ctx, `SELECT kind, key, verified, rejected, reports, seq FROM indicators WHERE seq > $1 ORDER BY seq`, int64(c.idx.Seq()))
	if err != nil {
		return 0, fmt.Errorf("check index: %w", err)
	}
	defer rows.Close()
	var changes []index.Change
	for rows.Next() {
		var kind, key string
		var verified, rejected bool
		var reports, seq int64
		if err := rows.Scan(&kind, &key, &verified, &rejected, &reports, &seq); err != nil {
			return 0, err
		}
		ch := index.Change{Seq: uint64(seq), Kind: kindByte(kind), Key: key, Delete: rejected,
			Entry: index.Entry{Verified: verified, Reports: uint32(reports)}}
		if ch.Kind == 'p' {
			ch.Phone, _ = strconv.ParseUint(key, 10, 64)
		}
		changes = append(changes, ch)
	}
	if err := rows.Err(); err != nil {
		return 0, err
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
	Query      string `json:"query"`
	Kind       string `json:"kind"`
	Normalized string `json:"normalized"`
	Verdict    string `json:"verdict"` // scam, suspicious, unknown
	Verified   bool   `json:"verified"`
	Reports    int    `json:"reports"`
	Advice     string `json:"advice"`
	Reason     string `json:"reason,omitempty"`
}

// Check answers one query from memory: it never touches the database.
func (c *Checker) Check(q string) Answer {
	r := normalize.Detect(q)
	a := Answer{Query: q, Kind: string(r.Kind), Normalized: r.Normalized}
	if r.Kind == normalize.KindInvalid {
		a.Verdict, a.Reason = "unknown", r.Reason
		a.Advice = "Chưa nhận ra đây là số điện thoại, đường link hay tài khoản: hãy dán đúng nguyên văn (ví dụ 0912 345 678, https://…, Vietcombank 0011004455667)."
		return a
	}
	var e index.Entry
	var ok bool
	switch r.Kind {
	case normalize.KindPhone:
		e, ok = c.idx.PhoneLookup(r.Phone)
	case normalize.KindURL:
		exprs := make([]string, 0, len(r.Expressions))
		for _, x := range r.Expressions {
			if strings.IndexByte(x, '?') >= 0 {
				continue
			}
			exprs = append(exprs, x)
			if !strings.HasSuffix(x, "/") {
				exprs = append(exprs, x+"/")
			}
		}
		e, ok = c.idx.URLLookup(exprs)
	default:
		e, ok = c.idx.KeyLookup(kindByte(string(r.Kind)), r.Normalized)
	}
	switch {
	case ok && e.Verified:
		a.Verdict, a.Verified, a.Reports = "scam", true, int(e.Reports)
		a.Advice = "Cơ quan chức năng đã xác minh " + what(r.Kind) + " được dùng để lừa đảo. Không nghe theo, không chuyển tiền, không bấm đường link, không cung cấp mã OTP. Nếu đã lỡ chuyển tiền, gọi ngay ngân hàng của bạn và báo Công an nơi gần nhất."
	case ok && e.Reports > 0:
		a.Verdict, a.Reports = "suspicious", int(e.Reports)
		a.Advice = fmt.Sprintf("Đã có %d tố giác về %s, đang được xác minh. Hãy hết sức cảnh giác: không chuyển tiền, không cung cấp thông tin cá nhân.", e.Reports, what(r.Kind))
	default:
		a.Verdict = "unknown"
		a.Advice = "Chưa có tố giác nào. Điều này KHÔNG có nghĩa là an toàn: kẻ gian đổi số, đổi trang liên tục. Không chuyển tiền cho người lạ; gặp dấu hiệu lừa đảo, hãy tố giác."
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
