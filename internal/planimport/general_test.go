package planimport

import (
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Plans written for these tests, unlike the seeds in layout and wording:
// a commune after the 2025 reform with "a)" duties, a school plan with
// "Căn cứ" lines and "|" header cells, a district plan with a numeric date,
// a tab-separated header and signature and recipients side by side, a
// police department numbering "1.", "2.1." without Roman parts, and a
// department assigning duties in "- Unit: task" bullets.
func TestUnseenPlans(t *testing.T) {
	tests := []struct {
		name       string
		file       string
		number     string
		symbol     string
		date       string
		place      string
		issuer     string
		groups     []string
		periods    []Period
		signer     Signer
		recipients int
	}{
		{
			name: "commune after 2025 with lettered duties under Phân công", file: "xa_tan_phu_2025.txt",
			number: "15", symbol: "KH-UBND", date: "2025-09-03", place: "Tân Phú", issuer: "Ủy ban nhân dân xã Tân Phú",
			groups:     []string{"Công an xã", "Văn phòng - Thống kê xã", "Trường Tiểu học Tân Phú", "Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Công an xã"},
			periods:    []Period{{"tháng", "25", "Công an xã", "Ủy ban nhân dân xã"}, {"đột xuất", "", "Công an xã", "Ủy ban nhân dân xã"}},
			signer:     Signer{"TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Minh Khoa"},
			recipients: 4,
		},
		{
			name: "school plan with Căn cứ lines and reports on two dates", file: "truong_thcs_2025.txt",
			number: "07", symbol: "KH-THCS", date: "2025-09-12", place: "Hòa Vang", issuer: "Trường THCS Nguyễn Trãi",
			groups:     []string{"Ban Giám hiệu", "Giáo viên chủ nhiệm", "Liên đội"},
			periods:    []Period{{"6 tháng", "25/5", "Các tổ chuyên môn, Liên đội", "Ban Giám hiệu"}, {"6 tháng", "25/11", "Các tổ chuyên môn, Liên đội", "Ban Giám hiệu"}},
			signer:     Signer{"", "HIỆU TRƯỞNG", "Phạm Thị Thu Hà"},
			recipients: 4,
		},
		{
			name: "district plan with numeric date and deputy signing", file: "huyen_cam_xuyen_2025.txt",
			number: "03", symbol: "KH-UBND", date: "2025-01-15", place: "Cẩm Xuyên", issuer: "Ủy ban nhân dân huyện Cẩm Xuyên",
			groups: []string{"Công an huyện", "Phòng Văn hóa và Thông tin", "Ủy ban nhân dân các xã, thị trấn"},
			periods: []Period{
				{"quý", "20", "Ủy ban nhân dân các xã, thị trấn", "Công an huyện - Cơ quan Thường trực Ban Chỉ đạo 138 huyện"},
				{"năm", "10/12", "Ủy ban nhân dân các xã, thị trấn", "Công an huyện - Cơ quan Thường trực Ban Chỉ đạo 138 huyện"},
			},
			signer:     Signer{"KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn B"},
			recipients: 4,
		},
		{
			name: "police department: date before number, no Roman parts, title on the heading line", file: "phong_anm_2025.txt",
			number: "45", symbol: "KH-ANM", date: "2025-03-05", place: "Đà Lạt",
			issuer:     "Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
			groups:     []string{"Đội Tham mưu tổng hợp", "Các Đội nghiệp vụ", "Công an các xã, phường"},
			periods:    []Period{{"quý", "", "Đội Tham mưu tổng hợp", "Ban Giám đốc Công an tỉnh"}},
			signer:     Signer{"", "TRƯỞNG PHÒNG", "Nguyễn Hữu Tâm"},
			recipients: 2,
		},
		{
			name: "department under a province: “- Unit: task” bullets and an acting director", file: "so_y_te_2024.txt",
			number: "1234", symbol: "KH-SYT", date: "2024-05-14", place: "Nghệ An", issuer: "Sở Y tế",
			groups:     []string{"Văn phòng Sở", "Các bệnh viện tuyến tỉnh", "Trung tâm Kiểm soát bệnh tật"},
			periods:    []Period{{"6 tháng", "", "Văn phòng Sở", "Sở"}, {"năm", "", "Văn phòng Sở", "Sở"}},
			signer:     Signer{"", "Q. GIÁM ĐỐC", "Hồ Thị Lan Anh"},
			recipients: 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := parseFile(t, filepath.Join("testdata", tt.file))
			eq(t, "kind", r.Kind, KindPlan)
			eq(t, "number", r.Number, tt.number)
			eq(t, "symbol", r.Symbol, tt.symbol)
			eq(t, "date", date(r), tt.date)
			eq(t, "place", r.Place, tt.place)
			eq(t, "issuer", r.Issuer, tt.issuer)
			if got := groups(r); !slices.Equal(got, tt.groups) {
				t.Errorf("groups = %q, want %q", got, tt.groups)
			}
			if !slices.Equal(r.Regime.Periods, tt.periods) {
				t.Errorf("periods = %+v, want %+v", r.Regime.Periods, tt.periods)
			}
			eq(t, "signer", r.Signer, tt.signer)
			eq(t, "recipients", len(r.Recipients), tt.recipients)
			if len(r.Warnings) != 0 {
				t.Errorf("a complete plan should read without warnings: %q", r.Warnings)
			}
		})
	}
}

func TestUnseenPlanDetails(t *testing.T) {
	t.Run("commune: roles, deadline and target inside lettered duties", func(t *testing.T) {
		r := parseFile(t, filepath.Join("testdata", "xa_tan_phu_2025.txt"))
		ca := dutiesOf(r, "Công an xã")
		eq(t, "Công an xã deadline", ca[0].Deadline, "2025-09-30")
		eq(t, "Văn phòng role", dutiesOf(r, "Văn phòng - Thống kê xã")[0].Role, RoleSupport)
		school := dutiesOf(r, "Trường Tiểu học Tân Phú")
		eq(t, "school duties", len(school), 2)
		eq(t, "school target", school[1].Target, "100% học sinh khối 4, khối 5")
		eq(t, "title", r.Title, "Phòng ngừa lừa đảo qua mạng cho người dân trên địa bàn xã quý IV năm 2025")
		b, _ := findBasis(r, "210/KH-UBND")
		eq(t, "basis", b, Basis{Text: b.Text, Number: "210/KH-UBND", Date: "2025-08-18", Issuer: "Ủy ban nhân dân tỉnh Đồng Nai"})
	})
	t.Run("school: every Căn cứ line is a basis with its date", func(t *testing.T) {
		r := parseFile(t, filepath.Join("testdata", "truong_thcs_2025.txt"))
		if len(r.Basis) != 2 {
			t.Fatalf("basis = %+v", r.Basis)
		}
		eq(t, "law", r.Basis[0].Text, "Luật An ninh mạng ngày 12 tháng 6 năm 2018")
		eq(t, "law date", r.Basis[0].Date, "2018-06-12")
		eq(t, "plan number", r.Basis[1].Number, "125/KH-PGDĐT")
		eq(t, "plan issuer", r.Basis[1].Issuer, "Phòng Giáo dục và Đào tạo huyện Hòa Vang")
		eq(t, "Liên đội deadline", dutiesOf(r, "Liên đội")[0].Deadline, "2025-11-20")
		eq(t, "Liên đội target", dutiesOf(r, "Liên đội")[0].Target, "100% chi đội")
	})
	t.Run("district: phases and Roman parts without sub-parts", func(t *testing.T) {
		r := parseFile(t, filepath.Join("testdata", "huyen_cam_xuyen_2025.txt"))
		want := []Phase{{"Giai đoạn 1", "2025", "2025"}, {"Giai đoạn 2", "2026", "2026"}}
		if !slices.Equal(r.Phases, want) {
			t.Errorf("phases = %+v", r.Phases)
		}
		eq(t, "title", r.Title, "Triển khai mô hình “Khu dân cư an toàn trên không gian mạng” năm 2025 - 2026")
		eq(t, "deadline", dutiesOf(r, "Công an huyện")[0].Deadline, "2025-02-28")
	})
}

func TestNotAPlan(t *testing.T) {
	tests := []struct {
		name, file, text, saw string
	}{
		{"a recipe", "canh_chua.txt", "", "đã đọc 7 dòng, dòng đầu: “Cách nấu canh chua cá lóc”"},
		{"lorem ipsum", "", "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\nSed do eiusmod tempor incididunt ut labore.\n", "đã đọc 2 dòng"},
		{"an empty file", "", "", "0 dòng"},
		{"only blank lines", "", "\n  \n\t\n", "0 dòng"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Parse(tt.text)
			if tt.file != "" {
				r = parseFile(t, filepath.Join("testdata", tt.file))
			}
			eq(t, "kind", r.Kind, KindUnknown)
			requireWarning(t, r, "Không thấy dấu hiệu của một kế hoạch", tt.saw)
			if len(r.Duties) != 0 || len(r.Sections) != 0 || r.Title != "" {
				t.Errorf("nothing should be read from a non-plan: %+v", r)
			}
		})
	}
}

func TestImpossibleDatesAreNotGuessed(t *testing.T) {
	text := "Số: 12/KH-UBND\nHà Nội, ngày 31 tháng 2 năm 2024\nKẾ HOẠCH\nThử nghiệm\n" +
		"I. MỤC ĐÍCH\n- Kiểm tra.\nII. TỔ CHỨC THỰC HIỆN\n1. Công an phường: rà soát trước ngày 30/02/2024.\n"
	r := Parse(text)
	eq(t, "date", date(r), "<null>")
	eq(t, "place", r.Place, "Hà Nội")
	requireWarning(t, r, "“ngày 31 tháng 2 năm 2024”", "dòng 2")
	eq(t, "deadline", dutiesOf(r, "Công an phường")[0].Deadline, "")
	requireWarning(t, r, "30/02/2024")
}

func TestUnaccentedAndCRLFInput(t *testing.T) {
	text := "So: 5/KH-UBND\r\nHue, ngay 1 thang 7 nam 2025\r\nKE HOACH\r\nTuyen truyen an toan mang\r\n" +
		"I. MUC DICH\r\n- Nang cao nhan thuc.\r\nII. TO CHUC THUC HIEN\r\n1. Cong an phuong: chu tri.\r\n"
	r := Parse(text)
	eq(t, "kind", r.Kind, KindPlan)
	eq(t, "title", r.Title, "Tuyen truyen an toan mang")
	eq(t, "sections", len(r.Sections), 3)
}

func TestJSONContract(t *testing.T) {
	b, err := json.Marshal(Parse(""))
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{
		`"number":""`, `"symbol":""`, `"issuer":""`, `"place":""`, `"date":null`, `"title":""`, `"kind":"unknown"`,
		`"basis":[]`, `"sections":[]`, `"duties":[]`, `"phases":[]`, `"regime":{"periods":[]}`,
		`"signer":{"authority":"","title":"","name":""}`, `"recipients":[]`, `"sources":{}`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("JSON lacks %s: %s", want, got)
		}
	}
	if strings.Contains(got, "about") {
		t.Errorf("about must be omitted for non-news: %s", got)
	}
	b, _ = json.Marshal(parseFile(t, filepath.Join(seedDir, "001.txt")))
	for _, want := range []string{`"date":"2024-04-22"`, `"sources":{"basis[0]":{"line":`, `"role":"chủ trì"`, `"deadline":"2024-05-20"`, `"periods":[{"name":"6 tháng","due":"05/6","unit":"","to":"Công an tỉnh"}`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
}

func TestParseNeverPanics(t *testing.T) {
	inputs := []string{
		"KẾ HOẠCH", "KẾ HOẠCH\nI.", "Số:", "Số: /", "I.\nII.\nIII.", "\xff\xfe garbage \x00",
		"KẾ HOẠCH\n1. Công an: \n./.", "Nơi nhận:\n-\nCHỦ TỊCH", strings.Repeat("- Giai đoạn 2020\n", 50),
		"Hà Nội, ngày\nKẾ HOẠCH\nIII. TỔ CHỨC THỰC HIỆN\na)\n+ x\n./.\nGIÁM ĐỐC\nNguyễn Văn AÝ kiến bạn đọc",
	}
	for _, in := range inputs {
		r := Parse(in)
		if r.Warnings == nil || r.Sources == nil || r.Duties == nil {
			t.Errorf("Parse(%q) left nil slices", in)
		}
	}
}

// TestDamagedPlansDoNotBreakTheReader cuts, drops, swaps and shouts lines
// of every sample plan and inserts stray markers: Parse recovers from a
// panic by returning an empty result, so any "Lỗi khi đọc" is a bug.
func TestDamagedPlansDoNotBreakTheReader(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	more, _ := filepath.Glob(filepath.Join("testdata", "*.txt"))
	rng := rand.New(rand.NewSource(7))
	markers := []string{"./.", "Nơi nhận:", "|", ":", "KẾ HOẠCH", "I.", "a)", "- ", "CHỦ TỊCH", "Số:"}
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		orig := strings.Split(string(b), "\n")
		for range 40 {
			ls := slices.Clone(orig)
			for range 1 + rng.Intn(6) {
				i := rng.Intn(len(ls))
				switch rng.Intn(5) {
				case 0:
					ls = slices.Delete(ls, i, i+1)
				case 1:
					if r := []rune(ls[i]); len(r) > 0 {
						ls[i] = string(r[:rng.Intn(len(r))])
					}
				case 2:
					ls[i] = strings.ToUpper(ls[i])
				case 3:
					ls = slices.Insert(ls, i, markers[rng.Intn(len(markers))])
				case 4:
					j := rng.Intn(len(ls))
					ls[i], ls[j] = ls[j], ls[i]
				}
				if len(ls) == 0 {
					ls = []string{""}
				}
			}
			text := strings.Join(ls, "\n")
			if r := Parse(text); warned(r, "Lỗi khi đọc") {
				t.Fatalf("%s: %q\n%s", f, r.Warnings, text)
			}
		}
	}
}
