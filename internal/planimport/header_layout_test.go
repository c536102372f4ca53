package planimport

import (
	"slices"
	"testing"
)

func TestSplitHeaderPieces_SideBySideInEitherOrder(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Phòng Giáo dục và Đào tạo huyện Mường Khương Cộng Hòa Xã Hội Chủ Nghĩa Việt Nam",
			[]string{"Phòng Giáo dục và Đào tạo huyện Mường Khương", "Cộng Hòa Xã Hội Chủ Nghĩa Việt Nam"}},
		{"Số: 31/KH-THCS Mường Khương, ngày 06 tháng 5 năm 2024",
			[]string{"Số: 31/KH-THCS", "Mường Khương, ngày 06 tháng 5 năm 2024"}},
		{"Mường Khương, ngày 06 tháng 5 năm 2024 Số: 31/KH-THCS",
			[]string{"Mường Khương, ngày 06 tháng 5 năm 2024", "Số: 31/KH-THCS"}},
		{"TRƯỜNG THCS BẢN LẦU Độc lập - Tự do - Hạnh phúc", []string{"TRƯỜNG THCS BẢN LẦU", "Độc lập - Tự do - Hạnh phúc"}},
		{"CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM ỦY BAN NHÂN DÂN", []string{"CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ỦY BAN NHÂN DÂN"}},
		{"Độc lập – Tự do – Hạnh phúc PHƯỜNG PHÚ LỢI", []string{"Độc lập – Tự do – Hạnh phúc", "PHƯỜNG PHÚ LỢI"}},
		{"Số: 31/KH-THCS", []string{"Số: 31/KH-THCS"}},
		{"Số:", []string{"Số:"}},
		{"TP. Hồ Chí Minh, ngày 2 tháng 3 năm 2025", []string{"TP. Hồ Chí Minh, ngày 2 tháng 3 năm 2025"}},
	}
	for _, tt := range tests {
		if got := splitHeaderPieces(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("splitHeaderPieces(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMendDateWords_BrokenByWebPages(t *testing.T) {
	for in, want := range map[string]string{
		"Hà Giang, ngà y 06 thá ng 5 nă m 2024": "Hà Giang, ngày 06 tháng 5 năm 2024",
		"ngày 06 tháng 5 năm 2024":              "ngày 06 tháng 5 năm 2024",
		"trong năm học":                         "trong năm học",
	} {
		if got := mendDateWords(in); got != want {
			t.Errorf("mendDateWords(%q) = %q, want %q", in, got, want)
		}
	}
}
