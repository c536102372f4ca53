package cli_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportPlan_JSONForTheSeeds(t *testing.T) {
	code, out, e := run(t, "", "import", "plan", "--json", "../demo/seeds/001.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	var r struct {
		Number, Symbol, Place, Kind string
		Date                        *string
		Basis                       []struct{ Number, Date string }
		Duties                      []struct{ Unit, Deadline string }
		Regime                      struct{ Periods []struct{ Name, Due string } }
		Warnings                    []string
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if r.Number != "940" || r.Symbol != "KH-UBND" || r.Place != "Cao Bằng" || r.Kind != "plan" || r.Date == nil || *r.Date != "2024-04-22" {
		t.Fatalf("001 → %+v", r)
	}
	found := false
	for _, b := range r.Basis {
		found = found || (b.Number == "578/KH-BCA-A05" && b.Date == "2023-11-17")
	}
	if !found {
		t.Errorf("001 basis lacks 578/KH-BCA-A05 of 2023-11-17: %+v", r.Basis)
	}
	dues := map[string]bool{}
	for _, p := range r.Regime.Periods {
		dues[p.Due] = true
	}
	if !dues["05/6"] || !dues["05/12"] {
		t.Errorf("001 periods = %+v", r.Regime.Periods)
	}
	if !strings.Contains(strings.Join(r.Warnings, " "), "Ý kiến bạn đọc") {
		t.Errorf("the trailing web text is not reported: %v", r.Warnings)
	}
	// Several files give an array; flags may come after the files.
	code, out, _ = run(t, "", "import", "plan", "../demo/seeds/002.txt", "../demo/seeds/003.txt", "--json")
	var many []struct {
		Kind  string
		Date  *string
		About *struct{ Number, Date string }
	}
	if err := json.Unmarshal([]byte(out), &many); code != 0 || err != nil || len(many) != 2 {
		t.Fatalf("two files: exit %d, %v\n%s", code, err, out)
	}
	if many[0].Kind != "plan" || many[0].Date != nil || many[1].Kind != "news" || many[1].About == nil || many[1].About.Number != "89/KH-TBATANM" {
		t.Fatalf("002/003 → %+v %+v", many[0], many[1])
	}
}

func TestImportPlan_SaysWhenATextIsNotAPlan(t *testing.T) {
	f := filepath.Join(t.TempDir(), "thuc-don.txt")
	os.WriteFile(f, []byte("Thực đơn tuần này: thứ hai canh chua, thứ ba cá kho.\n"), 0o600)
	code, out, _ := run(t, "", "import", "plan", f)
	if code != 0 || !strings.Contains(out, "loại: unknown") || !strings.Contains(out, "! ") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	if code, _, e := run(t, "", "import", "plan", "--json", filepath.Join(t.TempDir(), "khong-co.txt")); code == 0 || !strings.Contains(e, "không mở được") {
		t.Fatalf("missing file: exit %d %q", code, e)
	}
}

func TestExportPlan_WritesDocxAndPdf(t *testing.T) {
	dir := demoData(t)
	out := t.TempDir()
	for _, format := range []string{"docx", "pdf"} {
		file := filepath.Join(out, "940."+format)
		code, o, e := run(t, "", "export", "plan", "940/KH-UBND", "--data", dir, "--format", format, "-o", file)
		if code != 0 || !strings.Contains(o, "đã xuất") {
			t.Fatalf("%s: exit %d %q %q", format, code, o, e)
		}
		b, _ := os.ReadFile(file)
		if (format == "pdf" && !strings.HasPrefix(string(b), "%PDF")) || (format == "docx" && !strings.HasPrefix(string(b), "PK")) || len(b) < 2000 {
			t.Fatalf("%s: %d bytes, starts %q", format, len(b), b[:4])
		}
	}
	if code, _, e := run(t, "", "export", "plan", "999/KH-KHONG", "--data", dir, "-o", filepath.Join(out, "x.docx")); code == 0 || !strings.Contains(e, "Không có kế hoạch") {
		t.Fatalf("unknown plan: exit %d %q", code, e)
	}
	if code, _, e := run(t, "", "export", "plan", "578/KH-BCA-A05", "--data", dir, "-o", filepath.Join(out, "x.docx")); code == 0 || !strings.Contains(e, "tham chiếu") {
		t.Fatalf("a reference: exit %d %q", code, e)
	}
}

func TestExportReport_DocxAndXlsxByCodeOrName(t *testing.T) {
	dir := demoData(t)
	out := t.TempDir()
	cases := []struct{ unit, format string }{{"cao-bang", "docx"}, {"Ủy ban nhân dân tỉnh Cao Bằng", "xlsx"}}
	for _, c := range cases {
		file := filepath.Join(out, "bc."+c.format)
		code, o, e := run(t, "", "export", "report", "--data", dir, "--unit", c.unit, "--period", "2024-H1", "--format", c.format, "-o", file)
		if code != 0 || !strings.Contains(o, "Báo cáo 6 tháng đầu năm 2024") {
			t.Fatalf("%v: exit %d %q %q", c, code, o, e)
		}
		if b, _ := os.ReadFile(file); !strings.HasPrefix(string(b), "PK") {
			t.Fatalf("%v: not a zip", c)
		}
	}
	if code, _, e := run(t, "", "export", "report", "--data", dir, "--unit", "cao-bang", "--period", "2024-Q9", "-o", filepath.Join(out, "x")); code == 0 || !strings.Contains(e, "Không có kỳ báo cáo") {
		t.Fatalf("bad period: exit %d %q", code, e)
	}
}

func TestPeriodSet_ChangesTheWindowAndRefusesNonsense(t *testing.T) {
	dir := demoData(t)
	code, out, e := run(t, "", "period", "set", "2024-H1", "--data", dir, "--on-time-until", "2024-06-07")
	if code != 0 || !strings.Contains(out, "đúng hạn đến hết 2024-06-07") {
		t.Fatalf("exit %d %q %q", code, out, e)
	}
	if code, _, e := run(t, "", "period", "set", "2024-H1", "--data", dir, "--on-time-until", "2024-06-01"); code != 2 || !strings.Contains(e, "không được trước hạn gửi") {
		t.Fatalf("on-time before due: exit %d %q", code, e)
	}
	if code, _, e := run(t, "", "period", "set", "2024-H1", "--data", dir, "--due", "05/06/2024"); code != 2 || !strings.Contains(e, "không hợp lệ") {
		t.Fatalf("bad date: exit %d %q", code, e)
	}
}

// A PDF downloaded from a portal and a Word file come in with the same
// JSON as a text: number and symbol apart, dates as YYYY-MM-DD.
func TestImportPlan_ReadsPDFAndWordWithTheSameJSON(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", filepath.Join(os.TempDir(), "canhgiac-test-cache")) // PDFium's compiled code, shared by test runs
	for _, tt := range []struct{ file, number, symbol, date string }{
		{"pdf_so_tu_phap_tu_word.pdf", "205", "KH-STP", "2025-01-16"},
		{"word_cong_an_nhieu_cap.docx", "318", "KH-ANM", "2025-10-14"},
	} {
		code, out, e := run(t, "", "import", "plan", "--json", "../planimport/testdata/plans/"+tt.file)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tt.file, code, e)
		}
		var r struct {
			Number, Symbol string
			Date           *string
			Duties         []struct{ Unit, Deadline string }
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("%s: not JSON: %v", tt.file, err)
		}
		if r.Number != tt.number || r.Symbol != tt.symbol || r.Date == nil || *r.Date != tt.date || len(r.Duties) == 0 {
			t.Errorf("%s → %+v", tt.file, r)
		}
		if strings.Contains(out, `"missing"`) {
			t.Errorf("%s: the JSON contract gained a field", tt.file)
		}
	}
	big := filepath.Join(t.TempDir(), "lon.pdf")
	if err := os.WriteFile(big, append([]byte("%PDF-1.7\n"), make([]byte, 11<<20)...), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, e := run(t, "", "import", "plan", "--json", big); code == 0 || !strings.Contains(e, "quá giới hạn 10 MB") {
		t.Errorf("a file over the limit: exit %d %q", code, e)
	}
}

func TestImportPlan_DocxBombRefusedBeforeUnpacking(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("word/document.xml")
	chunk := bytes.Repeat([]byte("<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p>"), 25000)
	for range 100 {
		w.Write(chunk)
	}
	zw.Close()
	f := filepath.Join(t.TempDir(), "ke-hoach.docx")
	if err := os.WriteFile(f, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, e := run(t, "", "import", "plan", "--json", f)
	if code == 0 || !strings.Contains(e, "ke-hoach.docx") || !strings.Contains(e, "giải nén ra") {
		t.Fatalf("exit %d, stderr %q: want the file refused for what it unpacks to", code, e)
	}
}
