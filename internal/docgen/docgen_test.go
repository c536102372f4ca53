package docgen

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"
)

// docxParts writes d as .docx and returns its parts by name, failing the
// test unless the archive is a valid zip whose XML parts all parse.
func docxParts(t *testing.T, d Document) map[string]string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteDOCX(&buf, d); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = string(b)
		if err := wellFormed(b); err != nil {
			t.Errorf("%s is not well-formed XML: %v", f.Name, err)
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
		"word/settings.xml", "word/_rels/document.xml.rels", "word/header1.xml", "word/header2.xml", "docProps/core.xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("docx lacks %s", name)
		}
	}
	return parts
}

func wellFormed(b []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := dec.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// docText is the concatenated character data of w:t elements, so that a
// phrase is found even if it were split over runs.
func docText(t *testing.T, docXML string) string {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(docXML))
	var b strings.Builder
	inT := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return b.String()
		} else if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			inT = e.Name.Local == "t"
		case xml.EndElement:
			if e.Name.Local == "p" {
				b.WriteString("\n")
			}
			inT = false
		case xml.CharData:
			if inT {
				b.Write(e)
			}
		}
	}
}

func TestWriteDOCXContents(t *testing.T) {
	parts := docxParts(t, samplePlan())
	doc := parts["word/document.xml"]
	text := docText(t, doc)
	for _, want := range []string{
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Độc lập - Tự do - Hạnh phúc",
		"Số: 940/KH-UBND",
		"Cao Bằng, ngày 22 tháng 4 năm 2024",
		"KẾ HOẠCH", // given as "Kế hoạch": capitals are the writer's job
		"Nơi nhận:",
		"- Lưu: VT, KGVX.",
		"Nông Thị Hạnh",
		"TM. ỦY BAN NHÂN DÂN",
		"- Bộ Giáo dục và Đào tạo (b/c);",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("document text lacks %q", want)
		}
	}
	for _, want := range []string{
		`<w:pgSz w:w="11906" w:h="16838"/>`,
		`w:top="1134"`, `w:bottom="1134"`, `w:left="1701"`, `w:right="850"`,
		`w:ascii="Times New Roman"`,
		`<w:titlePg/>`,
		`<w:ind w:firstLine="567"/>`,
		`w:after="120" w:line="300" w:lineRule="auto"`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if strings.Count(text, "Lưu") != 1 {
		t.Errorf("an archive entry given by the caller must not be duplicated:\n%s", text)
	}
	if !strings.Contains(parts["word/header1.xml"], ` PAGE `) {
		t.Error("default header has no PAGE field")
	}
	if strings.Contains(parts["word/header2.xml"], "PAGE") || strings.Contains(parts["word/header2.xml"], draftLabel) {
		t.Error("first-page header of a final document must be empty")
	}
}

func TestDOCXIsReproducible(t *testing.T) {
	var a, b bytes.Buffer
	if err := WriteDOCX(&a, samplePlan()); err != nil {
		t.Fatal(err)
	}
	if err := WriteDOCX(&b, samplePlan()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of the same document differ")
	}
}

func TestDraftShowsBlankNumberAndLabel(t *testing.T) {
	parts := docxParts(t, sampleDraft())
	text := docText(t, parts["word/document.xml"])
	if !regexp.MustCompile(`Số: {4,}/KH-SNNMT`).MatchString(text) {
		t.Errorf("draft number line should leave a blank before /KH-SNNMT:\n%s", text)
	}
	if !strings.Contains(text, "Cao Bằng, ngày "+blankDayMonth+" tháng "+blankDayMonth+" năm 2026") {
		t.Errorf("undated draft should have a blank date line:\n%s", text)
	}
	for _, want := range []string{"UBND TỈNH CAO BẰNG", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "- Như trên;", "- UBND tỉnh (b/c);", "- Lưu: VT."} {
		if !strings.Contains(text, want) {
			t.Errorf("draft lacks %q", want)
		}
	}
	if h := parts["word/header2.xml"]; !strings.Contains(h, draftLabel) || !strings.Contains(h, "<w:bdr ") {
		t.Errorf("first-page header should carry the boxed %s label:\n%s", draftLabel, h)
	}
	// Without a symbol hint the kind's initials stand in.
	d := sampleDraft()
	d.SymbolHint = ""
	if got := numberLine(d); got != "Số:"+blankNumber+"/KH" {
		t.Errorf("numberLine without hint = %q", got)
	}
}

func TestFormatDateLine(t *testing.T) {
	at := func(y int, m time.Month, d int) *time.Time {
		v := time.Date(y, m, d, 9, 0, 0, 0, time.UTC)
		return &v
	}
	blank := "     " // room to write the figures in by hand
	for _, c := range []struct {
		place string
		date  *time.Time
		year  int
		want  string
	}{
		{"Cao Bằng", at(2024, 4, 22), 0, "Cao Bằng, ngày 22 tháng 4 năm 2024"},
		{"Cao Bằng", at(2024, 2, 5), 0, "Cao Bằng, ngày 05 tháng 02 năm 2024"},
		{"Hà Nội", at(2025, 1, 31), 2020, "Hà Nội, ngày 31 tháng 01 năm 2025"}, // the date wins over year
		{"Hà Nội", at(2025, 3, 9), 0, "Hà Nội, ngày 09 tháng 3 năm 2025"},      // only months 1 and 2 are padded
		{"Huế", at(2025, 10, 1), 0, "Huế, ngày 01 tháng 10 năm 2025"},
		{"Huế", at(2025, 12, 31), 0, "Huế, ngày 31 tháng 12 năm 2025"},
		{"Cao Bằng", nil, 2026, "Cao Bằng, ngày " + blank + " tháng " + blank + " năm 2026"},
		{"", at(2024, 4, 22), 0, "ngày 22 tháng 4 năm 2024"},
		{" Cao Bằng ", nil, 0, "Cao Bằng, ngày " + blank + " tháng " + blank + " năm " + blank},
	} {
		if got := FormatDateLine(c.place, c.date, c.year); got != c.want {
			t.Errorf("FormatDateLine(%q, %v, %d) = %q, want %q", c.place, c.date, c.year, got, c.want)
		}
	}
}

func TestRecipientLines(t *testing.T) {
	got := recipientLines([]string{"Như trên", "- Sở Tài chính;", "  ", "UBND tỉnh (b/c)."})
	want := []string{"- Như trên;", "- Sở Tài chính;", "- UBND tỉnh (b/c);", "- Lưu: VT."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("recipientLines = %q, want %q", got, want)
	}
	got = recipientLines([]string{"Như trên", "Lưu: VT, P.KHTC"})
	want = []string{"- Như trên;", "- Lưu: VT, P.KHTC."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("recipientLines = %q, want %q", got, want)
	}
	if got := recipientLines(nil); len(got) != 1 || got[0] != "- Lưu: VT." {
		t.Errorf("recipientLines(nil) = %q", got)
	}
}

// Decomposed input (as some keyboards and PDFs produce) must come out
// precomposed: fpdf has no mark positioning.
func TestTextIsNormalisedToNFC(t *testing.T) {
	d := sampleDraft()
	d.Title = "Phòng, cho\u0302\u0301ng thiên tai" // "chống" with combining marks
	text := docText(t, docxParts(t, d)["word/document.xml"])
	if !strings.Contains(text, "Phòng, chống thiên tai") {
		t.Errorf("title not normalised:\n%s", text)
	}
}
