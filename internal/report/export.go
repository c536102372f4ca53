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
	"github.com/canhgiac/canhgiac/internal/docgen"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Document lays a report out as a BÁO CÁO in the state format.
func (s *Service) Document(ctx context.Context, r *Report) (docgen.Document, error) {
	sys := access.With(ctx, access.System())
	u, err := s.org.Unit(sys, r.UnitID, s.org.Today())
	if err != nil {
		return docgen.Document{}, err
	}
	d := docgen.Document{IssuingBody: strings.ToUpper(u.Name), Kind: "BÁO CÁO", Draft: !r.Status.Received() && r.Status != StatusSigned,
		Title:      "Kết quả thực hiện công tác tuyên truyền, đấu tranh phòng, chống tội phạm trên không gian mạng — " + r.Period.Name,
		Recipients: []string{"Cơ quan thường trực (để tổng hợp)"}}
	if u.ParentID != 0 {
		if p, err := s.org.Unit(sys, u.ParentID, s.org.Today()); err == nil && p.Type != org.TypeMinistry {
			d.ParentBody = strings.ToUpper(p.Name)
		}
	}
	if t, err := store.ParseDateString(r.SubmittedOn); err == nil {
		d.Date, d.Year = &t, t.Year()
	} else {
		d.Year = s.clock.Now().Year()
	}
	f := r.Figures
	para := func(kind docgen.BlockKind, text string) {
		d.Blocks = append(d.Blocks, docgen.Block{Kind: kind, Text: text})
	}
	para(docgen.Paragraph, fmt.Sprintf("Kỳ báo cáo từ ngày %s đến ngày %s.", displayDate(r.Period.CoverFrom), displayDate(r.Period.CoverTo)))
	para(docgen.Heading1, "I. KẾT QUẢ ĐẠT ĐƯỢC")
	para(docgen.Heading2, "1. Số liệu")
	if f != nil {
		para(docgen.Bullet, fmt.Sprintf("- Tổng số hoạt động tuyên truyền: %s; số người tham dự: %s; số bản tài liệu: %s; lượt xem, tiếp cận: %s; tin nhắn: %s.",
			vn.FormatInt(int64(f.Total.Activities)), vn.FormatInt(f.Total.Reach.Participants), vn.FormatInt(f.Total.Reach.Copies),
			vn.FormatInt(f.Total.Reach.Views), vn.FormatInt(f.Total.Reach.Messages)))
		for _, k := range sortedKeys(f.Total.ByForm) {
			para(docgen.Bullet, fmt.Sprintf("- %s: %d hoạt động.", activity.FormLabel(k), f.Total.ByForm[k]))
		}
		if f.Expected > 0 {
			para(docgen.Bullet, fmt.Sprintf("- Đơn vị trực thuộc đã gửi báo cáo: %d/%d, trong đó đúng hạn %d.", f.Received, f.Expected, f.OnTime))
			for _, row := range f.Rows {
				if row.State == StateMissing || row.State == StateLate || row.State == StateReturned {
					para(docgen.Bullet, "+ "+row.Name+": "+strings.ToLower(row.State.Label())+".")
				}
			}
		}
		for _, dp := range f.Duties {
			line := "- Nhiệm vụ: " + dp.Task + " — " + map[string]string{"done": "đã thực hiện", "late": "quá hạn chưa thực hiện", "not_started": "chưa thực hiện"}[dp.State]
			if dp.Target != "" {
				line += "; chỉ tiêu " + dp.Target
			}
			if dp.Actual != "" {
				line += "; đạt " + dp.Actual
			}
			para(docgen.Bullet, line+".")
		}
	}
	n := r.Narrative
	for _, sec := range []struct{ h, text string }{{"2. Đánh giá chung", n.Results}, {"II. TỒN TẠI, HẠN CHẾ", n.Shortcomings}, {"III. NGUYÊN NHÂN", n.Causes},
		{"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ", n.NextTasks}, {"V. ĐỀ XUẤT, KIẾN NGHỊ", n.Proposals}} {
		kind := docgen.Heading1
		if strings.HasPrefix(sec.h, "2.") {
			kind = docgen.Heading2
		}
		para(kind, sec.h)
		if strings.TrimSpace(sec.text) == "" {
			para(docgen.Paragraph, "(Không có.)")
		}
		for _, l := range strings.Split(sec.text, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				para(docgen.Paragraph, l)
			}
		}
	}
	d.Signer = docgen.Signer{Title: "THỦ TRƯỞNG ĐƠN VỊ"}
	return d, nil
}

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
