package planimport

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// findSections locates the numbered body: from the first top-level part
// after the title to the closing paragraph ("Trên đây là Kế hoạch …",
// or the one ending in "./."), which belongs to no part.
func (p *parser) findSections() {
	p.secStart, p.secEnd = len(p.body), len(p.body)
	for i := p.titleEnd; i < len(p.body); i++ {
		if p.body[i].kind == kRoman {
			p.hasRoman = true
			break
		}
	}
	top := kNum
	if p.hasRoman {
		top = kRoman
	}
	for i := p.titleEnd; i < len(p.body); i++ {
		if p.body[i].kind == top {
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

// level returns the section level of a heading paragraph, 0 for others.
// Roman parts are level 1 and "1." parts level 2; a plan without Roman
// parts has its "1." parts at level 1.
func (p *parser) level(b para) int {
	shift := 0
	if !p.hasRoman {
		shift = 1
	}
	switch b.kind {
	case kRoman:
		return 1
	case kNum:
		return 2 - shift
	case kSubNum:
		return 3 - shift
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
