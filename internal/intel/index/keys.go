package index

import (
	"bytes"
	"crypto/sha256"
	"hash/maphash"
	"maps"
	"slices"
)

// String indicators are far fewer than phones, so a Go map per shard is an
// acceptable price; sharding only bounds how much a write batch must copy.
const (
	strShardBits = 6
	strShards    = 1 << strShardBits
	numStrKinds  = 4
)

// seed is process-wide: shard placement is never persisted, so a random seed
// is fine and makes adversarial shard skew impractical.
var seed = maphash.MakeSeed()

// kindIndex maps the public kind byte to a slot; -1 for unknown kinds.
func kindIndex(kind byte) int {
	switch kind {
	case 'b':
		return 0
	case 'u':
		return 1
	case 's':
		return 2
	case 'w':
		return 3
	}
	return -1
}

func strShardOf(key string) int {
	return int(maphash.String(seed, key) & (strShards - 1))
}

type strShard struct {
	m map[string]Entry
}

var emptyStrShard = &strShard{}

func (s *strShard) clone() *strShard {
	return &strShard{m: maps.Clone(s.m)}
}

// urlHashes is the partner hashed-prefix list: SHA-256 of every URL
// expression, bucketed by the first hash byte and kept sorted within each
// bucket. Bucketing by hash byte (not by key shard) means iteration in bucket
// order is already globally sorted and a prefix query touches one bucket.
// Buckets are copy-on-write like shards.
type urlHashes [256][][32]byte

func (u *urlHashes) add(h [32]byte, dirty *[256]bool) {
	b := h[0]
	s := u[b]
	i, found := slices.BinarySearchFunc(s, h, cmpHash)
	if found {
		return // a SHA-256 collision between expressions is not a real concern
	}
	if !dirty[b] {
		s = slices.Clone(s)
		dirty[b] = true
	}
	u[b] = slices.Insert(s, i, h)
}

func (u *urlHashes) remove(h [32]byte, dirty *[256]bool) {
	b := h[0]
	s := u[b]
	i, found := slices.BinarySearchFunc(s, h, cmpHash)
	if !found {
		return
	}
	if !dirty[b] {
		s = slices.Clone(s)
		dirty[b] = true
	}
	u[b] = slices.Delete(s, i, i+1)
}

func cmpHash(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) }

// URLPrefixes returns the sorted, distinct n-byte SHA-256 prefixes of all URL
// expressions (n is clamped to 1..32; partners use 4). The result is freshly
// allocated because callers ship or mutate it.
func (x *Index) URLPrefixes(n int) [][]byte {
	n = min(max(n, 1), 32)
	snap := x.cur.Load()
	var out [][]byte
	for b := range snap.urls {
		for _, h := range snap.urls[b] {
			if len(out) > 0 && bytes.Equal(out[len(out)-1], h[:n]) {
				continue
			}
			out = append(out, bytes.Clone(h[:n]))
		}
	}
	return out
}

// URLFullHashes returns every full hash that starts with prefix, in sorted
// order (the second round-trip of the Safe Browsing protocol). An empty
// prefix matches nothing: handing out the whole list is URLPrefixes' job.
func (x *Index) URLFullHashes(prefix []byte) [][32]byte {
	if len(prefix) == 0 || len(prefix) > 32 {
		return nil
	}
	s := x.cur.Load().urls[prefix[0]]
	i, _ := slices.BinarySearchFunc(s, prefix, func(h [32]byte, p []byte) int {
		return bytes.Compare(h[:len(p)], p)
	})
	var out [][32]byte
	for ; i < len(s) && bytes.HasPrefix(s[i][:], prefix); i++ {
		out = append(out, s[i])
	}
	return out
}

// urlHash is the hash used for the prefix list.
func urlHash(expr string) [32]byte { return sha256.Sum256([]byte(expr)) }

// worse reports whether a is a worse verdict than b: a higher level.
func worse(a, b Entry) bool { return a.Level > b.Level }
