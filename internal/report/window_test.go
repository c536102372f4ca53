package report_test

import (
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/report"
)

// The period row explains its window and why the due date falls before the
// window ends, in words and dates, never in codes.
func TestPeriodWindow_ExplainsTheWindowAndTheEarlyDueDate(t *testing.T) {
	for _, c := range []struct {
		name string
		p    report.Period
		want []string
		not  []string
	}{
		{"6 months", report.Period{Code: "2024-H1", Kind: "half", CoverFrom: "2023-12-15", CoverTo: "2024-06-14", Due: "2024-06-05", InternalDue: "2024-06-01", OnTimeUntil: "2024-06-05"},
			[]string{"Kỳ báo cáo từ 15/12/2023 đến 14/06/2024 (thời gian chốt số liệu theo Nghị định số 09/2019/NĐ-CP); hạn gửi 05/06/2024, đơn vị trực thuộc gửi đơn vị chủ quản trước 01/06/2024.",
				"số liệu các ngày còn lại của kỳ (đến 14/06/2024) được tính vào báo cáo năm 2024, kỳ năm cũng tính từ 15/12/2023."},
			[]string{"2024-H1", "vẫn tính là đúng hạn"}},
		{"a year with grace days", report.Period{Code: "2024-Y", Kind: "year", CoverFrom: "2023-12-15", CoverTo: "2024-12-14", Due: "2024-12-05", OnTimeUntil: "2024-12-08"},
			[]string{"hạn gửi 05/12/2024; gửi đến hết ngày 08/12/2024 vẫn tính là đúng hạn.", "không chuyển sang kỳ sau"},
			[]string{"2024-Y"}},
		{"a window moved by the coordinator", report.Period{Code: "2024-H1", Kind: "half", CoverFrom: "2024-01-01", CoverTo: "2024-06-30", Due: "2024-07-05"},
			[]string{"Kỳ báo cáo từ 01/01/2024 đến 30/06/2024; hạn gửi 05/07/2024."},
			[]string{"09/2019", "ngày kết thúc kỳ"}},
		{"ad hoc", report.Period{Code: "2026-AH-1", Kind: "adhoc", CoverFrom: "2026-10-01", CoverTo: "2026-11-20", Due: "2026-12-15"},
			[]string{"Kỳ báo cáo từ 01/10/2026 đến 20/11/2026; hạn gửi 15/12/2026."}, []string{"2026-AH-1"}},
	} {
		got := c.p.Window()
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", c.name, got, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(got, w) {
				t.Errorf("%s: %q says %q", c.name, got, w)
			}
		}
	}
}
