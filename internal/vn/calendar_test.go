package vn

import (
	"testing"
	"time"
)

func TestToday_TakesTheDateInVietnam(t *testing.T) {
	cases := []struct {
		name string
		at   string // an instant, UTC
		want string
	}{
		{"00:30 in Vietnam is already the next day", "2026-12-06T17:30:00Z", "2026-12-07"},
		{"01:00 in Vietnam on 6 June", "2026-06-05T18:00:00Z", "2026-06-06"},
		{"06:59 in Vietnam", "2026-12-06T23:59:00Z", "2026-12-07"},
		{"23:30 in Vietnam is still the same day", "2026-12-07T16:30:00Z", "2026-12-07"},
		{"midnight in Vietnam", "2026-12-06T17:00:00Z", "2026-12-07"},
		{"one second before midnight", "2026-12-06T16:59:59Z", "2026-12-06"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			at, err := time.Parse(time.RFC3339, c.at)
			if err != nil {
				t.Fatal(err)
			}
			if got := Today(at); got != c.want {
				t.Errorf("Today(%s) = %s, want %s", c.at, got, c.want)
			}
			if got := Date(at).Format("2006-01-02"); got != c.want {
				t.Errorf("Date(%s) = %s, want %s", c.at, got, c.want)
			}
		})
	}
}

func TestDayBounds_AreVietnamMidnights(t *testing.T) {
	start, err := DayStart("2026-12-07")
	if err != nil {
		t.Fatal(err)
	}
	end, err := DayEnd("2026-12-07")
	if err != nil {
		t.Fatal(err)
	}
	if got := start.UTC().Format(time.RFC3339); got != "2026-12-06T17:00:00Z" {
		t.Errorf("start = %s", got)
	}
	if got := end.UTC().Format(time.RFC3339); got != "2026-12-07T17:00:00Z" {
		t.Errorf("end = %s", got)
	}
	if Zone.String() != "Asia/Ho_Chi_Minh" {
		t.Errorf("zone = %s, want the embedded Asia/Ho_Chi_Minh", Zone)
	}
	if got := FormatDateTime(time.Date(2026, 12, 6, 19, 35, 0, 0, time.UTC)); got != "07/12/2026 02:35" {
		t.Errorf("FormatDateTime = %s", got)
	}
}
