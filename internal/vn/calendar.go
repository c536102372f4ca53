package vn

import (
	"time"
	_ "time/tzdata" // the zone must resolve on hosts without /usr/share/zoneinfo
)

// Vietnam's calendar is the only calendar the product decides or shows dates
// in: what day it is, whether a report was on time, which day an activity
// belongs to, what a log or an export prints. Instants are stored in UTC;
// every conversion from an instant to a date goes through this file, so that
// between 00:00 and 07:00 in Vietnam nothing carries yesterday's date.

// Zone is Asia/Ho_Chi_Minh. The time zone database is embedded in the binary,
// so the zone resolves on any host; should loading still fail, the fixed
// offset (UTC+7, no daylight saving since 1975) is the same for every date
// the product handles.
var Zone = loadZone()

func loadZone() *time.Location {
	if z, err := time.LoadLocation("Asia/Ho_Chi_Minh"); err == nil {
		return z
	}
	return time.FixedZone("ICT", 7*3600)
}

// dayLayout is how dates (not instants) are stored: "2006-01-02".
const dayLayout = "2006-01-02"

// In returns the instant t as a clock on a wall in Vietnam reads it.
func In(t time.Time) time.Time { return t.In(Zone) }

// Today returns the calendar date of the instant t in Vietnam, as stored
// ("YYYY-MM-DD"). At 01:00 on 6 June in Hà Nội (18:00 UTC on 5 June) it is
// "…-06-06".
func Today(t time.Time) string { return t.In(Zone).Format(dayLayout) }

// Date returns midnight UTC of the calendar date of t in Vietnam: the form
// the rest of the code uses for a date value (as ParseDate returns it), so
// date arithmetic (AddDate, weekday) is free of zone surprises.
func Date(t time.Time) time.Time {
	y, m, d := t.In(Zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Midnight is the instant t's day began in Vietnam.
func Midnight(t time.Time) time.Time {
	y, m, d := t.In(Zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Zone)
}

// DayStart returns the instant a calendar day ("YYYY-MM-DD") begins in
// Vietnam: "2026-12-07" begins at 2026-12-06T17:00:00Z.
func DayStart(day string) (time.Time, error) {
	return time.ParseInLocation(dayLayout, day, Zone)
}

// DayEnd returns the instant a calendar day ends in Vietnam, which is the
// instant the next one begins; the day is [DayStart, DayEnd).
func DayEnd(day string) (time.Time, error) {
	t, err := DayStart(day)
	if err != nil {
		return time.Time{}, err
	}
	return t.AddDate(0, 0, 1), nil
}

// FormatDateTime shows an instant as read in Vietnam: "07/12/2026 02:35".
func FormatDateTime(t time.Time) string { return t.In(Zone).Format("02/01/2006 15:04") }
