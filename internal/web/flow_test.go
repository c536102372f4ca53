package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/canhgiac/canhgiac/internal/access"
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
	// The code that enrolled the factor has been used: it does not sign in.
	if r := c2.Post("/dang-nhap/xac-thuc", url.Values{"code": {code}}); r.Status != 422 || !strings.Contains(r.Body, "đã được dùng") {
		t.Fatalf("the enrolment's code again at sign-in: %d; want 422 and a message that it was used", r.Status)
	}
	next, _ := totp.GenerateCode(secret, testutil.Now.Add(30*time.Second))
	if r := c2.Post("/dang-nhap/xac-thuc", url.Values{"code": {next}}); r.Status != http.StatusSeeOther {
		t.Fatalf("the next code at sign-in: %d %.200s", r.Status, r.Body)
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

func TestPlans_OfficerDerivesFrom940LeaderIssuesAndTheDocxDownloads(t *testing.T) {
	e := testutil.Start(t, "")
	sys := access.With(context.Background(), access.System())
	p940, err := e.App.Plan.ByLabel(sys, "940/KH-UBND")
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(p940.ID, 10)
	officer := e.NewClient(t)
	officer.Login("canbo", e.Passwords["canbo"])
	page := officer.Get("/quan-tri/ke-hoach/" + id)
	if page.Status != 200 || !strings.Contains(page.Body, "Xây dựng kế hoạch thực hiện") {
		t.Fatalf("940 for the officer: %d; want the derive button", page.Status)
	}
	r := officer.Post("/quan-tri/ke-hoach/"+id+"/xay-dung", nil)
	if r.Status != http.StatusSeeOther || !strings.HasSuffix(r.Location, "/sua") {
		t.Fatalf("derive: %d %q", r.Status, r.Location)
	}
	edit := officer.Get(r.Location)
	if !strings.Contains(edit.Body, "Kế hoạch số 940/KH-UBND ngày 22 tháng 4 năm 2024") || !strings.Contains(edit.Body, "gửi về Công an tỉnh để tổng hợp, theo dõi trước ngày 20/5/2024") {
		t.Fatalf("the draft lacks the basis or the duty carried from 940")
	}
	draftURL := strings.TrimSuffix(r.Location, "/sua")
	// The officer may not sign.
	if r := officer.Get(draftURL + "/ban-hanh"); r.Status != 403 {
		t.Fatalf("officer opening the signing form: %d", r.Status)
	}
	leader := e.NewClient(t)
	leader.Login("lanhdao", e.Passwords["lanhdao"])
	leader.Get(draftURL + "/ban-hanh")
	r = leader.Post(draftURL+"/ban-hanh", url.Values{"number": {"125"}, "symbol": {"KH-SNNMT"}, "place": {"Cao Bằng"}, "issued_on": {"20/11/2026"},
		"authority": {""}, "signer_title": {"GIÁM ĐỐC"}, "signer_name": {""}})
	if r.Status != 422 || !strings.Contains(r.Body, "Vui lòng nhập họ tên người ký") || !strings.Contains(r.Body, `value="KH-SNNMT"`) {
		t.Fatalf("issuing without a name: %d; want 422, a message and the typed symbol kept", r.Status)
	}
	signed := url.Values{"number": {"125"}, "symbol": {"KH-SNNMT"}, "place": {"Cao Bằng"}, "issued_on": {"20/11/2026"},
		"signer_title": {"GIÁM ĐỐC"}, "signer_name": {"Nông Văn Lâm"}}
	// Today is 22/11/2026: a plan dated 20/11 was signed on paper and is
	// recorded late, with the reason.
	if r := leader.Post(draftURL+"/ban-hanh", signed); r.Status != 422 || !strings.Contains(r.Body, "lý do ghi nhận muộn") || !strings.Contains(r.Body, "22/11/2026") {
		t.Fatalf("issuing with another day's date and no reason: %d", r.Status)
	}
	signed.Set("late_reason", "Kế hoạch đã ký trên giấy ngày 20/11/2026.")
	r = leader.Post(draftURL+"/ban-hanh", signed)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("issue: %d %.300s", r.Status, r.Body)
	}
	if r := officer.Get(draftURL); !strings.Contains(r.Body, "Ghi nhận muộn") || !strings.Contains(r.Body, "Kế hoạch đã ký trên giấy ngày 20/11/2026.") {
		t.Fatal("the plan recorded late is not marked so")
	}
	if r := officer.Get(draftURL + "/sua"); r.Status != 409 || !strings.Contains(r.Body, "phiên bản mới") {
		t.Fatalf("editing the issued plan: %d; want a refusal pointing to a new version", r.Status)
	}
	resp, err := officer.HTTP.Get(e.Server.URL + draftURL + "/tai-ve/docx")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the .docx is not a zip: %v (%d bytes, %s)", err, len(b), resp.Header.Get("Content-Type"))
	}
	var doc string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			x, _ := io.ReadAll(rc)
			doc = string(x)
		}
	}
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 125/KH-SNNMT", "Cao Bằng, ngày 20 tháng 11 năm 2026", "Nông Văn Lâm", "NHIỆM VỤ ĐƯỢC GIAO"} {
		if !strings.Contains(doc, want) {
			t.Errorf("the .docx lacks %q", want)
		}
	}
	if pdf, err := officer.HTTP.Get(e.Server.URL + draftURL + "/tai-ve/pdf"); err != nil || pdf.StatusCode != 200 || pdf.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("pdf download: %v %v", err, pdf)
	}
	// The issued plan's duty can now be picked when logging an activity,
	// and the unit's report counts it as done.
	form := officer.Get("/quan-tri/hoat-dong").Body
	m := regexp.MustCompile(`<option value="(\d+)">Tổ chức tuyên truyền về phòng, chống tội phạm`).FindStringSubmatch(form)
	if m == nil {
		t.Fatal("the activity form does not offer the plan's duties")
	}
	r = officer.Post("/quan-tri/hoat-dong", url.Values{"unit": {"cao-bang-snnmt"}, "date": {"21/11/2026"}, "form": {"meeting"}, "duty": {m[1]},
		"title": {"Họp triển khai kế hoạch 125/KH-SNNMT"}, "participants": {"40"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("log with duty: %d %.300s", r.Status, r.Body)
	}
	// The duty to issue a plan is measured by the plan itself, recorded
	// late, as the compliance view says.
	if rep := officer.Get("/quan-tri/bao-cao/cao-bang-snnmt/2026-Y"); !strings.Contains(rep.Body, "Đã thực hiện (1 hoạt động)") ||
		!strings.Contains(rep.Body, "Đã ban hành Kế hoạch số 125/KH-SNNMT ngày 20/11/2026 — Trễ hạn") {
		i := strings.Index(rep.Body, "Thực hiện nhiệm vụ")
		t.Fatalf("the department's 2026 report does not count the duties as done: %.3000s", rep.Body[max(i, 0):])
	}
	coord := e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])
	c := coord.Get("/quan-tri/ke-hoach/" + id + "/trien-khai")
	if c.Status != 200 || !strings.Contains(c.Body, "125/KH-SNNMT") || !strings.Contains(c.Body, "Trễ hạn") || !strings.Contains(c.Body, "Đúng hạn") {
		t.Fatalf("940 compliance for the coordinator: %d; want the new plan counted for the merged department", c.Status)
	}
}

func TestPlanImport_UploadShowsWhatWasReadAndRefusesWrongFiles(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Login("canbo", e.Passwords["canbo"])
	c.Get("/quan-tri/ke-hoach/nhap")
	seed, err := os.ReadFile("../demo/seeds/001.txt")
	if err != nil {
		t.Fatal(err)
	}
	r := c.Post("/quan-tri/ke-hoach/nhap", url.Values{"unit": {"cao-bang-snnmt"}, "action": {"preview"}, "@file": {"940.txt|" + string(seed)}})
	if r.Status != 200 || !strings.Contains(r.Body, "940/KH-UBND") || !strings.Contains(r.Body, "22/04/2024") || !strings.Contains(r.Body, "Ý kiến bạn đọc") {
		t.Fatalf("preview of 001: %d %.300s", r.Status, r.Body)
	}
	r = c.Post("/quan-tri/ke-hoach/nhap", url.Values{"unit": {"cao-bang-snnmt"}, "action": {"save"}, "@file": {"anh.png|\x89PNG\r\n\x1a\n\x00\x00binary"}})
	if r.Status != 422 || !strings.Contains(r.Body, "không phải văn bản") {
		t.Fatalf("a PNG: %d; want a refusal", r.Status)
	}
	r = c.Post("/quan-tri/ke-hoach/nhap", url.Values{"unit": {"cao-bang-snnmt"}, "action": {"save"}, "@file": {"ghi-chu.txt|Mua rau, mua thịt, đón con lúc 5 giờ."}})
	if r.Status != 422 || !strings.Contains(r.Body, "không phải kế hoạch") {
		t.Fatalf("a shopping list: %d; want 'not a plan'", r.Status)
	}
	r = c.Post("/quan-tri/ke-hoach/nhap", url.Values{"unit": {"cao-bang-snnmt"}, "action": {"save"}, "@file": {"940.txt|" + string(seed)}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %.300s", r.Status, r.Body)
	}
	if p := c.Get(r.Location); !strings.Contains(p.Body, "Dự thảo") || !strings.Contains(p.Body, "Ghi chú khi nhập văn bản") {
		t.Fatalf("the imported draft page lacks its status or the import notes")
	}
}
