package report

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/vn"
)

func sortedKeys(m map[string]int) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Number formats of the .xlsx. The [$-42A] prefix marks them Vietnamese,
// so LibreOffice prints 47.400 and 20,0 % whatever the machine's locale;
// Excel takes the separators from the machine, which in a Vietnamese
// office gives the same.
const (
	xlsxInt     = `[$-42A]#,##0`
	xlsxPercent = `[$-42A]0.0 %`
	xlsxDate    = `dd/mm/yyyy`
	xlsxFont    = "Times New Roman"
)

// xlsxStyles are the cell styles of a printable sheet.
type xlsxStyles struct {
	title, note, head, text, num, date, pct, totalText, totalNum int
}

func newXLSXStyles(x *excelize.File) (xlsxStyles, error) {
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	font := func(bold, italic bool, size float64) *excelize.Font {
		return &excelize.Font{Family: xlsxFont, Bold: bold, Italic: italic, Size: size}
	}
	intFmt, pctFmt, dateFmt := xlsxInt, xlsxPercent, xlsxDate
	specs := []*excelize.Style{
		{Font: font(true, false, 14), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Font: font(false, true, 12), Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}},
		{Font: font(true, false, 12), Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Font: font(false, false, 12), Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}},
		{Font: font(false, false, 12), Border: border, CustomNumFmt: &intFmt, Alignment: &excelize.Alignment{Vertical: "top"}},
		{Font: font(false, false, 12), Border: border, CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}},
		{Font: font(false, false, 12), Border: border, CustomNumFmt: &pctFmt, Alignment: &excelize.Alignment{Vertical: "top"}},
		{Font: font(true, false, 12), Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}},
		{Font: font(true, false, 12), Border: border, CustomNumFmt: &intFmt, Alignment: &excelize.Alignment{Vertical: "top"}},
	}
	ids := make([]int, len(specs))
	for i, sp := range specs {
		id, err := x.NewStyle(sp)
		if err != nil {
			return xlsxStyles{}, fmt.Errorf("xlsx style: %w", err)
		}
		ids[i] = id
	}
	return xlsxStyles{ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6], ids[7], ids[8]}, nil
}

// sheet writes one printable table: a title over the columns, an
// optional note, the header row (frozen, filtered, repeated on every
// printed page) and then rows; landscape A4, one page wide.
type sheet struct {
	x      *excelize.File
	name   string
	st     xlsxStyles
	ncols  int
	row    int // the next row to write
	head   int // the header row
	first  int // the first data row
	widths []float64
}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func colName(col int) string {
	c, _ := excelize.ColumnNumberToName(col)
	return c
}

func (s *sheet) title(text string, notes ...string) {
	s.x.SetCellValue(s.name, cell(1, s.row), text)
	s.x.MergeCell(s.name, cell(1, s.row), cell(s.ncols, s.row))
	s.x.SetCellStyle(s.name, cell(1, s.row), cell(s.ncols, s.row), s.st.title)
	s.x.SetRowHeight(s.name, s.row, 40)
	s.row++
	for _, n := range notes {
		s.x.SetCellValue(s.name, cell(1, s.row), n)
		s.x.MergeCell(s.name, cell(1, s.row), cell(s.ncols, s.row))
		s.x.SetCellStyle(s.name, cell(1, s.row), cell(s.ncols, s.row), s.st.note)
		total := 0.0
		for _, w := range s.widths {
			total += w
		}
		lines := (len([]rune(n)) + int(total) - 1) / max(int(total), 1)
		s.x.SetRowHeight(s.name, s.row, float64(max(lines, 1))*16+4)
		s.row++
	}
	s.row++
}

func (s *sheet) header(names ...string) {
	s.head = s.row
	for i, n := range names {
		s.x.SetCellValue(s.name, cell(i+1, s.row), n)
		s.x.SetColWidth(s.name, colName(i+1), colName(i+1), s.widths[i])
	}
	s.x.SetCellStyle(s.name, cell(1, s.row), cell(len(names), s.row), s.st.head)
	lines := 2
	for i, n := range names {
		per := max(int(s.widths[i]*0.9), 3)
		lines = max(lines, (len([]rune(n))+per-1)/per)
	}
	s.x.SetRowHeight(s.name, s.row, float64(lines)*16+6)
	s.row++
	s.first = s.row
}

// put writes a data row; values are strings, int64, float64 or dates
// (time.Time), each styled by its kind. The row is made tall enough for
// its longest wrapped text: spreadsheet programs do not grow a row for
// wrapped text written by another program, and a cut text prints as if
// it were not there.
func (s *sheet) put(bold bool, vals ...any) {
	lines := 1
	for i, v := range vals {
		if t, ok := v.(string); ok && i < len(s.widths) {
			perLine := max(int(s.widths[i]), 4)
			n := 0
			for _, part := range strings.Split(t, "\n") {
				n += max(1, (len([]rune(part))+perLine-1)/perLine)
			}
			lines = max(lines, n)
		}
	}
	if lines > 1 {
		s.x.SetRowHeight(s.name, s.row, float64(lines)*15.75+2)
	}
	for i, v := range vals {
		c := cell(i+1, s.row)
		style := s.st.text
		switch v := v.(type) {
		case int64, int:
			style = s.st.num
			if bold {
				style = s.st.totalNum
			}
		case time.Time:
			style = s.st.date
		case formula:
			s.x.SetCellFormula(s.name, c, string(v))
			style = s.st.totalNum
			if !bold {
				style = s.st.num
			}
			s.x.SetCellStyle(s.name, c, c, style)
			continue
		case percent:
			s.x.SetCellFormula(s.name, c, string(v))
			s.x.SetCellStyle(s.name, c, c, s.st.pct)
			continue
		default:
			if bold {
				style = s.st.totalText
			}
		}
		if v != nil {
			s.x.SetCellValue(s.name, c, v)
		}
		s.x.SetCellStyle(s.name, c, c, style)
	}
	s.row++
}

// formula is a cell holding a formula with an integer result; percent one
// with a ratio, shown as a percentage.
type (
	formula string
	percent string
)

// sum is the SUM formula of a column over the rows written so far.
func (s *sheet) sum(col, from, to int) formula {
	return formula(fmt.Sprintf("SUM(%s%d:%s%d)", colName(col), from, colName(col), to))
}

// finish freezes the rows down to the header, filters the header's
// columns over rows first..last, and sets up printing: landscape A4, one
// page wide, the header rows repeated on every page.
func (s *sheet) finish(last int) error {
	if err := s.x.SetPanes(s.name, &excelize.Panes{Freeze: true, YSplit: s.head, TopLeftCell: cell(1, s.head+1), ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("xlsx %s panes: %w", s.name, err)
	}
	if last >= s.first {
		if err := s.x.AutoFilter(s.name, cell(1, s.head)+":"+cell(s.ncols, last), nil); err != nil {
			return fmt.Errorf("xlsx %s filter: %w", s.name, err)
		}
	}
	a4, landscape, one, zero := 9, "landscape", 1, 0
	if err := s.x.SetPageLayout(s.name, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return fmt.Errorf("xlsx %s layout: %w", s.name, err)
	}
	fit := true
	if err := s.x.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return fmt.Errorf("xlsx %s props: %w", s.name, err)
	}
	m, mt := 0.6, 0.75
	if err := s.x.SetPageMargins(s.name, &excelize.PageLayoutMarginsOptions{Left: &m, Right: &m, Top: &mt, Bottom: &mt}); err != nil {
		return fmt.Errorf("xlsx %s margins: %w", s.name, err)
	}
	return s.x.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: s.name,
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", s.name, s.head, s.head)})
}

// dateCell is a real date for the sheet, or "" when d is empty.
func dateCell(d string) any {
	if t, err := vn.ParseISODate(d); err == nil {
		return t
	}
	return ""
}

// WriteXLSX writes the report's figures and the activities behind them as
// an .xlsx an office can print. "Số liệu" has a row for the unit's own
// activities and one per sub-unit with its state, then totals as SUM
// formulas. "Hoạt động" lists the same activities the figures count,
// totalled the same way, then — apart — those they do not count, each with
// the reason (a sub-unit's report not received, a unit that does not
// report by period). Both sheets therefore add up to the same totals,
// except where a sub-unit's report was frozen when it was sent and its
// activities changed since: a note on "Hoạt động" says so.
func (s *Service) WriteXLSX(ctx context.Context, w io.Writer, r *Report) error {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetDefaultFont(xlsxFont); err != nil {
		return fmt.Errorf("xlsx font: %w", err)
	}
	st, err := newXLSXStyles(x)
	if err != nil {
		return err
	}
	const fig, acts = "Số liệu", "Hoạt động"
	x.SetSheetName("Sheet1", fig)
	if _, err := x.NewSheet(acts); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	window := fmt.Sprintf("Kỳ báo cáo: từ ngày %s đến ngày %s.", displayDate(r.Period.CoverFrom), displayDate(r.Period.CoverTo))
	if r.Figures != nil && r.Status.Received() && r.SubmittedOn != "" {
		window += " Số liệu chốt khi gửi báo cáo ngày " + displayDate(r.SubmittedOn) + "."
	}

	// One column per form of outreach the figures contain: seventeen
	// columns of zeros would only shrink the printed page.
	var forms []activity.Form
	if r.Figures != nil {
		for _, fm := range activity.Forms {
			if r.Figures.Total.ByForm[fm.Code] > 0 || r.Figures.Own.ByForm[fm.Code] > 0 {
				forms = append(forms, fm)
			}
		}
	}
	head := []string{"STT", "Đơn vị", "Tình trạng báo cáo", "Ngày gửi", "Số hoạt động", "Số người tham dự", "Số bản tài liệu", "Lượt xem, tiếp cận", "Số tin nhắn"}
	widths := []float64{6, 36, 16, 12, 10, 11, 10, 11, 10}
	for _, fm := range forms {
		head = append(head, fm.Label)
		widths = append(widths, 12)
	}
	fs := &sheet{x: x, name: fig, st: st, ncols: len(head), row: 1, widths: widths}
	fs.title(strings.ToUpper("Số liệu báo cáo "+periodWords(r.Period))+"\n"+r.UnitName, window)
	fs.header(head...)
	figures := func(sum activity.Summary) []any {
		v := []any{int64(sum.Activities), sum.Reach.Participants, sum.Reach.Copies, sum.Reach.Views, sum.Reach.Messages}
		for _, fm := range forms {
			v = append(v, int64(sum.ByForm[fm.Code]))
		}
		return v
	}
	blank := make([]any, len(head)-4)
	f := r.Figures
	if f != nil && f.Missing != "" {
		fs.put(false, "", "(Chưa có số liệu: "+f.Missing+")")
		if err := fs.finish(0); err != nil {
			return err
		}
	} else if f != nil {
		n := 1
		fs.put(false, append([]any{int64(n), r.UnitName + " (hoạt động của đơn vị)", "", ""}, figures(f.Own)...)...)
		counted := map[int64]bool{}
		for _, row := range f.Rows {
			n++
			vals := []any{int64(n), row.Name, row.State.Label(), dateCell(row.SubmittedOn)}
			switch {
			case (row.State == StateOnTime || row.State == StateLate) && !counted[row.ReportID]:
				counted[row.ReportID] = true
				vals = append(vals, figures(row.Summary)...)
			case row.State == StateOnTime || row.State == StateLate:
				vals[2] = row.State.Label() + " (chung một báo cáo với đơn vị ở trên)"
				vals = append(vals, blank...)
			default:
				vals = append(vals, blank...)
			}
			fs.put(false, vals...)
		}
		last := fs.row - 1
		total := []any{"", "TỔNG CỘNG", fmt.Sprintf("%d/%d báo cáo đã nhận", f.Received, f.Expected), ""}
		for c := 5; c <= len(head); c++ {
			total = append(total, fs.sum(c, fs.first, last))
		}
		fs.put(true, total...)
		if f.Expected > 0 {
			fs.put(false, "", "Tỷ lệ báo cáo gửi đúng hạn", percent(fmt.Sprintf("%d/%d", f.OnTime, f.Expected)), "")
		}
		if err := fs.finish(last); err != nil {
			return err
		}
	} else {
		fs.put(false, "", "(Chưa có số liệu: báo cáo chưa được tổng hợp.)")
		if err := fs.finish(0); err != nil {
			return err
		}
	}

	listed, err := s.countedActivities(access.With(ctx, access.System()), r)
	if err != nil {
		return err
	}
	as := &sheet{x: x, name: acts, st: st, ncols: 12, row: 1, widths: []float64{6, 11, 11, 26, 20, 46, 10, 10, 11, 10, 26, 26}}
	counted, excluded := 0, 0
	for _, a := range listed {
		if a.counted {
			counted++
		} else {
			excluded++
		}
	}
	note := window + fmt.Sprintf(" %s hoạt động được tính vào số liệu", vn.FormatInt(int64(counted)))
	if excluded > 0 {
		note += fmt.Sprintf("; %s hoạt động không được tính, liệt kê riêng ở cuối kèm lý do", vn.FormatInt(int64(excluded)))
	}
	note += "."
	if f != nil {
		live := 0
		for _, a := range listed {
			if a.counted {
				live++
			}
		}
		if live != f.Total.Activities {
			note += fmt.Sprintf(" Số liệu (%s hoạt động) là bản chốt khi các báo cáo được gửi; hoạt động nhập hoặc sửa sau đó làm số hiện có (%s) khác bản chốt.",
				vn.FormatInt(int64(f.Total.Activities)), vn.FormatInt(int64(live)))
		}
	}
	as.title(strings.ToUpper("Danh sách hoạt động tuyên truyền "+periodWords(r.Period))+"\n"+r.UnitName, note)
	as.header("STT", "Ngày", "Đến ngày", "Đơn vị", "Hình thức", "Nội dung", "Số người tham dự", "Số bản tài liệu", "Lượt xem, tiếp cận", "Số tin nhắn", "Tính vào số liệu", "Minh chứng")
	n := 0
	row := func(a listedActivity, why string) {
		n++
		as.put(false, int64(n), dateCell(a.Date), dateCell(a.DateTo), a.UnitName, activity.FormLabel(a.Form), a.Title,
			a.Participants, a.Copies, a.Views, a.Messages, why, strings.Join(a.Links, " "))
	}
	for _, a := range listed {
		if a.counted {
			row(a, "Có")
		}
	}
	last := as.row - 1
	total := []any{"", "", "", "TỔNG CỘNG (tính vào số liệu)", "", ""}
	for c := 7; c <= 10; c++ {
		total = append(total, as.sum(c, as.first, last))
	}
	as.put(true, append(total, "", "")...)
	if excluded > 0 {
		as.put(true, "", "", "", "KHÔNG TÍNH VÀO SỐ LIỆU", "", "", "", "", "", "", "", "")
		for _, a := range listed {
			if !a.counted {
				row(a, "Không: "+a.reason)
			}
		}
	}
	if err := as.finish(last); err != nil {
		return err
	}
	x.SetDocProps(&excelize.DocProperties{Title: r.Period.Name + " — " + r.UnitName, Creator: "Cảnh Giác", Language: "vi-VN",
		Created: s.clock.Now().UTC().Format(time.RFC3339)})
	if err := x.Write(w); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// listedActivity is an activity of the report's subtree and window, with
// whether the report's figures count it and, if not, why.
type listedActivity struct {
	activity.Activity
	counted bool
	reason  string
}

// countedActivities sorts the activities in the report unit's subtree and
// window the way its figures count them: the unit's own, and those of
// each sub-unit whose report was received, level by level down the tree;
// the activities of a sub-unit whose report was not received, and of
// units that do not report by period (enterprises, which report through
// the body that directs them), are listed with the reason they are left
// out. The top level follows the report's own figures (the frozen
// snapshot once sent); the levels below follow their live figures.
func (s *Service) countedActivities(ctx context.Context, r *Report) ([]listedActivity, error) {
	list := func(unitID int64, subtree bool) ([]activity.Activity, error) {
		return s.activity.List(ctx, activity.Filter{UnitID: unitID, Subtree: subtree, From: r.Period.CoverFrom, To: r.Period.CoverTo, All: true})
	}
	all, err := list(r.UnitID, true)
	if err != nil {
		return nil, err
	}
	counted, reason := map[int64]bool{}, map[int64]string{}
	var walk func(unitID int64, f *Figures, depth int) error
	walk = func(unitID int64, f *Figures, depth int) error {
		own, err := list(unitID, false)
		if err != nil {
			return err
		}
		for _, a := range own {
			counted[a.ID] = true
		}
		if f == nil || depth > 12 {
			return nil
		}
		seen := map[int64]bool{}
		for _, row := range f.Rows {
			if (row.State == StateOnTime || row.State == StateLate) && !seen[row.ReportID] {
				seen[row.ReportID] = true
				sub, err := s.Figures(ctx, row.UnitID, r.Period)
				if err != nil {
					return err
				}
				if err := walk(row.UnitID, sub, depth+1); err != nil {
					return err
				}
				continue
			}
			if row.State == StateOnTime || row.State == StateLate {
				continue
			}
			left, err := list(row.UnitID, true)
			if err != nil {
				return err
			}
			// A unit's list may include what its predecessors logged; the
			// row of the unit that logged an activity names the reason.
			for _, a := range left {
				if _, ok := reason[a.ID]; !ok || a.UnitID == row.UnitID {
					reason[a.ID] = "báo cáo của " + row.Name + " " + strings.ToLower(row.State.Label())
				}
			}
		}
		return nil
	}
	if err := walk(r.UnitID, r.Figures, 0); err != nil {
		return nil, err
	}
	names := map[int64]string{}
	out := make([]listedActivity, 0, len(all))
	for _, a := range all {
		if _, ok := names[a.UnitID]; !ok {
			if u, err := s.org.Unit(ctx, a.UnitID, r.Period.CoverTo); err == nil {
				names[a.UnitID] = u.Name
			}
		}
		a.UnitName = names[a.UnitID]
		la := listedActivity{Activity: a, counted: counted[a.ID]}
		if !la.counted {
			la.reason = reason[a.ID]
			if la.reason == "" {
				la.reason = "đơn vị không gửi báo cáo theo kỳ (báo cáo qua cơ quan chỉ đạo)"
			}
		}
		out = append(out, la)
	}
	// Oldest first, as a register reads.
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Date != out[j].Date {
			return out[i].Date < out[j].Date
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}
