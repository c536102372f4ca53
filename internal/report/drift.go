package report

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Drift is how today's live figures of a sent report differ from the
// figures frozen when it was sent, and why. The sent figures stay what the
// level above received; the drift is shown beside them, never instead.
type Drift struct {
	Lines   []DriftLine
	Reasons []string // Vietnamese, one per cause
}

// DriftLine is one figure that differs.
type DriftLine struct {
	Label     string
	Sent, Now int64
}

// Drift compares a sent report's frozen figures with the live ones. It
// returns nil for a report not sent, or when nothing differs.
func (s *Service) Drift(ctx context.Context, r *Report) (*Drift, error) {
	if r == nil || r.Figures == nil || !r.Status.Received() {
		return nil, nil
	}
	live, err := s.Figures(access.With(ctx, access.System()), r.UnitID, r.Period)
	if err != nil {
		return nil, fmt.Errorf("report %d: live figures: %w", r.ID, err)
	}
	sent := r.Figures
	d := &Drift{}
	line := func(label string, a, b int64) {
		if a != b {
			d.Lines = append(d.Lines, DriftLine{Label: label, Sent: a, Now: b})
		}
	}
	line("Số hoạt động", int64(sent.Total.Activities), int64(live.Total.Activities))
	line("Số người tham dự", sent.Total.Reach.Participants, live.Total.Reach.Participants)
	line("Số bản phát hành", sent.Total.Reach.Copies, live.Total.Reach.Copies)
	line("Lượt xem, tiếp cận", sent.Total.Reach.Views, live.Total.Reach.Views)
	line("Số tin nhắn", sent.Total.Reach.Messages, live.Total.Reach.Messages)
	for _, fm := range activity.Forms {
		line("Hình thức: "+fm.Label, int64(sent.Total.ByForm[fm.Code]), int64(live.Total.ByForm[fm.Code]))
	}
	if len(d.Lines) == 0 {
		return nil, nil
	}
	when := ""
	if r.SubmittedOn != "" {
		when = " (ngày " + displayDate(r.SubmittedOn) + ")"
	}
	if !sameSummary(sent.Own, live.Own) {
		d.Reasons = append(d.Reasons, fmt.Sprintf("hoạt động của chính %s trong kỳ được ghi nhận, sửa hoặc xóa sau khi gửi báo cáo%s: khi gửi %s hoạt động, nay %s",
			r.UnitName, when, vn.FormatInt(int64(sent.Own.Activities)), vn.FormatInt(int64(live.Own.Activities))))
	}
	before := map[int64]Row{}
	for _, row := range sent.Rows {
		before[row.UnitID] = row
	}
	for _, row := range live.Rows {
		old, ok := before[row.UnitID]
		switch {
		case !ok:
			d.Reasons = append(d.Reasons, fmt.Sprintf("%s không có trong báo cáo khi gửi (đơn vị được sắp xếp lại sau đó), nay: %s",
				row.Name, strings.ToLower(row.State.Label())))
		case old.State != row.State:
			d.Reasons = append(d.Reasons, fmt.Sprintf("báo cáo của %s khi gửi: %s, nay: %s",
				row.Name, strings.ToLower(old.State.Label()), strings.ToLower(row.State.Label())))
		case old.ReportID != row.ReportID || !sameSummary(old.Summary, row.Summary):
			d.Reasons = append(d.Reasons, fmt.Sprintf("báo cáo của %s được gửi lại với số liệu khác sau ngày gửi", row.Name))
		}
	}
	if len(d.Reasons) == 0 {
		d.Reasons = append(d.Reasons, "số liệu của các đơn vị được tính thay đổi sau khi gửi báo cáo"+when)
	}
	return d, nil
}

// sameSummary compares two summaries by their compact forms, sorted
// (Compact follows map order).
func sameSummary(a, b activity.Summary) bool {
	pa, pb := strings.Split(a.Compact(), ";"), strings.Split(b.Compact(), ";")
	slices.Sort(pa)
	slices.Sort(pb)
	return slices.Equal(pa, pb)
}
