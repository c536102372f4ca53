package index

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
)

const bank = "970436:0011223344"

func TestApplyOrderAndReplay(t *testing.T) {
	tests := []struct {
		name    string
		batches [][]Change
		want    Entry
		present bool
		seq     uint64
	}{
		{
			name: "out-of-order batch is applied in Seq order",
			batches: [][]Change{{
				{Seq: 3, Kind: 'b', Key: bank, Entry: Entry{Level: Suspicious, Tactics: 3}},
				{Seq: 1, Kind: 'b', Key: bank, Entry: Entry{Level: Suspicious, Tactics: 1}},
				{Seq: 2, Kind: 'b', Key: bank, Delete: true},
			}},
			want: Entry{Level: Suspicious, Tactics: 3, Seq: 3}, present: true, seq: 3,
		},
		{
			name: "same batch twice changes nothing",
			batches: [][]Change{
				{{Seq: 1, Kind: 'b', Key: bank, Entry: Entry{Level: Suspicious, Tactics: 1}}, {Seq: 2, Kind: 'b', Key: bank, Entry: Entry{Level: Suspicious, Tactics: 2}}},
				{{Seq: 1, Kind: 'b', Key: bank, Entry: Entry{Level: Suspicious, Tactics: 1}}, {Seq: 2, Kind: 'b', Key: bank, Entry: Entry{Level: Suspicious, Tactics: 2}}},
			},
			want: Entry{Level: Suspicious, Tactics: 2, Seq: 2}, present: true, seq: 2,
		},
		{
			name: "older Seq is ignored",
			batches: [][]Change{
				{{Seq: 5, Kind: 'b', Key: bank, Entry: Entry{Level: Suspicious, Tactics: 5}}},
				{{Seq: 4, Kind: 'b', Key: bank, Delete: true}},
			},
			want: Entry{Level: Suspicious, Tactics: 5, Seq: 5}, present: true, seq: 5,
		},
		{
			name: "overlapping replay applies only the new tail",
			batches: [][]Change{
				{{Seq: 1, Kind: 'b', Key: bank, Entry: Entry{Level: Suspicious, Tactics: 1}}},
				{{Seq: 1, Kind: 'b', Key: bank, Entry: Entry{Level: Suspicious, Tactics: 9}}, {Seq: 2, Kind: 'b', Key: bank, Entry: Entry{Level: Scam, Tactics: 2}}},
			},
			want: Entry{Level: Scam, Tactics: 2, Seq: 2}, present: true, seq: 2,
		},
		{
			name: "delete removes",
			batches: [][]Change{
				{{Seq: 1, Kind: 'b', Key: bank, Entry: Entry{Level: Suspicious, Tactics: 1}}},
				{{Seq: 2, Kind: 'b', Key: bank, Delete: true}},
			},
			present: false, seq: 2,
		},
		{
			name:    "delete of unknown key only advances Seq",
			batches: [][]Change{{{Seq: 7, Kind: 'b', Key: bank, Delete: true}}},
			present: false, seq: 7,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := New()
			for _, b := range tt.batches {
				x.Apply(b)
			}
			got, ok := x.KeyLookup('b', bank)
			if ok != tt.present || got != tt.want {
				t.Errorf("KeyLookup = %+v, %v; want %+v, %v", got, ok, tt.want, tt.present)
			}
			if x.Seq() != tt.seq {
				t.Errorf("Seq = %d, want %d", x.Seq(), tt.seq)
			}
		})
	}
}

func TestKeyKindsAreSeparate(t *testing.T) {
	x := New()
	x.Apply([]Change{
		{Seq: 1, Kind: 'b', Key: "k", Entry: Entry{Level: Suspicious, Tactics: 1}},
		{Seq: 2, Kind: 's', Key: "k", Entry: Entry{Level: Suspicious, Tactics: 2}},
		{Seq: 3, Kind: 'w', Key: "k", Entry: Entry{Level: Suspicious, Tactics: 3}},
		{Seq: 4, Kind: 'u', Key: "k", Entry: Entry{Level: Suspicious, Tactics: 4}},
		{Seq: 5, Kind: 'x', Key: "k", Entry: Entry{Level: Suspicious, Tactics: 5}},
	})
	for i, kind := range []byte("bswu") {
		if e, ok := x.KeyLookup(kind, "k"); !ok || e.Tactics != uint16(i+1) {
			t.Errorf("KeyLookup(%q) = %+v, %v", kind, e, ok)
		}
	}
	if _, ok := x.KeyLookup('x', "k"); ok {
		t.Error("unknown kind found")
	}
	st := x.Stats()
	if st.Banks != 1 || st.Socials != 1 || st.Wallets != 1 || st.URLs != 1 || x.Seq() != 5 {
		t.Errorf("Stats = %+v, Seq = %d", st, x.Seq())
	}
}

func TestURLLookupPicksWorst(t *testing.T) {
	x := New()
	x.Apply([]Change{
		{Seq: 1, Kind: 'u', Key: "a.vn/", Entry: Entry{Level: Suspicious, Tactics: 50}},
		{Seq: 2, Kind: 'u', Key: "a.vn/x/", Entry: Entry{Level: Scam, Tactics: 1}},
		{Seq: 3, Kind: 'u', Key: "b.vn/", Entry: Entry{Level: Suspicious}},
		{Seq: 4, Kind: 'u', Key: "b.vn/y/", Entry: Entry{Level: Scam}},
		{Seq: 5, Kind: 'u', Key: "c.vn/", Entry: Entry{Level: Scam, Tactics: 1}},
	})
	tests := []struct {
		name  string
		exprs []string
		want  uint64 // Seq of the expected entry; 0 = not found
	}{
		{"scam beats suspicious", []string{"a.vn/", "a.vn/x/"}, 2},
		{"the higher level wins", []string{"b.vn/", "b.vn/y/"}, 4},
		{"tie keeps first expression", []string{"c.vn/", "b.vn/y/"}, 5},
		{"unknown expressions are skipped", []string{"zzz/", "b.vn/", "yyy/"}, 3},
		{"nothing known", []string{"zzz/"}, 0},
		{"no expressions", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok := x.URLLookup(tt.exprs)
			if ok != (tt.want != 0) || e.Seq != tt.want {
				t.Errorf("URLLookup(%q) = %+v, %v; want entry with Seq %d", tt.exprs, e, ok, tt.want)
			}
		})
	}
}

func TestURLPrefixesAndFullHashes(t *testing.T) {
	x := New()
	var cs []Change
	exprs := map[string]bool{}
	for i := range 3000 {
		k := fmt.Sprintf("site%d.vn/p/", i)
		exprs[k] = true
		cs = append(cs, Change{Seq: uint64(i + 1), Kind: 'u', Key: k})
	}
	// Updates and deletes must keep the hash list in step with the URLs.
	cs = append(cs,
		Change{Seq: 5000, Kind: 'u', Key: "site1.vn/p/", Entry: Entry{Level: Suspicious, Tactics: 2}},
		Change{Seq: 5001, Kind: 'u', Key: "site2.vn/p/", Delete: true},
		Change{Seq: 5002, Kind: 'b', Key: "not-a-url", Entry: Entry{}})
	delete(exprs, "site2.vn/p/")
	x.Apply(cs)

	prefixes := x.URLPrefixes(4)
	if !slices.IsSortedFunc(prefixes, bytes.Compare) {
		t.Fatal("prefixes not sorted")
	}
	for i := 1; i < len(prefixes); i++ {
		if bytes.Equal(prefixes[i-1], prefixes[i]) {
			t.Fatalf("duplicate prefix %x", prefixes[i])
		}
	}
	var got int
	for _, p := range prefixes {
		if len(p) != 4 {
			t.Fatalf("prefix length %d", len(p))
		}
		got += len(x.URLFullHashes(p))
	}
	if got != len(exprs) {
		t.Errorf("full hashes behind prefixes = %d, want %d", got, len(exprs))
	}
	for k := range exprs {
		h := sha256.Sum256([]byte(k))
		if !slices.Contains(x.URLFullHashes(h[:4]), h) {
			t.Fatalf("full hash of %q not returned for its prefix", k)
		}
	}
	gone := sha256.Sum256([]byte("site2.vn/p/"))
	if slices.Contains(x.URLFullHashes(gone[:4]), gone) {
		t.Error("deleted URL still in hash list")
	}
	if x.URLFullHashes(nil) != nil {
		t.Error("empty prefix should match nothing")
	}
	if n := len(x.URLPrefixes(1)); n > 256 || n == 0 {
		t.Errorf("1-byte prefixes = %d", n)
	}
}

// TestConcurrentReadersSeeWholeBatches runs readers against a writer under
// -race: each batch rewrites a set of phones and keys to the same version v
// (Tactics = v, Level alternating with v's parity), so a torn entry or a
// reader going backwards shows.
func TestConcurrentReadersSeeWholeBatches(t *testing.T) {
	x := New()
	phones := []uint64{84911111111, 842438000000, 123456789012345}
	const versions = 300
	var done atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for r := range 4 {
		wg.Go(func() {
			last := uint16(0)
			for !done.Load() {
				for _, p := range phones {
					e, ok := x.PhoneLookup(p)
					if !ok {
						continue
					}
					if e.Level != levelOf(e.Tactics) || e.Tactics < last {
						errs <- fmt.Sprintf("reader %d: torn or stale %+v after %d", r, e, last)
						return
					}
					last = e.Tactics
				}
				e, ok := x.KeyLookup('u', "scam.vn/")
				if ok && e.Level != levelOf(e.Tactics) {
					errs <- fmt.Sprintf("reader %d: torn url %+v", r, e)
					return
				}
			}
		})
	}
	seq := uint64(0)
	for v := uint32(1); v <= versions; v++ {
		var b []Change
		for _, p := range phones {
			seq++
			b = append(b, Change{Seq: seq, Kind: 'p', Phone: p, Entry: Entry{Level: levelOf(uint16(v)), Tactics: uint16(v)}})
		}
		seq++
		b = append(b, Change{Seq: seq, Kind: 'u', Key: "scam.vn/", Entry: Entry{Level: levelOf(uint16(v)), Tactics: uint16(v)}})
		x.Apply(b)
	}
	done.Store(true)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestLookupsDoNotAllocate(t *testing.T) {
	x := New()
	x.Apply([]Change{
		{Seq: 1, Kind: 'p', Phone: 84912345678, Entry: Entry{Level: Suspicious, Tactics: 1}},
		{Seq: 2, Kind: 'u', Key: "a.vn/", Entry: Entry{Level: Suspicious, Tactics: 1}},
	})
	exprs := []string{"a.vn/", "b.vn/"}
	allocs := testing.AllocsPerRun(100, func() {
		x.PhoneLookup(84912345678)
		x.PhoneLookup(999999999999999)
		x.KeyLookup('u', "a.vn/")
		x.URLLookup(exprs)
	})
	if allocs != 0 {
		t.Errorf("lookups allocate %.1f times", allocs)
	}
}

// levelOf derives a level from a version, so readers can tell a torn entry.
func levelOf(v uint16) Level { return Level(v%2) + 1 }
