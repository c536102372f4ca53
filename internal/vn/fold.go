package vn

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns a search key for s: Vietnamese tone and vowel marks removed,
// đ/Đ mapped to d, lower-cased, whitespace runs collapsed to one ASCII space
// and trimmed. "Sở Nội vụ" and "SO NOI VU" both fold to "so noi vu".
//
// Input may be precomposed (NFC, what most keyboards produce) or decomposed
// (NFD, what some macOS and legacy-converted text contains); both fold to the
// same key, because the marks are stripped after full decomposition.
//
// Every nonspacing mark (Unicode category Mn) is removed, not just the
// Vietnamese ones: enumerating Vietnamese marks buys nothing for search and
// would leave e.g. "café" unfolded. Non-Latin text is still folded the same
// way on both sides of a comparison, so search keeps working for it.
//
// Fold is idempotent: Fold(Fold(s)) == Fold(s).
func Fold(s string) string {
	if isASCII(s) {
		return foldASCII(s)
	}
	return foldUnicode(s)
}

// FoldContains reports whether needle occurs in haystack after both are
// folded, i.e. an accent-, case- and spacing-insensitive substring test.
// An empty (or all-whitespace) needle matches everything, as in
// strings.Contains.
func FoldContains(haystack, needle string) bool {
	return strings.Contains(Fold(haystack), Fold(needle))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isASCIISpace matches the ASCII subset of unicode.IsSpace so that the fast
// path and the Unicode path agree on what counts as whitespace.
func isASCIISpace(b byte) bool {
	switch b {
	case ' ', '\t', '\n', '\v', '\f', '\r':
		return true
	}
	return false
}

// foldASCII is the fast path. Most search input (typed queries, codes, ids)
// is plain ASCII and often already folded, so we first check whether any
// work is needed at all and return s itself without allocating if not.
func foldASCII(s string) string {
	if asciiFolded(s) {
		return s
	}
	out := make([]byte, 0, len(s))
	pendingSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isASCIISpace(c) {
			pendingSpace = len(out) > 0 // leading whitespace is dropped
			continue
		}
		if pendingSpace {
			out = append(out, ' ')
			pendingSpace = false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out = append(out, c)
	}
	// Trailing whitespace is dropped simply by never flushing pendingSpace.
	return string(out)
}

// asciiFolded reports whether ASCII s is already in folded form: no upper
// case, only single ' ' separators, nothing to trim.
func asciiFolded(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			return false
		case c == ' ':
			if s[i+1] == ' ' { // safe: s does not end in ' '
				return false
			}
		case isASCIISpace(c):
			return false
		}
	}
	return true
}

// foldRune maps one decomposed rune to its folded form, or returns -1 if it
// must be dropped.
func foldRune(r rune) rune {
	switch r {
	// Đ/đ have no Unicode decomposition (the bar is not a combining mark),
	// so they must be mapped explicitly. U+00D0 (Icelandic capital eth) looks
	// identical to Đ and turns up in text converted from legacy VNI/TCVN3
	// encodings, so it is treated as Đ too.
	case 'đ', 'Đ', '\u00D0':
		return 'd'
	}
	if unicode.Is(unicode.Mn, r) {
		return -1
	}
	return unicode.ToLower(r)
}

func foldUnicode(s string) string {
	// Full decomposition splits "ở" into o + horn + hook-above, so stripping
	// Mn leaves the bare letter whether the input was NFC or NFD.
	d := norm.NFD.String(s)

	var b strings.Builder
	b.Grow(len(d))
	pendingSpace := false
	allASCII := true
	for _, r := range d {
		if unicode.IsSpace(r) {
			pendingSpace = b.Len() > 0
			continue
		}
		r = foldRune(r)
		if r < 0 {
			continue
		}
		if pendingSpace {
			b.WriteByte(' ')
			pendingSpace = false
		}
		if r >= utf8.RuneSelf {
			allASCII = false
		}
		b.WriteRune(r)
	}
	out := b.String()
	if allASCII {
		return out
	}
	// What survives may still be decomposed non-Vietnamese text (Hangul
	// syllables, for instance, become jamo under NFD). Recompose so the key
	// stays readable and in the same form as normal NFC text.
	return norm.NFC.String(out)
}
