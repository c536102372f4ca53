// Package publicstats turns the counts the database makes of citizens'
// reports (intel.PublicCounts) into the public statistics people see on
// /thong-ke: rows with their numbers as words, bars, the tile map of the 34
// provinces coloured by reports per 100 000 people. It owns the rules that
// keep a reporter from being singled out:
//
//   - A count under MinShown is written "< 5", the money of such a group is
//     not shown, and no rate is computed from it.
//   - Tactics and provinces are counted by calendar month: a window is whole
//     months, so two windows differ by whole months, never by a day.
//   - Each month's count of a group is rounded at random to a multiple of
//     Base (up with the probability of the remainder, so sums stay true on
//     average), the draw keyed by the group, the month, the count and a
//     secret: a figure is always rounded the same way, and the difference of
//     two windows is a sum of rounded months, never one person's report.
//   - Money is shown only for the whole country, month by month for the
//     months that are over, each month rounded to two significant digits
//     ("khoảng 2,5 tỷ đồng"): never by tactic, province or week, where one
//     view could be subtracted from another, or a group topped up with
//     reports of no money to read the rest.
//
// The weeks' chart is the whole country's, counted exactly (a count under
// MinShown still reads "< 5"). The caller counts up to the end of
// yesterday, so the running month and week move once a day, not with each
// report. It owns no table and runs no SQL.
package publicstats

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// MinShown is the smallest count shown as it is.
const MinShown = 5

// Base is what the months' counts of tactics and provinces are rounded to.
const Base = 5

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
	NoData   bool   // nothing was reported
	Masked   bool   // fewer than MinShown reports
	Bar      int    // the reports' bar, 0..BarMax (a masked count draws as MinShown)
	Link     string // a province's warnings, "" otherwise
	n        int    // the figure shown (rounded for months' sums)
}

// Figures is the whole public statistics page's data.
type Figures struct {
	Total        Row
	Money        int64    // the money reported in the window's months that are over, each rounded (RoundMoney), added; 0 for none
	MoneyMonths  []string // those months, "2026-10"
	Weeks        []Row    // every week of the window, oldest first
	Tactics      []Row    // every tactic, most reported first, those without reports last
	Provinces    []Row    // the 34, most reported first, those without reports last
	TopThisMonth []Row    // the three most reported tactics of the month, none masked below MinShown
	Map          *Map
}

// Build makes the figures from the window's counts and the month's, the
// tactics' names, the rounding key (intel.Service.PublicStatsKey) and the
// time now (months and weeks not yet over add no money).
func Build(window, month *intel.PublicCounts, tactics []activity.Tactic, key []byte, now time.Time) *Figures {
	r := rounder{key: key, now: now}
	f := &Figures{}
	if t := r.sums(window.Total)[""]; t != nil {
		f.Total = t.row("Tổng cộng")
	} else {
		f.Total = (&sum{}).row("Tổng cộng")
	}
	for _, c := range window.Total {
		if r.over(c.Month) && c.MoneyLost > 0 {
			f.Money += RoundMoney(c.MoneyLost)
			f.MoneyMonths = append(f.MoneyMonths, c.Month)
		}
	}
	f.Weeks = weeks(window)
	f.Tactics = tacticRows(r.sums(window.ByTactic), tactics)
	f.Provinces = provinceRows(r.sums(window.ByProvince))
	for _, row := range tacticRows(r.sums(month.ByTactic), tactics) {
		if len(f.TopThisMonth) == 3 || row.Masked || row.NoData {
			break
		}
		f.TopThisMonth = append(f.TopThisMonth, row)
	}
	for _, rows := range [][]Row{f.Weeks, f.Tactics, f.Provinces} {
		scale(rows)
	}
	f.Map = MapOf(f.Provinces)
	return f
}

// Counted is one group's figures of one period (a month, the home page's
// seven days), rounded and masked as Build's rows are.
func Counted(key []byte, period, group string, reports, verified int) Row {
	cell := intel.PublicCell{Month: period, PublicGroup: intel.PublicGroup{Key: group, Reports: reports, Verified: verified}}
	return rounder{key: key}.sums([]intel.PublicCell{cell})[group].row(group)
}

// Figure is the count a row is ordered and drawn by: the rounded figure
// shown, MinShown for "< 5".
func (r Row) Figure() int { return r.n }

// rounder rounds the months' counts (see the package's comment).
type rounder struct {
	key []byte
	now time.Time
}

func (r rounder) round(what, month, group string, n int) int {
	return Round(r.key, what, month, group, n)
}

// Round rounds n, a count of what (reports, verified) of group in period,
// to a multiple of Base: up with the probability of the remainder over
// Base, by a draw that depends on the secret key and on nothing but its
// arguments, so the same figure is always rounded the same way.
func Round(key []byte, what, period, group string, n int) int {
	rem := n % Base
	if n <= 0 || rem == 0 {
		return max(n, 0)
	}
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "%s\x00%s\x00%s\x00%d", what, period, group, n)
	if binary.BigEndian.Uint64(m.Sum(nil))%Base < uint64(rem) {
		return n - rem + Base
	}
	return n - rem
}

// RoundMoney rounds a sum of money to two significant digits, half up:
// 2.479.000.000 to 2.500.000.000, 38.000.000 to 38.000.000, 1.234.567 to
// 1.200.000.
func RoundMoney(n int64) int64 {
	if n <= 0 {
		return 0
	}
	unit := int64(1)
	for n/unit >= 100 {
		unit *= 10
	}
	return (n + unit/2) / unit * unit
}

// sum is a group's figures over the window's months.
type sum struct {
	key                 string
	reports, verified   int // as counted, to decide what is masked
	rReports, rVerified int // the months' rounded counts, added
}

// sums adds up each group's months.
func (r rounder) sums(cells []intel.PublicCell) map[string]*sum {
	out := map[string]*sum{}
	for _, c := range cells {
		s := out[c.Key]
		if s == nil {
			s = &sum{key: c.Key}
			out[c.Key] = s
		}
		rr := r.round("reports", c.Month, c.Key, c.Reports)
		s.reports += c.Reports
		s.verified += c.Verified
		s.rReports += rr
		s.rVerified += min(r.round("verified", c.Month, c.Key, c.Verified), rr)
	}
	return out
}

// over says whether a month ("2026-11") is over in Vietnam.
func (r rounder) over(month string) bool {
	start, err := time.ParseInLocation("2006-01", month, vn.Zone)
	return err == nil && !start.AddDate(0, 1, 0).After(r.now)
}

// row is a group's line: nothing reported says so; under MinShown reports,
// or a sum of months each rounded down to none, "< 5"; otherwise the
// rounded figures, the verified never more than the reports.
func (s *sum) row(label string) Row {
	row := Row{Key: s.key, Label: label, Reports: Shown(s.reports), Verified: Shown(s.verified)}
	switch {
	case s.reports == 0:
		row.NoData = true
	case s.reports < MinShown || s.rReports < MinShown:
		// Ordered and drawn as "< 5", whatever it is; the verified "< 5"
		// too, even none: an exact 0 would show when one is verified.
		row.Masked, row.n, row.Reports, row.Verified = true, MinShown, Masked, Masked
	default:
		row.n = s.rReports
		row.Reports = vn.FormatInt(int64(row.n))
		if v := min(s.rVerified, row.n); s.verified < MinShown || v < MinShown {
			row.Verified = Masked // 0 to 4: an analyst's first decisions do not show one by one
		} else {
			row.Verified = vn.FormatInt(int64(v))
		}
	}
	return row
}

// weeks lists every week from WeekZero until WeekTo, the whole country's
// reports counted exactly (a count under MinShown masked).
func weeks(pc *intel.PublicCounts) []Row {
	by := map[string]intel.PublicGroup{}
	for _, g := range pc.ByWeek {
		by[g.Key] = g
	}
	var out []Row
	for i, start := 0, pc.WeekZero; start.Before(pc.WeekTo); i, start = i+1, start.AddDate(0, 0, 7) {
		g := by[strconv.Itoa(i)]
		code := vn.WeekCode(start)
		r := Row{Key: code, Label: vn.PeriodName(code), Reports: Shown(g.Reports), Verified: Shown(g.Verified), n: g.Reports}
		switch {
		case g.Reports > 0 && g.Reports < MinShown:
			r.Masked, r.Verified = true, Masked
		case g.Reports > 0 && g.Verified < MinShown:
			r.Verified = Masked // 0 to 4 alike: one decision does not show
		}
		out = append(out, r)
	}
	return out
}

// ordered lists sums most reported first (as shown), then by key.
func ordered(sums map[string]*sum) []*sum {
	var out []*sum
	for _, s := range sums {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b *sum) int {
		// By the figure shown, then by key: never by a count the page
		// does not show (which of two rows alike grew yesterday).
		if d := b.row("").n - a.row("").n; d != 0 {
			return d
		}
		if a.key < b.key {
			return -1
		}
		if a.key > b.key {
			return 1
		}
		return 0
	})
	return out
}

// tacticRows are the tactics of the list, most reported first; reports
// naming no tactic, or one no longer in the list, are one row of their own.
func tacticRows(sums map[string]*sum, tactics []activity.Tactic) []Row {
	names := map[string]string{}
	for _, t := range tactics {
		names[t.Code] = t.Name
	}
	other := &sum{}
	known := map[string]*sum{}
	for k, s := range sums {
		if _, ok := names[k]; ok {
			known[k] = s
			continue
		}
		other.reports += s.reports
		other.verified += s.verified
		other.rReports += s.rReports
		other.rVerified += s.rVerified
	}
	var out []Row
	for _, s := range ordered(known) {
		out = append(out, s.row(names[s.key]))
	}
	for _, t := range tactics {
		if known[t.Code] == nil {
			out = append(out, (&sum{key: t.Code}).row(t.Name))
		}
	}
	if other.reports > 0 {
		out = append(out, other.row("Không ghi thủ đoạn"))
	}
	return out
}

func provinceRows(sums map[string]*sum) []Row {
	var out []Row
	seen := map[string]bool{}
	for _, s := range ordered(sums) {
		if s.key == "" {
			continue
		}
		seen[s.key] = true
		r := s.row(s.key)
		r.Link = WarningsLink(s.key)
		out = append(out, r)
	}
	for _, p := range Provinces {
		if !seen[p.Name] {
			r := (&sum{key: p.Name}).row(p.Name)
			r.Link = WarningsLink(p.Name)
			out = append(out, r)
		}
	}
	if none := sums[""]; none != nil {
		out = append(out, none.row("Không ghi tỉnh, thành phố"))
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
