package index

import (
	"runtime"
	"sync"
)

// PhoneEntry is one row of a bulk phone load.
type PhoneEntry struct {
	Phone uint64
	Entry Entry
}

// BuildPhones returns a new index whose phone table holds entries (later
// duplicates win). Its Seq is 0: call AdvanceSeq with the snapshot's
// sequence before replaying the change log.
func BuildPhones(entries []PhoneEntry) *Index {
	x := New()
	l := NewPhoneLoader(len(entries))
	for _, pe := range entries {
		l.Add(pe.Phone, pe.Entry)
	}
	x.LoadPhonesFrom(l)
	return x
}

// LoadPhones replaces the whole phone table with ns[i] -> es[i] (later
// duplicates win, Entry.Seq kept as given) in one atomic step for readers.
// It does not touch Seq or the string kinds: a snapshot carries entries of
// every kind, and moving Seq here could make Apply skip changes to kinds that
// are not loaded yet; use AdvanceSeq once everything is loaded.
// It panics if the slices differ in length.
func (x *Index) LoadPhones(ns []uint64, es []Entry) {
	if len(ns) != len(es) {
		panic("index: LoadPhones: len(ns) != len(es)")
	}
	l := NewPhoneLoader(len(ns))
	for i, n := range ns {
		l.Add(n, es[i])
	}
	x.LoadPhonesFrom(l)
}

// PhoneLoader gathers the rows of a bulk load by shard as they are read
// (from the database, at start), so that building a shard reads its own
// rows in order: grouping them afterwards meant jumping across the whole
// ten-million-row table twice, a cache miss a row.
type PhoneLoader struct {
	rows [phoneShards][]PhoneEntry
	n    int
}

// NewPhoneLoader returns a loader sized for about expected rows (0: grow
// as rows come).
func NewPhoneLoader(expected int) *PhoneLoader {
	l := &PhoneLoader{}
	if expected > 0 {
		per := expected/phoneShards + expected/phoneShards/8 + 16 // the shards differ by a few per cent
		for s := range l.rows {
			l.rows[s] = make([]PhoneEntry, 0, per)
		}
	}
	return l
}

// Add notes n -> e; a later row for the same number wins.
func (l *PhoneLoader) Add(n uint64, e Entry) {
	s, _, _ := phoneShardOf(n)
	l.rows[s] = append(l.rows[s], PhoneEntry{Phone: n, Entry: e})
	l.n++
}

// Len is the number of rows added.
func (l *PhoneLoader) Len() int { return l.n }

// LoadPhonesFrom replaces the whole phone table with what l gathered, as
// LoadPhones does, and empties l. Each shard table is allocated at its
// final size and filled while it sits in cache; shards are independent,
// so the fill runs on all CPUs.
func (x *Index) LoadPhonesFrom(l *PhoneLoader) {
	var shards [phoneShards]*phoneShard
	workers := min(runtime.GOMAXPROCS(0), phoneShards)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for s := w; s < phoneShards; s += workers {
				shards[s] = buildShard(l.rows[s])
				l.rows[s] = nil
			}
		})
	}
	wg.Wait()
	l.n = 0

	x.mu.Lock()
	defer x.mu.Unlock()
	next := *x.cur.Load()
	next.phones = shards
	x.cur.Store(&next)
}

func buildShard(rows []PhoneEntry) *phoneShard {
	if len(rows) == 0 {
		return emptyPhoneShard
	}
	slots := 0 // encodable rows, for sizing
	for _, r := range rows {
		if _, ok := encode(r.Phone); ok {
			slots++
		}
	}
	s := &phoneShard{}
	if slots > 0 {
		c := max(int(float64(slots)/bulkLoad)+1, minCap)
		s.keys = make([]uint64, c)
		s.seqs = make([]uint32, c)
	}
	for _, r := range rows {
		_, code, ok := phoneShardOf(r.Phone)
		s.put(r.Phone, code, ok, r.Entry) // never grows: capacity covers every row
	}
	return s
}
