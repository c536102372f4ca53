package activityimport

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// testForms is a deployment's list of forms as the web layer would pass it.
var testForms = map[string]string{
	"Họp":                       "meeting",
	"Đăng bài trên mạng xã hội": "social_post",
	"Phát tờ rơi":               "leaflet",
	"Hội thi":                   "contest",
	"Loa truyền thanh":          "radio",
	"Nhắn tin cảnh báo":         "sms",
}

func testOptions() Options {
	return Options{Forms: testForms, WindowFrom: "2024-01-01", WindowTo: "2024-06-30", Today: "2024-06-30"}
}

// allHeaders is the template's header row, as a CSV line.
func allHeaders(sep string) string {
	h := make([]string, len(Columns))
	for i, c := range Columns {
		h[i] = c.Header
		if strings.Contains(h[i], sep) {
			h[i] = `"` + h[i] + `"`
		}
	}
	return strings.Join(h, sep)
}

// xlsxCell is a cell to put in a test workbook: a value and, optionally, a
// number format code as Excel would store with it.
type xlsxCell struct {
	v      any
	numFmt string
}

// buildXLSX writes a one-sheet workbook whose rows are given in sheet order
// (nil rows stay blank). A cell may be a plain value or an xlsxCell.
func buildXLSX(t *testing.T, rows [][]any, date1904 bool) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if date1904 {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	for r, row := range rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			x, ok := v.(xlsxCell)
			if !ok {
				x = xlsxCell{v: v}
			}
			if err := f.SetCellValue("Sheet1", ref, x.v); err != nil {
				t.Fatal(err)
			}
			if x.numFmt != "" {
				code := x.numFmt
				id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
				if err != nil {
					t.Fatal(err)
				}
				if err := f.SetCellStyle("Sheet1", ref, ref, id); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// headerRow is the template's header as xlsx cells.
func headerRow() []any {
	h := make([]any, len(Columns))
	for i, c := range Columns {
		h[i] = c.Header
	}
	return h
}

// xlsxRow places values by column key into a full-width row.
func xlsxRow(cells map[string]any) []any {
	row := make([]any, len(Columns))
	for i, c := range Columns {
		row[i] = cells[c.Key]
	}
	return row
}

// problemStrings renders problems the way a user reads them.
func problemStrings(ps []CellError) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Error()
	}
	return out
}
