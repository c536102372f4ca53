package index

import (
	"slices"
	"testing"
)

func TestSite_WorstVerdictAmongPathsAndSpellings(t *testing.T) {
	x := New()
	x.Apply([]Change{
		{Seq: 1, Kind: 'u', Key: "www.vcb-hoantien.xyz/nhan-tien/", Entry: Entry{Level: Suspicious, Tactics: 1}},
		{Seq: 2, Kind: 'u', Key: "vcb-hoantien.xyz/dang-nhap/", Entry: Entry{Level: Scam, Tactics: 2}},
		{Seq: 3, Kind: 'u', Key: "m.other.vn/a/", Entry: Entry{Level: Suspicious}},
	})
	cases := []struct {
		site string
		want Level
		ok   bool
	}{
		{"vcb-hoantien.xyz", Scam, true},
		{"other.vn", Suspicious, true},
		{"sub.vcb-hoantien.xyz", 0, false},
		{"nothing.vn", 0, false},
	}
	for _, c := range cases {
		e, ok := x.SiteLookup(c.site)
		if ok != c.ok || e.Level != c.want {
			t.Errorf("SiteLookup(%q) = %+v, %v; want level %d, %v", c.site, e, ok, c.want, c.ok)
		}
	}
	// The scam path is cleared: the site falls back to the suspicious one.
	x.Apply([]Change{{Seq: 4, Kind: 'u', Key: "vcb-hoantien.xyz/dang-nhap/", Delete: true}})
	if e, ok := x.SiteLookup("vcb-hoantien.xyz"); !ok || e.Level != Suspicious || e.Tactics != 1 {
		t.Errorf("after clearing the scam path: %+v, %v", e, ok)
	}
	x.Apply([]Change{{Seq: 5, Kind: 'u', Key: "www.vcb-hoantien.xyz/nhan-tien/", Delete: true}})
	if _, ok := x.SiteLookup("vcb-hoantien.xyz"); ok {
		t.Error("a site with no reported path left still answers")
	}
}

func TestAccountBanks_FindsEveryBankOfABareAccount(t *testing.T) {
	x := New()
	x.Apply([]Change{
		{Seq: 1, Kind: 'b', Key: "970436:0071001234567", Entry: Entry{Level: Suspicious}},
		{Seq: 2, Kind: 'b', Key: "970418:0071001234567", Entry: Entry{Level: Scam}},
		{Seq: 3, Kind: 'b', Key: "970436:71001234567", Entry: Entry{Level: Scam}},
	})
	k, _ := AcctKeyOf("0071001234567")
	if got := x.AccountBanks(k); !slices.Equal(slices.Sorted(slices.Values(got)), []string{"970418", "970436"}) {
		t.Errorf("AccountBanks = %v", got)
	}
	x.Apply([]Change{{Seq: 4, Kind: 'b', Key: "970418:0071001234567", Delete: true}})
	if got := x.AccountBanks(k); !slices.Equal(got, []string{"970436"}) {
		t.Errorf("after a delete AccountBanks = %v", got)
	}
	k2, _ := AcctKeyOf("71001234567")
	if got := x.AccountBanks(k2); !slices.Equal(got, []string{"970436"}) {
		t.Errorf("leading zeros must count: %v", got)
	}
}
