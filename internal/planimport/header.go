package planimport

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/canhgiac/canhgiac/internal/vn"
)

var (
	// soRe matches the number line: "Số: 940/KH-UBND", "SỐ: /KH-UBND",
	// or a blank "Số:" in a draft.
	soRe = regexp.MustCompile(`^(?i:số)\s*(?::\s*(.*)|\s+([\d/.…_].*))$`)
	// placeDateRe matches "Cao Bằng, ngày 22 tháng 4 năm 2024" and the
	// numeric "Hà Tĩnh, ngày 15/01/2025" / "Hà Tĩnh, 15/01/2025".
	placeDateRe = regexp.MustCompile(`^([^\d,;:]{2,60}?)\s*,\s*((?i:ngày)\b.*|(?i:ngày)$|\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}.*)$`)
	wordDateRe  = regexp.MustCompile(`(?i)ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})`)
	numDateRe   = regexp.MustCompile(`(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*([/.-])\s*(\d{4})`)
	yearRe      = regexp.MustCompile(`(?i)năm\s+((?:19|20)\d\d)`)
	// symbolDash is a dash with the spaces web pages put around it ("KH - UBND").
	symbolDash = regexp.MustCompile(`\s*[-–]\s*`)
)

// findHeading locates the "KẾ HOẠCH" heading that separates the header from
// the title. A heading that carries the title on the same line ("KẾ HOẠCH
// TUYÊN TRUYỀN …") counts too.
func (p *parser) findHeading() {
	p.khIdx = -1
	for i, b := range p.body {
		if i > 30 || b.kind == kRoman {
			return
		}
		f := fold(b.text)
		if f == "ke hoach" || (isCaps(b.text) && strings.HasPrefix(f, "ke hoach ")) {
			p.khIdx = i
			return
		}
	}
}

// headerZone is where the number, place and date are looked for: before
// the heading, or the first paragraphs when there is none.
func (p *parser) headerZone() []para {
	end := p.khIdx
	if end < 0 {
		end = min(len(p.body), 12)
	}
	for i := 0; i < end; i++ {
		if p.body[i].kind == kRoman {
			return p.body[:i]
		}
	}
	return p.body[:end]
}

func (p *parser) readHeader() {
	for _, b := range p.headerZone() {
		t := b.text
		if m := soRe.FindStringSubmatch(t); m != nil && !p.soLine {
			p.soLine = true
			p.readNumber(m[1]+m[2], b.n)
			continue
		}
		if m := placeDateRe.FindStringSubmatch(t); m != nil && !p.dateLine && len(strings.Fields(t)) <= 16 {
			p.dateLine = true
			p.res.Place = strings.TrimSpace(m[1])
			p.source("place", b.n)
			p.readDate(m[2], t, b.n)
		}
	}
}

// missingDate explains a plan without a place-and-date line.
func (p *parser) missingDate() {
	if y := p.mentionedYear(); y != "" {
		p.warn("Không thấy ngày ban hành; văn bản chỉ nêu năm %s — không tự điền ngày.", y)
	} else {
		p.warn("Không thấy ngày ban hành (dòng “…, ngày … tháng … năm …”).")
	}
}

// readNumber splits "774 /KH-LĐT BXH" into number "774" and symbol
// "KH-LĐTBXH". Spaces an extractor put inside the symbol are removed; a
// word with lower-case letters ends the symbol, as it belongs to the next
// header cell ("Cao Bằng, ngày …").
func (p *parser) readNumber(s string, n int) {
	s = strings.TrimSpace(s)
	num, sym := "", ""
	if before, after, ok := strings.Cut(s, "/"); ok {
		num = strings.Trim(before, " .…_")
		// Party documents put the kind before the slash: "15-KH/ĐU".
		if d, kind, ok := strings.Cut(num, "-"); ok && isDigits(strings.TrimSpace(d)) {
			num, after = strings.TrimSpace(d), strings.TrimSpace(kind)+"/"+after
		}
		words := strings.Fields(symbolDash.ReplaceAllString(after, "-"))
		for i, w := range words {
			if i > 0 && (!isCaps(w) && !isDigits(w) || strings.ContainsAny(w, ",")) {
				break
			}
			sym += w
		}
		sym = strings.Trim(sym, ".,;:")
	} else {
		num = strings.Trim(s, " .…_")
	}
	if !isDigits(num) {
		if num != "" {
			p.warn("Số hiệu “%s” không phải là số; để trống.", truncRunes(s, 40))
		}
		num = ""
	}
	p.res.Number, p.res.Symbol = num, sym
	p.source("number", n)
	if sym != "" {
		p.source("symbol", n)
	}
	if num == "" {
		p.warn("Không thấy số hiệu văn bản: dòng “%s” để trống (có thể là bản dự thảo).", truncRunes(p.raw[n-1], 60))
	}
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// readDate reads the date part of the place-and-date line. A blank or
// partial date ("ngày … tháng … năm 2024") and a date that does not exist
// are left empty with a warning: the importer never invents a day.
func (p *parser) readDate(s, line string, n int) {
	d, written, ok := parseDateIn(s)
	switch {
	case ok && d != "":
		p.res.Date = &d
		p.source("date", n)
	case ok:
		p.warn("Ngày ban hành không có thật: “%s” (dòng %d) — để trống, không đoán.", written, n)
	default:
		if y := yearRe.FindStringSubmatch(s); y != nil {
			p.warn("Ngày ban hành chưa điền đủ: “%s” chỉ có năm %s — để trống, không đoán ngày.", truncRunes(line, 60), y[1])
		} else {
			p.warn("Không thấy ngày ban hành: dòng “%s” để trống (có thể là bản dự thảo).", truncRunes(line, 60))
		}
	}
}

// parseDateIn finds the first full date in s, in words or digits. It
// returns ok with d == "" when the date is written out but does not exist
// (31/2/2024), and written is the date as it appears in s.
func parseDateIn(s string) (d, written string, ok bool) {
	var day, month, year string
	wi := wordDateRe.FindStringSubmatchIndex(s)
	ni := numDateRe.FindStringSubmatchIndex(s)
	switch {
	case wi != nil && (ni == nil || wi[0] <= ni[0]):
		written = s[wi[0]:wi[1]]
		day, month, year = s[wi[2]:wi[3]], s[wi[4]:wi[5]], s[wi[6]:wi[7]]
	case ni != nil:
		if s[ni[4]:ni[5]] != s[ni[8]:ni[9]] { // "22/4-2024" is not a date
			return "", "", false
		}
		written = s[ni[0]:ni[1]]
		day, month, year = s[ni[2]:ni[3]], s[ni[6]:ni[7]], s[ni[10]:ni[11]]
	default:
		return "", "", false
	}
	t, err := vn.ParseDate(day + "/" + month + "/" + year)
	if err != nil {
		return "", written, true
	}
	return t.Format("2006-01-02"), written, true
}

// mentionedYear returns the year a text speaks of ("… năm 2024./.") once
// full dates (which name years of other documents) are set aside.
func (p *parser) mentionedYear() string {
	all := p.allText()
	all = wordDateRe.ReplaceAllString(all, "")
	counts := map[string]int{}
	best := ""
	for _, m := range yearRe.FindAllStringSubmatch(all, -1) {
		counts[m[1]]++
		if best == "" || counts[m[1]] > counts[best] {
			best = m[1]
		}
	}
	return best
}

// introStarts are the openings of the sentences that follow a title.
var introStarts = []string{"can cu", "thuc hien", "de ", "nham ", "thoi gian qua", "theo ", "tren co so", "trong thoi gian", "qua ", "tiep tuc"}

// readTitle reads the trích yếu: the lines after "KẾ HOẠCH" up to the first
// sentence of the introduction or the first part.
func (p *parser) readTitle() {
	p.titleEnd = max(p.khIdx+1, 0)
	if p.khIdx < 0 {
		return
	}
	var parts []string
	first := 0
	if words := strings.Fields(p.body[p.khIdx].text); len(words) > 2 {
		parts, first = append(parts, strings.Join(words[2:], " ")), p.body[p.khIdx].n
	}
	i := p.khIdx + 1
	for ; i < len(p.body) && len(parts) < 4; i++ {
		b := p.body[i]
		if b.kind != kPlain && b.kind != kHead || !looksLikeTitle(b.text) {
			break
		}
		if len(parts) == 0 {
			first = b.n
		}
		parts = append(parts, b.text)
	}
	p.titleEnd = i
	if len(parts) > 0 {
		p.res.Title = strings.Join(parts, " ")
		p.source("title", first)
	}
}

func looksLikeTitle(s string) bool {
	words := len(strings.Fields(s))
	f := fold(s)
	if words > 60 || strings.HasPrefix(f, "can cu") || isSpecialLine(s) {
		return false
	}
	if endsSentence(s) && words > 15 {
		return false
	}
	for _, w := range introStarts {
		if strings.HasPrefix(f, w) && (words > 25 || endsSentence(s)) {
			return false
		}
	}
	r := []rune(s)
	return unicode.IsUpper(r[0]) || r[0] == '“' || r[0] == '"' || r[0] == '('
}

// isoToVN turns "2024-06-07" into "07/6/2024" for messages.
func isoToVN(d string) string {
	if len(d) != 10 {
		return d
	}
	m, _ := strconv.Atoi(d[5:7])
	return fmt.Sprintf("%s/%d/%s", d[8:10], m, d[:4])
}
