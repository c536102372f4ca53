package vn

import (
	"testing"
	"time"
)

// 23:30 UTC on 06/12 is already 07/12 in Vietnam: its midnight is 17:00 UTC on 06/12.
func TestMidnight_TheDayInVietnam(t *testing.T) {
	got := Midnight(time.Date(2026, 12, 6, 23, 30, 0, 0, time.UTC))
	if want := time.Date(2026, 12, 6, 17, 0, 0, 0, time.UTC); !got.Equal(want) || got.Location() != Zone {
		t.Errorf("Midnight = %v, want %v in Vietnam", got, want)
	}
}
