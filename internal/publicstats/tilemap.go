package publicstats

import (
	"strings"

	"github.com/canhgiac/canhgiac/internal/vn"
)

// TileSize is a square's side in the map's SVG units, gaps included.
const TileSize = 64

// Map is the tile map: one square per province, coloured by its class,
// each also showing its figure in words so colour is never the only sign.
type Map struct {
	Tiles         []Tile
	Legend        []Bin
	Width, Height int
}

// Tile is one province's square.
type Tile struct {
	Name   string
	Abbr   string
	X, Y   int    // the square's top left corner
	Class  string // "none", "few", "r1" … "r4"
	Figure string // reports per 100 000 people ("1,23"), "< 5" or "—"
	Rate   string // the rate alone, "" when not computed
	Count  string // the reports, Shown
	Link   string
}

// Bin is one entry of the legend: a class and, for the rates, its range.
type Bin struct {
	Class  string
	Lo, Hi string // "0,01" … "1,23"; both "" for "none" and "few"
}

// Rates are put in four classes of equal width up to the highest rate.
const rateClasses = 4

// MapOf draws the map of the provinces' rows (Build's, already rounded
// and masked): a rate only for a province with a figure shown.
func MapOf(provinces []Row) *Map {
	by := map[string]Row{}
	for _, r := range provinces {
		by[r.Key] = r
	}
	top := 0.0
	rates := map[string]float64{}
	for _, p := range Provinces {
		if r := by[p.Name]; !r.Masked && !r.NoData && r.n >= MinShown && p.Population > 0 {
			rates[p.Name] = float64(r.n) * 100_000 / float64(p.Population)
			top = max(top, rates[p.Name])
		}
	}
	m := &Map{Width: GridCols * TileSize, Height: GridRows * TileSize}
	for _, p := range Provinces {
		r := by[p.Name]
		t := Tile{Name: p.Name, Abbr: p.Abbr, X: p.Col * TileSize, Y: p.Row * TileSize, Count: r.Reports, Link: WarningsLink(p.Name)}
		if t.Count == "" {
			t.Count = "0"
		}
		switch rate, ok := rates[p.Name]; {
		case ok:
			k := 1
			if top > 0 {
				k = min(rateClasses, int(rate*rateClasses/top)+1)
			}
			t.Class, t.Rate = "r"+string(rune('0'+k)), Decimal(rate)
			t.Figure = t.Rate
		case r.Masked:
			t.Class, t.Figure = "few", Masked
		default:
			t.Class, t.Figure = "none", "—"
		}
		m.Tiles = append(m.Tiles, t)
	}
	if top > 0 {
		for k := 1; k <= rateClasses; k++ {
			lo, hi := top*float64(k-1)/rateClasses, top*float64(k)/rateClasses
			m.Legend = append(m.Legend, Bin{Class: "r" + string(rune('0'+k)), Lo: Decimal(lo), Hi: Decimal(hi)})
		}
	}
	m.Legend = append(m.Legend, Bin{Class: "few"}, Bin{Class: "none"})
	return m
}

// Decimal writes x with two decimals and a decimal comma: "1,23".
func Decimal(x float64) string {
	return strings.TrimSuffix(vn.FormatPercent(x, 2), " %")
}
