package normalize

import (
	"strconv"
	"strings"
)

// Friendly forms: what a person reads back, grouped the way numbers are
// written in Vietnam, not the machine keys.

// DisplayPhone writes the E.164 digits of a phone (84… as an integer) the
// way it is dialled at home: "0389 000 000", "024 3812 3456",
// "0206 3852 123", "1900 1234"; foreign numbers as "+442079460018".
func DisplayPhone(v uint64) string { return string(AppendDisplayPhone(nil, v)) }

// AppendDisplayPhone is DisplayPhone appending to dst; it allocates only
// when dst must grow (the check API's hot path).
func AppendDisplayPhone(dst []byte, v uint64) []byte {
	var buf [24]byte
	s := strconv.AppendUint(buf[:0], v, 10)
	if len(s) < 10 || s[0] != '8' || s[1] != '4' {
		return append(append(dst, '+'), s...)
	}
	n := s[2:]
	group := func(cuts ...int) []byte {
		dst = append(dst, n[:cuts[0]]...)
		for k, c := range cuts {
			end := len(n)
			if k+1 < len(cuts) {
				end = cuts[k+1]
			}
			dst = append(append(dst, ' '), n[c:end]...)
		}
		return dst
	}
	switch {
	case len(n) >= 8 && n[0] == '1' && (n[1] == '8' || n[1] == '9') && n[2] == '0' && n[3] == '0':
		if len(n) == 10 {
			return group(4, 7)
		}
		return group(4)
	case len(n) == 9:
		dst = append(dst, '0')
		return group(3, 6)
	case len(n) == 10 && n[0] == '2' && (n[1] == '4' || n[1] == '8'):
		dst = append(dst, '0')
		return group(2, 6)
	case len(n) == 10:
		dst = append(dst, '0')
		return group(3, 7)
	}
	return append(append(dst, '+'), s...)
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
