package planimport

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	// refRe matches a numbered document: "Kế hoạch số 578/KH-BCA-A05",
	// "kết luận số 631-KL/BTGTU", "Quyết định 77/QĐ-TTg".
	refRe       = regexp.MustCompile(`(?i)(kế hoạch|quyết định|chỉ thị|nghị quyết|kết luận|công văn|văn bản|thông tư(?:\s+liên tịch)?|nghị định|hướng dẫn|thông báo|chương trình|đề án|công điện|quy chế|luật)\s+(?:số\s*:?\s*)?(\d+\s*[/-]\s*[\p{L}\d&/-]*\p{L}[\p{L}\d&/-]*)`)
	refDateRe   = regexp.MustCompile(`(?i)^\s*,?\s*(?:ban hành\s+)?(ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|ngày\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})`)
	refOfRe     = regexp.MustCompile(`^\s*,?\s*của\s+`)
	orgClauseRe = regexp.MustCompile(`\s(?:xây dựng|ban hành|triển khai xây dựng|lập)\s+(?:Kế hoạch|kế hoạch|KẾ HOẠCH)`)
	footnoteRe  = regexp.MustCompile(`\s*\[[^\[\]]*\]`)
	basisLeads  = []string{"can cu", "thuc hien", "theo ", "tren co so", "trien khai"}
)

// issuerStops end an issuer written after "của": the issuer is a name, and
// the first lower-case verb or preposition after it starts what the cited
// document is about. Matching is case-sensitive so capitalised words of
// names ("Sở Thông tin và Truyền thông") never cut them.
var issuerStops = []string{
	";", ".", "(", "“", "\"", ":", " về ", " tại ", " triển khai", " tuyên truyền", " phê duyệt",
	" ban hành", " hướng dẫn", " quy định", " thực hiện", " nhằm", " để ", " trong ", " với ",
	" đối với", " việc ", " ngày ", " năm ", " giai đoạn", " số ", " đã ", " trên ", " cho ",
	" phòng", " chống", " đấu tranh", " tăng cường", " đẩy mạnh", " nâng cao", " xây dựng",
	" bảo đảm", " đảm bảo", " kiện toàn", " sửa đổi", " tổ chức", " thi hành", " điều chỉnh",
	" gửi", " yêu cầu", " giao ", " là ",
}

// issuerFrom reads the issuer at the start of s ("Bộ Công an triển khai …"
// → "Bộ Công an"). A comma continues a short name whose next part is
// capitalised ("Bộ Văn hóa, Thể thao và Du lịch").
func issuerFrom(s string) string {
	s = strings.TrimSpace(s)
	cut := len(s)
	for _, st := range issuerStops {
		if j := strings.Index(s, st); j >= 0 && j < cut {
			cut = j
		}
	}
	out := s[:cut]
	if j := strings.Index(out, ","); j >= 0 {
		head, tail := out[:j], strings.TrimSpace(out[j+1:])
		r, _ := utf8.DecodeRuneInString(tail)
		if len(strings.Fields(head)) > 3 || !unicode.IsUpper(r) {
			out = head
		}
	}
	out = strings.TrimSpace(out)
	words := strings.Fields(out)
	if len(words) == 0 || len(words) > 14 {
		return ""
	}
	if r, _ := utf8.DecodeRuneInString(out); !unicode.IsUpper(r) {
		return ""
	}
	return out
}

// orgBefore reads the body named just before a verb: "…mạng”, UBND tỉnh"
// → "UBND tỉnh"; "…, ngày 07/6/2024, Tiểu ban An toàn, An ninh mạng tỉnh
// Quảng Nam" → "Tiểu ban An toàn, An ninh mạng tỉnh Quảng Nam".
func orgBefore(s string) string {
	for _, sep := range []string{". ", "; ", ": "} {
		if j := strings.LastIndex(s, sep); j >= 0 {
			s = s[j+len(sep):]
		}
	}
	segs := strings.Split(s, ", ")
	out := strings.TrimSpace(segs[len(segs)-1])
	for k := len(segs) - 2; k >= 0; k-- {
		seg := strings.TrimSpace(segs[k])
		r, _ := utf8.DecodeRuneInString(seg)
		if !unicode.IsUpper(r) || len(strings.Fields(seg)) > 5 || strings.ContainsAny(seg, "0123456789“”\"") {
			break
		}
		out = seg + ", " + out
	}
	out = strings.TrimSpace(out)
	r, _ := utf8.DecodeRuneInString(out)
	if out == "" || !unicode.IsUpper(r) || len(strings.Fields(out)) > 15 || !isUnitLike(out) {
		return ""
	}
	return out
}

// ref is one numbered document found in a text.
type ref struct {
	start, end int // of the match in its paragraph text
	number     string
	date       string // ISO, or ""
	bad        string // date as written when it does not exist
	issuer     string
}

// findRefs lists the numbered documents a paragraph cites.
func findRefs(text string) []ref {
	var out []ref
	for _, m := range refRe.FindAllStringSubmatchIndex(text, -1) {
		r := ref{start: m[0], end: m[1], number: strings.Join(strings.Fields(text[m[4]:m[5]]), "")}
		rest := text[m[1]:]
		if d := refDateRe.FindStringSubmatchIndex(rest); d != nil {
			iso, written, _ := parseDateIn(rest[d[2]:d[3]])
			r.date = iso
			if iso == "" {
				r.bad = written
			}
			rest = rest[d[1]:]
		}
		if loc := refOfRe.FindStringIndex(rest); loc != nil {
			r.issuer = issuerFrom(rest[loc[1]:])
		}
		out = append(out, r)
	}
	return out
}

// clauses splits a paragraph at ";" and at sentence ends, outside quotes.
func clauses(text string) []string {
	var out []string
	depth, last := 0, 0
	for i, r := range text {
		switch {
		case r == '“':
			depth++
		case r == '”' && depth > 0:
			depth--
		case depth == 0 && r == ';':
			out = append(out, text[last:i])
			last = i + 1
		case depth == 0 && r == '.' && i+2 < len(text) && text[i+1] == ' ':
			if n, _ := utf8.DecodeRuneInString(text[i+2:]); unicode.IsUpper(n) {
				out = append(out, text[last:i])
				last = i + 1
			}
		}
	}
	return append(out, text[last:])
}

// refText cuts the text of the reference starting at from: up to the end
// of its clause, a closing quote followed by a comma, or the next
// reference, and never into the "…, Sở X xây dựng kế hoạch" that follows.
func refText(c string, from, to int) string {
	s := c[from:to]
	if j := strings.Index(s, "”,"); j >= 0 {
		s = s[:j+len("”")]
	}
	if loc := orgClauseRe.FindStringIndex(s); loc != nil {
		if k := strings.LastIndex(s[:loc[0]], ","); k >= 0 {
			s = s[:k]
		}
	}
	return truncRunes(strings.Trim(strings.TrimSpace(s), " ,.;:"), 400)
}

// readBasis reads the documents the plan is based on from the header and
// the introduction: every numbered document cited there, and every
// "Căn cứ …"/"Thực hiện …" clause that names a document without a number.
func (p *parser) readBasis() {
	zone := p.headerZone()
	end := p.secStart
	if end == len(p.body) {
		end = min(len(p.body), p.titleEnd+6)
	}
	if p.titleEnd < end {
		zone = append(zone[:len(zone):len(zone)], p.body[p.titleEnd:end]...)
	}
	seen := map[string]bool{}
	add := func(b Basis, n int) {
		key := b.Number
		if key == "" {
			key = b.Text
		}
		if seen[key] || b.Text == "" {
			return
		}
		seen[key] = true
		p.source("basis["+strconv.Itoa(len(p.res.Basis))+"]", n)
		p.res.Basis = append(p.res.Basis, b)
	}
	for _, b := range zone {
		// A footnote DocxText wrote in brackets explains a reference; the
		// documents it names are not the plan's basis.
		for _, c := range clauses(footnoteRe.ReplaceAllString(b.text, "")) {
			refs := findRefs(c)
			for k, r := range refs {
				to := len(c)
				if k+1 < len(refs) {
					to = refs[k+1].start
				}
				if r.bad != "" {
					p.warn("Ngày của văn bản %s không có thật: “%s” — để trống.", r.number, r.bad)
				}
				add(Basis{Text: refText(c, r.start, to), Number: r.number, Date: r.date, Issuer: r.issuer}, b.n)
			}
			if len(refs) == 0 {
				if bs, ok := textBasis(c); ok {
					add(bs, b.n)
				}
			}
		}
	}
}

// textBasis reads a basis without a number: "Căn cứ Luật An ninh mạng ngày
// 12 tháng 6 năm 2018", "Thực hiện chỉ đạo của Thủ tướng Chính phủ …".
func textBasis(c string) (Basis, bool) {
	c = strings.TrimSpace(c)
	f := fold(c)
	lead := ""
	for _, l := range basisLeads {
		if strings.HasPrefix(f, l) {
			lead = l
		}
	}
	if lead == "" {
		return Basis{}, false
	}
	words := strings.Fields(c)
	rest := strings.Join(words[len(strings.Fields(lead)):], " ")
	if loc := orgClauseRe.FindStringIndex(rest); loc != nil {
		if k := strings.LastIndex(rest[:loc[0]], ","); k >= 0 {
			rest = rest[:k]
		}
	}
	rest = strings.Trim(rest, " ,.;:")
	fr := fold(rest)
	_, _, hasDate := parseDateIn(rest)
	b := Basis{Text: truncRunes(rest, 400)}
	b.Date, _, _ = parseDateIn(rest)
	if j := strings.Index(rest, " của "); j >= 0 {
		b.Issuer = issuerFrom(rest[j+len(" của "):])
	}
	// "Căn cứ tình hình thực tế …" cites no document: keep only clauses
	// that name a document, a date or an issuing body.
	if rest == "" || !(hasDate || b.Issuer != "" || startsDocWord(fr)) {
		return Basis{}, false
	}
	return b, true
}

func startsDocWord(f string) bool {
	for _, w := range []string{"luat", "nghi dinh", "nghi quyet", "chi thi", "quyet dinh", "thong tu", "ket luan", "ke hoach", "chuong trinh", "de an", "huong dan", "cong van", "dieu le"} {
		if strings.HasPrefix(f, w) {
			return true
		}
	}
	return false
}
