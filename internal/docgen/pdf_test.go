package docgen

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// pdfPageRE matches page objects ("/Type /Pages" is the tree root).
var pdfPageRE = regexp.MustCompile(`/Type /Page\b[^s]`)

func TestWritePDF(t *testing.T) {
	var buf bytes.Buffer
	if err := WritePDF(&buf, samplePlan()); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	if !bytes.HasPrefix(out, []byte("%PDF-")) {
		t.Fatalf("output starts %q", out[:min(len(out), 8)])
	}
	if n := len(pdfPageRE.FindAll(out, -1)); n < 2 {
		t.Errorf("sample plan has %d pages, want at least 2", n)
	}
	if !bytes.Contains(out, []byte("/FontFile2")) {
		t.Error("no embedded TrueType font program")
	}
	if names := fontProgramNames(t, out); !strings.Contains(names, "LiberationSerif") {
		t.Errorf("embedded fonts are not Liberation Serif: %q", names)
	}

	var again bytes.Buffer
	if err := WritePDF(&again, samplePlan()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, again.Bytes()) {
		t.Error("two writes of the same document differ")
	}

	var draft bytes.Buffer
	if err := WritePDF(&draft, sampleDraft()); err != nil {
		t.Fatal(err)
	}
	if n := len(pdfPageRE.FindAll(draft.Bytes(), -1)); n != 1 {
		t.Errorf("short draft has %d pages, want 1", n)
	}
}

// fontProgramNames inflates the embedded TrueType programs (the streams
// with a /Length1) and returns the ASCII names found in them: the font's
// own name table, proof of which font was embedded, not just named.
func fontProgramNames(t *testing.T, pdf []byte) string {
	t.Helper()
	re := regexp.MustCompile(`(?s)<<([^>]*?/Length1 \d+[^>]*?)>>\s*stream\r?\n`)
	lenRE := regexp.MustCompile(`/Length (\d+)`)
	var names strings.Builder
	for _, m := range re.FindAllSubmatchIndex(pdf, -1) {
		lm := lenRE.FindSubmatch(pdf[m[2]:m[3]])
		if lm == nil {
			continue
		}
		n, _ := strconv.Atoi(string(lm[1]))
		zr, err := zlib.NewReader(bytes.NewReader(pdf[m[1] : m[1]+n]))
		if err != nil {
			t.Fatalf("font stream: %v", err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("font stream: %v", err)
		}
		for _, s := range regexp.MustCompile(`[A-Za-z-]{8,}`).FindAll(raw, -1) {
			names.Write(s)
			names.WriteByte(' ')
		}
	}
	return names.String()
}

// pdfPageTexts renders d without compression and returns the words drawn
// on each page, in drawing order: fpdf writes one content stream per page
// and each word as "BT x y Td (UTF-16BE) Tj ET".
func pdfPageTexts(t *testing.T, d Document) [][]string {
	t.Helper()
	pdfCompression = false
	defer func() { pdfCompression = true }()
	var buf bytes.Buffer
	if err := WritePDF(&buf, d); err != nil {
		t.Fatal(err)
	}
	var pages [][]string
	for _, stream := range bytes.Split(buf.Bytes(), []byte("endstream")) {
		var words []string
		for rest := stream; ; {
			i := bytes.Index(rest, []byte(" Td ("))
			if i < 0 {
				break
			}
			rest = rest[i+len(" Td ("):]
			var raw []byte
			for len(rest) > 0 && rest[0] != ')' {
				if rest[0] == '\\' && len(rest) > 1 {
					rest = rest[1:]
					if rest[0] == 'r' {
						rest = append([]byte{'\r'}, rest[1:]...)
					}
				}
				raw = append(raw, rest[0])
				rest = rest[1:]
			}
			u := make([]uint16, len(raw)/2)
			for j := range u {
				u[j] = uint16(raw[2*j])<<8 | uint16(raw[2*j+1])
			}
			words = append(words, string(utf16.Decode(u)))
		}
		if len(words) > 0 {
			pages = append(pages, words)
		}
	}
	return pages
}

func TestPDFText(t *testing.T) {
	pages := pdfPageTexts(t, samplePlan())
	if len(pages) < 2 {
		t.Fatalf("%d pages with text, want at least 2", len(pages))
	}
	first := strings.Join(pages[0], " ")
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"Số: 940/KH-UBND", "Cao Bằng, ngày 22 tháng 4 năm 2024", "KẾ HOẠCH"} {
		if !strings.Contains(first, want) {
			t.Errorf("page 1 lacks %q", want)
		}
	}
	if strings.Contains(first, draftLabel) {
		t.Errorf("final document shows %s", draftLabel)
	}
	// NĐ 30: no number on page 1, then the page number first on each page.
	if pages[0][0] == "1" {
		t.Error("page 1 carries a page number")
	}
	for i, words := range pages[1:] {
		if want := strconv.Itoa(i + 2); words[0] != want {
			t.Errorf("page %d starts with %q, want its number", i+2, words[0])
		}
	}
	last := strings.Join(pages[len(pages)-1], " ")
	for _, want := range []string{"Nơi nhận:", "- Lưu: VT, KGVX.", "PHÓ CHỦ TỊCH", "Nông Thị Hạnh"} {
		if !strings.Contains(last, want) {
			t.Errorf("last page lacks %q", want)
		}
	}

	draft := strings.Join(pdfPageTexts(t, sampleDraft())[0], " ")
	for _, want := range []string{draftLabel, "Số: /KH-SNNMT", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Lục Văn Quang"} {
		if !strings.Contains(draft, want) { // blanks are gaps between words, not drawn
			t.Errorf("draft PDF lacks %q", want)
		}
	}
}

// A paragraph longer than a page, a word longer than a line and an empty
// document must all lay out without losing text or looping.
func TestPDFLongAndEdgeCases(t *testing.T) {
	pages := pdfPageTexts(t, sampleLong())
	if len(pages) < 4 {
		t.Errorf("long draft has %d pages, want at least 4", len(pages))
	}
	n := 0
	for _, p := range pages {
		for _, w := range p {
			if w == "đồng" {
				n++
			}
		}
	}
	if n != 400 {
		t.Errorf("drew %d of 400 repeated sentences", n)
	}
	for _, d := range []Document{{}, {Kind: "KẾ HOẠCH", Draft: true}} {
		var buf bytes.Buffer
		if err := WritePDF(&buf, d); err != nil {
			t.Errorf("WritePDF(%+v): %v", d, err)
		}
		buf.Reset()
		if err := WriteDOCX(&buf, d); err != nil {
			t.Errorf("WriteDOCX(%+v): %v", d, err)
		}
	}
}
