package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

// A subscription confirmed from /dang-ky, an import and a campaign sent
// to the simulated centre leave no phone, e-mail, Zalo id, name or message
// text in the database file: only sealed values and their blind indexes.
// The person's copy of their data still reads them all.
func TestSealed_TheSQLiteFileHoldsNoSubscriberOrMessageInClear(t *testing.T) {
	e := testutil.Start(t, "")
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.App.RunCampaigns(ctx) }()
	t.Cleanup(func() { stop(); <-done })

	coord := e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])
	citizen := e.NewClient(t)
	citizen.Get("/dang-ky")
	r := citizen.Post("/dang-ky", url.Values{"phone": {"0912 000 951"}, "zalo": {"zalo-ba-hoa"}, "province": {"Cao Bằng"}, "consent": {"on"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("subscribe: %d %.800s", r.Status, r.Body)
	}
	citizen.Get(r.Location)
	if c := citizen.Post(r.Location, url.Values{"code": {readCode(t, coord, "+84912000951")}}); c.Status != 200 || !strings.Contains(c.Body, "Đăng ký đã có hiệu lực") {
		t.Fatalf("confirm: %d %.800s", c.Status, c.Body)
	}

	coord.Get("/quan-tri/nguoi-nhan")
	file := "so_dien_thoai,email,zalo,ho_ten,tinh,dong_y\n0987 000 952,Chu.Tiem@Example.VN,zalo-chu-tiem,Lê Văn Bình,Cao Bằng,có\n"
	if r := coord.Post("/quan-tri/nguoi-nhan/nhap", url.Values{"@file": {"ds.csv|" + file}}); !strings.Contains(r.Body, "Đã nhận 1 dòng") {
		t.Fatalf("import: %d %.800s", r.Status, main(r.Body))
	}

	coord.Get("/quan-tri/chien-dich")
	form := url.Values{"name": {"Canh bao niem phong"}, "channel": {"sms"}, "class": {"warning"}, "province": {"Cao Bằng"},
		"text": {"{ten|Ban}: canh giac cuoc goi gia danh cong an."}, "action": {"create"}}
	r = coord.Post("/quan-tri/chien-dich", form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("prepare: %d %s", r.Status, main(r.Body))
	}
	campaign := r.Location
	leader := e.NewClient(t)
	leader.Login("lanhdaoca", e.Passwords["lanhdaoca"])
	leader.Get(campaign)
	if r := leader.Post(campaign+"/duyet", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.Status)
	}
	deadline := time.Now().Add(30 * time.Second)
	for page := leader.Get(campaign); !strings.Contains(page.Body, "Đã gửi xong"); page = leader.Get(campaign) {
		if time.Now().After(deadline) {
			t.Fatalf("the campaign did not finish: %s", main(page.Body))
		}
		time.Sleep(200 * time.Millisecond)
	}
	if inbox := coord.Get("/quan-tri/hop-thu-thu"); !strings.Contains(inbox.Body, "Lê Văn Bình: canh giac cuoc goi") {
		t.Fatalf("the simulated centre did not get the named text: %s", main(inbox.Body))
	}

	testutil.NotInClear(t, e.App.DB, e.App.Config.DataDir, "Canh bao niem phong",
		"912000951", "zalo-ba-hoa", "987000952", "chu.tiem@example.vn", "Chu.Tiem", "zalo-chu-tiem", "Lê Văn Bình", "Ban: canh giac")
}
