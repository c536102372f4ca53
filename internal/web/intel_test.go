package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

func TestTipTriageCheck_ACitizenReportsAnAnalystVerifiesEveryoneSeesScam(t *testing.T) {
	e := testutil.Start(t, "")
	citizen := e.NewClient(t)
	citizen.Get("/to-giac")
	r := citizen.Post("/to-giac", url.Values{"indicators": {"0912 34\nhttp://lua-dao.vn/dang-nhap"}, "description": {"Gọi giả danh ngân hàng."}, "contact": {"0987654321"}})
	if r.Status != 422 || !strings.Contains(r.Body, "thiếu chữ số") || !strings.Contains(r.Body, "đánh dấu đồng ý") || !strings.Contains(r.Body, "Gọi giả danh ngân hàng.") {
		t.Fatalf("bad report: %d", r.Status)
	}
	r = citizen.Post("/to-giac", url.Values{"indicators": {"0168 812 3456\nhttp://lua-dao.vn/dang-nhap"}, "@files": {"mau.exe|MZ\x90\x00"},
		"description": {"Gọi giả danh ngân hàng, gửi link đăng nhập giả."}})
	if r.Status != 422 || !strings.Contains(r.Body, "mau.exe") || !strings.Contains(r.Body, "Gọi giả danh ngân hàng, gửi link") {
		t.Fatalf("a wrong evidence file: %d", r.Status)
	}
	r = citizen.Post("/to-giac", url.Values{"indicators": {"0168 812 3456\nhttp://lua-dao.vn/dang-nhap"}, "tactic": {"fraud"}, "money_lost": {"15.000.000"},
		"description": {"Gọi giả danh ngân hàng, gửi link đăng nhập giả."}, "contact": {"0987654321"}, "consent": {"on"}, "province": {"Cao Bằng"}, "@files": {"man-hinh.png|" + pngBytes}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/to-giac/TG-") {
		t.Fatalf("report: %d %q %.300s", r.Status, r.Location, r.Body)
	}
	tracking := r.Location
	if p := citizen.Get(tracking); !strings.Contains(p.Body, "Đang xác minh") || !strings.Contains(p.Body, "84388123456") {
		t.Fatalf("the tracking page lacks the status or the normalised number: %.1500s", p.Body)
	}
	analyst := e.NewClient(t)
	analyst.Login("xacminh", e.Passwords["xacminh"])
	q := analyst.Get("/quan-tri/xac-minh")
	var ids [][]string
	for _, m := range regexp.MustCompile(`<h2>([^<]+) <span class="pill">[\s\S]*?action="/quan-tri/xac-minh/(\d+)"`).FindAllStringSubmatch(q.Body, -1) {
		if strings.Contains(m[1], "84388123456") || strings.TrimSpace(m[1]) == "http://lua-dao.vn/dang-nhap" {
			ids = append(ids, []string{m[0], m[2]})
		}
	}
	if len(ids) != 2 || !strings.Contains(q.Body, "15.000.000") || !strings.Contains(q.Body, "man-hinh.png") {
		t.Fatalf("the queue shows %d of the citizen's indicators", len(ids))
	}
	for _, m := range ids {
		if r := analyst.Post("/quan-tri/xac-minh/"+m[1], url.Values{"decision": {"verify"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("verify: %d", r.Status)
		}
	}
	if _, err := e.App.Intel.Checker().Refresh(context.Background()); err != nil { // serve does this every second
		t.Fatal(err)
	}
	if p := citizen.Get(tracking); !strings.Contains(p.Body, "Đã xác minh lừa đảo") {
		t.Fatal("the reporter does not see the outcome")
	}
	for _, q := range []string{"01688123456", "+84 388 123 456", "038 812 3456", "https://www.lua-dao.vn/dang-nhap/buoc-2?x=1"} {
		p := citizen.Get("/tra-cuu?q=" + url.QueryEscape(q))
		if !strings.Contains(p.Body, "ĐÃ XÁC MINH LỪA ĐẢO") {
			t.Errorf("/tra-cuu %q does not say scam", q)
		}
		api := citizen.Get("/api/v1/check?q=" + url.QueryEscape(q))
		var a struct {
			Verdict  string
			Verified bool
		}
		if json.Unmarshal([]byte(api.Body), &a); a.Verdict != "scam" || !a.Verified {
			t.Errorf("API %q → %s", q, api.Body)
		}
	}
	if st := analyst.Get("/quan-tri/thong-ke-to-giac"); st.Status != 200 || !strings.Contains(st.Body, "Lừa đảo chiếm đoạt tài sản") || !strings.Contains(st.Body, "Cao Bằng") || !strings.Contains(st.Body, "Tuần 47 (16/11–22/11/2026)") {
		t.Fatalf("statistics: %d", st.Status)
	}
	if x := analyst.Get("/quan-tri/thong-ke-to-giac?tai-ve=xlsx"); x.Status != 200 || !strings.HasPrefix(x.Body, "PK") {
		t.Fatalf("statistics .xlsx: %d", x.Status)
	}
	// The owner of the link asks to have the warning removed; granted, the
	// link stops being a scam everywhere.
	owner := e.NewClient(t)
	owner.Get("/yeu-cau-go-canh-bao")
	if r := owner.Post("/yeu-cau-go-canh-bao", url.Values{"indicator": {"http://lua-dao.vn/dang-nhap"}, "reason": {"ngắn"}, "contact": {"chu@lua-dao.vn"}}); r.Status != 422 || !strings.Contains(r.Body, "ít nhất 20 ký tự") || !strings.Contains(r.Body, "đánh dấu đồng ý") {
		t.Fatalf("a short removal request: %d", r.Status)
	}
	r = owner.Post("/yeu-cau-go-canh-bao", url.Values{"indicator": {"http://lua-dao.vn/dang-nhap"}, "reason": {"Trang đăng nhập của cửa hàng chúng tôi, đã bị kẻ gian chiếm và nay đã lấy lại."},
		"contact": {"chu@lua-dao.vn"}, "consent": {"on"}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/yeu-cau-go-canh-bao/GO-") {
		t.Fatalf("removal request: %d %q", r.Status, r.Location)
	}
	if page := owner.Get(r.Location); !strings.Contains(page.Body, "Đang xác minh") || strings.Contains(page.Body, "chu@lua-dao.vn") {
		t.Fatal("the request's public page must show its status and not the contact")
	}
	tri := analyst.Get("/quan-tri/xac-minh")
	m := regexp.MustCompile(`action="/quan-tri/xac-minh/go/(\d+)"`).FindStringSubmatch(tri.Body)
	if m == nil || !strings.Contains(tri.Body, "c***@lua-dao.vn") || strings.Contains(tri.Body, "chu@lua-dao.vn") {
		t.Fatal("the analysts' list must show the removal request with its contact masked")
	}
	one := analyst.Get("/quan-tri/xac-minh/go/" + m[1])
	if one.Status != 200 || !strings.Contains(one.Body, "chu@lua-dao.vn") || !strings.Contains(one.Body, "đã được ghi vào nhật ký") {
		t.Fatalf("the request's own page must show the contact in clear: %d", one.Status)
	}
	if log, err := audit.List(context.Background(), e.App.DB.R, audit.Filter{All: true, Action: "tip.removal_contact_read"}); err != nil || len(log) != 1 || log[0].Actor != "xacminh" {
		t.Fatalf("opening the contact is not audited: %+v %v", log, err)
	}
	if r := citizen.Get("/quan-tri/xac-minh/go/" + m[1]); r.Status == 200 && strings.Contains(r.Body, "chu@lua-dao.vn") {
		t.Fatal("a citizen reads the requester's contact")
	}
	if r := analyst.Post("/quan-tri/xac-minh/go/"+m[1], url.Values{"decision": {"grant"}, "note": {"Đã xác minh chủ sở hữu."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("grant: %d", r.Status)
	}
	e.App.Intel.Checker().Refresh(context.Background())
	if a := citizen.Get("/api/v1/check?q=" + url.QueryEscape("http://lua-dao.vn/dang-nhap")); !strings.Contains(a.Body, `"verdict":"unknown"`) {
		t.Fatalf("after removal: %s", a.Body)
	}
	if p := citizen.Get("/tra-cuu?q=0999999999"); !strings.Contains(p.Body, "KHÔNG có nghĩa là an toàn") {
		t.Error("an unknown number must say that no reports does not mean safe")
	}
	body := `{"items":["0388123456","xyz","https://an-toan.vn/"]}`
	req, _ := http.NewRequest(http.MethodPost, e.Server.URL+"/api/v1/check", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var batch struct {
		Results []struct{ Kind, Verdict, Reason string }
	}
	json.NewDecoder(resp.Body).Decode(&batch)
	resp.Body.Close()
	if len(batch.Results) != 3 || batch.Results[0].Verdict != "scam" || batch.Results[1].Kind != "invalid" || batch.Results[1].Reason == "" || batch.Results[2].Verdict != "unknown" {
		t.Fatalf("batch: %+v", batch)
	}
	big := `{"items":[` + strings.Repeat(`"0912345678",`, 10_000) + `"0912345678"]}`
	resp, err = http.Post(e.Server.URL+"/api/v1/check", "application/json", strings.NewReader(big))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("a batch of 10,001: %d, want 413", resp.StatusCode)
	}
}

func TestTipProvince_PickedFromTheThirtyFourAndOldNamesFindTheirProvince(t *testing.T) {
	e := testutil.Start(t, "")
	citizen := e.NewClient(t)
	form := citizen.Get("/to-giac")
	sel := regexp.MustCompile(`(?s)<select id="province".*?</select>`).FindString(form.Body)
	if n := strings.Count(sel, "<option"); n != 35 || !strings.Contains(sel, "Thành phố Hồ Chí Minh") || !strings.Contains(sel, "Không rõ") {
		t.Fatalf("the province picker has %d choices, want 34 and “Không rõ”", n)
	}
	r := citizen.Post("/to-giac", url.Values{"indicators": {"0377 000 111"}, "province": {"Gotham"}, "description": {"Nhắn tin mời làm cộng tác viên."}})
	if r.Status != 422 || !strings.Contains(r.Body, "Không nhận ra tỉnh, thành phố “Gotham”") || !strings.Contains(r.Body, "Nhắn tin mời làm cộng tác viên.") || !strings.Contains(r.Body, "0377 000 111") {
		t.Fatalf("an unknown province: %d", r.Status)
	}
	// A province merged in 2025, lower-case, as a partner's system or an old habit sends it.
	r = citizen.Post("/to-giac", url.Values{"indicators": {"0377 000 111"}, "province": {"bình dương"}, "description": {"Nhắn tin mời làm cộng tác viên."}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("report: %d", r.Status)
	}
	code := strings.TrimPrefix(r.Location, "/to-giac/")
	// Cao Bằng's analyst does not see it; the national level does.
	cb := e.NewClient(t)
	cb.Login("xacminh", e.Passwords["xacminh"])
	if q := cb.Get("/quan-tri/xac-minh"); strings.Contains(q.Body, code) {
		t.Fatal("Cao Bằng's analyst sees a report from Thành phố Hồ Chí Minh")
	}
	analyst := e.NewClient(t)
	analyst.Login("xm-quocgia", e.AddUser(t, "xm-quocgia", "bca-a05", "bca", access.RoleAnalyst))
	q := analyst.Get("/quan-tri/xac-minh")
	if !regexp.MustCompile(regexp.QuoteMeta(code) + `</code>[^<]*· Thành phố Hồ Chí Minh`).MatchString(q.Body) {
		t.Fatal("the analyst does not see the report under its current province")
	}
}

// An analyst asks a reporter for more, the reporter answers on the tracking
// page, and a duplicate report is merged so it no longer counts twice.
func TestTriage_AskForMoreAndMergeDuplicates(t *testing.T) {
	e := testutil.Start(t, "")
	citizen := e.NewClient(t)
	citizen.Get("/to-giac")
	send := func(desc string) string {
		r := citizen.Post("/to-giac", url.Values{"indicators": {"0356 111 222"}, "tactic": {"fraud"}, "description": {desc},
			"province": {"Cao Bằng"}, "commune": {"phuong hop giang"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("report: %d %.400s", r.Status, r.Body)
		}
		return strings.TrimPrefix(r.Location, "/to-giac/")
	}
	first := send("Gọi mời đầu tư tiền ảo, hứa lãi 30% mỗi tháng.")
	second := send("Gọi mời đầu tư tiền ảo (gửi lại lần hai).")
	if n := queuedReports(t, e, "+84356111222"); n != 2 {
		t.Fatalf("before merging the analyst sees %d reports, want 2", n)
	}
	analyst := e.NewClient(t)
	analyst.Login("xacminh", e.Passwords["xacminh"])
	q := analyst.Get("/quan-tri/xac-minh")
	// The old ward name typed by the citizen is stored as today's ward.
	if !strings.Contains(q.Body, "Phường Thục Phán, Cao Bằng") {
		t.Fatalf("the queue does not show the commune: %.2000s", q.Body)
	}
	if r := analyst.Post("/quan-tri/xac-minh/to-giac/"+first+"/hoi-them", url.Values{"question": {""}}); r.Status != 422 || !strings.Contains(r.Body, "Hãy viết điều cần") {
		t.Fatalf("an empty question: %d %.3000s", r.Status, r.Body)
	}
	if r := analyst.Post("/quan-tri/xac-minh/to-giac/"+first+"/hoi-them", url.Values{"question": {"Xin gửi ảnh chụp giao dịch chuyển tiền."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("ask: %d", r.Status)
	}
	p := citizen.Get("/to-giac/" + first)
	if !strings.Contains(p.Body, "Cần bạn bổ sung thông tin") || !strings.Contains(p.Body, "Xin gửi ảnh chụp giao dịch chuyển tiền.") {
		t.Fatalf("the reporter does not see the question: %.1500s", p.Body)
	}
	if r := citizen.Post("/to-giac/"+first+"/bo-sung", url.Values{"text": {"  "}}); r.Status != 422 || !strings.Contains(r.Body, "Hãy viết nội dung bổ sung") {
		t.Fatalf("an empty addition: %d", r.Status)
	}
	if r := citizen.Post("/to-giac/"+first+"/bo-sung", url.Values{"text": {"Đã chuyển 2.000.000 đ vào tài khoản VCB 0011004455667 ngày 20/11."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("addition: %d", r.Status)
	}
	if p := citizen.Get("/to-giac/" + first); !strings.Contains(p.Body, "Đang xác minh") || !strings.Contains(p.Body, "Đã chuyển 2.000.000 đ") {
		t.Fatal("the addition is not shown back to the reporter")
	}
	q = analyst.Get("/quan-tri/xac-minh")
	if !strings.Contains(q.Body, "Đã chuyển 2.000.000 đ") {
		t.Fatal("the analyst does not see the addition")
	}
	if r := analyst.Post("/quan-tri/xac-minh/to-giac/"+second+"/gop", url.Values{"into": {first}}); r.Status != http.StatusSeeOther {
		t.Fatalf("merge: %d", r.Status)
	}
	if n := queuedReports(t, e, "+84356111222"); n != 1 {
		t.Fatalf("after merging the duplicate the number still counts %d reports", n)
	}
	if p := citizen.Get("/to-giac/" + second); !strings.Contains(p.Body, "Đã gộp với tố giác khác") || !strings.Contains(p.Body, `href="/to-giac/`+first+`"`) {
		t.Fatalf("the duplicate's page: %.1500s", p.Body)
	}
	if r := analyst.Post("/quan-tri/xac-minh/to-giac/"+second+"/gop", url.Values{"into": {first}}); r.Status != http.StatusConflict {
		t.Fatalf("merging twice: %d", r.Status)
	}
	// A commune that is not in the province is refused by name, the rest kept.
	r := citizen.Post("/to-giac", url.Values{"indicators": {"0356 111 333"}, "description": {"Tin nhắn trúng thưởng."}, "province": {"Cao Bằng"}, "commune": {"Phường Bến Nghé"}})
	if r.Status != 422 || !strings.Contains(r.Body, "Không tìm thấy xã, phường “Phường Bến Nghé” thuộc Cao Bằng") || !strings.Contains(r.Body, "Tin nhắn trúng thưởng.") {
		t.Fatalf("a commune of another province: %d", r.Status)
	}
	if j := citizen.Get("/dia-ban/xa?tinh=cao+bang"); j.Status != 200 || !strings.Contains(j.Body, "Phường Thục Phán") {
		t.Fatalf("commune list: %d %.200s", j.Status, j.Body)
	}
}

// queuedReports is the count of reports the analysts' queue shows for an
// indicator (-1 when it is not queued).
func queuedReports(t *testing.T, e *testutil.Env, display string) int {
	t.Helper()
	q, err := e.App.Intel.Queue(access.With(context.Background(), access.System()))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range q {
		if p.Display == display {
			return p.Reports
		}
	}
	return -1
}

// A report whose tactic is not one of the list is refused in words, with
// what was typed kept, and nothing of it reaches the public statistics.
func TestTip_MadeUpTacticRefusedFormKept(t *testing.T) {
	e := testutil.Start(t, "")
	citizen := e.NewClient(t)
	citizen.Get("/to-giac")
	r := citizen.Post("/to-giac", url.Values{"indicators": {"0356 111 999"}, "tactic": {"Gọi ngay 0389999999 nhận quà"}, "description": {"Có người gọi hỏi mã OTP."}})
	if r.Status != 422 || !strings.Contains(r.Body, "không có trong danh sách") || !strings.Contains(r.Body, "0356 111 999") || !strings.Contains(r.Body, "Có người gọi hỏi mã OTP.") {
		t.Fatalf("a made-up tactic: %d %.3000s", r.Status, r.Body)
	}
	if s := citizen.Get("/thong-ke"); strings.Contains(s.Body, "0389999999") {
		t.Error("the made-up tactic shows on /thong-ke")
	}
}
