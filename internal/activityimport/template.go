package activityimport

import (
	"fmt"
	"io"
	"strings"

	"github.com/canhgiac/canhgiac/internal/csvsafe"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// guide says, per column key, what a cell takes. It feeds the template's
// "Hướng dẫn" sheet, so users read the rules Parse applies.
var guide = map[string]string{
	"date":     "Ngày thực hiện (ngày bắt đầu nếu kéo dài nhiều ngày), ghi dạng 22/04/2024 hoặc nhập kiểu ngày của Excel. Không ghi ngày chưa tới.",
	"date_to":  "Ngày kết thúc nếu hoạt động kéo dài nhiều ngày; để trống nếu diễn ra trong một ngày. Không được trước ô “Ngày”.",
	"form":     "Một hình thức trong danh sách bên dưới (chọn ở danh sách thả xuống; không phân biệt chữ hoa, chữ thường, có dấu hay không dấu).",
	"title":    "Mô tả ngắn gọn hoạt động, tối đa 500 ký tự.",
	"themes":   "Chủ đề tuyên truyền; nhiều chủ đề ngăn cách bằng dấu chấm phẩy (;) hoặc xuống dòng trong ô (Alt+Enter).",
	"tactics":  "Các thủ đoạn lừa đảo, tội phạm mạng được cảnh báo; nhiều thủ đoạn ngăn cách bằng dấu chấm phẩy (;).",
	"audience": "Nhóm người được tuyên truyền (học sinh, người cao tuổi, tiểu thương…); ngăn cách bằng dấu chấm phẩy (;).",
	"participants": "Số người dự trực tiếp. Số nguyên từ 0 trở lên, không có phần thập phân; " +
		"hàng nghìn có thể ngăn bằng dấu chấm hoặc dấu cách: 1.250, 1 250, 1250.",
	"copies":   "Số tờ rơi, áp phích, tài liệu đã phát hành. Số nguyên như cột “Số người tham dự”.",
	"views":    "Lượt xem, lượt tiếp cận của bài đăng, video, bản tin. Số nguyên như cột “Số người tham dự”.",
	"messages": "Số tin nhắn cảnh báo đã gửi (SMS, Zalo…). Số nguyên như cột “Số người tham dự”.",
	"links":    "Đường dẫn tới bài viết, hình ảnh, video làm minh chứng, đầy đủ từ http:// hoặc https://; nhiều đường dẫn ngăn cách bằng dấu chấm phẩy (;).",
	"duty":     "Nhiệm vụ trong kế hoạch của đơn vị mà hoạt động này thực hiện (nếu có).",
	"note":     "Ghi chú thêm (nếu có).",
}

// guideNotes are the general rules shown above the column table.
var guideNotes = []string{
	"Mỗi dòng ở trang “Hoạt động” là một hoạt động. Giữ nguyên dòng tiêu đề; xóa hai dòng ví dụ trước khi điền.",
	"Cột có ghi “Bắt buộc” không được để trống. Các cột khác để trống nếu không có.",
	"Chỉ trang đầu tiên của tệp được đọc. Dòng trống bị bỏ qua; tối đa " + vn.FormatInt(defaultMaxRows) + " dòng cho một lần nhập.",
	"Nếu lưu dạng CSV, hãy chọn kiểu “CSV UTF-8” để giữ đúng chữ tiếng Việt.",
}

// exampleDates are the example rows' dates, written out for the CSV and
// converted to real date cells in the .xlsx.
var exampleDates = [2]string{"12/03/2024", "02/04/2024"}

// examples returns the template's two example rows, keyed by column key.
// Their forms are taken from the caller's labels so the examples are
// always valid input for the same deployment (see pickForm).
func examples(forms []string) [2]map[string]string {
	return [2]map[string]string{{
		"date":         exampleDates[0],
		"form":         pickForm(forms, 0, "Họp", false, "hop", "hoi nghi", "sinh hoat"),
		"title":        "Sinh hoạt chi bộ thôn Đông Hòa: phổ biến các thủ đoạn lừa đảo qua điện thoại và mạng xã hội",
		"themes":       "Phòng chống lừa đảo trực tuyến; Bảo vệ tài khoản ngân hàng",
		"tactics":      "Giả danh công an gọi điện yêu cầu chuyển tiền; Mời đầu tư tiền ảo lãi cao",
		"audience":     "Đảng viên; Người cao tuổi",
		"participants": "45",
		"duty":         "Tuyên truyền tại khu dân cư",
		"note":         "Lồng ghép trong buổi sinh hoạt chi bộ định kỳ tháng 3",
	}, {
		"date":     exampleDates[1],
		"form":     pickForm(forms, 1, "Đăng bài trên mạng xã hội", true, "mang xa hoi", "zalo", "dang bai", "bai viet"),
		"title":    "Đăng bài cảnh báo tin nhắn giả mạo ngân hàng lên nhóm Zalo của tổ dân phố số 5",
		"themes":   "Phòng chống lừa đảo trực tuyến",
		"tactics":  "Tin nhắn giả mạo ngân hàng kèm đường dẫn lạ",
		"audience": "Người dân tổ dân phố số 5",
		"views":    "1.250",
		"links":    "https://example.com/canh-bao-tin-nhan-gia-mao",
		"duty":     "Tuyên truyền trên mạng xã hội",
	}}
}

// pickForm chooses the example's form label. Each deployment names its
// forms its own way, so the example uses the first label that looks like
// the intended kind (by folded prefix, or anywhere when contains is set:
// "họp" and "hợp" fold alike, so a meeting is only recognised at the
// start), then the label at index fallback, then the first label, and
// only with no labels at all the generic default.
func pickForm(forms []string, fallback int, def string, contains bool, hints ...string) string {
	for _, label := range forms {
		f := vn.Fold(label)
		for _, h := range hints {
			if (contains && strings.Contains(f, h)) || f == h || strings.HasPrefix(f, h+" ") {
				return label
			}
		}
	}
	switch {
	case fallback < len(forms):
		return forms[fallback]
	case len(forms) > 0:
		return forms[0]
	}
	return def
}

// Template writes the import template in format "xlsx" or "csv": the
// header row and two example rows, and for xlsx a "Hướng dẫn" sheet that
// explains every column and lists the accepted forms, plus a drop-down of
// those forms on the "Hình thức" column. forms are the accepted labels.
func Template(w io.Writer, format string, forms []string) error {
	switch format {
	case "xlsx":
		return templateXLSX(w, forms)
	case "csv":
		return templateCSV(w, forms)
	}
	return fmt.Errorf("activityimport: unknown template format %q (want xlsx or csv)", format)
}

// templateCSV writes UTF-8 with a byte-order mark, which is what makes
// Excel on Windows open Vietnamese text correctly instead of guessing the
// local code page.
func templateCSV(w io.Writer, forms []string) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csvsafe.NewWriter(w)
	cw.UseCRLF = true
	header := make([]string, len(Columns))
	for i, c := range Columns {
		header[i] = c.Header
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, ex := range examples(forms) {
		rec := make([]string, len(Columns))
		for i, c := range Columns {
			rec[i] = ex[c.Key]
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
