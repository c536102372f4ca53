package index

import (
	"maps"
	"math/bits"
)

// Number packing. A slot stores a 37-bit "code" for the phone number rather
// than the number itself so that bits remain for the verdict payload (a
// 2-bit level and the 16-bit tactic set):
//
//   - numbers below 10^11 (every E.164 number of up to 11 digits, which
//     includes all VN mobiles 84xxxxxxxxx) are their own code;
//   - 12-digit VN numbers 84xxxxxxxxxx (landlines) map to 10^11 + rest,
//     which still fits below 2^37 (1.1e11 < 1.37e11).
//
// Anything else (longer foreign numbers, 0) is kept in the shard's extra map.
const (
	directLimit = 100_000_000_000 // 1e11
	vn12Lo      = 840_000_000_000
	vn12Hi      = 850_000_000_000

	keyBits    = 37
	keyMask    = 1<<keyBits - 1
	levelShift = keyBits // 2 bits of verdict level
	levelMask  = 1<<2 - 1
	levelBig   = levelMask // sentinel: the full entry lives in extra
	tacShift   = levelShift + 2

	seqBig = 1<<32 - 1 // seqs[] holds uint32; larger sequences go to extra

	// Load factors: bulk loads and growth target ~0.8 (about 15 B/entry with
	// 12 B per slot); incremental inserts grow a shard once it passes 0.85 so
	// absent-number probes stay short.
	bulkLoad   = 0.80
	growTarget = 0.75
	maxLoad    = 0.85
	minCap     = 8

	phoneShardBits = 10
	phoneShards    = 1 << phoneShardBits
)

// encode returns the slot code of n and whether n can live in a slot.
func encode(n uint64) (uint64, bool) {
	switch {
	case n == 0:
		return 0, false // 0 marks an empty slot
	case n < directLimit:
		return n, true
	case n >= vn12Lo && n < vn12Hi:
		return directLimit + (n - vn12Lo), true
	}
	return 0, false
}

// decode is the inverse of encode for codes found in slots.
func decode(code uint64) uint64 {
	if code < directLimit {
		return code
	}
	return code - directLimit + vn12Lo
}

// mix is the murmur3 finaliser: phone numbers are dense and sequential, so
// they need full avalanche before the low bits pick a shard and the high bits
// pick a home slot (independent bit ranges keep shards evenly filled).
func mix(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	k *= 0xc4ceb9fe1a85ec53
	k ^= k >> 33
	return k
}

// phoneShardOf picks the shard for a number; encodable numbers hash their
// code so the table and the shard agree, others hash the raw number.
func phoneShardOf(n uint64) (shard int, code uint64, ok bool) {
	code, ok = encode(n)
	h := n
	if ok {
		h = code
	}
	return int(mix(h) & (phoneShards - 1)), code, ok
}

// home maps a code to its first probe slot with Lemire's multiply-shift, so
// capacities need not be powers of two (that is what keeps the load at 0.8
// instead of anywhere between 0.4 and 0.8).
func home(code uint64, capacity int) int {
	hi, _ := bits.Mul64(mix(code), uint64(capacity))
	return int(hi)
}

func packSlot(code uint64, e Entry) (slot uint64, seq uint32, fits bool) {
	if e.Level >= levelBig || e.Seq >= seqBig {
		return code | levelBig<<levelShift, 0, false
	}
	slot = code | uint64(e.Level)<<levelShift | uint64(e.Tactics)<<tacShift
	return slot, uint32(e.Seq), true
}

func unpackSlot(slot uint64, seq uint32) Entry {
	return Entry{
		Level:   Level(slot >> levelShift & levelMask),
		Tactics: uint16(slot >> tacShift),
		Seq:     uint64(seq),
	}
}

// phoneShard is one copy-on-write unit. Published shards are never mutated;
// writers clone them first.
type phoneShard struct {
	keys  []uint64 // 0 = empty; else code | payload
	seqs  []uint32 // Entry.Seq, parallel to keys
	used  int      // occupied slots
	extra map[uint64]Entry
}

var emptyPhoneShard = &phoneShard{}

// find returns the slot index holding code, or -1. It does not allocate.
//
// The table is kept in Robin Hood order (each run of slots is sorted by home
// slot), so a probe can stop as soon as the resident sits closer to its home
// than we are to ours. Without that, absent numbers, the common case for a
// scam check, walk ~12 slots at load 0.8 instead of ~3.
func (s *phoneShard) find(code uint64) int {
	c := len(s.keys)
	if c == 0 {
		return -1
	}
	for i, d := home(code, c), 0; ; d++ {
		k := s.keys[i]
		if k == 0 {
			return -1
		}
		if k&keyMask == code {
			return i
		}
		if s.dist(i, k) < d {
			return -1
		}
		if i++; i == c {
			i = 0
		}
	}
}

// dist is how far slot i is from the home of the key k stored in it.
func (s *phoneShard) dist(i int, k uint64) int {
	d := i - home(k&keyMask, len(s.keys))
	if d < 0 {
		d += len(s.keys)
	}
	return d
}

func (s *phoneShard) get(n, code uint64, ok bool) (Entry, bool) {
	if !ok {
		e, found := s.extra[n]
		return e, found
	}
	i := s.find(code)
	if i < 0 {
		return Entry{}, false
	}
	k := s.keys[i]
	if k>>levelShift&levelMask == levelBig {
		return s.extra[n], true
	}
	return unpackSlot(k, s.seqs[i]), true
}

func (s *phoneShard) clone() *phoneShard {
	c := &phoneShard{used: s.used}
	if len(s.keys) > 0 {
		c.keys = append([]uint64(nil), s.keys...)
		c.seqs = append([]uint32(nil), s.seqs...)
	}
	if len(s.extra) > 0 {
		c.extra = maps.Clone(s.extra)
	}
	return c
}

func (s *phoneShard) setExtra(n uint64, e Entry) {
	if s.extra == nil {
		s.extra = make(map[uint64]Entry)
	}
	s.extra[n] = e
}

// put inserts or replaces n on a private (unpublished) shard.
func (s *phoneShard) put(n, code uint64, ok bool, e Entry) {
	if !ok {
		s.setExtra(n, e)
		return
	}
	slot, seq, fits := packSlot(code, e)
	if i := s.find(code); i >= 0 {
		s.keys[i], s.seqs[i] = slot, seq
		if fits {
			delete(s.extra, n)
		} else {
			s.setExtra(n, e)
		}
		return
	}
	if float64(s.used+1) > maxLoad*float64(len(s.keys)) {
		s.resize(int(float64(s.used+1)/growTarget) + 1)
	}
	s.insertNew(slot, seq)
	if !fits {
		s.setExtra(n, e)
	}
}

// insertNew places a slot known to be absent; the caller guarantees room.
// Robin Hood: the newcomer takes the place of any resident that is closer to
// its home, and that resident continues the probe.
func (s *phoneShard) insertNew(slot uint64, seq uint32) {
	c := len(s.keys)
	for i, d := home(slot&keyMask, c), 0; ; d++ {
		k := s.keys[i]
		if k == 0 {
			s.keys[i], s.seqs[i] = slot, seq
			s.used++
			return
		}
		if kd := s.dist(i, k); kd < d {
			s.keys[i], slot = slot, k
			s.seqs[i], seq = seq, s.seqs[i]
			d = kd
		}
		if i++; i == c {
			i = 0
		}
	}
}

func (s *phoneShard) resize(capacity int) {
	capacity = max(capacity, minCap)
	old, oldSeqs := s.keys, s.seqs
	s.keys = make([]uint64, capacity)
	s.seqs = make([]uint32, capacity)
	s.used = 0
	for i, k := range old {
		if k != 0 {
			s.insertNew(k, oldSeqs[i])
		}
	}
}

// del removes n from a private shard; absent numbers are a no-op.
func (s *phoneShard) del(n, code uint64, ok bool) {
	delete(s.extra, n)
	if !ok {
		return
	}
	if i := s.find(code); i >= 0 {
		s.removeAt(i)
	}
}

// removeAt uses backward-shift deletion rather than tombstones so that
// absent lookups never pay for deleted history; shifting every following
// displaced slot back by one keeps the Robin Hood order.
func (s *phoneShard) removeAt(i int) {
	c := len(s.keys)
	s.used--
	for {
		j := i + 1
		if j == c {
			j = 0
		}
		k := s.keys[j]
		if k == 0 || s.dist(j, k) == 0 {
			s.keys[i], s.seqs[i] = 0, 0
			return
		}
		s.keys[i], s.seqs[i] = k, s.seqs[j]
		i = j
	}
}

// count returns the number of phone entries (slots plus extra-only numbers).
func (s *phoneShard) count() (n, overflow int) {
	n = s.used
	for p := range s.extra {
		if _, ok := encode(p); !ok {
			n++
		}
	}
	return n, len(s.extra)
}

// each calls f for every entry; used by Stats-like scans and tests, not hot.
func (s *phoneShard) each(f func(n uint64, e Entry)) {
	for i, k := range s.keys {
		if k == 0 {
			continue
		}
		n := decode(k & keyMask)
		if k>>levelShift&levelMask == levelBig {
			f(n, s.extra[n])
		} else {
			f(n, unpackSlot(k, s.seqs[i]))
		}
	}
	for n, e := range s.extra {
		if _, ok := encode(n); !ok {
			f(n, e)
		}
	}
}
