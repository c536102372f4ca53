package planimport

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// The header block of a plan is laid out in two columns: the issuer with
// the number under it on the left, the national motto with the place and
// date under it on the right. Text copied from a web page or extracted
// from a PDF without positions puts the two halves of a line side by side
// ("Phòng Giáo dục … Cộng Hòa Xã Hội …", "Số: 12/KH-THCS Bảo Lạc, ngày …"),
// in either order. splitHeaderPieces cuts such a line back into its
// pieces, so the header reads the same whatever the layout was.

var (
	mottoRe  = regexp.MustCompile(`(?i)cộng\s+hòa\s+xã\s+hội|cộng\s+hoà\s+xã\s+hội|độc\s+lập\s*[-–—]\s*tự\s+do`)
	numberAt = regexp.MustCompile(`(?:^|\s)(?:(?:Số|SỐ)\s*(?::|\s(?:\d|/))|số\s*:)`)
	mottoEnd = regexp.MustCompile(`(?i)cộng\s+h(?:òa|oà)\s+xã\s+hội\s+chủ\s+nghĩa\s+việt\s+nam|độc\s+lập\s*[-–—]\s*tự\s+do\s*[-–—]\s*hạnh\s+phúc`)
	dateAt   = regexp.MustCompile(`,\s*(?i:ngày)(?:\s|$)|,\s*\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}`)
)

// splitHeaderPieces cuts a header line at the start of the motto, of the
// number ("Số:") and of the place-and-date.
func splitHeaderPieces(s string) []string {
	cuts := map[int]bool{}
	for _, m := range mottoRe.FindAllStringIndex(s, -1) {
		cuts[m[0]] = true
	}
	for _, m := range mottoEnd.FindAllStringIndex(s, -1) {
		cuts[m[1]] = true // "CỘNG HÒA … VIỆT NAM ỦY BAN NHÂN DÂN"
	}
	for _, m := range numberAt.FindAllStringIndex(s, -1) {
		start := m[0]
		if s[start] == ' ' {
			start++
		}
		cuts[start] = true
	}
	for _, m := range dateAt.FindAllStringIndex(s, -1) {
		if start := placeStart(s[:m[0]]); start >= 0 {
			cuts[start] = true
		}
	}
	var at []int
	for c := range cuts {
		if c > 0 && c < len(s) {
			at = append(at, c)
		}
	}
	if len(at) == 0 {
		return []string{s}
	}
	sort.Ints(at)
	var out []string
	prev := 0
	for _, c := range append(at, len(s)) {
		if piece := strings.TrimSpace(strings.Trim(s[prev:c], " |-–")); piece != "" {
			out = append(out, piece)
		}
		prev = c
	}
	return out
}

// placeStart finds where the place name before ", ngày" begins: the run of
// capitalised words (not in all capitals, which belong to the issuer's
// line) that ends s, at most five words. It returns -1 when there is none.
func placeStart(s string) int {
	end := len(strings.TrimRight(s, " "))
	start := -1
	words := 0
	i := end
	for i > 0 && words < 5 {
		j := strings.LastIndex(s[:i], " ")
		w := s[j+1 : i]
		if !placeWord(w) {
			break
		}
		start, words = j+1, words+1
		if j < 0 {
			break
		}
		i = j
		for i > 0 && s[i-1] == ' ' {
			i--
		}
	}
	return start
}

func placeWord(w string) bool {
	if w == "" {
		return false
	}
	if w == "TP." || w == "Tp." || w == "TP" {
		return true
	}
	r := []rune(w)
	if !unicode.IsUpper(r[0]) {
		return false
	}
	for _, c := range r[1:] {
		if !unicode.IsLetter(c) && c != '-' && c != '.' {
			return false
		}
	}
	return len(r) == 1 || !isCaps(w)
}

// brokenDateWords matches "ngày", "tháng" and "năm" with a stray space
// inside, as web pages give them when a word spans two tags ("ngà y 06"),
// when a number follows.
var brokenDateWords = regexp.MustCompile(`(?i)(n ?g ?à ?y|t ?h ?á ?n ?g|n ?ă ?m)(\s+\d)`)

// mendDateWords removes the stray spaces inside the words of a date.
func mendDateWords(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	return brokenDateWords.ReplaceAllStringFunc(s, func(m string) string {
		sub := brokenDateWords.FindStringSubmatch(m)
		return strings.ReplaceAll(sub[1], " ", "") + sub[2]
	})
}
