package web_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"net/http"
	"net/url"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// xmllint validates a document against a schema (XSD or RELAX NG), or
// skips the check when xmllint is missing outside CI.
func xmllint(t *testing.T, doc, flag, schema string) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("CANHGIAC_TEST_XMLLINT") == "required" {
			t.Fatal("xmllint is required (CANHGIAC_TEST_XMLLINT=required): apt-get install libxml2-utils")
		}
		t.Log("xmllint not installed: schema check skipped")
		return
	}
	f := filepath.Join(t.TempDir(), "doc.xml")
	os.WriteFile(f, []byte(doc), 0o644)
	out, err := exec.Command("xmllint", "--noout", flag, filepath.Join("..", "publish", "testdata", schema), f).CombinedOutput()
	if err != nil {
		t.Fatalf("%s does not validate: %s\n%.1500s", schema, out, doc)
	}
}

// Step 5, as a new user would: an editor writes a warning, a reviewer
// publishes it; it is on the portal, in the Atom feed and in the CAP feed
// (both valid), and its QR code leads to its verification page.
func TestPortal_EditorWritesReviewerPublishesEveryoneSeesIt(t *testing.T) {
	e := testutil.Start(t, "")
	editor := e.NewClient(t)
	editor.Login("bientap", e.Passwords["bientap"])
	if p := editor.Get("/quan-tri/noi-dung/moi?loai=warning"); p.Status != 200 || !strings.Contains(p.Body, "Mức độ") {
		t.Fatalf("new warning form: %d", p.Status)
	}
	form := url.Values{"kind": {"warning"}, "unit": {"cao-bang-ca"}, "title": {"Cảnh báo: tin nhắn giả mạo Cổng dịch vụ công đòi nộp phạt nguội"},
		"summary":  {"Kẻ gian nhắn tin báo vi phạm giao thông, gửi đường link nộp phạt giả để lấy thông tin thẻ ngân hàng."},
		"body":     {`<p>Cơ quan công an <strong>không</strong> nhắn tin kèm đường link nộp phạt.</p><script>alert(1)</script><p onclick="x()">Hãy tra cứu tại trang chính thức.</p>`},
		"severity": {"severe"}, "urgency": {"immediate"}, "area": {"Cao Bằng"}, "channels": {"web", "sms"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("title", "")
	if r := editor.Post("/quan-tri/noi-dung", bad); r.Status != 422 || !strings.Contains(r.Body, "Kẻ gian nhắn tin báo vi phạm giao thông") {
		t.Fatalf("a warning without a title: %d", r.Status)
	}
	r := editor.Post("/quan-tri/noi-dung", form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %.500s", r.Status, r.Body)
	}
	item := r.Location
	view := editor.Get(item)
	if !strings.Contains(view.Body, "Đã bỏ phần không an toàn") || strings.Contains(view.Body, "alert(1)") || strings.Contains(view.Body, `onclick="`) {
		t.Fatalf("the unsafe HTML was not removed or not reported: %.3000s", view.Body)
	}
	if r := editor.Post(item+"/gui-duyet", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("submit: %d", r.Status)
	}
	if r := editor.Post(item+"/dang", nil); r.Status != http.StatusForbidden {
		t.Fatalf("the editor published their own warning: %d", r.Status)
	}
	// A visitor's page is cached now; the publication must show through.
	if before := e.NewClient(t).Get("/"); strings.Contains(before.Body, "tin nhắn giả mạo Cổng dịch vụ công") {
		t.Fatal("the warning is on the home page before it is published")
	}
	reviewer := e.NewClient(t)
	reviewer.Login("thuongtruc", e.Passwords["thuongtruc"])
	if r := reviewer.Post(item+"/dang", url.Values{"at": {"2020-01-01T08:00"}}); r.Status != 422 || !strings.Contains(r.Body, "đã qua; hãy chọn một thời điểm trong tương lai") {
		t.Fatalf("a schedule in the past: %d %.800s", r.Status, r.Body)
	}
	if r := reviewer.Post(item+"/dang", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d %.800s", r.Status, r.Body)
	}
	view = reviewer.Get(item)
	code := regexp.MustCompile(`mã xác minh <a href="/xac-minh/([0-9A-Z]+)"`).FindStringSubmatch(view.Body)
	if code == nil {
		t.Fatalf("no verification code on the published item: %.2000s", view.Body)
	}
	citizen := e.NewClient(t)
	home := citizen.Get("/")
	if !strings.Contains(home.Body, "tin nhắn giả mạo Cổng dịch vụ công") {
		t.Fatal("the warning is not on the home page")
	}
	if len(home.Body) > 100<<10 {
		t.Fatalf("the home page is %d bytes", len(home.Body))
	}
	atom := citizen.Get("/feed.atom")
	if !strings.Contains(atom.Body, "tin nhắn giả mạo Cổng dịch vụ công") {
		t.Fatal("the warning is not in the Atom feed")
	}
	xmllint(t, atom.Body, "--relaxng", "atom.rng")
	idx := citizen.Get("/cap/alerts.xml")
	xmllint(t, idx.Body, "--relaxng", "atom.rng")
	capURL := regexp.MustCompile(`href="https?://[^/"]+(/cap/` + code[1] + `[^"]*\.xml)"`).FindStringSubmatch(idx.Body)
	if capURL == nil {
		t.Fatalf("the CAP index does not link the warning: %.2000s", idx.Body)
	}
	alert := citizen.Get(capURL[1])
	if !strings.Contains(alert.Body, "<severity>Severe</severity>") || !strings.Contains(alert.Body, "<areaDesc>Cao Bằng</areaDesc>") {
		t.Fatalf("the CAP alert: %.2000s", alert.Body)
	}
	xmllint(t, alert.Body, "--schema", "cap-1.2.xsd")
	qr := citizen.Get("/xac-minh/qr/" + code[1] + ".svg")
	if qr.Status != 200 || !strings.Contains(qr.Body, "<svg") || !strings.Contains(qr.Body, "/xac-minh/"+code[1]) {
		t.Fatalf("QR: %d %.300s", qr.Status, qr.Body)
	}
	if png := citizen.Get("/xac-minh/qr/" + code[1] + ".png"); png.Status != 200 || !strings.HasPrefix(png.Body, "\x89PNG") {
		t.Fatalf("QR png: %d", png.Status)
	}
	ver := citizen.Get("/xac-minh/" + code[1])
	if !strings.Contains(ver.Body, "Đây là nội dung chính thống") || !strings.Contains(ver.Body, "Cơ quan công an không nhắn tin kèm đường link nộp phạt.") {
		t.Fatalf("verification page: %.2000s", ver.Body)
	}
	typo := "X" // a last character other than the code's own (1 in 32 codes ends in X)
	if strings.HasSuffix(code[1], "X") {
		typo = "Y"
	}
	if v := citizen.Get("/xac-minh/" + code[1][:9] + typo); v.Status == 200 && strings.Contains(v.Body, "Đây là nội dung chính thống") {
		t.Fatal("a mistyped code was accepted")
	}
	// Search ignores diacritics; punctuation alone gets a helpful page.
	if s := citizen.Get("/tim-kiem?q=phat+nguoi"); !strings.Contains(s.Body, "Cổng dịch vụ công") || !strings.Contains(s.Body, "<mark>") {
		t.Fatalf("search: %.2000s", s.Body)
	}
	if s := citizen.Get("/tim-kiem?q=%21%3F..."); s.Status != 200 || !strings.Contains(s.Body, "Chưa có chữ nào để tìm") {
		t.Fatalf("punctuation search: %d", s.Status)
	}
	// Files: a PDF is attached and, once a second person publishes it,
	// listed on the public page; an image over the limit is refused by name
	// with the limit.
	big := "\x89PNG\r\n\x1a\n" + strings.Repeat("x", 9<<20)
	if r := editor.Post(item+"/tep", url.Values{"@files": {"anh-lon.png|" + big}}); r.Status != 422 || !strings.Contains(r.Body, "anh-lon.png") || !strings.Contains(r.Body, "8 MB") {
		t.Fatalf("an oversized image: %d", r.Status)
	}
	if r := editor.Post(item+"/tep", url.Values{"@files": {"huong-dan.pdf|" + pdfOf("huong dan")}}); r.Status != http.StatusSeeOther {
		t.Fatalf("attach: %d %.500s", r.Status, r.Body)
	}
	// Open Graph for sharing to Zalo and Facebook.
	slug := regexp.MustCompile(`href="/canh-bao/([^"]+)"`).FindStringSubmatch(home.Body)
	page := citizen.Get("/canh-bao/" + slug[1])
	if !strings.Contains(page.Body, `property="og:title"`) || !strings.Contains(page.Body, `property="og:url"`) {
		t.Fatal("no Open Graph tags on a warning")
	}
	// The file waits for review like an edit: the public neither sees it
	// listed nor downloads it until someone other than the editor publishes.
	pending := regexp.MustCompile(`href="(/tep/[0-9a-f]+)">huong-dan.pdf`).FindStringSubmatch(editor.Get(item).Body)
	if pending == nil || strings.Contains(page.Body, "huong-dan.pdf") || citizen.Get(pending[1]).Status != 404 {
		t.Fatalf("the file attached to the published warning went public before review")
	}
	if r := editor.Post(item+"/gui-duyet", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("submit the attachment: %d", r.Status)
	}
	if r := reviewer.Post(item+"/dang", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("publish the attachment: %d %.800s", r.Status, r.Body)
	}
	page = citizen.Get("/canh-bao/" + slug[1])
	file := regexp.MustCompile(`href="(/tep/[0-9a-f]+)">huong-dan.pdf`).FindStringSubmatch(page.Body)
	if file == nil {
		t.Fatalf("the attached file is not listed on the warning's page after its publication")
	}
	if f := citizen.Get(file[1]); f.Status != 200 || !strings.HasPrefix(f.Body, "%PDF") {
		t.Fatalf("file: %d", f.Status)
	}
}

// A citizen asks to subscribe with consent, and is asked for the code;
// without consent nothing is stored.
func TestPortal_Subscribe(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Get("/dang-ky")
	r := c.Post("/dang-ky", url.Values{"phone": {"0912 345 678"}, "province": {"Cao Bằng"}, "groups": {"elderly"}})
	if r.Status != 422 || !strings.Contains(r.Body, "Hãy đánh dấu đồng ý") || !strings.Contains(r.Body, `value="0912 345 678"`) {
		t.Fatalf("without consent: %d", r.Status)
	}
	r = c.Post("/dang-ky", url.Values{"phone": {"0912 345 678"}, "province": {"Cao Bằng"}, "groups": {"elderly"}, "consent": {"on"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("subscribe: %d %.500s", r.Status, r.Body)
	}
	if p := c.Get(r.Location); !strings.Contains(p.Body, "chúng tôi vừa gửi đến đó mã xác nhận") {
		t.Fatal("no page to confirm on")
	}
}

// A staff member who takes the staff quiz while signed in counts for their
// unit's report: "cán bộ đạt yêu cầu".
func TestPortal_StaffQuizReachesTheUnitsReport(t *testing.T) {
	e := testutil.Start(t, "")
	ctx := context.Background()
	qs, err := e.App.Content.Quizzes(access.With(ctx, access.System()), "staff")
	if err != nil || len(qs) == 0 {
		t.Fatalf("no staff quiz: %v", err)
	}
	q, err := e.App.Content.Quiz(ctx, qs[0].Slug)
	if err != nil {
		t.Fatal(err)
	}
	officer := e.NewClient(t)
	officer.Login("canbo", e.Passwords["canbo"])
	officer.Get("/trac-nghiem/" + q.Slug)
	half := url.Values{}
	for i := range q.Questions[:len(q.Questions)/2] {
		half.Set(fmt.Sprintf("q%d", i), "0")
	}
	if r := officer.Post("/trac-nghiem/"+q.Slug, half); r.Status != 422 || !strings.Contains(r.Body, "Bạn chưa trả lời câu") {
		t.Fatalf("a half-answered quiz: %d", r.Status)
	}
	all := url.Values{}
	for i, qq := range q.Questions {
		all.Set(fmt.Sprintf("q%d", i), strconv.Itoa(qq.Answer))
	}
	if r := officer.Post("/trac-nghiem/"+q.Slug, all); r.Status != 200 || !strings.Contains(r.Body, "đạt yêu cầu") {
		t.Fatalf("quiz: %d %.500s", r.Status, r.Body)
	}
	report := officer.Get("/quan-tri/bao-cao/cao-bang-snnmt/2026-Y")
	if !regexp.MustCompile(`Cán bộ làm trắc nghiệm</dt><dd>1, đạt yêu cầu 1`).MatchString(report.Body) {
		t.Fatalf("the report does not count the quiz: %.3000s", report.Body)
	}
}
