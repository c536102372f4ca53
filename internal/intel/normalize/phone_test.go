package normalize

import (
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

func TestPhoneAcceptsVietnameseSpellings(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"already E.164", "+84912345678", "+84912345678"},
		{"national with spaces", "0912 345 678", "+84912345678"},
		{"dots", "0912.345.678", "+84912345678"},
		{"dashes and brackets", "(091) 234-5678", "+84912345678"},
		{"country code without plus", "84912345678", "+84912345678"},
		{"00 international prefix", "0084 912 345 678", "+84912345678"},
		{"plus84 with trunk zero typo", "+84 0912 345 678", "+84912345678"},
		{"tel URI", "tel:+84-912-345-678", "+84912345678"},
		{"leading spaces then tel", "  TEL:0912345678", "+84912345678"},
		{"full-width digits", "０９１２３４５６７８", "+84912345678"},
		{"non-breaking spaces", "0912\u00a0345\u00a0678", "+84912345678"},
		{"en dash", "0912–345–678", "+84912345678"},
		{"nine digits without trunk", "912345678", "+84912345678"},
		{"Viettel 03x", "0362 123 456", "+84362123456"},
		{"old Viettel 0162", "01621234567", "+84321234567"},
		{"old Viettel 0169", "0169 123 4567", "+84391234567"},
		{"old MobiFone 0120", "01201234567", "+84701234567"},
		{"old MobiFone 0121", "01211234567", "+84791234567"},
		{"old MobiFone 0122", "01221234567", "+84771234567"},
		{"old MobiFone 0126", "01261234567", "+84761234567"},
		{"old MobiFone 0128", "01281234567", "+84781234567"},
		{"old VinaPhone 0123", "01231234567", "+84831234567"},
		{"old VinaPhone 0124", "01241234567", "+84841234567"},
		{"old VinaPhone 0125", "01251234567", "+84851234567"},
		{"old VinaPhone 0127", "01271234567", "+84811234567"},
		{"old VinaPhone 0129", "01291234567", "+84821234567"},
		{"old Vietnamobile 0186", "01861234567", "+84561234567"},
		{"old Vietnamobile 0188", "01881234567", "+84581234567"},
		{"old Gmobile 0199", "01991234567", "+84591234567"},
		{"old mobile in E.164", "+84 162 123 4567", "+84321234567"},
		{"provincial landline", "0206 3852 123", "+842063852123"},
		{"Hanoi landline", "024 3825 1234", "+842438251234"},
		{"1900 short", "1900 1234", "+8419001234"},
		{"1800 long", "1800 123 456", "+841800123456"},
		{"1900 already normalised", "+8419001234", "+8419001234"},
		{"foreign via libphonenumber", "+44 20 7946 0018", "+442079460018"},
		{"foreign with 00 prefix", "0044 20 7946 0018", "+442079460018"},
		{"US number", "+1 (650) 253-0000", "+16502530000"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Phone(c.in)
			if r.Kind != KindPhone || r.Normalized != c.want {
				t.Fatalf("Phone(%q) = %+v, want %q", c.in, r, c.want)
			}
			if got := "+" + uitoa(r.Phone); got != c.want {
				t.Fatalf("Phone field %d does not match %q", r.Phone, c.want)
			}
			if again := Phone(r.Normalized); again.Normalized != r.Normalized {
				t.Fatalf("not idempotent: %q -> %q", r.Normalized, again.Normalized)
			}
		})
	}
}

func uitoa(v uint64) string {
	var b [24]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(b[i:])
		}
	}
}

func TestPhoneRejectsWithVietnameseReason(t *testing.T) {
	cases := []struct{ name, in, reason string }{
		{"too short", "0912 34", `"0912 34" không phải số điện thoại hợp lệ (thiếu chữ số)`},
		{"too long", "09123456789", "(thừa chữ số)"},
		{"empty", "", "(không có chữ số nào)"},
		{"letters", "0912abc678", "(có ký tự không phải chữ số)"},
		{"unknown prefix", "01123456789", "(đầu số không tồn tại ở Việt Nam)"},
		{"retired prefix that was never mobile", "01301234567", "(đầu số không tồn tại ở Việt Nam)"},
		{"invalid foreign", "+999 123", "(số nước ngoài không hợp lệ)"},
		{"two plus signs", "++84912345678", "(có ký tự không phải chữ số)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Phone(c.in)
			if r.Kind != KindInvalid || !strings.Contains(r.Reason, c.reason) {
				t.Fatalf("Phone(%q) = %+v, want reason containing %q", c.in, r, c.reason)
			}
		})
	}
}

func TestPhoneFastPathDoesNotAllocate(t *testing.T) {
	for _, in := range []string{"0912 345 678", "+84912345678", "01621234567"} {
		if n := testing.AllocsPerRun(100, func() { fastPhone(in) }); n != 0 {
			t.Errorf("fastPhone(%q) allocates %v times", in, n)
		}
	}
	if n := testing.AllocsPerRun(100, func() { Phone("+84912345678") }); n != 0 {
		t.Errorf("Phone on canonical input allocates %v times", n)
	}
}

func FuzzPhone(f *testing.F) {
	for _, s := range []string{"0912 345 678", "+84912345678", "01621234567", "tel:1900 1234", "+44 20 7946 0018", "０９１２", "+", "0084"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		r := Phone(in)
		if r.Kind == KindInvalid {
			if r.Reason == "" {
				t.Fatalf("invalid without reason for %q", in)
			}
			return
		}
		if again := Phone(r.Normalized); again.Normalized != r.Normalized || again.Phone != r.Phone {
			t.Fatalf("not idempotent: %q -> %q -> %+v", in, r.Normalized, again)
		}
	})
}

var sinkResult Result

func BenchmarkPhoneFastPath(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkResult = Phone("0912 345 678")
	}
}

func BenchmarkPhoneFastPathCanonical(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkResult = Phone("+84912345678")
	}
}

var sinkU uint64

func BenchmarkPhoneFastPathScanOnly(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkU, _ = fastPhone("0912 345 678")
	}
}

func BenchmarkPhoneLibphonenumber(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		num, err := phonenumbers.Parse("0912 345 678", "VN")
		if err != nil || !phonenumbers.IsValidNumber(num) {
			b.Fatal("libphonenumber rejected a valid number")
		}
		sinkResult.Normalized = phonenumbers.Format(num, phonenumbers.E164)
	}
}
