package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/testutil"
	"github.com/canhgiac/canhgiac/internal/upload"
	"github.com/canhgiac/canhgiac/internal/web"
)

func TestLogin_WithAPrintedDemoPasswordOpensTheConsole(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Login("quantri", e.Passwords["quantri"])
	r := c.Get("/quan-tri/don-vi")
	if r.Status != 200 || !strings.Contains(r.Body, "Ủy ban nhân dân tỉnh Cao Bằng") || !strings.Contains(r.Body, "Đăng xuất") {
		t.Fatalf("console after login: %d %.300s", r.Status, r.Body)
	}
	if r := c.Post("/dang-xuat", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.Status)
	}
	if r := c.Get("/quan-tri/don-vi"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/dang-nhap") {
		t.Fatalf("console after logout: %d → %q, want a redirect to the login page", r.Status, r.Location)
	}
}

func TestLogin_WrongPasswordKeepsTheUsernameAndSaysWhy(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Get("/dang-nhap")
	r := c.Post("/dang-nhap", url.Values{"username": {"canbo"}, "password": {"sai-mat-khau"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Tên đăng nhập hoặc mật khẩu không đúng") || !strings.Contains(r.Body, `value="canbo"`) {
		t.Fatalf("wrong password: %d %.400s", r.Status, r.Body)
	}
}

func TestLogin_LocksOutAfterFiveFailures(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Get("/dang-nhap")
	for i := 0; i < 5; i++ {
		c.Post("/dang-nhap", url.Values{"username": {"canbo"}, "password": {"sai"}})
	}
	r := c.Post("/dang-nhap", url.Values{"username": {"canbo"}, "password": {e.Passwords["canbo"]}})
	if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "tạm khóa") {
		t.Fatalf("sixth attempt with the right password: %d %.300s; want 429 and a lockout message", r.Status, r.Body)
	}
	e.Clock.Advance(16 * 60e9)
	c.Login("canbo", e.Passwords["canbo"])
}

func TestCSRF_RefusesFormsWithoutTheToken(t *testing.T) {
	e := testutil.Start(t, "")
	anon := e.NewClient(t)
	anon.Get("/dang-nhap")
	r := anon.Post("/dang-nhap", url.Values{"username": {"quantri"}, "password": {e.Passwords["quantri"]}, "csrf_token": {""}})
	if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "CSRF") {
		t.Fatalf("login without token: %d %.200s; want 403", r.Status, r.Body)
	}
	c := e.NewClient(t)
	c.Login("quantri", e.Passwords["quantri"])
	form := url.Values{"name": {"Tên đã sửa"}, "type": {"department"}, "parent": {"cao-bang"}, "csrf_token": {"gia-mao"}}
	if r := c.Post("/quan-tri/don-vi/cao-bang-sgddt/sua", form); r.Status != http.StatusForbidden {
		t.Fatalf("edit with a forged token: %d, want 403", r.Status)
	}
	req, _ := http.NewRequest(http.MethodPost, e.Server.URL+"/dang-xuat", strings.NewReader("csrf_token="+c.CSRF))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d, want 403", resp.StatusCode)
	}
	if r := c.Get("/quan-tri/don-vi/cao-bang-sgddt"); !strings.Contains(r.Body, "Sở Giáo dục và Đào tạo tỉnh Cao Bằng") {
		t.Fatal("the refused edit changed the unit")
	}
}

// route is one console request and what two users of Sở Nông nghiệp và
// Môi trường must get when it concerns Sở Giáo dục và Đào tạo.
type route struct {
	pattern string // the registered pattern it covers
	method  string
	path    string
	form    url.Values
	officer int // status for the department's officer
	admin   int // status for an administrator of the department
}

func TestScope_DepartmentUsersCannotSeeOrEditAnotherDepartment(t *testing.T) {
	e := testutil.Start(t, "")
	adminPw := e.AddUser(t, "quantri-nn", "cao-bang-snnmt", "", access.RoleAdmin)
	e.AddUser(t, "giaovien", "cao-bang-sgddt", "", access.RoleOfficer)
	other := "Sở Giáo dục và Đào tạo tỉnh Cao Bằng"
	draft, issued := eduPlans(t, e)
	evidence := eduEvidence(t, e)
	edu := eduActivity(t, e)
	unitForm := url.Values{"name": {"Sở GD&ĐT (sửa trái phép)"}, "type": {"department"}, "parent": {"cao-bang"}}
	routes := []route{
		{"GET /quan-tri/{$}", "GET", "/quan-tri/", nil, 303, 303},
		{"GET /quan-tri/don-vi", "GET", "/quan-tri/don-vi", nil, 200, 200},
		{"GET /quan-tri/don-vi", "GET", "/quan-tri/don-vi?q=giao+duc", nil, 200, 200},
		{"GET /quan-tri/don-vi", "GET", "/quan-tri/don-vi?ngay=2024-06-30", nil, 200, 200},
		{"GET /quan-tri/don-vi/moi", "GET", "/quan-tri/don-vi/moi?cap-tren=cao-bang-sgddt", nil, 403, 200},
		{"POST /quan-tri/don-vi", "POST", "/quan-tri/don-vi", url.Values{"code": {"cb-truong-moi"}, "name": {"Trường mới"}, "type": {"subunit"}, "parent": {"cao-bang-sgddt"}}, 403, 422},
		{"GET /quan-tri/don-vi/nhap", "GET", "/quan-tri/don-vi/nhap", nil, 403, 200},
		{"GET /quan-tri/don-vi/nhap/mau/{format}", "GET", "/quan-tri/don-vi/nhap/mau/xlsx", nil, 403, 200},
		{"POST /quan-tri/don-vi/nhap", "POST", "/quan-tri/don-vi/nhap", url.Values{"action": {"import"}, "@file": {"t.csv|code,name,type,parent\ncb-truong-moi,Trường mới,subunit,cao-bang-sgddt\n"}}, 403, 422},
		{"GET /quan-tri/don-vi/{code}", "GET", "/quan-tri/don-vi/cao-bang-sgddt", nil, 403, 403},
		{"GET /quan-tri/don-vi/{code}/sua", "GET", "/quan-tri/don-vi/cao-bang-sgddt/sua", nil, 403, 403},
		{"POST /quan-tri/don-vi/{code}/sua", "POST", "/quan-tri/don-vi/cao-bang-sgddt/sua", unitForm, 403, 403},
		{"GET /quan-tri/don-vi/{code}/sap-xep", "GET", "/quan-tri/don-vi/cao-bang-sgddt/sap-xep", nil, 403, 403},
		{"POST /quan-tri/don-vi/{code}/sap-xep", "POST", "/quan-tri/don-vi/cao-bang-sgddt/sap-xep", url.Values{"kind": {"dissolve"}, "effective": {"2026-12-01"}, "action": {"apply"}}, 403, 403},
		{"GET /quan-tri/tai-khoan", "GET", "/quan-tri/tai-khoan", nil, 403, 200},
		{"GET /quan-tri/tai-khoan/moi", "GET", "/quan-tri/tai-khoan/moi", nil, 403, 200},
		{"GET /quan-tri/tai-khoan/nhap", "GET", "/quan-tri/tai-khoan/nhap", nil, 403, 200},
		{"GET /quan-tri/tai-khoan/nhap/mau/{format}", "GET", "/quan-tri/tai-khoan/nhap/mau/csv", nil, 403, 200},
		{"POST /quan-tri/tai-khoan/nhap", "POST", "/quan-tri/tai-khoan/nhap", url.Values{"action": {"import"}, "@file": {"gv.csv|username,full_name,unit,role\ngv3,Giáo viên,cao-bang-sgddt,officer\n"}}, 403, 422},
		{"POST /quan-tri/tai-khoan", "POST", "/quan-tri/tai-khoan", url.Values{"username": {"gv2"}, "unit": {"cao-bang-sgddt"}, "roles": {"officer"}}, 403, 422},
		{"GET /quan-tri/tai-khoan/{username}", "GET", "/quan-tri/tai-khoan/giaovien", nil, 403, 403},
		{"POST /quan-tri/tai-khoan/{username}", "POST", "/quan-tri/tai-khoan/giaovien", url.Values{"unit": {"cao-bang-sgddt"}, "roles": {"admin"}}, 403, 403},
		{"POST /quan-tri/tai-khoan/{username}/dat-lai-mat-khau", "POST", "/quan-tri/tai-khoan/giaovien/dat-lai-mat-khau", nil, 403, 403},
		{"POST /quan-tri/tai-khoan/{username}/xoa-xac-thuc-hai-lop", "POST", "/quan-tri/tai-khoan/giaovien/xoa-xac-thuc-hai-lop", nil, 403, 403},
		{"GET /quan-tri/nhat-ky", "GET", "/quan-tri/nhat-ky", nil, 403, 200},
		{"GET /quan-tri/khoa-api", "GET", "/quan-tri/khoa-api", nil, 403, 200},
		{"POST /quan-tri/khoa-api/{id}/thu-hoi", "POST", "/quan-tri/khoa-api/999/thu-hoi", nil, 403, 404},
		{"POST /quan-tri/khoa-api/{id}/doi", "POST", "/quan-tri/khoa-api/999/doi", nil, 403, 404},
		{"GET /quan-tri/ke-hoach", "GET", "/quan-tri/ke-hoach", nil, 200, 200},
		{"GET /quan-tri/ke-hoach", "GET", "/quan-tri/ke-hoach?q=giao+duc", nil, 200, 200},
		{"GET /quan-tri/ke-hoach/moi", "GET", "/quan-tri/ke-hoach/moi", nil, 200, 403},
		{"POST /quan-tri/ke-hoach", "POST", "/quan-tri/ke-hoach", url.Values{"unit": {"cao-bang-sgddt"}, "title": {"Kế hoạch trái phép"}}, 403, 403},
		{"GET /quan-tri/hoat-dong", "GET", "/quan-tri/hoat-dong", nil, 200, 200},
		{"POST /quan-tri/hoat-dong", "POST", "/quan-tri/hoat-dong", url.Values{"unit": {"cao-bang-sgddt"}, "date": {"01/10/2026"}, "form": {"meeting"}, "title": {"Họp"}}, 422, 403},
		{"GET /quan-tri/hoat-dong/mau/{format}", "GET", "/quan-tri/hoat-dong/mau/csv", nil, 200, 200},
		{"GET /quan-tri/hoat-dong/tep/{sum}", "GET", "/quan-tri/hoat-dong/tep/" + evidence, nil, 403, 403},
		{"GET /quan-tri/hoat-dong/{id}", "GET", "/quan-tri/hoat-dong/" + edu, nil, 403, 403},
		{"POST /quan-tri/hoat-dong/{id}/sua", "POST", "/quan-tri/hoat-dong/" + edu + "/sua", url.Values{"title": {"Sửa trái phép"}, "reason": {"x"}}, 403, 403},
		{"POST /quan-tri/hoat-dong/{id}/xoa", "POST", "/quan-tri/hoat-dong/" + edu + "/xoa", url.Values{"reason": {"x"}}, 403, 403},
		{"POST /quan-tri/hoat-dong/nhap", "POST", "/quan-tri/hoat-dong/nhap", url.Values{"unit": {"cao-bang-sgddt"}, "mode": {"good"},
			"@file": {"a.csv|Ngày,Hình thức,Nội dung hoạt động\n01/10/2026,meeting,Họp\n"}}, 422, 403},
		{"GET /quan-tri/bao-cao", "GET", "/quan-tri/bao-cao?nam=2024", nil, 200, 200},
		{"GET /quan-tri/tong-quan", "GET", "/quan-tri/tong-quan?nam=2024", nil, 200, 200},
		{"POST /quan-tri/bao-cao/yeu-cau", "POST", "/quan-tri/bao-cao/yeu-cau", url.Values{"unit": {"cao-bang-sgddt"}, "name": {"Đột xuất"}, "from": {"01/01/2026"}, "to": {"01/11/2026"}, "due": {"30/12/2026"}, "units": {"cao-bang-thpt-chuyen"}}, 403, 403},
		{"GET /quan-tri/tong-quan", "GET", "/quan-tri/tong-quan?nam=2024&don-vi=cao-bang-sgddt", nil, 403, 403},
		{"GET /quan-tri/bao-cao/{unit}/{period}", "GET", "/quan-tri/bao-cao/cao-bang-sgddt/2024-H1", nil, 403, 403},
		{"POST /quan-tri/bao-cao/{unit}/{period}/noi-dung", "POST", "/quan-tri/bao-cao/cao-bang-sgddt/2024-H1/noi-dung", url.Values{"results": {"Sửa trái phép"}}, 403, 403},
		{"POST /quan-tri/bao-cao/{unit}/{period}/dinh-kem", "POST", "/quan-tri/bao-cao/cao-bang-sgddt/2024-Y/dinh-kem", url.Values{"@files": {"a.png|" + pngBytes}}, 403, 403},
		{"GET /quan-tri/bao-cao/tep/{sum}", "GET", "/quan-tri/bao-cao/tep/" + evidence, nil, 404, 404},
		{"POST /quan-tri/bao-cao/{unit}/{period}/ky", "POST", "/quan-tri/bao-cao/cao-bang-sgddt/2024-Y/ky", nil, 403, 403},
		{"POST /quan-tri/bao-cao/{unit}/{period}/gui", "POST", "/quan-tri/bao-cao/cao-bang-sgddt/2024-Y/gui", nil, 403, 403},
		{"POST /quan-tri/bao-cao/{unit}/{period}/tiep-nhan", "POST", "/quan-tri/bao-cao/cao-bang-sgddt/2024-H1/tiep-nhan", nil, 403, 403},
		{"POST /quan-tri/bao-cao/{unit}/{period}/tra-lai", "POST", "/quan-tri/bao-cao/cao-bang-sgddt/2024-H1/tra-lai", url.Values{"comment": {"x"}}, 403, 403},
		{"GET /quan-tri/bao-cao/{unit}/{period}/tai-ve/{format}", "GET", "/quan-tri/bao-cao/cao-bang-sgddt/2024-H1/tai-ve/xlsx", nil, 403, 403},
		{"GET /quan-tri/ke-hoach/nhap", "GET", "/quan-tri/ke-hoach/nhap", nil, 200, 403},
		{"POST /quan-tri/ke-hoach/nhap", "POST", "/quan-tri/ke-hoach/nhap", url.Values{"unit": {"cao-bang-sgddt"}, "action": {"save"},
			"@file": {"KẾ HOẠCH\nTuyên truyền\nI. MỤC ĐÍCH\n- Nâng cao nhận thức.\nII. NHIỆM VỤ\n1. Văn phòng: theo dõi.\n"}}, 422, 403},
		{"GET /quan-tri/ke-hoach/{id}", "GET", "/quan-tri/ke-hoach/" + draft, nil, 403, 403},
		{"GET /quan-tri/ke-hoach/{id}", "GET", "/quan-tri/ke-hoach/" + issued, nil, 403, 403},
		{"GET /quan-tri/ke-hoach/{id}/sua", "GET", "/quan-tri/ke-hoach/" + draft + "/sua", nil, 403, 403},
		{"POST /quan-tri/ke-hoach/{id}/sua", "POST", "/quan-tri/ke-hoach/" + draft + "/sua", url.Values{"title": {"Sửa trái phép"}}, 403, 403},
		{"GET /quan-tri/ke-hoach/{id}/ban-hanh", "GET", "/quan-tri/ke-hoach/" + draft + "/ban-hanh", nil, 403, 403},
		{"POST /quan-tri/ke-hoach/{id}/ban-hanh", "POST", "/quan-tri/ke-hoach/" + draft + "/ban-hanh", url.Values{"number": {"1"}}, 403, 403},
		{"POST /quan-tri/ke-hoach/{id}/xay-dung", "POST", "/quan-tri/ke-hoach/" + issued + "/xay-dung", nil, 403, 403},
		{"POST /quan-tri/ke-hoach/{id}/phien-ban-moi", "POST", "/quan-tri/ke-hoach/" + issued + "/phien-ban-moi", nil, 403, 403},
		{"GET /quan-tri/ke-hoach/{id}/trien-khai", "GET", "/quan-tri/ke-hoach/" + issued + "/trien-khai", nil, 403, 403},
		{"GET /quan-tri/ke-hoach/{id}/tai-ve/{format}", "GET", "/quan-tri/ke-hoach/" + issued + "/tai-ve/docx", nil, 403, 403},
		{"GET /quan-tri/ke-hoach/{id}/tai-ve/{format}", "GET", "/quan-tri/ke-hoach/" + draft + "/tai-ve/pdf", nil, 403, 403},
		{"GET /quan-tri/ca-nhan", "GET", "/quan-tri/ca-nhan", nil, 200, 200},
		{"GET /quan-tri/thong-bao", "GET", "/quan-tri/thong-bao", nil, 200, 200},
		{"GET /quan-tri/xac-minh", "GET", "/quan-tri/xac-minh", nil, 403, 403},
		{"POST /quan-tri/xac-minh/{id}", "POST", "/quan-tri/xac-minh/1", url.Values{"decision": {"verify"}}, 403, 403},
		{"GET /quan-tri/xac-minh/go/{id}", "GET", "/quan-tri/xac-minh/go/1", nil, 403, 403},
		{"POST /quan-tri/xac-minh/go/{id}", "POST", "/quan-tri/xac-minh/go/1", url.Values{"decision": {"grant"}}, 403, 403},
		{"GET /quan-tri/chien-dich", "GET", "/quan-tri/chien-dich", nil, 403, 403},
		{"POST /quan-tri/chien-dich", "POST", "/quan-tri/chien-dich", url.Values{"name": {"x"}, "text": {"x"}}, 403, 403},
		{"GET /quan-tri/chien-dich/{id}", "GET", "/quan-tri/chien-dich/1", nil, 403, 403},
		{"GET /quan-tri/chien-dich/{id}/{what}", "GET", "/quan-tri/chien-dich/1/tin-nhan.csv", nil, 403, 403},
		{"POST /quan-tri/chien-dich/{id}/{action}", "POST", "/quan-tri/chien-dich/1/duyet", nil, 403, 403},
		{"GET /quan-tri/nguoi-nhan", "GET", "/quan-tri/nguoi-nhan", nil, 403, 403},
		{"GET /quan-tri/hop-thu-thu", "GET", "/quan-tri/hop-thu-thu", nil, 403, 200},                                      // the demonstration's inbox: admins and audience managers
		{"POST /quan-tri/hop-thu-thu", "POST", "/quan-tri/hop-thu-thu", url.Values{"from": {""}, "text": {""}}, 403, 422}, // the demonstration's phone: same people
		{"POST /quan-tri/nguoi-nhan/nhap", "POST", "/quan-tri/nguoi-nhan/nhap", nil, 403, 403},
		{"POST /quan-tri/nguoi-nhan/yeu-cau", "POST", "/quan-tri/nguoi-nhan/yeu-cau", url.Values{"contact": {"0912345678"}, "action": {"erase"}}, 403, 403},
		{"GET /quan-tri/noi-dung", "GET", "/quan-tri/noi-dung", nil, 403, 403},
		{"GET /quan-tri/noi-dung/moi", "GET", "/quan-tri/noi-dung/moi?loai=warning", nil, 403, 403},
		{"POST /quan-tri/noi-dung", "POST", "/quan-tri/noi-dung", url.Values{"kind": {"warning"}, "unit": {"cao-bang-sgddt"}, "title": {"Cảnh báo trái phép"}}, 403, 403},
		{"GET /quan-tri/noi-dung/{id}", "GET", "/quan-tri/noi-dung/1", nil, 403, 403},
		{"GET /quan-tri/noi-dung/{id}/sua", "GET", "/quan-tri/noi-dung/1/sua", nil, 403, 403},
		{"POST /quan-tri/noi-dung/{id}/sua", "POST", "/quan-tri/noi-dung/1/sua", url.Values{"title": {"Sửa trái phép"}}, 403, 403},
		{"POST /quan-tri/noi-dung/{id}/tep", "POST", "/quan-tri/noi-dung/1/tep", nil, 403, 403},
		{"POST /quan-tri/noi-dung/{id}/{action}", "POST", "/quan-tri/noi-dung/1/luu-tru", nil, 403, 403},
		{"POST /quan-tri/xac-minh/to-giac/{code}/hoi-them", "POST", "/quan-tri/xac-minh/to-giac/TG-X/hoi-them", url.Values{"question": {"?"}}, 403, 403},
		{"POST /quan-tri/xac-minh/to-giac/{code}/gop", "POST", "/quan-tri/xac-minh/to-giac/TG-X/gop", url.Values{"into": {"TG-Y"}}, 403, 403},
		{"GET /quan-tri/thong-ke-to-giac", "GET", "/quan-tri/thong-ke-to-giac", nil, 403, 403},
		{"GET /quan-tri/xac-minh/tep/{sum}", "GET", "/quan-tri/xac-minh/tep/" + evidence, nil, 403, 403},
		{"GET /quan-tri/xac-minh/chinh-thuc", "GET", "/quan-tri/xac-minh/chinh-thuc", nil, 403, 403},
		{"POST /quan-tri/xac-minh/chinh-thuc", "POST", "/quan-tri/xac-minh/chinh-thuc", url.Values{"indicator": {"0388123000"}, "owner": {"x"}}, 403, 403},
		{"POST /quan-tri/xac-minh/chinh-thuc/{id}/bo", "POST", "/quan-tri/xac-minh/chinh-thuc/1/bo", nil, 403, 403},
		{"POST /quan-tri/thong-bao/da-doc", "POST", "/quan-tri/thong-bao/da-doc", nil, 303, 303},
		{"POST /quan-tri/thong-bao/{id}/da-doc", "POST", "/quan-tri/thong-bao/999999/da-doc", nil, 404, 404},
		{"GET /quan-tri/ca-nhan/thong-bao", "GET", "/quan-tri/ca-nhan/thong-bao", nil, 200, 200},
		{"POST /quan-tri/ca-nhan/thong-bao", "POST", "/quan-tri/ca-nhan/thong-bao", url.Values{"plan_issued": {"app"}}, 303, 303},
		{"POST /quan-tri/ke-hoach/{id}/don-doc", "POST", "/quan-tri/ke-hoach/" + issued + "/don-doc", url.Values{"units": {"cao-bang-thpt-chuyen"}}, 403, 403},
		{"POST /quan-tri/bao-cao/{unit}/{period}/don-doc", "POST", "/quan-tri/bao-cao/cao-bang-sgddt/2024-H1/don-doc", url.Values{"units": {"cao-bang-thpt-chuyen"}}, 403, 403},
		{"POST /quan-tri/ca-nhan/mat-khau", "POST", "/quan-tri/ca-nhan/mat-khau", url.Values{"old_password": {"sai"}, "new_password": {"ngan"}}, 422, 422},
		{"POST /quan-tri/ca-nhan/xac-thuc-hai-lop", "POST", "/quan-tri/ca-nhan/xac-thuc-hai-lop", url.Values{"secret": {"JBSWY3DPEHPK3PXP"}, "code": {"000000"}}, 422, 422},
		{"POST /quan-tri/ca-nhan/xac-thuc-hai-lop/tat", "POST", "/quan-tri/ca-nhan/xac-thuc-hai-lop/tat", url.Values{"password": {"sai"}}, 422, 422},
	}
	covered := map[string]bool{}
	for _, r := range routes {
		covered[r.pattern] = true
	}
	if len(e.App.Web.ConsoleRoutes()) < len(covered) {
		t.Fatalf("the server lists %d console routes; the table covers %d", len(e.App.Web.ConsoleRoutes()), len(covered))
	}
	for _, p := range e.App.Web.ConsoleRoutes() {
		if !covered[p] {
			t.Errorf("console route %q is not in the scope table", p)
		}
	}
	users := []struct {
		name, pw string
		want     func(route) int
	}{
		{"canbo", e.Passwords["canbo"], func(r route) int { return r.officer }},
		{"quantri-nn", adminPw, func(r route) int { return r.admin }},
	}
	for _, u := range users {
		c := e.NewClient(t)
		c.Login(u.name, u.pw)
		for _, r := range routes {
			var resp testutil.Response
			if r.method == "GET" {
				resp = c.Get(r.path)
			} else {
				form := url.Values{}
				for k, v := range r.form {
					form[k] = slices.Clone(v)
				}
				resp = c.Post(r.path, form)
			}
			if resp.Status != u.want(r) {
				t.Errorf("%s %s %s: status %d, want %d", u.name, r.method, r.path, resp.Status, u.want(r))
			}
			if strings.Contains(resp.Body, other) || strings.Contains(resp.Body, "giaovien") || strings.Contains(resp.Body, "của Sở Giáo dục") {
				t.Errorf("%s %s %s: the page shows Sở Giáo dục's data", u.name, r.method, r.path)
			}
		}
	}
	admin := e.NewClient(t)
	admin.Login("quantri", e.Passwords["quantri"])
	if r := admin.Get("/quan-tri/don-vi/cao-bang-sgddt"); r.Status != 200 || !strings.Contains(r.Body, other) || strings.Contains(r.Body, "sửa trái phép") {
		t.Fatalf("Sở GD&ĐT after the refused requests: %d; it must be unchanged", r.Status)
	}
	if r := admin.Get("/quan-tri/don-vi/cb-truong-moi"); r.Status != 404 {
		t.Fatalf("the refused unit was created (status %d)", r.Status)
	}
}

// pngBytes is a tiny valid PNG, for evidence uploads.
var pngBytes = func() string {
	var b bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{11, 61, 145, 255})
	png.Encode(&b, img)
	return b.String()
}()

// eduEvidence gives an activity of Sở Giáo dục an evidence photo; it
// returns the file's hash.
func eduEvidence(t *testing.T, e *testutil.Env) string {
	t.Helper()
	sys := access.With(context.Background(), access.System())
	a, err := e.App.Activity.Log(sys, activity.Input{UnitCode: "cao-bang-sgddt", Date: "2026-10-01", Form: "school", Title: "Ngoại khóa có ảnh"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := upload.Check("files", "anh.png", []byte(pngBytes), upload.Evidence)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.App.Activity.Attach(sys, activity.Files{Dir: filepath.Join(e.App.Config.DataDir, "uploads")}, a.ID, []upload.File{f}); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(f.Data())
	return hex.EncodeToString(sum[:])
}

// eduPlans gives Sở Giáo dục a draft and an issued plan; it returns their ids.
func eduPlans(t *testing.T, e *testutil.Env) (draft, issued string) {
	t.Helper()
	sys := access.With(context.Background(), access.System())
	mk := func(title string) int64 {
		p, err := e.App.Plan.Create(sys, "cao-bang-sgddt", title)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.App.Plan.Update(sys, p.ID, plan.Edit{Title: title, Content: plan.Content{Sections: []plan.Section{{Level: 1, Heading: "MỤC ĐÍCH", Text: "Nội dung."}}}}); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	d, i := mk("Dự thảo của Sở Giáo dục"), mk("Kế hoạch của Sở Giáo dục")
	if _, err := e.App.Plan.Issue(sys, i, plan.IssueInput{Number: "5", Symbol: "KH-SGDĐT", IssuedOn: "01/10/2026", Place: "Cao Bằng", Title: "GIÁM ĐỐC", Name: "A"}); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(d, 10), strconv.FormatInt(i, 10)
}

func TestConsole_AdminSeesEveryPageAndChangesAreAudited(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Login("quantri", e.Passwords["quantri"])
	for _, p := range []string{"/quan-tri/don-vi", "/quan-tri/don-vi?ngay=2024-06-30", "/quan-tri/don-vi/kien-giang-sldtbxh",
		"/quan-tri/don-vi/moi", "/quan-tri/don-vi/cao-bang-sgddt/sua", "/quan-tri/don-vi/cao-bang-sgddt/sap-xep",
		"/quan-tri/tai-khoan", "/quan-tri/tai-khoan/moi", "/quan-tri/tai-khoan/canbo", "/quan-tri/nhat-ky", "/quan-tri/ca-nhan"} {
		if r := c.Get(p); r.Status != 200 {
			t.Errorf("GET %s: %d %.200s", p, r.Status, r.Body)
		}
	}
	r := c.Post("/quan-tri/don-vi", url.Values{"code": {"cb-thpt-bao-lac"}, "name": {"Trường THPT Bảo Lạc"}, "type": {"subunit"}, "parent": {"cao-bang-sgddt"}, "valid_from": {"01/09/2026"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %.300s", r.Status, r.Body)
	}
	r = c.Post("/quan-tri/don-vi/cao-bang-sgddt/sap-xep", url.Values{"kind": {"rename"}, "effective": {"01/01/2027"}, "new_name": {"Sở Giáo dục tỉnh Cao Bằng"}, "action": {"preview"}})
	if r.Status != 200 || !strings.Contains(r.Body, "Xem trước") || !strings.Contains(r.Body, "Sở Giáo dục tỉnh Cao Bằng") {
		t.Fatalf("preview: %d %.300s", r.Status, r.Body)
	}
	if r := c.Get("/quan-tri/nhat-ky"); !strings.Contains(r.Body, "Trường THPT Bảo Lạc") || strings.Contains(r.Body, "cao-bang-sgddt, từ ngày 01/01/2027") {
		t.Fatalf("audit trail should show the creation and not the preview")
	}
}

func TestUnitForm_KeepsWhatWasTypedWhenRefused(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Login("quantri", e.Passwords["quantri"])
	r := c.Post("/quan-tri/don-vi", url.Values{"code": {"cao-bang-sgddt"}, "name": {""}, "short_name": {"Tên tắt đã gõ"}, "type": {"subunit"}, "parent": {"cao-bang"}})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", r.Status)
	}
	for _, want := range []string{"Vui lòng nhập tên đơn vị", "Tên tắt đã gõ", `value="cao-bang-sgddt"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("refused form lacks %q", want)
		}
	}
}

func TestErrors_AreVietnamesePagesAndJSONUnderAPI(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	r := c.Get("/khong-co-trang-nay")
	if r.Status != 404 || !strings.Contains(r.Body, "Không tìm thấy trang") {
		t.Fatalf("404 page: %d %.200s", r.Status, r.Body)
	}
	r = c.Get("/api/v1/khong-co")
	if r.Status != 404 || !strings.Contains(r.Body, `"error"`) {
		t.Fatalf("404 under /api: %d %.200s", r.Status, r.Body)
	}
	resp, err := http.Get(e.Server.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("missing header %s", h)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP = %q", csp)
	}
	if r := c.Get("/metrics"); r.Status != 200 || !strings.Contains(r.Body, "canhgiac_http_requests_total") {
		t.Errorf("metrics: %d", r.Status)
	}
}

func TestEnglish_EveryTranslatedTextHasAnEntry(t *testing.T) {
	re := regexp.MustCompile(`\.Tf? "([^"]+)"`)
	files, _ := os.ReadDir("templates")
	var paths []string
	for _, f := range files {
		if !f.IsDir() {
			paths = append(paths, "templates/"+f.Name())
		}
	}
	paths = append(paths, "templates/layout/layout.html")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if !web.HasEnglishForTest(m[1]) {
				t.Errorf("%s: no English for %q", p, m[1])
			}
		}
	}
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Login("quantri", e.Passwords["quantri"])
	c.Post("/ngon-ngu", url.Values{"lang": {"en"}, "back": {"/quan-tri/don-vi"}})
	if r := c.Get("/quan-tri/don-vi"); !strings.Contains(r.Body, "Unit tree") || !strings.Contains(r.Body, `lang="en"`) {
		t.Fatalf("English console: %.300s", r.Body)
	}
}
