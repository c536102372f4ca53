package intel

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/canhgiac/canhgiac/internal/errs"
)

// FeedItem is one indicator in a partner feed.
type FeedItem struct {
	Key      string `json:"key"`
	Verified bool   `json:"verified"`
	Reports  int    `json:"reports"`
	Removed  bool   `json:"removed,omitempty"` // rejected: drop it from your copy
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
// for 0), in sequence order. Feeds are read from the database: they are not
// on the check path.
func (s *Service) Feed(ctx context.Context, kind string, since int64, limit int) (*Feed, error) {
	k, ok := feedKinds[kind]
	if !ok {
		return nil, errs.NotFound("Không có nguồn dữ liệu này (chọn phone, url, bank, social, wallet).", "No such feed.")
	}
	if limit <= 0 || limit > 100_000 {
		limit = 100_000
	}
	f := &Feed{Kind: k, Since: since, Seq: since, Items: []FeedItem{}}
	rows, err := s.db.R.QueryContext(ctx, `SELECT key, verified, rejected, reports, seq FROM indicators WHERE kind = $1 AND seq > $2 ORDER BY seq LIMIT $3`, k, since, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var it FeedItem
		if err := rows.Scan(&it.Key, &it.Verified, &it.Removed, &it.Reports, &it.Seq); err != nil {
			return nil, err
		}
		if since == 0 && it.Removed {
			continue // a full list needs no removals
		}
		f.Items = append(f.Items, it)
		f.Seq = it.Seq
	}
	return f, rows.Err()
}

// URLPrefixes are the 4-byte SHA-256 prefixes of every known URL
// expression, hex: a partner's app checks a link locally and asks for full
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
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, key, updated_at FROM indicators WHERE kind = 'url' AND verified = $1 AND rejected = $2 ORDER BY seq`, true, false)
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
