package planimport

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The five published plans the product ships (extraction noise included).
const seedDir = "../demo/seeds"

func parseFile(t *testing.T, path string) Result {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Parse(string(b))
}

func date(r Result) string {
	if r.Date == nil {
		return "<null>"
	}
	return *r.Date
}

func eq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// warned reports whether some warning contains every fragment.
func warned(r Result, fragments ...string) bool {
	return slices.ContainsFunc(r.Warnings, func(w string) bool {
		for _, f := range fragments {
			if !strings.Contains(w, f) {
				return false
			}
		}
		return true
	})
}

func requireWarning(t *testing.T, r Result, fragments ...string) {
	t.Helper()
	if !warned(r, fragments...) {
		t.Errorf("no warning containing %q; warnings: %q", fragments, r.Warnings)
	}
}

// dutiesOf returns the duties whose unit is exactly unit.
func dutiesOf(r Result, unit string) []Duty {
	var out []Duty
	for _, d := range r.Duties {
		if d.Unit == unit {
			out = append(out, d)
		}
	}
	return out
}

// groups lists the units of the duty groups in order.
func groups(r Result) []string {
	var out []string
	last := 0
	for _, d := range r.Duties {
		if d.Group != last {
			out = append(out, d.Unit)
			last = d.Group
		}
	}
	return out
}

func findBasis(r Result, number string) (Basis, bool) {
	for _, b := range r.Basis {
		if b.Number == number {
			return b, true
		}
	}
	return Basis{}, false
}

func TestSeedProvincePlan940(t *testing.T) {
	r := parseFile(t, filepath.Join(seedDir, "001.txt"))

	t.Run("header is read with its sources", func(t *testing.T) {
		eq(t, "kind", r.Kind, KindPlan)
		eq(t, "number", r.Number, "940")
		eq(t, "symbol", r.Symbol, "KH-UBND")
		eq(t, "date", date(r), "2024-04-22")
		eq(t, "place", r.Place, "Cao Bằng")
		eq(t, "issuer", r.Issuer, "Ủy ban nhân dân tỉnh Cao Bằng")
		eq(t, "number source line", r.Sources["number"].Line, 4)
		eq(t, "date source text", r.Sources["date"].Text, "Cao Bằng, ngày 22 tháng 4 năm 2024 |")
		if !strings.Contains(r.Title, "CHIẾN DỊCH TUYÊN TRUYỀN") || !strings.HasSuffix(r.Title, "”") {
			t.Errorf("title = %q, want the line after KẾ HOẠCH with its quotes", r.Title)
		}
	})
	t.Run("basis found inside the introduction sentence", func(t *testing.T) {
		b, ok := findBasis(r, "578/KH-BCA-A05")
		if !ok {
			t.Fatalf("basis 578/KH-BCA-A05 missing: %+v", r.Basis)
		}
		eq(t, "date", b.Date, "2023-11-17")
		eq(t, "issuer", b.Issuer, "Bộ Công an")
	})
	t.Run("sections are the five Roman parts with their sub-parts", func(t *testing.T) {
		var top []string
		for _, s := range r.Sections {
			if s.Level == 1 {
				top = append(top, strings.SplitN(s.Heading, ".", 2)[0])
			}
		}
		if !slices.Equal(top, []string{"I", "II", "III", "IV", "V"}) {
			t.Errorf("level-1 sections = %q", top)
		}
		if s := r.Sections[0]; !strings.HasPrefix(s.Text, "- Tăng cường") {
			t.Errorf("section I text keeps its bullets: %q", truncRunes(s.Text, 40))
		}
	})
	t.Run("one duty group per numbered agency", func(t *testing.T) {
		want := []string{
			"Công an tỉnh", "Sở Thông tin và Truyền thông", "Sở Giáo dục và Đào tạo", "Sở Công Thương",
			"Sở Giao thông Vận tải", "Ngân hàng Nhà nước chi nhánh tỉnh Cao Bằng",
			"Các cơ quan báo chí, Đài Phát thanh - Truyền hình trên địa bàn tỉnh",
			"Các Sở, Ban ngành, đoàn thể tỉnh, UBND các huyện, thành phố",
			"Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, các tổ chức chính trị - xã hội tỉnh",
		}
		if got := groups(r); !slices.Equal(got, want) {
			t.Errorf("groups =\n%q\nwant\n%q", got, want)
		}
		eq(t, "Công an tỉnh duties", len(dutiesOf(r, "Công an tỉnh")), 7)
		ct := dutiesOf(r, "Sở Công Thương")
		if len(ct) != 1 || !strings.HasPrefix(ct[0].Text, "Chỉ đạo, vận động") {
			t.Errorf("Sở Công Thương duty is the text after the colon: %+v", ct)
		}
	})
	t.Run("role follows a leading Phối hợp", func(t *testing.T) {
		for _, d := range r.Duties {
			want := RoleLead
			if strings.HasPrefix(d.Text, "Phối hợp") {
				want = RoleSupport
			}
			if d.Role != want {
				t.Errorf("role of %q = %q, want %q", truncRunes(d.Text, 40), d.Role, want)
			}
		}
	})
	t.Run("deadline and target of duties", func(t *testing.T) {
		for _, d := range r.Duties {
			if strings.Contains(d.Text, "trước ngày 20/5/2024") {
				eq(t, "deadline", d.Deadline, "2024-05-20")
				eq(t, "group", d.Group, 8)
			}
		}
		gd := dutiesOf(r, "Sở Giáo dục và Đào tạo")
		if len(gd) == 0 || !strings.HasPrefix(gd[0].Target, "100% các trường") {
			t.Errorf("Sở GD&ĐT target: %+v", gd)
		}
	})
	t.Run("reporting regime", func(t *testing.T) {
		want := []Period{{"6 tháng", "05/6", "", "Công an tỉnh"}, {"năm", "05/12", "", "Công an tỉnh"}, {"đột xuất", "", "", "Công an tỉnh"}}
		if !slices.Equal(r.Regime.Periods, want) {
			t.Errorf("periods = %+v", r.Regime.Periods)
		}
	})
	t.Run("signer without a name and web page text are reported", func(t *testing.T) {
		eq(t, "signer title", r.Signer.Title, "CHỦ TỊCH")
		eq(t, "signer name", r.Signer.Name, "")
		requireWarning(t, r, "họ tên người ký")
		requireWarning(t, r, "Bỏ qua 5 dòng sau phần ký", "Ý kiến bạn đọc")
		for _, s := range r.Sections {
			if strings.Contains(s.Text, "Ý kiến bạn đọc") || strings.Contains(s.Text, "micro") {
				t.Errorf("web page text leaked into section %q", s.Heading)
			}
		}
	})
}

func TestSeedDepartmentPlanFromPDF(t *testing.T) {
	r := parseFile(t, filepath.Join(seedDir, "004.txt"))
	eq(t, "kind", r.Kind, KindPlan)
	eq(t, "number", r.Number, "")
	requireWarning(t, r, "số hiệu")
	eq(t, "date", date(r), "<null>")
	requireWarning(t, r, "ngày ban hành", "2024")
	eq(t, "issuer", r.Issuer, "Sở Nông nghiệp và Phát triển nông thôn")
	eq(t, "title", r.Title, "Triển khai “Chiến dịch tuyên truyền đấu tranh phòng, chống hoạt động tội phạm trên không gian mạng”")

	b, ok := findBasis(r, "940/KH-UBND")
	if !ok {
		t.Fatalf("basis 940/KH-UBND missing: %+v", r.Basis)
	}
	eq(t, "basis date (spelled out)", b.Date, "2024-04-22")

	if got := groups(r); !slices.Equal(got, []string{"Các đơn vị trực thuộc Sở", "Văn phòng Sở"}) {
		t.Errorf("groups = %q", got)
	}
	t.Run("wrapped lines are re-joined into paragraphs", func(t *testing.T) {
		d := dutiesOf(r, "Các đơn vị trực thuộc Sở")
		if len(d) != 3 {
			t.Fatalf("want 3 bullets, got %d: %+v", len(d), d)
		}
		if !strings.Contains(d[2].Text, "(qua Văn phòng Sở).") {
			t.Errorf("last bullet not re-joined: %q", d[2].Text)
		}
	})
	t.Run("each unit's report periods", func(t *testing.T) {
		want := []Period{
			{"6 tháng", "01/6", "Các đơn vị trực thuộc Sở", "Sở Nông nghiệp và PTNT"},
			{"năm", "01/12", "Các đơn vị trực thuộc Sở", "Sở Nông nghiệp và PTNT"},
			{"đột xuất", "", "Các đơn vị trực thuộc Sở", "Sở Nông nghiệp và PTNT"},
			{"6 tháng", "05/6", "Văn phòng Sở", "Công an tỉnh"},
			{"năm", "05/12", "Văn phòng Sở", "Công an tỉnh"},
			{"đột xuất", "", "Văn phòng Sở", "Công an tỉnh"},
		}
		if !slices.Equal(r.Regime.Periods, want) {
			t.Errorf("periods =\n%+v\nwant\n%+v", r.Regime.Periods, want)
		}
	})
	eq(t, "signer", r.Signer, Signer{Title: "GIÁM ĐỐC", Name: "Nguyễn Thái Hà"})
	if want := []string{"Công an tỉnh", "Ban Giám đốc", "Các phòng, đơn vị trực thuộc Sở", "Lưu: VT."}; !slices.Equal(r.Recipients, want) {
		t.Errorf("recipients = %q", r.Recipients)
	}
}

func TestSeedDraftWithBlankNumberAndDate(t *testing.T) {
	r := parseFile(t, filepath.Join(seedDir, "002.txt"))
	eq(t, "kind", r.Kind, KindPlan)
	eq(t, "number", r.Number, "")
	eq(t, "date", date(r), "<null>")
	requireWarning(t, r, "số hiệu", "để trống")
	requireWarning(t, r, "ngày ban hành", "Đắk Nông, ngày")
	eq(t, "place", r.Place, "Đắk Nông")
	eq(t, "issuer", r.Issuer, "Sở Khoa học và Công nghệ tỉnh Đắk Nông")
	want := []Phase{{"Giai đoạn 1", "2020", "2022"}, {"Giai đoạn 2", "2022", "2025"}}
	if !slices.Equal(r.Phases, want) {
		t.Errorf("phases = %+v", r.Phases)
	}
	b, ok := findBasis(r, "631-KL/BTGTU")
	if !ok {
		t.Fatalf("conclusion 631-KL/BTGTU missing from basis: %+v", r.Basis)
	}
	eq(t, "basis issuer", b.Issuer, "Ban Tuyên giáo Tỉnh ủy")
	if got := groups(r); len(got) != 3 || got[0] != "Văn phòng Sở" {
		t.Errorf("groups = %q", got)
	}
	eq(t, "signer", r.Signer, Signer{Authority: "KT. GIÁM ĐỐC", Title: "PHÓ GIÁM ĐỐC", Name: "Nguyễn Việt Thuật"})
}

func TestSeedNewsItemIsNotThePlan(t *testing.T) {
	r := parseFile(t, filepath.Join(seedDir, "003.txt"))
	eq(t, "kind", r.Kind, KindNews)
	if r.About == nil {
		t.Fatal("About is nil")
	}
	eq(t, "about", *r.About, Reference{
		Number: "89/KH-TBATANM", Date: "2024-06-07", Issuer: "Tiểu ban An toàn, An ninh mạng tỉnh Quảng Nam",
		Title: "Tuyên truyền nâng cao nhận thức về an ninh, an toàn thông tin và phòng, chống tội phạm trên không gian mạng trên địa bàn tỉnh Quảng Nam",
	})
	eq(t, "number", r.Number, "")
	eq(t, "date", date(r), "<null>")
	requireWarning(t, r, "bản tin", "89/KH-TBATANM")
	if d := dutiesOf(r, "Công an tỉnh"); len(d) != 1 {
		t.Errorf("Công an tỉnh as standing body: %+v", r.Duties)
	}
	if len(r.Duties) == 0 || !strings.HasPrefix(r.Duties[0].Unit, "Các Sở, ban, ngành") {
		t.Errorf("duties of the departments: %+v", r.Duties)
	}
}

func TestSeedDepartmentPlanWithSpacedSymbol(t *testing.T) {
	r := parseFile(t, filepath.Join(seedDir, "000.txt"))
	eq(t, "kind", r.Kind, KindPlan)
	eq(t, "number", r.Number, "774")
	eq(t, "symbol", r.Symbol, "KH-LĐTBXH")
	eq(t, "date", date(r), "2024-03-22")
	eq(t, "place", r.Place, "Kiên Giang")
	b, ok := findBasis(r, "42/KH-UBND")
	if !ok {
		t.Fatalf("basis 42/KH-UBND missing: %+v", r.Basis)
	}
	eq(t, "basis date", b.Date, "2024-02-05")
	eq(t, "basis issuer", b.Issuer, "Ủy ban nhân dân tỉnh Kiên Giang")
	var top []string
	for _, s := range r.Sections {
		if s.Level == 1 {
			top = append(top, s.Heading)
		}
	}
	if !slices.Equal(top, []string{"I. Mục đích, yêu cầu", "II. Nội dung", "III. Tổ chức thực hiện"}) {
		t.Errorf("sentence-case headings = %q", top)
	}
	if got := groups(r); !slices.Equal(got, []string{"Các phòng chuyên môn và đơn vị trực thuộc Sở", "Các đoàn thể cơ quan"}) {
		t.Errorf("groups = %q", got)
	}
	eq(t, "signer", r.Signer, Signer{Title: "GIÁM ĐỐC", Name: "Dương Hồng Sơn"})
	eq(t, "recipients", len(r.Recipients), 6)
}
