package vn

import (
	"testing"
	"time"
)

func TestPeriodName_SaysThePeriodInWords(t *testing.T) {
	cases := []struct{ code, want string }{
		{"2024-H1", "6 tháng đầu năm 2024"},
		{"2024-h2", "6 tháng cuối năm 2024"},
		{"2024-Y", "Năm 2024"},
		{"2024-Q3", "Quý 3 năm 2024"},
		{"2024-06", "Tháng 6/2024"},
		{"2024-M12", "Tháng 12/2024"},
		{"2026-W49", "Tuần 49 (30/11–06/12/2026)"},
		{"2026-W01", "Tuần 1 (29/12/2025–04/01/2026)"},
		{"2020-W53", "Tuần 53 (28/12/2020–03/01/2021)"},
		{"2025-W53", "2025-W53"}, // 2025 has 52 weeks: left as typed
		{"2024-Q5", "2024-Q5"},
		{"2024-AH-1", "2024-AH-1"},
		{"2024-13", "2024-13"},
	}
	for _, c := range cases {
		if got := PeriodName(c.code); got != c.want {
			t.Errorf("PeriodName(%q) = %q, want %q", c.code, got, c.want)
		}
	}
}

func TestWeekCode_IsVietnamsWeek(t *testing.T) {
	// 00:30 on Monday 07/12/2026 in Vietnam is Sunday 06/12 in UTC, still
	// week 49 there; in Vietnam it is week 50.
	if got := WeekCode(time.Date(2026, 12, 6, 17, 30, 0, 0, time.UTC)); got != "2026-W50" {
		t.Errorf("WeekCode = %s, want 2026-W50", got)
	}
}
