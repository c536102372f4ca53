package planimport

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// line is one logical line of input: a physical line, or one cell of a
// table row that an extractor flattened with "|" separators.
type line struct {
	n    int // 1-based physical line number
	text string
	head int // heading level marked "#", "##", "###" (Word heading styles), 0 if none
}

// itemKind says how a paragraph starts, which decides both how wrapped
// lines are re-joined and how the body is cut into sections and duties.
type itemKind int

const (
	kPlain  itemKind = iota
	kRoman           // "I. MỤC ĐÍCH"
	kNum             // "1. Công an tỉnh"
	kSubNum          // "1.1. …"
	kLetter          // "a) …"
	kBullet          // "- …", "• …"
	kPlus            // "+ …" (second-level bullet)
	kHead            // a heading without a number: marked by a Word style, or short, bold or in capitals
)

// para is a paragraph after wrapped lines are re-joined.
type para struct {
	n     int // line of its first physical line
	text  string
	kind  itemKind
	label string // "III", "2", "a"; empty for bullets and plain text
	body  string // text without the item marker
	head  int    // heading level of a kHead paragraph (1 for a line in capitals)
}

// invisible maps characters that PDF and web extraction leave behind and
// that would otherwise break word matching.
var invisible = strings.NewReplacer(
	"\u00a0", " ", "\u202f", " ", "\u2002", " ", "\u2003", " ", "\u2009", " ",
	"\u200b", "", "\u200c", "", "\u200d", "", "\ufeff", "", "\u00ad", "",
	"**", "", "\f", "\n", "\v", "\n", "\u2028", "\n", "\u2029", "\n",
)

// splitInput normalises the text (NFC, line endings, invisible characters)
// and returns the trimmed physical lines, for quoting in Sources, and the
// logical lines the parser works on.
func splitInput(text string) (raw []string, lines []line) {
	text = norm.NFC.String(strings.ToValidUTF8(text, "\uFFFD"))
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = invisible.Replace(text)
	header := true // still in the header block, where pieces run together
	for i, l := range strings.Split(text, "\n") {
		raw = append(raw, strings.TrimSpace(l))
		head := headingMarks(l)
		for _, cell := range splitCells(l) {
			c := cleanCell(cell)
			if c == "" {
				continue
			}
			if header && endsHeader(c, len(lines)) {
				header = false
			}
			c = mendDateWords(c)
			pieces := []string{c}
			if header {
				pieces = splitHeaderPieces(c)
			}
			for _, piece := range pieces {
				lines = append(lines, line{n: i + 1, text: piece, head: head})
			}
		}
	}
	return raw, lines
}

// endsHeader reports whether line c, the k-th logical line, is past the
// header block: the "KẾ HOẠCH" heading, the first "Căn cứ" or part.
func endsHeader(c string, k int) bool {
	f := fold(c)
	return k > 30 || isCaps(c) && strings.HasPrefix(f, "ke hoach") || strings.HasPrefix(f, "can cu") || classify(c).kind == kRoman
}

// headingMarks counts the "#" that mark a heading line (as DocxText writes
// Word headings, and as text copied from some web pages has them).
func headingMarks(l string) int {
	l = strings.TrimSpace(l)
	n := 0
	for n < len(l) && l[n] == '#' {
		n++
	}
	if n == 0 || n > 3 || n == len(l) || l[n] != ' ' {
		return 0
	}
	return n
}

// splitCells separates table cells. Converters write cells as "a | b", and
// Word headers often put the left and right header blocks on one line
// separated by tabs; a tab after a bullet or number ("-\tText") is just
// spacing, so only a tab after a real piece of text separates cells.
func splitCells(l string) []string {
	var out []string
	l = wideGap.ReplaceAllString(strings.TrimSpace(l), "|")
	for _, cell := range strings.Split(l, "|") {
		parts := strings.Split(cell, "\t")
		cur := parts[0]
		for _, p := range parts[1:] {
			if utf8.RuneCountInString(strings.TrimSpace(cur)) > 4 && strings.TrimSpace(p) != "" {
				out = append(out, cur)
				cur = p
			} else {
				cur += " " + p
			}
		}
		out = append(out, cur)
	}
	return out
}

// wideGap is a run of spaces wide enough to be a column gap, as text
// laid out by a PDF converter has between the two halves of a header.
var wideGap = regexp.MustCompile(` {5,}`)

// cleanCell trims a cell, collapses spaces and drops cells that carry no
// letters or digits (rules "-----", stray "|", markdown leftovers).
func cleanCell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.TrimLeft(s, "#")
	s = strings.TrimSpace(s)
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return s
		}
	}
	return ""
}

var (
	romanRe  = regexp.MustCompile(`^(?:(?i:phần|phan)\s+)?(X{0,2}(?:IX|IV|V?I{0,3}))\s*[.)]\s*(.*)$`)
	subNumRe = regexp.MustCompile(`^(\d{1,2}\.\d{1,2})(?:\.\d{1,2})?\.?\s+(\S.*)$`)
	numRe    = regexp.MustCompile(`^(\d{1,2})\s*[.)]\s*(\p{L}.*|“.*|".*)$`)
	letterRe = regexp.MustCompile(`^([a-zđ])\s*[.)]\s+(\S.*)$`)
	bulletRe = regexp.MustCompile(`^[-–—•·●○▪■♦✓*]\s*(\S.*)$`)
	plusRe   = regexp.MustCompile(`^\+\s*(\S.*)$`)
)

// classify tells what kind of item a paragraph text starts.
func classify(text string) para {
	p := para{text: text, body: text}
	if m := romanRe.FindStringSubmatch(text); m != nil && m[1] != "" {
		p.kind, p.label, p.body = kRoman, m[1], m[2]
		return p
	}
	if m := subNumRe.FindStringSubmatch(text); m != nil {
		p.kind, p.label, p.body = kSubNum, m[1], m[2]
		return p
	}
	if m := numRe.FindStringSubmatch(text); m != nil {
		p.kind, p.label, p.body = kNum, m[1], m[2]
		return p
	}
	if m := letterRe.FindStringSubmatch(text); m != nil {
		p.kind, p.label, p.body = kLetter, m[1], m[2]
		return p
	}
	if m := plusRe.FindStringSubmatch(text); m != nil {
		p.kind, p.body = kPlus, m[1]
		return p
	}
	if m := bulletRe.FindStringSubmatch(text); m != nil {
		p.kind, p.body = kBullet, m[1]
		return p
	}
	return p
}

// connectives are words a Vietnamese sentence cannot end on: a line ending
// with one was cut by the page width, whatever the next line starts with.
var connectives = map[string]bool{
	"và": true, "của": true, "tại": true, "trong": true, "với": true, "cho": true,
	"các": true, "những": true, "về": true, "từ": true, "đến": true, "để": true,
	"theo": true, "trên": true, "dưới": true, "là": true, "được": true, "có": true,
	"thuộc": true, "ngày": true, "tháng": true, "năm": true, "số": true, "hoặc": true,
	"hay": true, "như": true, "gồm": true, "tới": true, "vào": true, "qua": true,
	"giữa": true, "đối": true, "nhằm": true, "mà": true, "bị": true, "do": true,
	"bởi": true, "khi": true, "nếu": true, "thì": true, "sẽ": true, "đã": true,
	"đang": true, "cùng": true, "một": true, "mọi": true, "phải": true, "lên": true,
}

// joinParas re-joins lines that a PDF extraction broke mid-sentence. A line
// that starts an item (bullet, number, heading) always starts a paragraph;
// any other line continues the previous one when it plainly carries on the
// sentence (starts in lower case, or the previous line stopped on a word
// that cannot end a sentence), and starts a new paragraph otherwise.
func joinParas(lines []line) []para {
	var out []para
	var more [][]string // continuation lines of each paragraph, joined at the end
	for _, l := range lines {
		p := classify(l.text)
		p.n = l.n
		if p.kind == kPlain && l.head > 0 {
			p.kind, p.head = kHead, l.head
		}
		if k := len(out) - 1; k >= 0 && p.kind == kPlain && out[k].kind != kHead && continues(out[k], lastLine(out[k], more[k]), l.text) {
			more[k] = append(more[k], l.text)
			continue
		}
		out = append(out, p)
		more = append(more, nil)
	}
	for k := range out {
		if len(more[k]) > 0 {
			tail := " " + strings.Join(more[k], " ")
			out[k].text += tail
			out[k].body += tail
		}
	}
	return out
}

// lastLine is the text a paragraph currently ends with.
func lastLine(p para, more []string) string {
	if len(more) > 0 {
		return more[len(more)-1]
	}
	return p.text
}

// continues reports whether line cur carries on paragraph prev, whose last
// line so far is end.
func continues(prev para, end, cur string) bool {
	if isCaps(end) || isCaps(cur) || isSpecialLine(prev.text) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(cur)
	if unicode.IsLower(first) {
		return true
	}
	// A short numbered heading ("2. Văn phòng Sở") is followed by its own
	// text, which starts with a capital; only lower case carries it on.
	if prev.kind != kPlain && prev.kind != kBullet && prev.kind != kPlus && len(strings.Fields(prev.body)) <= 12 {
		return false
	}
	if endsSentence(end) {
		return false
	}
	if unicode.IsDigit(first) || first == '“' || first == '(' {
		return true
	}
	words := strings.Fields(cur)
	if isAcronym(words[0]) {
		return true
	}
	pw := strings.Fields(end)
	return connectives[strings.ToLower(pw[len(pw)-1])]
}

// endsSentence reports whether s ends with sentence punctuation, looking
// through closing quotes and brackets.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, " ”\"’)]»")
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".;:!?…", r)
}

// isCaps reports whether s has at least two letters and no lower-case one:
// header lines, headings in capitals, signature titles.
func isCaps(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n >= 2
}

// isAcronym reports whether w is an upper-case abbreviation such as "SMS",
// "UBND" or "GD&ĐT".
func isAcronym(w string) bool {
	w = strings.Trim(w, ",.;:()")
	return utf8.RuneCountInString(w) >= 2 && isCaps(w)
}

// isSpecialLine matches header and footer lines that never continue into
// the next line.
func isSpecialLine(s string) bool {
	f := fold(s)
	return soRe.MatchString(s) || placeDateRe.MatchString(s) || f == "ke hoach" || strings.HasPrefix(f, "noi nhan")
}

// truncRunes cuts s to at most n runes, marking the cut with "…".
func truncRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// upperFirst capitalises the first letter of s.
func upperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}
