package vn

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrBadDate is the sentinel for every ParseDate failure; test with
// errors.Is(err, vn.ErrBadDate). The concrete error carries the offending
// input and a Vietnamese message suitable for showing to users as-is.
var ErrBadDate = errors.New("ngày không hợp lệ")

// dateError is what ParseDate returns. It is a separate type (rather than
// fmt.Errorf("%w…")) so the user-facing message reads naturally instead of
// being prefixed with the sentinel's own text.
type dateError struct{ input string }

func (e *dateError) Error() string {
	return fmt.Sprintf("ngày %q không hợp lệ (dùng dạng 22/04/2024)", e.input)
}

func (e *dateError) Unwrap() error { return ErrBadDate }

// FormatDate formats t as dd/mm/yyyy ("22/04/2024"), the everyday Vietnamese
// numeric form. The calendar date is taken in t's own location; convert t
// first if it should be shown in Vietnam time.
func FormatDate(t time.Time) string {
	return t.Format("02/01/2006")
}

// FormatDateLong formats t in words as on Vietnamese administrative
// documents: "ngày 22 tháng 4 năm 2024".
//
// Zero padding follows Decree 30/2020/NĐ-CP, Appendix I: days below 10 and
// months 1 and 2 get a leading zero ("ngày 05 tháng 02 năm 2024"), other
// months do not ("tháng 4"). The decree requires this so a digit cannot be
// prepended to forge a different date (5 → 15, 1 → 11); no zero is needed
// for months 3–9 because there is no month 13–19 or 23–29.
//
// As with FormatDate, the date is taken in t's own location.
func FormatDateLong(t time.Time) string {
	y, m, d := t.Date()
	month := strconv.Itoa(int(m))
	if m <= time.February {
		month = "0" + month
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", d, month, y)
}

// ParseDate parses a calendar date written in any of the forms Vietnamese
// users commonly type and returns it as midnight UTC:
//
//	2024-04-22                 ISO 8601
//	22/4/2024, 22/04/2024      day first, separator / . or - (one kind)
//	22-4-2024, 22.4.2024
//	ngày 22 tháng 4 năm 2024   in words, as on official documents
//
// Case, diacritics and extra whitespace (including around separators) are
// ignored, so "NGÀY 22  THÁNG 04 NĂM 2024" and "ngay 22 thang 4 nam 2024"
// are accepted too. Years must have four digits: two-digit years are
// ambiguous and rejected. Dates that do not exist (31/2/2024, 29/2/2023)
// are rejected rather than normalised to the following month.
//
// Every error satisfies errors.Is(err, ErrBadDate) and has a Vietnamese
// message naming the input.
func ParseDate(s string) (time.Time, error) {
	// Fold handles case, accents, NFC/NFD and whitespace in one go; the
	// digits and separators we care about pass through unchanged.
	f := Fold(s)

	var y, m, d int
	var ok bool
	if rest, found := strings.CutPrefix(f, "ngay "); found {
		y, m, d, ok = parseWords(rest)
	} else {
		y, m, d, ok = parseNumeric(f)
	}
	if !ok {
		return time.Time{}, &dateError{input: s}
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	// time.Date normalises 31/2 to 2/3; a round-trip mismatch means the
	// date does not exist.
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, &dateError{input: s}
	}
	return t, nil
}

// parseWords parses the remainder of "ngay D thang M nam Y" after "ngay ".
func parseWords(rest string) (y, m, d int, ok bool) {
	w := strings.Split(rest, " ") // Fold left exactly one space between words
	if len(w) != 5 || w[1] != "thang" || w[3] != "nam" {
		return 0, 0, 0, false
	}
	return checkParts(w[4], w[2], w[0])
}

// parseNumeric parses "Y-M-D" or "D<sep>M<sep>Y" where sep is one of / . -
// used consistently. Spaces may surround separators but may not separate
// two numbers, so "22 4 2024" is rejected.
func parseNumeric(f string) (y, m, d int, ok bool) {
	var nums [3]string
	var seps [2]byte
	n, ns := 0, 0 // numbers and separators seen so far
	for i := 0; i < len(f); {
		c := f[i]
		switch {
		case c == ' ':
			i++
		case '0' <= c && c <= '9':
			// A number must follow the start or a separator, never another
			// number, hence n == ns.
			if n != ns || n == len(nums) {
				return 0, 0, 0, false
			}
			j := i
			for j < len(f) && '0' <= f[j] && f[j] <= '9' {
				j++
			}
			nums[n] = f[i:j]
			n++
			i = j
		case c == '/' || c == '.' || c == '-':
			if ns != n-1 || ns == len(seps) {
				return 0, 0, 0, false
			}
			seps[ns] = c
			ns++
			i++
		default:
			return 0, 0, 0, false
		}
	}
	if n != 3 || ns != 2 || seps[0] != seps[1] {
		return 0, 0, 0, false
	}
	if len(nums[0]) == 4 {
		// Year-first is only accepted as ISO 8601; "2024/04/22" is not a
		// form anyone here writes and accepting it invites y/d/m confusion.
		if seps[0] != '-' {
			return 0, 0, 0, false
		}
		return checkParts(nums[0], nums[1], nums[2])
	}
	return checkParts(nums[2], nums[1], nums[0])
}

// checkParts converts the year, month and day fields, enforcing a 4-digit
// year and 1–2 digit month and day. Whether the day exists in that month is
// checked by the caller.
func checkParts(ys, ms, ds string) (y, m, d int, ok bool) {
	if len(ys) != 4 || len(ms) < 1 || len(ms) > 2 || len(ds) < 1 || len(ds) > 2 {
		return 0, 0, 0, false
	}
	for _, s := range []string{ys, ms, ds} {
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, 0, 0, false
			}
		}
	}
	// The fields are short, all-digit strings, so Atoi cannot fail.
	y, _ = strconv.Atoi(ys)
	m, _ = strconv.Atoi(ms)
	d, _ = strconv.Atoi(ds)
	if y < 1 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, 0, 0, false
	}
	return y, m, d, true
}
