package activityimport

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/canhgiac/canhgiac/internal/vn"
)

const (
	dataSheet  = "Hoạt động"
	guideSheet = "Hướng dẫn"
)

// colWidths are the data sheet's column widths in Excel units, per key:
// wide enough to read an example without resizing.
var colWidths = map[string]float64{
	"date": 12, "date_to": 12, "form": 24, "title": 50, "themes": 30, "tactics": 34,
	"audience": 24, "participants": 12, "copies": 12, "views": 14, "messages": 12,
	"links": 36, "duty": 28, "note": 30,
}

func isDateKey(k string) bool { return k == "date" || k == "date_to" }

func isCountKey(k string) bool {
	return k == "participants" || k == "copies" || k == "views" || k == "messages"
}

// xlsxStyles are the style ids the template uses.
type xlsxStyles struct {
	required, optional, date, count, wrap, title, bold int
}

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	border := []excelize.Border{
		{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1},
	}
	head := func(fill string) *excelize.Style {
		return &excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"},
			Border:    border,
		}
	}
	// dd/mm/yyyy whatever the viewer's locale, so dates read the
	// Vietnamese way even in an English Excel.
	dateFmt := "dd/mm/yyyy"
	for _, x := range []struct {
		id    *int
		style *excelize.Style
	}{
		{&s.required, head("F8CBAD")}, // required headers stand out
		{&s.optional, head("DDEBF7")},
		{&s.date, &excelize.Style{CustomNumFmt: &dateFmt}},
		{&s.count, &excelize.Style{NumFmt: 3}}, // #,##0
		{&s.wrap, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&s.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&s.bold, &excelize.Style{Font: &excelize.Font{Bold: true}}},
	} {
		id, err := f.NewStyle(x.style)
		if err != nil {
			return s, err
		}
		*x.id = id
	}
	return s, nil
}

func templateXLSX(w io.Writer, forms []string) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", dataSheet); err != nil {
		return err
	}
	if _, err := f.NewSheet(guideSheet); err != nil {
		return err
	}
	if err := writeDataSheet(f, st, forms); err != nil {
		return err
	}
	formsRange, err := writeGuideSheet(f, st, forms)
	if err != nil {
		return err
	}
	if formsRange != "" {
		if err := addFormDropDown(f, formsRange); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

func writeDataSheet(f *excelize.File, st xlsxStyles, forms []string) error {
	for i, c := range Columns {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		// Column styles apply to rows the user adds later too, so their
		// dates and counts display like the examples.
		style := st.wrap
		switch {
		case isDateKey(c.Key):
			style = st.date
		case isCountKey(c.Key):
			style = st.count
		}
		if err := f.SetColStyle(dataSheet, col, style); err != nil {
			return err
		}
		if err := f.SetColWidth(dataSheet, col, col, colWidths[c.Key]); err != nil {
			return err
		}
		head := st.optional
		if c.Required {
			head = st.required
		}
		if err := setCell(f, dataSheet, i+1, 1, c.Header, head); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(dataSheet, 1, 32); err != nil {
		return err
	}

	for r, ex := range examples(forms) {
		for i, c := range Columns {
			s := ex[c.Key]
			if s == "" {
				continue
			}
			// Dates and counts go in as real dates and numbers, as a
			// user filling the sheet in Excel would produce them.
			var v any = s
			style := st.wrap
			switch {
			case isDateKey(c.Key):
				d, err := vn.ParseDate(s)
				if err != nil {
					return err
				}
				v, style = d, st.date
			case isCountKey(c.Key):
				n, msg := parseCount(cell{text: s})
				if msg != "" {
					return fmt.Errorf("activityimport: example %s: %s", c.Key, msg)
				}
				v, style = n, st.count
			}
			if err := setCell(f, dataSheet, i+1, r+2, v, style); err != nil {
				return err
			}
		}
	}
	return f.SetPanes(dataSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// writeGuideSheet fills the "Hướng dẫn" sheet and returns the absolute
// reference of the cells listing the forms ("" when there are none), for
// the drop-down on the data sheet to point at.
func writeGuideSheet(f *excelize.File, st xlsxStyles, forms []string) (string, error) {
	for _, x := range []struct {
		col   string
		width float64
	}{{"A", 28}, {"B", 12}, {"C", 100}} {
		if err := f.SetColWidth(guideSheet, x.col, x.col, x.width); err != nil {
			return "", err
		}
	}
	row := 1
	if err := setCell(f, guideSheet, 1, row, "HƯỚNG DẪN ĐIỀN MẪU NHẬP HOẠT ĐỘNG TUYÊN TRUYỀN", st.title); err != nil {
		return "", err
	}
	row += 2
	for _, n := range guideNotes {
		if err := setCell(f, guideSheet, 1, row, "• "+n, 0); err != nil {
			return "", err
		}
		row++
	}
	row++
	for i, h := range []string{"Cột", "Bắt buộc", "Cách ghi"} {
		if err := setCell(f, guideSheet, i+1, row, h, st.optional); err != nil {
			return "", err
		}
	}
	row++
	for _, c := range Columns {
		req := ""
		if c.Required {
			req = "Bắt buộc"
		}
		for i, v := range []string{c.Header, req, guide[c.Key]} {
			if err := setCell(f, guideSheet, i+1, row, v, st.wrap); err != nil {
				return "", err
			}
		}
		row++
	}
	row++
	if err := setCell(f, guideSheet, 1, row, "Các hình thức được chấp nhận (cột “Hình thức”)", st.bold); err != nil {
		return "", err
	}
	row++
	if len(forms) == 0 {
		return "", nil
	}
	first := row
	for _, label := range forms {
		if err := setCell(f, guideSheet, 1, row, label, 0); err != nil {
			return "", err
		}
		row++
	}
	return fmt.Sprintf("'%s'!$A$%d:$A$%d", guideSheet, first, row-1), nil
}

// addFormDropDown offers the forms as a drop-down on the "Hình thức"
// column. The list is a reference to the guide sheet rather than inline
// text because Excel caps an inline list at 255 characters. A typed value
// outside the list only warns: Parse also accepts labels without accents
// and the form codes, and reports anything else itself.
func addFormDropDown(f *excelize.File, formsRange string) error {
	col := 0
	for i, c := range Columns {
		if c.Key == "form" {
			col = i + 1
		}
	}
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		return err
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = name + "2:" + name + strconv.Itoa(defaultMaxRows+1)
	dv.SetSqrefDropList(formsRange)
	dv.SetError(excelize.DataValidationErrorStyleWarning, "Hình thức",
		"Hình thức này không có trong danh sách ở trang “Hướng dẫn”.")
	return f.AddDataValidation(dataSheet, dv)
}

// setCell writes v at (col, row), both 1-based, with the given style (0 for
// none).
func setCell(f *excelize.File, sheetName string, col, row int, v any, style int) error {
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	if err := f.SetCellValue(sheetName, ref, v); err != nil {
		return err
	}
	if style == 0 {
		return nil
	}
	return f.SetCellStyle(sheetName, ref, ref, style)
}
