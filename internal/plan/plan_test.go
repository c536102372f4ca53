package plan_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/demo"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

type fixture struct {
	o   *org.Service
	p   *plan.Service
	clk *clock.Fixed
	sys context.Context
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	clk := clock.NewFixed(time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC))
	o := org.NewService(db, clk)
	if err := demo.LoadUnits(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	return &fixture{o: o, p: plan.NewService(db, clk, o), clk: clk, sys: access.With(context.Background(), access.System())}
}

// actor is a user of unit code holding role over it.
func (f *fixture) actor(t *testing.T, code string, role access.Role) context.Context {
	t.Helper()
	u, err := f.o.Lookup(f.sys, code, f.o.Today())
	if err != nil {
		t.Fatal(err)
	}
	return access.With(context.Background(), &access.Actor{UserID: 1000 + u.ID, Username: code + "-" + string(role), UnitID: u.ID,
		Grants: []access.Grant{{Role: role, ScopeUnit: u.ID}}})
}

// province issues a plan like 940/KH-UBND: duties to the police, to the
// education department, and to every department and district as a group.
func (f *fixture) province(t *testing.T) *plan.Plan {
	t.Helper()
	p, err := f.p.Create(f.sys, "cao-bang", "Triển khai chiến dịch tuyên truyền đấu tranh phòng, chống tội phạm trên không gian mạng")
	if err != nil {
		t.Fatal(err)
	}
	e := plan.Edit{Title: p.Title, PlanDeadline: "20/5/2024", Content: plan.Content{
		Sections: []plan.Section{{Level: 1, Heading: "MỤC ĐÍCH, YÊU CẦU", Text: "- Nâng cao nhận thức."}, {Level: 1, Heading: "NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN", Text: "- Tin nhắn SMS."}},
		Themes:   []string{"Thủ đoạn lừa đảo mới"}, Channels: []string{"Zalo", "SMS"},
		Periods: []plan.Period{{Name: "6 tháng", Due: "05/6", To: "Công an tỉnh"}, {Name: "năm", Due: "05/12", To: "Công an tỉnh"}}},
		Duties: []plan.DutyEdit{
			{UnitCode: "cao-bang-ca", Task: "Theo dõi, đôn đốc các đơn vị", Group: 1},
			{UnitCode: "cao-bang-sgddt", Task: "Chỉ đạo 100% trường học tổ chức ngoại khóa", Group: 3, Target: plan.Target{Metric: "trường học được tuyên truyền", Value: "100", Unit: "%"}},
			{UnitCode: "cao-bang:department,district,massorg", UnitText: "Các Sở, ban, ngành, UBND các huyện, thành phố", Task: "Xây dựng kế hoạch, gửi Công an tỉnh trước ngày 20/5/2024", Deadline: "20/5/2024", Group: 8},
		}}
	if _, err := f.p.Update(f.sys, p.ID, e); err != nil {
		t.Fatal(err)
	}
	p, err = f.p.Issue(f.sys, p.ID, plan.IssueInput{Number: "940", Symbol: "KH-UBND", IssuedOn: "22/4/2024", Place: "Cao Bằng", Authority: "TM. ỦY BAN NHÂN DÂN", Title: "CHỦ TỊCH", Name: "Người Ký"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDerive_CarriesDutiesAddressedToTheUnitAndItsRegime(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		parent := f.province(t)
		officer := f.actor(t, "cao-bang-snnptnt", access.RoleOfficer)
		d, err := f.p.Derive(officer, parent.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		p := d.Plan
		if p.Status != plan.StatusDraft || p.ParentPlanID != parent.ID || p.Content.Basis[0].Number != "940/KH-UBND" {
			t.Fatalf("derived plan: %+v", p)
		}
		if !strings.Contains(p.Content.Basis[0].Text, "ngày 22 tháng 4 năm 2024") {
			t.Errorf("basis = %q", p.Content.Basis[0].Text)
		}
		if len(p.Duties) != 1 || !strings.Contains(p.Duties[0].Task, "gửi Công an tỉnh trước ngày 20/5/2024") || p.Duties[0].UnitCode != "cao-bang-snnptnt" {
			t.Fatalf("duties = %+v; want only the group duty, now the department's own", p.Duties)
		}
		var dues []string
		for _, per := range p.Content.Periods {
			dues = append(dues, per.Due+"→"+per.To)
		}
		if strings.Join(dues, " ") != "05/6→Công an tỉnh 01/6→Sở Nông nghiệp và Phát triển nông thôn tỉnh Cao Bằng 05/12→Công an tỉnh 01/12→Sở Nông nghiệp và Phát triển nông thôn tỉnh Cao Bằng" {
			t.Errorf("periods = %v", dues)
		}
		if len(p.Content.Channels) != 2 || len(p.Content.Themes) != 1 {
			t.Errorf("themes and channels not carried: %+v", p.Content)
		}
		again, err := f.p.Derive(officer, parent.ID, "")
		if err != nil || !again.Existed || again.Plan.ID != p.ID {
			t.Fatalf("deriving twice should return the same draft: %+v %v", again, err)
		}
		edu := f.actor(t, "cao-bang-sgddt", access.RoleOfficer)
		de, err := f.p.Derive(edu, parent.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(de.Plan.Duties) != 2 || de.Plan.Duties[0].Target.String() != "trường học được tuyên truyền: 100 %" {
			t.Fatalf("education department duties = %+v", de.Plan.Duties)
		}
	})
}

func TestDerive_AfterTheMergerTheSuccessorInheritsThePredecessorsDuties(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		parent := f.province(t)
		f.clk.Set(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
		officer := f.actor(t, "cao-bang-snnmt", access.RoleOfficer)
		got, err := f.p.Get(officer, parent.ID)
		if err != nil {
			t.Fatalf("the merged department cannot read the province plan: %v", err)
		}
		d, err := f.p.Derive(officer, got.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Plan.Duties) != 1 || d.Plan.Duties[0].UnitCode != "cao-bang-snnmt" {
			t.Fatalf("duties = %+v; want the group duty its predecessor had", d.Plan.Duties)
		}
	})
}

func TestIssue_OnlyByTheLeaderWithNumberDateAndSigner(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		parent := f.province(t)
		officer := f.actor(t, "cao-bang-sgddt", access.RoleOfficer)
		leader := f.actor(t, "cao-bang-sgddt", access.RoleLeader)
		d, err := f.p.Derive(officer, parent.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		in := plan.IssueInput{Number: "88", Symbol: "KH-SGDĐT", IssuedOn: "10/05/2024", Place: "Cao Bằng", Authority: "KT. GIÁM ĐỐC", Title: "PHÓ GIÁM ĐỐC", Name: "Nông Thị Mai"}
		if _, err := f.p.Issue(officer, d.Plan.ID, in); !errors.Is(err, errs.ErrForbidden) && errs.KindOf(err) != errs.KindForbidden {
			t.Fatalf("officer issuing: %v, want forbidden", err)
		}
		bad := in
		bad.Number, bad.IssuedOn, bad.Name = "", "31/02/2024", ""
		_, err = f.p.Issue(leader, d.Plan.ID, bad)
		fields := errs.FieldsOf(err)
		if fields["number"] == "" || !strings.Contains(fields["issued_on"], "không hợp lệ") || fields["signer_name"] == "" {
			t.Fatalf("issue with missing fields: %v", fields)
		}
		f.clk.Set(time.Date(2024, 5, 10, 2, 0, 0, 0, time.UTC)) // signed on its date
		p, err := f.p.Issue(leader, d.Plan.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != plan.StatusIssued || p.Label() != "88/KH-SGDĐT" {
			t.Fatalf("issued: %+v", p)
		}
		if _, err := f.p.Update(officer, p.ID, plan.Edit{Title: "Sửa sau khi ban hành"}); errs.KindOf(err) != errs.KindConflict || !strings.Contains(err.(*errs.Error).VI, "phiên bản mới") {
			t.Fatalf("editing an issued plan: %v; want a refusal pointing to a new version", err)
		}
		v2, err := f.p.NewVersion(officer, p.ID)
		if err != nil || v2.Version != 2 || v2.Status != plan.StatusDraft || v2.SeriesID != p.SeriesID {
			t.Fatalf("new version: %+v %v", v2, err)
		}
		if _, err := f.p.Update(officer, v2.ID, plan.Edit{Title: "Phiên bản sửa đổi", Content: p.Content}); err != nil {
			t.Fatal(err)
		}
		in2 := in
		in2.IssuedOn = "01/08/2024"
		f.clk.Set(time.Date(2024, 8, 1, 2, 0, 0, 0, time.UTC))
		if _, err := f.p.Issue(leader, v2.ID, in2); err != nil {
			t.Fatal(err)
		}
		old, _ := f.p.Get(f.sys, p.ID)
		if old.Status != plan.StatusSuperseded || old.Title == "Phiên bản sửa đổi" {
			t.Fatalf("the first version should be kept as superseded: %+v", old)
		}
	})
}

func TestCompliance_ShowsOnTimeLateDraftingAndMissing(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		parent := f.province(t)
		issue := func(code, date string) {
			d, err := f.p.Derive(f.actor(t, code, access.RoleOfficer), parent.ID, "")
			if err != nil {
				t.Fatal(err)
			}
			if date == "" {
				return
			}
			day, _ := time.Parse("2006-01-02", date)
			f.clk.Set(day.Add(2 * time.Hour)) // signed on its date, 09:00 in Vietnam
			if _, err := f.p.Issue(f.actor(t, code, access.RoleLeader), d.Plan.ID, plan.IssueInput{Number: "1", Symbol: "KH-X", IssuedOn: date, Place: "Cao Bằng", Title: "GIÁM ĐỐC", Name: "A"}); err != nil {
				t.Fatal(err)
			}
		}
		issue("cao-bang-sgddt", "2024-05-10")
		issue("cao-bang-sct", "2024-05-28")
		issue("cao-bang-stttt", "")
		f.clk.Set(time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC))
		c, err := f.p.Compliance(f.actor(t, "cao-bang-ca", access.RoleCoordinator), parent.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]plan.State{}
		for _, r := range c.Rows {
			got[r.Unit.Code] = r.State
		}
		want := map[string]plan.State{"cao-bang-sgddt": plan.StateOnTime, "cao-bang-sct": plan.StateLate, "cao-bang-stttt": plan.StateDrafting,
			"cao-bang-ca": plan.StateMissing, "cao-bang-tp": plan.StateMissing, "cao-bang-mttq": plan.StateMissing}
		for code, st := range want {
			if got[code] != st {
				t.Errorf("%s: %s, want %s", code, got[code], st)
			}
		}
		if _, ok := got["cao-bang-viettel"]; ok {
			t.Error("a telecom is not addressed by a duty to departments and districts")
		}
	})
}

func TestRemindDays_ComesFromTheNearestPlanAbove(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := f.province(t)
		edu, _ := f.o.Lookup(f.sys, "cao-bang-sgddt", f.o.Today())
		if n, err := f.p.RemindDays(f.sys, edu.ID); err != nil || n != 0 {
			t.Fatalf("no plan sets it: %d %v", n, err)
		}
		v2, err := f.p.NewVersion(f.sys, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		c := p.Content
		c.RemindDays = 10
		if _, err := f.p.Update(f.sys, v2.ID, plan.Edit{Title: p.Title, Content: c}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.p.Issue(f.sys, v2.ID, plan.IssueInput{Number: "941", Symbol: "KH-UBND", IssuedOn: "25/4/2024", Place: "Cao Bằng", Title: "CHỦ TỊCH", Name: "Người Ký"}); err != nil {
			t.Fatal(err)
		}
		if n, err := f.p.RemindDays(f.sys, edu.ID); err != nil || n != 10 {
			t.Fatalf("the province plan's lead time: %d %v, want 10", n, err)
		}
		c.RemindDays = 99
		v3, _ := f.p.NewVersion(f.sys, v2.ID)
		if _, err := f.p.Update(f.sys, v3.ID, plan.Edit{Title: p.Title, Content: c}); errs.FieldsOf(err)["remind_days"] == "" {
			t.Fatalf("99 days: %v, want a refusal", err)
		}
	})
}

func TestIssue_ADifferentDateNeedsAReasonAndIsJudgedByTheDayRecorded(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		parent := f.province(t)
		leader := f.actor(t, "cao-bang-sgddt", access.RoleLeader)
		d, err := f.p.Derive(f.actor(t, "cao-bang-sgddt", access.RoleOfficer), parent.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		// 00:30 on 11/03/2026 in Vietnam (still 10/03 in UTC).
		f.clk.Set(time.Date(2026, 3, 10, 17, 30, 0, 0, time.UTC))
		in := plan.IssueInput{Number: "845", Symbol: "KH-SGDĐT", IssuedOn: "15/05/2024", Place: "Cao Bằng", Title: "GIÁM ĐỐC", Name: "Nông Thị Mai"}
		cases := []struct {
			name, date, reason, field, says string
		}{
			{"an earlier date without a reason", "15/05/2024", "", "late_reason", "lý do ghi nhận muộn"},
			{"a date still to come", "12/03/2026", "", "issued_on", "chưa đến"},
			{"UTC's date, a day behind Vietnam's", "10/03/2026", "", "late_reason", "11/03/2026"},
		}
		for _, c := range cases {
			in.IssuedOn, in.LateReason = c.date, c.reason
			_, err := f.p.Issue(leader, d.Plan.ID, in)
			if got := errs.FieldsOf(err)[c.field]; !strings.Contains(got, c.says) {
				t.Errorf("%s: %v; want field %s to say %q", c.name, errs.FieldsOf(err), c.field, c.says)
			}
		}
		in.IssuedOn, in.LateReason = "15/05/2024", "Kế hoạch ký trên giấy ngày 15/05/2024, nay mới nhập vào hệ thống."
		p, err := f.p.Issue(leader, d.Plan.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.p.Get(f.sys, p.ID)
		if err != nil || got.IssuedOn != "2024-05-15" || got.LateReason != in.LateReason || got.OnTimeDate() != "2026-03-11" {
			t.Fatalf("recorded late: issued %s, reason %q, judged by %s (%v); want 2024-05-15, the reason, 2026-03-11", got.IssuedOn, got.LateReason, got.OnTimeDate(), err)
		}
		c, err := f.p.Compliance(f.actor(t, "cao-bang-ca", access.RoleCoordinator), parent.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range c.Rows {
			if r.Unit.Code == "cao-bang-sgddt" && r.State != plan.StateLate {
				t.Errorf("a paper plan dated 15/05/2024 and recorded in 2026 counts as %s; want late, by the day it was recorded", r.State)
			}
		}
	})
}
