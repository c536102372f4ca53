package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/dispatch/smpp/smpptest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// The step's "done when", in the console, against a real message centre:
// a coordinator imports 4,000 subscribers (10,000 in
// TestCampaigns_ImportPrepareApprove), prepares an SMS with a
// variable some of them have no value for (the preview says how many),
// a leader approves it, the progress page moves, receipts arrive, and at
// the end the delivery figures by carrier, the per-recipient export and
// the unit's activity are there. (The SIGKILL part is
// internal/app/crash_test.go, on a separate process.)
func TestCampaigns_ConsoleToMessageCentre(t *testing.T) {
	peer := smpptest.Start(t, smpptest.Options{ReceiptDelay: 20 * time.Millisecond})
	e := testutil.StartWith(t, "", func(c *config.Config) {
		c.SMPPURL, c.SMPPTPS = "smpp://"+peer.SystemID+":"+peer.Password+"@"+peer.Addr, 1500
	})
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.App.RunCampaigns(ctx) }()
	t.Cleanup(func() { stop(); <-done })

	coord := e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])
	var b strings.Builder
	b.WriteString("so_dien_thoai,ho_ten,tinh,nhom,dong_y\n")
	prefixes := []string{"091", "098", "090", "035"} // VinaPhone, Viettel, MobiFone, Viettel
	for i := range 4000 {
		name := ""
		if i%4 != 0 {
			name = fmt.Sprintf("Người %d", i)
		}
		g := "students"
		if i%2 == 0 {
			g = "elderly"
		}
		fmt.Fprintf(&b, "%s%07d,%s,Cao Bằng,%s,có\n", prefixes[(i/2)%4], i, name, g)
	}
	coord.Get("/quan-tri/nguoi-nhan")
	if r := coord.Post("/quan-tri/nguoi-nhan/nhap", url.Values{"@file": {"ds.xlsx.csv|" + b.String()}}); !strings.Contains(r.Body, "4.000 người") {
		t.Fatalf("import: %d %.800s", r.Status, r.Body)
	}

	coord.Get("/quan-tri/chien-dich")
	form := url.Values{"name": {"Cảnh báo cuộc gọi giả danh"}, "channel": {"sms"}, "class": {"warning"}, "province": {"Cao Bằng"}, "groups": {"elderly"},
		"text": {"{ten}: Cong an khong goi dien yeu cau chuyen tien. Nghi ngo, goi 113."}, "action": {"preview"}}
	// Over 1,000 recipients the parts of a text with {ten} are estimated from
	// the first 1,000 names, and the preview says so.
	// Half the elderly have no name: the preview says so, and the draft is refused until there is a default.
	r := coord.Post("/quan-tri/chien-dich", form)
	if r.Status != 200 || !strings.Contains(r.Body, "2.000</strong> người nhận") || !strings.Contains(r.Body, "{ten} không có giá trị ở 1.000 người nhận") {
		t.Fatalf("preview: %d %s", r.Status, main(r.Body))
	}
	form.Set("action", "create")
	if r := coord.Post("/quan-tri/chien-dich", form); r.Status != 422 || !strings.Contains(r.Body, "{ten} còn trống ở 1.000 người nhận") || !strings.Contains(r.Body, "Cong an khong goi dien") {
		t.Fatalf("a template with missing values was accepted: %d", r.Status)
	}
	form.Set("text", "{ten|Ban}: Cong an khong goi dien yeu cau chuyen tien. Nghi ngo, goi 113.")
	form.Set("action", "preview")
	if r := coord.Post("/quan-tri/chien-dich", form); !strings.Contains(r.Body, "<blockquote>Ban: Cong an") || !strings.Contains(r.Body, "GSM-7, 1 phần tin/người") ||
		!strings.Contains(r.Body, "Tổng khoảng <strong>3.000</strong> phần tin (mỗi người 1–2 phần") || !strings.Contains(r.Body, "ước tính theo tên của 1.000 người nhận đầu tiên") {
		t.Fatalf("preview with a default: %s", main(r.Body))
	}
	form.Set("action", "create")
	r = coord.Post("/quan-tri/chien-dich", form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("prepare: %d %s", r.Status, main(r.Body))
	}
	campaign := r.Location
	time.Sleep(2500 * time.Millisecond) // a runner would have picked it up by now, were it not waiting for approval
	if got := peer.Counts().Submits; got != 0 {
		t.Fatalf("%d messages left before approval", got)
	}

	leader := e.NewClient(t)
	leader.Login("lanhdaoca", e.Passwords["lanhdaoca"])
	leader.Get(campaign)
	if r := leader.Post(campaign+"/duyet", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.Status)
	}
	percent := regexp.MustCompile(`<progress max="100" value="(\d+)">`)
	seen := map[string]bool{}
	deadline := time.Now().Add(60 * time.Second)
	var page testutil.Response
	for time.Now().Before(deadline) {
		page = leader.Get(campaign)
		if m := percent.FindStringSubmatch(page.Body); m != nil {
			seen[m[1]] = true
		}
		if strings.Contains(page.Body, "Đã gửi xong") && strings.Contains(page.Body, "<dt>Đã đến người nhận</dt><dd>2.000</dd>") {
			break
		}
		time.Sleep(150 * time.Millisecond)
	}
	if !strings.Contains(page.Body, "<dt>Đã đến người nhận</dt><dd>2.000</dd>") {
		t.Fatalf("not all delivered in time: %s", main(page.Body))
	}
	if len(seen) < 2 {
		t.Errorf("the progress bar never moved: saw %v", seen)
	}
	c := peer.Counts()
	// The 1,000 named people get a two-part UCS-2 message (their names have marks).
	if c.Submits != 3000 || len(c.PerDest) != 2000 {
		t.Fatalf("the centre got %d submits for %d numbers, want 3,000 parts to 2,000 numbers", c.Submits, len(c.PerDest))
	}
	for _, want := range []string{"<td>Viettel</td><td>1.000</td><td>1.000</td><td>1.000</td>", "<td>VinaPhone</td><td>500</td>", "<td>MobiFone</td><td>500</td>", "100 % tin đã gửi có báo đến người nhận", "Đã ghi vào <a href=\"/quan-tri/hoat-dong\">hoạt động tuyên truyền</a> của đơn vị", "(2.000)"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the finished campaign's page lacks %q", want)
		}
	}
	// Every recipient's state, masked.
	csv := leader.Get(campaign + "/tin-nhan.csv")
	lines := strings.Split(strings.TrimSpace(csv.Body), "\n")
	if csv.Status != 200 || len(lines) != 2001 || !strings.Contains(lines[1], "Đã đến người nhận") || strings.Contains(csv.Body, "0910000000") || !strings.Contains(lines[1], "***") {
		t.Fatalf("export: %d, %d lines, first %q", csv.Status, len(lines), lines[min(1, len(lines)-1)])
	}
	stats := leader.Get(campaign + "/so-lieu.csv")
	for _, want := range []string{"Đã đến người nhận,2000", "Viettel,1000,1000,1000,0,0", "Tổng,2000"} {
		if !strings.Contains(stats.Body, want) {
			t.Errorf("the figures lack %q: %s", want, stats.Body)
		}
	}
	// The unit's activities now count the campaign's reach.
	acts := coord.Get("/quan-tri/hoat-dong")
	if !strings.Contains(acts.Body, "Chiến dịch “Cảnh báo cuộc gọi giả danh”") || !strings.Contains(acts.Body, "2.000") {
		t.Fatalf("activity not logged: %s", main(acts.Body))
	}
}

func main(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if len(body) > 3000 {
		body = body[:3000]
	}
	return body
}
