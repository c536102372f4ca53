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
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// rowOf returns the aggregate's table row of the unit named name.
func rowOf(body, name string) string {
	i := strings.Index(body, ">"+name+"</a>")
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</tr>")
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}

func TestCalendar_SubmissionIsJudgedOnVietnamsDate(t *testing.T) {
	cases := []struct {
		name    string
		at      time.Time // when the leader sends the report for 2024-H1 (on time until 05/06/2024)
		want    string
		shownOn string
	}{
		{"23:30 on 05/06 in Vietnam is on time", time.Date(2024, 6, 5, 16, 30, 0, 0, time.UTC), "Đúng hạn", "05/06/2024"},
		{"01:00 on 06/06 in Vietnam is late, though UTC still says 05/06", time.Date(2024, 6, 5, 18, 0, 0, 0, time.UTC), "Trễ hạn", "06/06/2024"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := testutil.Start(t, "")
			e.Clock.Set(c.at)
			// The department as it stood in 2024, before the merger of 2025.
			pw := e.AddUser(t, "giamdoc-nn", "cao-bang-snnptnt", "", access.RoleLeader)
			leader := e.NewClient(t)
			leader.Login("giamdoc-nn", pw)
			leader.Get("/quan-tri/bao-cao/cao-bang-snnptnt/2024-H1")
			if r := leader.Post("/quan-tri/bao-cao/cao-bang-snnptnt/2024-H1/noi-dung", url.Values{"results": {"Tổ chức 12 buổi tuyên truyền tại các xã."}}); r.Status != http.StatusSeeOther {
				t.Fatalf("write: %d", r.Status)
			}
			if r := leader.Post("/quan-tri/bao-cao/cao-bang-snnptnt/2024-H1/ky", nil); r.Status != http.StatusSeeOther {
				t.Fatalf("sign: %d %s", r.Status, r.Body[strings.Index(r.Body, "<main"):])
			}
			if r := leader.Post("/quan-tri/bao-cao/cao-bang-snnptnt/2024-H1/gui", nil); r.Status != http.StatusSeeOther {
				t.Fatalf("submit: %d %.300s", r.Status, r.Body)
			}
			coord := e.NewClient(t)
			coord.Login("thuongtruc", e.Passwords["thuongtruc"])
			agg := coord.Get("/quan-tri/bao-cao/cao-bang/2024-H1")
			row := rowOf(agg.Body, "Sở Nông nghiệp và Phát triển nông thôn tỉnh Cao Bằng")
			if row == "" {
				t.Fatalf("the province aggregate (%d) has no row for the department", agg.Status)
			}
			if !strings.Contains(row, c.want) || !strings.Contains(row, c.shownOn) {
				t.Errorf("the department's row reads %q; want %q, sent on %s", row, c.want, c.shownOn)
			}
		})
	}
}

func TestCalendar_ConsoleAndPortalAgreeOnToday(t *testing.T) {
	cases := []struct {
		name string
		at   time.Time
		want string // the day in Vietnam
		iso  string
	}{
		{"00:30 on 07/12 in Vietnam", time.Date(2026, 12, 6, 17, 30, 0, 0, time.UTC), "07/12/2026", "2026-12-07"},
		{"23:30 on 07/12 in Vietnam", time.Date(2026, 12, 7, 16, 30, 0, 0, time.UTC), "07/12/2026", "2026-12-07"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := testutil.Start(t, "")
			e.Clock.Set(c.at)
			if got := e.App.Org.Today(); got != c.iso {
				t.Errorf("the organisation's today is %s, want %s", got, c.iso)
			}
			if got := e.App.Content.Today(); got != c.iso {
				t.Errorf("the portal's today is %s, want %s", got, c.iso)
			}
			coord := e.NewClient(t)
			coord.Login("thuongtruc", e.Passwords["thuongtruc"])
			if r := coord.Get("/quan-tri/don-vi"); !strings.Contains(r.Body, "?ngay="+c.iso+`" hx-get`) {
				t.Errorf("the console's Hôm nay does not point at %s", c.iso)
			}
			if r := coord.Get("/quan-tri/hoat-dong"); !strings.Contains(r.Body, `value="`+c.want+`"`) {
				t.Errorf("a new activity is not dated %s by default", c.want)
			}
		})
	}
}

func TestCalendar_CampaignSentAfterMidnightIsThatDaysActivity(t *testing.T) {
	e := testutil.Start(t, "")
	e.Clock.Set(time.Date(2026, 12, 6, 19, 35, 0, 0, time.UTC)) // 02:35 on 07/12 in Vietnam
	ctx := access.With(context.Background(), access.System())
	u, err := e.App.Org.Lookup(ctx, "cao-bang", e.App.Org.Today())
	if err != nil {
		t.Fatal(err)
	}
	st := e.App.Campaigns
	rs, _ := dispatch.Preview("sms", "Cảnh báo lừa đảo.", []dispatch.Recipient{{To: "0912000001"}, {To: "0912000002"}})
	c, err := st.Create(ctx, dispatch.Campaign{Name: "Cảnh báo rạng sáng", Channel: "sms", Template: "Cảnh báo lừa đảo.", State: dispatch.StateRunning, UnitID: u.ID}, rs)
	if err != nil {
		t.Fatal(err)
	}
	r := &dispatch.Runner{Campaigns: st, Sender: okSender{}, Batch: 10}
	if err := r.Run(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	var date string
	if err := e.App.DB.R.QueryRowContext(ctx, `SELECT date FROM activities WHERE title LIKE $1`, "%Cảnh báo rạng sáng%").Scan(&date); err != nil {
		t.Fatalf("the campaign was not logged as an activity: %v", err)
	}
	if date != "2026-12-07" {
		t.Errorf("the campaign sent at 02:35 on 07/12 is an activity of %s", date)
	}
}

type okSender struct{}

func (okSender) Send(context.Context, dispatch.Message) (string, error) { return "ok", nil }

func TestCalendar_WarningsExpireAtTheEndOfTheirLastDayInVietnam(t *testing.T) {
	e := testutil.Start(t, "")
	citizen := e.NewClient(t)
	idx := citizen.Get("/cap/alerts.xml")
	links := regexp.MustCompile(`href="https?://[^/"]+(/cap/[^"]+\.xml)"`).FindAllStringSubmatch(idx.Body, -1)
	if len(links) == 0 {
		t.Fatalf("the CAP index links no alert: %.1000s", idx.Body)
	}
	seen := 0
	for _, l := range links {
		body := citizen.Get(l[1]).Body
		m := regexp.MustCompile(`<expires>([^<]+)</expires>`).FindStringSubmatch(body)
		if m == nil {
			continue
		}
		seen++
		if !strings.HasSuffix(m[1], "T23:59:59+07:00") {
			t.Errorf("%s expires at %s; want the last second of its last day in Vietnam (…T23:59:59+07:00)", l[1], m[1])
		}
	}
	if seen == 0 {
		t.Fatal("no demo warning has an end date to check")
	}
}
