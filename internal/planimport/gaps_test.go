package planimport

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParse_NamesEveryMissingFieldWithWhereItLooked(t *testing.T) {
	text := "ỦY BAN NHÂN DÂN XÃ AN BÌNH\n" + // 1
		"Số: /KH-UBND\n" + // 2
		"KẾ HOẠCH\n" + // 3
		"Tuyên truyền phòng, chống lừa đảo qua mạng\n" + // 4
		"I. MỤC ĐÍCH\n" + // 5
		"Người dân nhận biết thủ đoạn lừa đảo.\n" + // 6
		"II. TỔ CHỨC THỰC HIỆN\n" + // 7
		"Triển khai sâu rộng tới từng thôn, xóm.\n" + // 8
		"Trên đây là Kế hoạch tuyên truyền./.\n" // 9
	r := Parse(text)
	got := map[string]Gap{}
	for _, g := range r.Missing {
		got[g.Field] = g
	}
	for field, looked := range map[string]string{
		"number":     "dòng 1–2",
		"place":      "“<địa danh>, ngày … tháng … năm …”",
		"date":       "dòng 1–2",
		"basis":      "“Căn cứ”",
		"duties":     "mục “II. TỔ CHỨC THỰC HIỆN” (dòng 7–8)",
		"regime":     "dòng 5–8",
		"signer":     "từ dòng 9",
		"recipients": "“Nơi nhận:”",
	} {
		g, ok := got[field]
		if !ok {
			t.Errorf("%s is empty but not listed as missing: %+v", field, r.Missing)
			continue
		}
		if !strings.Contains(g.Looked, looked) {
			t.Errorf("%s: looked = %q, want it to say %q", field, g.Looked, looked)
		}
	}
	for _, field := range []string{"issuer", "title", "sections", "symbol"} {
		if _, ok := got[field]; ok {
			t.Errorf("%s was read but is listed as missing", field)
		}
	}
}

func TestParse_CompletePlanMissesNothing(t *testing.T) {
	d := readTestPlan(t, filepath.Join("testdata", "plans", "xa_2025_dong_thap.txt"))
	if len(d.Result.Missing) != 0 {
		t.Errorf("missing = %+v", d.Result.Missing)
	}
}

// Word's own features reach the text: tracked insertions kept and
// deletions dropped, a footnote in brackets where it is referenced, a text
// box once (not again from its fallback), page number fields left out,
// headings marked.
func TestDocxText_WordFeatures(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "plans", "word_doan_bang_tieu_de.docx"))
	if err != nil {
		t.Fatal(err)
	}
	text, err := DocxText(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"cài đặt ứng dụng VNeID và các ứng dụng", "Krông Bông [Ban hành kèm theo Quyết định số 12/QĐ-ĐTN.], Ban", "## Tổ chức thực hiện\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	for _, not := range []string{"Zalo", "\n2\n"} {
		if strings.Contains(text, not) {
			t.Errorf("text has %q", not)
		}
	}
	if n := strings.Count(text, "VĂN BẢN ĐIỆN TỬ"); n != 1 {
		t.Errorf("text box written %d times", n)
	}
}

func TestDocxText_RefusesAZipBomb(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	_, _ = w.Write(bytes.Repeat([]byte{' '}, 8<<20))
	_ = zw.Close()
	_, err := DocxText(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	var r *Refusal
	if !errors.As(err, &r) || !strings.Contains(r.Reason, "nén bất thường") {
		t.Errorf("err = %v, want a refusal of the archive", err)
	}
}
