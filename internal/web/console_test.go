package web_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

var (
	triageCard = regexp.MustCompile(`<section class="card">\s*<h2>`)
	kindPill   = regexp.MustCompile(`<h2>[^<]*<span class="pill">([^<]*)</span>`)
)

// The triage queue shows 50 indicators a page with "Trang 1/N" and links
// that keep the filters; filters narrow it by kind, state, province and
// day; kinds are words; a filter that cannot be used is named and kept.
func TestTriage_QueueIsPagedAndFilteredAndSaysKindsInWords(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Login("xacminh", e.Passwords["xacminh"])

	all := c.Get("/quan-tri/xac-minh")
	if n := len(triageCard.FindAllString(all.Body, -1)); n == 0 || n > 50 {
		t.Fatalf("the first page shows %d indicators, want 1 to 50", n)
	}
	pages := regexp.MustCompile(`Trang 1/(\d+)`).FindStringSubmatch(all.Body)
	if pages == nil || pages[1] == "1" {
		t.Fatalf("the demo queue is not paged (want more than one page): %.300s", all.Body)
	}
	if !strings.Contains(all.Body, `href="/quan-tri/xac-minh?trang=2"`) {
		t.Errorf("no link to the second page")
	}
	for _, m := range kindPill.FindAllStringSubmatch(all.Body, -1) {
		if m[1] == "phone" || m[1] == "url" || m[1] == "bank" {
			t.Errorf("a kind reads as a code: %q", m[1])
		}
	}
	if !strings.Contains(all.Body, `<span class="pill">Số điện thoại</span>`) {
		t.Errorf("no phone number named in words on the first page")
	}

	last := c.Get("/quan-tri/xac-minh?trang=999")
	if !strings.Contains(last.Body, "Trang "+pages[1]+"/"+pages[1]) || len(triageCard.FindAllString(last.Body, -1)) == 0 {
		t.Errorf("a page past the end does not show the last page")
	}

	phones := c.Get("/quan-tri/xac-minh?loai=phone&trang-thai=unwarned")
	kinds := kindPill.FindAllStringSubmatch(phones.Body, -1)
	if len(kinds) == 0 {
		t.Fatalf("no unwarned phone numbers in the demo queue")
	}
	for _, m := range kinds {
		if m[1] != "Số điện thoại" {
			t.Errorf("filtered by phone numbers, the page shows a %q", m[1])
		}
	}
	if strings.Contains(phones.Body, "(đã cảnh báo)") {
		t.Errorf("filtered by not warned, the page shows a warned indicator")
	}
	if strings.Contains(phones.Body, "trang=2") && !regexp.MustCompile(`href="/quan-tri/xac-minh\?[^"]*loai=phone[^"]*trang=2`).MatchString(phones.Body) {
		t.Errorf("the page links forget the filters")
	}

	for _, tc := range []struct{ query, want string }{
		{"tinh=Cao+B%E1%BA%B1ng", "Cao Bằng"},
		{"tu-ngay=2026-11-22&den-ngay=2026-11-22", ""},
	} {
		r := c.Get("/quan-tri/xac-minh?" + tc.query)
		if r.Status != 200 {
			t.Errorf("%s: status %d", tc.query, r.Status)
		}
		if tc.want != "" && !strings.Contains(r.Body, tc.want) {
			t.Errorf("%s: the page lacks %q", tc.query, tc.want)
		}
	}
	far := c.Get("/quan-tri/xac-minh?tu-ngay=2020-01-01&den-ngay=2020-01-31")
	if n := len(triageCard.FindAllString(far.Body, -1)); n != 0 || !strings.Contains(far.Body, "Không có chỉ dấu nào đang chờ khớp bộ lọc") {
		t.Errorf("reports of January 2020: %d indicators shown", n)
	}

	bad := c.Get("/quan-tri/xac-minh?tu-ngay=hom-qua&loai=phone")
	if bad.Status != 200 || !strings.Contains(bad.Body, "Ngày “hom-qua” không đúng") || !strings.Contains(bad.Body, `value="hom-qua"`) {
		t.Errorf("a bad day is not named and kept: %d %.300s", bad.Status, bad.Body)
	}
}

// Staff who are not administrators are not shown configuration settings.
func TestCampaigns_ConfigurationHintsOnlyForAdmins(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Login("thuongtruc", e.Passwords["thuongtruc"])
	r := c.Get("/quan-tri/chien-dich")
	if !strings.Contains(r.Body, "Bản trình diễn") {
		t.Fatalf("the demonstration notice is missing: %.300s", r.Body)
	}
	if strings.Contains(r.Body, "CANHGIAC_") {
		t.Errorf("a coordinator is shown a configuration setting")
	}
	if !strings.Contains(r.Body, "đề nghị quản trị hệ thống") {
		t.Errorf("the coordinator is not told whom to ask")
	}
}

// The activity list and the audit trail show 50 rows a page with
// "Trang 1/N", and the page links keep the list's filter.
func TestConsoleLists_ActivitiesAndAuditArePagedKeepingFilters(t *testing.T) {
	e := testutil.Start(t, "")
	row := regexp.MustCompile(`(?s)<tbody>(.*?)</tbody>`)
	rows := func(body string) int {
		m := row.FindAllStringSubmatch(body, -1)
		if m == nil {
			return 0
		}
		return strings.Count(m[len(m)-1][1], "<tr>")
	}
	for _, tc := range []struct {
		user, path, filter, want string
	}{
		{"thuongtruc", "/quan-tri/hoat-dong", "?den-ngay=2026-12-31&tu-ngay=2020-01-01", "den-ngay=2026-12-31&amp;trang=2&amp;tu-ngay=2020-01-01"},
		{"quantri", "/quan-tri/nhat-ky", "?loai=unit.", "loai=unit.&amp;trang=2"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			c := e.NewClient(t)
			c.Login(tc.user, e.Passwords[tc.user])
			first := c.Get(tc.path)
			if n := rows(first.Body); n == 0 || n > 50 {
				t.Errorf("the first page has %d rows, want 1 to 50", n)
			}
			if !regexp.MustCompile(`Trang 1/([2-9]|\d\d)`).MatchString(first.Body) {
				t.Fatalf("the list is not paged: %.300s", first.Body)
			}
			filtered := c.Get(tc.path + tc.filter)
			if !strings.Contains(filtered.Body, tc.want) {
				t.Errorf("the second page's link forgets the filter (want %q)", tc.want)
			}
			second := c.Get(tc.path + tc.filter + "&trang=2")
			if !strings.Contains(second.Body, "Trang 2/") || rows(second.Body) == 0 {
				t.Errorf("the second page is empty or unnumbered")
			}
		})
	}
}
