package sms_test

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/canhgiac/canhgiac/internal/sms"
)

func TestUnaccent(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Cảnh báo: Đừng chuyển tiền!", "Canh bao: Dung chuyen tien!"},
		{"Đường Trần Hưng Đạo, Quận Hoàn Kiếm", "Duong Tran Hung Dao, Quan Hoan Kiem"},
		{norm.NFD.String("Nguyễn Thị Ngọc Ánh"), "Nguyen Thi Ngoc Anh"},
		{"\u00D0ồng Nai", "Dong Nai"}, // legacy-converted Đ
		{"“Chú ý” – đừng tin ‘cán bộ’ — gọi 113…", `"Chu y" - dung tin 'can bo' - goi 113...`},
		{"10\u00A0000\u202Fđ\tnay", "10 000 d nay"},
		{"zero\u200Bwidth\uFEFF", "zerowidth"},
		{"Mã `OTP`", "Ma 'OTP'"},
		{"Canh bao 🚨", "Canh bao 🚨"}, // not GSM-7, left for Analyze to report
	}
	for _, tt := range tests {
		if got := sms.Unaccent(tt.in); got != tt.want {
			t.Errorf("Unaccent(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUnaccent_EveryVietnameseLetterBecomesGSM7(t *testing.T) {
	const lower = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
	all := lower + strings.ToUpper(lower)
	got := sms.Unaccent(all)
	if info := sms.Analyze(got); info.Encoding != sms.GSM7 {
		t.Fatalf("Unaccent left %q outside GSM-7", info.Unencodable)
	}
	for _, r := range got {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			t.Errorf("Unaccent produced %q, not an ASCII letter", r)
		}
	}
	if n, want := len(got), len([]rune(all)); n != want {
		t.Errorf("Unaccent produced %d letters from %d", n, want)
	}
}

func TestCompare_UnaccentedTakesFewerParts(t *testing.T) {
	text := "Cảnh báo: Công an không bao giờ gọi điện yêu cầu chuyển tiền hay đọc mã OTP. " +
		"Hãy cúp máy và gọi 113 nếu nghi ngờ lừa đảo."
	c := sms.Compare(text)
	if c.Accented.Encoding != sms.UCS2 || c.Accented.Parts != 2 {
		t.Errorf("có dấu: %v, %d tin; want UCS-2, 2 tin", c.Accented.Encoding, c.Accented.Parts)
	}
	if c.Unaccented.Encoding != sms.GSM7 || c.Unaccented.Parts != 1 {
		t.Errorf("không dấu: %v, %d tin (%q); want GSM-7, 1 tin", c.Unaccented.Encoding, c.Unaccented.Parts, c.Unaccented.Unencodable)
	}
	if c.Saved() != 1 {
		t.Errorf("Saved = %d, want 1", c.Saved())
	}
	if !strings.HasPrefix(c.Text, "Canh bao: Cong an khong bao gio goi dien") {
		t.Errorf("Text = %q", c.Text)
	}
}

func TestCompare_LongWarning(t *testing.T) {
	text := strings.Repeat("Không chuyển tiền cho người lạ. ", 10) // 320 characters
	c := sms.Compare(text)
	if c.Accented.Parts != 5 || c.Unaccented.Parts != 3 {
		t.Errorf("có dấu: %d tin, không dấu: %d tin; want 5 and 3", c.Accented.Parts, c.Unaccented.Parts)
	}
}
