// Package docgen renders Vietnamese administrative documents (văn bản hành
// chính) such as a KẾ HOẠCH as .docx and .pdf in the state presentation
// format of Nghị định 30/2020/NĐ-CP, Phụ lục I: A4 page, fixed margins, the
// two-column header (agency name and number on the left, national title,
// motto and place-and-date on the right), the document kind and summary, the
// body, and the two-column "Nơi nhận" / signer block.
//
// The package owns the document model (Document, Block, Signer), the shared
// page layout both formats are drawn from (layout.go, header.go), the OOXML
// writer (docx*.go, written by hand with archive/zip, no docx library) and
// the PDF writer (pdf*.go, github.com/go-pdf/fpdf with the embedded
// Liberation Serif of fonts/, metric-compatible with the Times New Roman
// that the .docx names). Because both writers break lines with the same
// metrics, a .docx opened in LibreOffice paginates like the .pdf.
package docgen

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Document is one administrative document to render. Texts are printed
// as given except that agency names, the kind and the signer lines are put
// in capitals, as NĐ 30 requires; in ParentBody, IssuingBody and the
// Signer's Authority and Title a "\n" starts a new line, so that
// "ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG" breaks where the seal does.
type Document struct {
	ParentBody  string     // cơ quan chủ quản, e.g. "UBND TỈNH CAO BẰNG" (may be empty)
	IssuingBody string     // cơ quan ban hành, e.g. "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
	Number      string     // "940/KH-UBND"; empty renders a draft "Số:      /KH-…"
	SymbolHint  string     // e.g. "KH-SNNMT", used only when Number is empty
	Place       string     // địa danh, e.g. "Cao Bằng"
	Date        *time.Time // nil leaves day and month blank for hand-filling
	Year        int        // year printed on the blank date line
	Kind        string     // tên loại văn bản, e.g. "KẾ HOẠCH"
	Title       string     // trích yếu nội dung
	Basis       []string   // căn cứ paragraphs, printed italic
	Blocks      []Block    // the body
	Signer      Signer
	Recipients  []string // "Nơi nhận" entries; "Lưu: VT." is appended when absent
	Draft       bool     // print a boxed "DỰ THẢO" label at the top right
}

// BlockKind says how a body block is typeset.
type BlockKind int

const (
	Heading1   BlockKind = iota // "I. MỤC ĐÍCH, YÊU CẦU", bold
	Heading2                    // "1. Nội dung", bold
	Paragraph                   // justified, first-line indent 1 cm
	Bullet                      // like Paragraph; Text keeps its "- " or "+ " prefix
	TableBlock                  // a ruled table of figures; Table holds it
	Caption                     // "Bảng 1. …", bold italic, kept with the table after it
)

// Block is one paragraph of the body, or a table.
type Block struct {
	Kind  BlockKind
	Text  string
	Table *Table // for TableBlock
}

// Table is a ruled table of figures in the body: a bold header row that
// repeats on every page the table spans, then the rows, none split over
// two pages. Widths are relative weights of the columns (nil: equal);
// columns marked Numeric are right-aligned; a Total table prints its last
// row in bold.
type Table struct {
	Header  []string
	Rows    [][]string
	Widths  []int
	Numeric []bool
	Total   bool
}

// Signer is the signature block: Authority ("TM. ỦY BAN NHÂN DÂN",
// "KT. GIÁM ĐỐC"), Title ("CHỦ TỊCH") and the signer's Name.
type Signer struct {
	Authority, Title, Name string
}

// blankDayMonth is what stands in for the day and month on an unsigned
// draft: wide enough to write the figures in by hand after signing.
const blankDayMonth = "     "

// blankNumber stands in for the registration number of a draft; the
// clerk (văn thư) fills it in when the document is issued.
const blankNumber = "        "

// FormatDateLine returns the place-and-date line, e.g. "Cao Bằng, ngày 22
// tháng 4 năm 2024". NĐ 30 requires a leading zero for days below 10 and for
// months 1 and 2 ("ngày 05 tháng 02 năm 2024"), so that figures cannot be
// added later. A nil date leaves day and month blank and prints year.
func FormatDateLine(place string, date *time.Time, year int) string {
	var day, month, yr string
	if date == nil {
		day, month = blankDayMonth, blankDayMonth
		if year > 0 {
			yr = fmt.Sprint(year)
		} else {
			yr = blankDayMonth
		}
	} else {
		day = fmt.Sprintf("%02d", date.Day())
		if m := int(date.Month()); m <= 2 {
			month = fmt.Sprintf("%02d", m)
		} else {
			month = fmt.Sprint(m)
		}
		yr = fmt.Sprint(date.Year())
	}
	line := "ngày " + day + " tháng " + month + " năm " + yr
	if p := strings.TrimSpace(place); p != "" {
		line = p + ", " + line
	}
	return line
}

// numberLine is the "Số:" line of the header. Without a number it leaves a
// blank before the slash, as drafts circulate before registration.
func numberLine(d Document) string {
	if n := strings.TrimSpace(d.Number); n != "" {
		return "Số: " + n
	}
	sym := strings.TrimSpace(d.SymbolHint)
	if sym == "" {
		sym = kindAbbrev(d.Kind)
	}
	return "Số:" + blankNumber + "/" + sym
}

// kindAbbrev abbreviates a document kind the way NĐ 30 Phụ lục III does
// for most kinds: the initials of its words ("KẾ HOẠCH" → "KH",
// "QUYẾT ĐỊNH" → "QĐ"). It is only a fallback for drafts without a hint.
func kindAbbrev(kind string) string {
	var b strings.Builder
	for _, w := range strings.Fields(kind) {
		r := []rune(norm.NFC.String(w))[0]
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// recipientLines formats the "Nơi nhận" list: every entry "- X;" and the
// last "- X.", with the mandatory archive entry "Lưu: VT." added when the
// caller did not give one. Callers' own dashes and end punctuation are
// stripped first so both "Như trên" and "- Như trên;" come out the same.
func recipientLines(entries []string) []string {
	var items []string
	hasArchive := false
	for _, e := range entries {
		e = strings.TrimSpace(e)
		e = strings.TrimLeft(e, "-–+ ")
		e = strings.TrimRight(e, ";., ")
		if e == "" {
			continue
		}
		if strings.HasPrefix(e, "Lưu") {
			hasArchive = true
		}
		items = append(items, e)
	}
	if !hasArchive {
		items = append(items, "Lưu: VT")
	}
	out := make([]string, len(items))
	for i, e := range items {
		end := ";"
		if i == len(items)-1 {
			end = "."
		}
		out[i] = "- " + e + end
	}
	return out
}

// clean puts text into the form both writers need: NFC, because fpdf
// draws one glyph per code point and has no mark positioning, so a
// decomposed "ộ" would print as "o" plus loose marks; and without control
// characters, which are invalid in XML and meaningless on paper.
func clean(s string) string {
	s = norm.NFC.String(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

// upper is clean plus capitals, for the parts NĐ 30 prints in capitals
// (agency names, kind, signer authority and title) whatever the caller
// typed.
func upper(s string) string {
	return strings.ToUpper(clean(strings.TrimSpace(s)))
}
