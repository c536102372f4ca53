package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

// A 900 KB field is refused by name, in Vietnamese, with the rest of the
// form shown again as typed; nothing is saved.
func TestForms_HugeFieldsAreRefusedByName(t *testing.T) {
	huge := strings.Repeat("x", 900_000)
	e := testutil.Start(t, "")
	cases := []struct {
		name, user, form, post string
		values                 url.Values
		want, kept             string
	}{
		{"report contact", "", "/to-giac", "/to-giac", url.Values{"indicators": {"0356 111 222"}, "description": {"Gọi mời đầu tư tiền ảo."}, "contact": {huge}, "consent": {"on"}},
			"Liên hệ dài quá 200 ký tự", "Gọi mời đầu tư tiền ảo."},
		{"report description", "", "/to-giac", "/to-giac", url.Values{"indicators": {"0356 111 223"}, "description": {huge}},
			"Phần mô tả dài quá 5.000 ký tự", "0356 111 223"},
		{"removal reason", "", "/yeu-cau-go-canh-bao", "/yeu-cau-go-canh-bao", url.Values{"indicator": {"0356 111 222"}, "reason": {huge}, "contact": {"a@example.vn"}, "consent": {"on"}},
			"Lý do dài quá 5.000 ký tự", "a@example.vn"},
		{"plan title", "canbo", "/quan-tri/ke-hoach/moi", "/quan-tri/ke-hoach", url.Values{"unit": {"cao-bang-snnmt"}, "title": {huge}},
			"Trích yếu dài quá 500 ký tự", "cao-bang-snnmt"},
		{"report narrative", "lanhdao", "/quan-tri/bao-cao/cao-bang-snnmt/2024-H1", "/quan-tri/bao-cao/cao-bang-snnmt/2024-H1/noi-dung",
			url.Values{"results": {huge}, "causes": {"Thiếu kinh phí tuyên truyền."}}, "Kết quả đạt được dài quá 30.000 ký tự", "Thiếu kinh phí tuyên truyền."},
		{"campaign name", "thuongtruc", "/quan-tri/chien-dich", "/quan-tri/chien-dich", url.Values{"name": {huge}, "channel": {"sms"}, "text": {"Canh giac lua dao."}, "action": {"create"}},
			"Tên chiến dịch dài quá 200 ký tự", "Canh giac lua dao."},
		{"content body", "bientap", "/quan-tri/noi-dung/moi?loai=warning", "/quan-tri/noi-dung", url.Values{"kind": {"warning"}, "unit": {"cao-bang-ca"}, "title": {"Cảnh báo thử"}, "body": {"<p>" + strings.Repeat("y", 250_000) + "</p>"}},
			"Nội dung dài quá 200.000 ký tự", "Cảnh báo thử"},
		{"account name", "quantri", "/quan-tri/tai-khoan/moi", "/quan-tri/tai-khoan", url.Values{"username": {"can-bo-moi"}, "full_name": {huge}, "unit": {"cao-bang-snnmt"}, "roles": {"officer"}},
			"Họ và tên dài quá 100 ký tự", "can-bo-moi"},
		{"sign-in password", "", "/dang-nhap", "/dang-nhap", url.Values{"username": {"quantri"}, "password": {huge}},
			"Mật khẩu dài quá 1.024 ký tự", "quantri"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl := e.NewClient(t)
			if c.user != "" {
				cl.Login(c.user, e.Passwords[c.user])
			}
			cl.Get(c.form)
			r := cl.Post(c.post, c.values)
			if r.Status != 422 || !strings.Contains(r.Body, c.want) || !strings.Contains(r.Body, c.kept) {
				i := strings.Index(r.Body, "<main")
				t.Fatalf("%d; want 422 naming %q and keeping %q: %.1500s", r.Status, c.want, c.kept, strings.ReplaceAll(r.Body[max(i, 0):], huge, "[huge]"))
			}
		})
	}
}
