// Package publicstats turns the counts the database makes of citizens'
// reports (intel.PublicCounts) into the public statistics people see on
// /thong-ke: rows with their numbers as words, bars, the tile map of the 34
// provinces coloured by reports per 100 000 people. It owns the rule that
// nothing shown can single out a reporter: a count under MinShown is written
// "< 5", the money of such a group is not shown, and no rate is computed
// from it. It owns no table and runs no SQL.
package publicstats

import (
	"net/url"
	"strconv"

	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// MinShown is the smallest count shown as it is.
const MinShown = 5

// NoData is what a province or tactic without reports shows.
const NoData = "chưa có số liệu"

// Masked is how a count under MinShown is written.
const Masked = "< 5"

// BarMax is the length of the longest bar of a chart, in the SVG's units.
const BarMax = 300

// Shown writes a count for the public: "0", "< 5" or "1.234".
func Shown(n int) string {
	switch {
	case n == 0:
		return "0"
	case n < MinShown:
		return Masked
	}
	return vn.FormatInt(int64(n))
}

// Row is one line of a chart and its table, already made safe to show.
type Row struct {
	Key      string // a tactic's code, a province's name, a week's code
	Label    string // in Vietnamese
	Reports  string // Shown
	Verified string // Shown, or NoData
	Money    string // "15.000.000 đ"; "" when hidden (under MinShown reports) or none
	NoData   bool   // nothing was reported
	Masked   bool   // fewer than MinShown reports
	Bar      int    // the reports' bar, 0..BarMax (a masked count draws as MinShown)
	Link     string // a province's warnings, "" otherwise
	n        int
}

// Figures is the whole public statistics page's data.
type Figures struct {
	Total        Row
	Weeks        []Row // every week of the window, oldest first
	Tactics      []Row // every tactic, most reported first, those without reports last
	Provinces    []Row // the 34, most reported first, those without reports last
	TopThisMonth []Row // the three most reported tactics of the month, none masked below MinShown
	Map          *Map
}

// Build makes the figures from the window's counts, the month's, and the
// tactics' names.
func Build(window, month *intel.PublicCounts, tactics []activity.Tactic) *Figures {
	f := &Figures{Total: row(window.Total, "Tổng cộng")}
	f.Weeks = weeks(window)
	f.Tactics = tacticRows(window.ByTactic, tactics)
	f.Provinces = provinceRows(window.ByProvince)
	for _, r := range tacticRows(month.ByTactic, tactics) {
		if len(f.TopThisMonth) == 3 || r.n < MinShown {
			break
		}
		f.TopThisMonth = append(f.TopThisMonth, r)
	}
	for _, rows := range [][]Row{f.Weeks, f.Tactics, f.Provinces} {
		scale(rows)
	}
	f.Map = MapOf(window)
	return f
}

func row(g intel.PublicGroup, label string) Row {
	r := Row{Key: g.Key, Label: label, Reports: Shown(g.Reports), Verified: Shown(g.Verified), n: g.Reports}
	switch {
	case g.Reports == 0:
		r.NoData = true
	case g.Reports < MinShown:
		r.Masked = true
		if g.Verified > 0 {
			r.Verified = Masked // never more exact than the reports it is part of
		}
	case g.MoneyLost > 0:
		r.Money = vn.FormatInt(g.MoneyLost) + " đ"
	default:
		r.Money = "0 đ"
	}
	return r
}

// weeks lists every week from WeekZero until the window ends.
func weeks(pc *intel.PublicCounts) []Row {
	by := map[string]intel.PublicGroup{}
	for _, g := range pc.ByWeek {
		by[g.Key] = g
	}
	var out []Row
	for i, start := 0, pc.WeekZero; start.Before(pc.To); i, start = i+1, start.AddDate(0, 0, 7) {
		g := by[strconv.Itoa(i)]
		code := vn.WeekCode(start)
		r := row(g, vn.PeriodName(code))
		r.Key, r.NoData = code, false // a week with no report has none: 0
		out = append(out, r)
	}
	return out
}

func tacticRows(groups []intel.PublicGroup, tactics []activity.Tactic) []Row {
	names := map[string]string{}
	for _, t := range tactics {
		names[t.Code] = t.Name
	}
	var out []Row
	seen := map[string]bool{}
	for _, g := range groups {
		label, ok := names[g.Key]
		switch {
		case g.Key == "":
			label = "Không ghi thủ đoạn"
		case !ok:
			label = g.Key
		}
		seen[g.Key] = true
		out = append(out, row(g, label))
	}
	for _, t := range tactics {
		if !seen[t.Code] {
			out = append(out, row(intel.PublicGroup{Key: t.Code}, t.Name))
		}
	}
	return out
}

func provinceRows(groups []intel.PublicGroup) []Row {
	var out []Row
	seen := map[string]bool{}
	var none *Row
	for _, g := range groups {
		if g.Key == "" {
			r := row(g, "Không ghi tỉnh, thành phố")
			none = &r
			continue
		}
		seen[g.Key] = true
		r := row(g, g.Key)
		r.Link = WarningsLink(g.Key)
		out = append(out, r)
	}
	for _, p := range Provinces {
		if !seen[p.Name] {
			r := row(intel.PublicGroup{Key: p.Name}, p.Name)
			r.Link = WarningsLink(p.Name)
			out = append(out, r)
		}
	}
	if none != nil {
		out = append(out, *none)
	}
	return out
}

// WarningsLink is the portal's list of warnings about a province.
func WarningsLink(province string) string {
	return "/canh-bao?dia-ban=" + url.QueryEscape(province)
}

// scale sets the bars' lengths of one chart.
func scale(rows []Row) {
	top := 0
	for _, r := range rows {
		top = max(top, drawn(r))
	}
	for i := range rows {
		if top > 0 {
			rows[i].Bar = drawn(rows[i]) * BarMax / top
		}
	}
}

// drawn is the count a bar is drawn for: a masked count as MinShown, so the
// bar tells no more than "< 5".
func drawn(r Row) int {
	if r.Masked {
		return MinShown
	}
	return r.n
}
