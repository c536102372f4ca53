package sms

// The GSM 03.38 (3GPP TS 23.038) default alphabet, indexed by septet. 0x1B
// is the escape to the extension table, not a character: the U+001B here
// is never looked up because gsm7Basic skips that slot.
var gsm7Table = [128]rune{
	'@', '£', '$', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', '\n', 'Ø', 'ø', '\r', 'Å', 'å',
	'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', 0x1B, 'Æ', 'æ', 'ß', 'É',
	' ', '!', '"', '#', '¤', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
	'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
	'¡', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
	'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö', 'Ñ', 'Ü', '§',
	'¿', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à',
}

const gsm7Escape = 0x1B

// gsm7Extension maps the characters of the default extension table to the
// septet that follows the escape.
var gsm7Extension = map[rune]byte{
	'\f': 0x0A,
	'^':  0x14,
	'{':  0x28,
	'}':  0x29,
	'\\': 0x2F,
	'[':  0x3C,
	'~':  0x3D,
	']':  0x3E,
	'|':  0x40,
	'€':  0x65,
}

// gsm7Basic maps each character of the default alphabet to its septet.
var gsm7Basic = func() map[rune]byte {
	m := make(map[rune]byte, len(gsm7Table))
	for i, r := range gsm7Table {
		if i != gsm7Escape {
			m[r] = byte(i)
		}
	}
	return m
}()

// gsm7Code returns the septet of r, whether it is an extension character
// (sent as the escape followed by that septet), and whether r is in GSM-7.
func gsm7Code(r rune) (code byte, ext, ok bool) {
	if c, ok := gsm7Basic[r]; ok {
		return c, false, true
	}
	if c, ok := gsm7Extension[r]; ok {
		return c, true, true
	}
	return 0, false, false
}
