package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// A coordinator imports 10,000 subscribers and prepares an SMS warning for
// a segment; they cannot approve it themselves; a leader approves it and it
// is running. (Sending through a real message centre is tested in
// internal/app and internal/cli.)
func TestCampaigns_ImportPrepareApprove(t *testing.T) {
	e := testutil.Start(t, "")
	coord := e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])
	var b strings.Builder
	b.WriteString("phone,province,groups,consent\n")
	for i := range 10000 {
		g := "students"
		if i%2 == 0 {
			g = "elderly"
		}
		fmt.Fprintf(&b, "09%08d,Cao Bằng,%s,có\n", 20000000+i, g)
	}
	b.WriteString("0912,Cao Bằng,elderly,có\n")
	coord.Get("/quan-tri/nguoi-nhan")
	r := coord.Post("/quan-tri/nguoi-nhan/nhap", url.Values{"@file": {"ds.csv|" + b.String()}})
	if r.Status != 200 || !strings.Contains(r.Body, "Đã nhận 10.000 dòng") || !strings.Contains(r.Body, "<td>10002</td>") {
		t.Fatalf("import: %d %.1500s", r.Status, r.Body)
	}
	// Someone registered in another province is not Cao Bằng's to answer for.
	if _, err := e.App.Audience.Subscribe(access.With(context.Background(), access.System()), audience.Input{Phone: "0987000001", Province: "Thành phố Hà Nội", Consent: true}); err != nil {
		t.Fatal(err)
	}
	if r := coord.Post("/quan-tri/nguoi-nhan/yeu-cau", url.Values{"contact": {"0987000001"}, "action": {"export"}}); r.Status != http.StatusForbidden || !strings.Contains(r.Body, "chỉ đơn vị của tỉnh nơi người đó đăng ký") || strings.Contains(r.Body, "Hà Nội") {
		t.Fatalf("another province's subscriber: %d", r.Status)
	}
	// A subscriber asks for their data, then for its erasure.
	exp := coord.Post("/quan-tri/nguoi-nhan/yeu-cau", url.Values{"contact": {"0920000002"}, "action": {"export"}})
	if exp.Status != 200 || !strings.Contains(exp.Body, `"phone": "+84920000002"`) || !strings.Contains(exp.Body, "consent_text") {
		t.Fatalf("export: %d %.500s", exp.Status, exp.Body)
	}
	if r := coord.Post("/quan-tri/nguoi-nhan/yeu-cau", url.Values{"contact": {"0920000002"}, "action": {"erase"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("erase: %d", r.Status)
	}
	if p := coord.Get("/quan-tri/nguoi-nhan"); !strings.Contains(p.Body, "Đã xóa dữ liệu của 0920***002") || !strings.Contains(p.Body, "9.999 người đang nhận tin") { // Hà Nội's subscriber is not Cao Bằng's to count
		t.Fatalf("after erasure: %s", p.Body[strings.Index(p.Body, "<main"):])
	}
	coord.Get("/quan-tri/chien-dich")
	form := url.Values{"name": {"Cảnh báo người cao tuổi"}, "text": {"Công an không gọi điện yêu cầu chuyển tiền. Nghi ngờ, gọi 113."}, "class": {"warning"},
		"province": {"Cao Bằng"}, "groups": {"elderly"}, "action": {"create"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("brandname", "CANHGIACVIETNAM")
	if r := coord.Post("/quan-tri/chien-dich", bad); r.Status != 422 || !strings.Contains(r.Body, "tối đa 11 ký tự") || !strings.Contains(r.Body, "Công an không gọi điện") {
		t.Fatalf("a long brandname: %d", r.Status)
	}
	// Công an tỉnh Cao Bằng sends to Cao Bằng's subscribers, not another province's.
	elsewhere := url.Values{}
	for k, v := range form {
		elsewhere[k] = v
	}
	elsewhere.Set("province", "Thành phố Hà Nội")
	if r := coord.Post("/quan-tri/chien-dich", elsewhere); r.Status != 422 || !strings.Contains(r.Body, "chỉ gửi cho người đăng ký ở Cao Bằng") {
		t.Fatalf("another province's subscribers: %d", r.Status)
	}
	r = coord.Post("/quan-tri/chien-dich", form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("prepare: %d %.1500s", r.Status, r.Body)
	}
	page := coord.Get(r.Location)
	if !strings.Contains(page.Body, "4.999 người nhận") || !strings.Contains(page.Body, "Chờ duyệt") || strings.Contains(page.Body, "Duyệt và gửi") {
		t.Fatalf("the prepared campaign: %.2000s", page.Body)
	}
	if r := coord.Post(r.Location+"/duyet", nil); r.Status != http.StatusForbidden {
		t.Fatalf("the author approved their own campaign: %d", r.Status)
	}
	leader := e.NewClient(t)
	leader.Login("lanhdaoca", e.Passwords["lanhdaoca"])
	leader.Get(r.Location)
	if r := leader.Post(r.Location+"/duyet", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.Status)
	}
	page = leader.Get(r.Location)
	if !strings.Contains(page.Body, "Đang gửi") || !regexp.MustCompile(`<meta http-equiv="refresh" content="3">`).MatchString(page.Body) {
		t.Fatalf("after approval: %.1500s", page.Body)
	}
	if r := leader.Post(r.Location+"/tam-dung", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("pause: %d", r.Status)
	}
	if p := leader.Get(r.Location); !strings.Contains(p.Body, "Tạm dừng") || !strings.Contains(p.Body, "Gửi tiếp") {
		t.Fatal("not paused")
	}
}
