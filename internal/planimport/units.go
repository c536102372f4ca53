package planimport

import (
	"regexp"
	"strings"
)

// orgStarts are the folded openings of names of bodies a plan assigns
// tasks to: departments, police, schools, press, mass organisations,
// communes and their offices. The list is of kinds of body, not of
// particular bodies, so units the importer has never seen still read as
// units.
var orgStarts = []string{
	"cong an", "so ", "phong ", "ban ", "van phong", "uy ban", "ubnd", "truong ", "trung tam",
	"dai ", "bao ", "ngan hang", "hoi ", "doan ", "lien doan", "to ", "mat tran", "bo ",
	"cuc ", "chi cuc", "vien ", "benh vien", "tinh doan", "huyen doan", "thanh doan", "cong ty",
	"tong cong ty", "doanh nghiep", "buu dien", "kho bac", "thanh tra", "bo chi huy", "ban chi huy",
	"tram ", "hieu truong", "giao vien", "lien doi", "chi doan", "chi bo", "dang uy", "hoi dong",
	"lanh dao", "thu truong", "nguoi dung dau", "giam doc", "chu tich", "tieu ban", "quan su",
	"cong doan", "tinh uy", "huyen uy", "dang bo", "ban quan ly", "nha truong", "tong phu trach",
	"chi nhanh", "doi ", "luc luong", "can bo", "xa ", "phuong ", "thon ", "to dan pho",
	"truong thon", "bi thu", "hat kiem lam", "chi huy", "nha mang", "vien thong", "viettel", "vnpt",
	"mobifone", "agribank", "vietcombank", "vietinbank", "bidv", "nhan vien", "ke toan", "van thu", "phong giao dich",
}

// cacNouns are the words after "Các" that make "Các …" a set of bodies
// ("Các Sở, Ban ngành", "Các cơ quan báo chí") rather than a list of
// things ("Các nội dung", "Các hình thức").
var cacNouns = map[string]bool{
	"so": true, "co": true, "don": true, "phong": true, "doan": true, "to": true, "truong": true,
	"ban": true, "nganh": true, "huyen": true, "xa": true, "dia": true, "doanh": true, "hoi": true,
	"cap": true, "chi": true, "trung": true, "ngan": true, "bo": true, "uy": true, "ubnd": true,
	"nha": true, "lop": true, "khoa": true, "thanh": true, "benh": true, "cong": true, "bao": true,
	"dai": true, "doi": true, "tieu": true, "phuong": true, "thon": true, "lien": true, "giao": true, "tram": true,
}

// notUnits are folded openings that look like a body's name but start a
// task or a plan heading ("Tổ chức tuyên truyền", "Phân công nhiệm vụ",
// "Báo cáo", "Hội nghị").
var notUnits = []string{
	"to chuc", "tuyen truyen", "xay dung", "thuc hien", "trien khai", "tang cuong", "day manh",
	"nang cao", "chi dao", "huong dan", "phoi hop", "chu tri", "tham muu", "theo doi", "kiem tra",
	"bao dam", "dam bao", "can cu", "tiep tuc", "bao cao", "thoi gian", "phan cong", "trach nhiem",
	"che do", "kinh phi", "nhiem vu", "giai phap", "noi dung", "muc dich", "yeu cau", "tien do",
	"so ket", "tong ket", "khen thuong", "hieu luc", "phuong thuc", "hinh thuc", "doi tuong",
	"pham vi", "dia diem", "hoi nghi", "hoi thi", "ban hanh", "to cao", "bo sung", "phong ngua",
	"phong chong", "phong, chong", "doi moi", "tong hop", "ra soat", "so luong", "truong hop",
	"bao ve", "dai dien", "to giac", "xa hoi", "xu ly", "doi thoai", "to roi", "doi voi", "doi tuong",
	"van ban", "du thao", "hoa toc", "thuong khan",
}

var romanOnly = regexp.MustCompile(`^[IVX]+[.)]?$`)

// isUnitLike reports whether s reads as the name of a body.
func isUnitLike(s string) bool {
	f := fold(stripLead(s))
	if f == "" {
		return false
	}
	for _, n := range notUnits {
		if strings.HasPrefix(f, n) {
			return false
		}
	}
	if rest, ok := strings.CutPrefix(f, "cac "); ok {
		w, _, _ := strings.Cut(rest, " ")
		if cacNouns[strings.Trim(w, ",")] {
			return true
		}
		for _, o := range orgStarts {
			if strings.HasPrefix(rest+" ", o) && !strings.HasSuffix(o, " ") {
				return true // "Các Viettel huyện", "Các Chi cục"
			}
		}
		return false
	}
	for _, o := range orgStarts {
		if strings.HasPrefix(f+" ", o) {
			return true
		}
	}
	first := strings.Fields(stripLead(s))[0]
	return isAcronym(first) && !romanOnly.MatchString(first)
}

// stripLead removes the courtesy and assignment verbs before a unit:
// "Đề nghị Ủy ban Mặt trận …" asks a body the plan cannot command, "Giao
// Công an tỉnh …" assigns; either way the unit is what follows.
func stripLead(s string) string {
	s = strings.TrimSpace(s)
	for _, lead := range []string{"Đề nghị ", "đề nghị ", "Giao ", "giao "} {
		if rest, ok := strings.CutPrefix(s, lead); ok {
			return strings.TrimSpace(rest)
		}
	}
	return s
}

// cleanUnit tidies a unit as written: no lead-in, no trailing punctuation,
// capitalised.
func cleanUnit(s string) string {
	return upperFirst(strings.Trim(stripLead(s), " :.;,-–"))
}

// unitHeading reads the unit of a heading or item:
//   - "Sở Công Thương: Chỉ đạo …" → unit and the duty after the colon;
//   - "Các đoàn thể cơ quan thường xuyên triển khai …" → the subject
//     before the first verb, with the whole sentence as the duty;
//   - "Công an tỉnh" (a short heading, when whole is set) → the unit alone.
func unitHeading(s string, whole bool) (unit, rest string, ok bool) {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, ":"); i > 0 && len(strings.Fields(s[:i])) <= 20 {
		pre := s[:i]
		// "Công an tỉnh chủ trì, phối hợp với các đơn vị: …" names the
		// unit before its verb and keeps the whole item as the duty;
		// "Đội Tham mưu tổng hợp: …" is a name that merely ends like a verb.
		if u, ok := subjectUnit(pre); ok {
			return u, stripLead(s), true
		}
		if isUnitLike(pre) {
			return cleanUnit(pre), strings.TrimSpace(s[i+1:]), true
		}
	}
	if u, ok := subjectUnit(s); ok {
		return u, stripLead(s), true
	}
	if whole && len(strings.Fields(s)) <= 15 && !endsSentence(s) && isUnitLike(s) {
		return cleanUnit(s), "", true
	}
	return "", "", false
}

// unitVerbs are verbs that follow the subject of an assignment sentence.
// They are matched in lower case only, so the capitalised words inside a
// name ("Sở Thông tin và Truyền thông") never end it.
var unitVerbs = []string{
	"chủ trì", "phối hợp", "thực hiện", "thường xuyên", "tổ chức", "triển khai", "chỉ đạo",
	"có trách nhiệm", "chịu trách nhiệm", "xây dựng", "tham mưu", "hướng dẫn", "theo dõi",
	"tiếp tục", "chủ động", "báo cáo", "đẩy mạnh", "tăng cường", "là đơn vị", "là cơ quan",
	"được giao", "căn cứ", "tuyên truyền", "rà soát", "phụ trách", "kiểm tra", "bố trí",
	"lồng ghép", "nghiên cứu", "quán triệt", "phổ biến", "cập nhật", "giúp", "làm đầu mối",
	"khẩn trương", "nghiêm túc", "tổng hợp", "trong phạm vi", "cử ", "thành lập", "vận động", "đôn đốc",
}

// verbIndex returns where the first assignment verb starts in s, or -1.
func verbIndex(s string) int {
	best := -1
	for _, v := range unitVerbs {
		for _, pat := range []string{" " + v + " ", " " + v + ",", " " + v + ";"} {
			for off := 0; ; {
				j := strings.Index(s[off:], pat)
				if j < 0 {
					break
				}
				j += off
				// "các tổ chức chính trị - xã hội" names bodies: after an
				// article or "và" the word is a noun, not the verb.
				if v == "tổ chức" && nounBefore(s[:j]) {
					off = j + len(pat)
					continue
				}
				if best < 0 || j < best {
					best = j
				}
				break
			}
		}
	}
	return best
}

func nounBefore(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 {
		return false
	}
	switch strings.ToLower(f[len(f)-1]) {
	case "các", "những", "và", "cho", "mọi", "của":
		return true
	}
	return false
}

// subjectUnit returns the subject of "Unit verb …" when it is a unit.
func subjectUnit(s string) (string, bool) {
	s = stripLead(s)
	j := verbIndex(s)
	if j <= 0 {
		return "", false
	}
	pre := strings.TrimSpace(s[:j])
	if strings.HasSuffix(pre, " là") {
		pre = strings.TrimSuffix(pre, " là")
	}
	if n := len(strings.Fields(pre)); n == 0 || n > 15 || strings.ContainsAny(pre, ".;:") || !isUnitLike(pre) {
		return "", false
	}
	return cleanUnit(pre), true
}
