package vn_test

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/canhgiac/canhgiac/internal/vn"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty string", "", ""},
		{"only whitespace", " \t\n ", ""},
		{"ascii already folded", "so noi vu", "so noi vu"},
		{"ascii mixed case", "Ha NOI", "ha noi"},
		{"ascii whitespace collapsed and trimmed", "  ha \t\n noi  ", "ha noi"},
		{"tone and vowel marks removed", "Sở Nội vụ", "so noi vu"},
		{"upper case with đ", "ĐẮK NÔNG", "dak nong"},
		{"lower đ", "đường", "duong"},
		{"all a variants", "à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ", "a a a a a a a a a a a a a a a a a"},
		{"all e variants", "è é ẻ ẽ ẹ ê ề ế ể ễ ệ", "e e e e e e e e e e e"},
		{"all o variants", "ò ó ỏ õ ọ ô ồ ố ổ ỗ ộ ơ ờ ớ ở ỡ ợ", "o o o o o o o o o o o o o o o o o"},
		{"all u variants", "ù ú ủ ũ ụ ư ừ ứ ử ữ ự", "u u u u u u u u u u u"},
		{"i and y variants", "ì í ỉ ĩ ị ỳ ý ỷ ỹ ỵ", "i i i i i y y y y y"},
		{"upper-case variants", "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬƠỜỚỞỠỢƯỪỨỬỮỰ", "aaaaaaaaaaaaaaaaaoooooouuuuuu"},
		{"unicode whitespace collapsed", "Hà\u00a0\u00a0Nội\u2003 ", "ha noi"},
		{"legacy eth as Đ", "\u00D0à Nẵng", "da nang"},
		{"old-style tone placement", "hoà HÒA", "hoa hoa"},
		{"non-Vietnamese accents", "Crème Brûlée", "creme brulee"},
		{"digits and punctuation kept", "Số 12/QĐ-UBND", "so 12/qd-ubnd"},
		{"non-Latin recomposed", "서울 Hà", "서울 ha"},
		{"stray combining marks dropped", "\u0301 a\u0323\u0302 \u0300", "a"},
		{"invalid UTF-8 becomes U+FFFD", "H\xe0 N\xffi", "h\ufffd n\ufffdi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := vn.Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
			// The same text typed or stored decomposed must fold alike.
			if got := vn.Fold(norm.NFD.String(tt.in)); got != tt.want {
				t.Errorf("Fold(NFD %q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := vn.Fold(tt.want); got != tt.want {
				t.Errorf("Fold not idempotent: Fold(%q) = %q", tt.want, got)
			}
		})
	}
}

func TestFoldDecomposedInputIsReallyDecomposed(t *testing.T) {
	// Guard against the NFD subtests above silently testing NFC input.
	in := "Sở Nội vụ"
	d := norm.NFD.String(in)
	if d == in || len(d) <= len(in) {
		t.Fatalf("norm.NFD did not decompose %q", in)
	}
	if got := vn.Fold(d); got != "so noi vu" {
		t.Errorf("Fold(NFD) = %q", got)
	}
}

func TestFoldASCIIFastPathDoesNotAllocate(t *testing.T) {
	in := "so noi vu ha noi"
	allocs := testing.AllocsPerRun(100, func() { _ = vn.Fold(in) })
	if allocs != 0 {
		t.Errorf("Fold of already-folded ASCII allocated %v times, want 0", allocs)
	}
}

func TestFoldContains(t *testing.T) {
	tests := []struct {
		name             string
		haystack, needle string
		want             bool
	}{
		{"accentless needle matches accented text", "Sở Nội vụ tỉnh Đắk Nông", "noi vu", true},
		{"accented needle matches accentless text", "so noi vu", "Nội Vụ", true},
		{"case and spacing ignored", "UBND  TỈNH\tĐẮK NÔNG", "tinh dak", true},
		{"decomposed haystack", norm.NFD.String("Thành phố Hồ Chí Minh"), "ho chi", true},
		{"empty needle matches", "anything", "", true},
		{"both empty", "", "", true},
		{"no match", "Sở Nội vụ", "tài chính", false},
		{"needle longer than haystack", "vu", "noi vu", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := vn.FoldContains(tt.haystack, tt.needle); got != tt.want {
				t.Errorf("FoldContains(%q, %q) = %v, want %v", tt.haystack, tt.needle, got, tt.want)
			}
		})
	}
}

func BenchmarkFold(b *testing.B) {
	inputs := map[string]string{
		"ascii-folded":  "so noi vu tinh dak nong",
		"ascii-mixed":   "  So NOI  Vu Tinh DAK Nong ",
		"vietnamese":    "Sở Nội vụ tỉnh Đắk Nông",
		"vietnamese-4k": strings.Repeat("Ủy ban nhân dân tỉnh Đắk Nông ", 128),
	}
	for name, in := range inputs {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				_ = vn.Fold(in)
			}
		})
	}
}
