package planimport

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// findSections locates the body's parts: from the first top-level heading
// after the title to the closing paragraph ("Trên đây là Kế hoạch …", or
// the one ending in "./."), which belongs to no part. The top level is the
// Roman-numbered parts when there are any; else the headings without a
// number (Word heading styles, lines in capitals, the usual part names
// standing alone), when there are two or more; else the "1." parts.
func (p *parser) findSections() {
	p.secStart, p.secEnd = len(p.body), len(p.body)
	p.top = kNum
	heads := 0
	for i := p.titleEnd; i < len(p.body); i++ {
		b := p.body[i]
		if b.kind == kRoman {
			p.top = kRoman
			break
		}
		if b.kind == kHead || isFormHeading(b) {
			heads++
		}
	}
	if p.top != kRoman && heads >= 2 {
		p.top = kHead
		p.minHead = 3
		for i := p.titleEnd; i < len(p.body); i++ {
			b := &p.body[i]
			if b.kind == kPlain && isFormHeading(*b) {
				b.kind, b.head = kHead, 1
			}
			if b.kind == kHead {
				p.minHead = min(p.minHead, b.head)
			}
		}
	}
	p.hasRoman = p.top == kRoman
	for i := p.titleEnd; i < len(p.body); i++ {
		if p.body[i].kind == p.top {
			p.secStart = i
			break
		}
	}
	for i := p.secStart; i < len(p.body); i++ {
		t := p.body[i].text
		if i > p.secStart && (strings.HasPrefix(fold(t), "tren day la") || endMarkRe.MatchString(t)) {
			p.secEnd = i
			break
		}
	}
}

// partNames are the usual names of a plan's parts; standing alone on a
// short line they are a heading even without a number or capitals.
var partNames = []string{
	"muc dich", "yeu cau", "noi dung", "nhiem vu", "giai phap", "to chuc thuc hien", "kinh phi",
	"che do bao cao", "che do thong tin", "phan cong", "trach nhiem", "thoi gian", "doi tuong", "pham vi",
	"chi tieu", "tien do", "hinh thuc", "phuong thuc", "khen thuong", "dieu khoan thi hanh",
}

// isFormHeading reports whether a paragraph without a number is a heading
// by its form: a short line in capitals, or a usual part name alone.
func isFormHeading(b para) bool {
	if b.kind != kPlain {
		return false
	}
	t := strings.TrimSpace(b.text)
	words := len(strings.Fields(t))
	if words == 0 || words > 14 || isSpecialLine(t) || isTitleLine(t) || isAuthorityLine(t) {
		return false
	}
	if endsSentence(t) && !strings.HasSuffix(t, ":") {
		return false
	}
	if isCaps(t) {
		return true
	}
	f := strings.TrimRight(fold(t), " :")
	if words > 8 {
		return false
	}
	for _, n := range partNames {
		if strings.HasPrefix(f, n) {
			return true
		}
	}
	return false
}

// level returns the section level of a heading paragraph, 0 for others.
// The top level (see findSections) is 1, and "1." and "1.1." parts below
// it are 2 and 3; a plan whose top level is "1." has "1.1." at 2.
func (p *parser) level(b para) int {
	switch p.top {
	case kRoman:
		switch b.kind {
		case kRoman:
			return 1
		case kNum:
			return 2
		case kSubNum:
			return 3
		}
	case kHead:
		switch b.kind {
		case kHead:
			if b.head > p.minHead {
				return 2
			}
			return 1
		case kNum:
			return 2
		case kSubNum:
			return 3
		}
	default:
		switch b.kind {
		case kNum:
			return 1
		case kSubNum:
			return 2
		}
	}
	return 0
}

// splitHeading separates a numbered paragraph into its heading and the
// text that follows on the same line: "4. Sở Công Thương: Chỉ đạo …" has
// heading "4. Sở Công Thương"; a long numbered sentence is cut after its
// first sentence.
func splitHeading(b para) (heading, text string) {
	marker := strings.TrimSpace(b.text[:len(b.text)-len(b.body)])
	body := b.body
	join := func(h string) string { return strings.TrimSpace(marker + " " + h) }
	if i := strings.Index(body, ":"); i > 0 && len(strings.Fields(body[:i])) <= 20 {
		if rest := strings.TrimSpace(body[i+1:]); rest != "" {
			return join(body[:i]), rest
		}
	}
	if utf8.RuneCountInString(body) <= 160 {
		return join(body), ""
	}
	if j := strings.Index(body, ". "); j > 0 && utf8.RuneCountInString(body[:j]) <= 200 {
		return join(body[:j+1]), strings.TrimSpace(body[j+2:])
	}
	return join(body), ""
}

func (p *parser) readSections() {
	var cur *Section
	for i := p.secStart; i < p.secEnd; i++ {
		b := p.body[i]
		if lv := p.level(b); lv > 0 {
			h, t := splitHeading(b)
			p.res.Sections = append(p.res.Sections, Section{Heading: h, Text: t, Level: lv})
			cur = &p.res.Sections[len(p.res.Sections)-1]
			p.source("sections["+strconv.Itoa(len(p.res.Sections)-1)+"]", b.n)
			continue
		}
		if cur == nil {
			continue
		}
		if cur.Text != "" {
			cur.Text += "\n"
		}
		cur.Text += b.text
	}
}

// part is a range of body paragraphs under one heading.
type part struct{ start, end int }

// topParts returns the level-1 parts whose heading matches one of the
// folded keywords.
func (p *parser) topParts(keywords ...string) []part {
	var out []part
	for i := p.secStart; i < p.secEnd; i++ {
		if p.level(p.body[i]) != 1 {
			continue
		}
		end := p.secEnd
		for j := i + 1; j < p.secEnd; j++ {
			if p.level(p.body[j]) == 1 {
				end = j
				break
			}
		}
		h, _ := splitHeading(p.body[i])
		f := fold(h)
		for _, k := range keywords {
			if strings.Contains(f, k) {
				out = append(out, part{i, end})
				break
			}
		}
	}
	return out
}

// assignParts returns the parts named for the assignment of tasks (see
// dutyRootWords): a top-level part, or a part one level down ("2.2. Phân
// công thực hiện") when no top-level part is so named around it.
func (p *parser) assignParts() []part {
	out := p.topParts(dutyRootWords...)
	inside := func(i int) bool {
		for _, r := range out {
			if i > r.start && i < r.end {
				return true
			}
		}
		return false
	}
	for i := p.secStart; i < p.secEnd; i++ {
		if p.level(p.body[i]) != 2 || inside(i) {
			continue
		}
		h, _ := splitHeading(p.body[i])
		f := fold(h)
		if !slices.ContainsFunc(dutyRootWords, func(k string) bool { return strings.Contains(f, k) }) {
			continue
		}
		end := p.secEnd
		for j := i + 1; j < p.secEnd; j++ {
			if lv := p.level(p.body[j]); lv > 0 && lv <= 2 {
				end = j
				break
			}
		}
		out = append(out, part{i, end})
	}
	return out
}
