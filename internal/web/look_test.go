package web_test

import (
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

// What people see of the portal: pictures with words, plain sentences,
// links instead of paths, a light home page.

var (
	tagRE     = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)
	titleRE   = regexp.MustCompile(`<title>([^<]*)</title>`)
	articleRE = regexp.MustCompile(`(?s)<article class="card[^"]*">.*?</article>`)
	imgRE     = regexp.MustCompile(`<img [^>]*>`)
	attrRE    = regexp.MustCompile(`([a-z-]+)="([^"]*)"`)
	rawPathRE = regexp.MustCompile(`(^|[\s(“"])/(to-giac|tra-cuu|dang-ky|cam-nang|canh-bao|xac-minh|trac-nghiem)\b`)
	hrefRE    = regexp.MustCompile(`href="(/(?:cam-nang|canh-bao|bai-viet|trac-nghiem)/[^"?#]+)"`)
)

// visibleText is what a reader sees of a page: no tags, no attributes.
func visibleText(body string) string {
	return html.UnescapeString(tagRE.ReplaceAllString(body, " "))
}

func attrs(tag string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRE.FindAllStringSubmatch(tag, -1) {
		m[a[1]] = html.UnescapeString(a[2])
	}
	return m
}

func TestHandbook_EveryTacticCardHasAPictureWithAltText(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	list := c.Get("/cam-nang")
	cards := articleRE.FindAllString(list.Body, -1)
	if len(cards) < 20 {
		t.Fatalf("%d handbook cards", len(cards))
	}
	seen := map[string]bool{}
	for _, card := range cards {
		img := imgRE.FindString(card)
		a := attrs(img)
		if img == "" || !strings.Contains(a["class"], "pic") || strings.TrimSpace(a["alt"]) == "" {
			t.Errorf("a card without a described picture: %.300s", card)
			continue
		}
		if seen[a["src"]] {
			continue
		}
		seen[a["src"]] = true
		r := c.Get(a["src"])
		if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(r.Body, "<title>") || len(r.Body) > 3<<10 {
			t.Errorf("picture %s: %d %s, %d bytes", a["src"], r.Status, r.Header.Get("Content-Type"), len(r.Body))
		}
	}
	if len(seen) < 5 {
		t.Errorf("only %d different pictures on the handbook", len(seen))
	}
}

func TestHome_PictureLedAndWithinItsBudget(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	home := c.Get("/")
	b := home.Body
	search, top, stats, warn := strings.Index(b, `action="/tra-cuu"`), strings.Index(b, "Lừa đảo bị tố giác nhiều nhất tuần này"), strings.Index(b, `class="tilemap"`), strings.Index(b, "Cảnh báo mới")
	if search < 0 || top < search || stats < top || warn < stats {
		t.Fatalf("home order: check box %d, top scams %d, province map %d, warnings %d", search, top, stats, warn)
	}
	if n := strings.Count(b, `<a href="/canh-bao?dia-ban=`); n != 34 {
		t.Errorf("the home page's map links %d provinces to their warnings, want 34", n)
	}
	tops := regexp.MustCompile(`(?s)<li class="card pic-card"><a href="/cam-nang\?loai=([a-z-]+)"><img ([^>]*)><strong>([^<]+)</strong></a>\s*<span class="muted">([^<]+)</span>`).FindAllStringSubmatch(b, -1)
	if len(tops) != 3 {
		t.Fatalf("%d top scams on the home page", len(tops))
	}
	// The demo's most reported tactic is fraud; the counts are rounded at
	// random, so it is among the three, and the three go down.
	names, last := "", 1<<30
	for _, m := range tops {
		names += m[1] + " "
		n, err := strconv.Atoi(strings.ReplaceAll(strings.Fields(html.UnescapeString(m[4]))[0], ".", ""))
		if err != nil {
			n = 0 // "< 5"
		} else if n%5 != 0 {
			t.Errorf("top scam %s: %d is not rounded to a multiple of 5", m[1], n)
		}
		if n > last {
			t.Errorf("top scams out of order: %q", tops)
		}
		last = n
	}
	if !strings.Contains(names, "fraud ") {
		t.Errorf("the demo's most reported tactic is fraud, home shows %s", names)
	}
	for _, m := range tops {
		if a := attrs(m[2]); a["alt"] == "" || a["src"] == "" {
			t.Errorf("top scam %s: picture %q", m[1], m[2])
		}
		if !regexp.MustCompile(`^(< 5|[0-9.]+) tố giác · (< 5|[0-9.]+) đã xác minh$`).MatchString(html.UnescapeString(m[4])) {
			t.Errorf("top scam %s: counts read %q", m[1], m[4])
		}
	}
	// The budget: the page and everything it loads from us.
	total := len(b)
	loads := regexp.MustCompile(`(?:src|href)="(/static/[^"]+)"`).FindAllStringSubmatch(b, -1)
	fetched := map[string]bool{}
	for _, l := range loads {
		if fetched[l[1]] {
			continue
		}
		fetched[l[1]] = true
		r := c.Get(l[1])
		if r.Status != http.StatusOK {
			t.Fatalf("%s: %d", l[1], r.Status)
		}
		total += len(r.Body)
	}
	if total > 100<<10 {
		t.Fatalf("the home page weighs %d bytes with %d files, over 100 KB", total, len(fetched))
	}
	t.Logf("home page: %d bytes in all (%d bytes of HTML, %d files)", total, len(b), len(fetched))
}

func TestVerify_SaysWhoPublishedWhatAndWhenAndFoldsTheDetails(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	item := c.Get(hrefRE.FindStringSubmatch(c.Get("/canh-bao").Body)[1])
	code := regexp.MustCompile(`<strong class="code">([^<]+)</strong>`).FindStringSubmatch(item.Body)
	if code == nil {
		t.Fatal("no verification code on a warning")
	}
	v := c.Get("/xac-minh/" + code[1])
	details := regexp.MustCompile(`(?s)<details class="tech">\s*<summary>Chi tiết kỹ thuật</summary>.*?</details>`).FindString(v.Body)
	if details == "" || !strings.Contains(details, "canhgiac-canonical/1") || !strings.Contains(details, "SHA-256") || !strings.Contains(details, "issuer: ") {
		t.Fatalf("technical details not folded: %.3000s", v.Body)
	}
	outside := visibleText(strings.Replace(v.Body, details, "", 1))
	for _, s := range []string{"Đây là nội dung chính thống", "Nội dung khớp với bản đã công bố", "đã đăng “", "(giờ Việt Nam)"} {
		if !strings.Contains(outside, s) {
			t.Errorf("the verify page does not say %q: %s", s, outside)
		}
	}
	if !regexp.MustCompile(`(Công an|Cục) [^\n]+ đã đăng “.+” lúc \d{2}/\d{2}/\d{4} \d{2}:\d{2} \(giờ Việt Nam\)`).MatchString(outside) {
		t.Errorf("who, what and when not in one sentence: %s", outside)
	}
	for _, s := range []string{"issuer:", "published:", "canhgiac-canonical", "SHA-256", "title:"} {
		if strings.Contains(outside, s) {
			t.Errorf("%q shown outside the technical details", s)
		}
	}
}

func TestPortal_PathsAreLinksTitlesAreSingleAndSeverityHasWords(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	pages := []string{"/", "/cam-nang", "/canh-bao", "/bai-viet", "/trac-nghiem", "/xac-minh", "/tra-cuu", "/to-giac", "/dang-ky"}
	for _, list := range []string{"/cam-nang", "/canh-bao", "/bai-viet", "/trac-nghiem"} {
		for _, m := range hrefRE.FindAllStringSubmatch(c.Get(list).Body, -1) {
			pages = append(pages, m[1])
		}
	}
	done := map[string]bool{}
	for _, p := range pages {
		if done[p] {
			continue
		}
		done[p] = true
		r := c.Get(p)
		if r.Status != http.StatusOK {
			t.Errorf("%s: %d", p, r.Status)
			continue
		}
		if m := rawPathRE.FindString(visibleText(r.Body)); m != "" {
			i := strings.Index(visibleText(r.Body), m)
			t.Errorf("%s shows a raw path: …%s…", p, visibleText(r.Body)[max(0, i-80):i+len(m)])
		}
		title := titleRE.FindStringSubmatch(r.Body)
		if title == nil || strings.Count(title[1], "Cảnh Giác") != 1 {
			t.Errorf("%s: title %q", p, title)
		}
	}
	if len(done) < 30 {
		t.Errorf("only %d pages looked at", len(done))
	}
	// Severity: an icon and the words, on the list, the item and the home page.
	words := map[string]string{"extreme": "Đặc biệt nghiêm trọng", "severe": "Nghiêm trọng", "moderate": "Trung bình", "minor": "Nhẹ"}
	for _, p := range []string{"/", "/canh-bao"} {
		cards := regexp.MustCompile(`(?s)<article class="card warning sev-([a-z]+)[^"]*">.*?</article>`).FindAllStringSubmatch(c.Get(p).Body, -1)
		if len(cards) == 0 {
			t.Fatalf("%s: no warning cards", p)
		}
		for _, card := range cards {
			badge := regexp.MustCompile(`<p class="badge"><img src="/static/sev-` + card[1] + `\.[0-9a-f]+\.svg"[^>]*> ([^<]+)</p>`).FindStringSubmatch(card[0])
			if badge == nil || badge[1] != words[card[1]] {
				t.Errorf("%s: a %s warning without its icon and words: %.400s", p, card[1], card[0])
			}
		}
	}
	check := c.Get("/tra-cuu?q=0912345678")
	if !regexp.MustCompile(`<p class="verdict"><img src="/static/verdict-[a-z]+\.[0-9a-f]+\.svg"[^>]*> <strong>[^<]+</strong>`).MatchString(check.Body) {
		t.Errorf("the check's verdict has no icon with words: %.2000s", check.Body)
	}
}
