package web

import "testing"

// A text built with values in it is found by its shape and the values
// are put back, numbers with English separators; what the catalogue does
// not know stays as it is.
func TestTranslate_BuiltTextsByTheirShape(t *testing.T) {
	for _, c := range []struct{ vi, want string }{
		{"Mã không đúng. Bạn còn 4 lần thử.", "Wrong code. You have 4 tries left."},
		{`"0389 12" không phải số điện thoại hợp lệ (thiếu chữ số)`, `"0389 12" is not a valid phone number (digits are missing)`},
		{`ngày "32/13/2026" không hợp lệ (dùng dạng 22/04/2024)`, `"32/13/2026" is not a date we can read (write it as 22/04/2024, day first)`},
		{`không nhận ra "abc": hãy nhập số điện thoại, đường dẫn (URL), tên ngân hàng kèm số tài khoản (ví dụ "VCB 0011004455667"), tài khoản mạng xã hội (facebook.com/…, zalo:…, @tên) hoặc địa chỉ ví (0x…, bc1…, T…)`,
			`"abc" is not something we recognise: type a phone number, a link (URL), a bank name with an account number (for example "VCB 0011004455667"), a social network account (facebook.com/…, zalo:…, @name) or a wallet address (0x…, bc1…, T…)`},
		{"Phần mô tả dài quá 5.000 ký tự.", "The description is longer than 5,000 characters."},
		{"Phần mô tả dài quá 5.000 ký tự (đang có 5.012); hãy rút gọn.", "The description is longer than 5,000 characters (it has 5,012); please shorten it."},
		{"Một câu chưa có trong bảng 12 lần.", "Một câu chưa có trong bảng 12 lần."},
		{"50 % đã xong 3 lần", "50 % đã xong 3 lần"},
	} {
		if got := translate("en", c.vi); got != c.want {
			t.Errorf("translate(%q)\n got %q\nwant %q", c.vi, got, c.want)
		}
		if got := translate("vi", c.vi); got != c.vi {
			t.Errorf("Vietnamese changed: %q", got)
		}
	}
}
