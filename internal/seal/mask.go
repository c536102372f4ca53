package seal

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	maskEmail = regexp.MustCompile(`[^\s@<>()",;:]+@[^\s@<>()",;:]+`)
	maskPhone = regexp.MustCompile(`\+?\d[\d .\-()]{6,}\d`)
)

// Mask shows a contact typed freely by a person — "0912 345 678 (anh Hùng)",
// "chu@cua-hang.vn" — without giving it away, for lists: the e-mail's first
// letter and its domain (c***@cua-hang.vn), a phone's first three and last
// two digits (091*****78). Names and other words around them are dropped;
// text that holds neither shows only its first letter.
func Mask(contact string) string {
	contact = strings.TrimSpace(contact)
	var parts []string
	for _, e := range maskEmail.FindAllString(contact, -1) {
		at := strings.LastIndexByte(e, '@')
		r, _ := utf8.DecodeRuneInString(e)
		parts = append(parts, string(r)+"***"+e[at:])
	}
	rest := maskEmail.ReplaceAllString(contact, " ")
	for _, p := range maskPhone.FindAllString(rest, -1) {
		var d []byte
		for i := 0; i < len(p); i++ {
			if p[i] >= '0' && p[i] <= '9' {
				d = append(d, p[i])
			}
		}
		if len(d) < 7 {
			continue
		}
		parts = append(parts, string(d[:3])+strings.Repeat("*", len(d)-5)+string(d[len(d)-2:]))
	}
	if len(parts) > 0 {
		return strings.Join(parts, ", ")
	}
	if contact == "" {
		return ""
	}
	r, _ := utf8.DecodeRuneInString(contact)
	return string(r) + "***"
}
