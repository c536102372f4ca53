package remind

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/jobs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// DeadlineKind is the job kind of a plan's or a duty's deadline notice.
const DeadlineKind = "plan.deadline"

// DefaultDeadlineDays is how many days before a plan's or a duty's deadline
// the units are told, when the plan sets no lead time of its own.
const DefaultDeadlineDays = 3

// deadlinePayload is what a deadline job carries. Duty 0 is the plan's own
// deadline (by which the addressed units issue their implementing plans).
type deadlinePayload struct {
	Plan     int64  `json:"plan"`
	Duty     int64  `json:"duty,omitempty"`
	Deadline string `json:"deadline"`
	Overdue  bool   `json:"overdue"`
}

// unitDuties is one addressed unit and the duties the plan gives it.
type unitDuties struct {
	Unit   org.Unit
	Duties []plan.Duty
}

// addressed lists, in the plan's order, every unit a duty of p gives work
// to, with its duties.
func (s *Service) addressed(ctx context.Context, p *plan.Plan) ([]unitDuties, error) {
	var out []unitDuties
	at := map[int64]int{}
	for _, d := range p.Duties {
		us, err := s.Plans.DutyUnits(ctx, p, d)
		if err != nil {
			return nil, fmt.Errorf("plan %d: units of duty %d: %w", p.ID, d.ID, err)
		}
		for _, u := range us {
			if u.ID == p.UnitID {
				continue
			}
			i, ok := at[u.ID]
			if !ok {
				i = len(out)
				at[u.ID] = i
				out = append(out, unitDuties{Unit: u})
			}
			out[i].Duties = append(out[i].Duties, d)
		}
	}
	return out, nil
}

// PlanIssued tells the people of every unit an issued plan addresses what it
// gives them — their duties and deadlines — and schedules the notices of
// its deadlines: some days before each (the plan's lead time, else
// DefaultDeadlineDays) and at the start of the day after. Telling again
// adds nothing.
func (s *Service) PlanIssued(ctx context.Context, p *plan.Plan) error {
	if s.Plans == nil || p.Status != plan.StatusIssued || p.Kind != plan.KindPlan {
		return nil
	}
	sys := access.With(ctx, access.System())
	units, err := s.addressed(sys, p)
	if err != nil {
		return err
	}
	link := fmt.Sprintf("/quan-tri/ke-hoach/%d", p.ID)
	for _, ud := range units {
		var b strings.Builder
		fmt.Fprintf(&b, "Kế hoạch số %s của %s “%s” giao nhiệm vụ cho %s:", p.Label(), p.UnitName, p.Title, ud.Unit.Name)
		for i, d := range ud.Duties {
			fmt.Fprintf(&b, " (%d) %s: %s", i+1, d.Role.Label(), strings.TrimSuffix(strings.TrimSpace(d.Task), "."))
			if d.Deadline != "" {
				fmt.Fprintf(&b, " — hạn %s", displayDate(d.Deadline))
			}
			b.WriteString(";")
		}
		text := strings.TrimSuffix(b.String(), ";") + "."
		if p.PlanDeadline != "" {
			text += " Hạn ban hành kế hoạch thực hiện: " + displayDate(p.PlanDeadline) + "."
		}
		people, err := s.auth.Recipients(sys, ud.Unit.ID, reportingRoles...)
		if err != nil {
			return fmt.Errorf("plan %d: people of %s: %w", p.ID, ud.Unit.Code, err)
		}
		if _, err := s.Notify(ctx, Event{Kind: KindPlanIssued, Key: fmt.Sprintf("plan:%d:unit:%d", p.ID, ud.Unit.ID), Text: text, Link: link}, people); err != nil {
			return err
		}
	}
	return s.scheduleDeadlines(ctx, p)
}

// scheduleDeadlines queues the "coming" and "passed" notices of the plan's
// deadline and of each duty's.
func (s *Service) scheduleDeadlines(ctx context.Context, p *plan.Plan) error {
	lead := p.Content.RemindDays
	if lead <= 0 {
		lead = DefaultDeadlineDays
	}
	type dl struct {
		duty int64
		date string
	}
	var all []dl
	if p.PlanDeadline != "" {
		all = append(all, dl{0, p.PlanDeadline})
	}
	for _, d := range p.Duties {
		if d.Deadline != "" {
			all = append(all, dl{d.ID, d.Deadline})
		}
	}
	for _, d := range all {
		start, err := vn.DayStart(d.date)
		if err != nil {
			continue
		}
		for _, overdue := range []bool{false, true} {
			// "Coming" at 08:00 in Vietnam lead days before; "passed" as
			// the day after begins.
			at, tag := start.AddDate(0, 0, -lead).Add(8*time.Hour), "before"
			if overdue {
				at, tag = start.AddDate(0, 0, 1), "overdue"
			}
			key := fmt.Sprintf("plan:%d:duty:%d:%s:%s", p.ID, d.duty, d.date, tag)
			if _, err := s.queue.Enqueue(ctx, nil, DeadlineKind, key, at, deadlinePayload{Plan: p.ID, Duty: d.duty, Deadline: d.date, Overdue: overdue}); err != nil {
				return fmt.Errorf("plan %d: schedule deadline: %w", p.ID, err)
			}
		}
	}
	return nil
}

// deadline tells the units concerned that a deadline is coming or has
// passed: for the plan's deadline, the units that have not issued their
// implementing plan; for a duty's, the units it is given to. A plan since
// replaced by a new version stands down (the new version has its own).
func (s *Service) deadline(ctx context.Context, j jobs.Job) error {
	var dp deadlinePayload
	if err := j.Decode(&dp); err != nil {
		return jobs.Permanent(err)
	}
	if s.Plans == nil {
		return nil
	}
	sys := access.With(ctx, access.System())
	p, err := s.Plans.Get(sys, dp.Plan)
	if err != nil {
		return jobs.Permanent(err)
	}
	if p.Status != plan.StatusIssued {
		return nil
	}
	today := s.org.Today()
	if !dp.Overdue && today > dp.Deadline {
		return nil // a "coming" notice that ran late: the "passed" one speaks
	}
	link := fmt.Sprintf("/quan-tri/ke-hoach/%d", p.ID)
	type told struct {
		unit org.Unit
		text string
	}
	var tell []told
	if dp.Duty == 0 {
		if p.PlanDeadline != dp.Deadline {
			return nil // the deadline was changed by a new version
		}
		c, err := s.Plans.Compliance(sys, p.ID)
		if err != nil {
			return err
		}
		for _, r := range c.Rows {
			if r.State != plan.StateNotDue && r.State != plan.StateMissing && r.State != plan.StateDrafting {
				continue
			}
			text := fmt.Sprintf("Sắp đến hạn: %s cần ban hành kế hoạch thực hiện Kế hoạch số %s trước ngày %s.", r.Unit.Name, p.Label(), displayDate(dp.Deadline))
			if dp.Overdue {
				text = fmt.Sprintf("Đã quá hạn: %s chưa ban hành kế hoạch thực hiện Kế hoạch số %s (hạn %s).", r.Unit.Name, p.Label(), displayDate(dp.Deadline))
			}
			tell = append(tell, told{r.Unit, text})
		}
	} else {
		var duty *plan.Duty
		for i := range p.Duties {
			if p.Duties[i].ID == dp.Duty {
				duty = &p.Duties[i]
			}
		}
		if duty == nil || duty.Deadline != dp.Deadline {
			return nil
		}
		us, err := s.Plans.DutyUnits(sys, p, *duty)
		if err != nil {
			return err
		}
		task := strings.TrimSuffix(strings.TrimSpace(duty.Task), ".")
		for _, u := range us {
			text := fmt.Sprintf("Sắp đến hạn: nhiệm vụ “%s” (Kế hoạch số %s) của %s có hạn ngày %s.", task, p.Label(), u.Name, displayDate(dp.Deadline))
			if dp.Overdue {
				text = fmt.Sprintf("Đã quá hạn: nhiệm vụ “%s” (Kế hoạch số %s) của %s có hạn ngày %s. Nếu đã thực hiện, hãy ghi nhận hoạt động để báo cáo phản ánh đúng.", task, p.Label(), u.Name, displayDate(dp.Deadline))
			}
			tell = append(tell, told{u, text})
		}
	}
	for _, t := range tell {
		people, err := s.auth.Recipients(sys, t.unit.ID, reportingRoles...)
		if err != nil {
			return err
		}
		if _, err := s.Notify(ctx, Event{Kind: KindDeadline, Key: fmt.Sprintf("%s:unit:%d", j.Key, t.unit.ID), Text: t.text, Link: link}, people); err != nil {
			return err
		}
	}
	return nil
}

// ReportReviewed tells the people of a report's unit that the level above
// returned it (with the reviewer's comment) or accepted it. Each review is
// its own event: a report returned twice is told twice.
func (s *Service) ReportReviewed(ctx context.Context, unitID int64, unitName, period, periodName, link string, returned bool, comment string, at time.Time) error {
	sys := access.With(ctx, access.System())
	people, err := s.auth.Recipients(sys, unitID, reportingRoles...)
	if err != nil {
		return fmt.Errorf("report of %d: people: %w", unitID, err)
	}
	text := fmt.Sprintf("Báo cáo đã được tiếp nhận: %s của %s đã được cấp trên tiếp nhận.", periodName, unitName)
	tag := "accepted"
	if returned {
		text = fmt.Sprintf("Báo cáo bị trả lại: %s của %s cần sửa và gửi lại. Ý kiến của cấp trên: %s", periodName, unitName, comment)
		tag = "returned"
	}
	key := fmt.Sprintf("report:%d:%s:%s:%d", unitID, period, tag, at.UnixMicro())
	_, err = s.Notify(ctx, Event{Kind: KindReportReviewed, Key: key, Text: text, Link: link}, people)
	return err
}
