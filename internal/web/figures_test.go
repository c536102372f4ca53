package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

// The province police sent their 2024-H1 report in the demo. An activity
// logged for that period afterwards leaves the sent figures as they were
// and the page says how today's differ and why; on the province's page, a
// sub-unit whose report has not come shows no figures, not zeros.
func TestReportPage_SentFiguresStayAndTodaysDifferenceIsExplained(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Login("lanhdaoca", e.Passwords["lanhdaoca"])
	before := c.Get("/quan-tri/bao-cao/cao-bang-ca/2024-H1")
	if before.Status != 200 || strings.Contains(before.Body, "Số liệu hiện nay khác số đã gửi") {
		t.Fatalf("the sent report before any change: %d, drift shown: %v", before.Status, strings.Contains(before.Body, "khác số đã gửi"))
	}
	c.Get("/quan-tri/hoat-dong")
	r := c.Post("/quan-tri/hoat-dong", url.Values{"unit": {"cao-bang-ca"}, "date": {"20/05/2024"}, "form": {"meeting"},
		"title": {"Họp giao ban, nhắc lại cảnh báo lừa đảo"}, "participants": {"35"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("log an activity: %d %.300s", r.Status, r.Body)
	}
	after := c.Get("/quan-tri/bao-cao/cao-bang-ca/2024-H1")
	for _, want := range []string{"Số liệu hiện nay khác số đã gửi", "hoạt động của chính Công an tỉnh Cao Bằng trong kỳ được ghi nhận, sửa hoặc xóa sau khi gửi báo cáo (ngày 03/06/2024)",
		"Số người tham dự</td><td class=\"num\">180</td><td class=\"num\">215</td>"} {
		if !strings.Contains(after.Body, want) {
			t.Errorf("the sent report's page lacks %q", want)
		}
	}
	province := c.Get("/quan-tri/bao-cao/cao-bang/2024-H1")
	if !strings.Contains(province.Body, "chưa có số liệu: chưa nhận báo cáo") {
		t.Error("a sub-unit whose report has not come shows figures on the province's page")
	}
}
