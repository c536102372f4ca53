package report

import (
	"strings"

	"github.com/canhgiac/canhgiac/internal/vn"
)

// Window says a period's window and due dates in words, as the period row
// of a report shows them:
//
//	Kỳ báo cáo từ 15/12/2023 đến 14/06/2024 (thời gian chốt số liệu theo
//	Nghị định số 09/2019/NĐ-CP); hạn gửi 05/06/2024, đơn vị trực thuộc gửi
//	trước 01/06/2024. Hạn gửi trước ngày kết thúc kỳ: báo cáo mang số liệu
//	đến ngày gửi; số liệu các ngày còn lại của kỳ (đến 14/06/2024) được tính
//	vào báo cáo năm 2024, kỳ năm cũng tính từ 15/12/2023.
//
// What it says of the days after sending is what the figures do: a sent
// report is a snapshot, and the yearly window starts with the 6-month one.
func (p Period) Window() string {
	var b strings.Builder
	b.WriteString("Kỳ báo cáo từ " + vn.ShowDate(p.CoverFrom) + " đến " + vn.ShowDate(p.CoverTo))
	year, regular := regularYear(p.Code)
	if regular {
		for _, d := range defaults(year) {
			if d.Code == p.Code && d.CoverFrom == p.CoverFrom && d.CoverTo == p.CoverTo {
				b.WriteString(" (thời gian chốt số liệu theo Nghị định số 09/2019/NĐ-CP)")
			}
		}
	}
	if p.Due == "" {
		b.WriteString("; chưa đặt hạn gửi.")
		return b.String()
	}
	b.WriteString("; hạn gửi " + vn.ShowDate(p.Due))
	if p.InternalDue != "" && p.InternalDue != p.Due {
		b.WriteString(", đơn vị trực thuộc gửi đơn vị chủ quản trước " + vn.ShowDate(p.InternalDue))
	}
	if p.OnTimeUntil > p.Due {
		b.WriteString("; gửi đến hết ngày " + vn.ShowDate(p.OnTimeUntil) + " vẫn tính là đúng hạn")
	}
	b.WriteString(".")
	if p.Due >= p.CoverTo {
		return b.String()
	}
	b.WriteString(" Hạn gửi trước ngày kết thúc kỳ: báo cáo mang số liệu đến ngày gửi; số liệu các ngày còn lại của kỳ (đến " + vn.ShowDate(p.CoverTo) + ") ")
	switch {
	case p.Kind == "half" && regular:
		yearly := Period{}
		for _, d := range defaults(year) {
			if d.Kind == "year" {
				yearly = d
			}
		}
		b.WriteString("được tính vào báo cáo " + strings.ToLower(vn.PeriodName(yearly.Code)) + ", kỳ năm cũng tính từ " + vn.ShowDate(yearly.CoverFrom) + ".")
	case p.Kind == "year":
		b.WriteString("không có trong báo cáo đã gửi và không chuyển sang kỳ sau; khi cần, cơ quan tổng hợp yêu cầu báo cáo bổ sung.")
	default:
		b.WriteString("không có trong báo cáo đã gửi.")
	}
	return b.String()
}
