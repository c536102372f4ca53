package store

import "time"

// Dates (not instants) are stored as TEXT "YYYY-MM-DD" on both databases, so
// that comparisons are plain string comparisons and mean the same everywhere.
const dateLayout = "2006-01-02"

// Beginning and Forever bound validity periods that have no known start or
// no end yet; periods are half-open: [from, to).
const (
	Beginning = "0001-01-01"
	Forever   = "9999-12-31"
)

// DateString formats the calendar date of t.
func DateString(t time.Time) string { return t.Format(dateLayout) }

// ParseDateString parses a stored date.
func ParseDateString(s string) (time.Time, error) { return time.Parse(dateLayout, s) }
