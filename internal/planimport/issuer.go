package planimport

import (
	"strings"
	"unicode"
)

// levelWords are the folded administrative levels after which a place name
// follows ("tỉnh Cao Bằng", "xã Tân Phú").
var levelWords = map[string]bool{"tinh": true, "huyen": true, "xa": true, "phuong": true, "quan": true, "thanh pho": true, "thi xa": true, "thi tran": true, "dac khu": true}

// readIssuer finds the issuing body, in order of trust: the header block
// ("ỦY BAN NHÂN DÂN" / "SỞ …"), made more precise by the introduction
// ("UBND tỉnh ban hành Kế hoạch …"), then the introduction alone ("Sở …
// xây dựng Kế hoạch …"), then the closing "Trên đây là Kế hoạch … của …",
// then the symbol ("…/KH-UBND"). A name ending in its level ("… tỉnh")
// gets the place from the date line.
func (p *parser) readIssuer() {
	issuer, src := p.headerOrg()
	if intro, n := p.introOrg(); intro != "" {
		intro = expandAbbrev(intro)
		switch fi, fh := fold(intro), fold(issuer); {
		case issuer == "":
			issuer, src = intro, n
		case strings.HasPrefix(fi, fh) && len(fi) > len(fh):
			issuer = intro // "Ủy ban nhân dân" + "UBND tỉnh" → "Ủy ban nhân dân tỉnh"
		case strings.HasSuffix(fi, " "+fh) && len(strings.Fields(fi)) <= len(strings.Fields(fh))+3:
			issuer = intro // "Chi nhánh tỉnh Quảng Nam" + "Agribank Chi nhánh tỉnh Quảng Nam"
		}
	}
	if issuer == "" && p.secEnd < len(p.body) {
		c := p.body[p.secEnd]
		if j := strings.LastIndex(c.text, " của "); j >= 0 && strings.HasPrefix(fold(c.text), "tren day la") {
			if iss := issuerFrom(c.text[j+len(" của "):]); iss != "" && isUnitLike(iss) {
				issuer, src = iss, c.n
			}
		}
	}
	if issuer == "" && strings.HasSuffix(p.res.Symbol, "-UBND") {
		issuer, src = "Ủy ban nhân dân", p.res.Sources["symbol"].Line
		p.warn("Cơ quan ban hành chỉ suy ra từ ký hiệu “%s”: Ủy ban nhân dân, chưa rõ cấp và địa phương.", p.res.Symbol)
	}
	if issuer == "" {
		return
	}
	words := strings.Fields(fold(issuer))
	last := words[len(words)-1]
	if len(words) > 1 {
		last2 := words[len(words)-2] + " " + last
		if levelWords[last2] {
			last = last2
		}
	}
	if levelWords[last] && p.res.Place != "" {
		issuer += " " + p.res.Place
	}
	p.res.Issuer = issuer
	p.source("issuer", src)
}

// hasLevel reports whether a name already says its administrative level.
func hasLevel(name string) bool {
	words := strings.Fields(fold(name))
	for i, w := range words {
		if levelWords[w] || i > 0 && levelWords[words[i-1]+" "+w] {
			return true
		}
	}
	return false
}

// expandAbbrev writes out the abbreviations used for issuing bodies.
func expandAbbrev(s string) string {
	for abbr, full := range map[string]string{"UBND ": "Ủy ban nhân dân ", "HĐND ": "Hội đồng nhân dân ", "UBMTTQ ": "Ủy ban Mặt trận Tổ quốc ", "BCH ": "Ban Chấp hành ", "BTV ": "Ban Thường vụ "} {
		if rest, ok := strings.CutPrefix(s, abbr); ok {
			return full + rest
		}
	}
	return s
}

// headerOrg returns the issuing body from the header block: the last
// organisation line before the number (the line above it names the parent
// body), with a line holding only a level and place ("TỈNH CAO BẰNG")
// joined to the line above.
func (p *parser) headerOrg() (string, int) {
	var org string
	n := 0
	prevOrg, afterNumber := false, false
	for _, b := range p.headerZone() {
		t := strings.Trim(b.text, " -–_")
		// The issuer stands above its number; a line in capitals below it
		// is a stamp ("DỰ THẢO", "KHẨN") unless no issuer was seen yet.
		if soRe.MatchString(t) {
			afterNumber = true
		} else if afterNumber && org != "" {
			continue
		}
		f := fold(t)
		if !isCaps(t) || soRe.MatchString(t) || strings.HasPrefix(f, "cong hoa") || strings.HasPrefix(f, "doc lap") || strings.HasPrefix(f, "chu nghia") || f == "ke hoach" {
			prevOrg = false
			continue
		}
		first := strings.Fields(f)[0]
		// Two-column headers interleave the national motto with the
		// issuer's lines, so a level-and-place line joins the issuer even
		// when it is not right under it.
		levelLine := levelWords[first] || first == "thanh" || first == "thi"
		if org != "" && (levelLine && !hasLevel(org) || prevOrg && strings.HasSuffix(fold(org), " va")) {
			org += " " + t
			continue
		}
		if isUnitLike(t) {
			org, n, prevOrg = t, b.n, true
			continue
		}
		prevOrg = false
	}
	if org == "" {
		return "", 0
	}
	return p.caseOrg(expandAbbrev(org)), n
}

// introOrg finds "<body> xây dựng/ban hành Kế hoạch" in the introduction.
func (p *parser) introOrg() (string, int) {
	end := min(p.secStart, len(p.body))
	for i := p.titleEnd; i < end; i++ {
		t := p.body[i].text
		if loc := orgClauseRe.FindStringIndex(t); loc != nil {
			if org := orgBefore(t[:loc[0]]); org != "" {
				return org, p.body[i].n
			}
		}
	}
	return "", 0
}

// caseOrg turns a header line in capitals into the name as the body text
// writes it ("SỞ KHOA HỌC VÀ CÔNG NGHỆ" → "Sở Khoa học và Công nghệ"): the
// text usually names its own issuer, and that spelling is the right one.
// Failing that, it applies the usual casing of administrative names.
func (p *parser) caseOrg(caps string) string {
	want := strings.Fields(fold(caps))
	for _, b := range p.body[max(p.khIdx, 0):] {
		if isCaps(b.text) {
			continue
		}
		words := strings.Fields(b.text)
		for i := 0; i+len(want) <= len(words); i++ {
			ok := true
			for k, w := range want {
				if fold(strings.Trim(words[i+k], ",.;:()“”\"")) != strings.Trim(w, ",.;:()\"") {
					ok = false
					break
				}
			}
			if ok {
				return strings.Trim(strings.Join(words[i:i+len(want)], " "), ",.;:()“”\"")
			}
		}
	}
	return caseWords(caps)
}

// fieldNames is the usual spelling of the fields departments are named
// after, for headers whose name the body never writes out.
var fieldNames = []string{
	"Giáo dục và Đào tạo", "Thông tin và Truyền thông", "Khoa học và Công nghệ",
	"Nông nghiệp và Phát triển nông thôn", "Nông nghiệp và PTNT", "Nông nghiệp và Môi trường",
	"Lao động – Thương binh và Xã hội", "Lao động - Thương binh và Xã hội", "Văn hóa, Thể thao và Du lịch",
	"Tài nguyên và Môi trường", "Kế hoạch và Đầu tư", "Dân tộc và Tôn giáo", "Văn hóa và Thông tin",
	"Văn hóa, Khoa học và Thông tin", "Giao thông vận tải", "Tài chính - Kế hoạch", "Tài chính", "Tư pháp",
	"Nội vụ", "Y tế", "Công Thương", "Xây dựng", "Ngoại vụ", "Kinh tế", "Văn hóa - Xã hội",
}

// caseWords applies the casing of administrative names to a capitalised
// name: the first word capitalised, abbreviations kept, a known field name
// spelled as usual, and proper names after a level word ("xã Tân Phú") or
// a school level ("Trường THCS Nguyễn Trãi") capitalised.
func caseWords(caps string) string {
	words := strings.Fields(caps)
	out := make([]string, len(words))
	proper := false
	for i := 0; i < len(words); i++ {
		w := words[i]
		if i > 0 && !proper {
			if n, spelled := matchField(words[i:]); n > 0 {
				copy(out[i:], spelled)
				i += n - 1
				continue
			}
		}
		lw := strings.ToLower(w)
		switch {
		case keepAbbrev(w):
			out[i] = w
		case i == 0 || proper:
			out[i] = upperFirst(lw)
		default:
			out[i] = lw
		}
		fw := fold(w)
		two := ""
		if i > 0 {
			two = fold(words[i-1]) + " " + fw
		}
		if (levelWords[fw] && fw != "thanh" && !(i+1 < len(words) && fold(words[i+1]) == "hoi")) || levelWords[two] ||
			fw == "thcs" || fw == "thpt" || fw == "th" || fw == "mn" || two == "tieu hoc" || two == "mam non" || two == "co so" {
			proper = true
		}
	}
	return strings.Join(out, " ")
}

// matchField finds a field name at the start of words and returns how many
// words it covers and its usual spelling.
func matchField(words []string) (int, []string) {
	for _, name := range fieldNames {
		nw := strings.Fields(name)
		if len(nw) > len(words) {
			continue
		}
		ok := true
		for k := range nw {
			if fold(strings.Trim(words[k], ",")) != fold(strings.Trim(nw[k], ",")) {
				ok = false
				break
			}
		}
		if ok {
			return len(nw), nw
		}
	}
	return 0, nil
}

// keepAbbrev reports whether a capitalised word is an abbreviation to keep
// as is: it has no vowel (THCS, PTNT, HĐND) or an "&" (GD&ĐT), or is UBND.
func keepAbbrev(w string) bool {
	if strings.ContainsRune(w, '&') || w == "UBND" || w == "UBMTTQ" {
		return true
	}
	for _, r := range fold(w) {
		if strings.ContainsRune("aeiouy", r) || !unicode.IsLetter(r) {
			return false
		}
	}
	return len(w) > 1
}
