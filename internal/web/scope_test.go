package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// The insider's tries of issue 13, through the console as people use it.
func TestInsider_NoSelfGrantAndNoAcceptingOnesOwnReport(t *testing.T) {
	e := testutil.Start(t, "")

	// A department's admin tries to make itself coordinator: refused
	// beside the roles field, the form keeps what was typed, and its
	// roles stay as they were.
	pw := e.AddUser(t, "qt-so-nn", "cao-bang-snnmt", "", access.RoleAdmin)
	admin := e.NewClient(t)
	admin.Login("qt-so-nn", pw)
	admin.Get("/quan-tri/tai-khoan/qt-so-nn")
	r := admin.Post("/quan-tri/tai-khoan/qt-so-nn", url.Values{"full_name": {"Quản trị Sở"}, "unit": {"cao-bang-snnmt"}, "roles": {"admin", "coordinator"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Bạn không thể tự cấp, nâng hay mở rộng vai trò") || !strings.Contains(r.Body, `value="Quản trị Sở"`) {
		t.Fatalf("self-grant: %d %.300s", r.Status, r.Body)
	}
	if u, err := e.App.Auth.Get(access.With(context.Background(), access.System()), "qt-so-nn"); err != nil || len(u.Grants) != 1 || u.Grants[0].Role != access.RoleAdmin {
		t.Fatalf("after the refused self-grant: %+v %v", u.Grants, err)
	}

	// The standing body writes and submits the province's report, the
	// province police's leader signs it; neither may then accept it: it
	// goes to the ministry.
	coord := e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])
	leader := e.NewClient(t)
	leader.Login("lanhdaoca", e.Passwords["lanhdaoca"])
	const rep = "/quan-tri/bao-cao/cao-bang/2026-H1"
	coord.Get(rep)
	if r := coord.Post(rep+"/noi-dung", url.Values{"results": {"Tổ chức 40 buổi tuyên truyền."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("write: %d", r.Status)
	}
	leader.Get(rep)
	if r := leader.Post(rep+"/ky", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("sign: %d %.300s", r.Status, r.Body)
	}
	if r := coord.Post(rep+"/gui", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("submit: %d", r.Status)
	}
	for _, c := range []*testutil.Client{coord, leader} {
		page := c.Get(rep)
		if strings.Contains(page.Body, "/tiep-nhan") {
			t.Error("the report's page offers acceptance to someone of the province")
		}
		r := c.Post(rep+"/tiep-nhan", nil)
		if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "Chỉ Bộ Công an (nơi nhận báo cáo)") {
			t.Errorf("accepting the province's own report: %d %.300s", r.Status, r.Body)
		}
	}
	if page := coord.Get(rep); !strings.Contains(page.Body, "Đã gửi") {
		t.Error("the refused acceptance changed the report")
	}
}
