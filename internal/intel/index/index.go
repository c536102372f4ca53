package index

import (
	"cmp"
	"slices"
	"sync"
	"sync/atomic"
)

// Level is the verdict an indicator has earned, decided by the caller: the
// index holds it, never the evidence behind it (report counts stay in the
// database, for analysts).
type Level uint8

// The levels the index holds. An indicator below Suspicious is not in the
// index at all: to the public it is unknown.
const (
	Suspicious Level = 1 // enough distinct reporters, a partner's report or an analyst
	Scam       Level = 2 // verified by an analyst
)

// Entry is the verdict record of one indicator.
type Entry struct {
	Level   Level
	Tactics uint16 // bitset of up to 16 tactic ids
	Seq     uint64 // change-log sequence that last touched it
}

// Change is one change-log record. Kind is 'p' (Phone is used) or one of
// 'b','u','s','w' (Key is used). Delete removes the indicator; otherwise
// Entry replaces it, with Entry.Seq overwritten by Seq.
type Change struct {
	Seq    uint64
	Kind   byte
	Phone  uint64
	Key    string
	Entry  Entry
	Delete bool
}

// Index is safe for any number of concurrent readers and writers; writers
// are serialised internally, readers never block or allocate.
type Index struct {
	mu  sync.Mutex // serialises writers only
	cur atomic.Pointer[snapshot]
}

// snapshot is immutable once published; a write copies the arrays of shard
// pointers (about 16 KB) plus only the shards it touches.
type snapshot struct {
	seq    uint64
	phones [phoneShards]*phoneShard
	strs   [numStrKinds][strShards]*strShard
	urls   urlHashes
	sites  [strShards]*siteShard
	accts  [strShards]*acctShard
	banks  int // bank keys held in accts
}

// New returns an empty index at sequence 0.
func New() *Index {
	s := &snapshot{}
	for i := range s.phones {
		s.phones[i] = emptyPhoneShard
	}
	for k := range s.strs {
		for i := range s.strs[k] {
			s.strs[k][i] = emptyStrShard
		}
	}
	for i := range s.sites {
		s.sites[i] = emptySiteShard
		s.accts[i] = emptyAcctShard
	}
	x := &Index{}
	x.cur.Store(s)
	return x
}

// Seq is the highest change sequence applied so far.
func (x *Index) Seq() uint64 { return x.cur.Load().seq }

// AdvanceSeq raises Seq to seq (never lowers it). Use it after a bulk load
// of a snapshot taken at seq, so the change log resumes from the right place.
func (x *Index) AdvanceSeq(seq uint64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	old := x.cur.Load()
	if seq <= old.seq {
		return
	}
	next := *old
	next.seq = seq
	x.cur.Store(&next)
}

// PhoneLookup returns the entry for an E.164 number (digits without '+').
func (x *Index) PhoneLookup(n uint64) (Entry, bool) {
	shard, code, ok := phoneShardOf(n)
	return x.cur.Load().phones[shard].get(n, code, ok)
}

// KeyLookup returns the entry for a string indicator of the given kind
// ('b' bank, 'u' URL expression, 's' social, 'w' wallet).
func (x *Index) KeyLookup(kind byte, key string) (Entry, bool) {
	k := kindIndex(kind)
	if k < 0 {
		return Entry{}, false
	}
	e, ok := x.cur.Load().strs[k][strShardOf(key)].m[key]
	return e, ok
}

// URLLookup checks all expressions of one URL against a single snapshot and
// returns the worst known verdict (the highest level; the earlier
// expression wins ties).
func (x *Index) URLLookup(expressions []string) (Entry, bool) {
	urls := &x.cur.Load().strs[kindIndex('u')]
	var best Entry
	found := false
	for _, ex := range expressions {
		e, ok := urls[strShardOf(ex)].m[ex]
		if ok && (!found || worse(e, best)) {
			best, found = e, true
		}
	}
	return best, found
}

// Apply applies changes in Seq order as one atomic step for readers.
// Changes with Seq <= x.Seq() (and duplicates of a Seq within the batch) are
// ignored, so replaying an overlapping stretch of the change log is harmless.
// Changes of unknown Kind still advance Seq but change nothing.
func (x *Index) Apply(changes []Change) {
	x.mu.Lock()
	defer x.mu.Unlock()
	old := x.cur.Load()
	sorted := changes
	if !slices.IsSortedFunc(changes, cmpChange) {
		sorted = slices.Clone(changes)
		slices.SortStableFunc(sorted, cmpChange)
	}

	next := *old // copies the shard pointer arrays
	var (
		dirtyPhone [phoneShards]bool
		dirtyStr   [numStrKinds][strShards]bool
		dirtyURL   [256]bool
		applied    bool
		ed         siteEdit
	)
	for i := range sorted {
		c := &sorted[i]
		if c.Seq <= next.seq {
			continue
		}
		next.seq, applied = c.Seq, true
		e := c.Entry
		e.Seq = c.Seq
		if c.Kind == 'p' {
			shard, code, ok := phoneShardOf(c.Phone)
			if !dirtyPhone[shard] {
				next.phones[shard] = next.phones[shard].clone()
				dirtyPhone[shard] = true
			}
			if c.Delete {
				next.phones[shard].del(c.Phone, code, ok)
			} else {
				next.phones[shard].put(c.Phone, code, ok, e)
			}
			continue
		}
		k := kindIndex(c.Kind)
		if k < 0 {
			continue
		}
		shard := strShardOf(c.Key)
		if !dirtyStr[k][shard] {
			next.strs[k][shard] = next.strs[k][shard].clone()
			dirtyStr[k][shard] = true
		}
		s := next.strs[k][shard]
		_, existed := s.m[c.Key]
		if c.Delete {
			delete(s.m, c.Key)
			if existed && c.Kind == 'u' {
				next.urls.remove(urlHash(c.Key), &dirtyURL)
			}
			switch {
			case existed && c.Kind == 'u':
				ed.url(&next, c.Key, false, true)
			case existed && c.Kind == 'b':
				ed.bank(&next, c.Key, false, true)
			}
			continue
		}
		if s.m == nil {
			s.m = make(map[string]Entry)
		}
		s.m[c.Key] = e
		if c.Kind == 'u' {
			if !existed {
				next.urls.add(urlHash(c.Key), &dirtyURL)
			}
			ed.url(&next, c.Key, !existed, false) // the site's worst entry may change
		}
		if !existed && c.Kind == 'b' {
			ed.bank(&next, c.Key, true, false)
		}
	}
	ed.finish(&next)
	if applied {
		x.cur.Store(&next)
	}
}

func cmpChange(a, b Change) int { return cmp.Compare(a.Seq, b.Seq) }

// Stats describes the size of the index.
type Stats struct {
	Seq           uint64
	Phones        int // phone entries
	PhoneOverflow int // phone entries (or payloads) held in Go maps
	PhoneSlots    int // open-addressing slots (capacity)
	Banks, URLs   int
	Socials       int
	Wallets       int
	// PhoneBytes is exact for the slot arrays plus an estimate of
	// mapEntryBytes per overflow entry; StringBytes is an estimate too.
	PhoneBytes    int64
	StringBytes   int64
	PhoneLoad     float64 // occupied slots / slots
	BytesPerPhone float64
}

// mapEntryBytes approximates a Go map entry including bucket overhead.
const mapEntryBytes = 48

// Stats walks the current snapshot; it is O(shards + overflow), not hot.
func (x *Index) Stats() Stats {
	snap := x.cur.Load()
	st := Stats{Seq: snap.seq}
	used := 0
	for _, s := range snap.phones {
		n, of := s.count()
		st.Phones += n
		st.PhoneOverflow += of
		st.PhoneSlots += len(s.keys)
		used += s.used
		st.PhoneBytes += int64(len(s.keys))*12 + int64(of)*mapEntryBytes
	}
	if st.PhoneSlots > 0 {
		st.PhoneLoad = float64(used) / float64(st.PhoneSlots)
	}
	if st.Phones > 0 {
		st.BytesPerPhone = float64(st.PhoneBytes) / float64(st.Phones)
	}
	counts := [numStrKinds]*int{&st.Banks, &st.URLs, &st.Socials, &st.Wallets}
	for k := range snap.strs {
		for _, s := range snap.strs[k] {
			*counts[k] += len(s.m)
			for key := range s.m {
				st.StringBytes += int64(len(key)) + mapEntryBytes
			}
		}
	}
	for b := range snap.urls {
		st.StringBytes += int64(len(snap.urls[b])) * 32
	}
	return st
}

// PhoneStats is the phone part of Stats without walking the string kinds,
// cheap enough for a metrics scrape: entries and their bytes.
func (x *Index) PhoneStats() (phones int, bytes int64) {
	for _, s := range x.cur.Load().phones {
		n, of := s.count()
		phones += n
		bytes += int64(len(s.keys))*12 + int64(of)*mapEntryBytes
	}
	return phones, bytes
}
