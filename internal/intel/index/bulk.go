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
	x.loadPhones(len(entries), func(i int) (uint64, Entry) {
		return entries[i].Phone, entries[i].Entry
	})
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
	x.loadPhones(len(ns), func(i int) (uint64, Entry) { return ns[i], es[i] })
}

// loadPhones builds every shard in one go instead of inserting through
// Apply: a counting sort groups row numbers by shard, then each shard table
// is allocated at its final size and filled while it sits in cache. Shards
// are independent, so the fill runs on all CPUs.
func (x *Index) loadPhones(total int, row func(int) (uint64, Entry)) {
	var starts [phoneShards + 1]int
	for i := range total {
		n, _ := row(i)
		s, _, _ := phoneShardOf(n)
		starts[s+1]++
	}
	var slots [phoneShards]int // encodable rows per shard, for sizing
	for s := range phoneShards {
		starts[s+1] += starts[s]
	}
	order := make([]uint32, total) // row numbers grouped by shard, stable
	pos := starts
	for i := range total {
		n, _ := row(i)
		s, _, ok := phoneShardOf(n)
		order[pos[s]] = uint32(i)
		pos[s]++
		if ok {
			slots[s]++
		}
	}

	var shards [phoneShards]*phoneShard
	workers := min(runtime.GOMAXPROCS(0), phoneShards)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for s := w; s < phoneShards; s += workers {
				shards[s] = buildShard(order[starts[s]:starts[s+1]], slots[s], row)
			}
		})
	}
	wg.Wait()

	x.mu.Lock()
	defer x.mu.Unlock()
	next := *x.cur.Load()
	next.phones = shards
	x.cur.Store(&next)
}

func buildShard(rows []uint32, slots int, row func(int) (uint64, Entry)) *phoneShard {
	if len(rows) == 0 {
		return emptyPhoneShard
	}
	s := &phoneShard{}
	if slots > 0 {
		c := max(int(float64(slots)/bulkLoad)+1, minCap)
		s.keys = make([]uint64, c)
		s.seqs = make([]uint32, c)
	}
	for _, r := range rows {
		n, e := row(int(r))
		_, code, ok := phoneShardOf(n)
		s.put(n, code, ok, e) // never grows: capacity covers every row
	}
	return s
}
