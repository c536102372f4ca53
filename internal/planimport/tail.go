package planimport

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// endMarkRe matches the "./." that closes the body of an administrative
// document (also extracted as ". /" or "/.").
var endMarkRe = regexp.MustCompile(`(?:\.\s*/\s*\.?|/\s*\.)\s*$`)

// webJunk are lines a web page puts after an article; they are never part
// of a plan. They are matched as whole short lines so a sentence that
// merely starts with the same words is kept.
var webJunk = []string{
	"y kien ban doc", "tin lien quan", "tin cung chuyen muc", "binh luan", "chia se",
	"du lieu dang duoc cap nhat", "xem them", "bai viet lien quan", "tin khac",
	"gui y kien", "in bai", "tu khoa", "ban quyen", "tags",
}

func isWebJunk(s string) bool {
	f := strings.Trim(fold(s), " .:…")
	n := len(strings.Fields(f))
	for _, j := range webJunk {
		if f == j || (strings.HasPrefix(f, j+" ") || strings.HasPrefix(f, j+":")) && n <= len(strings.Fields(j))+2 {
			return true
		}
	}
	return false
}

// authorityRe matches the "on behalf of" prefixes of a signature block.
// "Q." (acting) is not one: "Q. GIÁM ĐỐC" is the signer's own title.
var authorityRe = regexp.MustCompile(`^(?:TM|KT|TL|TUQ|T/M|K/T|T/L)\s*[.:]\s*\S`)

// signerTitles are the office titles a signature block uses (folded).
var signerTitles = []string{
	"chu tich", "giam doc", "hieu truong", "truong ban", "truong phong", "bi thu",
	"thu truong", "cuc truong", "vien truong", "chanh van phong", "chanh thanh tra",
	"chu nhiem", "bo truong", "thu tuong", "truong tram", "hat truong", "chi huy truong",
	"truong cong an", "tong giam doc", "truong tieu ban", "truong khoa", "phu trach",
}

func isAuthorityLine(s string) bool { return isCaps(s) && authorityRe.MatchString(s) }

func isTitleLine(s string) bool {
	if !isCaps(s) || len(strings.Fields(s)) > 8 || classify(s).kind != kPlain {
		return false
	}
	f := fold(s)
	for _, t := range signerTitles {
		if strings.Contains(f, t) {
			return true
		}
	}
	return false
}

// signedNoteRe matches stamps and notes inside a signature block.
var signedNoteRe = regexp.MustCompile(`(?i)^\(?\s*(?:đã ký|ký tên|ký,|ký và|chữ ký|đóng dấu|signed)`)

// cutTail separates the plan from what follows it: the closing "./." ends
// the body; without one, the first "Nơi nhận", signature line or web-page
// line does.
func (p *parser) cutTail() (body, tail []line) {
	start := 0
	for i, l := range p.lines {
		if f := fold(l.text); f == "ke hoach" || classify(l.text).kind == kRoman {
			start = i + 1
			break
		}
	}
	for i := start; i < len(p.lines); i++ {
		if endMarkRe.MatchString(p.lines[i].text) {
			return p.lines[:i+1], p.lines[i+1:]
		}
	}
	for i := start; i < len(p.lines); i++ {
		t := p.lines[i].text
		if strings.HasPrefix(fold(t), "noi nhan") || isAuthorityLine(t) || isTitleLine(t) || isWebJunk(t) {
			return p.lines[:i], p.lines[i:]
		}
	}
	return p.lines, nil
}

// readTail reads recipients and the signature block after the body, and
// reports whatever follows it (comments, page furniture) as ignored.
func (p *parser) readTail(tail []line, plan bool) {
	tail = splitTailLines(tail)
	s := &p.res.Signer
	inRecipients, sawRecipients, sawTitle := false, false, false
	junk, junkText := -1, ""
	for i, l := range tail {
		t := strings.TrimSpace(l.text)
		f := fold(t)
		switch {
		case isWebJunk(t):
			junk, junkText = i, t
		case strings.HasPrefix(f, "noi nhan"):
			inRecipients, sawRecipients = true, true
			p.source("recipients", l.n)
			if _, rest, ok := strings.Cut(t, ":"); ok {
				p.addRecipients(rest)
			}
			continue
		case signedNoteRe.MatchString(t):
			continue
		case isAuthorityLine(t):
			if s.Authority == "" {
				s.Authority = t
			}
			sawTitle = true
			p.source("signer", l.n)
			continue
		case isTitleLine(t):
			if s.Title == "" {
				s.Title = t
			}
			sawTitle = true
			p.source("signer", l.n)
			continue
		// Recipients and signature sit side by side in a two-column table,
		// so their lines can interleave: a bullet after "Nơi nhận" is
		// always a recipient.
		case sawRecipients && (classify(t).kind == kBullet || classify(t).kind == kPlus),
			inRecipients && !sawTitle && len(strings.Fields(t)) <= 12:
			p.addRecipients(t)
			continue
		case sawTitle && s.Name == "":
			name, rest := splitName(t)
			if name != "" {
				s.Name = name
				p.source("signer", l.n)
				if rest == "" {
					continue
				}
				junk, junkText = i, rest
			}
		}
		if junk < 0 {
			junk, junkText = i, t
		}
		break
	}
	if junk >= 0 {
		n := 0
		for _, r := range p.raw[tail[junk].n-1:] {
			if r != "" {
				n++
			}
		}
		where := "sau phần ký (không thuộc kế hoạch)"
		if !plan || !sawTitle {
			where = "ở cuối văn bản (không thuộc nội dung văn bản)"
		}
		p.warn("Bỏ qua %d dòng %s: “%s” …", n, where, truncRunes(junkText, 60))
	}
	if !plan {
		return
	}
	switch {
	case s.Title == "" && s.Name == "":
		p.warn("Không thấy phần ký (chức vụ, họ tên người ký).")
	case s.Name == "":
		p.warn("Không thấy họ tên người ký (sau “%s”).", s.Title+s.Authority)
	}
	if len(p.res.Recipients) == 0 {
		p.warn("Không thấy danh sách “Nơi nhận”.")
	}
}

var (
	recipientSep = regexp.MustCompile(`(?:^|\s)[-–•+]\s+`)
	signedRe     = regexp.MustCompile(`(?i)\(?\s*đã ký\s*\)?`)
)

// addRecipients adds one recipient line, or several written on one line
// ("- Như trên; - Lưu: VT.").
func (p *parser) addRecipients(s string) {
	for _, item := range recipientSep.Split(" "+s, -1) {
		item = strings.TrimSpace(item)
		item = strings.TrimRight(item, ";, ")
		if item != "" {
			p.res.Recipients = append(p.res.Recipients, item)
		}
	}
}

// splitName returns the signer's name at the start of s and whatever an
// extractor glued after it ("Nguyễn Việt ThuậtBan hành …" → "Nguyễn Việt
// Thuật", "Ban hành …"). It returns "" when s does not start with a name.
func splitName(s string) (name, rest string) {
	s = strings.TrimSpace(signedRe.ReplaceAllString(s, ""))
	if isNameLike(s) {
		return s, ""
	}
	prev := rune(0)
	for i, r := range s {
		if unicode.IsLower(prev) && unicode.IsUpper(r) {
			if isNameLike(s[:i]) {
				return s[:i], strings.TrimSpace(s[i:])
			}
			break
		}
		prev = r
	}
	return "", ""
}

// isNameLike reports whether s reads as a person's name: two to six
// capitalised words ("Trần Văn B", "NGUYỄN THÁI HÀ"), nothing else.
func isNameLike(s string) bool {
	s = stripRank(s)
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 6 || utf8.RuneCountInString(s) > 40 {
		return false
	}
	caps := isCaps(s)
	for _, w := range words {
		w = strings.TrimSuffix(w, ".")
		for j, r := range w {
			switch {
			case !unicode.IsLetter(r):
				return false
			case j == 0 && !unicode.IsUpper(r):
				return false
			case j > 0 && !caps && !unicode.IsLower(r):
				return false
			}
		}
	}
	if caps {
		return !isTitleLine(s) && fold(s) != "ke hoach"
	}
	return true
}

// ranks are the military and police ranks written before a signer's name
// ("Thượng tá Lê Văn Dũng"); the name is judged without them.
var ranks = []string{"Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá", "Trung tá", "Thiếu tá", "Đại úy", "Thượng úy", "Trung úy", "Thiếu úy"}

func stripRank(s string) string {
	for _, r := range ranks {
		if len(s) > len(r)+1 && strings.EqualFold(s[:len(r)], r) && s[len(r)] == ' ' {
			return strings.TrimSpace(s[len(r):])
		}
	}
	return s
}
