package sms

import (
	"unicode/utf16"
)

// Encoding is the alphabet an SMS is sent in.
type Encoding uint8

const (
	// GSM7 is the GSM 03.38 default alphabet with its extension table:
	// 160 septets in a single SMS, 153 per part of a concatenated one.
	GSM7 Encoding = iota
	// UCS2 is 16-bit Unicode, big-endian: 70 units in a single SMS, 67 per
	// part. Characters outside the Basic Multilingual Plane (most emoji)
	// are sent as UTF-16 surrogate pairs, which every current handset
	// decodes, and cost two units.
	UCS2
)

// Per-part capacities, in septets (GSM-7) or UTF-16 code units (UCS-2). A
// concatenated part loses 6 octets to its header: 7 septets, or 3 units.
const (
	GSM7Single = 160
	GSM7Multi  = 153
	UCS2Single = 70
	UCS2Multi  = 67
)

// SMPP data_coding values (SMPP 3.4 §5.2.19).
const (
	// DataCodingDefault is the "SMSC default alphabet", which the SMSCs we
	// send through take as GSM 03.38 in unpacked septets, one per octet.
	DataCodingDefault byte = 0x00
	// DataCodingUCS2 is ISO/IEC 10646 UCS-2, big-endian.
	DataCodingUCS2 byte = 0x08
)

func (e Encoding) String() string {
	if e == UCS2 {
		return "UCS-2"
	}
	return "GSM-7"
}

// DataCoding returns the SMPP data_coding for payloads in e.
func (e Encoding) DataCoding() byte {
	if e == UCS2 {
		return DataCodingUCS2
	}
	return DataCodingDefault
}

// limits returns the capacity of a single SMS and of each part of a
// concatenated one.
func (e Encoding) limits() (single, multi int) {
	if e == UCS2 {
		return UCS2Single, UCS2Multi
	}
	return GSM7Single, GSM7Multi
}

// Info describes what a text costs to send.
type Info struct {
	Encoding Encoding
	// Units is the length in the encoding's units: septets for GSM-7, where
	// each extension character (^ { } \ [ ~ ] | € and form feed) takes two,
	// or UTF-16 code units for UCS-2, where an emoji takes two.
	Units int
	// Parts is the number of SMS the text is sent as; 0 for empty text.
	// Parts are filled whole characters at a time, so it can exceed
	// Units/PerPart rounded up when an extension character or a surrogate
	// pair straddles a boundary.
	Parts int
	// PerPart is the capacity of each part: 160 or 153 for GSM-7, 70 or 67
	// for UCS-2, depending on whether the text needs concatenation.
	PerPart int
	// Unencodable lists, once each and in order of first appearance, the
	// characters that are not in GSM-7 and so force UCS-2; nil for GSM-7.
	Unencodable []rune
}

// Analyze reports the encoding, length and number of parts of text.
// Invalid UTF-8 bytes count as U+FFFD, which is how Split sends them.
func Analyze(text string) Info {
	var info Info
	for _, r := range text {
		if _, _, ok := gsm7Code(r); !ok && !containsRune(info.Unencodable, r) {
			info.Unencodable = append(info.Unencodable, r)
		}
	}
	if info.Unencodable != nil {
		info.Encoding = UCS2
	}
	single, multi := info.Encoding.limits()
	seg := segmenter{limit: multi}
	for _, r := range text {
		n := info.Encoding.units(r)
		info.Units += n
		seg.add(n)
	}
	switch {
	case info.Units == 0:
		info.PerPart = single
	case info.Units <= single:
		info.Parts, info.PerPart = 1, single
	default:
		info.Parts, info.PerPart = seg.parts, multi
	}
	return info
}

// Split encodes text and cuts it into the payloads of its parts, without
// concatenation headers (see Parts for those). An extension character's
// escape sequence and a surrogate pair are never cut: the character moves
// whole to the next part.
//
// GSM-7 payloads are unpacked: one octet per septet, 0x00–0x7F, an
// extension character being 0x1B followed by its code. That is what SMPP
// carries under data_coding 0x00 on SMSCs whose default alphabet is GSM
// 03.38; the SMSC packs the septets for the radio link. (SMPP leaves the
// default alphabet to the SMSC, and a few take data_coding 0 as Latin-1:
// confirm with each operator.) UCS-2 payloads are UTF-16 big-endian, two
// octets per unit.
//
// Empty text has no parts.
func Split(text string) (Encoding, [][]byte) {
	info := Analyze(text)
	enc := info.Encoding
	if info.Parts == 0 {
		return enc, nil
	}
	parts := make([][]byte, 0, info.Parts)
	seg := segmenter{limit: info.PerPart}
	var cur []byte
	for _, r := range text {
		if seg.add(enc.units(r)) && cur != nil {
			parts = append(parts, cur)
			cur = nil
		}
		if cur == nil {
			cur = make([]byte, 0, info.PerPart*bytesPerUnit(enc))
		}
		cur = enc.appendRune(cur, r)
	}
	return enc, append(parts, cur)
}

// segmenter fills parts of a fixed capacity with indivisible characters.
type segmenter struct {
	limit, used, parts int
}

// add places a character of n units and reports whether it opened a part.
func (s *segmenter) add(n int) bool {
	if s.parts == 0 || s.used+n > s.limit {
		s.parts++
		s.used = n
		return true
	}
	s.used += n
	return false
}

func bytesPerUnit(e Encoding) int {
	if e == UCS2 {
		return 2
	}
	return 1
}

// units returns the length of r in e. r must be encodable in e.
func (e Encoding) units(r rune) int {
	if e == UCS2 {
		if r > 0xFFFF {
			return 2
		}
		return 1
	}
	if _, ext, _ := gsm7Code(r); ext {
		return 2
	}
	return 1
}

// appendRune appends the payload bytes of r in e.
func (e Encoding) appendRune(dst []byte, r rune) []byte {
	if e == GSM7 {
		code, ext, _ := gsm7Code(r)
		if ext {
			dst = append(dst, gsm7Escape)
		}
		return append(dst, code)
	}
	if r > 0xFFFF {
		hi, lo := utf16.EncodeRune(r)
		return append(dst, byte(hi>>8), byte(hi), byte(lo>>8), byte(lo))
	}
	return append(dst, byte(r>>8), byte(r))
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}
