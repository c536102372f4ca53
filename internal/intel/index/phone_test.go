package index

import (
	"math/rand/v2"
	"testing"
)

func TestPhoneLookupPresentAndAbsent(t *testing.T) {
	present := []struct {
		name  string
		phone uint64
		e     Entry
	}{
		{"vn mobile", 84912345678, Entry{Level: Scam, Tactics: 0x8001}},
		{"vn 12-digit landline", 842438123456, Entry{Level: Suspicious, Tactics: 0xffff}},
		{"lowest vn 12-digit", vn12Lo, Entry{Level: Suspicious}},
		{"highest vn 12-digit", vn12Hi - 1, Entry{Level: Scam}},
		{"largest direct code", directLimit - 1, Entry{Level: Suspicious, Tactics: 2}},
		{"smallest direct code", 1, Entry{Level: Suspicious, Tactics: 4}},
		{"first non-encodable", directLimit, Entry{Level: Suspicious, Tactics: 5}},
		{"just above vn 12-digit range", vn12Hi, Entry{Level: Suspicious, Tactics: 6}},
		{"us number", 12025550123, Entry{Level: Suspicious, Tactics: 9}},
		{"15-digit foreign", 999999999999999, Entry{Level: Scam, Tactics: 3}},
		{"zero", 0, Entry{Level: Suspicious}},
		{"highest level in the slot", 84900000001, Entry{Level: levelBig - 1, Tactics: 0xffff}},
		{"level beyond the slot", 84900000002, Entry{Level: levelBig, Tactics: 1}},
		{"seq overflows uint32", 84900000004, Entry{Level: Suspicious}},
	}
	absent := []uint64{84912345679, 842438123457, vn12Lo + 1, directLimit + 1, 998, 1<<64 - 1}

	x := New()
	var changes []Change
	for i, p := range present {
		seq := uint64(i + 1)
		if p.name == "seq overflows uint32" {
			seq = 1 << 40
		}
		changes = append(changes, Change{Seq: seq, Kind: 'p', Phone: p.phone, Entry: p.e})
	}
	x.Apply(changes)
	for i, p := range present {
		t.Run(p.name, func(t *testing.T) {
			want := p.e
			want.Seq = changes[i].Seq
			got, ok := x.PhoneLookup(p.phone)
			if !ok || got != want {
				t.Fatalf("PhoneLookup(%d) = %+v, %v; want %+v, true", p.phone, got, ok, want)
			}
		})
	}
	for _, n := range absent {
		if e, ok := x.PhoneLookup(n); ok {
			t.Errorf("PhoneLookup(%d) = %+v, true; want absent", n, e)
		}
	}
	if st := x.Stats(); st.Phones != len(present) {
		t.Errorf("Stats.Phones = %d, want %d", st.Phones, len(present))
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	for _, n := range []uint64{1, 84912345678, directLimit - 1, vn12Lo, vn12Hi - 1} {
		code, ok := encode(n)
		if !ok || code > keyMask || code == 0 || decode(code) != n {
			t.Errorf("encode(%d) = %d, %v; decode = %d", n, code, ok, decode(code))
		}
	}
	for _, n := range []uint64{0, directLimit, vn12Lo - 1, vn12Hi, 1 << 50} {
		if _, ok := encode(n); ok {
			t.Errorf("encode(%d) fits, want overflow", n)
		}
	}
}

// TestPhoneDeleteKeepsProbeChains stresses backward-shift deletion: after
// deleting a random half, every survivor must still be found and every
// deleted number must be gone.
func TestPhoneDeleteKeepsProbeChains(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	x := New()
	const n = 20000
	phones := make([]uint64, n)
	var cs []Change
	for i := range phones {
		phones[i] = 84_000_000_000 + r.Uint64N(1_000_000_000)
		cs = append(cs, Change{Seq: uint64(i + 1), Kind: 'p', Phone: phones[i], Entry: Entry{Level: Level(1 + i%2), Tactics: uint16(i % 1000)}})
	}
	x.Apply(cs)
	want := map[uint64]Entry{}
	for i, p := range phones {
		want[p] = Entry{Level: Level(1 + i%2), Tactics: uint16(i % 1000), Seq: uint64(i + 1)}
	}
	cs = cs[:0]
	seq := x.Seq()
	for i, p := range phones {
		if i%2 == 0 {
			seq++
			cs = append(cs, Change{Seq: seq, Kind: 'p', Phone: p, Delete: true})
			delete(want, p)
		}
	}
	x.Apply(cs)
	checkPhones(t, x, want)
	checkRobinHood(t, x)
	for i, p := range phones {
		if _, ok := want[p]; !ok {
			if e, found := x.PhoneLookup(p); found {
				t.Fatalf("deleted phone %d (row %d) still present: %+v", p, i, e)
			}
		}
	}
}

// checkRobinHood verifies the ordering find relies on: along the table a
// resident's distance from home grows by at most one per slot.
func checkRobinHood(t *testing.T, x *Index) {
	t.Helper()
	for si, s := range x.cur.Load().phones {
		c := len(s.keys)
		for i, k := range s.keys {
			j := (i + 1) % c
			if k == 0 || s.keys[j] == 0 {
				continue
			}
			if s.dist(j, s.keys[j]) > s.dist(i, k)+1 {
				t.Fatalf("shard %d slot %d breaks Robin Hood order", si, j)
			}
		}
	}
}

func checkPhones(t *testing.T, x *Index, want map[uint64]Entry) {
	t.Helper()
	for p, w := range want {
		if got, ok := x.PhoneLookup(p); !ok || got != w {
			t.Fatalf("PhoneLookup(%d) = %+v, %v; want %+v", p, got, ok, w)
		}
	}
	if st := x.Stats(); st.Phones != len(want) {
		t.Fatalf("Stats.Phones = %d, want %d", st.Phones, len(want))
	}
}

func TestLoadPhonesEqualsApplyOneByOne(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const n = 20000
	ns := make([]uint64, n)
	es := make([]Entry, n)
	for i := range ns {
		switch i % 10 {
		case 0:
			ns[i] = 1_000_000_000_000 + r.Uint64N(1e12) // foreign, overflow map
		case 1:
			ns[i] = vn12Lo + r.Uint64N(vn12Hi-vn12Lo)
		case 2:
			ns[i] = ns[r.IntN(i)] // duplicate: later row must win
		default:
			ns[i] = 84_000_000_000 + r.Uint64N(1_000_000_000)
		}
		es[i] = Entry{Level: Level(1 + i%7%2), Tactics: uint16(r.Uint32()), Seq: uint64(i + 1)}
	}

	loaded := New()
	loaded.LoadPhones(ns, es)
	applied := New()
	for i := range ns {
		applied.Apply([]Change{{Seq: uint64(i + 1), Kind: 'p', Phone: ns[i], Entry: es[i]}})
	}
	want := map[uint64]Entry{}
	for i := range ns {
		want[ns[i]] = es[i]
	}
	checkPhones(t, loaded, want)
	checkPhones(t, applied, want)
	checkRobinHood(t, loaded)
	checkRobinHood(t, applied)

	built := make([]PhoneEntry, n)
	for i := range ns {
		built[i] = PhoneEntry{ns[i], es[i]}
	}
	checkPhones(t, BuildPhones(built), want)

	st := loaded.Stats()
	if st.PhoneLoad > maxLoad || st.PhoneLoad < 0.6 {
		t.Errorf("bulk load factor %.3f outside [0.6, %.2f]", st.PhoneLoad, maxLoad)
	}
	if loaded.Seq() != 0 {
		t.Errorf("LoadPhones moved Seq to %d", loaded.Seq())
	}
	loaded.AdvanceSeq(10)
	loaded.AdvanceSeq(5)
	if loaded.Seq() != 10 {
		t.Errorf("AdvanceSeq: Seq = %d, want 10", loaded.Seq())
	}
}

func TestLoadPhonesReplacesPhonesOnly(t *testing.T) {
	x := New()
	x.Apply([]Change{
		{Seq: 1, Kind: 'p', Phone: 84911111111, Entry: Entry{Level: Suspicious, Tactics: 1}},
		{Seq: 2, Kind: 'b', Key: "970436:0123", Entry: Entry{Level: Suspicious, Tactics: 2}},
	})
	x.LoadPhones([]uint64{84922222222}, []Entry{{Level: Suspicious, Tactics: 3}})
	if _, ok := x.PhoneLookup(84911111111); ok {
		t.Error("old phone survived LoadPhones")
	}
	if e, ok := x.PhoneLookup(84922222222); !ok || e.Tactics != 3 {
		t.Errorf("loaded phone = %+v, %v", e, ok)
	}
	if _, ok := x.KeyLookup('b', "970436:0123"); !ok || x.Seq() != 2 {
		t.Error("LoadPhones disturbed bank entries or Seq")
	}
}
