package docgen

import (
	"strings"
	"testing"
)

// headingAt builds a plan whose section heading "V. CHẾ ĐỘ BÁO CÁO" is
// followed by a three-line paragraph, after filler paragraphs that push
// it down the page by a line at a time.
func headingAt(filler int) Document {
	d := sampleDraft()
	d.Draft = false
	for range filler {
		d.Blocks = append(d.Blocks, Block{Kind: Bullet, Text: "- Tổ chức tuyên truyền."})
	}
	d.Blocks = append(d.Blocks,
		Block{Kind: Heading1, Text: "V. CHẾ ĐỘ BÁO CÁO"},
		Block{Kind: Paragraph, Text: "Định kỳ 06 tháng (trước ngày 05/6), 01 năm (trước ngày 05/12) hoặc đột xuất (khi có yêu cầu), các cơ quan, đơn vị tổng hợp, báo cáo, đánh giá kết quả thực hiện gửi về Công an tỉnh để tổng hợp, báo cáo Bộ Công an, UBND tỉnh theo quy định."},
		Block{Kind: Paragraph, Text: strings.Repeat("Căn cứ nội dung Kế hoạch, các cơ quan, đơn vị nghiêm túc tổ chức triển khai thực hiện. ", 3)})
	return d
}

// Wherever the heading falls, the PDF never ends a page with it: the
// three lines after it cannot be split without a lone line, so the
// heading moves with them (the 940 plan left "V. CHẾ ĐỘ BÁO CÁO" alone at
// the foot of page 6).
func TestPDF_HeadingNeverEndsAPage(t *testing.T) {
	for filler := 20; filler < 50; filler++ {
		pages := pdfPageTexts(t, headingAt(filler))
		for i, words := range pages {
			n := len(words)
			if n >= 5 && strings.Join(words[n-5:], " ") == "V. CHẾ ĐỘ BÁO CÁO" {
				t.Errorf("with %d filler lines the heading ends page %d", filler, i+1)
			}
			if i > 0 && len(words) > 1 && words[1] == "thực" {
				t.Errorf("with %d filler lines page %d starts with the last line of a paragraph", filler, i+1)
			}
		}
	}
}

// A draft says DỰ THẢO on every page, in the PDF and in the .docx (whose
// page header for pages 2 on carries it beside the page number).
func TestDraft_MarkedOnEveryPage(t *testing.T) {
	pages := pdfPageTexts(t, sampleLong())
	if len(pages) < 3 {
		t.Fatalf("%d pages", len(pages))
	}
	for i, words := range pages {
		if !strings.Contains(strings.Join(words, " "), draftLabel) {
			t.Errorf("page %d of the draft lacks %s", i+1, draftLabel)
		}
	}
	parts := docxParts(t, sampleLong())
	for _, h := range []string{"word/header1.xml", "word/header2.xml"} {
		if !strings.Contains(parts[h], draftLabel) {
			t.Errorf("%s of the draft lacks %s", h, draftLabel)
		}
	}
	final := docxParts(t, samplePlan())
	if strings.Contains(final["word/header1.xml"]+final["word/header2.xml"], draftLabel) {
		t.Errorf("the final document says %s", draftLabel)
	}
}

// sampleTable is a report-like document with a table longer than a page.
func sampleTable() Document {
	d := sampleDraft()
	t := Table{Header: []string{"STT", "Đơn vị", "Số hoạt động"}, Widths: []int{8, 50, 15}, Numeric: []bool{false, false, true}, Total: true}
	for i := range 60 {
		t.Rows = append(t.Rows, []string{strings.Repeat("x", 0) + itoa(i+1), "Ủy ban nhân dân xã số " + itoa(i+1), itoa(i * 7)})
	}
	t.Rows = append(t.Rows, []string{"", "Tổng cộng", "12.390"})
	d.Blocks = append(d.Blocks, Block{Kind: Caption, Text: "Bảng 1. Số hoạt động theo đơn vị"}, Block{Kind: TableBlock, Table: &t},
		Block{Kind: Paragraph, Text: "Sau bảng."})
	return d
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// Tables: every row is drawn once, the header row again at the top of
// each page the table continues on; in the .docx the header row repeats
// (tblHeader), rows do not split and the cells are ruled.
func TestTable_HeaderRepeatsAndEveryRowIsDrawn(t *testing.T) {
	pages := pdfPageTexts(t, sampleTable())
	if len(pages) < 2 {
		t.Fatalf("%d pages", len(pages))
	}
	rows, heads, spanned := 0, 0, 0
	for _, words := range pages {
		text := strings.Join(words, " ")
		if n := strings.Count(text, "Ủy ban nhân dân xã số"); n > 0 {
			rows += n
			spanned++
			if strings.Contains(text, "STT Đơn vị Số hoạt động") {
				heads++
			}
		}
	}
	if rows != 60 || spanned < 2 || heads != spanned {
		t.Errorf("drew %d of 60 rows, over %d pages, with the header on %d of them", rows, spanned, heads)
	}
	doc := docxParts(t, sampleTable())["word/document.xml"]
	for _, want := range []string{"<w:tblHeader/>", "<w:cantSplit/>", `<w:insideH w:val="single"`, "Bảng 1. Số hoạt động theo đơn vị", "12.390"} {
		if !strings.Contains(doc, want) {
			t.Errorf("the .docx lacks %s", want)
		}
	}
}
