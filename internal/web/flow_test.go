package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/pquerna/otp/totp"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

func TestTOTP_EnrolThenSignInWithACode(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Login("lanhdao", e.Passwords["lanhdao"])
	page := c.Get("/quan-tri/ca-nhan")
	m := regexp.MustCompile(`name="secret" value="([A-Z2-7]+)"`).FindStringSubmatch(page.Body)
	if m == nil || !strings.Contains(page.Body, `<img class="qr"`) {
		t.Fatalf("the account page offers no secret and QR code: %.300s", page.Body)
	}
	secret := m[1]
	if r := c.Post("/quan-tri/ca-nhan/xac-thuc-hai-lop", url.Values{"secret": {secret}, "code": {"123456"}}); r.Status != 422 || !strings.Contains(r.Body, "Mã xác thực không đúng") || !strings.Contains(r.Body, secret) || !strings.Contains(r.Body, `<img class="qr"`) {
		t.Fatalf("wrong code: %d; want 422, a message, and the same secret kept", r.Status)
	}
	code, _ := totp.GenerateCode(secret, testutil.Now)
	if r := c.Post("/quan-tri/ca-nhan/xac-thuc-hai-lop", url.Values{"secret": {secret}, "code": {code}}); r.Status != http.StatusSeeOther {
		t.Fatalf("enrol: %d %.300s", r.Status, r.Body)
	}
	c.Post("/dang-xuat", nil)

	c2 := e.NewClient(t)
	c2.Get("/dang-nhap")
	r := c2.Post("/dang-nhap", url.Values{"username": {"lanhdao"}, "password": {e.Passwords["lanhdao"]}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/dang-nhap/xac-thuc") {
		t.Fatalf("password step: %d → %q, want the code page", r.Status, r.Location)
	}
	if r := c2.Get("/quan-tri/don-vi"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/dang-nhap/xac-thuc") {
		t.Fatalf("console before the code: %d → %q; must not open", r.Status, r.Location)
	}
	c2.Get("/dang-nhap/xac-thuc")
	if r := c2.Post("/dang-nhap/xac-thuc", url.Values{"code": {"000000"}}); r.Status != 422 {
		t.Fatalf("wrong code at sign-in: %d", r.Status)
	}
	if r := c2.Post("/dang-nhap/xac-thuc", url.Values{"code": {code}}); r.Status != http.StatusSeeOther {
		t.Fatalf("right code at sign-in: %d %.200s", r.Status, r.Body)
	}
	if r := c2.Get("/quan-tri/don-vi"); r.Status != 200 || !strings.Contains(r.Body, "Sở Nông nghiệp và Môi trường tỉnh Cao Bằng") {
		t.Fatalf("console after the code: %d", r.Status)
	}
}

func TestRestructure_ApplyingAMergeMovesTheSubUnitsAndIsAudited(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Login("thuongtruc", e.Passwords["thuongtruc"])
	// The coordinator may look but not restructure.
	if r := c.Get("/quan-tri/don-vi/cao-bang-sgddt/sap-xep"); r.Status != 403 {
		t.Fatalf("coordinator restructure form: %d, want 403", r.Status)
	}
	a := e.NewClient(t)
	a.Login("quantri", e.Passwords["quantri"])
	form := url.Values{"kind": {"merge_into"}, "effective": {"01/01/2027"}, "basis": {"Quyết định thử nghiệm"}, "target": {"cao-bang-skhcn"}}
	form.Set("action", "preview")
	r := a.Post("/quan-tri/don-vi/cao-bang-sgddt/sap-xep", form)
	if r.Status != 200 || !strings.Contains(r.Body, "Trường THPT Chuyên Cao Bằng") || !strings.Contains(r.Body, "sáp nhập vào Sở Khoa học và Công nghệ") {
		t.Fatalf("preview should list the school moving and the merger: %d", r.Status)
	}
	form.Set("action", "apply")
	r = a.Post("/quan-tri/don-vi/cao-bang-sgddt/sap-xep", form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("apply: %d %.300s", r.Status, r.Body)
	}
	page := a.Get(r.Location)
	if !strings.Contains(page.Body, "Đã áp dụng") || !strings.Contains(page.Body, "Sở Khoa học và Công nghệ tỉnh Cao Bằng") {
		t.Fatalf("unit page after apply lacks the message or the successor")
	}
	tree := a.Get("/quan-tri/don-vi?ngay=2027-01-01").Body
	i := strings.Index(tree, "Sở Khoa học và Công nghệ tỉnh Cao Bằng")
	if i < 0 || !strings.Contains(tree[i:], "Trường THPT Chuyên Cao Bằng") || strings.Contains(tree, "Sở Giáo dục và Đào tạo tỉnh Cao Bằng") {
		t.Fatalf("the 2027 tree should have the school under Sở KH&CN and no Sở GD&ĐT")
	}
	if r := a.Get("/quan-tri/nhat-ky?loai=unit."); !strings.Contains(r.Body, "cao-bang-sgddt, từ ngày 01/01/2027") {
		t.Fatalf("the merger is not in the audit trail")
	}
}
