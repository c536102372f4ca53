package publicstats

import (
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/vn"
)

func TestProvinces_TheThirtyFourEachInASquareOfItsOwn(t *testing.T) {
	var names []string
	cells, abbrs := map[[2]int]string{}, map[string]string{}
	for _, p := range Provinces {
		names = append(names, p.Name)
		if p.Col < 0 || p.Col >= GridCols || p.Row < 0 || p.Row >= GridRows {
			t.Errorf("%s is off the grid (%d, %d)", p.Name, p.Col, p.Row)
		}
		if o, ok := cells[[2]int{p.Col, p.Row}]; ok {
			t.Errorf("%s and %s share a square", p.Name, o)
		}
		cells[[2]int{p.Col, p.Row}] = p.Name
		if o, ok := abbrs[p.Abbr]; ok {
			t.Errorf("%s and %s are both written %q", p.Name, o, p.Abbr)
		}
		abbrs[p.Abbr] = p.Name
		if p.Population < 100_000 {
			t.Errorf("%s: population %d", p.Name, p.Population)
		}
	}
	want := vn.Provinces()
	slices.Sort(names)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("map provinces = %v\nwant %v", names, want)
	}
}

func cells(month string, gs ...intel.PublicGroup) []intel.PublicCell {
	var out []intel.PublicCell
	for _, g := range gs {
		out = append(out, intel.PublicCell{Month: month, PublicGroup: g})
	}
	return out
}

var testKey = []byte("a key for the tests")

func TestBuild_SmallCountsMaskedEmptyOnesSayNoData(t *testing.T) {
	zero := time.Date(2026, 11, 9, 0, 0, 0, 0, vn.Zone)
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, vn.Zone) // November is over
	window := &intel.PublicCounts{From: zero, To: zero.AddDate(0, 0, 14), WeekZero: zero, WeekTo: zero.AddDate(0, 0, 14),
		Total:    cells("2026-11", intel.PublicGroup{Reports: 103, Verified: 12, MoneyLost: 9_000_000}),
		ByTactic: cells("2026-11", intel.PublicGroup{Key: "fraud", Reports: 100, Verified: 10, MoneyLost: 9_000_000}, intel.PublicGroup{Key: "crypto", Reports: 3, Verified: 2, MoneyLost: 500_000}),
		ByProvince: cells("2026-11", intel.PublicGroup{Key: "Thành phố Hà Nội", Reports: 100, Verified: 3, MoneyLost: 9_000_000},
			intel.PublicGroup{Key: "Cao Bằng", Reports: 3, Verified: 1, MoneyLost: 500_000}),
		ByWeek: []intel.PublicGroup{{Key: "1", Reports: 103, Verified: 12, MoneyLost: 9_000_000}},
	}
	tactics := []activity.Tactic{{Code: "fraud", Name: "Lừa đảo"}, {Code: "crypto", Name: "Tiền ảo"}, {Code: "forex", Name: "Ngoại hối"}}
	f := Build(window, &intel.PublicCounts{ByTactic: window.ByTactic}, tactics, testKey, now)

	byKey := func(rows []Row, k string) Row {
		for _, r := range rows {
			if r.Key == k {
				return r
			}
		}
		t.Fatalf("no row %q in %+v", k, rows)
		return Row{}
	}
	if r := byKey(f.Provinces, "Cao Bằng"); r.Reports != "< 5" || r.Verified != "< 5" || r.Bar != 5*BarMax/100 {
		t.Errorf("Cao Bằng = %+v, want masked", r)
	}
	// 100 is a multiple of 5: not moved by the rounding.
	if r := byKey(f.Provinces, "Thành phố Hà Nội"); r.Reports != "100" || r.Verified != "< 5" || r.Bar != BarMax {
		t.Errorf("Hà Nội = %+v", r)
	}
	if r := byKey(f.Provinces, "An Giang"); !r.NoData || r.Reports != "0" {
		t.Errorf("An Giang = %+v, want no data", r)
	}
	if len(f.Provinces) != 34 {
		t.Errorf("%d provinces", len(f.Provinces))
	}
	if r := byKey(f.Tactics, "forex"); !r.NoData || r.Label != "Ngoại hối" {
		t.Errorf("forex = %+v", r)
	}
	if len(f.TopThisMonth) != 1 || f.TopThisMonth[0].Label != "Lừa đảo" {
		t.Errorf("top this month = %+v (a kind with under 5 reports is not named)", f.TopThisMonth)
	}
	if len(f.Weeks) != 2 || f.Weeks[0].Reports != "0" || f.Weeks[1].Reports != "103" || f.Weeks[1].Label != "Tuần 47 (16/11–22/11/2026)" {
		t.Errorf("weeks = %+v", f.Weeks)
	}
	tiles := map[string]Tile{}
	for _, tl := range f.Map.Tiles {
		tiles[tl.Name] = tl
	}
	// 100 reports among 8 807 523 people: 1,14 per 100 000.
	if tl := tiles["Thành phố Hà Nội"]; tl.Class != "r4" || tl.Figure != "1,14" || tl.Link != "/canh-bao?dia-ban=Th%C3%A0nh+ph%E1%BB%91+H%C3%A0+N%E1%BB%99i" {
		t.Errorf("Hà Nội tile = %+v", tl)
	}
	if tl := tiles["Cao Bằng"]; tl.Class != "few" || tl.Figure != "< 5" || tl.Rate != "" {
		t.Errorf("Cao Bằng tile = %+v (no rate from under 5 reports)", tl)
	}
	if tl := tiles["An Giang"]; tl.Class != "none" {
		t.Errorf("An Giang tile = %+v", tl)
	}
	// Money is the whole country's, November's rounded to two digits.
	if f.Money != 9_000_000 || len(f.MoneyMonths) != 1 {
		t.Errorf("money = %d %v", f.Money, f.MoneyMonths)
	}
	// While November runs, its money is not shown: it would move with each
	// new report.
	f = Build(window, &intel.PublicCounts{}, tactics, testKey, time.Date(2026, 11, 20, 23, 0, 0, 0, vn.Zone))
	if f.Money != 0 || f.MoneyMonths != nil {
		t.Errorf("money of a running month = %d, want none", f.Money)
	}
}

// A month's count is rounded to a multiple of 5, the same way every time,
// up as often as its remainder says: over many groups the sums stay true.
func TestRound_MultiplesOfFiveStableAndTrueOnAverage(t *testing.T) {
	r := rounder{key: testKey}
	for n := 1; n <= 12; n++ {
		total := 0
		const groups = 4000
		for g := range groups {
			key := strconv.Itoa(g)
			v := r.round("reports", "2026-10", key, n)
			if v%Base != 0 || v < n-n%Base || v > n-n%Base+Base {
				t.Fatalf("round(%d) = %d", n, v)
			}
			if again := r.round("reports", "2026-10", key, n); again != v {
				t.Fatalf("round(%d) = %d, then %d", n, v, again)
			}
			total += v
		}
		if avg := float64(total) / groups; avg < float64(n)-0.25 || avg > float64(n)+0.25 {
			t.Errorf("round(%d) averages %.2f over %d groups", n, avg, groups)
		}
	}
	// Another key rounds otherwise: the database alone does not tell.
	other, same := rounder{key: []byte("another key")}, 0
	for g := range 1000 {
		if other.round("reports", "2026-10", strconv.Itoa(g), 3) == r.round("reports", "2026-10", strconv.Itoa(g), 3) {
			same++
		}
	}
	if same > 700 {
		t.Errorf("%d of 1000 rounded alike under two keys", same)
	}
}

// Two windows differ by whole months, each rounded: the window with one
// more report in a month of its own differs by 0 or 5, never by 1; and no
// group's money is shown, only the whole country's, rounded.
func TestBuild_OneReportInAMonthOfItsOwnCannotBeSubtracted(t *testing.T) {
	now := time.Date(2026, 12, 20, 9, 0, 0, 0, vn.Zone)
	oct := intel.PublicGroup{Key: "Lai Châu", Reports: 7, MoneyLost: 14_000_000}
	nov := intel.PublicGroup{Key: "Lai Châu", Reports: 1, MoneyLost: 123_456_789}
	one := &intel.PublicCounts{ByProvince: cells("2026-10", oct), Total: cells("2026-10", intel.PublicGroup{Reports: 7, MoneyLost: 14_000_000})}
	two := &intel.PublicCounts{ByProvince: append(cells("2026-10", oct), cells("2026-11", nov)...),
		Total: append(cells("2026-10", intel.PublicGroup{Reports: 7, MoneyLost: 14_000_000}), cells("2026-11", intel.PublicGroup{Reports: 1, MoneyLost: 123_456_789})...)}
	for k := range 50 {
		key := []byte(strconv.Itoa(k))
		fa, fb := Build(one, &intel.PublicCounts{}, nil, key, now), Build(two, &intel.PublicCounts{}, nil, key, now)
		a, b := fa.Provinces[0], fb.Provinces[0]
		if a.Key != "Lai Châu" || b.Key != "Lai Châu" {
			t.Fatalf("rows %+v %+v", a, b)
		}
		if d := b.n - a.n; d != 0 && d != 5 {
			t.Errorf("key %d: October %s, October and November %s", k, a.Reports, b.Reports)
		}
		if fb.Money-fa.Money != 120_000_000 {
			t.Errorf("key %d: November's money adds %d, want it rounded to 120.000.000", k, fb.Money-fa.Money)
		}
	}
}

func TestRoundMoney_TwoSignificantDigits(t *testing.T) {
	for in, want := range map[int64]int64{0: 0, 7: 7, 99: 99, 123: 120, 38_000_000: 38_000_000, 1_234_567: 1_200_000, 2_479_000_000: 2_500_000_000, 2_449_999_999: 2_400_000_000} {
		if got := RoundMoney(in); got != want {
			t.Errorf("RoundMoney(%d) = %d, want %d", in, got, want)
		}
	}
}

// Rows shown alike are ordered by key, never by a count the page does not
// show: which of two rows grew yesterday would otherwise tell.
func TestBuild_RowsShownAlikeOrderedByName(t *testing.T) {
	// A key under which Hà Nội's 16 reports of October read 15, like An
	// Giang's 15.
	var key []byte
	for k := 0; key == nil; k++ {
		if Round([]byte(strconv.Itoa(k)), "reports", "2026-10", "Thành phố Hà Nội", 16) == 15 {
			key = []byte(strconv.Itoa(k))
		}
	}
	pc := &intel.PublicCounts{ByProvince: cells("2026-10",
		intel.PublicGroup{Key: "Thành phố Hà Nội", Reports: 16}, intel.PublicGroup{Key: "An Giang", Reports: 15},
		intel.PublicGroup{Key: "Điện Biên", Reports: 4}, intel.PublicGroup{Key: "Cao Bằng", Reports: 1})}
	f := Build(pc, &intel.PublicCounts{}, nil, key, time.Date(2026, 12, 1, 9, 0, 0, 0, vn.Zone))
	var got []string
	for _, r := range f.Provinces[:4] {
		got = append(got, r.Key+" "+r.Reports+" "+r.Verified)
	}
	// Both read 15: by name, not Hà Nội's 16 first; the two under 5 alike,
	// "< 5" for the verified too, by name.
	if want := "[An Giang 15 < 5 Thành phố Hà Nội 15 < 5 Cao Bằng < 5 < 5 Điện Biên < 5 < 5]"; fmt.Sprint(got) != want {
		t.Errorf("order = %v\nwant %s", got, want)
	}
}
