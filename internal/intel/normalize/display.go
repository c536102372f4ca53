package normalize

import (
	"strconv"
	"strings"
)

// Friendly forms: what a person reads back, grouped the way numbers are
// written in Vietnam, not the machine keys.

// DisplayPhone writes the E.164 digits of a phone (84… as an integer) the
// way it is dialled at home: "0389 000 000", "024 3812 3456",
// "0206 3852 123", "1900 1234"; foreign numbers as "+44 2079460018".
func DisplayPhone(v uint64) string {
	s := strconv.FormatUint(v, 10)
	if !strings.HasPrefix(s, "84") || len(s) < 10 {
		return "+" + s
	}
	n := s[2:]
	switch {
	case strings.HasPrefix(n, "1800") || strings.HasPrefix(n, "1900"):
		if len(n) == 10 {
			return n[:4] + " " + n[4:7] + " " + n[7:]
		}
		return n[:4] + " " + n[4:]
	case len(n) == 9:
		return "0" + n[:3] + " " + n[3:6] + " " + n[6:]
	case len(n) == 10 && (strings.HasPrefix(n, "24") || strings.HasPrefix(n, "28")):
		return "0" + n[:2] + " " + n[2:6] + " " + n[6:]
	case len(n) == 10:
		return "0" + n[:3] + " " + n[3:7] + " " + n[7:]
	}
	return "+" + s
}

// GroupDigits writes an account number in groups of three from the right,
// a lone leading digit joining the next group: "9999 000 005",
// "0071 001 234 567".
func GroupDigits(d string) string {
	if len(d) <= 4 {
		return d
	}
	first := len(d) % 3
	if first == 0 {
		first = 3
	}
	if first == 1 {
		first = 4
	}
	var b strings.Builder
	b.WriteString(d[:first])
	for i := first; i < len(d); i += 3 {
		b.WriteByte(' ')
		b.WriteString(d[i : i+3])
	}
	return b.String()
}

// DisplayBank writes a "BIN:account" key as "Vietcombank · 9999 000 005".
func DisplayBank(key string) string {
	bin, acc, ok := strings.Cut(key, ":")
	if !ok {
		return key
	}
	name := BankName(bin)
	if name == "" {
		name = "Ngân hàng mã " + bin
	}
	return name + " · " + GroupDigits(acc)
}

// DisplayURL writes a canonical URL without its scheme and without the
// lone "/" of a bare host: "vcb-hoantien.xyz/nhan-tien".
func DisplayURL(canon string) string {
	if i := strings.Index(canon, "://"); i >= 0 {
		canon = canon[i+3:]
	}
	if strings.Count(canon, "/") == 1 && strings.HasSuffix(canon, "/") {
		canon = strings.TrimSuffix(canon, "/")
	}
	return canon
}
