package web_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

// Tried as a new user would: the dashboard opens on 2024, the demo's last
// year with figures, not on an empty 2026 of 0 % and overdue everywhere;
// shares have a decimal comma; the report's period row explains its window
// and due date; a department that issued its plan on time shows that duty
// done.
func TestDashboardAndReport_OpenOnFiguresInWordsAndMeasuredDuties(t *testing.T) {
	e := testutil.Start(t, "")
	coord := e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])
	pointPct := regexp.MustCompile(`\d+\.\d+ ?%`)
	commaPct := regexp.MustCompile(`Đã nhận \d+,\d %`)
	pages := []struct {
		path string
		want []string
		not  []string
	}{
		{"/quan-tri/tong-quan?don-vi=cao-bang", []string{"chưa có số liệu; đang xem năm 2024", `<th class="num">6 tháng đầu năm 2024</th>`}, []string{"Đã nhận 0 %"}},
		{"/quan-tri/tong-quan?nam=2026&don-vi=cao-bang", []string{"Đã nhận 0,0 %"}, []string{"đang xem năm"}},
		{"/quan-tri/bao-cao/cao-bang/2024-H1", []string{"Kỳ báo cáo từ 15/12/2023 đến 14/06/2024", "hạn gửi 05/06/2024",
			"được tính vào báo cáo năm 2024"}, []string{"15/12/2023 – 14/06/2024"}},
		{"/quan-tri/bao-cao/cao-bang-sgddt/2024-H1", []string{"Đã ban hành Kế hoạch số 845/KH-SGDĐT ngày 10/05/2024 — Đúng hạn"},
			[]string{"quá hạn, chưa thực hiện"}},
	}
	for _, p := range pages {
		r := coord.Get(p.path)
		if r.Status != 200 {
			t.Fatalf("%s: %d", p.path, r.Status)
		}
		for _, w := range p.want {
			if !strings.Contains(r.Body, w) {
				t.Errorf("%s lacks %q", p.path, w)
			}
		}
		for _, w := range p.not {
			if strings.Contains(r.Body, w) {
				t.Errorf("%s shows %q", p.path, w)
			}
		}
		if m := pointPct.FindString(r.Body); m != "" {
			t.Errorf("%s shows a share with a decimal point: %q", p.path, m)
		}
		if strings.Contains(p.path, "tong-quan") && !commaPct.MatchString(r.Body) {
			t.Errorf("%s has no share with a decimal comma", p.path)
		}
	}
}
