package activityimport

import (
	"archive/zip"
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseXLSXReadsRealAndWrittenDates(t *testing.T) {
	day := func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 0, 0, 0, 0, time.UTC) }
	rows := [][]any{
		headerRow(),
		// A real date cell in Excel's default US format, which shows
		// "4/22/24": only the stored serial says it is 22 April.
		xlsxRow(map[string]any{
			"date": day(time.April, 22), "date_to": "25/04/2024", "form": "họp",
			"title": "  Họp tổ dân phố số 3  ", "participants": 45,
			"views":    xlsxCell{v: 1250, numFmt: "#,##0"},
			"themes":   "Lừa đảo trực tuyến;\nBảo vệ tài khoản ; ",
			"links":    "https://example.com/a; https://example.com/b",
			"audience": "Người cao tuổi",
		}),
		xlsxRow(map[string]any{
			"date": "ngày 3 tháng 5 năm 2024", "form": "DANG BAI TREN MANG XA HOI",
			"title": "Bài đăng cảnh báo", "views": "1.250", "copies": "1 250", "messages": "0",
		}),
		nil, // a blank row in the middle is skipped, not an error
		xlsxRow(map[string]any{
			"date": xlsxCell{v: day(time.May, 6), numFmt: "dd/mm/yyyy"}, "date_to": day(time.May, 6),
			"form": "leaflet", "title": "Phát tờ rơi tại chợ", "copies": 300, "duty": "Nhiệm vụ 2", "note": "Chợ Đông Ba",
		}),
	}
	got, problems, err := Parse(bytes.NewReader(buildXLSX(t, rows, false)), "hoat-dong.xlsx", testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Fatalf("problems = %q", problemStrings(problems))
	}
	want := []Row{
		{Line: 2, Date: "2024-04-22", DateTo: "2024-04-25", Form: "meeting", Title: "Họp tổ dân phố số 3",
			Themes: []string{"Lừa đảo trực tuyến", "Bảo vệ tài khoản"}, Audience: []string{"Người cao tuổi"},
			Links:        []string{"https://example.com/a", "https://example.com/b"},
			Participants: 45, Views: 1250},
		{Line: 3, Date: "2024-05-03", Form: "social_post", Title: "Bài đăng cảnh báo", Views: 1250, Copies: 1250},
		{Line: 5, Date: "2024-05-06", Form: "leaflet", Title: "Phát tờ rơi tại chợ", Copies: 300,
			Duty: "Nhiệm vụ 2", Note: "Chợ Đông Ba"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows =\n%+v\nwant\n%+v", got, want)
	}
}

func TestParseXLSXDate1904Workbook(t *testing.T) {
	// Old Mac workbooks count days from 1904; the same serial would be
	// four years off if read with the 1900 epoch.
	rows := [][]any{headerRow(), xlsxRow(map[string]any{
		"date": time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC), "form": "Họp", "title": "Họp",
	})}
	got, problems, err := Parse(bytes.NewReader(buildXLSX(t, rows, true)), "mac.xlsx", testOptions())
	if err != nil || len(problems) > 0 {
		t.Fatalf("err = %v, problems = %q", err, problemStrings(problems))
	}
	if len(got) != 1 || got[0].Date != "2024-03-12" {
		t.Errorf("rows = %+v, want one row dated 2024-03-12", got)
	}
}

func TestParseXLSXNumberInDateColumnIsNotADate(t *testing.T) {
	rows := [][]any{headerRow(), xlsxRow(map[string]any{"date": 2024, "form": "Họp", "title": "Họp"})}
	_, problems, err := Parse(bytes.NewReader(buildXLSX(t, rows, false)), "a.xlsx", testOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Dòng 2, cột “Ngày”: ô chứa số “2024” chứ không phải một ngày; hãy ghi dạng 22/04/2024"}
	if got := problemStrings(problems); !reflect.DeepEqual(got, want) {
		t.Errorf("problems = %q, want %q", got, want)
	}
}

func TestParseCSVWithBOMSemicolonsAndExtraColumns(t *testing.T) {
	// Saved by Excel on a Vietnamese-locale machine: BOM, ";" separators,
	// a header with a comma inside, columns in another order, a unit's
	// own "STT" column, a cell broken over two lines (still one row in
	// Excel) and a blank line (an empty row in Excel).
	csv := "\uFEFFSTT;Hình thức;ngay;Nội dung hoạt động;\"Lượt xem, tiếp cận\";Chủ đề;Số người tham dự\r\n" +
		"1;Họp;22/04/2024;Họp dân;;\"Lừa đảo\nTiền ảo\";1.250\r\n" +
		"\r\n" +
		"2;Đăng bài trên mạng xã hội;2024-04-23;Bài viết;1 250;;\r\n" +
		"3;;;;;;\r\n"
	got, problems, err := Parse(strings.NewReader(csv), "hoat-dong.csv", testOptions())
	if err != nil {
		t.Fatal(err)
	}
	wantProblems := []string{"Dòng 1, cột “STT”: cột này không có trong mẫu nên đã bỏ qua"}
	if p := problemStrings(problems); !reflect.DeepEqual(p, wantProblems) {
		t.Errorf("problems = %q, want %q", p, wantProblems)
	}
	want := []Row{
		{Line: 2, Date: "2024-04-22", Form: "meeting", Title: "Họp dân", Themes: []string{"Lừa đảo", "Tiền ảo"}, Participants: 1250},
		{Line: 4, Date: "2024-04-23", Form: "social_post", Title: "Bài viết", Views: 1250},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows =\n%+v\nwant\n%+v", got, want)
	}
}

func TestParseMatchesFormsIgnoringCaseAccentsAndSpaces(t *testing.T) {
	for _, in := range []string{"Họp", "hop", "HỌP", "  họp ", "meeting", "Meeting"} {
		t.Run(in, func(t *testing.T) {
			csv := "Ngày,Hình thức,Nội dung hoạt động\n22/04/2024," + in + ",Họp\n"
			got, problems, err := Parse(strings.NewReader(csv), "a.csv", testOptions())
			if err != nil || len(problems) > 0 {
				t.Fatalf("err = %v, problems = %q", err, problemStrings(problems))
			}
			if got[0].Form != "meeting" {
				t.Errorf("Form = %q, want meeting", got[0].Form)
			}
		})
	}
}

func TestParseRefusesFilesItCannotRead(t *testing.T) {
	header := allHeaders(",")
	row := "22/04/2024,,Họp,Họp dân,,,,,,,,,,\n"
	notZipXLSX := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("word/document.xml")
		w.Write([]byte("<w:document/>"))
		zw.Close()
		return buf.Bytes()
	}()
	tests := []struct {
		name    string
		data    []byte
		maxRows int
		want    []string // every one must appear in the message
	}{
		{"png picture", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"), 0,
			[]string{"“tep.bin” không phải bảng tính .xlsx hay .csv"}},
		{"random bytes", []byte{0x3c, 0x01, 0x9f, 0x00, 0xd4, 0x17, 0x22, 0xee, 0x05, 0x80}, 0,
			[]string{"không phải bảng tính .xlsx hay .csv"}},
		{"zip that is not a workbook", notZipXLSX, 0, []string{"không phải bảng tính .xlsx hay .csv"}},
		{"old xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), 0, []string{"(.xls)", "lưu lại dạng .xlsx"}},
		{"latin-1 csv", []byte("Ng\xe0y,H\xecnh th\xfcc,N\xf4i dung\n22/04/2024,H\xf4p,x\n"), 0,
			[]string{"không dùng bảng mã UTF-8", "“CSV UTF-8 (Comma delimited) (*.csv)”"}},
		{"utf-16 text", []byte("\xFF\xFEN\x00g\x00"), 0, []string{"CSV UTF-8"}},
		{"empty", []byte(" \r\n"), 0, []string{"trống"}},
		{"header only", []byte(header + "\n,,,\n"), 0, []string{"chỉ có dòng tiêu đề, không có dòng hoạt động nào"}},
		{"headers of another form", []byte("Thời gian,Loại hình,Tên hoạt động,Ghi chú\n22/04/2024,Họp,x,\n"), 0, []string{
			"Thiếu cột bắt buộc: “Ngày”, “Hình thức”, “Nội dung hoạt động”.",
			"Cột không có trong mẫu: “Thời gian”, “Loại hình”, “Tên hoạt động”.",
			"Các cột của mẫu: “Ngày” (bắt buộc), “Đến ngày”, “Hình thức” (bắt buộc)",
			"“Ghi chú”. Hãy tải tệp mẫu",
		}},
		{"one required column missing", []byte("Ngày,Nội dung hoạt động\n22/04/2024,x\n"), 0,
			[]string{"Thiếu cột bắt buộc: “Hình thức”."}},
		{"column given twice", []byte("Ngày,Hình thức,Nội dung hoạt động,NGAY\n22/04/2024,Họp,x,23/04/2024\n"), 0,
			[]string{"Cột bị lặp lại: “Ngày”."}},
		{"too many rows", []byte(header + "\n" + row + row + row), 2,
			[]string{"có 3 dòng hoạt động, vượt quá 2 dòng cho một lần nhập"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := testOptions()
			opt.MaxRows = tt.maxRows
			rows, problems, err := Parse(bytes.NewReader(tt.data), "tep.bin", opt)
			if !errors.Is(err, ErrFile) {
				t.Fatalf("err = %v, want ErrFile (rows %d, problems %d)", err, len(rows), len(problems))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message %q\ndoes not contain %q", err.Error(), w)
				}
			}
		})
	}
}

func TestParseAcceptsUpToMaxRows(t *testing.T) {
	row := "22/04/2024,Họp,Họp dân\n"
	opt := testOptions()
	opt.MaxRows = 2
	rows, _, err := Parse(strings.NewReader("Ngày,Hình thức,Nội dung hoạt động\n"+row+row), "a.csv", opt)
	if err != nil || len(rows) != 2 {
		t.Errorf("rows = %d, err = %v; want 2 rows", len(rows), err)
	}
}

func TestParseRejectsBadOptions(t *testing.T) {
	csv := "Ngày,Hình thức,Nội dung hoạt động\n22/04/2024,Họp,x\n"
	for name, opt := range map[string]Options{
		"no forms":        {Today: "2024-06-30"},
		"today not ISO":   {Forms: testForms, Today: "30/06/2024"},
		"window not ISO":  {Forms: testForms, WindowFrom: "2024-1-1"},
		"clashing labels": {Forms: map[string]string{"Họp": "meeting", "HOP": "other"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := Parse(strings.NewReader(csv), "a.csv", opt)
			if err == nil || errors.Is(err, ErrFile) {
				t.Errorf("err = %v, want a programming error, not ErrFile", err)
			}
		})
	}
}
