package publicstats

import (
	"slices"
	"testing"

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

func TestBuild_SmallCountsMaskedEmptyOnesSayNoData(t *testing.T) {
	zero, _ := vn.DayStart("2026-11-09")
	window := &intel.PublicCounts{From: zero, To: zero.AddDate(0, 0, 14), WeekZero: zero,
		Total:    intel.PublicGroup{Reports: 103, Verified: 12, MoneyLost: 9_000_000},
		ByTactic: []intel.PublicGroup{{Key: "fraud", Reports: 100, Verified: 10, MoneyLost: 9_000_000}, {Key: "crypto", Reports: 3, Verified: 2, MoneyLost: 500_000}},
		ByProvince: []intel.PublicGroup{{Key: "Thành phố Hà Nội", Reports: 100, Verified: 3, MoneyLost: 9_000_000},
			{Key: "Cao Bằng", Reports: 3, Verified: 1, MoneyLost: 500_000}},
		ByWeek: []intel.PublicGroup{{Key: "1", Reports: 103, Verified: 12, MoneyLost: 9_000_000}},
	}
	tactics := []activity.Tactic{{Code: "fraud", Name: "Lừa đảo"}, {Code: "crypto", Name: "Tiền ảo"}, {Code: "forex", Name: "Ngoại hối"}}
	f := Build(window, &intel.PublicCounts{ByTactic: window.ByTactic}, tactics)

	byKey := func(rows []Row, k string) Row {
		for _, r := range rows {
			if r.Key == k {
				return r
			}
		}
		t.Fatalf("no row %q in %+v", k, rows)
		return Row{}
	}
	if r := byKey(f.Provinces, "Cao Bằng"); r.Reports != "< 5" || r.Verified != "< 5" || r.Money != "" || r.Bar != 5*BarMax/100 {
		t.Errorf("Cao Bằng = %+v, want masked", r)
	}
	if r := byKey(f.Provinces, "Thành phố Hà Nội"); r.Reports != "100" || r.Verified != "< 5" || r.Money != "9.000.000 đ" || r.Bar != BarMax {
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
}
