package sms_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/sms"
)

func TestAnalyze(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	ạ := func(n int) string { return strings.Repeat("ạ", n) }
	tests := []struct {
		name        string
		text        string
		enc         sms.Encoding
		units       int
		parts       int
		perPart     int
		unencodable []rune
	}{
		{"empty text has no parts", "", sms.GSM7, 0, 0, 160, nil},
		{"ASCII 160 fits one SMS", a(160), sms.GSM7, 160, 1, 160, nil},
		{"ASCII 161 needs two parts of 153", a(161), sms.GSM7, 161, 2, 153, nil},
		{"ASCII 306 fills two parts exactly", a(306), sms.GSM7, 306, 2, 153, nil},
		{"GSM-7 letters beyond ASCII stay GSM-7", "@£¥èéÄÖÑÜ§¿àΔΩ", sms.GSM7, 14, 1, 160, nil},
		{"extension characters count 2", `^{}\[~]|€`, sms.GSM7, 18, 1, 160, nil},
		{"158 plus € fits one SMS", a(158) + "€", sms.GSM7, 160, 1, 160, nil},
		{"159 plus € overflows", a(159) + "€", sms.GSM7, 161, 2, 153, nil},
		{"€ straddling a boundary moves whole, costing a part", a(152) + "€" + a(152), sms.GSM7, 306, 3, 153, nil},
		{"Vietnamese forces UCS-2", "Cảnh báo lừa đảo", sms.UCS2, 16, 1, 70, []rune{'ả', 'á', 'ừ', 'đ'}},
		{"UCS-2 70 fits one SMS", ạ(70), sms.UCS2, 70, 1, 70, []rune{'ạ'}},
		{"UCS-2 71 needs two parts of 67", ạ(71), sms.UCS2, 71, 2, 67, []rune{'ạ'}},
		{"one backtick forces UCS-2", "Hello `world`", sms.UCS2, 13, 1, 70, []rune{'`'}},
		{"an emoji is two units", "Chú ý 🚨", sms.UCS2, 8, 1, 70, []rune{'ú', 'ý', '🚨'}},
		{"35 emoji fit one SMS", strings.Repeat("😀", 35), sms.UCS2, 70, 1, 70, []rune{'😀'}},
		{"emoji at a boundary moves whole", ạ(66) + "😀" + ạ(5), sms.UCS2, 73, 2, 67, []rune{'ạ', '😀'}},
		{"emoji straddling boundaries cost an extra part", strings.Repeat("😀", 67), sms.UCS2, 134, 3, 67, []rune{'😀'}},
		{"ESC typed in text is not GSM-7", "a\x1bb", sms.UCS2, 3, 1, 70, []rune{0x1B}},
		{"invalid UTF-8 counts as U+FFFD", "a\xffb", sms.UCS2, 3, 1, 70, []rune{'\uFFFD'}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sms.Analyze(tt.text)
			if got.Encoding != tt.enc || got.Units != tt.units || got.Parts != tt.parts || got.PerPart != tt.perPart {
				t.Errorf("Analyze = %v, %d units, %d parts of %d; want %v, %d units, %d parts of %d",
					got.Encoding, got.Units, got.Parts, got.PerPart, tt.enc, tt.units, tt.parts, tt.perPart)
			}
			if !slices.Equal(got.Unencodable, tt.unencodable) {
				t.Errorf("Unencodable = %q, want %q", got.Unencodable, tt.unencodable)
			}
		})
	}
}

func TestSplit_GSM7SeptetMapping(t *testing.T) {
	tests := []struct {
		text string
		want []byte
	}{
		{"@", []byte{0x00}},
		{"£", []byte{0x01}},
		{"€", []byte{0x1B, 0x65}},
		{"A€@z", []byte{0x41, 0x1B, 0x65, 0x00, 0x7A}},
		{"\n_ß", []byte{0x0A, 0x11, 0x1E}},
		{"{|}", []byte{0x1B, 0x28, 0x1B, 0x40, 0x1B, 0x29}},
	}
	for _, tt := range tests {
		enc, parts := sms.Split(tt.text)
		if enc != sms.GSM7 || len(parts) != 1 || !bytes.Equal(parts[0], tt.want) {
			t.Errorf("Split(%q) = %v % X, want GSM-7 % X", tt.text, enc, parts, tt.want)
		}
	}
}

func TestSplit_UCS2IsBigEndianUTF16(t *testing.T) {
	enc, parts := sms.Split("đ😀")
	want := []byte{0x01, 0x11, 0xD8, 0x3D, 0xDE, 0x00}
	if enc != sms.UCS2 || len(parts) != 1 || !bytes.Equal(parts[0], want) {
		t.Errorf("Split = %v % X, want UCS-2 % X", enc, parts, want)
	}
}

func TestSplit_PartSizes(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		units []int // each part's length in septets or UTF-16 units
	}{
		{"161 ASCII is 153+8", strings.Repeat("a", 161), []int{153, 8}},
		{"escape not split: € goes to part 2", strings.Repeat("a", 152) + "€" + strings.Repeat("b", 10), []int{152, 12}},
		{"71 UCS-2 is 67+4", strings.Repeat("ả", 71), []int{67, 4}},
		{"emoji not split: moved to part 2", strings.Repeat("ạ", 66) + "😀" + "ạạạạạ", []int{66, 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc, parts := sms.Split(tt.text)
			var got []int
			for _, p := range parts {
				got = append(got, unitsOf(enc, p))
			}
			if !slices.Equal(got, tt.units) {
				t.Errorf("part sizes = %v, want %v", got, tt.units)
			}
		})
	}
}

func TestSplit_PartsRejoinToText(t *testing.T) {
	texts := []string{
		"",
		"Canh bao: Dung chuyen tien!",
		strings.Repeat("Cảnh báo lừa đảo qua mạng. ", 12),
		strings.Repeat(`Code {x} [y] ~z^ \ | € `, 20),
		strings.Repeat("ạ", 66) + "😀🚨" + strings.Repeat("ừ", 70),
		strings.Repeat("a", 152) + "€€€" + strings.Repeat("b", 300),
		"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./¡ÄÖÑÜ§¿äöñüà\f",
	}
	for _, text := range texts {
		enc, parts := sms.Split(text)
		got, err := decode(enc, parts)
		if err != nil {
			t.Errorf("Split(%.20q…): %v", text, err)
			continue
		}
		if got != text {
			t.Errorf("Split(%.20q…) re-joins to %q", text, got)
		}
		if info := sms.Analyze(text); info.Encoding != enc || info.Parts != len(parts) {
			t.Errorf("Split(%.20q…) = %v in %d parts, Analyze says %v in %d", text, enc, len(parts), info.Encoding, info.Parts)
		}
	}
}

func TestSplit_WholeDefaultAlphabet(t *testing.T) {
	for i, r := range []rune(gsm7Alphabet) {
		if i == 0x1B {
			continue // the escape, not a character
		}
		enc, parts := sms.Split(string(r))
		if enc != sms.GSM7 || len(parts) != 1 || !bytes.Equal(parts[0], []byte{byte(i)}) {
			t.Errorf("Split(%q) = %v % X, want GSM-7 %02X", r, enc, parts, i)
		}
	}
}
