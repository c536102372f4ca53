package report_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/report"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// world is a small tree of units with the report service over it:
//
//	bo (ministry)
//	├── tinh-a (province)
//	│   ├── tinh-a-sgd (department) ── tinh-a-truong (school)
//	│   └── tinh-a-ca (department)
//	└── tinh-b (province) ── tinh-b-ca (department)
type world struct {
	t   *testing.T
	ctx context.Context
	sys context.Context
	clk *clock.Fixed
	org *org.Service
	act *activity.Service
	rep *report.Service
	ids map[string]int64
	uid int64
}

func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	ctx := context.Background()
	clk := clock.NewFixed(time.Date(2026, 5, 20, 2, 0, 0, 0, time.UTC))
	o := org.NewService(db, clk)
	a := activity.NewService(db, clk, o)
	w := &world{t: t, ctx: ctx, sys: access.With(ctx, access.System()), clk: clk, org: o, act: a,
		rep: report.NewService(db, clk, o, a, plan.NewService(db, clk, o)), ids: map[string]int64{}}
	for _, u := range []org.UnitInput{
		{Code: "bo", Name: "Bộ Công an", Type: org.TypeMinistry},
		{Code: "tinh-a", Name: "Ủy ban nhân dân tỉnh A", Type: org.TypeProvince, ParentCode: "bo"},
		{Code: "tinh-a-sgd", Name: "Sở Giáo dục và Đào tạo tỉnh A", Type: org.TypeDepartment, ParentCode: "tinh-a"},
		{Code: "tinh-a-truong", Name: "Trường THPT Chuyên tỉnh A", Type: org.TypeSubunit, ParentCode: "tinh-a-sgd"},
		{Code: "tinh-a-ca", Name: "Công an tỉnh A", Type: org.TypeDepartment, ParentCode: "tinh-a"},
		{Code: "tinh-b", Name: "Ủy ban nhân dân tỉnh B", Type: org.TypeProvince, ParentCode: "bo"},
		{Code: "tinh-b-ca", Name: "Công an tỉnh B", Type: org.TypeDepartment, ParentCode: "tinh-b"},
	} {
		u.ValidFrom = "01/01/2024"
		made, err := o.Create(w.sys, u)
		if err != nil {
			t.Fatalf("unit %s: %v", u.Code, err)
		}
		w.ids[u.Code] = made.ID
	}
	return w
}

// as returns a context for a person of unit holding role over scope.
func (w *world) as(unit, scope string, role access.Role) context.Context {
	w.uid++
	return access.With(w.ctx, &access.Actor{UserID: w.uid, Username: unit + "-" + string(role), UnitID: w.ids[unit],
		Grants: []access.Grant{{Role: role, ScopeUnit: w.ids[scope]}}})
}

// on moves the clock to 09:00 in Vietnam on a day of 2026 ("2026-06-03").
func (w *world) on(day string) {
	d, err := time.Parse("2006-01-02", day)
	if err != nil {
		w.t.Fatal(err)
	}
	w.clk.Set(d.Add(2 * time.Hour))
}

// send opens, writes, signs and submits a unit's report as the system.
func (w *world) send(unit, period string) *report.Report {
	w.t.Helper()
	r, err := w.rep.Open(w.sys, unit, period)
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.rep.SaveNarrative(w.sys, r.ID, report.Narrative{Results: "Tổ chức các buổi tuyên truyền."}); err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.rep.Sign(w.sys, r.ID); err != nil {
		w.t.Fatal(err)
	}
	if r, err = w.rep.Submit(w.sys, r.ID); err != nil {
		w.t.Fatal(err)
	}
	return r
}

func (w *world) log(unit, date string, participants string) {
	w.t.Helper()
	if _, err := w.act.Log(w.sys, activity.Input{UnitCode: unit, Date: date, Form: "meeting", Title: "Họp cơ quan", Participants: participants}); err != nil {
		w.t.Fatal(err)
	}
}

// vi returns the Vietnamese message of a refusal, or its fields joined.
func vi(err error) string {
	if f := errs.FieldsOf(err); f != nil {
		var out []string
		for k, v := range f {
			out = append(out, k+": "+v)
		}
		return strings.Join(out, "; ")
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return e.VI
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// TestWorkflow_EachStepByItsRoleInItsOrder walks one department's report
// through every step with the person each step needs, and checks the
// refusals on the way: the words, and that the report did not move.
func TestWorkflow_EachStepByItsRoleInItsOrder(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		officer := w.as("tinh-a-sgd", "tinh-a-sgd", access.RoleOfficer)
		leader := w.as("tinh-a-sgd", "tinh-a-sgd", access.RoleLeader)
		reviewer := w.as("tinh-a-ca", "tinh-a", access.RoleCoordinator) // the province's standing body
		outsider := w.as("tinh-b-ca", "tinh-b", access.RoleCoordinator)
		school := w.as("tinh-a-truong", "tinh-a-truong", access.RoleOfficer)

		r, err := w.rep.Open(officer, "tinh-a-sgd", "2026-h1")
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != report.StatusDraft || r.Period.Code != "2026-H1" || r.UnitName != "Sở Giáo dục và Đào tạo tỉnh A" {
			t.Fatalf("opened %s of %s for %s, want a draft of 2026-H1", r.Status, r.UnitName, r.Period.Code)
		}
		id := r.ID
		steps := []struct {
			name   string
			do     func() (*report.Report, error)
			refuse string // part of the message; "" when the step goes through
			status report.Status
		}{
			{"the school's officer opens its department's report", func() (*report.Report, error) { return w.rep.Get(school, id) },
				errs.ErrForbidden.VI, report.StatusDraft},
			{"another province writes it", func() (*report.Report, error) {
				return w.rep.SaveNarrative(outsider, id, report.Narrative{Results: "x"})
			}, errs.ErrForbidden.VI, report.StatusDraft},
			{"the leader signs an empty report", func() (*report.Report, error) { return w.rep.Sign(leader, id) },
				"results: Vui lòng viết phần “Kết quả đạt được” trước khi ký.", report.StatusDraft},
			{"the officer submits before anyone signed", func() (*report.Report, error) { return w.rep.Submit(officer, id) },
				"Báo cáo cần lãnh đạo ký trước khi gửi.", report.StatusDraft},
			{"a section longer than 30,000 characters", func() (*report.Report, error) {
				return w.rep.SaveNarrative(officer, id, report.Narrative{Results: "Kết quả", Proposals: strings.Repeat("đề xuất ", 3751)})
			}, "proposals: Đề xuất, kiến nghị dài quá 30.000 ký tự", report.StatusDraft},
			{"the officer writes the results", func() (*report.Report, error) {
				return w.rep.SaveNarrative(officer, id, report.Narrative{Results: "Tổ chức 12 buổi ngoại khóa."})
			}, "", report.StatusDraft},
			{"the officer signs", func() (*report.Report, error) { return w.rep.Sign(officer, id) },
				"Chỉ lãnh đạo đơn vị mới ký báo cáo.", report.StatusDraft},
			{"the leader signs", func() (*report.Report, error) { return w.rep.Sign(leader, id) }, "", report.StatusSigned},
			{"the officer edits after the signature", func() (*report.Report, error) {
				return w.rep.SaveNarrative(officer, id, report.Narrative{Results: "Tổ chức 13 buổi ngoại khóa."})
			}, "", report.StatusDraft},
			{"the officer submits what the leader has not signed again", func() (*report.Report, error) { return w.rep.Submit(officer, id) },
				"Báo cáo cần lãnh đạo ký trước khi gửi.", report.StatusDraft},
			{"the reviewer accepts a draft", func() (*report.Report, error) { return w.rep.Accept(reviewer, id) },
				"Báo cáo chưa được gửi.", report.StatusDraft},
			{"the leader signs again", func() (*report.Report, error) { return w.rep.Sign(leader, id) }, "", report.StatusSigned},
			{"the officer submits", func() (*report.Report, error) { return w.rep.Submit(officer, id) }, "", report.StatusSubmitted},
			{"the officer submits twice", func() (*report.Report, error) { return w.rep.Submit(officer, id) }, "", report.StatusSubmitted},
			{"the officer edits after sending", func() (*report.Report, error) {
				return w.rep.SaveNarrative(officer, id, report.Narrative{Results: "Sửa sau khi gửi."})
			}, "Báo cáo đã gửi thì không sửa được", report.StatusSubmitted},
			{"the leader signs after sending", func() (*report.Report, error) { return w.rep.Sign(leader, id) },
				"Báo cáo đã được gửi.", report.StatusSubmitted},
			{"the reviewer returns it without a reason", func() (*report.Report, error) { return w.rep.Return(reviewer, id, "  ") },
				"comment: Vui lòng ghi lý do trả lại để đơn vị biết cần sửa gì.", report.StatusSubmitted},
			{"the department's leader returns its own report", func() (*report.Report, error) { return w.rep.Return(leader, id, "Tự trả") },
				"Chỉ Ủy ban nhân dân tỉnh A (nơi nhận báo cáo)", report.StatusSubmitted},
			{"the reviewer returns it", func() (*report.Report, error) {
				return w.rep.Return(reviewer, id, "Bổ sung số học sinh tham gia.")
			},
				"", report.StatusReturned},
			{"the officer corrects the returned report", func() (*report.Report, error) {
				return w.rep.SaveNarrative(officer, id, report.Narrative{Results: "Tổ chức 13 buổi, 4.100 học sinh tham gia."})
			}, "", report.StatusReturned},
			{"the officer sends it back unsigned", func() (*report.Report, error) { return w.rep.Submit(officer, id) },
				"Báo cáo cần lãnh đạo ký trước khi gửi.", report.StatusReturned},
			{"the leader signs the correction", func() (*report.Report, error) { return w.rep.Sign(leader, id) }, "", report.StatusSigned},
			{"the officer sends it again", func() (*report.Report, error) { return w.rep.Submit(officer, id) }, "", report.StatusSubmitted},
			{"the reviewer accepts it", func() (*report.Report, error) { return w.rep.Accept(reviewer, id) }, "", report.StatusAccepted},
			{"the officer edits the accepted report", func() (*report.Report, error) {
				return w.rep.SaveNarrative(officer, id, report.Narrative{Results: "x"})
			}, "Báo cáo đã gửi thì không sửa được", report.StatusAccepted},
		}
		for _, s := range steps {
			_, err := s.do()
			if s.refuse == "" && err != nil {
				t.Fatalf("%s: %v (%s)", s.name, err, vi(err))
			}
			if s.refuse != "" && !strings.Contains(vi(err), s.refuse) {
				t.Fatalf("%s: %q, want a refusal saying %q", s.name, vi(err), s.refuse)
			}
			got, err := w.rep.Get(w.sys, id)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != s.status {
				t.Fatalf("%s: the report is %s (%s), want %s", s.name, got.Status, got.Status.Label(), s.status)
			}
		}
		got, _ := w.rep.Get(w.sys, id)
		if got.Comment != "" || got.Narrative.Results != "Tổ chức 13 buổi, 4.100 học sinh tham gia." {
			t.Errorf("accepted report: comment %q, results %q; want the comment cleared and the correction kept", got.Comment, got.Narrative.Results)
		}
	})
}

func TestReturn_TellsTheUnitWhatToCorrect(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	r := w.send("tinh-a-ca", "2026-H1")
	if _, err := w.rep.Return(w.as("tinh-a", "tinh-a", access.RoleLeader), r.ID, "  Thiếu số liệu tin nhắn theo nhà mạng. "); err != nil {
		t.Fatal(err)
	}
	got, err := w.rep.Get(w.as("tinh-a-ca", "tinh-a-ca", access.RoleOfficer), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != report.StatusReturned || got.Status.Label() != "Bị trả lại" || got.Comment != "Thiếu số liệu tin nhắn theo nhà mạng." {
		t.Fatalf("the unit reads %q with comment %q", got.Status.Label(), got.Comment)
	}
}

// A report goes to the unit above; the top of the tree sends to nobody.
func TestMayReview_TheTopUnitsReportGoesNowhere(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	r := w.send("bo", "2026-H1")
	_, err := w.rep.Accept(w.as("bo", "bo", access.RoleLeader), r.ID)
	if want := "Báo cáo của Bộ Công an không gửi lên cấp nào trong hệ thống nên không có ai tiếp nhận."; vi(err) != want {
		t.Fatalf("%q, want %q", vi(err), want)
	}
}

// A reader who may not write a unit's report sees its live figures, but
// opening it does not create a draft in their name.
func TestOpen_AReaderSeesLiveFiguresWithoutCreatingADraft(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	w.log("tinh-a-ca", "10/03/2026", "70")
	cases := []struct {
		name    string
		ctx     context.Context
		refused bool
		created bool
	}{
		{"the national admin", w.as("bo", "bo", access.RoleAdmin), false, false},
		{"an analyst of the police", w.as("tinh-a-ca", "tinh-a-ca", access.RoleAnalyst), true, false},
		{"another province's coordinator", w.as("tinh-b-ca", "tinh-b", access.RoleCoordinator), true, false},
		{"the school's officer", w.as("tinh-a-truong", "tinh-a-truong", access.RoleOfficer), true, false},
		{"the police's officer", w.as("tinh-a-ca", "tinh-a-ca", access.RoleOfficer), false, true},
	}
	for _, c := range cases {
		r, err := w.rep.Open(c.ctx, "tinh-a-ca", "2026-H1")
		if c.refused {
			if !errors.Is(err, errs.ErrForbidden) {
				t.Errorf("%s: %v, want a refusal", c.name, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if (r.ID != 0) != c.created || r.Figures == nil || r.Figures.Own.Reach.Participants != 70 {
			t.Errorf("%s: report id %d, figures %+v; want created=%v with 70 participants", c.name, r.ID, r.Figures, c.created)
		}
	}
}

// TestAggregate_StateOfEachSubUnitAgainstItsDueDate reads the province's
// and the department's aggregates on chosen days: on time up to the due
// date, late by days after it, missing once it passed with nothing
// received, pending before; sub-units of a department are due to it on the
// 1st, departments to the province on the 5th.
func TestAggregate_StateOfEachSubUnitAgainstItsDueDate(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.log("tinh-a", "01/02/2026", "1000")
		w.log("tinh-a-sgd", "01/03/2026", "40")
		w.log("tinh-a-truong", "16/04/2026", "100")
		w.log("tinh-a-ca", "12/03/2026", "7")
		w.log("tinh-a-ca", "14/12/2025", "5000") // before the period

		type row struct {
			state report.State
			late  int
		}
		look := func(unit string) (*report.Figures, map[string]row) {
			t.Helper()
			r, err := w.rep.Open(w.sys, unit, "2026-H1")
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]row{}
			for _, x := range r.Figures.Rows {
				got[x.Code] = row{x.State, x.DaysLate}
			}
			return r.Figures, got
		}

		w.on("2026-06-01")
		_, prov := look("tinh-a")
		if want := (row{report.StatePending, 0}); prov["tinh-a-sgd"] != want || prov["tinh-a-ca"] != want {
			t.Errorf("before the due date: %+v, want both pending", prov)
		}
		w.on("2026-06-03")
		w.send("tinh-a-truong", "2026-H1") // two days after its department's date
		w.send("tinh-a-sgd", "2026-H1")    // two days before the province's
		w.on("2026-06-08")
		w.send("tinh-a-ca", "2026-H1") // three days late
		w.on("2026-06-10")

		cases := []struct {
			unit                       string
			want                       map[string]row
			expected, received, onTime int
			participants               int64
		}{
			{"tinh-a-sgd", map[string]row{"tinh-a-truong": {report.StateLate, 2}}, 1, 1, 0, 140},
			{"tinh-a", map[string]row{"tinh-a-sgd": {report.StateOnTime, 0}, "tinh-a-ca": {report.StateLate, 3}}, 2, 2, 1, 1147},
			{"tinh-b", map[string]row{"tinh-b-ca": {report.StateMissing, 5}}, 1, 0, 0, 0},
		}
		for _, c := range cases {
			f, got := look(c.unit)
			for code, want := range c.want {
				if got[code] != want {
					t.Errorf("%s: row %s is %+v, want %+v", c.unit, code, got[code], want)
				}
			}
			if len(got) != len(c.want) {
				t.Errorf("%s: rows %v, want %v", c.unit, got, c.want)
			}
			if f.Expected != c.expected || f.Received != c.received || f.OnTime != c.onTime || f.Total.Reach.Participants != c.participants {
				t.Errorf("%s: expected %d received %d on time %d, %d participants; want %d, %d, %d, %d", c.unit,
					f.Expected, f.Received, f.OnTime, f.Total.Reach.Participants, c.expected, c.received, c.onTime, c.participants)
			}
		}

		// A returned report is no longer counted as received.
		ca, _ := w.rep.Open(w.sys, "tinh-a-ca", "2026-H1")
		if _, err := w.rep.Return(w.as("tinh-a", "tinh-a", access.RoleLeader), ca.ID, "Bổ sung số liệu."); err != nil {
			t.Fatal(err)
		}
		f, got := look("tinh-a")
		if got["tinh-a-ca"].state != report.StateReturned || f.Received != 1 || f.Total.Reach.Participants != 1140 {
			t.Errorf("after returning the police's report: %+v, received %d, %d participants; want returned, 1, 1140", got["tinh-a-ca"], f.Received, f.Total.Reach.Participants)
		}
	})
}

// The on-time limit is kept apart from the due date: a coordinator may
// give the units a few days' grace without moving the due date.
func TestSetWindow_GraceDaysCountAsOnTimeAndBadDatesAreRefused(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	cases := []struct {
		name  string
		win   report.Period
		field string
		want  string
	}{
		{"a date that is not one", report.Period{Due: "2026-02-30"}, "due", "ngày \"2026-02-30\" không hợp lệ (dạng 2024-06-05)"},
		{"an end before the start", report.Period{CoverTo: "2025-12-01"}, "to", "kỳ kết thúc trước khi bắt đầu"},
		{"an on-time limit before the due date", report.Period{OnTimeUntil: "2026-06-04"}, "on-time-until", "hạn tính đúng hạn không được trước hạn gửi"},
	}
	for _, c := range cases {
		_, err := w.rep.SetWindow(w.sys, "2026-H1", c.win)
		if got := errs.FieldsOf(err)[c.field]; got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	p, err := w.rep.SetWindow(w.sys, "2026-H1", report.Period{OnTimeUntil: "2026-06-10"})
	if err != nil || p.Due != "2026-06-05" || p.OnTimeUntil != "2026-06-10" || p.CoverFrom != "2025-12-15" {
		t.Fatalf("window %+v, %v", p, err)
	}
	w.on("2026-06-09")
	w.send("tinh-a-ca", "2026-H1")
	prov, err := w.rep.Open(w.sys, "tinh-a", "2026-H1")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range prov.Figures.Rows {
		if r.Code == "tinh-a-ca" && r.State != report.StateOnTime {
			t.Errorf("submitted within the grace days: %s, want on time", r.State.Label())
		}
	}
}

func TestPeriod_RegularWindowsAndUnknownCodes(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	cases := []struct {
		code                    string
		from, to, due, internal string
		refuse                  string
	}{
		{"2026-h1", "2025-12-15", "2026-06-14", "2026-06-05", "2026-06-01", ""},
		{" 2026-Y ", "2025-12-15", "2026-12-14", "2026-12-05", "2026-12-01", ""},
		{"2026-Q3", "", "", "", "", "Không có kỳ báo cáo \"2026-Q3\" (dạng 2024-H1, 2024-Y, 2024-AH-1)."},
		{"1999-H1", "", "", "", "", "Không có kỳ báo cáo \"1999-H1\""},
	}
	for _, c := range cases {
		p, err := w.rep.Period(w.sys, c.code)
		if c.refuse != "" {
			if !errors.Is(err, errs.ErrNotFound) || !strings.Contains(vi(err), c.refuse) {
				t.Errorf("%s: %q, want %q", c.code, vi(err), c.refuse)
			}
			continue
		}
		if err != nil || p.CoverFrom != c.from || p.CoverTo != c.to || p.Due != c.due || p.InternalDue != c.internal || p.OnTimeUntil != c.due {
			t.Errorf("%s: %+v, %v", c.code, p, err)
		}
	}
}

func TestRequestReports_ByAReviewerForUnitsInScope(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.on("2026-09-01")
		standing := w.as("tinh-a-ca", "tinh-a", access.RoleCoordinator)
		ok := report.Request{Unit: "tinh-a", Name: "Báo cáo sơ kết  2 năm", From: "01/01/2025", To: "31/08/2026", Due: "15/09/2026",
			UnitCodes: []string{"tinh-a-ca"}}
		cases := []struct {
			name string
			ctx  context.Context
			edit func(*report.Request)
			want string // part of the refusal; "" when allowed
		}{
			{"an officer asks", w.as("tinh-a", "tinh-a", access.RoleOfficer), func(*report.Request) {},
				"Chỉ cơ quan tổng hợp báo cáo mới yêu cầu báo cáo đột xuất."},
			{"without a name", standing, func(r *report.Request) { r.Name = " " }, "name: Vui lòng đặt tên cho yêu cầu báo cáo"},
			{"a due date already past", standing, func(r *report.Request) { r.Due = "31/08/2026" }, "due: Hạn gửi đã qua."},
			{"a window ending before it starts", standing, func(r *report.Request) { r.To = "31/12/2024" }, "to: Ngày kết thúc kỳ trước ngày bắt đầu."},
			{"no due date", standing, func(r *report.Request) { r.Due = "" }, "due: Vui lòng nhập hạn gửi."},
			{"a unit of another province", standing, func(r *report.Request) { r.UnitCodes = []string{"tinh-b-ca"} }, "units: Không yêu cầu được đơn vị \"tinh-b-ca\"."},
			{"no unit", standing, func(r *report.Request) { r.UnitCodes = nil }, "units: Vui lòng chọn ít nhất một đơn vị."},
			{"the standing body asks the police", standing, func(*report.Request) {}, ""},
			{"and again, the school department", standing, func(r *report.Request) { r.UnitCodes = []string{"tinh-a-sgd"} }, ""},
		}
		var codes []string
		for _, c := range cases {
			in := ok
			c.edit(&in)
			p, err := w.rep.RequestReports(c.ctx, in)
			if c.want == "" {
				if err != nil {
					t.Fatalf("%s: %v", c.name, vi(err))
				}
				codes = append(codes, p.Code)
				continue
			}
			if !strings.Contains(vi(err), c.want) {
				t.Errorf("%s: %q, want %q", c.name, vi(err), c.want)
			}
		}
		if strings.Join(codes, " ") != "2026-AH-1 2026-AH-2" {
			t.Fatalf("codes %v, want 2026-AH-1 2026-AH-2 (refusals take no number)", codes)
		}
		// Only the units asked are expected to answer.
		r, err := w.rep.Open(w.sys, "tinh-a", "2026-AH-1")
		if err != nil {
			t.Fatal(err)
		}
		if r.Period.Name != "Báo cáo sơ kết 2 năm" || r.Period.Due != "2026-09-15" || r.Figures.Expected != 1 || len(r.Figures.Rows) != 1 || r.Figures.Rows[0].Code != "tinh-a-ca" {
			t.Fatalf("the request's aggregate: %q due %s, expected %d, rows %+v", r.Period.Name, r.Period.Due, r.Figures.Expected, r.Figures.Rows)
		}
	})
}

// A submitted report keeps the figures it was sent with; once returned for
// correction it is computed afresh, so the resubmission carries what was
// logged since.
func TestFigures_FrozenWhenSentAndLiveAgainWhenReturned(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	w.log("tinh-a-ca", "12/03/2026", "70")
	w.on("2026-06-03")
	r := w.send("tinh-a-ca", "2026-H1")
	w.on("2026-06-12")
	w.log("tinh-a-ca", "10/06/2026", "30") // inside the window, logged after sending
	participants := func() int64 {
		t.Helper()
		got, err := w.rep.Get(w.sys, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Figures.Own.Reach.Participants
	}
	if n := participants(); n != 70 {
		t.Fatalf("the sent report shows %d participants, want the 70 it was sent with", n)
	}
	if _, err := w.rep.Return(w.as("tinh-a", "tinh-a", access.RoleLeader), r.ID, "Bổ sung hoạt động tháng 6."); err != nil {
		t.Fatal(err)
	}
	if n := participants(); n != 100 {
		t.Fatalf("the returned report shows %d participants, want the live 100", n)
	}
	if _, err := w.rep.Sign(w.sys, r.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.rep.Submit(w.sys, r.ID); err != nil {
		t.Fatal(err)
	}
	w.log("tinh-a-ca", "11/06/2026", "5")
	if n := participants(); n != 100 {
		t.Fatalf("the report sent again shows %d participants, want the 100 it was sent with", n)
	}
}
