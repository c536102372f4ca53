package vn

import (
	"testing"
	"time"
)

// The English portal shows dates, numbers and periods the English way.
func TestEnglishLabels(t *testing.T) {
	day := time.Date(2026, 12, 7, 3, 5, 0, 0, time.UTC)
	for _, c := range []struct{ got, want string }{
		{FormatDateEN(day), "7 Dec 2026"},
		{FormatDayEN(time.Time{}), ""},
		{FormatDateTimeEN(day), "7 Dec 2026, 10:05"},
		{ShowDateEN("2024-04-22"), "22 Apr 2024"},
		{ShowDateEN(Forever), "—"},
		{FormatIntEN(1234567), "1,234,567"},
		{FormatIntEN(-1000), "-1,000"},
		{FormatPercentEN(1234.56, 1), "1,234.6%"},
		{ShareEN(6, 7), "85.7%"},
		{ShareEN(1, 0), "—"},
		{PeriodNameEN("2024-H1"), "first half of 2024"},
		{PeriodNameEN("2024-h2"), "second half of 2024"},
		{PeriodNameEN("2024-Y"), "the year 2024"},
		{PeriodNameEN("2024-Q3"), "third quarter of 2024"},
		{PeriodNameEN("2024-06"), "June 2024"},
		{PeriodNameEN("2024-M12"), "December 2024"},
		{PeriodNameEN("2026-W49"), "week 49 (30 Nov – 6 Dec 2026)"},
		{PeriodNameEN("2026-W01"), "week 1 (29 Dec 2025 – 4 Jan 2026)"},
		{PeriodNameEN("2025-W53"), "2025-W53"},
		{PeriodNameEN("2024-AH-1"), "2024-AH-1"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
