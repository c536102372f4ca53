package textsearch

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/canhgiac/canhgiac/internal/vn"
)

// A span is one token of a normalised text: its byte range and two keys.
// fold is the search key ("lừa" → "lua"); exact is the lower-cased form
// that keeps the diacritics ("Lừa" → "lừa"), used to reward queries typed
// with the right tones.
type span struct {
	start, end int
	fold       string
	exact      string
}

// normalizeText makes text safe to slice and compare: invalid UTF-8 becomes
// U+FFFD and the result is NFC, so NFD input (macOS, some converters) is
// indexed and searched exactly like the precomposed text keyboards produce.
func normalizeText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return norm.NFC.String(s)
}

// isWordRune reports whether r belongs inside a token. Combining marks are
// included so that a letter followed by a mark NFC cannot compose stays one
// token.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
}

// wordBounds returns the byte ranges of the tokens of normalised text s:
// maximal runs of letters, digits and marks. Vietnamese is written one
// syllable per space-separated token, so "lừa đảo" is two tokens;
// adjacency is scored separately.
func wordBounds(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// keys returns the search key of token w and its lower-cased form with
// diacritics kept.
func keys(w string) (fold, exact string) {
	return vn.Fold(w), strings.ToLower(w)
}

// tokenize splits normalised text into tokens with their keys, skipping
// tokens whose folded form is empty (a lone combining mark).
func tokenize(s string) []span {
	var out []span
	for _, bd := range wordBounds(s) {
		if f, e := keys(s[bd[0]:bd[1]]); f != "" {
			out = append(out, span{start: bd[0], end: bd[1], fold: f, exact: e})
		}
	}
	return out
}

// Normalize returns the folded form of query q as Search sees it: tokens
// without diacritics, lower-cased, joined by single spaces. It is empty
// when q has no letters or digits, which lets a caller tell "nothing to
// search for" apart from "no results".
func Normalize(q string) string {
	toks := tokenize(normalizeText(q))
	folds := make([]string, len(toks))
	for i, t := range toks {
		folds[i] = t.fold
	}
	return strings.Join(folds, " ")
}
