package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// sheet makes an .xlsx whose first sheet holds the rows.
func sheet(t *testing.T, rows [][]string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, vals); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var inviteLink = regexp.MustCompile(`value="(https?://[^"]+/dang-nhap/loi-moi/([A-Za-z0-9_-]{43}))"`)

// The "done when": the education department's administrator
// brings in 210 schools and their 420 staff from spreadsheets, previews,
// imports; importing again changes nothing; a teacher opens the
// invitation, sets a password and is signed in.
func TestOnboard_AdminImportsSchoolsAndStaffAndATeacherAcceptsTheInvitation(t *testing.T) {
	e := testutil.Start(t, "")
	pw := e.AddUser(t, "quantri.sgd", "cao-bang-sgddt", "", access.RoleAdmin)
	admin := e.NewClient(t)
	admin.Login("quantri.sgd", pw)

	schools := [][]string{{"code", "name", "type", "parent", "valid_from"}}
	staff := [][]string{{"username", "full_name", "email", "phone", "unit", "role"}}
	for i := 1; i <= 210; i++ {
		code := fmt.Sprintf("cb-truong-%03d", i)
		schools = append(schools, []string{code, fmt.Sprintf("Trường Tiểu học số %d", i), "subunit", "cao-bang-sgddt", "2025-07-01"})
		for j, role := range []string{"officer", "leader"} {
			staff = append(staff, []string{fmt.Sprintf("gv%03d.%d", i, j), fmt.Sprintf("Giáo viên %d-%d", i, j), "", "", code, role})
		}
	}
	schoolFile, staffFile := sheet(t, schools), sheet(t, staff)

	if r := admin.Get("/quan-tri/don-vi/nhap"); r.Status != 200 || !strings.Contains(r.Body, "/quan-tri/don-vi/nhap/mau/xlsx") {
		t.Fatalf("import page: %d %.300s", r.Status, r.Body)
	}
	if r := admin.Get("/quan-tri/don-vi/nhap/mau/xlsx"); r.Status != 200 || !strings.HasPrefix(r.Body, "PK") {
		t.Fatalf("template: %d", r.Status)
	}
	r := admin.Post("/quan-tri/don-vi/nhap", url.Values{"@file": {"truong.xlsx|" + schoolFile}, "mode": {"all"}, "action": {"preview"}})
	if r.Status != 200 || !strings.Contains(r.Body, "210 đơn vị sẽ được thêm") {
		t.Fatalf("preview: %d %.500s", r.Status, r.Body)
	}
	if r := admin.Get("/quan-tri/don-vi/cb-truong-001"); r.Status != http.StatusNotFound {
		t.Fatalf("a preview wrote a unit: %d", r.Status)
	}
	r = admin.Post("/quan-tri/don-vi/nhap", url.Values{"@file": {"truong.xlsx|" + schoolFile}, "mode": {"all"}, "action": {"import"}})
	if r.Status != 200 || !strings.Contains(r.Body, "thêm 210 đơn vị, 0 không đổi") {
		t.Fatalf("import units: %d %.500s", r.Status, r.Body)
	}
	if r := admin.Get("/quan-tri/don-vi/cb-truong-210"); r.Status != 200 || !strings.Contains(r.Body, "Trường Tiểu học số 210") {
		t.Fatalf("imported unit page: %d", r.Status)
	}
	r = admin.Post("/quan-tri/don-vi/nhap", url.Values{"@file": {"truong.xlsx|" + schoolFile}, "mode": {"all"}, "action": {"import"}})
	if r.Status != 200 || !strings.Contains(r.Body, "không đổi gì: 210 đơn vị") {
		t.Fatalf("re-import units: %d %.500s", r.Status, r.Body)
	}

	r = admin.Post("/quan-tri/tai-khoan/nhap", url.Values{"@file": {"giao-vien.xlsx|" + staffFile}, "mode": {"all"}, "action": {"import"}})
	links := inviteLink.FindAllStringSubmatch(r.Body, -1)
	if r.Status != 200 || !strings.Contains(r.Body, "thêm 420 tài khoản") || len(links) != 420 {
		t.Fatalf("import staff: %d, %d links %.500s", r.Status, len(links), r.Body)
	}
	r = admin.Post("/quan-tri/tai-khoan/nhap", url.Values{"@file": {"giao-vien.xlsx|" + staffFile}, "mode": {"all"}, "action": {"import"}})
	if r.Status != 200 || !strings.Contains(r.Body, "không đổi gì: 420 tài khoản") || inviteLink.MatchString(r.Body) {
		t.Fatalf("re-import staff: %d %.500s", r.Status, r.Body)
	}

	// A bad file: every bad row named, nothing imported.
	bad := sheet(t, [][]string{{"username", "full_name", "unit", "role"},
		{"gv.moi", "Giáo viên mới", "cb-truong-001", "officer"},
		{"gv.lac", "Giáo viên lạc", "khong-co-truong-nay", "officer"},
		{"gv.quyen", "Muốn làm quản trị", "cao-bang-sgddt", "admin"}})
	r = admin.Post("/quan-tri/tai-khoan/nhap", url.Values{"@file": {"sai.xlsx|" + bad}, "mode": {"all"}, "action": {"import"}})
	body := html.UnescapeString(r.Body)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(body, "Chưa nhập gì") ||
		!regexp.MustCompile(`<td>3</td><td><code>unit</code></td><td>[^<]*khong-co-truong-nay`).MatchString(body) ||
		!regexp.MustCompile(`<td>4</td><td><code>role</code></td><td>chỉ quản trị viên của đơn vị cấp trên`).MatchString(body) {
		t.Fatalf("bad file: %d %.3000s", r.Status, body)
	}

	teacher := e.NewClient(t)
	token := links[0][2]
	path := "/dang-nhap/loi-moi/" + token
	if r := teacher.Get(path); r.Status != 200 || !strings.Contains(r.Body, "gv001.0") {
		t.Fatalf("invitation page: %d %.300s", r.Status, r.Body)
	}
	if r := teacher.Post(path, url.Values{"password": {"cay-xoai-truoc-san-truong"}, "password_again": {"cay-xoai-truoc-san"}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "không giống nhau") {
		t.Fatalf("mismatched passwords: %d", r.Status)
	}
	r = teacher.Post(path, url.Values{"password": {"cay-xoai-truoc-san-truong"}, "password_again": {"cay-xoai-truoc-san-truong"}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/quan-tri/") {
		t.Fatalf("accept: %d → %q %.300s", r.Status, r.Location, r.Body)
	}
	if r := teacher.Get("/quan-tri/hoat-dong"); r.Status != 200 {
		t.Fatalf("the teacher is not signed in after accepting: %d", r.Status)
	}
	if r := e.NewClient(t).Get("/dang-nhap/loi-moi/" + token); r.Status != http.StatusNotFound || !strings.Contains(r.Body, "đã dùng rồi") {
		t.Fatalf("a used invitation opens again: %d", r.Status)
	}
	again := e.NewClient(t)
	again.Login("gv001.0", "cay-xoai-truoc-san-truong")
	if r := again.Get("/quan-tri/tai-khoan/nhap"); r.Status != http.StatusForbidden {
		t.Fatalf("a teacher opens the account import: %d", r.Status)
	}
}

// With a mail server, an imported account with an address gets its
// invitation by e-mail (a link of its own; the one shown to the
// administrator works too, and the first used ends both).
func TestOnboard_InvitationGoesByEmailWhenMailIsConfigured(t *testing.T) {
	e, smtp := withMail(t)
	pw := e.AddUser(t, "quantri.sgd", "cao-bang-sgddt", "", access.RoleAdmin)
	admin := e.NewClient(t)
	admin.Login("quantri.sgd", pw)
	file := sheet(t, [][]string{{"username", "full_name", "email", "unit", "role"},
		{"gv.thu", "Lương Thị Thu", "thu@caobang.edu.vn", "cao-bang-thpt-chuyen", "officer"},
		{"gv.khongthu", "Không Có Thư", "", "cao-bang-thpt-chuyen", "officer"}})
	r := admin.Post("/quan-tri/tai-khoan/nhap", url.Values{"@file": {"gv.xlsx|" + file}, "action": {"import"}})
	shown := inviteLink.FindAllStringSubmatch(r.Body, -1)
	if r.Status != 200 || len(shown) != 2 {
		t.Fatalf("import: %d, %d links", r.Status, len(shown))
	}
	if _, err := e.App.Jobs.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	msgs := smtp.Wait(1, 10*time.Second)
	if len(msgs) != 1 || msgs[0].To[0] != "thu@caobang.edu.vn" {
		t.Fatalf("mails: %+v", msgs)
	}
	m := regexp.MustCompile(`https://canhgiac\.example\.vn/dang-nhap/loi-moi/([A-Za-z0-9_-]{43})`).FindStringSubmatch(msgs[0].Text)
	if m == nil || m[1] == shown[0][2] || strings.Contains(strings.ToLower(msgs[0].Text), "mật khẩu:") {
		t.Fatalf("the mail should carry a link of its own and no password:\n%s", msgs[0].Text)
	}
	c := e.NewClient(t)
	c.Get("/dang-nhap/loi-moi/" + m[1])
	if r := c.Post("/dang-nhap/loi-moi/"+m[1], url.Values{"password": {"hoa-ban-no-trang-doi"}, "password_again": {"hoa-ban-no-trang-doi"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("accept from the mail: %d %.300s", r.Status, r.Body)
	}
	if r := e.NewClient(t).Get("/dang-nhap/loi-moi/" + shown[0][2]); r.Status != http.StatusNotFound {
		t.Fatalf("the administrator's link still works after the mailed one was used: %d", r.Status)
	}
}
