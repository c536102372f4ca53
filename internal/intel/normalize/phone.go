package normalize

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/nyaruka/phonenumbers"
)

// Phone numbers.
//
// Almost every phone the service sees is Vietnamese, and lookups run on hot
// paths (bulk partner imports, per-message checks), so a hand-written scanner
// handles them without allocating: fastPhone never touches the heap, and
// Phone allocates only the returned string (nothing at all when the input is
// already E.164). Only foreign numbers go through nyaruka/phonenumbers, which
// is two orders of magnitude slower (see BenchmarkPhoneLibphonenumber).
//
// Decisions:
//   - "+84", "84" (only when 11+ digits follow, so a bare 9-digit mobile
//     starting with 84 is not eaten), "0084" and the trunk "0" all lead to the
//     national number; "+84 0912…" (a very common typo) is accepted too.
//   - A 9-digit mobile typed without its leading 0 is accepted.
//   - 11-digit mobiles retired in 2018 are rewritten to their current number,
//     so old and new reports of the same SIM meet on one key.
//   - Landlines are 10 national digits starting with 2 (area code 2xx since
//     2017, e.g. "0206 3852 123" → "+842063852123"; Hanoi 024 + 8 digits).
//   - Service numbers 1800/1900 + 4 or 6 digits are accepted and written as
//     "+841900…", the E.164 form libphonenumber itself produces for them:
//     premium-rate 1900 lines are a real scam vector and must be reportable.

type phoneStatus uint8

const (
	phOK       phoneStatus = iota
	phBadChar              // a byte the fast path does not know: try the slow path
	phForeign              // explicit country code other than 84
	phNoDigits             // nothing to dial
	phShort                // too few digits for the prefix
	phLong                 // too many digits for the prefix
	phPrefix               // no such Vietnamese prefix
	phOldShort             // an old (pre-2017) area code with too few digits
	phOldLong              // an old area code with too many digits
)

// fastPhone parses a Vietnamese number and returns its E.164 digits as an
// integer (e.g. 84912345678). It must not allocate: it is the benchmarked
// happy path.
func fastPhone(s string) (uint64, phoneStatus) {
	var d [24]byte
	n, i := 0, 0
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if len(s)-i >= 4 && s[i]|0x20 == 't' && s[i+1]|0x20 == 'e' && s[i+2]|0x20 == 'l' && s[i+3] == ':' {
		i += 4
	}
	plus := false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if n == len(d) {
				return 0, phLong
			}
			d[n] = c - '0'
			n++
		case c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' || c == '\t':
			// Grouping characters people type; they carry no meaning.
		case c == '+':
			if n > 0 || plus {
				return 0, phBadChar
			}
			plus = true
		case c == 0xEF && i+2 < len(s) && s[i+1] == 0xBC && s[i+2] >= 0x90 && s[i+2] <= 0x99:
			// Full-width digits U+FF10..FF19 (EF BC 90..99), which
			// Vietnamese IMEs produce in full-width mode.
			if n == len(d) {
				return 0, phLong
			}
			d[n] = s[i+2] - 0x90
			n++
			i += 2
		default:
			return 0, phBadChar
		}
	}
	if n == 0 {
		return 0, phNoDigits
	}
	ds := d[:n]
	switch {
	case plus:
		if n < 2 || ds[0] != 8 || ds[1] != 4 {
			return 0, phForeign
		}
		ds = ds[2:]
	case n >= 4 && ds[0] == 0 && ds[1] == 0:
		if ds[2] != 8 || ds[3] != 4 {
			return 0, phForeign
		}
		ds = ds[4:]
	case n >= 11 && ds[0] == 8 && ds[1] == 4:
		ds = ds[2:]
	}
	if len(ds) > 0 && ds[0] == 0 {
		ds = ds[1:]
	}
	return national(ds)
}

// national validates a national significant number (no trunk 0) and returns
// 84 followed by it as an integer.
func national(ds []byte) (uint64, phoneStatus) {
	if len(ds) == 0 {
		return 0, phShort
	}
	if v, st, ok := oldLandline(ds); ok {
		return v, st
	}
	want := 0
	switch ds[0] {
	case 3, 5, 7, 8, 9:
		want = 9
	case 2:
		want = 10
	case 1:
		if len(ds) >= 4 && (ds[1] == 8 || ds[1] == 9) && ds[2] == 0 && ds[3] == 0 {
			if len(ds) == 8 || len(ds) == 10 {
				return digitsValue(ds, 0, 0), phOK
			}
			if len(ds) < 8 {
				return 0, phShort
			}
			return 0, phLong
		}
		want = 10
	default:
		return 0, phPrefix
	}
	if len(ds) < want {
		return 0, phShort
	}
	if len(ds) > want {
		return 0, phLong
	}
	if ds[0] != 1 {
		return digitsValue(ds, 0, 0), phOK
	}
	np := oldMobile(int(ds[0])*100 + int(ds[1])*10 + int(ds[2]))
	if np == 0 {
		return 0, phPrefix
	}
	return digitsValue(ds[3:], np, 2), phOK
}

// oldMobile maps the 3 national digits of a pre-2018 11-digit mobile to the
// 2 digits that replaced them (Ministry of Information and Communications
// plan, 2018). 0 means "not a retired mobile prefix".
func oldMobile(p int) uint64 {
	switch {
	case p >= 162 && p <= 169:
		return uint64(p - 162 + 32)
	}
	switch p {
	case 120:
		return 70
	case 121:
		return 79
	case 122:
		return 77
	case 126:
		return 76
	case 128:
		return 78
	case 123:
		return 83
	case 124:
		return 84
	case 125:
		return 85
	case 127:
		return 81
	case 129:
		return 82
	case 186:
		return 56
	case 188:
		return 58
	case 199:
		return 59
	}
	return 0
}

// digitsValue returns 84, then head (headLen digits), then ds, as a number.
func digitsValue(ds []byte, head uint64, headLen int) uint64 {
	v := uint64(84)
	for k := 0; k < headLen; k++ {
		v *= 10
	}
	v += head
	for _, c := range ds {
		v = v*10 + uint64(c)
	}
	return v
}

// Phone normalises a phone number to E.164.
func Phone(input string) Result {
	v, st := fastPhone(input)
	if st == phBadChar {
		// Rare: non-breaking spaces, typographic dashes, full-width '+'.
		// Clean with Unicode tables and retry; allocation is fine here.
		v, st = fastPhone(cleanPhone(input))
	}
	switch st {
	case phOK:
		return phoneResult(input, v)
	case phForeign:
		return foreignPhone(input)
	case phOldShort, phOldLong:
		return invalid(quote(strings.TrimSpace(input)) + " không phải số điện thoại hợp lệ (" + phoneWhy[st] + "): " + oldAreaReason(input))
	}
	return invalid(quote(strings.TrimSpace(input)) + " không phải số điện thoại hợp lệ (" + phoneWhy[st] + ")")
}

var phoneWhy = [...]string{
	phBadChar:  "có ký tự không phải chữ số",
	phNoDigits: "không có chữ số nào",
	phShort:    "thiếu chữ số",
	phLong:     "thừa chữ số",
	phPrefix:   "đầu số không tồn tại ở Việt Nam",
	phForeign:  "số nước ngoài không hợp lệ",
	phOldShort: "thiếu chữ số",
	phOldLong:  "thừa chữ số",
}

// phoneResult formats v as "+<digits>". When the input already is exactly
// that string we hand it back, so the canonical case allocates nothing.
func phoneResult(input string, v uint64) Result {
	var buf [24]byte
	buf[0] = '+'
	b := strconv.AppendUint(buf[:1], v, 10)
	if string(b) == input {
		return Result{Kind: KindPhone, Normalized: input, Phone: v}
	}
	return Result{Kind: KindPhone, Normalized: string(b), Phone: v}
}

// cleanPhone drops Unicode spaces and dashes and maps full-width '+' so the
// fast path can take a second look.
func cleanPhone(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '＋':
			return '+'
		case unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || r == '\u200b' || r == '\ufeff':
			return -1
		}
		return r
	}, s)
}

// foreignPhone handles numbers with a country code other than +84 through
// libphonenumber, which knows every numbering plan.
func foreignPhone(input string) Result {
	s := cleanPhone(input)
	s = strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(s), "tel:"), "TEL:")
	num, err := phonenumbers.Parse(s, "VN")
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return invalid(quote(strings.TrimSpace(input)) + " không phải số điện thoại hợp lệ (" + phoneWhy[phForeign] + ")")
	}
	e := phonenumbers.Format(num, phonenumbers.E164)
	v, err := strconv.ParseUint(strings.TrimPrefix(e, "+"), 10, 64)
	if err != nil {
		return invalid(quote(strings.TrimSpace(input)) + " không phải số điện thoại hợp lệ (" + phoneWhy[phForeign] + ")")
	}
	return Result{Kind: KindPhone, Normalized: e, Phone: v}
}

// FastPhone is the allocation-free shortcut the check service's hot path
// takes before Detect: it reports the E.164 digits of input when input is a
// Vietnamese number written only with digits and grouping characters. When
// it says true, Detect(input) is a KindPhone with the same Phone; when it
// says false, ask Detect.
func FastPhone(input string) (uint64, bool) {
	v, st := fastPhone(input)
	return v, st == phOK
}
