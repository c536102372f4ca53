package activity_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/upload"
)

// world is a small tree of units with the activity service over it:
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
	ids map[string]int64
	uid int64
}

func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	ctx := context.Background()
	clk := clock.NewFixed(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	o := org.NewService(db, clk)
	w := &world{t: t, ctx: ctx, sys: access.With(ctx, access.System()), clk: clk, org: o, act: activity.NewService(db, clk, o), ids: map[string]int64{}}
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

// log records an activity as the system, failing the test on refusal.
func (w *world) log(in activity.Input) *activity.Activity {
	w.t.Helper()
	a, err := w.act.Log(w.sys, in)
	if err != nil {
		w.t.Fatalf("log %+v: %v", in, err)
	}
	return a
}

// count returns how many activities the unit (alone) has, read as the system.
func (w *world) count(unit string) int {
	w.t.Helper()
	as, err := w.act.List(w.sys, activity.Filter{UnitID: w.ids[unit]})
	if err != nil {
		w.t.Fatal(err)
	}
	return len(as)
}

func TestLog_OnlyForUnitsInTheActorsSubtree(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		const (
			allowed    = ""
			outOfScope = "nằm ngoài phạm vi bạn phụ trách nên bạn không ghi nhận hoạt động cho đơn vị này được"
			noRight    = "forbidden" // sees the unit, may not log for it
		)
		cases := []struct {
			name   string
			ctx    context.Context
			unit   string
			refuse string
		}{
			{"an officer logs for their own school", w.as("tinh-a-truong", "tinh-a-truong", access.RoleOfficer), "tinh-a-truong", allowed},
			{"the department's officer logs for its school", w.as("tinh-a-sgd", "tinh-a-sgd", access.RoleOfficer), "tinh-a-truong", allowed},
			{"the province's coordinator logs for a department", w.as("tinh-a-ca", "tinh-a", access.RoleCoordinator), "tinh-a-sgd", allowed},
			{"an editor logs for their own unit", w.as("tinh-a-ca", "tinh-a-ca", access.RoleEditor), "tinh-a-ca", allowed},
			{"the school's officer logs for its department", w.as("tinh-a-truong", "tinh-a-truong", access.RoleOfficer), "tinh-a-sgd", outOfScope},
			{"a sibling department's officer logs for the school", w.as("tinh-a-ca", "tinh-a-ca", access.RoleOfficer), "tinh-a-truong", outOfScope},
			{"another province's coordinator logs for the school", w.as("tinh-b-ca", "tinh-b", access.RoleCoordinator), "tinh-a-truong", outOfScope},
			{"an analyst of the unit logs for it", w.as("tinh-a-ca", "tinh-a-ca", access.RoleAnalyst), "tinh-a-ca", noRight},
			{"a national admin logs for a department", w.as("bo", "bo", access.RoleAdmin), "tinh-a-ca", noRight},
		}
		for _, c := range cases {
			before := w.count(c.unit)
			got, err := w.act.Log(c.ctx, activity.Input{UnitCode: c.unit, Date: "20/11/2026", Form: "meeting", Title: "Họp cơ quan: " + c.name, Participants: "25"})
			switch c.refuse {
			case allowed:
				if err != nil || got == nil || got.UnitID != w.ids[c.unit] {
					t.Errorf("%s: %v, want it logged", c.name, err)
				}
				if w.count(c.unit) != before+1 {
					t.Errorf("%s: the unit has %d activities, want %d", c.name, w.count(c.unit), before+1)
				}
				continue
			case noRight:
				if !errors.Is(err, errs.ErrForbidden) {
					t.Errorf("%s: %v, want “%s”", c.name, err, errs.ErrForbidden.VI)
				}
			default:
				if msg := errs.FieldsOf(err)["unit"]; msg != "Đơn vị “"+c.unit+"” "+c.refuse+"." {
					t.Errorf("%s: the unit field says %q (%v), want it refused as out of scope", c.name, msg, err)
				}
			}
			if w.count(c.unit) != before {
				t.Errorf("%s: a refused activity was kept", c.name)
			}
		}
	})
}

func TestLog_RefusesWhatIsTypedWrongByField(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	ok := activity.Input{UnitCode: "tinh-a-sgd", Date: "20/11/2026", Form: "meeting", Title: "Họp cơ quan", Participants: "30"}
	cases := []struct {
		name  string
		edit  func(*activity.Input)
		field string
		want  string
	}{
		{"no unit", func(in *activity.Input) { in.UnitCode = "" }, "unit", "Vui lòng chọn đơn vị."},
		{"a unit that does not exist", func(in *activity.Input) { in.UnitCode = "tinh-z" }, "unit", "Không có đơn vị mã “tinh-z”; vui lòng chọn đơn vị trong danh sách."},
		{"no date", func(in *activity.Input) { in.Date = " " }, "date", "Vui lòng nhập ngày diễn ra hoạt động."},
		{"a date that does not exist", func(in *activity.Input) { in.Date = "31/02/2026" }, "date", "31/02/2026"},
		{"a date after today", func(in *activity.Input) { in.Date = "23/11/2026" }, "date", "Ngày hoạt động ở tương lai: chỉ ghi nhận hoạt động đã diễn ra."},
		{"an end before the start", func(in *activity.Input) { in.DateTo = "19/11/2026" }, "date_to", "Ngày kết thúc trước ngày bắt đầu."},
		{"an unknown form", func(in *activity.Input) { in.Form = "tiktok" }, "form", "Vui lòng chọn hình thức tuyên truyền."},
		{"no title", func(in *activity.Input) { in.Title = "  \n " }, "title", "Vui lòng ghi nội dung hoạt động"},
		{"a title over 500 characters", func(in *activity.Input) { in.Title = strings.Repeat("ạ", 501) }, "title", "Nội dung dài quá 500 ký tự"},
		{"a note over 5,000 characters", func(in *activity.Input) { in.Note = strings.Repeat("ghi ", 1251) }, "note", "Ghi chú dài quá 5.000 ký tự"},
		{"a negative count", func(in *activity.Input) { in.Participants = "-5" }, "participants", "“-5” không phải một số đếm hợp lệ"},
		{"a count with letters", func(in *activity.Input) { in.Copies = "12 tờ" }, "copies", "“12 tờ” không phải một số đếm hợp lệ"},
		{"more people than the country has", func(in *activity.Input) { in.Views = "100.000.001" }, "views", "tối đa 100.000.000"},
		{"a link that is not a web address", func(in *activity.Input) { in.Links = []string{"ftp://tai-lieu.vn/a.pdf"} }, "links", "Đường dẫn “ftp://tai-lieu.vn/a.pdf” không hợp lệ"},
		{"a link without a host", func(in *activity.Input) { in.Links = []string{"https://"} }, "links", "Đường dẫn “https://” không hợp lệ"},
		{"an audience group over 2,000 characters", func(in *activity.Input) { in.Audience = []string{strings.Repeat("x", 2001)} }, "audience", "Một đối tượng dài quá 2.000 ký tự"},
	}
	for _, c := range cases {
		in := ok
		c.edit(&in)
		_, err := w.act.Log(w.sys, in)
		if got := errs.FieldsOf(err)[c.field]; !strings.Contains(got, c.want) {
			t.Errorf("%s: field %s says %q, want %q (error %v)", c.name, c.field, got, c.want, err)
		}
	}
	if n := w.count("tinh-a-sgd"); n != 0 {
		t.Fatalf("%d refused activities were kept", n)
	}
}

func TestLog_ReadsFiguresAndDatesAsPeopleWriteThem(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	a := w.log(activity.Input{UnitCode: " TINH-A-SGD ", Date: "ngày 5 tháng 11 năm 2026", DateTo: "05/11/2026", Form: "school",
		Title: "  Ngoại khóa\n  an toàn   mạng ", Participants: "1.250", Copies: "2 000", Views: "", Messages: "3,400",
		Audience: []string{" Học sinh, sinh viên ", "", "  "}, Links: []string{"https://so-gd.tinh-a.gov.vn/tin/1"}})
	got, err := w.act.List(w.sys, activity.Filter{UnitID: w.ids["tinh-a-sgd"]})
	if err != nil || len(got) != 1 {
		t.Fatalf("list: %v, %d activities", err, len(got))
	}
	g := got[0]
	checks := []struct{ what, got, want string }{
		{"unit", a.UnitName, "Sở Giáo dục và Đào tạo tỉnh A"},
		{"date", g.Date, "2026-11-05"},
		{"end date (same day means one day)", g.DateTo, ""},
		{"title with spaces folded", g.Title, "Ngoại khóa an toàn mạng"},
		{"audience without blanks", strings.Join(g.Audience, "|"), "Học sinh, sinh viên"},
		{"source", g.Source, "form"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.what, c.got, c.want)
		}
	}
	if g.ID != a.ID || g.Participants != 1250 || g.Copies != 2000 || g.Views != 0 || g.Messages != 3400 {
		t.Errorf("figures %d/%d/%d/%d, want 1250/2000/0/3400", g.Participants, g.Copies, g.Views, g.Messages)
	}
}

func TestLogMany_KeepsAllOrNone(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	good := activity.Input{UnitCode: "tinh-a-ca", Date: "01/11/2026", Form: "leaflet", Title: "Phát tờ rơi", Copies: "500"}
	bad := good
	bad.Form = ""
	_, err := w.act.LogMany(w.sys, []activity.Input{good, good, bad})
	if got := errs.FieldsOf(err)["form"]; got != "Vui lòng chọn hình thức tuyên truyền." {
		t.Fatalf("the third row's refusal: %q (%v)", got, err)
	}
	if n := w.count("tinh-a-ca"); n != 0 {
		t.Fatalf("%d activities kept from a batch with a refused row, want none", n)
	}
	if _, err := w.act.LogMany(w.sys, []activity.Input{good, good}); err != nil {
		t.Fatal(err)
	}
	if n := w.count("tinh-a-ca"); n != 2 {
		t.Fatalf("%d activities after a good batch of two", n)
	}
}

func TestList_ShowsOnlyTheActorsSubtree(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		for _, u := range []string{"tinh-a-sgd", "tinh-a-truong", "tinh-a-ca", "tinh-b-ca"} {
			w.log(activity.Input{UnitCode: u, Date: "10/11/2026", Form: "meeting", Title: "Họp " + u, Participants: "10"})
		}
		cases := []struct {
			name   string
			ctx    context.Context
			filter string // unit filter; "" for all the actor may see
			want   string // unit codes seen, in order of the tree; "forbidden" when refused
		}{
			{"the school's officer sees the school", w.as("tinh-a-truong", "tinh-a-truong", access.RoleOfficer), "", "tinh-a-truong"},
			{"the department's officer sees itself and its school", w.as("tinh-a-sgd", "tinh-a-sgd", access.RoleOfficer), "", "tinh-a-sgd tinh-a-truong"},
			{"an analyst of the police sees the police", w.as("tinh-a-ca", "tinh-a-ca", access.RoleAnalyst), "", "tinh-a-ca"},
			{"the province's coordinator sees the province", w.as("tinh-a-ca", "tinh-a", access.RoleCoordinator), "", "tinh-a-sgd tinh-a-truong tinh-a-ca"},
			{"the national admin sees both provinces", w.as("bo", "bo", access.RoleAdmin), "", "tinh-a-sgd tinh-a-truong tinh-a-ca tinh-b-ca"},
			{"the school's officer asks for the department", w.as("tinh-a-truong", "tinh-a-truong", access.RoleOfficer), "tinh-a-sgd", "forbidden"},
			{"a sibling asks for the school", w.as("tinh-a-ca", "tinh-a-ca", access.RoleOfficer), "tinh-a-truong", "forbidden"},
			{"another province asks for the school", w.as("tinh-b-ca", "tinh-b", access.RoleCoordinator), "tinh-a-truong", "forbidden"},
			{"another province lists what it may see", w.as("tinh-b-ca", "tinh-b", access.RoleCoordinator), "", "tinh-b-ca"},
		}
		order := []string{"tinh-a-sgd", "tinh-a-truong", "tinh-a-ca", "tinh-b-ca"}
		for _, c := range cases {
			got, err := w.act.List(c.ctx, activity.Filter{UnitID: w.ids[c.filter]})
			if c.want == "forbidden" {
				if !errors.Is(err, errs.ErrForbidden) || len(got) != 0 {
					t.Errorf("%s: %d activities, %v; want a refusal", c.name, len(got), err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			seen := map[int64]bool{}
			for _, a := range got {
				seen[a.UnitID] = true
			}
			var codes []string
			for _, code := range order {
				if seen[w.ids[code]] {
					codes = append(codes, code)
				}
			}
			if strings.Join(codes, " ") != c.want || len(got) != len(codes) {
				t.Errorf("%s: sees %v (%d activities), want %s", c.name, codes, len(got), c.want)
			}
		}
	})
}

func TestList_WindowIsInclusiveAndNewestFirst(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	for _, d := range []string{"31/10/2026", "01/11/2026", "15/11/2026", "20/11/2026", "21/11/2026"} {
		w.log(activity.Input{UnitCode: "tinh-a-ca", Date: d, Form: "meeting", Title: "Họp ngày " + d})
	}
	got, err := w.act.List(w.sys, activity.Filter{UnitID: w.ids["tinh-a-ca"], From: "2026-11-01", To: "2026-11-20"})
	if err != nil {
		t.Fatal(err)
	}
	var dates []string
	for _, a := range got {
		dates = append(dates, a.Date)
	}
	if want := "2026-11-20 2026-11-15 2026-11-01"; strings.Join(dates, " ") != want {
		t.Fatalf("dates %v, want %s", dates, want)
	}
}

func TestSummarize_AddsTheUnitOrItsSubtreeInTheWindow(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		pupils, staff := "Học sinh, sinh viên", "Cán bộ, công chức, viên chức"
		w.log(activity.Input{UnitCode: "tinh-a-sgd", Date: "01/06/2026", Form: "meeting", Title: "Họp Sở", Participants: "40", Audience: []string{staff}, Tactics: []string{"fraud"}})
		w.log(activity.Input{UnitCode: "tinh-a-sgd", Date: "14/06/2026", Form: "infographic", Title: "Infographic", Copies: "3.000", Views: "4.200", Tactics: []string{"fraud", "gambling"}})
		w.log(activity.Input{UnitCode: "tinh-a-truong", Date: "16/04/2026", Form: "school", Title: "Ngoại khóa", Participants: "540", Audience: []string{pupils, staff}})
		w.log(activity.Input{UnitCode: "tinh-a-truong", Date: "15/06/2026", Form: "school", Title: "Sau kỳ", Participants: "999"}) // after the window
		w.log(activity.Input{UnitCode: "tinh-a-sgd", Date: "14/12/2025", Form: "meeting", Title: "Trước kỳ", Participants: "999"}) // before it
		w.log(activity.Input{UnitCode: "tinh-a-ca", Date: "01/05/2026", Form: "sms", Title: "Tin nhắn", Messages: "210.000"})      // a sibling
		cases := []struct {
			name       string
			unit       string
			subtree    bool
			activities int
			reach      activity.Reach
			byForm     map[string]int
			byAudience map[string]int64
			fraud      int
		}{
			{"the department alone", "tinh-a-sgd", false, 2, activity.Reach{Participants: 40, Copies: 3000, Views: 4200},
				map[string]int{"meeting": 1, "infographic": 1}, map[string]int64{staff: 40}, 2},
			{"the department with its school", "tinh-a-sgd", true, 3, activity.Reach{Participants: 580, Copies: 3000, Views: 4200},
				map[string]int{"meeting": 1, "infographic": 1, "school": 1}, map[string]int64{staff: 580, pupils: 540}, 2},
			{"the province with everything below", "tinh-a", true, 4, activity.Reach{Participants: 580, Copies: 3000, Views: 4200, Messages: 210000},
				map[string]int{"meeting": 1, "infographic": 1, "school": 1, "sms": 1}, map[string]int64{staff: 580, pupils: 540}, 2},
			{"the province alone", "tinh-a", false, 0, activity.Reach{}, map[string]int{}, map[string]int64{}, 0},
		}
		for _, c := range cases {
			s, err := w.act.Summarize(w.ctx, w.ids[c.unit], c.subtree, "2025-12-15", "2026-06-14")
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if s.Activities != c.activities || s.Reach != c.reach || s.ByTactic["fraud"] != c.fraud {
				t.Errorf("%s: %d activities, reach %+v, fraud %d; want %d, %+v, %d", c.name, s.Activities, s.Reach, s.ByTactic["fraud"], c.activities, c.reach, c.fraud)
			}
			if len(s.ByForm) != len(c.byForm) || len(s.ByAudience) != len(c.byAudience) {
				t.Errorf("%s: by form %v, by audience %v; want %v, %v", c.name, s.ByForm, s.ByAudience, c.byForm, c.byAudience)
			}
			for k, v := range c.byForm {
				if s.ByForm[k] != v {
					t.Errorf("%s: form %s counted %d, want %d", c.name, k, s.ByForm[k], v)
				}
			}
			for k, v := range c.byAudience {
				if s.ByAudience[k] != v {
					t.Errorf("%s: audience %q reached %d, want %d", c.name, k, s.ByAudience[k], v)
				}
			}
		}
	})
}

// After a merger the successor's figures include what the units it absorbed
// logged before it, but only from the day of the merger on: a window ending
// before it reads the absorbing unit alone.
func TestSummarize_CountsAbsorbedUnitsFromTheMergerOn(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	w.log(activity.Input{UnitCode: "tinh-a-sgd", Date: "10/03/2026", Form: "meeting", Title: "Họp Sở GD", Participants: "30"})
	w.log(activity.Input{UnitCode: "tinh-a-ca", Date: "12/03/2026", Form: "meeting", Title: "Họp Công an", Participants: "70"})
	if _, err := w.org.Restructure(w.sys, org.Operation{Kind: org.KindMergeInto, Effective: "01/07/2026", Basis: "Quyết định 1/QĐ-UBND",
		Units: []string{"tinh-a-sgd"}, Target: "tinh-a-ca"}, false); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name         string
		to           string
		participants int64
	}{
		{"a window ending before the merger", "2026-06-30", 70},
		{"a window ending after it", "2026-11-22", 100},
	}
	for _, c := range cases {
		s, err := w.act.Summarize(w.ctx, w.ids["tinh-a-ca"], false, "2026-01-01", c.to)
		if err != nil {
			t.Fatal(err)
		}
		if s.Reach.Participants != c.participants {
			t.Errorf("%s: %d participants, want %d", c.name, s.Reach.Participants, c.participants)
		}
	}
}

// Evidence files are stored once per content and opened only by people
// who may see the activity they belong to; a file changed on disk is not
// served.
func TestEvidence_OpensOnlyForTheActivitysViewersAndOnlyIntact(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	files := activity.Files{Dir: t.TempDir()}
	pdf := []byte("%PDF-1.7\n1 0 obj <<>> endobj\nstartxref\n0\n%%EOF\n")
	up, err := upload.Check("files", "bien-ban.pdf", pdf, upload.Evidence)
	if err != nil {
		t.Fatal(err)
	}
	a := w.log(activity.Input{UnitCode: "tinh-a-truong", Date: "10/11/2026", Form: "school", Title: "Ngoại khóa", Participants: "300"})
	other := w.log(activity.Input{UnitCode: "tinh-a-ca", Date: "10/11/2026", Form: "meeting", Title: "Họp", Participants: "20"})
	if err := w.act.Attach(w.as("tinh-a-ca", "tinh-a-ca", access.RoleOfficer), files, a.ID, []upload.File{up}); !errors.Is(err, errs.ErrForbidden) {
		t.Fatalf("a sibling attached evidence to the school's activity: %v", err)
	}
	school := w.as("tinh-a-truong", "tinh-a-truong", access.RoleOfficer)
	if err := w.act.Attach(school, files, a.ID, []upload.File{up}); err != nil {
		t.Fatal(err)
	}
	if err := w.act.Attach(w.sys, files, other.ID, []upload.File{up}); err != nil {
		t.Fatal(err)
	}
	byAct, err := w.act.FilesOf(w.sys, []int64{a.ID, other.ID})
	if err != nil || len(byAct[a.ID]) != 1 || len(byAct[other.ID]) != 1 || byAct[a.ID][0].SHA256 != byAct[other.ID][0].SHA256 {
		t.Fatalf("files of the two activities: %+v, %v", byAct, err)
	}
	sum := byAct[a.ID][0].SHA256
	cases := []struct {
		name string
		ctx  context.Context
		ok   bool
	}{
		{"the school's officer", school, true},
		{"the department above", w.as("tinh-a-sgd", "tinh-a-sgd", access.RoleOfficer), true},
		{"an analyst of the province", w.as("tinh-a-ca", "tinh-a", access.RoleAnalyst), true},
		{"another province", w.as("tinh-b-ca", "tinh-b", access.RoleCoordinator), false},
	}
	for _, c := range cases {
		f, data, err := w.act.Evidence(c.ctx, files, sum)
		if c.ok && (err != nil || string(data) != string(pdf) || f.Name != "bien-ban.pdf") {
			t.Errorf("%s: %q, %d bytes, %v; want the file", c.name, f.Name, len(data), err)
		}
		if !c.ok && (!errors.Is(err, errs.ErrForbidden) || data != nil) {
			t.Errorf("%s: %d bytes, %v; want a refusal", c.name, len(data), err)
		}
	}
	if _, _, err := w.act.Evidence(school, files, strings.Repeat("0", 64)); !errors.Is(err, errs.ErrNotFound) {
		t.Errorf("an unknown file: %v, want not found", err)
	}
	if err := os.WriteFile(filepath.Join(files.Dir, sum[:2], sum), []byte("%PDF-1.7 đã bị sửa"), 0o640); err != nil {
		t.Fatal(err)
	}
	if _, data, err := w.act.Evidence(school, files, sum); err == nil || data != nil {
		t.Errorf("a file changed on disk was served (%d bytes)", len(data))
	}
}
