package intel

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/canhgiac/canhgiac/internal/vn"
)

// WriteStatsXLSX writes the statistics as a workbook a leader can print, a
// sheet per view: a centred title and the window in words over an STT,
// label and count table with borders, its header frozen, filtered and
// repeated on every printed page, counts grouped the Vietnamese way
// (1.260), a bold SUM total, Times New Roman, A4 portrait one page wide.
func WriteStatsXLSX(w io.Writer, st *Stats, tacticName func(string) string) error {
	x := excelize.NewFile()
	defer x.Close()
	const font = "Times New Roman"
	if err := x.SetDefaultFont(font); err != nil {
		return fmt.Errorf("stats xlsx: font: %w", err)
	}
	styles, err := statsStyles(x, font)
	if err != nil {
		return err
	}
	window := fmt.Sprintf("Tố giác nhận được từ ngày %s đến ngày %s: %s tố giác; %s/%s dấu hiệu đã xác minh.",
		vn.FormatDate(vn.In(st.From)), vn.FormatDate(vn.In(st.To)), vn.FormatInt(int64(st.Reports)), vn.FormatInt(int64(st.Verified)), vn.FormatInt(int64(st.Indicators)))
	sheets := []struct {
		name, head string
		rows       []Count
		label      func(string) string
	}{{"Theo thủ đoạn", "Thủ đoạn", st.ByTactic, tacticName}, {"Theo tỉnh", "Tỉnh, thành phố", st.ByProvince, nil}, {"Theo tuần", "Tuần", st.ByWeek, vn.PeriodName}}
	for i, sh := range sheets {
		if i == 0 {
			if err := x.SetSheetName("Sheet1", sh.name); err != nil {
				return fmt.Errorf("stats xlsx: %w", err)
			}
		} else if _, err := x.NewSheet(sh.name); err != nil {
			return fmt.Errorf("stats xlsx: %w", err)
		}
		if err := writeStatsSheet(x, styles, sh.name, "THỐNG KÊ TỐ GIÁC "+statsTitle[i], window, sh.head, sh.rows, sh.label); err != nil {
			return fmt.Errorf("stats xlsx %s: %w", sh.name, err)
		}
	}
	return x.Write(w)
}

var statsTitle = []string{"THEO THỦ ĐOẠN", "THEO TỈNH, THÀNH PHỐ", "THEO TUẦN"}

// statsStyle are the cell styles: title, note, header, text, count and
// the bold total's text and count.
type statsStyle struct{ title, note, head, text, num, totalText, totalNum int }

func statsStyles(x *excelize.File, font string) (statsStyle, error) {
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	f := func(bold, italic bool, size float64) *excelize.Font {
		return &excelize.Font{Family: font, Bold: bold, Italic: italic, Size: size}
	}
	// [$-42A] marks the format Vietnamese: LibreOffice prints 1.260
	// whatever the machine's locale.
	count := `[$-42A]#,##0`
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	specs := []*excelize.Style{
		{Font: f(true, false, 14), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Font: f(false, true, 12), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top", WrapText: true}},
		{Font: f(true, false, 12), Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Font: f(false, false, 12), Border: border, Alignment: top},
		{Font: f(false, false, 12), Border: border, CustomNumFmt: &count, Alignment: &excelize.Alignment{Vertical: "top"}},
		{Font: f(true, false, 12), Border: border, Alignment: top},
		{Font: f(true, false, 12), Border: border, CustomNumFmt: &count, Alignment: &excelize.Alignment{Vertical: "top"}},
	}
	ids := make([]int, len(specs))
	for i, sp := range specs {
		id, err := x.NewStyle(sp)
		if err != nil {
			return statsStyle{}, fmt.Errorf("stats xlsx style: %w", err)
		}
		ids[i] = id
	}
	return statsStyle{ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6]}, nil
}

func writeStatsSheet(x *excelize.File, st statsStyle, name, title, note, head string, rows []Count, label func(string) string) error {
	c := func(col, row int) string {
		s, _ := excelize.CoordinatesToCellName(col, row)
		return s
	}
	set := func(cell string, v any, style int) {
		x.SetCellValue(name, cell, v)
		x.SetCellStyle(name, cell, cell, style)
	}
	x.SetColWidth(name, "A", "A", 7)
	x.SetColWidth(name, "B", "B", 52)
	x.SetColWidth(name, "C", "C", 16)
	set(c(1, 1), title, st.title)
	x.MergeCell(name, c(1, 1), c(3, 1))
	x.SetRowHeight(name, 1, 36)
	set(c(1, 2), note, st.note)
	x.MergeCell(name, c(1, 2), c(3, 2))
	x.SetRowHeight(name, 2, 36)
	const headRow = 4
	for i, h := range []string{"STT", head, "Số tố giác"} {
		set(c(i+1, headRow), h, st.head)
	}
	x.SetRowHeight(name, headRow, 22)
	r := headRow + 1
	for i, row := range rows {
		text := row.Label
		if label != nil {
			if l := label(text); l != "" {
				text = l
			}
		}
		set(c(1, r), i+1, st.num)
		set(c(2, r), text, st.text)
		set(c(3, r), row.N, st.num)
		r++
	}
	set(c(1, r), "", st.totalText)
	set(c(2, r), "TỔNG CỘNG", st.totalText)
	sum := "0"
	if r > headRow+1 {
		sum = fmt.Sprintf("SUM(C%d:C%d)", headRow+1, r-1)
	}
	x.SetCellFormula(name, c(3, r), sum)
	x.SetCellStyle(name, c(3, r), c(3, r), st.totalNum)
	if err := x.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: headRow, TopLeftCell: c(1, headRow+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if r > headRow+1 {
		if err := x.AutoFilter(name, c(1, headRow)+":"+c(3, r-1), nil); err != nil {
			return err
		}
	}
	a4, portrait, one, zero := 9, "portrait", 1, 0
	if err := x.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &a4, Orientation: &portrait, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	fit := true
	if err := x.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return x.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: name, RefersTo: fmt.Sprintf("'%s'!$%d:$%d", name, headRow, headRow)})
}
