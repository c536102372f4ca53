package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// statsEnv is the demo with three reports from Điện Biên (too few to show)
// and none from Lai Châu.
func statsEnv(t *testing.T, dbURL string) *testutil.Env {
	t.Helper()
	e := testutil.Start(t, dbURL)
	for i := range 3 {
		if _, err := e.App.Intel.Submit(context.Background(), intel.TipInput{Indicators: []string{fmt.Sprintf("0389 222 %03d", i)}, Tactic: "weapons",
			Province: "Điện Biên", MoneyLost: "7.000.000", IP: fmt.Sprintf("10.9.0.%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// tableRows reads the rows of the table of the chart whose section id is
// id: the label and the three cells as a person reads them.
func tableRows(t *testing.T, body, id string) [][]string {
	t.Helper()
	start := strings.Index(body, `aria-labelledby="`+id+`-h"`)
	if start < 0 {
		t.Fatalf("no chart %s in the page", id)
	}
	sec := body[start:]
	sec = sec[:strings.Index(sec, "</section>")]
	re := regexp.MustCompile(`<tr><th scope="row">(?:<a href="[^"]*">)?([^<]+)(?:</a>)?</th>\s*(?:<td colspan="3">([^<]+)</td>|<td class="num">([^<]*)</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td>)</tr>`)
	var out [][]string
	for _, m := range re.FindAllStringSubmatch(sec, -1) {
		if m[2] != "" {
			out = append(out, []string{html.UnescapeString(m[1]), m[2], m[2], m[2]})
			continue
		}
		out = append(out, []string{html.UnescapeString(m[1]), html.UnescapeString(m[3]), html.UnescapeString(m[4]), html.UnescapeString(m[5])})
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

	// The demo's figures, as the database counts them, in the page.
	now := e.Clock.Now()
	today, _ := vn.ParseISODate(vn.Today(now))
	monday := today.AddDate(0, 0, -((int(today.Weekday())+6)%7)).AddDate(0, 0, -7*11)
	from, _ := vn.DayStart(vn.ISODate(monday))
	to, _ := vn.DayEnd(vn.Today(now))
	pc, err := e.App.Intel.PublicCounts(context.Background(), from, to, from)
	if err != nil {
		t.Fatal(err)
	}
	shown := 0
	for _, g := range pc.ByProvince {
		if g.Reports < 5 {
			continue
		}
		shown++
		want := []string{g.Key, vn.FormatInt(int64(g.Reports)), vn.FormatInt(int64(g.Verified)), vn.FormatInt(g.MoneyLost) + " đ"}
		if g.Verified < 5 {
			want[2] = "< 5"
		}
		if got := byName[g.Key]; strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: the page shows %q, the database counts %q", g.Key, got, want)
		}
	}
	if shown < 5 {
		t.Errorf("only %d provinces of the demo have 5 reports or more: %+v", shown, pc.ByProvince)
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
	if len(weeks) != 12 || busy < 10 {
		t.Errorf("weekly chart: %d weeks, %d with 5 reports or more, want 12 and at least 10: %q", len(weeks), busy, weeks)
	}
	// Three reports are "< 5", with no money; Lai Châu has none.
	if got := byName["Điện Biên"]; strings.Join(got, "|") != "Điện Biên|< 5|0|—" {
		t.Errorf("Điện Biên = %q, want masked", got)
	}
	if got := byName["Lai Châu"]; strings.Join(got, "|") != "Lai Châu|chưa có số liệu|chưa có số liệu|chưa có số liệu" {
		t.Errorf("Lai Châu = %q, want no data", got)
	}
	for _, r := range tableRows(t, resp.Body, "thu-doan") {
		if r[0] == "Mua bán vũ khí, công cụ hỗ trợ, vật liệu nổ" && strings.Join(r[1:], "|") != "< 5|0|—" {
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
	for _, want := range []string{"Mỗi lần chỉ xem được tối đa 2 năm", "từ 01/01/2023 đến 01/01/2026", `value="2023-01-01"`, `value="2026-01-01"`} {
		if !strings.Contains(resp.Body, want) {
			t.Errorf("the refusal lacks %q", want)
		}
	}
	if c := anon.Get("/thong-ke/tinh.csv?tu=2023-01-01&den=2026-01-01"); c.Status != http.StatusBadRequest || !strings.Contains(c.Body, "tối đa 2 năm") {
		t.Errorf("CSV over two years = %d %q", c.Status, c.Body)
	}
	// The default window is written the way people write dates, and reads
	// back as the same window.
	def := anon.Get("/thong-ke")
	m := regexp.MustCompile(`(?s)id="tu" name="tu" value="(\d{2}/\d{2}/\d{4})".*?id="den" name="den" value="(\d{2}/\d{2}/\d{4})"`).FindStringSubmatch(def.Body)
	if m == nil {
		t.Fatalf("the default window is not shown as dd/mm/yyyy: %.2000s", def.Body)
	}
	if again := anon.Get("/thong-ke?tu=" + m[1] + "&den=" + m[2]); again.Status != http.StatusOK || !strings.Contains(again.Body, "Trong khoảng "+m[1]) {
		t.Errorf("the shown window %s–%s does not read back: %d", m[1], m[2], again.Status)
	}
	if c := anon.Get("/thong-ke?tu=31/02/2026"); c.Status != http.StatusBadRequest || !strings.Contains(c.Body, "Ngày bắt đầu “31/02/2026” không đọc được") {
		t.Errorf("an impossible date = %d", c.Status)
	}
	// Two years exactly are counted.
	if c := anon.Get("/thong-ke?tu=01/01/2024&den=01/01/2026"); c.Status != http.StatusOK || !strings.Contains(c.Body, "/thong-ke/tinh.csv?den=2026-01-01&amp;tu=2024-01-01") {
		t.Errorf("two years = %d", c.Status)
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
	for _, want := range []string{"Scam statistics", "Reports by province and city", "Money lost (as reported)", "no data yet", "Week 47 (16/11–22/11/2026)", "Most reported tactics · November 2026", "Map of reports by province and city", ">Statistics</a>"} {
		if !strings.Contains(resp.Body, want) {
			t.Errorf("the English page lacks %q", want)
		}
	}
	for _, vi := range []string{"Tố giác theo tỉnh", "chưa có số liệu", "Số tiền bị mất", "Tuần 47"} {
		if strings.Contains(resp.Body, vi) {
			t.Errorf("the English page still says %q", vi)
		}
	}
}

// The page is cached, but reports filed since show within statsTTL.
func TestStatsPageAndHomeMap_NewReportsShowWithinAQuarterOfAnHour(t *testing.T) {
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
	if got := laiChau(); got != "6" {
		t.Errorf("Lai Châu a quarter of an hour later = %q, want 6", got)
	}
	if got := homeSquare(); got != "6" {
		t.Errorf("the home map's Lai Châu a quarter of an hour later = %q (before %q), want 6", got, before)
	}
}
