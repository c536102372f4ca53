package report

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
)

func sortedKeys(m map[string]int) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// WriteXLSX writes the report's figures (a row per sub-unit, then the
// unit's own figures and the total) and the activities behind them.
func (s *Service) WriteXLSX(ctx context.Context, w io.Writer, r *Report) error {
	x := excelize.NewFile()
	defer x.Close()
	const fig, acts = "Số liệu", "Hoạt động"
	x.SetSheetName("Sheet1", fig)
	if _, err := x.NewSheet(acts); err != nil {
		return err
	}
	head := []any{"Đơn vị", "Trạng thái", "Ngày gửi", "Số hoạt động", "Số người tham dự", "Số bản", "Lượt xem", "Số tin nhắn"}
	for _, fm := range activity.Forms {
		head = append(head, fm.Label)
	}
	x.SetSheetRow(fig, "A1", &[]any{r.UnitName + " — " + r.Period.Name})
	x.SetSheetRow(fig, "A2", &head)
	line := 3
	put := func(name, state, on string, sum activity.Summary) {
		row := []any{name, state, on, sum.Activities, sum.Reach.Participants, sum.Reach.Copies, sum.Reach.Views, sum.Reach.Messages}
		for _, fm := range activity.Forms {
			row = append(row, sum.ByForm[fm.Code])
		}
		x.SetSheetRow(fig, "A"+strconv.Itoa(line), &row)
		line++
	}
	f := r.Figures
	if f != nil {
		for _, row := range f.Rows {
			on := ""
			if row.SubmittedOn != "" {
				on = displayDate(row.SubmittedOn)
			}
			put(row.Name, row.State.Label(), on, row.Summary)
		}
		put(r.UnitName+" (hoạt động của đơn vị)", "", "", f.Own)
		put("TỔNG CỘNG", fmt.Sprintf("%d/%d báo cáo, %d đúng hạn", f.Received, f.Expected, f.OnTime), "", f.Total)
	}
	style, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	x.SetCellStyle(fig, "A2", "Z2", style)
	x.SetColWidth(fig, "A", "A", 48)
	x.SetColWidth(fig, "B", "Z", 16)
	sys := access.With(ctx, access.System())
	all, err := s.activityList(sys, r)
	if err != nil {
		return err
	}
	x.SetSheetRow(acts, "A1", &[]any{"Ngày", "Đến ngày", "Đơn vị", "Hình thức", "Nội dung", "Số người tham dự", "Số bản", "Lượt xem", "Số tin nhắn", "Minh chứng"})
	x.SetCellStyle(acts, "A1", "J1", style)
	for i, a := range all {
		to := ""
		if a.DateTo != "" {
			to = displayDate(a.DateTo)
		}
		x.SetSheetRow(acts, "A"+strconv.Itoa(i+2), &[]any{displayDate(a.Date), to, a.UnitName, activity.FormLabel(a.Form), a.Title,
			a.Participants, a.Copies, a.Views, a.Messages, strings.Join(a.Links, " ")})
	}
	x.SetColWidth(acts, "C", "C", 36)
	x.SetColWidth(acts, "E", "E", 60)
	x.SetDocProps(&excelize.DocProperties{Title: r.Period.Name, Creator: "Cảnh Giác", Created: s.clock.Now().Format(time.RFC3339)})
	return x.Write(w)
}

// activityList returns the activities of the unit and its sub-units in the
// report's window, with unit names.
func (s *Service) activityList(ctx context.Context, r *Report) ([]activity.Activity, error) {
	all, err := s.activity.List(ctx, activity.Filter{UnitID: r.UnitID, Subtree: true, From: r.Period.CoverFrom, To: r.Period.CoverTo, Limit: 5000})
	if err != nil {
		return nil, err
	}
	for i := range all {
		if u, err := s.org.Unit(ctx, all[i].UnitID, r.Period.CoverTo); err == nil {
			all[i].UnitName = u.Name
		}
	}
	return all, nil
}
