package planimport

import (
	"archive/zip"
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
)

// The Word and PDF test plans are committed under testdata/plans so the
// tests need neither Word nor LibreOffice; they are written by this file,
// the way Word lays out such plans (header table, numbering through
// heading styles, bullets from a list, footnotes, tracked changes, text
// boxes) and the way a PDF exported from Word places its text (header in
// two columns, wrapped lines, running header and page numbers). Rewrite
// them with: go test ./internal/planimport -run TestWriteTestPlanFiles -update-plans
var updatePlans = flag.Bool("update-plans", false, "rewrite the .docx and .pdf test plans under testdata/plans")

// TestWriteTestPlanFiles checks the Word and PDF test plans against their
// generator, and writes them again with -update-plans.
func TestWriteTestPlanFiles(t *testing.T) {
	files := map[string][]byte{
		"word_so_khcn_tu_dong.docx":   wordAutoNumbered(t),
		"word_doan_bang_tieu_de.docx": wordHeaderTable(t),
		"word_cong_an_nhieu_cap.docx": wordMultiLevel(t),
		"pdf_so_tu_phap_tu_word.pdf":  pdfFromWord(t),
		"pdf_xa_hai_cot.pdf":          pdfTwoColumnHeader(t),
	}
	for name, b := range files {
		path := filepath.Join("testdata", "plans", name)
		if !*updatePlans {
			// The committed files are golden: they must be what the
			// generator writes, so a change to it is seen here.
			if have, err := os.ReadFile(path); err != nil || !bytes.Equal(have, b) {
				t.Errorf("%s is not what the generator writes (%v); run go test ./internal/planimport -run TestWriteTestPlanFiles -update-plans", path, err)
			}
			continue
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// ---- Word ----

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:v="urn:schemas-microsoft-com:vml"`

// wordFile assembles a .docx from the inside of w:body and optional
// styles, numbering and footnotes parts.
func wordFile(t *testing.T, body, styles, numbering, footnotes string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wNS + `><w:body>` + body + `<w:sectPr/></w:body></w:document>`},
		{"word/footer1.xml", `<w:ftr ` + wNS + `><w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>`},
	}
	if styles != "" {
		parts = append(parts, [2]string{"word/styles.xml", `<w:styles ` + wNS + `>` + styles + `</w:styles>`})
	}
	if numbering != "" {
		parts = append(parts, [2]string{"word/numbering.xml", `<w:numbering ` + wNS + `>` + numbering + `</w:numbering>`})
	}
	if footnotes != "" {
		parts = append(parts, [2]string{"word/footnotes.xml", `<w:footnotes ` + wNS + `><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>` + footnotes + `</w:footnotes>`})
	}
	for _, p := range parts {
		w, err := zw.Create(p[0])
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(p[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func xmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// run is a text run; bold runs carry w:b.
func run(text string, bold bool) string {
	rpr := ""
	if bold {
		rpr = `<w:rPr><w:b/><w:sz w:val="28"/></w:rPr>`
	}
	return `<w:r>` + rpr + `<w:t xml:space="preserve">` + xmlText(text) + `</w:t></w:r>`
}

// wpara writes a paragraph with optional properties and runs.
func wpara(ppr string, runs ...string) string {
	if ppr != "" {
		ppr = "<w:pPr>" + ppr + "</w:pPr>"
	}
	return "<w:p>" + ppr + strings.Join(runs, "") + "</w:p>"
}

func plainP(text string) string { return wpara(`<w:jc w:val="both"/>`, run(text, false)) }
func boldP(text string) string  { return wpara(`<w:jc w:val="center"/>`, run(text, true)) }
func styledP(style, text string) string {
	return wpara(`<w:pStyle w:val="`+style+`"/>`, run(text, false))
}
func listP(numID, ilvl, text string) string {
	return wpara(`<w:numPr><w:ilvl w:val="`+ilvl+`"/><w:numId w:val="`+numID+`"/></w:numPr>`, run(text, false))
}

// table writes rows of cells, each cell a list of paragraphs.
func table(rows ...[]string) string {
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/></w:tblPr>`)
	for _, r := range rows {
		b.WriteString("<w:tr>")
		for _, c := range r {
			b.WriteString("<w:tc><w:tcPr><w:tcW w:w=\"2500\" w:type=\"pct\"/></w:tcPr>" + c + "</w:tc>")
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
	return b.String()
}

func lvl(ilvl, format, text, style string) string {
	ps := ""
	if style != "" {
		ps = `<w:pStyle w:val="` + style + `"/>`
	}
	return `<w:lvl w:ilvl="` + ilvl + `"><w:start w:val="1"/><w:numFmt w:val="` + format + `"/>` + ps + `<w:lvlText w:val="` + text + `"/><w:lvlJc w:val="left"/></w:lvl>`
}

// headingStyles are Word's built-in heading styles, Heading1 and Heading2
// numbered through list 1 (I., 1.) the way a template links them.
const headingStyles = `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:rPr><w:b/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>`

// headerTable is the usual two-column header block.
func headerTable(issuer []string, number, placeDate string) string {
	var left []string
	for i, l := range issuer {
		left = append(left, wpara(`<w:jc w:val="center"/>`, run(l, i == len(issuer)-1)))
	}
	left = append(left, wpara(`<w:jc w:val="center"/>`, run(number, false)))
	right := []string{
		wpara(`<w:jc w:val="center"/>`, run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true)),
		wpara(`<w:jc w:val="center"/>`, run("Độc lập - Tự do - Hạnh phúc", true)),
		wpara(`<w:jc w:val="right"/>`, `<w:r><w:rPr><w:i/></w:rPr><w:t>`+xmlText(placeDate)+`</w:t></w:r>`),
	}
	return table([]string{strings.Join(left, ""), strings.Join(right, "")})
}

// signature is the "Nơi nhận" and signature table at the end.
func signature(recipients []string, sign []string) string {
	left := []string{wpara("", `<w:r><w:rPr><w:b/><w:i/></w:rPr><w:t>Nơi nhận:</w:t></w:r>`)}
	for _, r := range recipients {
		left = append(left, wpara("", run(r, false)))
	}
	var right []string
	for i, s := range sign {
		right = append(right, wpara(`<w:jc w:val="center"/>`, run(s, i < len(sign)-1 || true)))
	}
	return table([]string{strings.Join(left, ""), strings.Join(right, "")})
}

// wordAutoNumbered: a department's plan whose parts are Heading 1 and 2
// numbered by their style, duties as List Bullet paragraphs.
func wordAutoNumbered(t *testing.T) []byte {
	numbering := `<w:abstractNum w:abstractNumId="10">` + lvl("0", "upperRoman", "%1.", "Heading1") + lvl("1", "decimal", "%2.", "Heading2") + `</w:abstractNum>` +
		`<w:abstractNum w:abstractNumId="11">` + lvl("0", "bullet", "\uf02d", "") + lvl("1", "bullet", "+", "") + `</w:abstractNum>` +
		`<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="11"/></w:num>`
	body := headerTable([]string{"UBND TỈNH TUYÊN QUANG", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"}, "Số: 1457/KH-SKHCN", "Tuyên Quang, ngày 21 tháng 7 năm 2025") +
		wpara(`<w:pStyle w:val="Title"/><w:jc w:val="center"/>`, run("KẾ HOẠCH", true)) +
		boldP("Triển khai nền tảng cảnh báo, ngăn chặn lừa đảo trực tuyến trên địa bàn tỉnh năm 2025") +
		plainP("Căn cứ Kế hoạch số 98/KH-UBND ngày 09/7/2025 của Ủy ban nhân dân tỉnh Tuyên Quang về bảo đảm an toàn thông tin mạng sau sắp xếp đơn vị hành chính;") +
		plainP("Sở Khoa học và Công nghệ xây dựng Kế hoạch triển khai như sau:") +
		styledP("Heading1", "MỤC ĐÍCH, YÊU CẦU") +
		plainP("Người dân, doanh nghiệp tra cứu được số điện thoại, tài khoản, trang web nghi vấn trước khi giao dịch.") +
		styledP("Heading1", "NHIỆM VỤ") +
		styledP("ListBullet", "Vận hành nền tảng tra cứu, tiếp nhận phản ánh lừa đảo của tỉnh.") +
		styledP("ListBullet", "Kết nối dữ liệu cảnh báo với các doanh nghiệp viễn thông.") +
		styledP("Heading1", "TỔ CHỨC THỰC HIỆN") +
		styledP("Heading2", "Phòng Bưu chính, Viễn thông và Chuyển đổi số") +
		styledP("ListBullet", "Chủ trì vận hành nền tảng; hoàn thành kết nối dữ liệu trước ngày 30/9/2025.") +
		styledP("ListBullet", "Tổng hợp, báo cáo kết quả về Ủy ban nhân dân tỉnh định kỳ 6 tháng (trước ngày 15/6 và 15/12).") +
		styledP("Heading2", "Trung tâm Công nghệ thông tin và Truyền thông") +
		styledP("ListBullet", "Bảo đảm hạ tầng, an toàn cho nền tảng, xong trước ngày 31/8/2025.") +
		styledP("Heading2", "Đề nghị các doanh nghiệp viễn thông trên địa bàn tỉnh") +
		styledP("ListBullet", "Phối hợp chia sẻ danh sách số điện thoại bị phản ánh lừa đảo.") +
		plainP("Trên đây là Kế hoạch của Sở Khoa học và Công nghệ./.") +
		signature([]string{"- UBND tỉnh (b/c);", "- Giám đốc, các PGĐ Sở;", "- Lưu: VT, BCVT."}, []string{"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "", "Ma Thế Hùng"})
	return wordFile(t, body, headingStyles, numbering, "")
}

// wordHeaderTable: a youth union's plan written by hand in Word: header
// table, bold unnumbered headings in ordinary case, duties "- Unit: …"
// typed with dashes, a footnote on the basis, changes left tracked (one
// insertion, one deletion), a page number field in a line, and a text box
// with a stamp.
func wordHeaderTable(t *testing.T) []byte {
	footnotes := `<w:footnote w:id="1"><w:p><w:r><w:t>Ban hành kèm theo Quyết định số 12/QĐ-ĐTN.</w:t></w:r></w:p></w:footnote>`
	textBox := `<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>` +
		wpara("", run("VĂN BẢN ĐIỆN TỬ", false)) + `</w:txbxContent></wps:txbx></w:drawing></mc:Choice>` +
		`<mc:Fallback><w:pict><v:textbox><w:txbxContent>` + wpara("", run("VĂN BẢN ĐIỆN TỬ", false)) + `</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`
	body := headerTable([]string{"HUYỆN ĐOÀN KRÔNG BÔNG", "BCH ĐOÀN XÃ HÒA SƠN"}, "Số: 07-KH/ĐTN", "Hòa Sơn, ngày 02 tháng 6 năm 2025") +
		textBox +
		boldP("KẾ HOẠCH") +
		boldP("Ra quân “Thanh niên với an toàn thông tin trên không gian mạng” năm 2025") +
		wpara(`<w:jc w:val="both"/>`, run("Thực hiện Kế hoạch số 31-KH/HĐTN ngày 20/5/2025 của Ban Thường vụ Huyện đoàn Krông Bông", false),
			`<w:r><w:footnoteReference w:id="1"/></w:r>`, run(", Ban Chấp hành Đoàn xã Hòa Sơn xây dựng Kế hoạch như sau:", false)) +
		wpara("", run("Mục đích, yêu cầu", true)) +
		plainP("Đoàn viên, thanh niên biết nhận diện và tố giác các thủ đoạn lừa đảo qua mạng.") +
		wpara("", run("Nội dung hoạt động", true)) +
		wpara(`<w:jc w:val="both"/>`, run("Thành lập đội hình thanh niên tình nguyện hướng dẫn người dân cài đặt ứng dụng ", false),
			`<w:ins w:id="5" w:author="Bí thư"><w:r><w:t xml:space="preserve">VNeID và </w:t></w:r></w:ins>`,
			`<w:del w:id="6" w:author="Bí thư"><w:r><w:delText xml:space="preserve">Zalo và </w:delText></w:r></w:del>`,
			run("các ứng dụng ngân hàng an toàn.", false)) +
		wpara("", run("Tổ chức thực hiện", true)) +
		plainP("- Ban Thường vụ Đoàn xã: chỉ đạo chung; báo cáo kết quả về Ban Thường vụ Huyện đoàn định kỳ hằng quý (trước ngày 18 của tháng cuối quý).") +
		plainP("- Các Chi đoàn thôn: thành lập đội hình tình nguyện, hoàn thành trước ngày 30/6/2025; mỗi chi đoàn hướng dẫn ít nhất 50 hộ gia đình.") +
		plainP("- Chi đoàn Công an xã: phối hợp tuyên truyền tại các buổi sinh hoạt thôn.") +
		wpara("", `<w:fldSimple w:instr=" PAGE \* MERGEFORMAT "><w:r><w:t>2</w:t></w:r></w:fldSimple>`) +
		plainP("Trên đây là Kế hoạch của Ban Chấp hành Đoàn xã Hòa Sơn./.") +
		signature([]string{"- BTV Huyện đoàn (b/c);", "- Đảng ủy xã (b/c);", "- Các chi đoàn;", "- Lưu VP."}, []string{"TM. BAN CHẤP HÀNH", "BÍ THƯ", "", "Y Nhuần Byă"})
	return wordFile(t, body, `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>`, "", footnotes)
}

// wordMultiLevel: a police department's plan with one multi-level list
// for the whole body ("1.", "1.1.", "a)") and Roman-less numbering.
func wordMultiLevel(t *testing.T) []byte {
	numbering := `<w:abstractNum w:abstractNumId="3">` + lvl("0", "decimal", "%1.", "") + lvl("1", "decimal", "%1.%2.", "") + lvl("2", "lowerLetter", "%3)", "") + lvl("3", "lowerRoman", "%4.", "") + `</w:abstractNum>` +
		`<w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>`
	body := headerTable([]string{"CÔNG AN TỈNH QUẢNG TRỊ", "PHÒNG AN NINH MẠNG VÀ PHÒNG, CHỐNG TỘI PHẠM SỬ DỤNG CÔNG NGHỆ CAO"}, "Số: 318/KH-ANM", "Quảng Trị, ngày 14 tháng 10 năm 2025") +
		boldP("KẾ HOẠCH") +
		boldP("Đấu tranh với hoạt động lừa đảo đầu tư tiền ảo, việc làm online quý IV năm 2025") +
		plainP("Thực hiện Kế hoạch số 412/KH-CAT ngày 30/9/2025 của Công an tỉnh Quảng Trị, Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao xây dựng Kế hoạch như sau:") +
		listP("4", "0", "Mục đích, yêu cầu") +
		plainP("Phát hiện sớm, ngăn chặn các trang web, hội nhóm lừa đảo đầu tư; không để hình thành điểm nóng.") +
		listP("4", "0", "Nội dung công tác") +
		listP("4", "1", "Nắm tình hình trên không gian mạng") +
		plainP("Rà quét các hội nhóm tuyển cộng tác viên “việc nhẹ lương cao”.") +
		listP("4", "1", "Phân công thực hiện") +
		listP("4", "2", "Đội Tham mưu: tổng hợp, báo cáo Ban Giám đốc Công an tỉnh định kỳ hằng tháng (trước ngày 24); hoàn thành sơ kết trước ngày 20/12/2025.") +
		listP("4", "2", "Đội An ninh mạng: chủ trì rà quét, đề xuất gỡ bỏ trang web lừa đảo, hoàn thành đợt 1 trước ngày 15/11/2025.") +
		listP("4", "2", "Công an các xã, phường: tuyên truyền tới người dân; phấn đấu 100% thôn, khu phố được tuyên truyền.") +
		listP("4", "0", "Kinh phí") +
		plainP("Từ nguồn kinh phí thường xuyên của đơn vị.") +
		plainP("Trên đây là Kế hoạch của Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao./.") +
		signature([]string{"- Ban Giám đốc CAT (b/c);", "- Các Đội;", "- Lưu: HS, TM."}, []string{"TRƯỞNG PHÒNG", "", "", "Thượng tá Lê Văn Dũng"})
	return wordFile(t, body, headingStyles, numbering, "")
}

// ---- PDF ----

// pdfDoc is a page set up as Word exports an A4 state document.
func pdfDoc(t *testing.T) *fpdf.Fpdf {
	t.Helper()
	f := fpdf.New("P", "mm", "A4", "")
	for _, st := range []struct{ style, file string }{{"", "LiberationSerif-Regular.ttf"}, {"B", "LiberationSerif-Bold.ttf"}, {"I", "LiberationSerif-Italic.ttf"}} {
		b, err := os.ReadFile(filepath.Join("..", "docgen", "fonts", st.file))
		if err != nil {
			t.Fatal(err)
		}
		f.AddUTF8FontFromBytes("Times", st.style, b)
	}
	f.SetMargins(30, 20, 15)
	f.SetAutoPageBreak(true, 20)
	// Fixed dates and a sorted catalogue make the file the same each run,
	// so the committed copy can be compared byte for byte.
	when := time.Date(2025, 1, 16, 8, 0, 0, 0, time.UTC)
	f.SetCreationDate(when)
	f.SetModificationDate(when)
	f.SetCatalogSort(true)
	return f
}

// centered writes lines centred in a column [x, x+w], from y down.
func centered(f *fpdf.Fpdf, x, y, w float64, style string, lines ...string) float64 {
	f.SetFont("Times", style, 13)
	for _, l := range lines {
		f.SetXY(x, y)
		f.MultiCell(w, 6, l, "", "C", false)
		y = f.GetY()
	}
	return y
}

func bodyText(f *fpdf.Fpdf, style string, paras ...string) {
	f.SetFont("Times", style, 13)
	for _, p := range paras {
		f.SetX(30)
		f.MultiCell(165, 6.5, p, "", "J", false)
	}
}

// pdfFromWord: a department's plan as Word exports it: header in two
// columns, body lines wrapped by the page, a running header from page 2
// and the page number at the foot of each page.
func pdfFromWord(t *testing.T) []byte {
	f := pdfDoc(t)
	f.SetHeaderFunc(func() {
		if f.PageNo() > 1 {
			f.SetFont("Times", "I", 10)
			f.SetXY(30, 10)
			f.CellFormat(165, 5, "Kế hoạch số 205/KH-STP - Sở Tư pháp tỉnh Nghệ An", "", 0, "R", false, 0, "")
			f.SetXY(30, 20)
		}
	})
	f.SetFooterFunc(func() {
		f.SetFont("Times", "", 11)
		f.SetXY(30, 285)
		f.CellFormat(165, 5, itoa(f.PageNo()), "", 0, "C", false, 0, "")
	})
	f.AddPage()
	centered(f, 20, 15, 75, "", "UBND TỈNH NGHỆ AN")
	centered(f, 20, 21, 75, "B", "SỞ TƯ PHÁP")
	centered(f, 20, 32, 75, "", "Số: 205/KH-STP")
	centered(f, 90, 15, 110, "B", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
	centered(f, 90, 21, 110, "B", "Độc lập - Tự do - Hạnh phúc")
	centered(f, 90, 32, 110, "I", "Nghệ An, ngày 16 tháng 01 năm 2025")
	y := centered(f, 30, 48, 165, "B", "KẾ HOẠCH", "Phổ biến, giáo dục pháp luật về phòng, chống lừa đảo chiếm đoạt tài sản trên không gian mạng năm 2025")
	f.SetY(y + 4)
	bodyText(f, "",
		"Căn cứ Kế hoạch số 12/KH-UBND ngày 06/01/2025 của Ủy ban nhân dân tỉnh Nghệ An về công tác phổ biến, giáo dục pháp luật năm 2025, Sở Tư pháp ban hành Kế hoạch thực hiện với những nội dung sau đây:")
	bodyText(f, "B", "I. MỤC ĐÍCH, YÊU CẦU")
	bodyText(f, "", "Giúp cán bộ, công chức, viên chức và Nhân dân nắm được các quy định của pháp luật về xử lý hành vi lừa đảo chiếm đoạt tài sản, kỹ năng nhận diện và tố giác các thủ đoạn lừa đảo trên không gian mạng, góp phần kéo giảm số vụ việc trên địa bàn tỉnh.")
	bodyText(f, "B", "II. NỘI DUNG")
	bodyText(f, "",
		"1. Biên soạn tài liệu hỏi - đáp pháp luật về phòng, chống lừa đảo trên không gian mạng, phát hành trên Cổng thông tin điện tử của Sở và các nền tảng mạng xã hội.",
		"2. Tổ chức hội nghị phổ biến pháp luật cho đội ngũ báo cáo viên, tuyên truyền viên pháp luật cấp tỉnh và cấp xã.")
	bodyText(f, "B", "III. TỔ CHỨC THỰC HIỆN")
	bodyText(f, "B", "1. Phòng Phổ biến, giáo dục pháp luật")
	bodyText(f, "", "Chủ trì biên soạn tài liệu hỏi - đáp, hoàn thành trước ngày 31/3/2025; tham mưu tổ chức hội nghị phổ biến pháp luật cho báo cáo viên pháp luật cấp tỉnh và cấp xã trong quý II năm 2025; tổng hợp kết quả, báo cáo Giám đốc Sở định kỳ 6 tháng (trước ngày 10/6 và 10/12).")
	bodyText(f, "B", "2. Văn phòng Sở")
	bodyText(f, "", "Bố trí kinh phí từ nguồn chi thường xuyên; đăng tải tài liệu trên Cổng thông tin điện tử của Sở trong thời hạn 05 ngày làm việc kể từ ngày tài liệu được phê duyệt.")
	bodyText(f, "B", "3. Đề nghị Công an tỉnh")
	bodyText(f, "", "Phối hợp cung cấp các vụ việc điển hình để đưa vào tài liệu, gửi về Sở Tư pháp trước ngày 28/02/2025.")
	bodyText(f, "", "Trên đây là Kế hoạch phổ biến, giáo dục pháp luật về phòng, chống lừa đảo chiếm đoạt tài sản trên không gian mạng năm 2025 của Sở Tư pháp./.")
	f.Ln(4)
	y = f.GetY()
	f.SetFont("Times", "B", 12)
	f.SetXY(30, y)
	f.MultiCell(80, 5.5, "Nơi nhận:", "", "L", false)
	f.SetFont("Times", "", 11)
	for _, r := range []string{"- UBND tỉnh (b/c);", "- Công an tỉnh;", "- Lưu: VT, PBGDPL."} {
		f.SetX(30)
		f.MultiCell(80, 5, r, "", "L", false)
	}
	centered(f, 115, y, 80, "B", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
	centered(f, 115, y+30, 80, "B", "Phan Thị Hồng Nhung")
	return pdfBytes(t, f)
}

// pdfTwoColumnHeader: a commune's plan whose header columns wrap inside
// themselves (the issuer over two lines, the date running onto a second
// line of the right column), exported to PDF.
func pdfTwoColumnHeader(t *testing.T) []byte {
	f := pdfDoc(t)
	f.SetFooterFunc(func() {
		f.SetFont("Times", "", 11)
		f.SetXY(30, 285)
		f.CellFormat(165, 5, "Trang "+itoa(f.PageNo()), "", 0, "C", false, 0, "")
	})
	f.AddPage()
	centered(f, 20, 15, 60, "", "ỦY BAN NHÂN DÂN")
	centered(f, 20, 21, 60, "B", "XÃ NAM TRỰC")
	centered(f, 20, 32, 60, "", "Số: 64/KH-UBND")
	centered(f, 95, 15, 105, "B", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
	centered(f, 95, 21, 105, "B", "Độc lập - Tự do - Hạnh phúc")
	centered(f, 130, 32, 60, "I", "Nam Trực, ngày 19 tháng 9 năm 2025")
	y := centered(f, 30, 50, 165, "B", "KẾ HOẠCH", "Xây dựng “Thôn, tổ dân phố không có lừa đảo trực tuyến” năm 2025")
	f.SetY(y + 4)
	bodyText(f, "",
		"Căn cứ Kế hoạch số 233/KH-UBND ngày 01/8/2025 của Ủy ban nhân dân tỉnh Ninh Bình về phòng, chống tội phạm trên không gian mạng; Ủy ban nhân dân xã Nam Trực ban hành Kế hoạch như sau:")
	bodyText(f, "B", "I. MỤC ĐÍCH, YÊU CẦU")
	bodyText(f, "", "Mỗi thôn, tổ dân phố có ít nhất một tổ công nghệ số cộng đồng hướng dẫn người dân phòng tránh lừa đảo.")
	bodyText(f, "B", "II. PHÂN CÔNG NHIỆM VỤ")
	bodyText(f, "",
		"1. Công an xã: chủ trì xây dựng tiêu chí “thôn không có lừa đảo”, hoàn thành trước ngày 15/10/2025; báo cáo kết quả về Ủy ban nhân dân xã định kỳ hằng quý (trước ngày 15 của tháng cuối quý).",
		"2. Phòng Văn hóa - Xã hội: phối hợp tuyên truyền trên đài truyền thanh xã vào sáng thứ Hai hằng tuần.",
		"3. Trưởng các thôn, tổ dân phố: rà soát hộ có người cao tuổi sống một mình, xong trước ngày 31/10/2025.")
	bodyText(f, "", "Trên đây là Kế hoạch của Ủy ban nhân dân xã Nam Trực./.")
	f.Ln(4)
	y = f.GetY()
	f.SetFont("Times", "B", 12)
	f.SetXY(30, y)
	f.MultiCell(80, 5.5, "Nơi nhận:", "", "L", false)
	f.SetFont("Times", "", 11)
	for _, r := range []string{"- Đảng ủy xã (b/c);", "- Các thôn, TDP;", "- Lưu: VT."} {
		f.SetX(30)
		f.MultiCell(80, 5, r, "", "L", false)
	}
	centered(f, 115, y, 80, "B", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
	centered(f, 115, y+30, 80, "B", "Trần Đức Thắng")
	return pdfBytes(t, f)
}

func pdfBytes(t *testing.T, f *fpdf.Fpdf) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func itoa(n int) string { return strconv.Itoa(n) }
