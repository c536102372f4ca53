package activityimport

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// templateLabels are the form labels a deployment passes to Template, in
// its own display order.
var templateLabels = []string{"Họp", "Phát tờ rơi", "Đăng bài trên mạng xã hội", "Hội thi", "Loa truyền thanh", "Nhắn tin cảnh báo"}

func TestTemplateRoundTripsThroughParse(t *testing.T) {
	want := []Row{
		{Line: 2, Date: "2024-03-12", Form: "meeting",
			Title:    "Sinh hoạt chi bộ thôn Đông Hòa: phổ biến các thủ đoạn lừa đảo qua điện thoại và mạng xã hội",
			Themes:   []string{"Phòng chống lừa đảo trực tuyến", "Bảo vệ tài khoản ngân hàng"},
			Tactics:  []string{"Giả danh công an gọi điện yêu cầu chuyển tiền", "Mời đầu tư tiền ảo lãi cao"},
			Audience: []string{"Đảng viên", "Người cao tuổi"}, Participants: 45,
			Duty: "Tuyên truyền tại khu dân cư", Note: "Lồng ghép trong buổi sinh hoạt chi bộ định kỳ tháng 3"},
		{Line: 3, Date: "2024-04-02", Form: "social_post",
			Title:    "Đăng bài cảnh báo tin nhắn giả mạo ngân hàng lên nhóm Zalo của tổ dân phố số 5",
			Themes:   []string{"Phòng chống lừa đảo trực tuyến"},
			Tactics:  []string{"Tin nhắn giả mạo ngân hàng kèm đường dẫn lạ"},
			Audience: []string{"Người dân tổ dân phố số 5"}, Views: 1250,
			Links: []string{"https://example.com/canh-bao-tin-nhan-gia-mao"}, Duty: "Tuyên truyền trên mạng xã hội"},
	}
	for _, format := range []string{"xlsx", "csv"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Template(&buf, format, templateLabels); err != nil {
				t.Fatal(err)
			}
			rows, problems, err := Parse(&buf, "mau."+format, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			if len(problems) > 0 {
				t.Errorf("problems = %q", problemStrings(problems))
			}
			if !reflect.DeepEqual(rows, want) {
				t.Errorf("rows =\n%+v\nwant\n%+v", rows, want)
			}
		})
	}
}

func TestTemplateCSVOpensInExcelAsUTF8(t *testing.T) {
	var buf bytes.Buffer
	if err := Template(&buf, "csv", templateLabels); err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(buf.String(), "\r\n")
	if want := "\uFEFF" + allHeaders(","); first != want {
		t.Errorf("first line = %q, want BOM + %q", first, want)
	}
	if !strings.Contains(buf.String(), ",1.250,") {
		t.Error("the post example should show its views as 1.250, the Vietnamese way")
	}
}

func TestTemplateXLSXHasGuideAndFormDropDown(t *testing.T) {
	var buf bytes.Buffer
	if err := Template(&buf, "xlsx", templateLabels); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"Hoạt động", "Hướng dẫn"}) {
		t.Fatalf("sheets = %q", got)
	}

	// The example date is a real date cell shown the Vietnamese way.
	if typ, _ := f.GetCellType("Hoạt động", "A2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("A2 type = %v, want a number (a real date)", typ)
	}
	if shown, _ := f.GetCellValue("Hoạt động", "A2"); shown != "12/03/2024" {
		t.Errorf("A2 shows %q, want 12/03/2024", shown)
	}

	guideRows, err := f.GetRows("Hướng dẫn")
	if err != nil {
		t.Fatal(err)
	}
	byFirst := map[string][]string{}
	for _, r := range guideRows {
		if len(r) > 0 {
			byFirst[r[0]] = r
		}
	}
	for _, c := range Columns {
		r, ok := byFirst[c.Header]
		if !ok || len(r) < 3 || r[2] == "" {
			t.Errorf("guide has no explanation for column %q: %q", c.Header, r)
			continue
		}
		if (r[1] == "Bắt buộc") != c.Required {
			t.Errorf("guide says %q for %q, required = %v", r[1], c.Header, c.Required)
		}
	}
	for _, label := range templateLabels {
		if _, ok := byFirst[label]; !ok {
			t.Errorf("guide does not list the form %q", label)
		}
	}

	dvs, err := f.GetDataValidations("Hoạt động")
	if err != nil {
		t.Fatal(err)
	}
	if len(dvs) != 1 || dvs[0].Sqref != "C2:C5001" || !strings.HasPrefix(dvs[0].Formula1, "'Hướng dẫn'!$A$") {
		t.Errorf("data validations = %+v, want a drop-down on C2:C5001 from the guide sheet", dvs)
	}
}

func TestTemplateExamplesUseTheDeploymentsOwnLabels(t *testing.T) {
	tests := []struct {
		name   string
		labels []string
		want   [2]string
	}{
		{"recognised by name", []string{"Phối hợp tổng hợp", "Họp dân", "Bài viết trên Zalo"},
			[2]string{"Họp dân", "Bài viết trên Zalo"}},
		{"unrecognised: first two", []string{"Tọa đàm", "Hội thi"}, [2]string{"Tọa đàm", "Hội thi"}},
		{"a single label", []string{"Tọa đàm"}, [2]string{"Tọa đàm", "Tọa đàm"}},
		{"none", nil, [2]string{"Họp", "Đăng bài trên mạng xã hội"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := examples(tt.labels)
			if got := [2]string{ex[0]["form"], ex[1]["form"]}; got != tt.want {
				t.Errorf("example forms = %q, want %q", got, tt.want)
			}
			for _, e := range ex {
				if len(tt.labels) > 0 && !slices.Contains(tt.labels, e["form"]) {
					t.Errorf("example form %q is not among the labels", e["form"])
				}
			}
		})
	}
}

func TestTemplateRefusesUnknownFormat(t *testing.T) {
	if err := Template(&bytes.Buffer{}, "ods", nil); err == nil {
		t.Error("Template(ods) succeeded, want an error")
	}
}
