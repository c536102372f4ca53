package normalize

import (
	"strings"
	"testing"
)

func TestPhone_OldLandlinesReadToToday(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"Hà Nội 04 with spaces", "04 3812 3456", "+842438123456"},
		{"Hà Nội 04 plain", "0438123456", "+842438123456"},
		{"Hà Nội 04 in E.164", "+84 4 3812 3456", "+842438123456"},
		{"Đà Nẵng 0511", "0511 3821 234", "+842363821234"},
		{"Hải Phòng 031", "031 3842 123", "+842253842123"},
		{"Lào Cai 020", "020 3820 123", "+842143820123"},
		{"Sơn La 022", "022 3852 123", "+842123852123"},
		{"Bình Dương 0650", "0650 3822 123", "+842743822123"},
		{"Cần Thơ 0710", "0710 3820 123", "+842923820123"},
		{"Bắc Giang 0240", "0240 3854 123", "+842043854123"},
		{"Long An 072", "072 3826 123", "+842723826123"},
		{"Đồng Nai 061", "061 3822 123", "+842513822123"},
		{"today's Hà Nội unchanged", "024 3812 3456", "+842438123456"},
		{"today's Lào Cai unchanged", "0214 3820 123", "+842143820123"},
		{"today's Lạng Sơn unchanged", "0205 3870 123", "+842053870123"},
		{"mobile 033 stays a mobile", "033 812 3456", "+84338123456"},
		{"mobile 038 stays a mobile", "038 812 3456", "+84388123456"},
		{"mobile 083 stays a mobile", "083 812 3456", "+84838123456"},
		{"mobile 077 stays a mobile", "077 812 3456", "+84778123456"},
		{"Thái Nguyên 0280 reads as Hồ Chí Minh's 028", "0280 3851 234", "+842803851234"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Phone(c.in)
			if r.Kind != KindPhone || r.Normalized != c.want {
				t.Fatalf("Phone(%q) = %+v, want %q", c.in, r, c.want)
			}
			if again := Phone(r.Normalized); again.Normalized != r.Normalized {
				t.Fatalf("not a fixed point: %q → %q", r.Normalized, again.Normalized)
			}
			if v, ok := FastPhone(c.in); !ok || v != r.Phone {
				t.Fatalf("FastPhone(%q) = %d, %v; Phone says %d", c.in, v, ok, r.Phone)
			}
		})
	}
}

func TestPhone_OldLandlineOfWrongLengthRefused(t *testing.T) {
	for _, in := range []string{"04 3812 345", "04 3812 34567", "0511 382 123"} {
		r := Phone(in)
		if r.Kind != KindInvalid || !strings.Contains(r.Reason, "mã vùng cũ") {
			t.Errorf("Phone(%q) = %+v, want refused naming the old area code", in, r)
		}
	}
}
