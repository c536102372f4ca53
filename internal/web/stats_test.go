package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/publicstats"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// statsEnv is the demo with three reports from Điện Biên filed yesterday
// (too few to show) and none from Lai Châu.
func statsEnv(t *testing.T, dbURL string) *testutil.Env {
	t.Helper()
	e := testutil.Start(t, dbURL)
	for i := range 3 {
		if _, err := e.App.Intel.WithClock(clock.NewFixed(testutil.Now.AddDate(0, 0, -1))).Submit(context.Background(), intel.TipInput{Indicators: []string{fmt.Sprintf("0389 222 %03d", i)}, Tactic: "weapons",
			Province: "Điện Biên", MoneyLost: "7.000.000", IP: fmt.Sprintf("10.9.0.%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// tableRows reads the rows of the table of the chart whose section id is
// id: the label and the two cells (reports, verified) as a person reads
// them.
func tableRows(t *testing.T, body, id string) [][]string {
	t.Helper()
	start := strings.Index(body, `aria-labelledby="`+id+`-h"`)
	if start < 0 {
		t.Fatalf("no chart %s in the page", id)
	}
	sec := body[start:]
	sec = sec[:strings.Index(sec, "</section>")]
	re := regexp.MustCompile(`<tr><th scope="row">(?:<a href="[^"]*">)?([^<]+)(?:</a>)?</th>\s*(?:<td colspan="2">([^<]+)</td>|<td class="num">([^<]*)</td><td class="num">([^<]*)</td>)</tr>`)
	var out [][]string
	for _, m := range re.FindAllStringSubmatch(sec, -1) {
		if m[2] != "" {
			out = append(out, []string{html.UnescapeString(m[1]), m[2], m[2]})
			continue
		}
		out = append(out, []string{html.UnescapeString(m[1]), html.UnescapeString(m[3]), html.UnescapeString(m[4])})
	}
	return out
}

func testStatsPage(t *testing.T, dbURL string) {
	e := statsEnv(t, dbURL)
	anon := e.NewClient(t)
	resp := anon.Get("/thong-ke")
	if resp.Status != http.StatusOK {
		t.Fatalf("GET /thong-ke = %d\n%s", resp.Status, resp.Body)
	}
	rows := tableRows(t, resp.Body, "tinh")
	byName := map[string][]string{}
	for _, r := range rows {
		byName[r[0]] = r
	}
	if len(byName) != 34 {
		t.Errorf("%d provinces in the table, want the 34: %v", len(byName), rows)
	}

	// The demo's figures, as the database counts them by month up to the
	// end of yesterday (21/11), in the page: each month of a province
	// rounded to a multiple of 5, so the sum is a multiple of 5 less than 5
	// a month away from the count. The money is the whole country's, each
	// month over (September, October) rounded to two significant digits.
	from := time.Date(2026, 9, 1, 0, 0, 0, 0, vn.Zone)
	pc, err := e.App.Intel.PublicCounts(context.Background(), from, time.Date(2026, 11, 22, 0, 0, 0, 0, vn.Zone), from, from)
	if err != nil {
		t.Fatal(err)
	}
	type sums struct{ reports, months int }
	db := map[string]*sums{}
	for _, c := range pc.ByProvince {
		g := db[c.Key]
		if g == nil {
			g = &sums{}
			db[c.Key] = g
		}
		g.reports += c.Reports
		g.months++
	}
	shown := 0
	for name, g := range db {
		if g.reports < 5 || name == "" {
			continue
		}
		shown++
		got := byName[name]
		if got[1] == "< 5" { // months each rounded down to none
			continue
		}
		n, err := strconv.Atoi(strings.ReplaceAll(got[1], ".", ""))
		if err != nil || n%5 != 0 || n < 5 || n <= g.reports-5*g.months || n >= g.reports+5*g.months {
			t.Errorf("%s: the page shows %q reports, the database counts %d over %d months", name, got[1], g.reports, g.months)
		}
	}
	if shown < 5 {
		t.Errorf("only %d provinces of the demo have 5 reports or more: %+v", shown, pc.ByProvince)
	}
	var money int64
	for _, c := range pc.Total {
		if c.Month != "2026-11" {
			money += publicstats.RoundMoney(c.MoneyLost)
		}
	}
	wantMoney := "Người tố giác cho biết đã mất <strong>khoảng " + strings.Replace(strconv.FormatFloat(float64(money)/1e9, 'f', -1, 64), ".", ",", 1) + " tỷ đồng</strong> trong các tháng đã kết thúc (tháng 09/2026, tháng 10/2026)."
	if !strings.Contains(resp.Body, wantMoney) {
		i := strings.Index(resp.Body, "cho biết đã mất")
		t.Errorf("the money: want %q, the page: %.300s", wantMoney, resp.Body[max(0, i-100):])
	}
	if strings.Count(resp.Body, " đ<") > 0 || strings.Contains(resp.Body, "Số tiền bị mất") {
		t.Error("money by week, tactic or province on the page")
	}
	// The demo's reports were received over the past twelve weeks: the
	// weekly chart has something to show in (nearly) every week.
	weeks := tableRows(t, resp.Body, "tuan")
	busy := 0
	for _, w := range weeks {
		if w[1] != "chưa có số liệu" && w[1] != "< 5" && w[1] != "0" {
			busy++
		}
	}
	// September to November, whole weeks: from Monday 31/08 to Sunday
	// 22/11 (today's week; none after it).
	if len(weeks) != 12 || busy < 10 || !strings.HasPrefix(weeks[0][0], "Tuần 36 (31/08–06/09/2026)") || !strings.HasPrefix(weeks[11][0], "Tuần 47 (16/11–22/11/2026)") {
		t.Errorf("weekly chart: %d weeks, %d with 5 reports or more, want 12 (31/08 to 22/11) and at least 10: %q", len(weeks), busy, weeks)
	}
	// Three reports are "< 5"; Lai Châu has none.
	if got := byName["Điện Biên"]; strings.Join(got, "|") != "Điện Biên|< 5|< 5" {
		t.Errorf("Điện Biên = %q, want masked", got)
	}
	if got := byName["Lai Châu"]; strings.Join(got, "|") != "Lai Châu|chưa có số liệu|chưa có số liệu" {
		t.Errorf("Lai Châu = %q, want no data", got)
	}
	for _, r := range tableRows(t, resp.Body, "thu-doan") {
		if r[0] == "Mua bán vũ khí, công cụ hỗ trợ, vật liệu nổ" && strings.Join(r[1:], "|") != "< 5|< 5" {
			t.Errorf("weapons (3 reports) = %q", r)
		}
		if r[0] == "Truyền bá, phát tán ấn phẩm đồi trụy, khiêu dâm" && r[1] != "chưa có số liệu" {
			t.Errorf("pornography (no report) = %q", r)
		}
	}
	// The map: Điện Biên's square says "< 5" and links to its warnings.
	if !strings.Contains(resp.Body, `<a href="/canh-bao?dia-ban=%C4%90i%E1%BB%87n&#43;Bi%C3%AAn"><title lang="vi">Điện Biên</title><desc>tố giác &lt; 5</desc>`) {
		i := strings.Index(resp.Body, "Điện Biên<")
		t.Errorf("Điện Biên's square: %s", resp.Body[max(0, i-120):min(len(resp.Body), i+300)])
	}
	// Accessible charts: each SVG is an image named by its title.
	if !strings.Contains(resp.Body, `role="group" aria-labelledby="tilemap-title" aria-describedby="tilemap-desc"`) {
		t.Error("the map is not a named group of links")
	}
	for _, id := range []string{"tuan", "thu-doan", "tinh"} {
		if !strings.Contains(resp.Body, `role="img" aria-labelledby="`+id+`-title `+id+`-desc"`) || !strings.Contains(resp.Body, `<title id="`+id+`-title">`) {
			t.Errorf("chart %s is not an accessible SVG", id)
		}
	}

	// Each CSV holds the table's cells.
	for _, id := range []string{"tuan", "thu-doan", "tinh"} {
		c := anon.Get("/thong-ke/" + id + ".csv")
		if c.Status != http.StatusOK || !strings.HasPrefix(c.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("%s.csv = %d %s", id, c.Status, c.Header.Get("Content-Type"))
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(c.Body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		table := tableRows(t, resp.Body, id)
		if len(recs) != len(table)+1 {
			t.Fatalf("%s.csv: %d rows, the table %d", id, len(recs)-1, len(table))
		}
		for i, r := range table {
			if strings.Join(recs[i+1], "|") != strings.Join(r, "|") {
				t.Errorf("%s.csv row %d = %q, the table %q", id, i+1, recs[i+1], r)
			}
		}
	}
}

func TestStatsPage_FiguresFromTheDatabaseSmallCountsMaskedCSVAsTheTable(t *testing.T) {
	testStatsPage(t, "")
}

func TestStatsPage_OnPostgreSQL(t *testing.T) {
	testStatsPage(t, storetest.PostgresURL(t))
}

func TestStatsPage_RangeOverTwoYearsRefusedFormKept(t *testing.T) {
	e := testutil.Start(t, "")
	anon := e.NewClient(t)
	resp := anon.Get("/thong-ke?tu=2023-01-01&den=2026-01-01")
	if resp.Status != http.StatusBadRequest {
		t.Fatalf("status %d, want 400", resp.Status)
	}
	for _, want := range []string{"Mỗi lần chỉ xem được tối đa 2 năm (24 tháng)", "từ tháng 01/2023 đến tháng 01/2026 là 37 tháng", `value="2023-01-01"`, `value="2026-01-01"`} {
		if !strings.Contains(resp.Body, want) {
			t.Errorf("the refusal lacks %q", want)
		}
	}
	if c := anon.Get("/thong-ke/tinh.csv?tu=2023-01-01&den=2026-01-01"); c.Status != http.StatusBadRequest || !strings.Contains(c.Body, "tối đa 2 năm") {
		t.Errorf("CSV over two years = %d %q", c.Status, c.Body)
	}
	// The default window (this month and the two before) is written the
	// way people write months, and reads back as the same window.
	def := anon.Get("/thong-ke")
	m := regexp.MustCompile(`(?s)id="tu" name="tu" value="(\d{2}/\d{4})".*?id="den" name="den" value="(\d{2}/\d{4})"`).FindStringSubmatch(def.Body)
	if m == nil || m[1] != "09/2026" || m[2] != "11/2026" {
		t.Fatalf("the default window is not shown as mm/yyyy, September to November: %q %.2000s", m, def.Body)
	}
	if again := anon.Get("/thong-ke?tu=" + m[1] + "&den=" + m[2]); again.Status != http.StatusOK || !strings.Contains(again.Body, "Trong khoảng tháng 09/2026 – tháng 11/2026") {
		t.Errorf("the shown window %s–%s does not read back: %d", m[1], m[2], again.Status)
	}
	if c := anon.Get("/thong-ke?tu=31/02/2026"); c.Status != http.StatusBadRequest || !strings.Contains(c.Body, "Tháng bắt đầu “31/02/2026” không đọc được") {
		t.Errorf("an impossible date = %d", c.Status)
	}
	if c := anon.Get("/thong-ke?tu=13/2026"); c.Status != http.StatusBadRequest || !strings.Contains(c.Body, "Tháng bắt đầu “13/2026” không đọc được") {
		t.Errorf("month 13 = %d", c.Status)
	}
	if c := anon.Get("/thong-ke?tu=12/9999&den=12/9999"); c.Status != http.StatusBadRequest || !strings.Contains(c.Body, "chưa có số liệu của những tháng sau") {
		t.Errorf("months to come = %d", c.Status)
	}
	if c := anon.Get("/thong-ke?tu=01/0001&den=12/0001"); c.Status != http.StatusBadRequest || !strings.Contains(c.Body, "Số liệu chỉ có từ năm 2020") {
		t.Errorf("the year 1 = %d", c.Status)
	}
	// The field at fault is the one marked; a start after this month says
	// that the end was taken as this month.
	if c := anon.Get("/thong-ke?tu=13/2026&den=abc"); !strings.Contains(c.Body, "Tháng kết thúc “abc”") || strings.Contains(c.Body, `name="tu" value="13/2026" placeholder="09/2026" inputmode="numeric" aria-invalid`) || !strings.Contains(c.Body, `name="den" value="abc" placeholder="11/2026" inputmode="numeric" aria-invalid="true"`) {
		t.Errorf("a bad end month marks the wrong field: %.3000s", c.Body)
	}
	if c := anon.Get("/thong-ke?tu=01/2027"); c.Status != http.StatusBadRequest || !strings.Contains(c.Body, "sau tháng này (11/2026), là tháng kết thúc khi không ghi “Đến tháng”") {
		t.Errorf("a start after this month = %d", c.Status)
	}
	en := e.NewClient(t)
	en.Get("/ngon-ngu?lang=en&back=/thong-ke")
	if c := en.Get("/thong-ke?tu=abc"); !strings.Contains(html.UnescapeString(c.Body), "The first month “abc” cannot be read") {
		t.Errorf("the English page's refusal is not in English")
	}
	// Two years exactly are counted; a month more is not.
	if c := anon.Get("/thong-ke?tu=01/2024&den=12/2025"); c.Status != http.StatusOK || !strings.Contains(c.Body, "/thong-ke/tinh.csv?den=2025-12&amp;tu=2024-01") {
		t.Errorf("two years = %d", c.Status)
	}
	if c := anon.Get("/thong-ke?tu=01/2024&den=01/2026"); c.Status != http.StatusBadRequest {
		t.Errorf("twenty-five months = %d", c.Status)
	}
}

// Whatever dates are asked for, the figures are counted by whole months (the
// weeks' chart by whole weeks): two windows a day apart are the same window,
// and two windows a month apart differ by a rounded month, never by one
// person's report or money.
func TestStatsPage_WindowsCannotBeSubtractedToFindOneReport(t *testing.T) {
	e := testutil.Start(t, "")
	ctx := context.Background()
	at := func(y int, m time.Month, d int) *intel.Service {
		return e.App.Intel.WithClock(clock.NewFixed(time.Date(y, m, d, 3, 0, 0, 0, time.UTC)))
	}
	var codes []string
	for i := range 7 {
		tip, err := at(2026, 10, 5+i).Submit(ctx, intel.TipInput{Indicators: []string{fmt.Sprintf("0389 444 %03d", i)}, Tactic: "weapons",
			Province: "Lai Châu", MoneyLost: "2.000.000", IP: fmt.Sprintf("10.7.0.%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, tip.Code)
	}
	// One person in Lai Châu reports on 11/11, having lost 123.456.789 đ.
	if _, err := at(2026, 11, 11).Submit(ctx, intel.TipInput{Indicators: []string{"0389 444 999"}, Tactic: "weapons",
		Province: "Lai Châu", MoneyLost: "123.456.789", IP: "10.7.1.1"}); err != nil {
		t.Fatal(err)
	}
	anon := e.NewClient(t)
	row := func(query, chart, label string) []string {
		t.Helper()
		resp := anon.Get("/thong-ke?" + query)
		if resp.Status != http.StatusOK {
			t.Fatalf("/thong-ke?%s = %d", query, resp.Status)
		}
		for _, r := range tableRows(t, resp.Body, chart) {
			if r[0] == label {
				return r
			}
		}
		t.Fatalf("no row %q in %s for %s", label, chart, query)
		return nil
	}
	const weapons = "Mua bán vũ khí, công cụ hỗ trợ, vật liệu nổ"
	for _, c := range []struct{ chart, label string }{{"tinh", "Lai Châu"}, {"thu-doan", weapons}} {
		before := row("tu=01/10/2026&den=10/11/2026", c.chart, c.label)
		after := row("tu=01/10/2026&den=11/11/2026", c.chart, c.label)
		if strings.Join(before, "|") != strings.Join(after, "|") {
			t.Errorf("%s: up to 10/11 %q, up to 11/11 %q: a day's report shows", c.label, before, after)
		}
		oct := row("tu=10/2026&den=10/2026", c.chart, c.label)
		both := row("tu=10/2026&den=11/2026", c.chart, c.label)
		a, errA := strconv.Atoi(oct[1])
		b, errB := strconv.Atoi(both[1])
		if errA != nil || errB != nil || (b-a)%5 != 0 {
			t.Errorf("%s: October %q, October and November %q: the difference is not a multiple of 5", c.label, oct[1], both[1])
		}
		if strings.Contains(strings.Join(both, "|"), "123") {
			t.Errorf("%s: October %q, October and November %q: November's single report's money shows", c.label, oct, both)
		}
	}
	// An analyst merging a duplicate changes no figure already shown: the
	// change would tell which report was merged, its week and province.
	page := func() string {
		t.Helper()
		e.Clock.Advance(16 * time.Minute) // past the page cache
		b := anon.Get("/thong-ke?tu=10/2026&den=10/2026").Body
		return b[strings.Index(b, "Trong khoảng"):strings.Index(b, "</main>")]
	}
	before := page()
	if err := e.App.Intel.MergeTip(access.With(ctx, access.System()), codes[6], codes[0]); err != nil {
		t.Fatal(err)
	}
	if after := page(); after != before {
		t.Error("merging a duplicate changed October's figures")
	}
	// The weekly chart counts whole weeks: a window starting on Thursday
	// 01/10 begins with that whole week, Monday 28/09 to Sunday 04/10.
	if r := row("tu=01/10/2026&den=10/2026", "tuan", "Tuần 40 (28/09–04/10/2026)"); r == nil {
		t.Error("no whole first week")
	}
}

func TestStatsPage_InEnglish(t *testing.T) {
	e := testutil.Start(t, "")
	anon := e.NewClient(t)
	anon.Get("/ngon-ngu?lang=en&back=/thong-ke")
	resp := anon.Get("/thong-ke")
	if resp.Status != http.StatusOK {
		t.Fatalf("status %d", resp.Status)
	}
	for _, want := range []string{"Scam statistics", "Reports by province and city", "Reporters said they lost <strong>about VND ", "no data yet", "Week 47 (16/11–22/11/2026)", "Most reported tactics · November 2026", "Map of reports by province and city", ">Statistics</a>"} {
		if !strings.Contains(resp.Body, want) {
			t.Errorf("the English page lacks %q", want)
		}
	}
	for _, vi := range []string{"Tố giác theo tỉnh", "chưa có số liệu", "cho biết đã mất", "tỷ đồng", "Tuần 47"} {
		if strings.Contains(resp.Body, vi) {
			t.Errorf("the English page still says %q", vi)
		}
	}
	// The CSVs too, cell for cell as the English tables.
	// (The provinces' names stay Vietnamese, marked lang="vi" on the page.)
	if !strings.Contains(resp.Body, `<th scope="col" class="num">Reports</th><th scope="col" class="num">Verified scams</th>`) {
		t.Error("the English tables' heads are not Reports, Verified scams")
	}
	if c := anon.Get("/thong-ke/tinh.csv"); !strings.HasPrefix(strings.TrimPrefix(c.Body, "\ufeff"), "Province or city,Reports,Verified scams") || !strings.Contains(c.Body, "no data yet") {
		t.Errorf("tinh.csv in English: %.200q", c.Body)
	}
	for _, id := range []string{"tuan"} {
		c := anon.Get("/thong-ke/" + id + ".csv")
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(c.Body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		table := tableRows(t, resp.Body, id)
		if len(recs) != len(table)+1 || strings.Join(recs[0], "|") != "Week|Reports|Verified scams" {
			t.Fatalf("%s.csv in English: %q", id, recs[:min(2, len(recs))])
		}
		for i, r := range table {
			if strings.Join(recs[i+1], "|") != strings.Join(r, "|") {
				t.Errorf("%s.csv row %d = %q, the English table %q", id, i+1, recs[i+1], r)
			}
		}
	}
}

// The figures are counted up to the end of yesterday: reports filed today
// show tomorrow, on the statistics and on the home page's map alike, not
// while the person who filed them (or someone watching) could tell them
// apart.
func TestStatsPageAndHomeMap_TodaysReportsShowTomorrow(t *testing.T) {
	e := testutil.Start(t, "")
	anon := e.NewClient(t)
	laiChau := func() string {
		t.Helper()
		for _, r := range tableRows(t, anon.Get("/thong-ke").Body, "tinh") {
			if r[0] == "Lai Châu" {
				return r[1]
			}
		}
		t.Fatal("no Lai Châu row")
		return ""
	}
	if got := laiChau(); got != "chưa có số liệu" {
		t.Fatalf("Lai Châu before = %q", got)
	}
	// The home page's map too (its square for Lai Châu says "—" without data).
	square := regexp.MustCompile(`<title lang="vi">Lai Châu</title><desc>tố giác ([^<,]+)`)
	homeSquare := func() string {
		t.Helper()
		m := square.FindStringSubmatch(anon.Get("/").Body)
		if m == nil {
			t.Fatal("no Lai Châu square on the home page")
		}
		return html.UnescapeString(m[1])
	}
	before := homeSquare()
	for i := range 6 {
		if _, err := e.App.Intel.Submit(context.Background(), intel.TipInput{Indicators: []string{fmt.Sprintf("0389 333 %03d", i)}, Tactic: "fraud",
			Province: "Lai Châu", IP: fmt.Sprintf("10.8.0.%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	e.Clock.Advance(16 * time.Minute)
	if got := laiChau(); got != "chưa có số liệu" {
		t.Errorf("Lai Châu the same day = %q, want nothing yet", got)
	}
	if got := homeSquare(); got != before {
		t.Errorf("the home map's Lai Châu the same day = %q, before %q", got, before)
	}
	e.Clock.Advance(24 * time.Hour)
	// Six reports this month read as 5 or 10 (rounded at random, the same
	// way on both pages).
	got := laiChau()
	if got != "5" && got != "10" {
		t.Errorf("Lai Châu the next day = %q, want 5 or 10", got)
	}
	if home := homeSquare(); home != got {
		t.Errorf("the home map's Lai Châu the next day = %q (before %q), the statistics %q", home, before, got)
	}
}
