package intel

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel/index"
)

// FeedItem is one indicator in a partner feed: only indicators whose
// verdict is suspicious or scam are listed; one that falls back below (a
// rejection, a removal, a protected entry) comes once as removed.
type FeedItem struct {
	Key      string `json:"key"`
	Verdict  string `json:"verdict,omitempty"` // scam or suspicious
	Verified bool   `json:"verified"`
	Removed  bool   `json:"removed,omitempty"` // drop it from your copy
	Seq      int64  `json:"seq"`
}

// Feed is a full (since 0) or delta list of one kind of indicator.
type Feed struct {
	Kind  string     `json:"kind"`
	Since int64      `json:"since"`
	Seq   int64      `json:"seq"` // ask next time with since=seq
	Items []FeedItem `json:"items"`
}

var feedKinds = map[string]string{"phone": "phone", "url": "url", "bank": "bank", "social": "social", "wallet": "wallet"}

// Feed returns the indicators of a kind changed after since (all of them
// for 0), in sequence order, that carry a verdict or once did (to be
// removed). An indicator never listed is never named: a partner learns
// nothing from a report below the threshold. Feeds are read from the
// database: they are not on the check path.
func (s *Service) Feed(ctx context.Context, kind string, since int64, limit int) (*Feed, error) {
	k, ok := feedKinds[kind]
	if !ok {
		return nil, errs.NotFound("Không có nguồn dữ liệu này (chọn phone, url, bank, social, wallet).", "No such feed.")
	}
	if limit <= 0 || limit > 100_000 {
		limit = 100_000
	}
	f := &Feed{Kind: k, Since: since, Seq: since, Items: []FeedItem{}}
	q := `SELECT key, level, seq FROM indicators WHERE kind = $1 AND seq > $2 AND (level > 0 OR listed = $3) ORDER BY seq LIMIT $4`
	if since == 0 {
		q = `SELECT key, level, seq FROM indicators WHERE kind = $1 AND seq > $2 AND (level > 0 AND listed = $3) ORDER BY seq LIMIT $4` // a full list needs no removals
	}
	rows, err := s.db.R.QueryContext(ctx, q, k, since, true, limit)
	if err != nil {
		return nil, fmt.Errorf("feed %s: %w", k, err)
	}
	defer rows.Close()
	for rows.Next() {
		var it FeedItem
		var level int
		if err := rows.Scan(&it.Key, &level, &it.Seq); err != nil {
			return nil, err
		}
		switch {
		case level >= int(index.Scam):
			it.Verdict, it.Verified = "scam", true
		case level >= int(index.Suspicious):
			it.Verdict = "suspicious"
		default:
			it.Removed = true
		}
		f.Items = append(f.Items, it)
		f.Seq = it.Seq
	}
	return f, rows.Err()
}

// URLPrefixes are the 4-byte SHA-256 prefixes of every URL expression
// with a verdict (the index holds nothing below suspicious), hex: a partner's app checks a link locally and asks for full
// hashes only on a prefix match, so what its users visit stays private.
func (s *Service) URLPrefixes() []string {
	ps := s.checker.idx.URLPrefixes(4)
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = hex.EncodeToString(p)
	}
	return out
}

// URLFullHashes are the full hashes under a 4-byte prefix.
func (s *Service) URLFullHashes(prefixHex string) ([]string, error) {
	p, err := hex.DecodeString(prefixHex)
	if err != nil || len(p) != 4 {
		return nil, errs.InvalidField("prefix", "prefix là 8 chữ số hệ 16 (4 byte đầu của SHA-256).")
	}
	hs := s.checker.idx.URLFullHashes(p)
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = hex.EncodeToString(h[:])
	}
	return out, nil
}

// HashExpression is how a partner hashes a URL expression to compare.
func HashExpression(expr string) string {
	h := sha256.Sum256([]byte(expr))
	return hex.EncodeToString(h[:])
}

// STIX returns the verified links and domains as a STIX 2.1 bundle of
// indicators. Phone numbers and bank accounts have no STIX observable and
// are left to the JSON feeds.
func (s *Service) STIX(ctx context.Context, now time.Time) (map[string]any, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, key, updated_at FROM indicators WHERE kind = 'url' AND level >= $1 ORDER BY seq`, int(index.Scam))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ts := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
	objects := []any{}
	for rows.Next() {
		var id int64
		var key string
		var at time.Time
		if err := rows.Scan(&id, &key, &at); err != nil {
			return nil, err
		}
		objects = append(objects, map[string]any{
			"type": "indicator", "spec_version": "2.1", "id": stixID("indicator", fmt.Sprint(id)), "created": ts(at), "modified": ts(at),
			"name": "Trang lừa đảo đã xác minh: " + key, "indicator_types": []string{"malicious-activity"},
			"pattern": fmt.Sprintf("[url:value LIKE 'http%%://%s%%']", key), "pattern_type": "stix", "valid_from": ts(at),
		})
	}
	return map[string]any{"type": "bundle", "id": stixID("bundle", ts(now)), "objects": objects}, rows.Err()
}

// stixID makes a stable UUIDv5-like identifier from a name.
func stixID(kind, name string) string {
	h := sha256.Sum256([]byte("canhgiac:" + kind + ":" + name))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	x := hex.EncodeToString(h[:16])
	return fmt.Sprintf("%s--%s-%s-%s-%s-%s", kind, x[:8], x[8:12], x[12:16], x[16:20], x[20:32])
}
