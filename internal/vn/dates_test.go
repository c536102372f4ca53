package vn

import (
	"testing"
	"time"
)

func TestShowDate_StoredDatesAndOpenEnds(t *testing.T) {
	for _, tc := range []struct {
		name, in, date, long, lastDay string
	}{
		{"a day", "2024-04-22", "22/04/2024", "ngày 22 tháng 4 năm 2024", "21/04/2024"},
		{"the first of a month", "2025-03-01", "01/03/2025", "ngày 01 tháng 3 năm 2025", "28/02/2025"},
		{"no end yet", Forever, "—", "ngày 31 tháng 12 năm 9999", ""},
		{"no known start", Beginning, "—", "ngày 01 tháng 01 năm 1", "31/12/0000"},
		{"not a stored date", "hôm qua", "hôm qua", "hôm qua", "hôm qua"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ShowDate(tc.in); got != tc.date {
				t.Errorf("ShowDate(%q) = %q, want %q", tc.in, got, tc.date)
			}
			if got := ShowDateLong(tc.in); got != tc.long {
				t.Errorf("ShowDateLong(%q) = %q, want %q", tc.in, got, tc.long)
			}
			if got := ShowLastDay(tc.in); got != tc.lastDay {
				t.Errorf("ShowLastDay(%q) = %q, want %q", tc.in, got, tc.lastDay)
			}
		})
	}
	if ShowDate("") != "—" {
		t.Errorf("an empty date shows as %q", ShowDate(""))
	}
}

func TestISODate_RoundTripsAndKeepsTheCalendarDayGiven(t *testing.T) {
	late := time.Date(2026, 12, 6, 23, 30, 0, 0, time.FixedZone("ICT", 7*3600))
	if got := ISODate(late); got != "2026-12-06" {
		t.Fatalf("ISODate = %q: the day must be the one in t's own zone", got)
	}
	back, err := ParseISODate("2026-12-06")
	if err != nil || ISODate(back) != "2026-12-06" {
		t.Fatalf("ParseISODate: %v %v", back, err)
	}
	if got := FormatTimeDate(late); got != "23:30 06/12/2026" {
		t.Errorf("FormatTimeDate = %q", got)
	}
	if FormatDay(time.Time{}) != "" || FormatDay(late) != "06/12/2026" {
		t.Errorf("FormatDay: %q %q", FormatDay(time.Time{}), FormatDay(late))
	}
}
