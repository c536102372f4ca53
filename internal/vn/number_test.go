package vn_test

import (
	"math"
	"testing"

	"github.com/canhgiac/canhgiac/internal/vn"
)

func TestFormatInt(t *testing.T) {
	tests := []struct {
		name string
		in   int64
		want string
	}{
		{"zero", 0, "0"},
		{"below a thousand", 999, "999"},
		{"exactly a thousand", 1000, "1.000"},
		{"millions", 1234567, "1.234.567"},
		{"full groups", 123456789, "123.456.789"},
		{"negative", -1234, "-1.234"},
		{"negative below a thousand", -12, "-12"},
		{"max int64", math.MaxInt64, "9.223.372.036.854.775.807"},
		{"min int64", math.MinInt64, "-9.223.372.036.854.775.808"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := vn.FormatInt(tt.in); got != tt.want {
				t.Errorf("FormatInt(%d) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFormatPercent(t *testing.T) {
	tests := []struct {
		name     string
		x        float64
		decimals int
		want     string
	}{
		{"decimal comma and plain space", 94.6, 1, "94,6 %"},
		{"rounds to nearest", 94.56, 1, "94,6 %"},
		{"zero decimals", 94.6, 0, "95 %"},
		{"negative decimals treated as zero", 94.6, -2, "95 %"},
		{"pads decimals", 50, 2, "50,00 %"},
		{"hundred", 100, 1, "100,0 %"},
		{"thousands grouped", 1234.5, 1, "1.234,5 %"},
		{"negative, exact tie rounds to even", -3.25, 1, "-3,2 %"},
		{"negative zero after rounding has no sign", -0.04, 1, "0,0 %"},
		{"zero", 0, 0, "0 %"},
		{"NaN", math.NaN(), 1, "NaN %"},
		{"infinity", math.Inf(1), 1, "+Inf %"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := vn.FormatPercent(tt.x, tt.decimals); got != tt.want {
				t.Errorf("FormatPercent(%v, %d) = %q, want %q", tt.x, tt.decimals, got, tt.want)
			}
		})
	}
}

func TestShare_DecimalCommaAndNothingToShareIsADash(t *testing.T) {
	for _, c := range []struct {
		n, of int
		want  string
	}{
		{1, 5, "20,0 %"}, {6, 7, "85,7 %"}, {7, 7, "100,0 %"}, {0, 4, "0,0 %"}, {0, 0, "—"}, {3, 0, "—"},
	} {
		if got := vn.Share(c.n, c.of); got != c.want {
			t.Errorf("Share(%d, %d) = %q, want %q", c.n, c.of, got, c.want)
		}
	}
}
