package intel

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// QueueFilter narrows the triage queue and picks one page of it. The zero
// value is the whole queue, first 200.
type QueueFilter struct {
	State    string // "" all; see QueueStates
	Kind     string // "" all; a normalize.Kind ("phone", "url", "bank", …)
	Province string // "" all; a report about the indicator came from this province
	From, To string // "" open; a report was received on or between these days (YYYY-MM-DD, Vietnam's calendar)
	Offset   int
	Limit    int // 0 is 200
}

// QueueStates are the states the queue is filtered by, with their words.
var QueueStates = []struct{ Code, Label string }{
	{"warned", "Công chúng đang được cảnh báo"},
	{"unwarned", "Chưa cảnh báo"},
	{"need_info", "Chờ người tố giác bổ sung"},
	{"proposed", "Chờ cán bộ thứ hai xác nhận"},
}

// QueuePage lists one page of the indicators waiting for a decision that
// match f, in the order Queue explains, and counts all that match.
func (s *Service) QueuePage(ctx context.Context, f QueueFilter) ([]Pending, int, error) {
	_, ar, err := s.reviewer(ctx)
	if err != nil {
		return nil, 0, err
	}
	where, args, err := f.where(ar)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM indicators i WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("queue: count: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 200
	}
	n := len(args)
	rows, err := s.db.R.QueryContext(ctx, `SELECT i.id, i.kind, i.display, i.reports, i.reporters, i.partner_reports, i.protected, i.level, i.tactics, i.verified FROM indicators i
		WHERE `+where+fmt.Sprintf(` ORDER BY i.level DESC, i.updated_at DESC, i.id DESC LIMIT $%d OFFSET $%d`, n+1, n+2), append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("queue: %w", err)
	}
	var out []Pending
	for rows.Next() {
		var p Pending
		var tactics string
		if err := rows.Scan(&p.ID, &p.Kind, &p.Display, &p.Reports, &p.Reporters, &p.Partners, &p.Protected, &p.Level, &tactics, &p.Verified); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("queue: %w", err)
		}
		json.Unmarshal([]byte(tactics), &p.Tactics)
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("queue: %w", err)
	}
	if err := s.fillPending(ctx, ar, out); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// where is the SQL condition on indicators (alias i) for the filter within
// the analyst's area. A filter on reports (province, days, a question
// waiting) holds when one report about the indicator matches all of it.
func (f QueueFilter) where(ar Area) (string, []any, error) {
	conds := []string{"i.rejected = $1", "i.verified = $1"}
	args := []any{false}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	switch f.State {
	case "":
	case "warned":
		conds = append(conds, "i.level >= "+arg(1))
	case "unwarned":
		conds = append(conds, "i.level < "+arg(1))
	case "need_info":
	case "proposed":
		conds = append(conds, "EXISTS (SELECT 1 FROM indicator_proposals pr WHERE pr.indicator_id = i.id)")
	default:
		return "", nil, errs.InvalidField("trang-thai", "Không có trạng thái “"+f.State+"”; chọn trong danh sách.")
	}
	if f.Kind != "" {
		conds = append(conds, "i.kind = "+arg(f.Kind))
	}
	var tip []string
	if f.State == "need_info" {
		tip = append(tip, "t2.status = "+arg("need_info"))
	}
	if f.Province != "" {
		name, ok := vn.Province(f.Province)
		if !ok {
			return "", nil, errs.InvalidField("tinh", "Không có tỉnh, thành phố “"+f.Province+"”; chọn trong danh sách.")
		}
		tip = append(tip, "(t2.province = "+arg(name)+" OR t2.partner_province = "+arg(name)+")")
	}
	if f.From != "" {
		from, err := vn.DayStart(f.From)
		if err != nil {
			return "", nil, errs.InvalidField("tu-ngay", "Ngày “"+f.From+"” không đúng; chọn ngày trên lịch.")
		}
		tip = append(tip, "t2.created_at >= "+arg(from.UTC()))
	}
	if f.To != "" {
		to, err := vn.DayEnd(f.To)
		if err != nil {
			return "", nil, errs.InvalidField("den-ngay", "Ngày “"+f.To+"” không đúng; chọn ngày trên lịch.")
		}
		tip = append(tip, "t2.created_at < "+arg(to.UTC()))
	}
	if len(tip) > 0 {
		conds = append(conds, "EXISTS (SELECT 1 FROM tip_indicators ti2 JOIN tips t2 ON t2.id = ti2.tip_id WHERE ti2.indicator_id = i.id AND "+strings.Join(tip, " AND ")+")")
	}
	in, inArgs := ar.indicatorClause(len(args) + 1)
	conds = append(conds, in)
	return strings.Join(conds, " AND "), append(args, inArgs...), nil
}
