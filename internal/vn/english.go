package vn

import (
	"fmt"
	"strings"
	"time"
)

// The portal also speaks English. These are the English forms of the
// labels above: a date as "7 Dec 2026", a number as "1,234,567", a
// percentage as "94.6%", a period in words ("first half of 2024"). Times
// are still Vietnam's.

// FormatDateEN formats t's calendar date as "7 Dec 2026" (the date in
// t's own location, as FormatDate).
func FormatDateEN(t time.Time) string { return t.Format("2 Jan 2006") }

// FormatDayEN is FormatDay in English: "" for the zero time.
func FormatDayEN(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return FormatDateEN(t)
}

// FormatDateTimeEN formats an instant in Vietnam's time as "7 Dec 2026, 14:05".
func FormatDateTimeEN(t time.Time) string { return t.In(Zone).Format("2 Jan 2006, 15:04") }

// ShowDateEN is ShowDate in English: "7 Dec 2026", "—" for an open end.
func ShowDateEN(d string) string {
	if d == "" || d == Beginning || d == Forever {
		return "—"
	}
	t, err := ParseISODate(d)
	if err != nil {
		return d
	}
	return FormatDateEN(t)
}

// FormatIntEN groups thousands with commas, "1,234,567".
func FormatIntEN(n int64) string { return strings.ReplaceAll(FormatInt(n), ".", ",") }

// FormatPercentEN is FormatPercent in English: a decimal point, comma
// thousands and no space before the sign, "94.6%".
func FormatPercentEN(x float64, decimals int) string {
	s := strings.TrimSuffix(FormatPercent(x, decimals), " %")
	s = strings.NewReplacer(".", ",", ",", ".").Replace(s)
	return s + "%"
}

// ShareEN is Share in English: "85.7%", "—" for a share of nothing.
func ShareEN(n, of int) string {
	if of == 0 {
		return "—"
	}
	return FormatPercentEN(float64(n)*100/float64(of), 1)
}

// PeriodNameEN says a period code in English words, as PeriodName does in
// Vietnamese:
//
//	2024-H1  → first half of 2024
//	2024-H2  → second half of 2024
//	2024-Y   → the year 2024
//	2024-Q3  → third quarter of 2024
//	2024-06  → June 2024
//	2026-W49 → week 49 (30 Nov – 6 Dec 2026)
//
// A code it does not know comes back unchanged.
func PeriodNameEN(code string) string {
	c := strings.ToUpper(strings.TrimSpace(code))
	if _, ok := periodWords(c); !ok {
		return code
	}
	ys, rest, _ := strings.Cut(c, "-")
	var year, n int
	fmt.Sscanf(ys, "%d", &year)
	switch {
	case rest == "Y":
		return fmt.Sprintf("the year %d", year)
	case rest == "H1":
		return fmt.Sprintf("first half of %d", year)
	case rest == "H2":
		return fmt.Sprintf("second half of %d", year)
	case rest[0] == 'Q':
		fmt.Sscanf(rest[1:], "%d", &n)
		return fmt.Sprintf("%s quarter of %d", [...]string{"", "first", "second", "third", "fourth"}[n], year)
	case rest[0] == 'W':
		fmt.Sscanf(rest[1:], "%d", &n)
		mon, sun, _ := isoWeek(year, n)
		span := mon.Format("2 Jan") + " – " + sun.Format("2 Jan 2006")
		if mon.Year() != sun.Year() {
			span = mon.Format("2 Jan 2006") + " – " + sun.Format("2 Jan 2006")
		}
		return fmt.Sprintf("week %d (%s)", n, span)
	case rest[0] == 'M':
		fmt.Sscanf(rest[1:], "%d", &n)
	default:
		fmt.Sscanf(rest, "%d", &n)
	}
	return fmt.Sprintf("%s %d", time.Month(n), year)
}
