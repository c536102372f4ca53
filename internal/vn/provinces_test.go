package vn

import "testing"

func TestProvinces_ThirtyFourDistinctNames(t *testing.T) {
	ps := Provinces()
	if len(ps) != 34 {
		t.Fatalf("%d provinces, want 34", len(ps))
	}
	seen := map[string]bool{}
	for _, p := range ps {
		if seen[p] {
			t.Errorf("%q twice", p)
		}
		seen[p] = true
		if got, ok := Province(p); !ok || got != p {
			t.Errorf("Province(%q) = %q, %v", p, got, ok)
		}
	}
}

func TestProvince_SpellingsAndMergedProvinces(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh"},
		{"tp hcm", "Thành phố Hồ Chí Minh"},
		{"Bình Dương", "Thành phố Hồ Chí Minh"},
		{"Bà Rịa-Vũng Tàu", "Thành phố Hồ Chí Minh"},
		{"ha noi", "Thành phố Hà Nội"},
		{"Tỉnh Cao Bằng", "Cao Bằng"},
		{"  CAO BANG ", "Cao Bằng"},
		{"Hà Giang", "Tuyên Quang"},
		{"Quảng Nam", "Thành phố Đà Nẵng"},
		{"Thừa Thiên Huế", "Thành phố Huế"},
		{"Kiên Giang", "An Giang"},
		{"Đắk Nông", "Lâm Đồng"},
		{"Bình Thuận", "Lâm Đồng"},
	} {
		if got, ok := Province(c.in); !ok || got != c.want {
			t.Errorf("Province(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
	for _, bad := range []string{"", "Gotham", "Hà", "Quảng"} {
		if got, ok := Province(bad); ok {
			t.Errorf("Province(%q) = %q, want not found", bad, got)
		}
	}
}
