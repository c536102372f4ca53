package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/csvsafe"
	"github.com/canhgiac/canhgiac/internal/publicstats"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// The public statistics (/thong-ke): reports and verified scams by week,
// tactic and province over a window of at most two years, the month's most
// reported tactics and the tile map, each chart an SVG with its table and a
// CSV. The figures are the database's (intel.PublicCounts), made safe to
// show by publicstats; the page is cached for statsTTL.

const (
	statsTTL       = 15 * time.Minute
	statsMonths    = 3    // the default window: this month and the two before
	statsFirstYear = 2020 // no figures before (the product did not exist)
	statsMaxYears  = 2
)

// StatsPage is the public statistics page.
type StatsPage struct {
	Page
	Tu, Den string // the window as typed, kept when refused
	Problem string // why the window was refused
	F       *publicstats.Figures
	Map     *TileMapView
	Charts  []*StatsChart
	Period  string // "tháng 09/2026 – tháng 11/2026"
	Month   string // "Tháng 11/2026"
	Updated string // the last day counted (yesterday), "07/12/2026"
	Money   string // "khoảng 5,2 tỷ đồng": the whole country's, months over only
	// MoneyMonths names the months the money covers.
	MoneyMonths  string
	ProblemField string // "tu", "den" or "" (both): the field the problem is about
	Query        string // the window for the CSV links ("?tu=…&den=…")
	MaxYears     int
}

// StatsChart is one chart with its table and CSV.
type StatsChart struct {
	ID, Title, Head, CSV string
	Rows                 []publicstats.Row
	Height               int
	lang                 string
}

// T translates a text of the chart.
func (c *StatsChart) T(vi string) string { return translate(c.lang, vi) }

// H translates a column's head: "Tố giác" heads a column of counts here
// ("Reports"), where the portal's menu says it as a verb ("Report").
func (c *StatsChart) H(vi string) string {
	if e, ok := statsHeads[vi]; ok && c.lang == "en" {
		return e
	}
	return c.T(vi)
}

var statsHeads = map[string]string{"Tố giác": "Reports", "Đã xác minh lừa đảo": "Verified scams"}

// L says a row's label in the page's language (weeks' names are made, the
// others are looked up).
func (c *StatsChart) L(label string) string {
	if c.lang == "en" {
		if rest, ok := strings.CutPrefix(label, "Tuần "); ok {
			return "Week " + rest
		}
	}
	return translate(c.lang, label)
}

// Y is the top of row i in the chart's SVG.
func (c *StatsChart) Y(i int) int { return i * statsRowHeight }

const statsRowHeight = 42

// TileMapView is the data of the "tilemap" partial
// (templates/layout/tilemap.html): the map and the language it is said in.
type TileMapView struct {
	M      *publicstats.Map
	lang   string
	Period string // the months the map counts, in the page's language
}

// T translates a text of the map.
func (v *TileMapView) T(vi string) string { return translate(v.lang, vi) }

// Num writes a figure the map formatted the Vietnamese way ("1.234",
// "1,27") in the page's language: in English the separators swap.
func (v *TileMapView) Num(vi string) string { return numIn(v.lang, vi) }

// N writes a figure of the chart (a count, "< 5", a sum "1.234.000 đ") in
// the page's language.
func (c *StatsChart) N(vi string) string { return numIn(c.lang, vi) }

// LangOf is "vi" for a label that stays Vietnamese on an English page (a
// province's name), so that the page marks it; "" otherwise.
func (c *StatsChart) LangOf(label string) string {
	if c.lang == "en" && c.L(label) == label && strings.IndexFunc(label, func(r rune) bool { return r > 127 }) >= 0 {
		return "vi"
	}
	return ""
}

// N writes a figure of the page in its language.
func (p *StatsPage) N(vi string) string { return numIn(p.Lang, vi) }

func numIn(lang, vi string) string {
	if lang == "en" {
		if n, ok := strings.CutSuffix(vi, " đ"); ok {
			return "VND " + numIn(lang, n)
		}
	}
	if lang != "en" {
		return vi
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '.':
			return ','
		case ',':
			return '.'
		}
		return r
	}, vi)
}

// Fill is the colour of a class of the map; Ink the colour of the words
// written on it (dark on light squares, white on dark ones).
func (v *TileMapView) Fill(class string) string {
	switch class {
	case "r1":
		return "#dbe9f6"
	case "r2":
		return "#9ecae1"
	case "r3":
		return "#3a7dbf"
	case "r4":
		return "#0b3d91"
	case "few":
		return "#fde7cf"
	}
	return "#ffffff"
}

// Ink is the colour of the words on a square of class.
func (v *TileMapView) Ink(class string) string {
	if class == "r3" || class == "r4" {
		return "#ffffff"
	}
	return "#1a1f26"
}

// statsWindow is a window of whole calendar months in Vietnam, and the
// whole weeks that cover it for the weekly chart.
type statsWindow struct {
	from, to         time.Time // [from, to): the first of a month to the first of the month after the last
	weekZero, weekTo time.Time // [weekZero, weekTo): Mondays, never past this week
	tu, den          string    // the first and the last month, "2026-09"
}

// statsMonthRe reads a month as people write it: "9/2026", "09/2026",
// "tháng 9/2026", "2026-09".
var statsMonthRe = regexp.MustCompile(`^(?:thang\s*)?(\d{1,2})\s*[/.-]\s*(\d{4})$|^(\d{4})-(\d{1,2})$`)

// statsMonth reads a month (or a date, whose month it takes).
func statsMonth(s string) (time.Time, bool) {
	if m := statsMonthRe.FindStringSubmatch(vn.Fold(s)); m != nil {
		ms, ys := m[1], m[2]
		if ms == "" {
			ms, ys = m[4], m[3]
		}
		mo, _ := strconv.Atoi(ms)
		y, _ := strconv.Atoi(ys)
		if mo < 1 || mo > 12 {
			return time.Time{}, false
		}
		return time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, vn.Zone), true
	}
	if t, err := vn.ParseDate(s); err == nil {
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, vn.Zone), true
	}
	return time.Time{}, false
}

// statsProblem is why a window was refused: the field at fault ("tu",
// "den", or "" for both) and the reason in each language.
type statsProblem struct {
	field, vi, en string
}

// In is the reason in lang.
func (p *statsProblem) In(lang string) string {
	if lang == "en" {
		return p.en
	}
	return p.vi
}

// statsWindowOf reads ?tu= and ?den= as months (the three months up to this
// one when absent) and refuses, in words, what it cannot count. The
// figures are counted by whole months only, so that two windows never
// differ by a day's reports (publicstats explains why).
func (s *Server) statsWindowOf(q url.Values) (statsWindow, *statsProblem) {
	now := s.clock.Now().In(vn.Zone)
	end := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, vn.Zone)
	start := end.AddDate(0, -(statsMonths - 1), 0)
	endGiven := false
	if d := strings.TrimSpace(q.Get("den")); d != "" {
		t, ok := statsMonth(d)
		if !ok {
			return statsWindow{}, &statsProblem{"den", fmt.Sprintf("Tháng kết thúc “%s” không đọc được: ghi tháng/năm, ví dụ %s.", d, end.Format("01/2006")),
				fmt.Sprintf("The last month “%s” cannot be read: write month/year, for example %s.", d, end.Format("01/2006"))}
		}
		end, start, endGiven = t, t.AddDate(0, -(statsMonths-1), 0), true
	}
	if d := strings.TrimSpace(q.Get("tu")); d != "" {
		t, ok := statsMonth(d)
		if !ok {
			return statsWindow{}, &statsProblem{"tu", fmt.Sprintf("Tháng bắt đầu “%s” không đọc được: ghi tháng/năm, ví dụ %s.", d, start.Format("01/2006")),
				fmt.Sprintf("The first month “%s” cannot be read: write month/year, for example %s.", d, start.Format("01/2006"))}
		}
		start = t
	}
	thisMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, vn.Zone)
	switch {
	case start.Year() < statsFirstYear || end.Year() < statsFirstYear:
		return statsWindow{}, &statsProblem{"", fmt.Sprintf("Số liệu chỉ có từ năm %d: hãy chọn tháng từ 01/%d.", statsFirstYear, statsFirstYear),
			fmt.Sprintf("There are figures only from %d: choose months from 01/%d.", statsFirstYear, statsFirstYear)}
	case end.After(thisMonth) && !end.Before(start):
		return statsWindow{}, &statsProblem{"den", fmt.Sprintf("Tháng kết thúc (%s) sau tháng này (%s): chưa có số liệu của những tháng sau.", end.Format("01/2006"), thisMonth.Format("01/2006")),
			fmt.Sprintf("The last month (%s) is after this month (%s): there are no figures for months to come.", end.Format("01/2006"), thisMonth.Format("01/2006"))}
	case end.Before(start) && endGiven:
		return statsWindow{}, &statsProblem{"tu", fmt.Sprintf("Tháng bắt đầu (%s) sau tháng kết thúc (%s): tháng bắt đầu phải trước hoặc trùng tháng kết thúc.", start.Format("01/2006"), end.Format("01/2006")),
			fmt.Sprintf("The first month (%s) is after the last (%s): it must come before it or be the same.", start.Format("01/2006"), end.Format("01/2006"))}
	case end.Before(start):
		return statsWindow{}, &statsProblem{"tu", fmt.Sprintf("Tháng bắt đầu (%s) sau tháng này (%s), là tháng kết thúc khi không ghi “Đến tháng”: chưa có số liệu của tháng sau.", start.Format("01/2006"), end.Format("01/2006")),
			fmt.Sprintf("The first month (%s) is after this month (%s), which is the last month when none is given: there are no figures for months to come.", start.Format("01/2006"), end.Format("01/2006"))}
	case !end.Before(start.AddDate(statsMaxYears, 0, 0)):
		n := monthsBetween(start, end) + 1
		return statsWindow{}, &statsProblem{"", fmt.Sprintf("Mỗi lần chỉ xem được tối đa %d năm (%d tháng): từ tháng %s đến tháng %s là %d tháng. Hãy thu hẹp khoảng thời gian.",
			statsMaxYears, 12*statsMaxYears, start.Format("01/2006"), end.Format("01/2006"), n),
			fmt.Sprintf("At most %d years (%d months) can be shown at a time: %s to %s is %d months. Please choose a shorter period.",
				statsMaxYears, 12*statsMaxYears, start.Format("01/2006"), end.Format("01/2006"), n)}
	}
	w := statsWindow{from: start, to: end.AddDate(0, 1, 0), tu: start.Format("2006-01"), den: end.Format("2006-01")}
	today := vn.Midnight(now)
	w.weekZero = mondayOf(start)
	w.weekTo = mondayOf(w.to.AddDate(0, 0, -1)).AddDate(0, 0, 7)
	// Figures are counted up to the end of yesterday: the running month
	// and week move once a day, not with each report.
	if w.to.After(today) {
		w.to = today
		if w.to.Before(w.from) {
			w.to = w.from
		}
	}
	if w.weekTo.After(today) {
		w.weekTo = today
	}
	if w.weekTo.Before(w.weekZero) {
		w.weekTo = w.weekZero
	}
	return w, nil
}

func monthsBetween(a, b time.Time) int { return (b.Year()-a.Year())*12 + int(b.Month()-a.Month()) }

// mondayOf is the Monday of a day's week, at midnight in Vietnam.
func mondayOf(d time.Time) time.Time {
	d = d.In(vn.Zone)
	return time.Date(d.Year(), d.Month(), d.Day()-(int(d.Weekday())+6)%7, 0, 0, 0, 0, vn.Zone)
}

// statsFigures counts a window and this month.
func (s *Server) statsFigures(ctx context.Context, w statsWindow) (*publicstats.Figures, error) {
	window, err := s.intel.PublicCounts(ctx, w.from, w.to, w.weekZero, w.weekTo)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	today := vn.Midnight(now)
	y, m, _ := now.In(vn.Zone).Date()
	monthStart := time.Date(y, m, 1, 0, 0, 0, 0, vn.Zone)
	month, err := s.intel.PublicCounts(ctx, monthStart, today, monthStart, monthStart)
	if err != nil {
		return nil, err
	}
	tactics, err := s.activity.Tactics(ctx)
	if err != nil {
		return nil, err
	}
	return publicstats.Build(window, month, tactics, s.intel.PublicStatsKey(), now), nil
}

// statsPeriod names a window's months in lang: "tháng 09/2026 – tháng
// 11/2026", "September 2026 – November 2026".
func statsPeriod(lang string, w statsWindow) string {
	name := func(month string) string {
		t, _ := time.ParseInLocation("2006-01", month, vn.Zone)
		if lang == "en" {
			return t.Format("January 2006")
		}
		return "tháng " + t.Format("01/2006")
	}
	if w.tu == w.den {
		return name(w.tu)
	}
	return name(w.tu) + " – " + name(w.den)
}

func (s *Server) publicStats(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	lang := state(r).lang
	p := &StatsPage{Page: Page{Title: "Thống kê lừa đảo", Public: true, Nav: "stats"}, Tu: q.Get("tu"), Den: q.Get("den"), MaxYears: statsMaxYears}
	win, problem := s.statsWindowOf(q)
	if problem != nil {
		p.Problem, p.ProblemField = problem.In(lang), problem.field
		return s.render(w, r, http.StatusBadRequest, "stats", p)
	}
	f, err := s.statsFigures(r.Context(), win)
	if err != nil {
		return err
	}
	p.F, p.Map = f, &TileMapView{M: f.Map, lang: lang, Period: statsPeriod(lang, win)}
	if p.Tu == "" && p.Den == "" {
		p.Tu, p.Den = win.tu[5:]+"/"+win.tu[:4], win.den[5:]+"/"+win.den[:4] // as people write months; statsMonth reads them back
	} else {
		p.Query = "?" + url.Values{"tu": {win.tu}, "den": {win.den}}.Encode()
	}
	p.Period = statsPeriod(lang, win)
	now := s.clock.Now()
	p.Month = vn.PeriodName(fmt.Sprintf("%d-M%02d", now.In(vn.Zone).Year(), now.In(vn.Zone).Month()))
	if lang == "en" {
		p.Month = now.In(vn.Zone).Format("January 2006")
	}
	p.Updated = vn.ShowDate(vn.ISODate(vn.Midnight(now).AddDate(0, 0, -1)))
	if f.Money > 0 {
		p.Money = moneyWords(lang, f.Money)
		for i, m := range f.MoneyMonths {
			if i > 0 {
				p.MoneyMonths += ", "
			}
			p.MoneyMonths += statsPeriod(lang, statsWindow{tu: m, den: m})
		}
	}
	for _, c := range []*StatsChart{
		{ID: "tuan", Title: "Tố giác theo tuần", Head: "Tuần", CSV: "/thong-ke/tuan.csv", Rows: f.Weeks},
		{ID: "thu-doan", Title: "Tố giác theo thủ đoạn", Head: "Thủ đoạn", CSV: "/thong-ke/thu-doan.csv", Rows: f.Tactics},
		{ID: "tinh", Title: "Tố giác theo tỉnh, thành phố", Head: "Tỉnh, thành phố", CSV: "/thong-ke/tinh.csv", Rows: f.Provinces},
	} {
		c.lang, c.Height, c.CSV = lang, len(c.Rows)*statsRowHeight+4, c.CSV+p.Query
		p.Charts = append(p.Charts, c)
	}
	p.OG = &OpenGraph{Title: "Thống kê lừa đảo · Cảnh Giác", Description: "Số tố giác và vụ lừa đảo đã xác minh theo tuần, thủ đoạn và tỉnh, thành phố.", URL: s.baseURL(r) + "/thong-ke", Type: "website"}
	return s.render(w, r, http.StatusOK, "stats", p)
}

// statsCSV writes one chart's table as CSV, cell for cell as the page shows it.
func (s *Server) statsCSV(which string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		win, problem := s.statsWindowOf(r.URL.Query())
		if problem != nil {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusBadRequest)
			_, err := io.WriteString(w, problem.In(state(r).lang)+"\n")
			return err
		}
		f, err := s.statsFigures(r.Context(), win)
		if err != nil {
			return err
		}
		head, rows := "Tuần", f.Weeks
		switch which {
		case "thu-doan":
			head, rows = "Thủ đoạn", f.Tactics
		case "tinh":
			head, rows = "Tỉnh, thành phố", f.Provinces
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="thong-ke-%s-%s-%s.csv"`, which, win.tu, win.den))
		io.WriteString(w, "\ufeff") // so that spreadsheets read the file as UTF-8
		cw := csvsafe.NewWriter(w)
		// In the reader's language, cell for cell as the page shows them.
		c := &StatsChart{lang: state(r).lang}
		records := [][]string{{c.H(head), c.H("Tố giác"), c.H("Đã xác minh lừa đảo")}}
		for _, r := range rows {
			cells := StatsCells(r)
			cells[0] = c.L(cells[0])
			for i := 1; i < len(cells); i++ {
				cells[i] = c.N(c.T(cells[i]))
			}
			records = append(records, cells)
		}
		return cw.WriteAll(records)
	}
}

// StatsCells are a row's cells as the page's table and the CSV show them.
func StatsCells(r publicstats.Row) []string {
	if r.NoData {
		return []string{r.Label, publicstats.NoData, publicstats.NoData}
	}
	return []string{r.Label, r.Reports, r.Verified}
}

// Cells are StatsCells for the template.
func (c *StatsChart) Cells(r publicstats.Row) []string { return StatsCells(r) }

// TileMap is the tile map of the default window's reports (the three
// months up to this one) in lang ("vi" or "en"), for the home page: give
// HomePage a `Map *TileMapView` field, fill it with s.TileMap(ctx,
// state(r).lang) and write {{template "tilemap" .Map}}.
func (s *Server) TileMap(ctx context.Context, lang string) (*TileMapView, error) {
	win, _ := s.statsWindowOf(url.Values{})
	f, err := s.statsFigures(ctx, win)
	if err != nil {
		return nil, err
	}
	return &TileMapView{M: f.Map, lang: lang, Period: statsPeriod(lang, win)}, nil
}

// moneyWords writes a sum of money rounded to two significant digits the
// way people say it: "khoảng 5,2 tỷ đồng", "khoảng 640 triệu đồng";
// "about VND 5.2 billion" in English.
func moneyWords(lang string, n int64) string {
	num, unit, unitEN := float64(n), "đồng", ""
	switch {
	case n >= 1_000_000_000:
		num, unit, unitEN = num/1e9, "tỷ đồng", " billion"
	case n >= 1_000_000:
		num, unit, unitEN = num/1e6, "triệu đồng", " million"
	}
	x := strconv.FormatFloat(num, 'f', -1, 64)
	if lang == "en" {
		return "about VND " + x + unitEN
	}
	if unit == "đồng" {
		return "khoảng " + vn.FormatInt(n) + " đồng"
	}
	return "khoảng " + strings.Replace(x, ".", ",", 1) + " " + unit
}
