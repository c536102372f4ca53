package report_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/demo"
	"github.com/canhgiac/canhgiac/internal/docgen"
	"github.com/canhgiac/canhgiac/internal/docgen/docgentest"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/report"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// demoReports loads the demo's units, plans and activities with the clock
// in late 2026, so a 2024 report is printed two years after its period.
func demoReports(t *testing.T) (*report.Service, context.Context) {
	t.Helper()
	db := storetest.SQLiteFilled(t, "demo-reports", loadDemoReports)
	ctx := context.Background()
	clk := clock.NewFixed(demoNow)
	o := org.NewService(db, clk)
	r := report.NewService(db, clk, o, activity.NewService(db, clk, o), plan.NewService(db, clk, o))
	return r, access.With(ctx, access.System())
}

// demoNow is the clock of the tests on the demo's reports: late 2026.
var demoNow = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

// loadDemoReports fills db with the demo's units, plans and activities
// (once per test binary: see storetest.SQLiteFilled).
func loadDemoReports(db *store.DB) error {
	ctx := context.Background()
	clk := clock.NewFixed(demoNow)
	o := org.NewService(db, clk)
	p := plan.NewService(db, clk, o)
	a := activity.NewService(db, clk, o)
	r := report.NewService(db, clk, o, a, p)
	if err := demo.LoadUnits(ctx, o); err != nil {
		return err
	}
	if err := demo.LoadPlans(ctx, p); err != nil {
		return err
	}
	return demo.LoadActivities(ctx, a, r)
}

// docxText is word/document.xml and the page headers of a rendered .docx.
func docxText(t *testing.T, d docgen.Document) string {
	t.Helper()
	var buf bytes.Buffer
	if err := docgen.WriteDOCX(&buf, d); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "word/") && strings.HasSuffix(f.Name, ".xml") {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			out.Write(b)
		}
	}
	return out.String()
}

// The province's 2024-H1 report, a draft printed in 2026: "Số: …/BC-UBND",
// the place with the day, month and year left blank (not 2026), the
// subject once with the period in words, the figures as tables, the
// committee's signature block, Nơi nhận with the ministry and the
// archive, and DỰ THẢO on every page.
func TestReportDocument_DraftInTheStateFormat(t *testing.T) {
	r, ctx := demoReports(t)
	rep, err := r.Open(ctx, "cao-bang", "2024-H1")
	if err != nil {
		t.Fatal(err)
	}
	d, err := r.Document(ctx, rep)
	if err != nil {
		t.Fatal(err)
	}
	want := "Kết quả thực hiện công tác tuyên truyền, đấu tranh phòng, chống tội phạm trên không gian mạng 6 tháng đầu năm 2024"
	if d.Title != want {
		t.Errorf("subject %q, want %q", d.Title, want)
	}
	if !d.Draft || d.Date != nil || d.Year != 0 || d.Place != "Cao Bằng" || d.SymbolHint != "BC-UBND" {
		t.Errorf("draft %v date %v year %d place %q symbol %q", d.Draft, d.Date, d.Year, d.Place, d.SymbolHint)
	}
	if d.Signer.Authority != "TM. ỦY BAN NHÂN DÂN" || d.Signer.Title != "CHỦ TỊCH" {
		t.Errorf("signer %+v", d.Signer)
	}
	if rec := strings.Join(d.Recipients, "|"); rec != "Bộ Công an (để báo cáo)|Lưu: VT" {
		t.Errorf("Nơi nhận %q", rec)
	}
	heads := map[string]bool{}
	for _, b := range d.Blocks {
		if b.Kind == docgen.TableBlock {
			heads[strings.Join(b.Table.Header, "|")] = true
		}
	}
	for _, h := range []string{"STT|Hình thức|Số hoạt động", "STT|Thủ đoạn|Số hoạt động", "STT|Đối tượng|Số người tham dự",
		"STT|Đơn vị|Tình trạng|Ngày gửi|Số hoạt động|Số người tham dự|Lượt xem, tiếp cận"} {
		if !heads[h] {
			t.Errorf("no table %q; tables: %v", h, heads)
		}
	}
	text := docxText(t, d)
	for _, w := range []string{"/BC-UBND", "Cao Bằng, ngày", "DỰ THẢO", "Chưa gửi (quá hạn)", "47.400"} {
		if !strings.Contains(text, w) {
			t.Errorf("the .docx lacks %q", w)
		}
	}
	if strings.Contains(text, "năm 2026") || strings.Contains(text, "Số: /BC") || strings.Contains(text, "THỦ TRƯỞNG ĐƠN VỊ") {
		t.Error("the .docx carries the printing year, a number without the unit's symbol or a generic signer")
	}
	if strings.Count(text, "DỰ THẢO") < 2 {
		t.Error("DỰ THẢO is not on the pages after the first")
	}
}

// A report sent on 03/06/2024 is dated that day and is no draft; the
// provincial police head their papers with their own full name.
func TestReportDocument_SentReportCarriesItsDate(t *testing.T) {
	r, ctx := demoReports(t)
	rep, err := r.Open(ctx, "cao-bang-ca", "2024-H1")
	if err != nil {
		t.Fatal(err)
	}
	d, err := r.Document(ctx, rep)
	if err != nil {
		t.Fatal(err)
	}
	if d.Draft || d.Date == nil || docgen.FormatDateLine(d.Place, d.Date, d.Year) != "Cao Bằng, ngày 03 tháng 6 năm 2024" {
		t.Errorf("draft %v, date line %q", d.Draft, docgen.FormatDateLine(d.Place, d.Date, d.Year))
	}
	if text := docxText(t, d); strings.Contains(text, "DỰ THẢO") {
		t.Error("a sent report says DỰ THẢO")
	}
	// The police answer to the Ministry: no committee line above them.
	if d.ParentBody != "" || d.IssuingBody != "CÔNG AN TỈNH CAO BẰNG" || d.SymbolHint != "BC-CAT-PA05" {
		t.Errorf("header %q / %q, symbol %q", d.ParentBody, d.IssuingBody, d.SymbolHint)
	}
}

// The .xlsx prints as an office expects, and its two sheets agree: the
// activities "Hoạt động" counts add up to the totals of "Số liệu"; those
// it does not count (the 210.000 SMS of a department whose report was
// returned) are listed apart with the reason.
func TestReportXLSX_PrintableAndBothSheetsAgree(t *testing.T) {
	r, ctx := demoReports(t)
	rep, err := r.Open(ctx, "cao-bang", "2024-H1")
	if err != nil {
		t.Fatal(err)
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
	if f, _ := x.GetDefaultFont(); f != "Times New Roman" {
		t.Errorf("default font %q", f)
	}
	for _, sh := range []string{"Số liệu", "Hoạt động"} {
		rows, _ := x.GetRows(sh)
		head := 0
		for i, row := range rows {
			if len(row) > 0 && row[0] == "STT" {
				head = i + 1
				break
			}
		}
		if head == 0 {
			t.Fatalf("%s: no STT header", sh)
		}
		if lay, err := x.GetPageLayout(sh); err != nil || lay.Orientation == nil || *lay.Orientation != "landscape" || lay.FitToWidth == nil || *lay.FitToWidth != 1 {
			t.Errorf("%s: page layout %+v %v", sh, lay, err)
		}
		panes, _ := x.GetPanes(sh)
		if !panes.Freeze || panes.YSplit != head {
			t.Errorf("%s: panes %+v, want frozen under row %d", sh, panes, head)
		}
		names := map[string]bool{}
		for _, dn := range x.GetDefinedName() {
			if dn.Scope == sh {
				names[dn.Name] = true
			}
		}
		if !names["_xlnm.Print_Titles"] || !names["_xlnm._FilterDatabase"] {
			t.Errorf("%s: defined names %v, want print titles and a filter", sh, names)
		}
		style, _ := x.GetCellStyle(sh, "A"+strconv.Itoa(head))
		st, _ := x.GetStyle(style)
		if st == nil || st.Font == nil || !st.Font.Bold || st.Alignment == nil || !st.Alignment.WrapText || len(st.Border) != 4 {
			t.Errorf("%s: header style %+v", sh, st)
		}
	}

	// Số liệu: totals are bold SUM formulas with a Vietnamese number format.
	rows, _ := x.GetRows("Số liệu")
	total := 0
	for i, row := range rows {
		if len(row) > 1 && row[1] == "TỔNG CỘNG" {
			total = i + 1
		}
	}
	if total == 0 {
		t.Fatal("Số liệu has no TỔNG CỘNG row")
	}
	if f, _ := x.GetCellFormula("Số liệu", "H"+strconv.Itoa(total)); !strings.HasPrefix(f, "SUM(H") {
		t.Errorf("total of views is %q, want a SUM", f)
	}
	style, _ := x.GetCellStyle("Số liệu", "H"+strconv.Itoa(total))
	if st, _ := x.GetStyle(style); st == nil || !st.Font.Bold || st.CustomNumFmt == nil || !strings.Contains(*st.CustomNumFmt, "#,##0") {
		t.Errorf("total style %+v", st)
	}
	// Dates are dates, not text.
	for i, row := range rows {
		if len(row) > 3 && row[3] == "03/06/2024" {
			raw, _ := x.GetCellValue("Số liệu", "D"+strconv.Itoa(i+1), excelize.Options{RawCellValue: true})
			if _, err := strconv.ParseFloat(raw, 64); err != nil {
				t.Errorf("the date is stored as %q, not a date", raw)
			}
		}
	}

	// Hoạt động counts exactly what Số liệu counts.
	acts, _ := x.GetRows("Hoạt động")
	counted, participants, views := 0, int64(0), int64(0)
	sawSMS := false
	for _, row := range acts {
		if len(row) < 11 {
			continue
		}
		switch {
		case row[10] == "Có":
			counted++
			participants += digits(row[6])
			views += digits(row[8])
		case strings.HasPrefix(row[10], "Không: "):
			if len(row[10]) < len("Không: ")+10 {
				t.Errorf("an excluded activity without a reason: %v", row)
			}
			if digits(row[9]) == 210000 {
				sawSMS = strings.Contains(row[10], "Sở Thông tin và Truyền thông") && strings.Contains(row[10], "bị trả lại")
			}
		}
	}
	f := rep.Figures
	if counted != f.Total.Activities || participants != f.Total.Reach.Participants || views != f.Total.Reach.Views {
		t.Errorf("Hoạt động counts %d activities, %d participants, %d views; Số liệu %d, %d, %d",
			counted, participants, views, f.Total.Activities, f.Total.Reach.Participants, f.Total.Reach.Views)
	}
	if !sawSMS {
		t.Error("the returned department's 210.000 SMS are not listed apart with the reason")
	}
}

// digits reads a formatted number ("47.400" or "47400").
func digits(s string) int64 {
	n, _ := strconv.ParseInt(strings.NewReplacer(".", "", ",", "").Replace(s), 10, 64)
	return n
}

// Printed from LibreOffice: the report's .docx puts the number, the
// title, the signature and DỰ THẢO where NĐ 30 has them on every page;
// the .xlsx prints landscape, each page under the repeated header row,
// each sheet one page wide. The files go to $CANHGIAC_DOCGEN_SAMPLES.
func TestReportExports_PrintFromLibreOffice(t *testing.T) {
	r, ctx := demoReports(t)
	rep, err := r.Open(ctx, "cao-bang", "2024-H1")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	docx, xlsx := filepath.Join(dir, "bao-cao-cao-bang-2024-h1.docx"), filepath.Join(dir, "bao-cao-cao-bang-2024-h1-so-lieu.xlsx")
	d, err := r.Document(ctx, rep)
	if err != nil {
		t.Fatal(err)
	}
	var db, xb bytes.Buffer
	if err := docgen.WriteDOCX(&db, d); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteXLSX(ctx, &xb, rep); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(docx, db.Bytes(), 0o644)
	os.WriteFile(xlsx, xb.Bytes(), 0o644)
	pdfs := docgentest.ToPDF(t, docx, xlsx)
	for _, f := range append([]string{docx, xlsx}, pdfs...) {
		docgentest.Keep(t, f)
	}

	pages := docgentest.Pages(t, pdfs[0])
	first, last := pages[0], pages[len(pages)-1]
	centre := first.Width * (30 + (210-30-15)/2.0) / 210 // the text column's middle, margins 30 and 15 mm
	if ws, ok := first.Find("BÁO CÁO"); !ok {
		t.Error("page 1 lacks BÁO CÁO")
	} else if x0, _, x1, _ := docgentest.Box(ws); (x0+x1)/2 < centre-6 || (x0+x1)/2 > centre+6 {
		t.Errorf("BÁO CÁO centred at %.0f, want %.0f", (x0+x1)/2, centre)
	}
	if ws, ok := first.Find("/BC-UBND"); !ok {
		t.Error("page 1 lacks the number's symbol")
	} else if x0, y0, _, _ := docgentest.Box(ws); x0 > first.Width/2 || y0 > 150 {
		t.Errorf("the number is at (%.0f, %.0f), want under the agency at the top left", x0, y0)
	}
	if ws, ok := last.Find("CHỦ TỊCH"); !ok {
		t.Error("the last page lacks the signer's title")
	} else if x0, _, _, _ := docgentest.Box(ws); x0 < last.Width/2 {
		t.Errorf("the signer's title is at x %.0f, want the right column", x0)
	}
	for i, p := range pages {
		if _, ok := p.Find("DỰ THẢO"); !ok {
			t.Errorf("page %d of the draft lacks DỰ THẢO", i+1)
		}
		if i > 0 {
			if ws, ok := p.Find(strconv.Itoa(i + 1)); !ok || ws[0].YMax > 57 {
				t.Errorf("page %d has no number in the top margin", i+1)
			}
		}
	}

	sheets := docgentest.Pages(t, pdfs[1])
	if len(sheets) < 2 {
		t.Fatalf("the .xlsx prints %d pages, want both sheets", len(sheets))
	}
	for i, p := range sheets {
		if p.Width <= p.Height {
			t.Errorf("sheet page %d is portrait (%.0f × %.0f)", i+1, p.Width, p.Height)
		}
		if _, ok := p.Find("STT"); !ok {
			t.Errorf("sheet page %d does not repeat the header row", i+1)
		}
	}
	// One page wide: the last column of each sheet prints on the page
	// that holds the first column.
	for _, c := range []struct{ first, last string }{{"SỐ LIỆU BÁO CÁO", "Tin, bài báo"}, {"DANH SÁCH HOẠT ĐỘNG", "Minh chứng"}} {
		found := false
		for _, p := range sheets {
			if _, ok := p.Find(c.first); ok {
				_, found = p.Find(c.last)
				break
			}
		}
		if !found {
			t.Errorf("%q and its last column %q are not on one page", c.first, c.last)
		}
	}
}

// A report signed in the product carries the name of the leader who
// signed it and the day of signing, and is no longer a draft.
func TestReportDocument_SignedByTheLeaderInTheProduct(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	clk := clock.NewFixed(time.Date(2026, 11, 22, 18, 30, 0, 0, time.UTC)) // 01:30 on 23/11 in Vietnam
	o := org.NewService(db, clk)
	p := plan.NewService(db, clk, o)
	a := activity.NewService(db, clk, o)
	r := report.NewService(db, clk, o, a, p)
	au := auth.NewService(db, clk, o)
	r.NameSignersWith(au)
	if err := demo.LoadUnits(ctx, o); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadPlans(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadActivities(ctx, a, r); err != nil {
		t.Fatal(err)
	}
	sys := access.With(ctx, access.System())
	u, _, err := au.Create(sys, auth.NewUser{Username: "giamdoc-sgddt", FullName: "Hoàng Thị Thu", UnitCode: "cao-bang-sgddt", Roles: []access.Role{access.RoleLeader}, Password: "mat-khau-giam-doc-so-gd-cao-bang-2026"})
	if err != nil {
		t.Fatal(err)
	}
	unit, err := o.Lookup(sys, "cao-bang-sgddt", o.Today())
	if err != nil {
		t.Fatal(err)
	}
	leader := access.With(ctx, &access.Actor{UserID: u.ID, Username: u.Username, UnitID: unit.ID, Grants: []access.Grant{{Role: access.RoleLeader, ScopeUnit: unit.ID}}})
	rep, err := r.Open(sys, "cao-bang-sgddt", "2026-H1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.SaveNarrative(sys, rep.ID, report.Narrative{Results: "Các trường đã tổ chức ngoại khóa."}); err != nil {
		t.Fatal(err)
	}
	if rep, err = r.Sign(leader, rep.ID); err != nil {
		t.Fatal(err, errs.FieldsOf(err))
	}
	d, err := r.Document(sys, rep)
	if err != nil {
		t.Fatal(err)
	}
	if d.Draft || d.Signer.Name != "Hoàng Thị Thu" || d.Signer.Title == "" {
		t.Errorf("draft %v, signer %+v", d.Draft, d.Signer)
	}
	if got := docgen.FormatDateLine(d.Place, d.Date, d.Year); got != "Cao Bằng, ngày 23 tháng 11 năm 2026" {
		t.Errorf("date line %q", got)
	}
}
