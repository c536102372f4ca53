package planimport

import (
	"fmt"
	"strings"

	"github.com/canhgiac/canhgiac/internal/vn"
)

// fold is the accent- and case-insensitive key used for every keyword test,
// so that "TỔ CHỨC THỰC HIỆN", "Tổ chức thực hiện" and a text typed without
// accents are read alike.
func fold(s string) string { return vn.Fold(s) }

// parser carries one Parse call.
type parser struct {
	res   *Result
	raw   []string // trimmed physical lines, for Sources
	lines []line   // logical lines of the whole input
	body  []para   // paragraphs of the plan proper (no signature, no trailing page text)

	khIdx    int // index in body of the "KẾ HOẠCH" heading, -1 if none
	titleEnd int // first body index after the title
	secStart int // first body index of the sections, len(body) if none
	secEnd   int // first body index after the sections (closing paragraph)
	hasRoman bool
	top      itemKind // kind of the top-level headings: kRoman, kHead or kNum
	minHead  int      // highest heading level among kHead parts
	soLine   bool     // a "Số:" line was seen, even if blank
	dateLine bool     // a "<place>, ngày …" line was seen, even if blank

	duty map[int]string // body index → unit of the duty group it belongs to
}

// Parse reads a plan's plain text. It never panics: anything it cannot read
// is left empty and explained in Warnings.
func Parse(text string) (res Result) {
	res = newResult()
	defer func() {
		if r := recover(); r != nil {
			res = newResult()
			res.Warnings = append(res.Warnings, fmt.Sprintf("Lỗi khi đọc văn bản (%v); không lấy được nội dung nào.", r))
		}
	}()
	p := &parser{res: &res, duty: map[int]string{}}
	p.raw, p.lines = splitInput(text)
	p.run()
	return res
}

func (p *parser) run() {
	if len(p.lines) == 0 {
		p.warn("Không thấy dấu hiệu của một kế hoạch: văn bản trống (đã đọc 0 dòng).")
		return
	}
	bodyLines, tail := p.cutTail()
	p.body = joinParas(bodyLines)
	p.findHeading()
	p.readHeader()
	p.readTitle()
	p.findSections()

	if what, n := p.otherDocument(); what != "" {
		p.notAPlan(what, n)
		return
	}
	switch p.kind() {
	case KindUnknown:
		p.unknown()
		return
	case KindNews:
		p.res.Kind = KindNews
		p.readNews()
		p.proseDuties(0)
		p.readTail(tail, false)
		return
	}
	p.res.Kind = KindPlan
	p.readBasis()
	p.readIssuer()
	p.readSections()
	p.readDuties()
	p.readRegime()
	p.readPhases()
	tail, appendix := splitAppendix(tail)
	p.readTail(tail, true)
	p.readAppendix(appendix)
	p.headerWarnings()
	p.res.Missing = p.findGaps()
}

// kind decides what the text is. A plan announces itself with the
// "KẾ HOẠCH" heading or an official number line, or at least with several
// Roman-numbered parts in a text that speaks of a plan; a text that only
// mentions "Kế hoạch số …/KH-…" is a news item about a plan.
func (p *parser) kind() string {
	romans := 0
	for _, b := range p.body {
		if b.kind == kRoman {
			romans++
		}
	}
	all := fold(p.allText())
	switch {
	case p.khIdx >= 0:
		return KindPlan
	case p.soLine && romans >= 1:
		return KindPlan
	case romans >= 2 && strings.Contains(all, "ke hoach"):
		return KindPlan
	case p.newsRef() != nil:
		return KindNews
	}
	return KindUnknown
}

// otherKinds are the headings of administrative documents that are not
// plans, by their folded heading, with the name a person knows them by.
var otherKinds = []struct{ heading, name, symbol string }{
	{"quyet dinh", "một Quyết định", "QĐ"},
	{"thong bao", "một Thông báo", "TB"},
	{"bao cao", "một Báo cáo", "BC"},
	{"to trinh", "một Tờ trình", "TTr"},
	{"chi thi", "một Chỉ thị", "CT"},
	{"nghi quyet", "một Nghị quyết", "NQ"},
	{"cong van", "một Công văn", "CV"},
	{"giay moi", "một Giấy mời", "GM"},
	{"huong dan", "một Hướng dẫn", "HD"},
}

// otherDocument tells whether the text is another kind of administrative
// document: its heading in capitals ("QUYẾT ĐỊNH") stands before any
// "KẾ HOẠCH" heading, or its number's symbol says so ("Số: 12/QĐ-UBND").
// A decision that issues a plan carries the plan after its articles, under
// its own "KẾ HOẠCH" heading: that plan is read as usual.
func (p *parser) otherDocument() (string, int) {
	if p.khIdx >= 0 {
		return "", 0
	}
	for i, b := range p.body {
		if i > 25 || b.kind == kRoman {
			break
		}
		if m := soRe.FindStringSubmatch(b.text); m != nil {
			_, sym, _ := strings.Cut(m[1]+m[2], "/")
			for _, k := range otherKinds {
				if strings.HasPrefix(strings.TrimSpace(sym), k.symbol+"-") {
					return k.name, b.n
				}
			}
		}
		if !isCaps(b.text) {
			continue
		}
		f := fold(b.text)
		for _, k := range otherKinds {
			if f == k.heading || strings.HasPrefix(f, k.heading+" ") && len(strings.Fields(f)) <= 8 {
				return k.name, b.n
			}
		}
	}
	return "", 0
}

// notAPlan answers a document of another kind: nothing is read from it.
func (p *parser) notAPlan(what string, n int) {
	*p.res = newResult()
	p.res.Warnings = append(p.res.Warnings, fmt.Sprintf(
		"Văn bản này là %s (dòng %d: “%s”), không phải kế hoạch, nên không nhập. Hãy tải lên chính văn bản kế hoạch (có tiêu đề “KẾ HOẠCH”, số “…/KH-…”).",
		what, n, truncRunes(p.raw[n-1], 60)))
}

func (p *parser) allText() string {
	var b strings.Builder
	for _, x := range p.body {
		b.WriteString(x.text)
		b.WriteByte('\n')
	}
	return b.String()
}

// unknown reports what was seen in a text that is not a plan and clears
// everything else, so that nothing half-read is mistaken for a plan.
func (p *parser) unknown() {
	*p.res = newResult()
	n := 0
	for _, r := range p.raw {
		if r != "" {
			n++
		}
	}
	first := ""
	if len(p.lines) > 0 {
		first = truncRunes(p.lines[0].text, 80)
	}
	p.res.Warnings = append(p.res.Warnings, fmt.Sprintf(
		"Không thấy dấu hiệu của một kế hoạch (không có “KẾ HOẠCH”, “Số: …/KH-…”, các mục I., II.); đã đọc %d dòng, dòng đầu: “%s”.", n, first))
}

func (p *parser) warn(format string, args ...any) {
	p.res.Warnings = append(p.res.Warnings, fmt.Sprintf(format, args...))
}

// source records where field was read, quoting the physical line.
func (p *parser) source(field string, n int) {
	if n < 1 || n > len(p.raw) {
		return
	}
	p.res.Sources[field] = Source{Line: n, Text: truncRunes(p.raw[n-1], 120)}
}

// headerWarnings explains the header fields of a plan that stayed empty.
func (p *parser) headerWarnings() {
	if !p.soLine {
		p.warn("Không thấy số hiệu văn bản (không có dòng “Số: …/KH-…”).")
	}
	if !p.dateLine {
		p.missingDate()
	}
	if p.res.Title == "" {
		p.warn("Không đọc được trích yếu (dòng tên kế hoạch sau “KẾ HOẠCH”).")
	}
	if p.res.Issuer == "" {
		p.warn("Không xác định được cơ quan ban hành (không có dòng tên cơ quan ở đầu văn bản, cũng không có câu “… ban hành/xây dựng Kế hoạch”).")
	}
	if len(p.res.Sections) == 0 {
		p.warn("Không thấy các mục của kế hoạch (I., II., … hoặc 1., 2., …).")
	}
	if len(p.res.Duties) == 0 {
		p.warn("Không thấy phần phân công nhiệm vụ (mục “Tổ chức thực hiện” hoặc “Phân công trách nhiệm”); chưa có nhiệm vụ nào.")
	}
}
