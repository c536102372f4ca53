package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/mail/mailtest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// issueProvincialPlan has the provincial standing body draft a plan of the
// province (UBND tỉnh) giving the Department of Education one duty with a
// deadline and asking the addressed units for their plans by 30/11/2026,
// and the provincial leader sign it today (22/11/2026). It returns the
// plan's path.
func issueProvincialPlan(t *testing.T, e *testutil.Env) string {
	t.Helper()
	coord := e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])
	coord.Get("/quan-tri/ke-hoach/moi")
	r := coord.Post("/quan-tri/ke-hoach", url.Values{"unit": {"cao-bang"}, "title": {"Tuyên truyền phòng, chống lừa đảo trong trường học năm 2027"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %.300s", r.Status, r.Body)
	}
	planURL := strings.TrimSuffix(r.Location, "/sua")
	coord.Get(r.Location)
	edit := url.Values{"title": {"Tuyên truyền phòng, chống lừa đảo trong trường học năm 2027"}, "plan_deadline": {"30/11/2026"},
		"sec.0.present": {"1"}, "sec.0.level": {"1"}, "sec.0.heading": {"MỤC ĐÍCH, YÊU CẦU"}, "sec.0.text": {"Nâng cao nhận thức của học sinh."},
		"duty.0.present": {"1"}, "duty.0.unit": {"cao-bang-sgddt"}, "duty.0.role": {"lead"},
		"duty.0.task": {"Tổ chức ngoại khóa phòng, chống lừa đảo qua mạng tại 100 % trường học"}, "duty.0.deadline": {"10/12/2026"}}
	if r := coord.Post(planURL+"/sua", edit); r.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d %.500s", r.Status, r.Body)
	}
	leader := e.NewClient(t)
	leader.Login("lanhdaoca", e.Passwords["lanhdaoca"])
	leader.Get(planURL + "/ban-hanh")
	r = leader.Post(planURL+"/ban-hanh", url.Values{"number": {"301"}, "symbol": {"KH-UBND"}, "place": {"Cao Bằng"}, "issued_on": {"22/11/2026"},
		"signer_title": {"CHỦ TỊCH"}, "signer_name": {"Lê Hải Hòa"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("issue: %d %.500s", r.Status, r.Body)
	}
	return planURL
}

// runJobs works off the queue as the program's worker would.
func runJobs(t *testing.T, e *testutil.Env) {
	t.Helper()
	if _, err := e.App.Jobs.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestNotices_PlanIssuedTellsEachAddressedUnitItsDutiesAndDeadlines(t *testing.T) {
	e := testutil.Start(t, "")
	e.AddUser(t, "canbo-sgddt", "cao-bang-sgddt", "", "officer")
	e.AddUser(t, "lanhdao-sgddt", "cao-bang-sgddt", "", "leader")
	planURL := issueProvincialPlan(t, e)
	for _, who := range []string{"canbo-sgddt", "lanhdao-sgddt"} {
		c := e.NewClient(t)
		c.Login(who, "mat-khau-thu-nghiem-"+who)
		if home := c.Get("/quan-tri/don-vi"); !strings.Contains(home.Body, `Thông báo <span class="pill new">1</span>`) {
			t.Fatalf("%s: the header shows no unread notice", who)
		}
		page := c.Get("/quan-tri/thong-bao")
		for _, want := range []string{"301/KH-UBND", "Sở Giáo dục và Đào tạo tỉnh Cao Bằng", "Tổ chức ngoại khóa phòng, chống lừa đảo qua mạng tại 100 % trường học",
			"hạn 10/12/2026", "Hạn ban hành kế hoạch thực hiện: 30/11/2026", `href="` + planURL + `"`, "Kế hoạch giao nhiệm vụ cho đơn vị", "1 chưa đọc"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("%s's notices lack %q", who, want)
			}
		}
	}
	// A unit the plan does not address is told nothing.
	other := e.NewClient(t)
	other.Login("canbo", e.Passwords["canbo"])
	if strings.Contains(other.Get("/quan-tri/thong-bao").Body, "301/KH-UBND") {
		t.Error("the Department of Agriculture, not addressed, was told about the plan")
	}
}

func TestNotices_DeadlinePassedIsToldOnceTheNextMorningAndUrgingTwiceOnADaySendsOne(t *testing.T) {
	e := testutil.Start(t, "")
	e.AddUser(t, "canbo-sgddt", "cao-bang-sgddt", "", "officer")
	planURL := issueProvincialPlan(t, e)
	// Each look signs in afresh: the clock moves by days, beyond a session.
	notices := func() string {
		staff := e.NewClient(t)
		staff.Login("canbo-sgddt", "mat-khau-thu-nghiem-canbo-sgddt")
		return staff.Get("/quan-tri/thong-bao").Body
	}
	count := func(s string) int { return strings.Count(notices(), s) }

	runJobs(t, e)
	if n := count("Đã quá hạn"); n != 0 {
		t.Fatalf("%d overdue notices before the deadline", n)
	}
	// 27/11 at 08:00 in Vietnam: three days before the plan's deadline.
	e.Clock.Set(time.Date(2026, 11, 27, 1, 0, 0, 0, time.UTC))
	runJobs(t, e)
	if n := count("Sắp đến hạn: Sở Giáo dục và Đào tạo tỉnh Cao Bằng cần ban hành kế hoạch thực hiện Kế hoạch số 301/KH-UBND trước ngày 30/11/2026"); n != 1 {
		t.Fatalf("%d 'coming' notices of the plan deadline, want 1:\n%s", n, notices())
	}
	// 01/12 at 01:00 in Vietnam, the day after the deadline.
	e.Clock.Set(time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC))
	runJobs(t, e)
	runJobs(t, e)
	if n := count("Đã quá hạn: Sở Giáo dục và Đào tạo tỉnh Cao Bằng chưa ban hành kế hoạch thực hiện Kế hoạch số 301/KH-UBND (hạn 30/11/2026)"); n != 1 {
		t.Fatalf("%d 'đã quá hạn' notices, want exactly 1", n)
	}

	// The standing body urges the late Department from the compliance view.
	coord := e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])
	view := coord.Get(planURL + "/trien-khai")
	if !strings.Contains(view.Body, `name="units" value="cao-bang-sgddt"`) || !strings.Contains(view.Body, "Đôn đốc các đơn vị đã chọn") {
		t.Fatalf("the compliance view offers no urge for the late Department: %d", view.Status)
	}
	officer := e.NewClient(t)
	officer.Login("canbo", e.Passwords["canbo"])
	officer.Get(planURL + "/trien-khai")
	if r := officer.Post(planURL+"/don-doc", url.Values{"units": {"cao-bang-sgddt"}}); r.Status != http.StatusForbidden {
		t.Fatalf("an officer urging: %d, want 403", r.Status)
	}
	// The Department's own standing body cannot urge itself: urging comes
	// from the level above.
	e.AddUser(t, "tt-sgddt", "cao-bang-sgddt", "", "coordinator")
	self := e.NewClient(t)
	self.Login("tt-sgddt", "mat-khau-thu-nghiem-tt-sgddt")
	self.Get(planURL + "/trien-khai")
	if r := self.Post(planURL+"/don-doc", url.Values{"units": {"cao-bang-sgddt"}}); r.Status != http.StatusForbidden {
		t.Fatalf("a unit's own coordinator urging it: %d, want 403", r.Status)
	}
	r := coord.Post(planURL+"/don-doc", url.Values{"units": {"cao-bang-sgddt"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("urge: %d %.300s", r.Status, r.Body)
	}
	if p := coord.Get(r.Location); !strings.Contains(p.Body, "Đã đôn đốc 1 đơn vị: Sở Giáo dục và Đào tạo tỉnh Cao Bằng") || !strings.Contains(p.Body, "đã đôn đốc 1 lần, lần cuối 01/12") {
		t.Fatal("after urging, the view lacks the confirmation or the tally beside the unit")
	}
	r = coord.Post(planURL+"/don-doc", url.Values{"units": {"cao-bang-sgddt"}})
	if p := coord.Get(r.Location); !strings.Contains(p.Body, "mỗi đơn vị chỉ được đôn đốc một lần mỗi ngày") || !strings.Contains(p.Body, "đã đôn đốc 1 lần, lần cuối 01/12") {
		t.Fatal("a second urge the same day is not refused in words, or was counted")
	}
	if n := count("Đôn đốc: Sở Giáo dục và Đào tạo tỉnh Cao Bằng chưa ban hành kế hoạch thực hiện Kế hoạch số 301/KH-UBND, chậm từ ngày 30/11/2026"); n != 1 {
		t.Fatalf("%d urge notices after urging twice in a day, want 1", n)
	}
	// A unit that is not late cannot be urged.
	r = coord.Post(planURL+"/don-doc", url.Values{"units": {"cao-bang-snnmt"}})
	if p := coord.Get(r.Location); !strings.Contains(p.Body, "Chỉ đôn đốc được các đơn vị đang chậm") {
		t.Fatal("urging a unit that is not late is not refused in words")
	}
	// The next day a second urge goes out, and both are in the audit trail.
	e.Clock.Set(time.Date(2026, 12, 2, 2, 0, 0, 0, time.UTC))
	coord = e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])
	coord.Get(planURL + "/trien-khai")
	r = coord.Post(planURL+"/don-doc", url.Values{"units": {"cao-bang-sgddt"}})
	if p := coord.Get(r.Location); !strings.Contains(p.Body, "đã đôn đốc 2 lần, lần cuối 02/12") {
		t.Fatal("the second day's urge is not counted beside the unit")
	}
	if n := count("Đôn đốc: "); n != 2 {
		t.Fatalf("%d urge notices after two days, want 2", n)
	}
	admin := e.NewClient(t)
	admin.Login("quantri", e.Passwords["quantri"])
	if trail := admin.Get("/quan-tri/nhat-ky?loai=unit.urge").Body; strings.Count(trail, "Đôn đốc Sở Giáo dục và Đào tạo tỉnh Cao Bằng ban hành kế hoạch") != 2 {
		t.Fatalf("the audit trail does not hold both urges")
	}
}

func TestNotices_ReportReturnedCarriesTheCommentAndUrgingFromTheAggregate(t *testing.T) {
	e := testutil.Start(t, "")
	e.AddUser(t, "canbo-sct", "cao-bang-sct", "", "officer")
	coord := e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])
	coord.Get("/quan-tri/bao-cao/cao-bang-sct/2024-H1")
	if r := coord.Post("/quan-tri/bao-cao/cao-bang-sct/2024-H1/tra-lai", url.Values{"comment": {"Bổ sung số liệu băng rôn theo từng chợ."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("return: %d %.300s", r.Status, r.Body)
	}
	staff := e.NewClient(t)
	staff.Login("canbo-sct", "mat-khau-thu-nghiem-canbo-sct")
	page := staff.Get("/quan-tri/thong-bao").Body
	for _, want := range []string{"Báo cáo bị trả lại", "Bổ sung số liệu băng rôn theo từng chợ.", `href="/quan-tri/bao-cao/cao-bang-sct/2024-H1"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the returned report's notice lacks %q", want)
		}
	}
	// Marking the one notice read leaves nothing unread.
	action := regexp.MustCompile(`/quan-tri/thong-bao/[0-9]+/da-doc`).FindString(page)
	if action == "" {
		t.Fatal("no button to mark the notice read")
	}
	if r := staff.Post(action, nil); r.Status != http.StatusSeeOther {
		t.Fatalf("mark read: %d", r.Status)
	}
	if strings.Contains(staff.Get("/quan-tri/thong-bao").Body, "chưa đọc") {
		t.Error("the notice is still unread")
	}
	// Another person cannot mark it.
	other := e.NewClient(t)
	other.Login("canbo", e.Passwords["canbo"])
	other.Get("/quan-tri/thong-bao")
	if r := other.Post(action, nil); r.Status != http.StatusNotFound {
		t.Errorf("marking another person's notice: %d, want 404", r.Status)
	}

	// The province's aggregate offers to urge the units that have not sent.
	agg := coord.Get("/quan-tri/bao-cao/cao-bang/2024-H1")
	i := strings.Index(agg.Body, `name="units" value="`)
	if i < 0 {
		t.Fatal("the aggregate offers no urge for a missing report")
	}
	code := agg.Body[i+len(`name="units" value="`):]
	code = code[:strings.Index(code, `"`)]
	for range 2 {
		coord.Post("/quan-tri/bao-cao/cao-bang/2024-H1/don-doc", url.Values{"units": {code}})
	}
	if r := coord.Get("/quan-tri/bao-cao/cao-bang/2024-H1"); !strings.Contains(r.Body, "đã đôn đốc 1 lần, lần cuối 22/11") {
		t.Fatal("the aggregate does not show the urge beside the unit, once")
	}
}

func TestNotices_APersonWhoChoseEmailGetsExactlyOneMail(t *testing.T) {
	smtp := mailtest.Start(t)
	e := testutil.StartWith(t, "", func(c *config.Config) {
		c.SMTPAddr, c.SMTPFrom, c.BaseURL = smtp.Addr, "canhgiac@caobang.example", "https://canhgiac.example.vn"
	})
	sys := access.With(context.Background(), access.System())
	for _, u := range []struct{ name, email string }{{"thu-sgddt", "thu@sgddt.example"}, {"app-sgddt", "app@sgddt.example"}} {
		if _, _, err := e.App.Auth.Create(sys, auth.NewUser{Username: u.name, UnitCode: "cao-bang-sgddt", Email: u.email, Roles: []access.Role{access.RoleOfficer},
			Password: "mat-khau-thu-nghiem-" + u.name}); err != nil {
			t.Fatal(err)
		}
	}
	// One keeps e-mail for plans (the default and chosen again); the other
	// chooses the app only.
	for _, who := range []string{"thu-sgddt", "app-sgddt"} {
		c := e.NewClient(t)
		c.Login(who, "mat-khau-thu-nghiem-"+who)
		page := c.Get("/quan-tri/ca-nhan/thong-bao")
		if !strings.Contains(page.Body, "Kế hoạch giao nhiệm vụ cho đơn vị") || !strings.Contains(page.Body, "Cả thư điện tử") {
			t.Fatalf("preferences page: %d", page.Status)
		}
		choice := "email"
		if who == "app-sgddt" {
			choice = "app"
		}
		if r := c.Post("/quan-tri/ca-nhan/thong-bao", url.Values{"plan_issued": {choice}, "urge": {"email"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("save preferences: %d", r.Status)
		}
		if want := `value="` + choice + `" aria-label="Kế hoạch giao nhiệm vụ cho đơn vị: `; !strings.Contains(c.Get("/quan-tri/ca-nhan/thong-bao").Body, want+map[string]string{"email": "cả thư điện tử\" checked", "app": "chỉ trong ứng dụng\" checked"}[choice]) {
			t.Errorf("%s's choice is not shown as saved", who)
		}
	}
	before := len(smtp.Messages())
	issueProvincialPlan(t, e)
	runJobs(t, e)
	runJobs(t, e)
	msgs := smtp.Wait(before+1, 5*time.Second)[before:]
	time.Sleep(300 * time.Millisecond)
	var mine []mailtest.Received
	for _, m := range smtp.Messages()[before:] {
		for _, to := range m.To {
			if strings.HasSuffix(to, "@sgddt.example") {
				mine = append(mine, m)
			}
		}
	}
	if len(mine) != 1 || mine[0].To[0] != "thu@sgddt.example" || !strings.Contains(mine[0].Text, "301/KH-UBND") ||
		!strings.Contains(mine[0].Text, "https://canhgiac.example.vn/quan-tri/ke-hoach/") {
		t.Fatalf("mails to the Department: %+v (all new: %d); want exactly one, to the person who chose e-mail, with the plan and its link", mine, len(msgs))
	}
}

func TestNotices_ContentSubmittedForReviewTellsTheReviewersNotTheAuthor(t *testing.T) {
	e := testutil.Start(t, "")
	editor := e.NewClient(t)
	editor.Login("bientap", e.Passwords["bientap"])
	editor.Get("/quan-tri/noi-dung/moi?loai=warning")
	r := editor.Post("/quan-tri/noi-dung", url.Values{"kind": {"warning"}, "unit": {"cao-bang-ca"}, "title": {"Cảnh báo: cuộc gọi giả danh cán bộ thuế"},
		"summary": {"Kẻ gian gọi điện xưng cán bộ thuế, đề nghị cài ứng dụng để hoàn thuế."}, "body": {"<p>Cơ quan thuế không gọi điện đề nghị cài ứng dụng.</p>"},
		"severity": {"severe"}, "urgency": {"immediate"}, "area": {"Cao Bằng"}, "channels": {"web"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %.300s", r.Status, r.Body)
	}
	item := r.Location
	editor.Get(item)
	if r := editor.Post(item+"/gui-duyet", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("submit: %d", r.Status)
	}
	for _, c := range []struct {
		who  string
		told bool
	}{{"lanhdaoca", true}, {"thuongtruc", true}, {"bientap", false}, {"canbo", false}} {
		cl := e.NewClient(t)
		cl.Login(c.who, e.Passwords[c.who])
		page := cl.Get("/quan-tri/thong-bao").Body
		got := strings.Contains(page, "Nội dung chờ duyệt: “Cảnh báo: cuộc gọi giả danh cán bộ thuế”") && strings.Contains(page, `href="`+item+`"`)
		if got != c.told {
			t.Errorf("%s told about the content awaiting review: %v, want %v", c.who, got, c.told)
		}
	}
}
