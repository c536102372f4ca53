package index

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
)

// Benchmarks measure one "op" as lookupsPerOp random lookups and report
// ns/lookup, so figures stay meaningful even under -benchtime 2x.
const lookupsPerOp = 1 << 20

var sizes = []int{1_000_000, 10_000_000}

// benchData caches generated rows and built tables across benchmarks: a 10 M
// build takes seconds and would otherwise dominate the run.
type benchData struct {
	ns      []uint64
	es      []Entry
	present []uint64 // shuffled queries known to be loaded
	absent  []uint64 // shuffled queries never loaded
	idx     *Index
	goMap   map[uint64]Entry
	mapBPE  float64
}

var (
	benchMu    sync.Mutex
	benchCache = map[int]*benchData{}
)

// data returns n rows of VN mobiles: even numbers are loaded, odd ones are
// the absent probes, so both hit the same dense number range.
func data(n int) *benchData {
	benchMu.Lock()
	defer benchMu.Unlock()
	if d := benchCache[n]; d != nil {
		return d
	}
	r := rand.New(rand.NewPCG(uint64(n), 42))
	d := &benchData{ns: make([]uint64, n), es: make([]Entry, n)}
	for i := range d.ns {
		d.ns[i] = 84_000_000_000 + 2*r.Uint64N(500_000_000)
		d.es[i] = Entry{Level: Level(1 + min(i%5, 1)), Tactics: uint16(r.Uint32()), Seq: uint64(i + 1)}
	}
	d.present = make([]uint64, lookupsPerOp)
	d.absent = make([]uint64, lookupsPerOp)
	for i := range d.present {
		d.present[i] = d.ns[r.IntN(n)]
		d.absent[i] = 84_000_000_001 + 2*r.Uint64N(500_000_000)
	}
	benchCache[n] = d
	return d
}

func (d *benchData) index() *Index {
	if d.idx == nil {
		d.idx = New()
		d.idx.LoadPhones(d.ns, d.es)
	}
	return d.idx
}

func (d *benchData) mapBaseline() map[uint64]Entry {
	if d.goMap == nil {
		before := heapInUse()
		m := make(map[uint64]Entry, len(d.ns))
		for i, n := range d.ns {
			m[n] = d.es[i]
		}
		d.mapBPE = float64(heapInUse()-before) / float64(len(m))
		d.goMap = m
	}
	return d.goMap
}

func heapInUse() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapInuse)
}

func skipBig(b *testing.B, n int) {
	if n > 1_000_000 && testing.Short() {
		b.Skip("10M tables skipped in -short mode")
	}
}

var sink Entry

func BenchmarkPhoneLookup(b *testing.B) {
	for _, n := range sizes {
		for _, kind := range []string{"present", "absent"} {
			b.Run(fmt.Sprintf("%dM/%s", n/1_000_000, kind), func(b *testing.B) {
				skipBig(b, n)
				d := data(n)
				x := d.index()
				qs := d.present
				if kind == "absent" {
					qs = d.absent
				}
				st := x.Stats()
				b.ReportAllocs()
				b.ResetTimer()
				hits := 0
				for b.Loop() {
					for _, q := range qs {
						e, ok := x.PhoneLookup(q)
						if ok {
							hits++
							sink = e
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(qs)), "ns/lookup")
				b.ReportMetric(st.BytesPerPhone, "B/entry")
				if (kind == "present") != (hits > 0) {
					b.Fatalf("%s queries gave %d hits", kind, hits)
				}
			})
		}
	}
}

func BenchmarkPhoneLookupGoMap(b *testing.B) {
	for _, n := range sizes {
		for _, kind := range []string{"present", "absent"} {
			b.Run(fmt.Sprintf("%dM/%s", n/1_000_000, kind), func(b *testing.B) {
				skipBig(b, n)
				d := data(n)
				m := d.mapBaseline()
				qs := d.present
				if kind == "absent" {
					qs = d.absent
				}
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					for _, q := range qs {
						if e, ok := m[q]; ok {
							sink = e
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(qs)), "ns/lookup")
				b.ReportMetric(d.mapBPE, "B/entry")
			})
		}
	}
}

func BenchmarkLoadPhones10M(b *testing.B) {
	const n = 10_000_000
	skipBig(b, n)
	d := data(n)
	b.ResetTimer()
	var x *Index
	for b.Loop() {
		x = New()
		x.LoadPhones(d.ns, d.es)
	}
	st := x.Stats()
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/load")
	b.ReportMetric(st.BytesPerPhone, "B/entry")
	b.ReportMetric(st.PhoneLoad, "load-factor")
}

// BenchmarkApplySmallBatch shows the copy-on-write cost a 10-change batch
// pays against a 1 M table (it clones up to 10 shards of ~1 K entries).
func BenchmarkApplySmallBatch(b *testing.B) {
	x := New()
	d := data(1_000_000)
	x.LoadPhones(d.ns, d.es)
	r := rand.New(rand.NewPCG(7, 8))
	seq := uint64(0)
	batch := make([]Change, 10)
	for b.Loop() {
		for i := range batch {
			seq++
			batch[i] = Change{Seq: seq, Kind: 'p', Phone: d.ns[r.IntN(len(d.ns))], Entry: Entry{Level: Suspicious}}
		}
		x.Apply(batch)
	}
}

// BenchmarkReadGuard compares the atomic snapshot load used by readers with
// the RWMutex alternative, with all CPUs reading concurrently.
func BenchmarkReadGuard(b *testing.B) {
	x := New()
	x.Apply([]Change{{Seq: 1, Kind: 'p', Phone: 84912345678, Entry: Entry{Level: Suspicious}}})
	b.Run("atomic-snapshot", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				x.PhoneLookup(84912345678)
			}
		})
	})
	b.Run("rwmutex", func(b *testing.B) {
		var mu sync.RWMutex
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				mu.RLock()
				x.PhoneLookup(84912345678)
				mu.RUnlock()
			}
		})
	})
}
