package planimport

import (
	"archive/zip"
	"bytes"
	"slices"
	"strings"
	"testing"
)

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// makeDocx builds a minimal .docx holding body as the inside of w:body and,
// if given, numbering as the inside of w:numbering.
func makeDocx(t *testing.T, body string, numbering ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := map[string]string{
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wordNS + `><w:body>` + body + `</w:body></w:document>`,
	}
	if len(numbering) > 0 {
		parts["word/numbering.xml"] = `<w:numbering ` + wordNS + `>` + strings.Join(numbering, "") + `</w:numbering>`
	}
	for name, content := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func p(runs ...string) string {
	var b strings.Builder
	b.WriteString("<w:p>")
	for _, r := range runs {
		b.WriteString(`<w:r><w:t xml:space="preserve">` + r + `</w:t></w:r>`)
	}
	b.WriteString("</w:p>")
	return b.String()
}

func cell(paras ...string) string { return "<w:tc>" + strings.Join(paras, "") + "</w:tc>" }

func TestParseDocxReadsHeaderTableAndParagraphs(t *testing.T) {
	body := `<w:tbl><w:tr>` +
		cell(p("ỦY BAN NHÂN DÂN"), p("XÃ HÒA AN"), p("Số: 21/KH-UBND")) +
		cell(p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), p("Độc lập - Tự do - Hạnh phúc"), p("Hòa An, ngày 10 tháng 10 năm 2025")) +
		`</w:tr></w:tbl>` +
		p("KẾ HOẠCH") +
		p("Tuyên truyền phòng, chống ", "lừa đảo trực tuyến") +
		p("I. MỤC ĐÍCH") +
		p("-", `<w:tab/>`, "Người dân biết cách tự bảo vệ.") +
		p("II. TỔ CHỨC THỰC HIỆN") +
		p("1. Công an xã: chủ trì, báo cáo kết quả định kỳ 6 tháng (trước ngày 10/6) gửi về Ủy ban nhân dân xã.") +
		p("Trên đây là Kế hoạch của Ủy ban nhân dân xã Hòa An./.") +
		p("TM. ỦY BAN NHÂN DÂN", "<w:br/>", "CHỦ TỊCH") +
		p("Đỗ Văn Long")
	// The runs above hold markup for tab and break; build them properly.
	body = strings.NewReplacer(`<w:t xml:space="preserve"><w:tab/></w:t>`, `<w:tab/>`, `<w:t xml:space="preserve"><w:br/></w:t>`, `<w:br/>`).Replace(body)
	data := makeDocx(t, body)

	text, err := DocxText(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
		"Số: 21/KH-UBND | Hòa An, ngày 10 tháng 10 năm 2025\n",
		"Tuyên truyền phòng, chống lừa đảo trực tuyến\n",
		"-\tNgười dân biết cách tự bảo vệ.\n",
		"TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}

	r, err := ParseDocx(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "kind", r.Kind, KindPlan)
	eq(t, "number", r.Number, "21")
	eq(t, "date", date(r), "2025-10-10")
	eq(t, "place", r.Place, "Hòa An")
	eq(t, "issuer", r.Issuer, "Ủy ban nhân dân xã Hòa An")
	eq(t, "title", r.Title, "Tuyên truyền phòng, chống lừa đảo trực tuyến")
	eq(t, "signer", r.Signer, Signer{"TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Đỗ Văn Long"})
	if len(r.Duties) != 1 || r.Duties[0].Unit != "Công an xã" {
		t.Errorf("duties = %+v", r.Duties)
	}
	if len(r.Regime.Periods) != 1 || r.Regime.Periods[0] != (Period{"6 tháng", "10/6", "Công an xã", "Ủy ban nhân dân xã"}) {
		t.Errorf("periods = %+v", r.Regime.Periods)
	}
	if sec := r.Sections[0]; sec.Text != "- Người dân biết cách tự bảo vệ." {
		t.Errorf("a tab after a bullet is spacing, not a cell: %q", sec.Text)
	}
}

func TestParseDocxRejectsOtherFiles(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"plain text", []byte("KẾ HOẠCH\nSố: 1/KH-UBND"), "không phải là tài liệu Word .docx"},
		{"zip without a document", func() []byte {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			w, _ := zw.Create("hello.txt")
			_, _ = w.Write([]byte("xin chào"))
			_ = zw.Close()
			return buf.Bytes()
		}(), "thiếu word/document.xml"},
		{"broken XML", makeDocx(t, "<w:p><w:t>dở dang"), "bị hỏng"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseDocx(bytes.NewReader(tt.data), int64(len(tt.data)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to say %q", err, tt.want)
			}
		})
	}
}

// numbered is a paragraph in list numId at level ilvl.
func numbered(numID, ilvl, text string) string {
	return `<w:p><w:pPr><w:numPr><w:ilvl w:val="` + ilvl + `"/><w:numId w:val="` + numID + `"/></w:numPr></w:pPr>` +
		`<w:r><w:t>` + text + `</w:t></w:r></w:p>`
}

func TestDocxTextWritesOutAutomaticNumbering(t *testing.T) {
	lvl := func(ilvl, format, text string) string {
		return `<w:lvl w:ilvl="` + ilvl + `"><w:start w:val="1"/><w:numFmt w:val="` + format + `"/><w:lvlText w:val="` + text + `"/></w:lvl>`
	}
	defs := `<w:abstractNum w:abstractNumId="7">` + lvl("0", "upperRoman", "%1.") + lvl("1", "decimal", "%2.") +
		lvl("2", "bullet", "\uf0b7") + lvl("3", "lowerLetter", "%4)") + `</w:abstractNum>` +
		`<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>`
	body := p("KẾ HOẠCH") + p("Tuyên truyền an toàn thông tin") +
		numbered("3", "0", "MỤC ĐÍCH") + p("Nâng cao nhận thức.") +
		numbered("3", "0", "TỔ CHỨC THỰC HIỆN") +
		numbered("3", "1", "Công an xã") + numbered("3", "2", "Chủ trì tuyên truyền.") +
		numbered("3", "1", "Văn phòng xã") + numbered("3", "3", "Đăng tin cảnh báo.")
	data := makeDocx(t, body, defs)
	text, err := DocxText(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	want := "KẾ HOẠCH\nTuyên truyền an toàn thông tin\nI. MỤC ĐÍCH\nNâng cao nhận thức.\nII. TỔ CHỨC THỰC HIỆN\n" +
		"1. Công an xã\n- Chủ trì tuyên truyền.\n2. Văn phòng xã\na) Đăng tin cảnh báo.\n"
	if text != want {
		t.Errorf("text =\n%s\nwant\n%s", text, want)
	}
	r := Parse(text)
	if got := groups(r); !slices.Equal(got, []string{"Công an xã", "Văn phòng xã"}) {
		t.Errorf("groups = %q", got)
	}
}
