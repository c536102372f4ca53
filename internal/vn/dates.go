package vn

import "time"

// Dates (calendar days, not instants) are stored as TEXT "YYYY-MM-DD" on
// both databases, so that comparisons are plain string comparisons and mean
// the same everywhere. This file is the one set of helpers that write,
// read and show them; none of them moves t to another time zone: each
// formats the time.Time it is given, so the caller decides whose calendar
// the day is in.

// Beginning and Forever bound validity periods that have no known start or
// no end yet; periods are half-open: [from, to).
const (
	Beginning = "0001-01-01"
	Forever   = "9999-12-31"
)

// ISODate is the stored form of t's calendar date: "2024-04-22".
func ISODate(t time.Time) string { return t.Format(dayLayout) }

// ParseISODate reads a stored date as midnight UTC.
func ParseISODate(d string) (time.Time, error) { return time.Parse(dayLayout, d) }

// ShowDate shows a stored date as dd/mm/yyyy; an unknown or open end
// ("", Beginning, Forever) shows as "—", and what is not a stored date as
// it is.
func ShowDate(d string) string {
	if d == "" || d == Beginning || d == Forever {
		return "—"
	}
	t, err := ParseISODate(d)
	if err != nil {
		return d
	}
	return FormatDate(t)
}

// ShowDateLong shows a stored date in words ("ngày 22 tháng 4 năm 2024").
func ShowDateLong(d string) string {
	t, err := ParseISODate(d)
	if err != nil {
		return d
	}
	return FormatDateLong(t)
}

// ShowLastDay shows the last day a half-open period [from, to) was in
// force: the day before to, or "" for a period still in force.
func ShowLastDay(to string) string {
	if to == Forever {
		return ""
	}
	t, err := ParseISODate(to)
	if err != nil {
		return to
	}
	return FormatDate(t.AddDate(0, 0, -1))
}

// FormatDay formats t's calendar date as dd/mm/yyyy, "" for the zero time.
func FormatDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return FormatDate(t)
}

// FormatTimeDate formats t hour first, "15:04 22/04/2024", as a time of
// sending reads.
func FormatTimeDate(t time.Time) string { return t.Format("15:04 02/01/2006") }
