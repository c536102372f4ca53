package vn

import "strings"

// The 34 provincial-level units in force from 1 July 2025 (Nghị quyết
// 202/2025/QH15 on rearranging provincial-level administrative units): six
// centrally-run cities and 28 provinces, in the order of the resolution's
// list as we keep it here (north to south). Each entry lists the provinces of
// before 1 July 2025 that now form part of it, so a name typed from habit —
// "Bình Dương", "Hà Giang" — still finds its province.
var provinces = []struct {
	name   string
	before []string
}{
	{"Thành phố Hà Nội", nil},
	{"Cao Bằng", nil},
	{"Tuyên Quang", []string{"Hà Giang"}},
	{"Lào Cai", []string{"Yên Bái"}},
	{"Thái Nguyên", []string{"Bắc Kạn"}},
	{"Điện Biên", nil},
	{"Lai Châu", nil},
	{"Sơn La", nil},
	{"Lạng Sơn", nil},
	{"Quảng Ninh", nil},
	{"Phú Thọ", []string{"Vĩnh Phúc", "Hòa Bình"}},
	{"Bắc Ninh", []string{"Bắc Giang"}},
	{"Hưng Yên", []string{"Thái Bình"}},
	{"Thành phố Hải Phòng", []string{"Hải Dương"}},
	{"Ninh Bình", []string{"Hà Nam", "Nam Định"}},
	{"Thanh Hóa", nil},
	{"Nghệ An", nil},
	{"Hà Tĩnh", nil},
	{"Quảng Trị", []string{"Quảng Bình"}},
	{"Thành phố Huế", []string{"Thừa Thiên Huế"}},
	{"Thành phố Đà Nẵng", []string{"Quảng Nam"}},
	{"Quảng Ngãi", []string{"Kon Tum"}},
	{"Gia Lai", []string{"Bình Định"}},
	{"Đắk Lắk", []string{"Phú Yên"}},
	{"Khánh Hòa", []string{"Ninh Thuận"}},
	{"Lâm Đồng", []string{"Đắk Nông", "Bình Thuận"}},
	{"Đồng Nai", []string{"Bình Phước"}},
	{"Tây Ninh", []string{"Long An"}},
	{"Thành phố Hồ Chí Minh", []string{"Bình Dương", "Bà Rịa - Vũng Tàu", "Bà Rịa Vũng Tàu", "Sài Gòn", "HCM", "TPHCM"}},
	{"Đồng Tháp", []string{"Tiền Giang"}},
	{"Vĩnh Long", []string{"Bến Tre", "Trà Vinh"}},
	{"An Giang", []string{"Kiên Giang"}},
	{"Thành phố Cần Thơ", []string{"Sóc Trăng", "Hậu Giang"}},
	{"Cà Mau", []string{"Bạc Liêu"}},
}

var provinceKeys = func() map[string]string {
	m := map[string]string{}
	for _, p := range provinces {
		m[provinceKey(p.name)] = p.name
		for _, b := range p.before {
			m[provinceKey(b)] = p.name
		}
	}
	return m
}()

// provinceKey folds a name and drops the words that say what kind of unit
// it is, so "TP. Hồ Chí Minh", "thành phố hồ chí minh" and "Hồ Chí Minh"
// are one key.
func provinceKey(s string) string {
	k := Fold(strings.NewReplacer(".", " ", "-", " ", ",", " ").Replace(s))
	for _, prefix := range []string{"thanh pho ", "tinh ", "tp "} {
		k = strings.TrimPrefix(k, prefix)
	}
	return strings.ReplaceAll(k, " ", "")
}

// Provinces lists the names of the 34 provinces and cities.
func Provinces() []string {
	out := make([]string, len(provinces))
	for i, p := range provinces {
		out[i] = p.name
	}
	return out
}

// Province returns the current name of the province or city s names —
// spelled with or without marks, "TP."/"Tỉnh", or by a province merged into
// it in 2025. ok is false for a name that is none of these.
func Province(s string) (name string, ok bool) {
	name, ok = provinceKeys[provinceKey(s)]
	return name, ok
}
