package report_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/report"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// A unit with more activities than any list shows: the report page, the
// .xlsx's two sheets and the sums by form, tactic and audience all count
// every one of them (the sums were once taken from a list cut at 5,000).
// The dates fall between January and May, inside the window of 2024-H1.
func TestFigures_SixThousandActivitiesAreAllCounted(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		const n = 6000
		var ins []activity.Input
		for i := range n {
			in := activity.Input{UnitCode: "tinh-a-ca", Date: fmt.Sprintf("%02d/%02d/2024", 1+i%28, 1+i%5), Title: fmt.Sprintf("Buổi tuyên truyền số %d", i+1),
				Form: "meeting", Participants: "10", Tactics: []string{"fraud"}, Audience: []string{"Người cao tuổi"}}
			if i%3 == 0 {
				in.Form, in.Tactics, in.Audience = "sms", []string{"fraud", "crypto"}, []string{"Người cao tuổi", "Người lao động"}
				in.Participants, in.Messages = "0", "100"
			}
			ins = append(ins, in)
		}
		if _, err := w.act.LogMany(w.sys, ins); err != nil {
			t.Fatal(err)
		}
		rep, err := w.rep.Show(w.sys, "tinh-a-ca", "2024-H1")
		if err != nil {
			t.Fatal(err)
		}
		got := rep.Figures.Total
		const sms = n / 3
		want := map[string]int64{
			"activities": n, "participants": 10 * (n - sms), "messages": 100 * sms,
			"meetings": n - sms, "sms": sms, "fraud": n, "crypto": sms,
			"elderly": 10 * (n - sms), "workers": 0,
		}
		have := map[string]int64{
			"activities": int64(got.Activities), "participants": got.Reach.Participants, "messages": got.Reach.Messages,
			"meetings": int64(got.ByForm["meeting"]), "sms": int64(got.ByForm["sms"]), "fraud": int64(got.ByTactic["fraud"]), "crypto": int64(got.ByTactic["crypto"]),
			"elderly": got.ByAudience["Người cao tuổi"], "workers": got.ByAudience["Người lao động"],
		}
		for k, v := range want {
			if have[k] != v {
				t.Errorf("report total %s = %d, want %d", k, have[k], v)
			}
		}

		var buf bytes.Buffer
		if err := w.rep.WriteXLSX(w.sys, &buf, rep); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		rows, _ := x.GetRows("Hoạt động")
		listed := 0
		for _, row := range rows {
			if len(row) > 10 && row[10] == "Có" {
				listed++
			}
		}
		if listed != n {
			t.Errorf("the Hoạt động sheet lists %d counted activities, want %d", listed, n)
		}
	})
}

// A sent report keeps the figures the level above received; where today's
// figures differ (an activity logged after sending, a sub-unit's report
// returned since), the difference is shown beside them with the reason.
func TestDrift_SentReportShowsTodaysFiguresBesideTheFrozenOnesWithTheReason(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	w.on("2024-05-20")
	w.log("tinh-a-ca", "10/05/2024", "40")
	w.log("tinh-a", "11/05/2024", "5")
	w.send("tinh-a-ca", "2024-H1")
	sent := w.send("tinh-a", "2024-H1")
	if d, err := w.rep.Drift(w.sys, sent); err != nil || d != nil {
		t.Fatalf("just sent: drift %+v, %v; want none", d, err)
	}

	w.on("2024-06-20")
	w.log("tinh-a", "12/05/2024", "7")
	ca, err := w.rep.Show(w.sys, "tinh-a-ca", "2024-H1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.rep.Return(w.sys, ca.ID, "Thiếu số liệu tháng 5."); err != nil {
		t.Fatal(err)
	}
	r, err := w.rep.Show(w.sys, "tinh-a", "2024-H1")
	if err != nil {
		t.Fatal(err)
	}
	if r.Figures.Total.Activities != 2 || r.Figures.Total.Reach.Participants != 45 {
		t.Errorf("the sent report now says %d activities, %d participants; it was sent with 2 and 45",
			r.Figures.Total.Activities, r.Figures.Total.Reach.Participants)
	}
	d, err := w.rep.Drift(w.sys, r)
	if err != nil || d == nil {
		t.Fatalf("drift %+v, %v", d, err)
	}
	lines := map[string][2]int64{}
	for _, l := range d.Lines {
		lines[l.Label] = [2]int64{l.Sent, l.Now}
	}
	if l, ok := lines["Số hoạt động"]; ok {
		t.Errorf("activities sent/now %v: two then, two now (one more of its own, one fewer of the returned sub-unit), so no line", l)
	}
	// Now: tinh-a's own two activities (5 + 7); tinh-a-ca's 40 left out with its report returned.
	if lines["Số người tham dự"] != [2]int64{45, 12} {
		t.Errorf("participants sent/now %v, want [45 12]", lines["Số người tham dự"])
	}
	why := strings.Join(d.Reasons, "; ")
	for _, want := range []string{"Ủy ban nhân dân tỉnh A trong kỳ được ghi nhận, sửa hoặc xóa sau khi gửi", "khi gửi 1 hoạt động, nay 2",
		"báo cáo của Công an tỉnh A khi gửi: đúng hạn, nay: bị trả lại"} {
		if !strings.Contains(why, want) {
			t.Errorf("reasons %q do not say %q", why, want)
		}
	}
}

// Figures that cannot be computed are shown as missing with the reason,
// never as zeros: a unit formed after the period that succeeded no unit of
// then, and a period whose window is not set. Such a report is not sent.
func TestFigures_CannotBeComputedShowsWhyNeverZero(t *testing.T) {
	w := newWorld(t, storetest.SQLite(t))
	if _, err := w.org.Create(w.sys, org.UnitInput{Code: "tinh-a-moi", Name: "Sở Khoa học và Công nghệ tỉnh A", Type: org.TypeDepartment,
		ParentCode: "tinh-a", ValidFrom: "01/03/2025"}); err != nil {
		t.Fatal(err)
	}
	r, err := w.rep.Show(w.sys, "tinh-a-moi", "2024-H1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Figures.Missing, "bắt đầu hoạt động từ ngày 01/03/2025, sau kỳ báo cáo này") {
		t.Errorf("figures of a unit formed after the period: missing %q", r.Figures.Missing)
	}
	var buf bytes.Buffer
	if err := w.rep.WriteXLSX(w.sys, &buf, r); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows("Số liệu")
	var sheet []string
	for _, row := range rows {
		sheet = append(sheet, strings.Join(row, "|"))
	}
	if text := strings.Join(sheet, "\n"); !strings.Contains(text, "Chưa có số liệu: Sở Khoa học và Công nghệ tỉnh A bắt đầu hoạt động") || strings.Contains(text, "TỔNG CỘNG") {
		t.Errorf("the Số liệu sheet does not say the figures are missing:\n%s", text)
	}
	r, err = w.rep.Open(w.sys, "tinh-a-moi", "2024-H1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.rep.SaveNarrative(w.sys, r.ID, report.Narrative{Results: "Chưa thành lập."}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.rep.Sign(w.sys, r.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.rep.Submit(w.sys, r.ID); err == nil || !strings.Contains(vi(err), "chưa có số liệu") {
		t.Errorf("sending figures that cannot be computed: %v", err)
	}

	// A split after the period: the first part holds the old figures, the
	// second has none of its own for then and says so.
	w.log("tinh-a-ca", "10/05/2024", "30")
	if _, err := w.org.Restructure(w.sys, org.Operation{Kind: org.KindSplit, Effective: "01/03/2025", Units: []string{"tinh-a-ca"},
		New: []org.UnitInput{{Code: "tinh-a-ca1", Name: "Công an tỉnh A (phần 1)", Type: org.TypeDepartment}, {Code: "tinh-a-ca2", Name: "Công an tỉnh A (phần 2)", Type: org.TypeDepartment}}}, false); err != nil {
		t.Fatal(err)
	}
	first, err := w.rep.Show(w.sys, "tinh-a-ca1", "2024-H1")
	if err != nil {
		t.Fatal(err)
	}
	if first.Figures.Missing != "" || first.Figures.Own.Reach.Participants != 30 {
		t.Errorf("the first part of the split: missing %q, %d participants; want the old unit's 30", first.Figures.Missing, first.Figures.Own.Reach.Participants)
	}
	second, err := w.rep.Show(w.sys, "tinh-a-ca2", "2024-H1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(second.Figures.Missing, "thành lập khi chia tách; số liệu trước khi chia tách thuộc về đơn vị mới thứ nhất") {
		t.Errorf("the second part of the split: missing %q", second.Figures.Missing)
	}

	f, err := w.rep.Figures(w.sys, w.ids["tinh-a"], report.Period{Code: "2024-AH-9", Kind: "adhoc", Name: "Báo cáo đột xuất"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(f.Missing, "chưa được đặt thời gian") {
		t.Errorf("a period without its window: missing %q", f.Missing)
	}
}

// The demo's Sở Nông nghiệp và Môi trường was formed in 2025 from the Sở
// Nông nghiệp và Phát triển nông thôn. Its 2024-H1 report stands for its
// predecessor: the predecessor's article (1,250 views) is in its own
// figures on the page and counted on both .xlsx sheets, not listed and
// left out of the totals.
func TestFigures_SuccessorCountsItsPredecessorsOwnActivities(t *testing.T) {
	r, ctx := demoReports(t)
	rep, err := r.Show(ctx, "cao-bang-snnmt", "2024-H1")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Figures.Own.Activities != 1 || rep.Figures.Own.Reach.Views != 1250 {
		t.Errorf("own figures %d activities, %d views; want the predecessor's article: 1, 1250", rep.Figures.Own.Activities, rep.Figures.Own.Reach.Views)
	}
	var buf bytes.Buffer
	if err := r.WriteXLSX(ctx, &buf, rep); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows("Hoạt động")
	counted, views := 0, int64(0)
	for _, row := range rows {
		if len(row) > 10 && row[10] == "Có" {
			counted++
			views += digits(row[8])
		}
		if len(row) > 10 && digits(row[8]) == 1250 && row[10] != "Có" {
			t.Errorf("the predecessor's article is listed but not counted: %v", row)
		}
	}
	if counted != rep.Figures.Total.Activities || views != rep.Figures.Total.Reach.Views {
		t.Errorf("Hoạt động counts %d activities, %d views; the figures %d, %d", counted, views, rep.Figures.Total.Activities, rep.Figures.Total.Reach.Views)
	}
}
