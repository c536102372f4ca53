package sms_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/canhgiac/canhgiac/internal/sms"
)

// The GSM 03.38 default alphabet, written out again independently of the
// package's table so that the round-trip tests check the mapping rather
// than its own reflection. Septet 0x1B (the escape) is a placeholder.
const gsm7Alphabet = "@£$¥èéùìòÇ\nØø\rÅå" +
	"Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ" +
	" !\"#¤%&'()*+,-./" +
	"0123456789:;<=>?" +
	"¡ABCDEFGHIJKLMNO" +
	"PQRSTUVWXYZÄÖÑÜ§" +
	"¿abcdefghijklmno" +
	"pqrstuvwxyzäöñüà"

var gsm7ExtensionDecode = map[byte]rune{
	0x0A: '\f', 0x14: '^', 0x28: '{', 0x29: '}', 0x2F: '\\',
	0x3C: '[', 0x3D: '~', 0x3E: ']', 0x40: '|', 0x65: '€',
}

func TestGSM7AlphabetHas128Septets(t *testing.T) {
	if n := len([]rune(gsm7Alphabet)); n != 128 {
		t.Fatalf("test alphabet has %d runes, want 128", n)
	}
}

// decodePart decodes one payload on its own, as a handset would if the
// other parts were lost; a part that cannot stand alone (a dangling escape,
// half a surrogate pair) is an error.
func decodePart(enc sms.Encoding, p []byte) (string, error) {
	var b strings.Builder
	switch enc {
	case sms.GSM7:
		basic := []rune(gsm7Alphabet)
		for i := 0; i < len(p); i++ {
			c := p[i]
			switch {
			case c > 0x7F:
				return "", fmt.Errorf("octet %d is %#x, not a septet", i, c)
			case c == 0x1B:
				if i+1 == len(p) {
					return "", fmt.Errorf("escape at the end of the part")
				}
				i++
				r, ok := gsm7ExtensionDecode[p[i]]
				if !ok {
					return "", fmt.Errorf("escape followed by %#x", p[i])
				}
				b.WriteRune(r)
			default:
				b.WriteRune(basic[c])
			}
		}
	case sms.UCS2:
		if len(p)%2 != 0 {
			return "", fmt.Errorf("odd length %d", len(p))
		}
		units := make([]uint16, len(p)/2)
		for i := range units {
			units[i] = uint16(p[2*i])<<8 | uint16(p[2*i+1])
		}
		for i := 0; i < len(units); i++ {
			u := units[i]
			switch {
			case 0xD800 <= u && u < 0xDC00:
				if i+1 == len(units) || !(0xDC00 <= units[i+1] && units[i+1] < 0xE000) {
					return "", fmt.Errorf("high surrogate %#x without its pair", u)
				}
				b.WriteRune(utf16.DecodeRune(rune(u), rune(units[i+1])))
				i++
			case 0xDC00 <= u && u < 0xE000:
				return "", fmt.Errorf("low surrogate %#x without its pair", u)
			default:
				b.WriteRune(rune(u))
			}
		}
	default:
		return "", fmt.Errorf("unknown encoding %v", enc)
	}
	return b.String(), nil
}

// decode joins the decoded parts.
func decode(enc sms.Encoding, parts [][]byte) (string, error) {
	var b strings.Builder
	for i, p := range parts {
		s, err := decodePart(enc, p)
		if err != nil {
			return "", fmt.Errorf("part %d: %w", i+1, err)
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

// unitsOf returns a payload's length in its encoding's units.
func unitsOf(enc sms.Encoding, p []byte) int {
	if enc == sms.UCS2 {
		return len(p) / 2
	}
	return len(p)
}
