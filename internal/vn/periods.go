package vn

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// PeriodName says a period code in words, the one way every page and
// export shows a period:
//
//	2024-H1  → 6 tháng đầu năm 2024
//	2024-H2  → 6 tháng cuối năm 2024
//	2024-Y   → Năm 2024
//	2024-Q3  → Quý 3 năm 2024
//	2024-06  → Tháng 6/2024 (also 2024-M06, 2024-M6)
//	2026-W49 → Tuần 49 (30/11–06/12/2026), the ISO week, Monday to Sunday
//
// Codes are stored and put in addresses; people read these words. A code
// it does not know (an ad hoc request's "2024-AH-1") comes back unchanged,
// for the caller to use the period's own name instead.
func PeriodName(code string) string {
	if s, ok := periodWords(strings.ToUpper(strings.TrimSpace(code))); ok {
		return s
	}
	return code
}

func periodWords(code string) (string, bool) {
	ys, rest, ok := strings.Cut(code, "-")
	year, err := strconv.Atoi(ys)
	if !ok || err != nil || len(ys) != 4 || rest == "" {
		return "", false
	}
	num := func(s string, lo, hi int) (int, bool) {
		n, err := strconv.Atoi(s)
		return n, err == nil && n >= lo && n <= hi && s != "" && s[0] != '+' && s[0] != '-'
	}
	switch {
	case rest == "Y":
		return fmt.Sprintf("Năm %d", year), true
	case rest == "H1":
		return fmt.Sprintf("6 tháng đầu năm %d", year), true
	case rest == "H2":
		return fmt.Sprintf("6 tháng cuối năm %d", year), true
	case rest[0] == 'Q':
		if q, ok := num(rest[1:], 1, 4); ok {
			return fmt.Sprintf("Quý %d năm %d", q, year), true
		}
	case rest[0] == 'W':
		if w, ok := num(rest[1:], 1, 53); ok {
			mon, sun, ok := isoWeek(year, w)
			if !ok {
				return "", false
			}
			span := mon.Format("02/01") + "–" + sun.Format("02/01/2006")
			if mon.Year() != sun.Year() {
				span = mon.Format("02/01/2006") + "–" + sun.Format("02/01/2006")
			}
			return fmt.Sprintf("Tuần %d (%s)", w, span), true
		}
	case rest[0] == 'M':
		if m, ok := num(rest[1:], 1, 12); ok {
			return fmt.Sprintf("Tháng %d/%d", m, year), true
		}
	default:
		if m, ok := num(rest, 1, 12); ok && len(rest) == 2 {
			return fmt.Sprintf("Tháng %d/%d", m, year), true
		}
	}
	return "", false
}

// isoWeek returns the Monday and Sunday of ISO week w of year, and false
// when the year has no such week (week 53 of most years).
func isoWeek(year, w int) (mon, sun time.Time, ok bool) {
	// 4 January is always in week 1.
	jan4 := time.Date(year, time.January, 4, 0, 0, 0, 0, time.UTC)
	offset := (int(jan4.Weekday()) + 6) % 7 // days since Monday
	mon = jan4.AddDate(0, 0, -offset+7*(w-1))
	if y, ww := mon.ISOWeek(); y != year || ww != w {
		return time.Time{}, time.Time{}, false
	}
	return mon, mon.AddDate(0, 0, 6), true
}

// WeekCode is the code of the ISO week the instant t falls in, in Vietnam:
// "2026-W49".
func WeekCode(t time.Time) string {
	y, w := t.In(Zone).ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}
