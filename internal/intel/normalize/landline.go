package normalize

import (
	"strconv"
	"strings"
)

// Landlines written the way they were before 2017.
//
// Between February and June 2017 every province's area code changed (the
// Ministry of Information and Communications' plan of 2014): Hà Nội's 04
// became 024, Thành phố Hồ Chí Minh's 08 became 028, Quảng Ninh's 033 became
// 0203, and so on. Subscriber numbers did not change, so a new national
// number is always 10 digits: the new code plus the old subscriber number.
// People still write the old way, on signs, in old messages and from
// memory, and a report of the same line must meet its check.
//
// An old writing is read to today's only where no number valid today has
// the same digits:
//   - codes that are mobile prefixes today (033, 036–039, 052, 055, 056,
//     058, 059, 070, 076, 077, 079 and Hồ Chí Minh's 08, all of whose
//     subscriber numbers begin with a digit that makes an 08x mobile) are
//     read as the mobile: a 9-digit national number with one of those
//     prefixes is a mobile today;
//   - Thái Nguyên's 0280 and Bắc Kạn's 0281 share their digits with
//     Hồ Chí Minh's 028 and are read as Hồ Chí Minh's;
//   - any other old code is rewritten, when the number has the length the
//     old code implies; with another length it is refused, naming the old
//     code and the digits it wants.

// oldArea is one row of the 2017 table: the old code (national digits,
// without the trunk 0), the new one, and the province.
type oldArea struct {
	old, new string
	province string
}

// oldAreas is written from the 2017 plan as published by the ministry.
// Codes unchanged in 2017 (0210 Phú Thọ, 0211 Vĩnh Phúc, 0218 Hòa Bình,
// 0219 Hà Giang) need no row.
var oldAreas = []oldArea{
	{"4", "24", "Hà Nội"},
	{"20", "214", "Lào Cai"},
	{"22", "212", "Sơn La"},
	{"25", "205", "Lạng Sơn"},
	{"26", "206", "Cao Bằng"},
	{"27", "207", "Tuyên Quang"},
	{"29", "216", "Yên Bái"},
	{"30", "229", "Ninh Bình"},
	{"31", "225", "Hải Phòng"},
	{"53", "233", "Quảng Trị"},
	{"54", "234", "Thừa Thiên Huế"},
	{"57", "257", "Phú Yên"},
	{"60", "260", "Kon Tum"},
	{"61", "251", "Đồng Nai"},
	{"62", "252", "Bình Thuận"},
	{"63", "263", "Lâm Đồng"},
	{"64", "254", "Bà Rịa – Vũng Tàu"},
	{"66", "276", "Tây Ninh"},
	{"67", "277", "Đồng Tháp"},
	{"68", "259", "Ninh Thuận"},
	{"72", "272", "Long An"},
	{"73", "273", "Tiền Giang"},
	{"74", "294", "Trà Vinh"},
	{"75", "275", "Bến Tre"},
	{"230", "215", "Điện Biên"},
	{"231", "213", "Lai Châu"},
	{"240", "204", "Bắc Giang"},
	{"241", "222", "Bắc Ninh"},
	{"320", "220", "Hải Dương"},
	{"321", "221", "Hưng Yên"},
	{"350", "228", "Nam Định"},
	{"351", "226", "Hà Nam"},
	{"500", "262", "Đắk Lắk"},
	{"501", "261", "Đắk Nông"},
	{"510", "235", "Quảng Nam"},
	{"511", "236", "Đà Nẵng"},
	{"650", "274", "Bình Dương"},
	{"651", "271", "Bình Phước"},
	{"710", "292", "Cần Thơ"},
	{"711", "293", "Hậu Giang"},
	{"780", "290", "Cà Mau"},
	{"781", "291", "Bạc Liêu"},
}

// Old codes that collide with a number valid today and are therefore read
// the modern way (kept as documentation and for the table test):
// 33 Quảng Ninh→203, 36 Thái Bình→227, 37 Thanh Hóa→237, 38 Nghệ An→238,
// 39 Hà Tĩnh→239, 52 Quảng Bình→232, 55 Quảng Ngãi→255, 56 Bình Định→256,
// 58 Khánh Hòa→258, 59 Gia Lai→269, 70 Vĩnh Long→270, 76 An Giang→296,
// 77 Kiên Giang→297, 79 Sóc Trăng→299, 8 Hồ Chí Minh→28, 280 Thái
// Nguyên→208, 281 Bắc Kạn→209.

// oldLandline reads ds (national digits, no trunk 0) as an old landline.
// ok is false when ds does not start with an old code of the table (the
// caller then reads it the modern way); otherwise v and st are the answer.
func oldLandline(ds []byte) (v uint64, st phoneStatus, ok bool) {
	if len(ds) < 2 || len(ds) == 9 && mobilePrefix(ds[0], ds[1]) {
		return 0, 0, false
	}
	a := matchOldArea(ds)
	if a == nil {
		return 0, 0, false
	}
	want := len(a.old) + 10 - len(a.new)
	switch {
	case len(a.old) == 3 && ds[0] == 2 && len(ds) == 10:
		// 0230…, 0231…, 0240…, 0241… are 10 digits like today's
		// landlines, but no code of today begins so: rewrite.
	case len(ds) < want:
		return 0, phOldShort, true
	case len(ds) > want:
		if ds[0] == 2 {
			// 20…, 22…, 25… with 10 digits are today's landlines (0204,
			// 0222, 0251 …): not an old writing.
			return 0, 0, false
		}
		return 0, phOldLong, true
	}
	var head uint64
	for i := 0; i < len(a.new); i++ {
		head = head*10 + uint64(a.new[i]-'0')
	}
	return digitsValue(ds[len(a.old):], head, len(a.new)), phOK, true
}

// oldAreaBy maps a code's digits to its row (index+1, 0 for none), one
// table per code length, so the phone hot path pays three array reads.
var oldAreaBy = func() (t struct {
	one   [10]uint8
	two   [100]uint8
	three [1000]uint8
}) {
	for i, a := range oldAreas {
		n := 0
		for j := 0; j < len(a.old); j++ {
			n = n*10 + int(a.old[j]-'0')
		}
		switch len(a.old) {
		case 1:
			t.one[n] = uint8(i + 1)
		case 2:
			t.two[n] = uint8(i + 1)
		case 3:
			t.three[n] = uint8(i + 1)
		}
	}
	return t
}()

// matchOldArea finds the row whose old code ds starts with, the longest
// code first (230 before a shorter code could claim 23…).
func matchOldArea(ds []byte) *oldArea {
	if len(ds) >= 3 {
		if i := oldAreaBy.three[int(ds[0])*100+int(ds[1])*10+int(ds[2])]; i > 0 {
			return &oldAreas[i-1]
		}
	}
	if i := oldAreaBy.two[int(ds[0])*10+int(ds[1])]; i > 0 {
		return &oldAreas[i-1]
	}
	if i := oldAreaBy.one[ds[0]]; i > 0 {
		return &oldAreas[i-1]
	}
	return nil
}

// oldAreaReason explains an old writing of the wrong length: which
// province the old code was, what it is today and how many subscriber
// digits follow it. Only the refusal path calls it.
func oldAreaReason(input string) string {
	var ds []byte
	for _, r := range cleanPhone(input) {
		if r >= '0' && r <= '9' {
			ds = append(ds, byte(r-'0'))
		}
	}
	switch {
	case len(ds) >= 4 && ds[0] == 0 && ds[1] == 0:
		ds = ds[4:]
	case len(ds) >= 11 && ds[0] == 8 && ds[1] == 4, strings.Contains(input, "+"):
		ds = ds[2:]
	}
	if len(ds) > 0 && ds[0] == 0 {
		ds = ds[1:]
	}
	if len(ds) < 2 {
		return ""
	}
	a := matchOldArea(ds)
	if a == nil {
		return ""
	}
	return "mã vùng cũ 0" + a.old + " (" + a.province + ", từ 2017 là 0" + a.new + ") cần " +
		strconv.Itoa(10-len(a.new)) + " chữ số thuê bao; hãy viết theo mã vùng mới, ví dụ 0" + a.new + " " + strings.Repeat("x", 10-len(a.new))
}

// mobilePrefix reports whether 0<a><b> begins a mobile number today.
func mobilePrefix(a, b byte) bool {
	switch a {
	case 3:
		return b >= 2
	case 5:
		return b == 2 || b == 5 || b == 6 || b == 8 || b == 9
	case 7:
		return b == 0 || b >= 6
	case 8:
		return b >= 1
	case 9:
		return true
	}
	return false
}
