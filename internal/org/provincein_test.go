package org

import "testing"

func TestProvinceIn_LongestProvinceNameInAUnitsName(t *testing.T) {
	for name, want := range map[string]string{
		"Công an tỉnh Cao Bằng":                                           "Cao Bằng",
		"Sở Nông nghiệp và Môi trường tỉnh Cao Bằng":                      "Cao Bằng",
		"Công an thành phố Hà Nội":                                        "Thành phố Hà Nội",
		"Công an Thành phố Hồ Chí Minh":                                   "Thành phố Hồ Chí Minh",
		"Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao": "",
	} {
		if got := provinceIn(name); got != want {
			t.Errorf("provinceIn(%q) = %q, want %q", name, got, want)
		}
	}
}
