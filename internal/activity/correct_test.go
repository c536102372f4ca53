package activity_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/vn"
)

func meeting(unit, date, participants string) activity.Input {
	return activity.Input{UnitCode: unit, Date: date, Form: "meeting", Title: "Họp cơ quan, lồng ghép cảnh báo lừa đảo", Participants: participants}
}

func TestCorrect_OnlyThoseWhoMayLogForTheUnit(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		cases := []struct {
			name  string
			ctx   context.Context
			allow bool
		}{
			{"the school's officer", w.as("tinh-a-truong", "tinh-a-truong", access.RoleOfficer), true},
			{"the department's officer above it", w.as("tinh-a-sgd", "tinh-a-sgd", access.RoleOfficer), true},
			{"the province's coordinator", w.as("tinh-a-ca", "tinh-a", access.RoleCoordinator), true},
			{"a sibling department's officer", w.as("tinh-a-ca", "tinh-a-ca", access.RoleOfficer), false},
			{"another province's coordinator", w.as("tinh-b-ca", "tinh-b", access.RoleCoordinator), false},
			{"an analyst of the province", w.as("tinh-a-ca", "tinh-a", access.RoleAnalyst), false},
		}
		for _, c := range cases {
			a := w.log(meeting("tinh-a-truong", "10/11/2026", "30"))
			_, cerr := w.act.Correct(c.ctx, a.ID, meeting("tinh-a-truong", "10/11/2026", "31"), "Đếm lại danh sách ký tên")
			derr := w.act.Delete(c.ctx, a.ID, "Ghi trùng")
			for what, err := range map[string]error{"correct": cerr, "delete": derr} {
				if c.allow && err != nil {
					t.Errorf("%s may %s: %v", c.name, what, err)
				}
				if !c.allow && (!errors.Is(err, errs.ErrForbidden) || !strings.Contains(message(err), "thuộc đơn vị khác")) {
					t.Errorf("%s: %s gave %v; want a refusal saying the activity belongs to another unit", c.name, what, err)
				}
			}
			h, err := w.act.History(w.sys, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if want := map[bool]int{true: 2, false: 0}[c.allow]; len(h.Versions) != want {
				t.Errorf("%s: %d versions kept, want %d", c.name, len(h.Versions), want)
			}
		}
	})
}

func TestCorrect_SumsShowTheNewValueAndHistoryTheOld(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		officer := w.as("tinh-a-truong", "tinh-a-truong", access.RoleOfficer)
		a := w.log(meeting("tinh-a-truong", "16/11/2026", "40"))
		if _, err := w.act.Correct(officer, a.ID, meeting("tinh-a-truong", "16/11/2026", "65"), "  "); errs.FieldsOf(err)["reason"] == "" {
			t.Fatalf("a correction without a reason: %v; want the reason field refused", err)
		}
		if _, err := w.act.Correct(officer, a.ID, meeting("tinh-a-truong", "16/11/2026", "40"), "Không đổi gì"); errs.FieldsOf(err) == nil {
			t.Errorf("a correction that changes nothing was kept: %v", err)
		}
		if _, err := w.act.Correct(officer, a.ID, meeting("tinh-a-truong", "16/11/2026", "65"), "Sổ họp ghi 65 người"); err != nil {
			t.Fatal(err)
		}
		sum, err := w.act.Summarize(w.sys, w.ids["tinh-a-truong"], false, "2026-11-01", "2026-11-30")
		if err != nil {
			t.Fatal(err)
		}
		if sum.Activities != 1 || sum.Reach.Participants != 65 {
			t.Errorf("the sum is %d activities, %d participants; want 1 and 65", sum.Activities, sum.Reach.Participants)
		}
		h, err := w.act.History(officer, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Versions) != 1 || h.Versions[0].Before.Participants != 40 || h.Versions[0].Reason != "Sổ họp ghi 65 người" || h.Current.Participants != 65 {
			t.Errorf("history: %+v; want the 40 kept with the reason, 65 current", h)
		}
		// A sibling's officer may not read the history either.
		if _, err := w.act.History(w.as("tinh-a-ca", "tinh-a-ca", access.RoleOfficer), a.ID); !errors.Is(err, errs.ErrForbidden) {
			t.Errorf("a sibling read the history: %v", err)
		}
	})
}

func TestDelete_DropsOutOfSumsAndStaysInHistory(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	officer := w.as("tinh-a-truong", "tinh-a-truong", access.RoleOfficer)
	keep := w.log(meeting("tinh-a-truong", "16/11/2026", "40"))
	gone := w.log(meeting("tinh-a-truong", "17/11/2026", "25"))
	if err := w.act.Delete(officer, gone.ID, "Ghi trùng với buổi ngày 16/11"); err != nil {
		t.Fatal(err)
	}
	sum, err := w.act.Summarize(w.sys, w.ids["tinh-a"], true, "2026-11-01", "2026-11-30")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Activities != 1 || sum.Reach.Participants != 40 {
		t.Errorf("the province's sum: %d activities, %d participants; want only the one kept (1, 40)", sum.Activities, sum.Reach.Participants)
	}
	h, err := w.act.History(officer, gone.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !h.Deleted() || h.Latest().Participants != 25 || h.LastChange().Reason != "Ghi trùng với buổi ngày 16/11" {
		t.Errorf("the deleted activity's history: %+v", h)
	}
	if err := w.act.Delete(officer, gone.ID, "lần nữa"); !errors.Is(err, errs.ErrNotFound) {
		t.Errorf("deleting twice: %v; want not found", err)
	}
	if _, err := w.act.Correct(officer, keep.ID, meeting("tinh-a-truong", "16/11/2026", "41"), strings.Repeat("x", 1001)); errs.FieldsOf(err)["reason"] == "" {
		t.Errorf("a reason of 1001 characters: %v; want it refused", err)
	}
}

func TestCorrect_RefusesWhatTheProductCountsItself(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	in := meeting("tinh-a-ca", "16/11/2026", "0")
	in.Source = "system"
	a := w.log(in)
	err := w.act.Delete(w.as("tinh-a-ca", "tinh-a-ca", access.RoleOfficer), a.ID, "thử")
	if !errors.Is(err, errs.ErrForbidden) || !strings.Contains(message(err), "hệ thống tự ghi nhận") {
		t.Errorf("deleting an activity the product logged: %v; want a refusal that says why", err)
	}
}

func TestChangedSince_ListsWhatChangedAfterTheReportWasSent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		officer := w.as("tinh-a-truong", "tinh-a-truong", access.RoleOfficer)
		moved := w.log(meeting("tinh-a-truong", "10/11/2026", "40"))
		deleted := w.log(meeting("tinh-a-truong", "11/11/2026", "20"))
		before := w.log(meeting("tinh-a-truong", "12/11/2026", "20"))
		if _, err := w.act.Correct(officer, before.ID, meeting("tinh-a-truong", "12/11/2026", "21"), "trước khi gửi"); err != nil {
			t.Fatal(err)
		}
		sent := w.clk.Now()
		w.clk.Set(sent.Add(time.Hour))
		if _, err := w.act.Correct(officer, moved.ID, meeting("tinh-a-truong", "10/10/2026", "40"), "Sai ngày: họp tháng 10"); err != nil {
			t.Fatal(err)
		}
		if err := w.act.Delete(officer, deleted.ID, "Ghi trùng"); err != nil {
			t.Fatal(err)
		}
		w.log(meeting("tinh-a-truong", "13/11/2026", "5"))
		w.log(meeting("tinh-a-sgd", "13/11/2026", "5")) // the department's own: not the school's report
		got, err := w.act.ChangedSince(w.sys, w.ids["tinh-a-truong"], false, "2026-11-01", "2026-11-30", sent)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, c := range got {
			kinds = append(kinds, c.Kind+" "+c.Date+" "+c.Reason)
		}
		want := []string{"correct 2026-10-10 Sai ngày: họp tháng 10", "delete 2026-11-11 Ghi trùng", "add 2026-11-13 "}
		if strings.Join(kinds, "|") != strings.Join(want, "|") {
			t.Errorf("changes since sending: %q; want %q", kinds, want)
		}
	})
}

func TestOccurrences_EveryWeekOrMonthUntilADate(t *testing.T) {
	cases := []struct {
		name, first, until, repeat string
		want                       []string
	}{
		{"weekly Mondays of November 2026", "2026-11-02", "2026-11-30", activity.RepeatWeekly,
			[]string{"2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"}},
		{"weekly, the last day not a Monday", "2026-11-02", "2026-11-29", activity.RepeatWeekly,
			[]string{"2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"}},
		{"weekly across the new year", "2025-12-29", "2026-01-12", activity.RepeatWeekly, []string{"2025-12-29", "2026-01-05", "2026-01-12"}},
		{"monthly on the 31st keeps to month ends", "2026-01-31", "2026-05-31", activity.RepeatMonthly,
			[]string{"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"}},
		{"monthly in a leap year", "2028-01-30", "2028-03-30", activity.RepeatMonthly, []string{"2028-01-30", "2028-02-29", "2028-03-30"}},
	}
	for _, c := range cases {
		got, err := activity.Occurrences(c.first, c.until, c.repeat, activity.MaxOccurrences)
		if err != nil || strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s: %v %v; want %v", c.name, got, err, c.want)
		}
		for _, d := range got {
			if c.repeat == activity.RepeatWeekly {
				if day, _ := vn.ParseISODate(d); day.Weekday() != time.Monday && c.first == "2026-11-02" {
					t.Errorf("%s: %s is a %s", c.name, d, day.Weekday())
				}
			}
		}
	}
	if got, _ := activity.Occurrences("2020-01-06", "2026-11-23", activity.RepeatWeekly, activity.MaxOccurrences); len(got) != activity.MaxOccurrences+1 {
		t.Errorf("a long series stops at %d dates; want %d, enough to tell it is too many", len(got), activity.MaxOccurrences+1)
	}
}

func TestLogSeries_EachOccurrenceIsAnActivityOfItsOwn(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		officer := w.as("tinh-a-truong", "tinh-a-truong", access.RoleOfficer)
		in := activity.Input{UnitCode: "tinh-a-truong", Date: "02/11/2026", Form: "flag-ceremony", Title: "Sinh hoạt dưới cờ đầu tuần", Participants: "600",
			Repeat: activity.RepeatWeekly, Until: "16/11/2026"}
		refused := []struct {
			name, until, field string
		}{
			{"no last date", "", "until"},
			{"a last date before the first", "01/11/2026", "until"},
			{"a last date in the future", "30/11/2026", "until"},
		}
		for _, r := range refused {
			bad := in
			bad.Until = r.until
			if _, err := w.act.LogSeries(officer, bad); errs.FieldsOf(err)[r.field] == "" {
				t.Errorf("%s: %v; want the %s field refused", r.name, err, r.field)
			}
		}
		as, err := w.act.LogSeries(officer, in)
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 3 || as[0].Date != "2026-11-02" || as[2].Date != "2026-11-16" || as[1].SeriesID != as[0].ID {
			t.Fatalf("the series: %+v", as)
		}
		if err := w.act.Delete(officer, as[1].ID, "Nghỉ chào cờ do mưa"); err != nil {
			t.Fatal(err)
		}
		sum, err := w.act.Summarize(w.sys, w.ids["tinh-a-truong"], false, "2026-11-01", "2026-11-30")
		if err != nil {
			t.Fatal(err)
		}
		if sum.Activities != 2 || sum.Reach.Participants != 1200 {
			t.Errorf("after deleting one occurrence: %d activities, %d participants; want 2 and 1.200", sum.Activities, sum.Reach.Participants)
		}
	})
}

func TestForms_CarryEveryFormTheSeedsNameAndOtherWordingsImport(t *testing.T) {
	byLabel := activity.FormsByLabel()
	for _, named := range []string{"Loa phát thanh", "Bảng điện tử", "phương tiện giao thông công cộng", "Panô", "áp phích", "Tin nhắn SMS", "Zalo",
		"mạng xã hội", "Họp dân", "Sinh hoạt dưới cờ", "sân khấu hóa", "tờ rơi", "cẩm nang", "Hội nghị", "tập huấn", "ngoại khóa", "báo chí", "Infographic"} {
		found := false
		for _, f := range activity.Forms {
			found = found || strings.Contains(vn.Fold(f.Label), vn.Fold(named))
		}
		if !found {
			t.Errorf("no form of outreach names %q", named)
		}
	}
	for label, code := range map[string]string{"Mạng xã hội": "social-post", "Panô": "poster", "Họp dân": "residents",
		"loa phat thanh xa, phuong, thon, to dan pho": "loudspeaker", "Sinh hoạt dưới cờ, sinh hoạt đầu tuần": "flag-ceremony"} {
		if byLabel[label] != code && byLabel[vn.Fold(label)] != code {
			t.Errorf("%q imports as %q; want %q", label, byLabel[vn.Fold(label)], code)
		}
	}
}

// message is the Vietnamese sentence of a refusal.
func message(err error) string {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Message("vi")
	}
	return ""
}

func TestDelete_TheNextActivityLoggedDoesNotTakeOverTheDeletedOnesHistory(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		officer := w.as("tinh-a-truong", "tinh-a-truong", access.RoleOfficer)
		last := w.log(meeting("tinh-a-truong", "16/11/2026", "40"))
		if err := w.act.Delete(officer, last.ID, "Ghi nhầm đơn vị"); err != nil {
			t.Fatal(err)
		}
		next := w.log(meeting("tinh-a-truong", "17/11/2026", "12"))
		if next.ID == last.ID {
			t.Fatalf("the next activity took the deleted one's id %d", last.ID)
		}
		h, err := w.act.History(officer, last.ID)
		if err != nil || !h.Deleted() {
			t.Errorf("the deleted activity's history: %+v %v; want it still deleted", h, err)
		}
	})
}

func TestCorrect_KeepsThemesTheFormDoesNotShow(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	in := meeting("tinh-a-truong", "16/11/2026", "40")
	in.Themes, in.Audience, in.Source = []string{"Lừa đảo đầu tư tiền ảo"}, []string{"Hội viên phụ nữ"}, "import"
	a := w.log(in)
	fixed := meeting("tinh-a-truong", "16/11/2026", "45")
	fixed.Audience = []string{"Hội viên phụ nữ"}
	got, err := w.act.Correct(w.as("tinh-a-truong", "tinh-a-truong", access.RoleOfficer), a.ID, fixed, "Đếm lại")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Themes) != 1 || got.Themes[0] != "Lừa đảo đầu tư tiền ảo" || got.Audience[0] != "Hội viên phụ nữ" {
		t.Errorf("after the correction: themes %q, audience %q; want both kept", got.Themes, got.Audience)
	}
}
