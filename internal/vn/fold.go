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
	// The Vietnamese marks all live in the Combining Diacritical Marks
	// block; test it directly before the slower general table lookup.
	if (r >= 0x300 && r <= 0x36F) || unicode.Is(unicode.Mn, r) {
		return -1
	}
	return unicode.ToLower(r)
}

func foldUnicode(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false
	allASCII := true

	// emit writes one decomposed rune, handling marks and whitespace.
	emit := func(r rune) {
		if unicode.IsSpace(r) {
			pendingSpace = b.Len() > 0 // leading whitespace is dropped
			return
		}
		r = foldRune(r)
		if r < 0 {
			return
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

	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			emit(rune(c))
			i++
			continue
		}
		// Decompose one rune at a time instead of calling norm.NFD.String on
		// the whole input: that was ~75% of Fold's cost, mostly spent
		// reordering marks we are about to delete anyway. The canonical
		// decomposition splits "ở" into o + horn + hook above, so dropping
		// Mn leaves the bare letter whether the input was NFC or NFD.
		p := norm.NFD.PropertiesString(s[i:])
		size := p.Size()
		if size == 0 { // invalid UTF-8: consume one byte as U+FFFD
			size = 1
		}
		if d := p.Decomposition(); d != nil {
			for _, r := range string(d) {
				emit(r)
			}
		} else {
			r, _ := utf8.DecodeRuneInString(s[i : i+size])
			emit(r)
		}
		i += size
	}
	// Trailing whitespace is dropped by never flushing pendingSpace.

	out := b.String()
	if allASCII {
		return out
	}
	// What survives may be non-Vietnamese text in either form (decomposed
	// Hangul jamo, combining marks that are not Mn, in input order).
	// Normalising to NFC makes NFC and NFD inputs produce the same key and
	// keeps it readable.
	return norm.NFC.String(out)
}
