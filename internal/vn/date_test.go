package vn_test

import (
	"errors"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/canhgiac/canhgiac/internal/vn"
)

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestFormatDate(t *testing.T) {
	tests := []struct {
		name string
		in   time.Time
		want string
	}{
		{"zero-padded day and month", date(2024, 4, 22), "22/04/2024"},
		{"single-digit day", date(2024, 1, 5), "05/01/2024"},
		{"time of day ignored", time.Date(2024, 12, 31, 23, 59, 0, 0, time.UTC), "31/12/2024"},
		{"date taken in t's location", time.Date(2024, 4, 22, 1, 0, 0, 0, time.FixedZone("ICT", 7*3600)), "22/04/2024"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := vn.FormatDate(tt.in); got != tt.want {
				t.Errorf("FormatDate = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFormatDateLong(t *testing.T) {
	tests := []struct {
		name string
		in   time.Time
		want string
	}{
		{"no padding for day >= 10 and month >= 3", date(2024, 4, 22), "ngày 22 tháng 4 năm 2024"},
		{"month 12 unpadded", date(2024, 12, 31), "ngày 31 tháng 12 năm 2024"},
		{"day below 10 padded (Decree 30)", date(2024, 3, 5), "ngày 05 tháng 3 năm 2024"},
		{"months 1 and 2 padded (Decree 30)", date(2024, 1, 15), "ngày 15 tháng 01 năm 2024"},
		{"leap day", date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := vn.FormatDateLong(tt.in)
			if got != tt.want {
				t.Errorf("FormatDateLong = %q, want %q", got, tt.want)
			}
			// What we write, we must be able to read back.
			back, err := vn.ParseDate(got)
			if err != nil || !back.Equal(tt.in) {
				t.Errorf("ParseDate(%q) = %v, %v; want %v", got, back, err, tt.in)
			}
		})
	}
}

func TestParseDateAccepts(t *testing.T) {
	want := date(2024, 4, 22)
	tests := []struct{ name, in string }{
		{"ISO 8601", "2024-04-22"},
		{"ISO without padding", "2024-4-22"},
		{"slash unpadded", "22/4/2024"},
		{"slash padded", "22/04/2024"},
		{"dash", "22-4-2024"},
		{"dot", "22.4.2024"},
		{"spaces around value", "  22/04/2024 \n"},
		{"spaces around separators", "22 / 4 / 2024"},
		{"long form", "ngày 22 tháng 4 năm 2024"},
		{"long form padded month", "ngày 22 tháng 04 năm 2024"},
		{"long form upper case", "NGÀY 22 THÁNG 4 NĂM 2024"},
		{"long form mixed case and extra spaces", "  Ngày  22\tTháng 4   Năm 2024 "},
		{"long form without diacritics", "ngay 22 thang 4 nam 2024"},
		{"long form decomposed", norm.NFD.String("ngày 22 tháng 4 năm 2024")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := vn.ParseDate(tt.in)
			if err != nil {
				t.Fatalf("ParseDate(%q) error: %v", tt.in, err)
			}
			if !got.Equal(want) || got.Location() != time.UTC {
				t.Errorf("ParseDate(%q) = %v, want %v", tt.in, got, want)
			}
		})
	}
}

func TestParseDateLeapYears(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"29 Feb in leap year", "29/2/2024", true},
		{"29 Feb in common year", "29/2/2023", false},
		{"29 Feb in century non-leap year", "29/02/1900", false},
		{"29 Feb in 400-year leap year", "29/02/2000", true},
		{"ISO leap day", "2024-02-29", true},
		{"long-form leap day in common year", "ngày 29 tháng 2 năm 2023", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := vn.ParseDate(tt.in)
			if (err == nil) != tt.ok {
				t.Errorf("ParseDate(%q) err = %v, want ok=%v", tt.in, err, tt.ok)
			}
		})
	}
}

func TestParseDateRejects(t *testing.T) {
	tests := []struct{ name, in string }{
		{"empty string", ""},
		{"whitespace only", "   "},
		{"nonexistent day", "31/2/2024"},
		{"day 31 in 30-day month", "31/04/2024"},
		{"day zero", "0/4/2024"},
		{"month 13", "22/13/2024"},
		{"month zero", "22/0/2024"},
		{"two-digit year", "22/4/24"},
		{"five-digit year", "22/4/20245"},
		{"year zero", "22/4/0000"},
		{"mixed separators", "22/4-2024"},
		{"year-first with slash", "2024/04/22"},
		{"month-first ISO order wrong", "04-22-2024"},
		{"numbers separated only by space", "22 4 2024"},
		{"trailing garbage", "22/4/2024x"},
		{"extra component", "22/4/2024/1"},
		{"missing component", "22/4"},
		{"three-digit day", "022/4/2024"},
		{"negative", "-22/4/2024"},
		{"long form missing year", "ngày 22 tháng 4"},
		{"long form wrong word", "ngày 22 tuần 4 năm 2024"},
		{"long form two-digit year", "ngày 22 tháng 4 năm 24"},
		{"english", "April 22, 2024"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := vn.ParseDate(tt.in)
			if err == nil {
				t.Fatalf("ParseDate(%q) = %v, want error", tt.in, got)
			}
			if !errors.Is(err, vn.ErrBadDate) {
				t.Errorf("error %v does not wrap ErrBadDate", err)
			}
			if !got.IsZero() {
				t.Errorf("ParseDate(%q) returned non-zero time %v with error", tt.in, got)
			}
		})
	}
}

func TestParseDateErrorMessageIsVietnamese(t *testing.T) {
	_, err := vn.ParseDate("31/2/2024")
	want := `ngày "31/2/2024" không hợp lệ (dùng dạng 22/04/2024)`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
	_, err = vn.ParseDate("ngày 31 tháng 2 năm 2024")
	want = `ngày "ngày 31 tháng 2 năm 2024" không hợp lệ (dùng dạng 22/04/2024)`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s (input quoted unescaped)", err, want)
	}
}
