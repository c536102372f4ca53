package report

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/docgen"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// subject is the report's trích yếu; the period's words follow it.
const subject = "Kết quả thực hiện công tác tuyên truyền, đấu tranh phòng, chống tội phạm trên không gian mạng"

// Document lays a report out as a BÁO CÁO in the state format (NĐ 30):
// "Số: …/BC-<the unit's symbol>", the place and the date it was sent (a
// draft leaves day, month and year blank for the clerk, never the year of
// printing), the subject once with the period in words, the figures as
// tables (totals, by form, by tactic, by audience, by sub-unit with its
// state, duties), the narrative, the signature of the unit's leader and
// "Nơi nhận" with the level above. A report not yet signed is a draft and
// says DỰ THẢO on every page.
func (s *Service) Document(ctx context.Context, r *Report) (docgen.Document, error) {
	sys := access.With(ctx, access.System())
	asOf := r.Period.CoverTo
	u, err := s.org.Unit(sys, r.UnitID, asOf)
	if err != nil {
		if u, err = s.org.Unit(sys, r.UnitID, s.org.Today()); err != nil {
			return docgen.Document{}, err
		}
	}
	d := docgen.Document{IssuingBody: strings.ToUpper(u.Name), Kind: "BÁO CÁO",
		Draft: !r.Status.Received() && r.Status != StatusSigned,
		Title: subject + " " + periodWords(r.Period)}
	var parent org.Unit
	if u.ParentID != 0 {
		if p, err := s.org.Unit(sys, u.ParentID, asOf); err == nil {
			parent = p
			// The police answer to the Ministry (see plan.Document).
			if p.Type != org.TypeMinistry && !strings.HasPrefix(vn.Fold(u.Name), "cong an ") {
				d.ParentBody = strings.ToUpper(p.ShortName)
				if d.ParentBody == "" {
					d.ParentBody = strings.ToUpper(p.Name)
				}
				if _, place, ok := strings.Cut(p.Name, "nhân dân "); ok && p.Type == org.TypeProvince {
					d.IssuingBody = strings.ToUpper(strings.TrimSuffix(u.Name, " "+place))
				}
			}
		}
	}
	signer, place, symbol := s.unitPaper(sys, u)
	d.SymbolHint = "BC-" + symbol
	d.Place = place
	if d.Place == "" {
		d.Place = s.provincePlace(sys, u, asOf)
	}
	signedAt, signedBy := s.signature(ctx, r)
	if day, ok := sentOn(r, signedAt); ok && !d.Draft {
		d.Date, d.Year = &day, day.Year()
	}
	if signedBy != 0 && s.names != nil {
		// The leader who signed in the product; the authority and title
		// stay those of the unit's papers.
		if name, err := s.names.FullName(ctx, signedBy); err == nil {
			signer.Name = name
		}
	}
	d.Signer = signer
	if parent.Name != "" {
		d.Recipients = append(d.Recipients, parent.Name+" (để báo cáo)")
	}
	d.Recipients = append(d.Recipients, "Lưu: VT")

	para := func(kind docgen.BlockKind, text string) {
		d.Blocks = append(d.Blocks, docgen.Block{Kind: kind, Text: text})
	}
	table := func(t docgen.Table) { d.Blocks = append(d.Blocks, docgen.Block{Kind: docgen.TableBlock, Table: &t}) }
	para(docgen.Paragraph, fmt.Sprintf("Kỳ báo cáo: từ ngày %s đến ngày %s.", displayDate(r.Period.CoverFrom), displayDate(r.Period.CoverTo)))
	para(docgen.Heading1, "I. KẾT QUẢ ĐẠT ĐƯỢC")
	para(docgen.Heading2, "1. Số liệu")
	if f := r.Figures; f == nil {
		para(docgen.Paragraph, "(Chưa có số liệu: báo cáo chưa được tổng hợp.)")
	} else if f.Missing != "" {
		para(docgen.Paragraph, "(Chưa có số liệu: "+f.Missing+")")
	} else {
		s.figureTables(sys, r, f, para, table)
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
	return d, nil
}

// figureTables writes the figures as the tables a reader checks: the
// totals (own, sub-units', all), by form, by tactic, by audience, the
// sub-units with their states, and the duties.
func (s *Service) figureTables(ctx context.Context, r *Report, f *Figures, para func(docgen.BlockKind, string), table func(docgen.Table)) {
	num := func(n int64) string { return vn.FormatInt(n) }
	subs := activity.NewSummary()
	subs.Add(f.Total)
	subs.Activities -= f.Own.Activities
	subs.Reach.Participants -= f.Own.Reach.Participants
	subs.Reach.Copies -= f.Own.Reach.Copies
	subs.Reach.Views -= f.Own.Reach.Views
	subs.Reach.Messages -= f.Own.Reach.Messages
	para(docgen.Caption, "Bảng 1. Tổng hợp kết quả tuyên truyền")
	t := docgen.Table{Header: []string{"STT", "Chỉ tiêu", "Của đơn vị", "Đơn vị trực thuộc", "Tổng cộng"},
		Widths: []int{8, 30, 13, 15, 13}, Numeric: []bool{false, false, true, true, true}}
	for i, x := range []struct {
		name          string
		own, sub, all int64
	}{
		{"Số hoạt động tuyên truyền", int64(f.Own.Activities), int64(subs.Activities), int64(f.Total.Activities)},
		{"Số người tham dự", f.Own.Reach.Participants, subs.Reach.Participants, f.Total.Reach.Participants},
		{"Số bản tài liệu phát hành", f.Own.Reach.Copies, subs.Reach.Copies, f.Total.Reach.Copies},
		{"Lượt xem, tiếp cận", f.Own.Reach.Views, subs.Reach.Views, f.Total.Reach.Views},
		{"Số tin nhắn cảnh báo", f.Own.Reach.Messages, subs.Reach.Messages, f.Total.Reach.Messages},
	} {
		t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), x.name, num(x.own), num(x.sub), num(x.all)})
	}
	table(t)

	if len(f.Total.ByForm) > 0 {
		para(docgen.Caption, "Bảng 2. Số hoạt động theo hình thức tuyên truyền")
		t := docgen.Table{Header: []string{"STT", "Hình thức", "Số hoạt động"}, Widths: []int{8, 45, 15}, Numeric: []bool{false, false, true}, Total: true}
		sum := 0
		for _, fm := range activity.Forms {
			if n := f.Total.ByForm[fm.Code]; n > 0 {
				t.Rows = append(t.Rows, []string{strconv.Itoa(len(t.Rows) + 1), fm.Label, num(int64(n))})
				sum += n
			}
		}
		for _, k := range sortedKeys(f.Total.ByForm) {
			if !activity.ValidForm(k) && f.Total.ByForm[k] > 0 {
				t.Rows = append(t.Rows, []string{strconv.Itoa(len(t.Rows) + 1), k, num(int64(f.Total.ByForm[k]))})
				sum += f.Total.ByForm[k]
			}
		}
		t.Rows = append(t.Rows, []string{"", "Tổng cộng", num(int64(sum))})
		table(t)
	}
	if len(f.Total.ByTactic) > 0 {
		names := map[string]string{}
		var order []string
		if ts, err := s.activity.Tactics(ctx); err == nil {
			for _, tc := range ts {
				names[tc.Code] = tc.Name
				order = append(order, tc.Code)
			}
		}
		for _, k := range sortedKeys(f.Total.ByTactic) {
			if _, ok := names[k]; !ok {
				names[k] = k
				order = append(order, k)
			}
		}
		para(docgen.Caption, "Bảng 3. Số hoạt động theo thủ đoạn được cảnh báo")
		t := docgen.Table{Header: []string{"STT", "Thủ đoạn", "Số hoạt động"}, Widths: []int{8, 45, 15}, Numeric: []bool{false, false, true}}
		for _, k := range order {
			if n := f.Total.ByTactic[k]; n > 0 {
				t.Rows = append(t.Rows, []string{strconv.Itoa(len(t.Rows) + 1), names[k], num(int64(n))})
			}
		}
		table(t)
	}
	if len(f.Total.ByAudience) > 0 {
		para(docgen.Caption, "Bảng 4. Số người tham dự theo đối tượng")
		t := docgen.Table{Header: []string{"STT", "Đối tượng", "Số người tham dự"}, Widths: []int{8, 45, 15}, Numeric: []bool{false, false, true}}
		keys := make([]string, 0, len(f.Total.ByAudience))
		for k := range f.Total.ByAudience {
			keys = append(keys, k)
		}
		vn.SortBy(vn.NewCollator(), keys, func(k string) string { return k })
		for _, k := range keys {
			if n := f.Total.ByAudience[k]; n > 0 {
				t.Rows = append(t.Rows, []string{strconv.Itoa(len(t.Rows) + 1), k, num(n)})
			}
		}
		table(t)
	}
	if f.Expected > 0 {
		para(docgen.Caption, fmt.Sprintf("Bảng 5. Đơn vị trực thuộc: đã gửi %d/%d báo cáo, trong đó đúng hạn %d", f.Received, f.Expected, f.OnTime))
		t := docgen.Table{Header: []string{"STT", "Đơn vị", "Tình trạng", "Ngày gửi", "Số hoạt động", "Số người tham dự", "Lượt xem, tiếp cận"},
			Widths: []int{8, 25, 14, 15, 11, 12, 13}, Numeric: []bool{false, false, false, false, true, true, true}, Total: true}
		var acts, people, views int64
		for i, row := range f.Rows {
			on := ""
			if row.SubmittedOn != "" {
				on = displayDate(row.SubmittedOn)
			}
			cells := []string{strconv.Itoa(i + 1), row.Name, row.State.Label(), on, "", "", ""}
			if row.State == StateOnTime || row.State == StateLate {
				cells[4], cells[5], cells[6] = num(int64(row.Summary.Activities)), num(row.Summary.Reach.Participants), num(row.Summary.Reach.Views)
				acts, people, views = acts+int64(row.Summary.Activities), people+row.Summary.Reach.Participants, views+row.Summary.Reach.Views
			}
			t.Rows = append(t.Rows, cells)
		}
		t.Rows = append(t.Rows, []string{"", "Cộng (báo cáo đã nhận)", "", "", num(acts), num(people), num(views)})
		table(t)
	}
	if len(f.Duties) > 0 {
		para(docgen.Caption, "Bảng 6. Tiến độ thực hiện nhiệm vụ được giao")
		t := docgen.Table{Header: []string{"STT", "Nhiệm vụ", "Chỉ tiêu", "Kết quả", "Tình trạng"}, Widths: []int{8, 40, 14, 14, 14}}
		for i, dp := range f.Duties {
			t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), dp.Task, dp.Target, dp.Result(), dp.StateLabel()})
		}
		table(t)
	}
}

// periodWords is the period in words for the subject line: "6 tháng đầu
// năm 2024", from the period's name without its "Báo cáo" (the kind of
// document already says so). A local stand-in until vn has the period
// words of the calendar work.
func periodWords(p Period) string {
	name := strings.TrimSpace(p.Name)
	for _, prefix := range []string{"Báo cáo ", "báo cáo "} {
		name = strings.TrimPrefix(name, prefix)
	}
	if name == "" {
		return "từ ngày " + displayDate(p.CoverFrom) + " đến ngày " + displayDate(p.CoverTo)
	}
	return name
}

// signature is when and by whom the report was signed, if it was.
func (s *Service) signature(ctx context.Context, r *Report) (sql.NullTime, int64) {
	var at sql.NullTime
	var by sql.NullInt64
	if err := s.db.R.QueryRowContext(ctx, `SELECT signed_at, signed_by FROM reports WHERE id = $1`, r.ID).Scan(&at, &by); err != nil {
		return sql.NullTime{}, 0
	}
	return at, by.Int64
}

// sentOn is the report's date: the day it was sent up, or the day the
// leader signed it (in Vietnam's calendar) when it is signed but not sent.
func sentOn(r *Report, signedAt sql.NullTime) (time.Time, bool) {
	if t, err := vn.ParseISODate(r.SubmittedOn); err == nil {
		return t, true
	}
	if !signedAt.Valid {
		return time.Time{}, false
	}
	v := signedAt.Time.In(vietnam)
	return time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC), true
}

// vietnam is Asia/Ho_Chi_Minh, from the one place that defines it.
var vietnam = vn.Zone

// unitPaper finds how the unit signs its papers from its latest issued
// plan: the signer (authority, title, name), the place name and the
// symbol after "KH-" ("SNNMT" of "KH-SNNMT"). Without such a plan the
// title follows from the kind of unit and the symbol from its name.
func (s *Service) unitPaper(ctx context.Context, u org.Unit) (docgen.Signer, string, string) {
	var sg docgen.Signer
	var place, symbol string
	if ps, err := s.plan.List(ctx, plan.Filter{Unit: u.Code, Status: plan.StatusIssued}); err == nil {
		for _, p := range ps {
			if p.UnitID != u.ID || p.Kind != plan.KindPlan {
				continue
			}
			if doc, err := s.plan.Document(ctx, p); err == nil && doc.Signer.Title != "" {
				sg = doc.Signer
			}
			place = p.Place
			if _, rest, ok := strings.Cut(p.Symbol, "-"); ok {
				symbol = rest
			}
			break
		}
	}
	if symbol == "" {
		symbol = unitSymbol(u.Name)
	}
	if sg.Title == "" {
		sg = headOf(u)
	}
	return sg, place, symbol
}

// headOf is the signature block of a unit's head when no signed paper
// says it: a people's committee signs collectively through its chairman.
func headOf(u org.Unit) docgen.Signer {
	f := vn.Fold(u.Name)
	switch {
	case strings.HasPrefix(f, "uy ban nhan dan"), strings.HasPrefix(f, "phuong "), strings.HasPrefix(f, "xa "):
		return docgen.Signer{Authority: "TM. ỦY BAN NHÂN DÂN", Title: "CHỦ TỊCH"}
	case strings.HasPrefix(f, "truong "):
		return docgen.Signer{Title: "HIỆU TRƯỞNG"}
	case strings.HasPrefix(f, "chi cuc "):
		return docgen.Signer{Title: "CHI CỤC TRƯỞNG"}
	case strings.HasPrefix(f, "van phong "):
		return docgen.Signer{Title: "CHÁNH VĂN PHÒNG"}
	case strings.HasPrefix(f, "so "), strings.HasPrefix(f, "trung tam "), strings.HasPrefix(f, "cong an "), strings.HasPrefix(f, "dai "):
		return docgen.Signer{Title: "GIÁM ĐỐC"}
	case strings.HasPrefix(f, "cuc "):
		return docgen.Signer{Title: "CỤC TRƯỞNG"}
	case strings.HasPrefix(f, "bao "):
		return docgen.Signer{Title: "TỔNG BIÊN TẬP"}
	}
	return docgen.Signer{Title: "THỦ TRƯỞNG ĐƠN VỊ"}
}

// unitSymbol abbreviates a unit's name the way its papers do when no
// plan says it: the initials of its words before the place ("Sở Giáo dục
// và Đào tạo tỉnh Cao Bằng" → "SGDĐT"), "Ủy ban nhân dân" as "UBND".
func unitSymbol(name string) string {
	words := strings.Fields(name)
	var b strings.Builder
	for i, w := range words {
		f := vn.Fold(w)
		if f == "tinh" || f == "thanh" && i+1 < len(words) && vn.Fold(words[i+1]) == "pho" {
			break
		}
		if f == "va" {
			continue
		}
		r := []rune(w)[0]
		if r == 'Ủ' || r == 'ủ' {
			r = 'U'
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// provincePlace is the place name of the unit's province ("Cao Bằng"
// from "Ủy ban nhân dân tỉnh Cao Bằng"), for the date line.
func (s *Service) provincePlace(ctx context.Context, u org.Unit, asOf string) string {
	for range 8 {
		if u.Type == org.TypeProvince {
			_, place, _ := strings.Cut(u.Name, "nhân dân ")
			place = strings.TrimPrefix(strings.TrimPrefix(place, "tỉnh "), "thành phố ")
			return place
		}
		if u.ParentID == 0 {
			break
		}
		p, err := s.org.Unit(ctx, u.ParentID, asOf)
		if err != nil {
			break
		}
		u = p
	}
	return ""
}
