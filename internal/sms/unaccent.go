package sms

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Unaccent transliterates Vietnamese to unaccented (không dấu) text, which
// fits GSM-7 and so costs 160 characters a part instead of 70: tone and
// vowel marks are removed ("Cảnh báo" → "Canh bao"), đ/Đ become d/D, and
// punctuation that word processors and phones substitute is put back to
// its plain form (curly quotes, en and em dashes, the ellipsis character,
// non-breaking and other fixed-width spaces, the backtick and tab), while
// zero-width spaces and byte-order marks, which are invisible but force
// UCS-2, are dropped.
//
// Only marks from the Combining Diacritical Marks block (U+0300–U+036F),
// where every Vietnamese mark lives, are removed: the marks of other
// scripts are part of their spelling, and such text stays UCS-2 anyway.
// Whatever remains outside GSM-7 is kept; Analyze of the result reports it.
// Input may be NFC or NFD; the result is NFC.
//
// Unaccenting loses meaning ("bán" sell and "bạn" friend both become
// "ban"), so it is offered to the author, never applied silently.
func Unaccent(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range norm.NFD.String(text) {
		switch {
		case r >= 0x300 && r <= 0x36F:
			// a combining mark: drop it
		case r == 'đ':
			b.WriteByte('d')
		case r == 'Đ', r == '\u00D0':
			// U+00D0 (capital eth) looks like Đ and is what text converted
			// from the legacy VNI and TCVN3 encodings often has instead.
			b.WriteByte('D')
		default:
			if s, ok := plainPunctuation[r]; ok {
				b.WriteString(s)
			} else {
				b.WriteRune(r)
			}
		}
	}
	return norm.NFC.String(b.String())
}

// plainPunctuation maps typographic characters to GSM-7 ones.
var plainPunctuation = map[rune]string{
	'\u2018': "'", // ‘
	'\u2019': "'", // ’
	'\u201A': "'", // ‚
	'\u201B': "'", // ‛
	'\u2032': "'", // ′
	'`':      "'",
	'\u201C': `"`, // “
	'\u201D': `"`, // ”
	'\u201E': `"`, // „
	'\u201F': `"`, // ‟
	'\u2033': `"`, // ″
	'\u2010': "-", // hyphen
	'\u2011': "-", // non-breaking hyphen
	'\u2012': "-", // figure dash
	'\u2013': "-", // en dash
	'\u2014': "-", // em dash
	'\u2015': "-", // horizontal bar
	'\u2212': "-", // minus sign
	'\u2026': "...",
	'\u00A0': " ", // no-break space
	'\u2007': " ", // figure space
	'\u2009': " ", // thin space
	'\u202F': " ", // narrow no-break space
	'\t':     " ",
	'\u200B': "", // zero-width space
	'\uFEFF': "", // byte-order mark, zero-width no-break space
}

// Comparison sets a text against its unaccented version, so the author can
// see what the marks cost: "có dấu: 3 tin, không dấu: 1 tin".
type Comparison struct {
	Accented   Info
	Unaccented Info
	Text       string // the unaccented text
}

// Compare analyses text and its unaccented version.
func Compare(text string) Comparison {
	u := Unaccent(text)
	return Comparison{Accented: Analyze(text), Unaccented: Analyze(u), Text: u}
}

// Saved returns how many fewer parts the unaccented version takes.
func (c Comparison) Saved() int { return c.Accented.Parts - c.Unaccented.Parts }
