package activityimport

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseKeepsGoodRowsAndReportsEveryBadCell(t *testing.T) {
	long := strings.Repeat("á", 501)
	lines := []string{
		"Ngày,Đến ngày,Hình thức,Nội dung hoạt động,Số người tham dự,Số bản phát hành,Đường dẫn minh chứng",
		"22/04/2024,,Họp,Họp dân thôn 1,45,,https://example.com/1",            // 2 good
		"22/04/2024,,Họp,Họp dân thôn 2,-5,,",                                 // 3 negative participants
		"31/02/2024,,Họp,Họp dân thôn 3,,,",                                   // 4 no such day
		"22/04/2024,,Chiếu phim,Chiếu phim tuyên truyền,,,",                   // 5 unknown form
		"22/04/2024,,Họp,Họp dân thôn 4,,,www.example.com",                    // 6 link without scheme
		"22/04/2024,20/04/2024,Họp,Họp dân thôn 5,,,",                         // 7 ends before it starts
		"31/12/2023,,Họp,Họp dân thôn 6,,,",                                   // 8 before the window
		"05/07/2024,,Họp,Họp dân thôn 7,,,",                                   // 9 not happened yet
		"22/04/2024,,Họp,,12.5,\"12,5\",",                                     // 10 three problems
		"22/04/2024,,,Không ghi hình thức,,200.000.000,",                      // 11 two problems
		"22/04/2024,,Họp," + long + ",,,",                                     // 12 title too long
		"ngày 23 tháng 4 năm 2024,23/04/2024,phat to roi,Phát tờ rơi,,1.250,", // 13 good
	}
	rows, problems, err := Parse(strings.NewReader(strings.Join(lines, "\n")), "a.csv", testOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Dòng 3, cột “Số người tham dự”: “-5” là số âm; chỉ nhận số từ 0 trở lên",
		"Dòng 4, cột “Ngày”: ngày “31/02/2024” không hợp lệ; hãy ghi dạng 22/04/2024",
		"Dòng 5, cột “Hình thức”: hình thức “Chiếu phim” không có trong danh sách; dùng một trong: " +
			"“Đăng bài trên mạng xã hội”, “Họp”, “Hội thi”, “Loa truyền thanh”, “Nhắn tin cảnh báo”, " +
			"… (xem đủ ở trang “Hướng dẫn” của tệp mẫu)",
		"Dòng 6, cột “Đường dẫn minh chứng”: đường dẫn “www.example.com” không hợp lệ: " +
			"phải là địa chỉ đầy đủ bắt đầu bằng http:// hoặc https://",
		"Dòng 7, cột “Đến ngày”: đến ngày 20/04/2024 trước ngày bắt đầu 22/04/2024",
		"Dòng 8, cột “Ngày”: ngày 31/12/2023 ngoài kỳ báo cáo (từ 01/01/2024 đến 30/06/2024)",
		"Dòng 9, cột “Ngày”: ngày 05/07/2024 chưa tới (hôm nay là 30/06/2024); chỉ nhập hoạt động đã thực hiện",
		"Dòng 10, cột “Nội dung hoạt động”: bắt buộc, không được để trống",
		"Dòng 10, cột “Số người tham dự”: “12.5” không phải là số; hãy ghi số nguyên, ví dụ 1250 hoặc 1.250",
		"Dòng 10, cột “Số bản phát hành”: “12,5” không phải số nguyên (dấu phẩy là phần thập phân); " +
			"hàng nghìn ngăn cách bằng dấu chấm: 1.250",
		"Dòng 11, cột “Hình thức”: bắt buộc, không được để trống",
		"Dòng 11, cột “Số bản phát hành”: con số quá lớn, hãy kiểm tra lại",
		"Dòng 12, cột “Nội dung hoạt động”: nội dung dài 501 ký tự, tối đa 500 ký tự",
	}
	if got := problemStrings(problems); !reflect.DeepEqual(got, want) {
		t.Errorf("problems =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var lineNos []int
	for _, r := range rows {
		lineNos = append(lineNos, r.Line)
	}
	if !reflect.DeepEqual(lineNos, []int{2, 13}) {
		t.Errorf("good rows are lines %v, want [2 13]", lineNos)
	}
	if len(rows) == 2 && (rows[1].Form != "leaflet" || rows[1].Copies != 1250 || rows[1].DateTo != "") {
		t.Errorf("row 13 = %+v, want leaflet, 1250 copies, single day", rows[1])
	}
}

func TestParseWindowWithOnlyOneEnd(t *testing.T) {
	csv := "Ngày,Hình thức,Nội dung hoạt động\n01/01/2023,Họp,x\n"
	tests := []struct {
		name     string
		from, to string
		want     string
	}{
		{"only a start", "2024-01-01", "", "ngày 01/01/2023 ngoài kỳ báo cáo (từ 01/01/2024)"},
		{"only an end", "", "2022-12-31", "ngày 01/01/2023 ngoài kỳ báo cáo (đến hết 31/12/2022)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := Options{Forms: testForms, WindowFrom: tt.from, WindowTo: tt.to}
			_, problems, err := Parse(strings.NewReader(csv), "a.csv", opt)
			if err != nil || len(problems) != 1 || problems[0].Message != tt.want {
				t.Errorf("err = %v, problems = %q, want one %q", err, problemStrings(problems), tt.want)
			}
		})
	}
}

func TestParseCountAcceptsVietnameseNumbers(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantMsg string // substring of the message; "" means valid
	}{
		{"", 0, ""},
		{"0", 0, ""},
		{"1250", 1250, ""},
		{"1.250", 1250, ""},
		{"1 250", 1250, ""},
		{"1\u00a0250", 1250, ""},
		{"1.250.000", 1250000, ""},
		{"100.000.000", 100000000, ""},
		{"100.000.001", 0, "con số quá lớn, hãy kiểm tra lại"},
		{"99999999999999999999", 0, "con số quá lớn, hãy kiểm tra lại"},
		{"-5", 0, "là số âm"},
		{"\u22125", 0, "là số âm"},
		{"12,5", 0, "không phải số nguyên"},
		{"1,250", 1250, ""}, // an English-locale export of a "#,##0" cell
		{"1,250,000", 1250000, ""},
		{"1,25", 0, "dấu phẩy là phần thập phân"},
		{"1.250,5", 0, "không phải số nguyên"},
		{"1.250,000", 0, "không phải số nguyên"},
		{"1.250 000", 1250000, ""},
		{"-1,5", 0, "là số âm"},
		{"+5", 0, "không phải là số"},
		{"1. 250", 0, "không phải là số"},
		{"1.25", 0, "không phải là số"},
		{"12.50.000", 0, "không phải là số"},
		{"1..250", 0, "không phải là số"},
		{"45 người", 0, "không phải là số"},
		{"abc", 0, "không phải là số"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			n, msg := parseCount(cell{text: tt.in})
			if n != tt.want || (tt.wantMsg == "") != (msg == "") || !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("parseCount(%q) = %d, %q; want %d, %q", tt.in, n, msg, tt.want, tt.wantMsg)
			}
		})
	}
}

func TestParseCountOfXLSXNumberCells(t *testing.T) {
	tests := []struct {
		name    string
		num     float64
		want    int64
		wantMsg string
	}{
		{"whole", 1250, 1250, ""},
		{"negative", -3, 0, "là số âm"},
		{"fraction", 2.5, 0, "không phải số nguyên"},
		{"too big", 2e8, 0, "con số quá lớn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, msg := parseCount(cell{isNum: true, num: tt.num, text: "x"})
			if n != tt.want || (tt.wantMsg == "") != (msg == "") || !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("got %d, %q; want %d, %q", n, msg, tt.want, tt.wantMsg)
			}
		})
	}
}

func TestSplitListAndLinks(t *testing.T) {
	if got := splitList(" a ;\n b;;\r\n c ; "); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("splitList = %q", got)
	}
	got := splitLinks("https://a.vn/x https://b.vn\nhttp://c.vn;")
	if !reflect.DeepEqual(got, []string{"https://a.vn/x", "https://b.vn", "http://c.vn"}) {
		t.Errorf("splitLinks = %q", got)
	}
	for s, want := range map[string]bool{
		"https://example.com/a?b=1": true, "HTTP://example.com": true,
		"www.example.com": false, "ftp://example.com": false, "https://": false, "example": false,
	} {
		if isWebURL(s) != want {
			t.Errorf("isWebURL(%q) = %v, want %v", s, !want, want)
		}
	}
}
