package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/testutil"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// participantsOf reads the "Số người tham dự" figure of a report page.
func participantsOf(t *testing.T, body string) int64 {
	t.Helper()
	m := regexp.MustCompile(`Số người tham dự</dt><dd>([0-9.]+)</dd>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no participants figure on the report page: %.400s", body)
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(m[1], ".", ""), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// logged posts an activity through the entry form and returns its id, read
// from the link of its row in the list.
func logged(t *testing.T, c *testutil.Client, form url.Values) string {
	t.Helper()
	c.Get("/quan-tri/hoat-dong")
	if r := c.Post("/quan-tri/hoat-dong", form); r.Status != http.StatusSeeOther {
		t.Fatalf("log %s: %d %.500s", form.Get("title"), r.Status, r.Body)
	}
	list := c.Get("/quan-tri/hoat-dong")
	m := regexp.MustCompile(`href="/quan-tri/hoat-dong/(\d+)">` + regexp.QuoteMeta(html.EscapeString(form.Get("title"))) + `</a>`).FindStringSubmatch(list.Body)
	if m == nil {
		t.Fatalf("the list has no link to %q", form.Get("title"))
	}
	return m[1]
}

// eduActivity logs an activity of Sở Giáo dục; it returns its id.
func eduActivity(t *testing.T, e *testutil.Env) string {
	t.Helper()
	sys := access.With(context.Background(), access.System())
	a, err := e.App.Activity.Log(sys, activity.Input{UnitCode: "cao-bang-sgddt", Date: "2026-10-05", Form: "meeting", Title: "Họp hội đồng sư phạm", Participants: "35"})
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(a.ID, 10)
}

func activityForm(title, date, participants string) url.Values {
	return url.Values{"unit": {"cao-bang-sgddt"}, "date": {date}, "form": {"meeting"}, "title": {title}, "participants": {participants}}
}

func TestCorrection_OfficerCorrectsLastWeeksActivityAndASentReportKeepsItsFigures(t *testing.T) {
	e := testutil.Start(t, "")
	officerPw := e.AddUser(t, "canbo-gd", "cao-bang-sgddt", "", access.RoleOfficer)
	leaderPw := e.AddUser(t, "lanhdao-gd", "cao-bang-sgddt", "", access.RoleLeader)
	strangerPw := e.AddUser(t, "canbo-ct", "cao-bang-sct", "", access.RoleOfficer)
	officer, leader, stranger := e.NewClient(t), e.NewClient(t), e.NewClient(t)
	officer.Login("canbo-gd", officerPw)
	leader.Login("lanhdao-gd", leaderPw)
	stranger.Login("canbo-ct", strangerPw)
	const rep = "/quan-tri/bao-cao/cao-bang-sgddt/2026-Y"
	before := participantsOf(t, officer.Get(rep).Body)

	// Last week's meeting, logged with a wrong figure, then corrected.
	title := "Họp giao ban tuần, lồng ghép cảnh báo lừa đảo đầu tư"
	id := logged(t, officer, activityForm(title, "16/11/2026", "40"))
	page := "/quan-tri/hoat-dong/" + id
	officer.Get(page)
	fixed := activityForm(title, "16/11/2026", "65")
	if r := officer.Post(page+"/sua", fixed); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Vui lòng ghi lý do") || !strings.Contains(r.Body, `value="65"`) {
		t.Fatalf("a correction without a reason: %d; want 422 saying a reason is needed and keeping 65", r.Status)
	}
	fixed.Set("reason", "Nhập nhầm số người dự: sổ họp ghi 65 người")
	if r := officer.Post(page+"/sua", fixed); r.Status != http.StatusSeeOther {
		t.Fatalf("correct: %d %.500s", r.Status, r.Body)
	}
	if row := rowOf(officer.Get("/quan-tri/hoat-dong").Body, title); !strings.Contains(row, ">65<") {
		t.Errorf("the list's row reads %q; want 65 participants", row)
	}
	if got := participantsOf(t, officer.Get(rep).Body); got != before+65 {
		t.Errorf("the live report counts %d participants; want %d (%d before + 65)", got, before+65, before)
	}
	hist := officer.Get(page).Body
	for _, want := range []string{"Nhập nhầm số người dự: sổ họp ghi 65 người", "40 người", "canbo-gd"} {
		if !strings.Contains(hist, want) {
			t.Errorf("the activity's history lacks %q", want)
		}
	}

	// Another unit's officer may neither correct nor delete it.
	stranger.Get("/quan-tri/hoat-dong")
	wrong := activityForm(title, "16/11/2026", "9999")
	wrong.Set("reason", "thử sửa")
	for _, path := range []string{page + "/sua", page + "/xoa"} {
		r := stranger.Post(path, wrong)
		if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "thuộc đơn vị khác") {
			t.Errorf("POST %s by another unit's officer: %d; want 403 saying the activity belongs to another unit: %.300s", path, r.Status, r.Body)
		}
	}

	// A second activity, then the report is signed and sent.
	other := "Phát tờ rơi tại cổng trường"
	otherID := logged(t, officer, activityForm(other, "17/11/2026", "12"))
	leader.Get(rep)
	leader.Post(rep+"/noi-dung", url.Values{"results": {"Tổ chức họp giao ban và phát tờ rơi."}})
	if r := leader.Post(rep+"/ky", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("sign: %d", r.Status)
	}
	if r := leader.Post(rep+"/gui", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("send: %d", r.Status)
	}
	sent := participantsOf(t, officer.Get(rep).Body)
	if sent != before+65+12 {
		t.Fatalf("the report sent %d participants; want %d", sent, before+65+12)
	}

	// An hour later the first is corrected again and the second deleted.
	e.Clock.Set(testutil.Now.Add(time.Hour))
	officer.Get(page)
	fixed.Set("participants", "80")
	fixed.Set("reason", "Bổ sung 15 người dự trực tuyến")
	if r := officer.Post(page+"/sua", fixed); r.Status != http.StatusSeeOther {
		t.Fatalf("correct after sending: %d %s", r.Status, r.Body[strings.Index(r.Body, "<main"):])
	}
	officer.Get("/quan-tri/hoat-dong/" + otherID)
	if r := officer.Post("/quan-tri/hoat-dong/"+otherID+"/xoa", url.Values{"reason": {"Ghi trùng với hoạt động của Đoàn trường"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("delete: %d %.300s", r.Status, r.Body)
	}
	report := officer.Get(rep).Body
	if got := participantsOf(t, report); got != sent {
		t.Errorf("the sent report now says %d participants; want the %d sent, frozen", got, sent)
	}
	day := vn.FormatDateTime(testutil.Now.Add(time.Hour))
	for _, want := range []string{"Đã sửa sau khi gửi", "Sửa ngày " + day, "Bổ sung 15 người dự trực tuyến", "Xóa ngày " + day, "Ghi trùng với hoạt động của Đoàn trường"} {
		if !strings.Contains(report, want) {
			t.Errorf("the sent report does not say %q", want)
		}
	}
	list := officer.Get("/quan-tri/hoat-dong").Body
	live, deleted, found := strings.Cut(list, "Đã xóa gần đây")
	if !found || !strings.Contains(deleted, other) {
		t.Errorf("the page does not list the deleted activity under “Đã xóa gần đây”")
	}
	if rowOf(live, other) != "" {
		t.Errorf("the deleted activity is still listed among those logged")
	}
	gone := officer.Get("/quan-tri/hoat-dong/" + otherID)
	if gone.Status != http.StatusOK || !strings.Contains(gone.Body, "đã bị xóa") || !strings.Contains(gone.Body, other) {
		t.Errorf("the deleted activity's page: %d; want its content and that it was deleted", gone.Status)
	}

	// The audit log has both, with their reasons.
	admin := e.NewClient(t)
	admin.Login("quantri", e.Passwords["quantri"])
	audit := admin.Get("/quan-tri/nhat-ky").Body
	for _, want := range []string{"Bổ sung 15 người dự trực tuyến", "Ghi trùng với hoạt động của Đoàn trường", "Sửa hoạt động", "Xóa hoạt động"} {
		if !strings.Contains(audit, want) {
			t.Errorf("the audit log lacks %q", want)
		}
	}
	if strings.Contains(audit, ">activity.correct<") {
		t.Error("the audit log names an action by its code")
	}
}

func TestRecurrence_WeeklyUntilADateLogsEachMondayInVietnamsCalendar(t *testing.T) {
	e := testutil.Start(t, "")
	// 01:00 on Monday 23/11/2026 in Vietnam; UTC still says Sunday 22/11.
	e.Clock.Set(time.Date(2026, 11, 22, 18, 0, 0, 0, time.UTC))
	pw := e.AddUser(t, "canbo-truong", "cao-bang-sgddt", "", access.RoleOfficer)
	c := e.NewClient(t)
	c.Login("canbo-truong", pw)
	c.Get("/quan-tri/hoat-dong")
	title := "Sinh hoạt dưới cờ đầu tuần: cảnh báo lừa đảo qua mạng"
	form := url.Values{"unit": {"cao-bang-sgddt"}, "date": {"02/11/2026"}, "form": {"flag-ceremony"}, "title": {title}, "participants": {"600"},
		"repeat": {"weekly"}, "until": {"23/11/2026"}}

	tooMany := url.Values{}
	for k, v := range form {
		tooMany[k] = v
	}
	tooMany.Set("repeat", "monthly")
	tooMany.Set("date", "06/01/2020")
	if r := c.Post("/quan-tri/hoat-dong", tooMany); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "hơn 60 buổi") {
		t.Errorf("a monthly series over nearly six years: %d; want 422 saying it is more than 60 occurrences", r.Status)
	}
	future := url.Values{}
	for k, v := range form {
		future[k] = v
	}
	future.Set("until", "30/11/2026")
	if r := c.Post("/quan-tri/hoat-dong", future); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "ở tương lai") {
		t.Errorf("a series ending next week: %d; want 422 saying only what took place is logged", r.Status)
	}

	r := c.Post("/quan-tri/hoat-dong", form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("log the series: %d %.500s", r.Status, r.Body)
	}
	list := c.Get("/quan-tri/hoat-dong").Body
	var dates []string
	for _, m := range regexp.MustCompile(`<tr><td>(\d\d/\d\d/\d{4})</td><td>[^<]*</td><td>[^<]*</td><td><a href="/quan-tri/hoat-dong/\d+">`+regexp.QuoteMeta(title)).FindAllStringSubmatch(list, -1) {
		dates = append(dates, m[1])
	}
	want := []string{"23/11/2026", "16/11/2026", "09/11/2026", "02/11/2026"}
	if strings.Join(dates, " ") != strings.Join(want, " ") {
		t.Errorf("the series logged %v; want the Mondays %v", dates, want)
	}
}
