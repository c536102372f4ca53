package planimport

import (
	"regexp"
	"strings"
)

// newsHit is the plan a news item is about, and where it is mentioned.
type newsHit struct {
	para int
	ref  ref
}

var quotedTitleRe = regexp.MustCompile(`^\s*(?:(?i:về việc|về|v/v)\s*)?[“"]([^”"]+)[”"]`)

// newsRef finds the plan a text reports on: a cited "Kế hoạch số …/KH-…",
// preferring one the text says was issued ("… ban hành kế hoạch số …").
func (p *parser) newsRef() *newsHit {
	var found *newsHit
	for i, b := range p.body {
		for _, r := range findRefs(b.text) {
			if !strings.HasPrefix(fold(b.text[r.start:r.end]), "ke hoach") || !strings.Contains(fold(r.number), "kh") {
				continue
			}
			hit := &newsHit{para: i, ref: r}
			if strings.Contains(fold(b.text[:r.start]), "ban hanh") {
				return hit
			}
			if found == nil {
				found = hit
			}
		}
	}
	return found
}

// readNews fills About with the plan a news item reports on, and explains
// that the text's own number and date are not the plan's. The headline
// becomes the title.
func (p *parser) readNews() {
	hit := p.newsRef()
	if hit == nil {
		return
	}
	b := p.body[hit.para]
	r := hit.ref
	before := b.text[:r.start]
	about := &Reference{Number: r.number, Date: r.date, Issuer: r.issuer}
	if about.Date == "" {
		// "…, ngày 07/6/2024, Tiểu ban … ban hành kế hoạch số …": the
		// last date before the mention in the same sentence.
		sent := before
		if j := strings.LastIndex(sent, ". "); j >= 0 {
			sent = sent[j+2:]
		}
		for _, m := range append(wordDateRe.FindAllStringIndex(sent, -1), numDateRe.FindAllStringIndex(sent, -1)...) {
			if d, _, _ := parseDateIn(sent[m[0]:]); d != "" {
				about.Date = d
			}
		}
	}
	if about.Issuer == "" {
		pre := strings.TrimSpace(before)
		for _, verb := range []string{"đã ban hành", "ban hành", "triển khai", "xây dựng"} {
			if cut, ok := strings.CutSuffix(pre, " "+verb); ok {
				about.Issuer = expandAbbrev(orgBefore(cut))
				break
			}
		}
	}
	if m := quotedTitleRe.FindStringSubmatch(b.text[r.end:]); m != nil {
		about.Title = strings.TrimSpace(m[1])
	}
	p.res.About = about
	p.source("about", b.n)
	if len(p.body) > 0 && hit.para > 0 {
		h := p.body[0]
		if len(strings.Fields(h.text)) <= 30 && !endsSentence(h.text) {
			p.res.Title = h.text
			p.source("title", h.n)
		}
	}
	desc := "Kế hoạch số " + about.Number
	if about.Date != "" {
		desc += " ngày " + isoToVN(about.Date)
	}
	if about.Issuer != "" {
		desc += " của " + about.Issuer
	}
	p.warn("Đây là bản tin về %s, không phải toàn văn kế hoạch: số hiệu, ngày ban hành của văn bản để trống (thông tin kế hoạch ở mục “about”).", desc)
}
