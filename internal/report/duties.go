package report

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Duty states. A duty is measured the way its plan states it: a duty to
// issue a plan by the implementing plan, a percentage target by its share,
// any other duty by the activities logged against it.
const (
	DutyDone       = "done"
	DutyInProgress = "in_progress" // begun, target not reached yet
	DutyLate       = "late"        // past its deadline, nothing done
	DutyNotStarted = "not_started"
)

// StateLabel is the duty's state in words, with its ground when the
// measure gives one ("Đã ban hành Kế hoạch số 845/KH-SGDĐT ngày 10/05/2024
// — Đúng hạn"). A report sent before notes existed shows the bare state.
func (d DutyProgress) StateLabel() string {
	if d.Note != "" {
		return d.Note
	}
	switch d.State {
	case DutyDone:
		return fmt.Sprintf("Đã thực hiện (%s hoạt động)", vn.FormatInt(int64(d.Activities)))
	case DutyInProgress:
		return "Đang thực hiện"
	case DutyLate:
		return "Quá hạn, chưa thực hiện"
	case DutyNotStarted:
		return "Chưa thực hiện"
	}
	return d.State
}

// Result is what was reached, unless the state already says it (a plan
// duty's state names the plan).
func (d DutyProgress) Result() string {
	if d.Actual == "" || strings.Contains(d.StateLabel(), d.Actual) {
		return ""
	}
	return d.Actual
}

// duties lists what the issued plans ask of the unit (or the units it
// succeeded), each measured the way its plan states it.
func (s *Service) duties(ctx context.Context, u org.Unit, p Period, own activity.Summary) ([]DutyProgress, error) {
	ids, err := s.org.PredecessorsBy(ctx, u.ID, p.CoverTo)
	if err != nil {
		return nil, err
	}
	ds, err := s.plan.DutiesFor(ctx, ids)
	if err != nil {
		return nil, err
	}
	// One duty may be written in several plans (the province's, and the
	// unit's own implementing plan that copies it): it is shown once, with
	// the activities logged against any of its copies.
	var first []plan.Duty
	logged := map[string]int{}
	for _, d := range ds {
		if _, seen := logged[d.Task]; !seen {
			first = append(first, d)
		}
		logged[d.Task] += own.ByDuty[d.ID]
	}
	var out []DutyProgress
	for _, d := range first {
		dp := DutyProgress{Task: d.Task, Deadline: d.Deadline, Activities: logged[d.Task], Target: d.Target.String()}
		switch {
		case dp.Activities > 0:
			dp.State = DutyDone
		case d.Deadline != "" && d.Deadline < p.CoverTo:
			dp.State = DutyLate
		default:
			dp.State = DutyNotStarted
		}
		switch pct, isPct := targetPercent(dp.Target); {
		case d.AsksForPlan():
			if err := s.measurePlanDuty(ctx, &dp, d, ids); err != nil {
				return nil, fmt.Errorf("duty %d: %w", d.ID, err)
			}
		case isPct:
			if err := s.measureShare(ctx, &dp, u, p, pct); err != nil {
				return nil, fmt.Errorf("duty %d: %w", d.ID, err)
			}
		}
		out = append(out, dp)
	}
	return out, nil
}

// measurePlanDuty: a duty to issue a plan is done when the implementing
// plan is issued, on time or late, as the compliance view of the plan that
// gave the duty says.
func (s *Service) measurePlanDuty(ctx context.Context, dp *DutyProgress, d plan.Duty, ids []int64) error {
	row, ok, err := s.plan.Implementing(ctx, d, ids)
	if err != nil || !ok {
		return err
	}
	due := ""
	if d.Deadline != "" {
		due = " (hạn " + vn.ShowDate(d.Deadline) + ")"
	}
	switch row.State {
	case plan.StateOnTime, plan.StateLate, plan.StateIssued:
		dp.State = DutyDone
		dp.Actual = "kế hoạch thực hiện"
		if row.Plan.Number != "" {
			dp.Actual = "Kế hoạch số " + row.Plan.Label()
		}
		if row.Plan.IssuedOn != "" {
			dp.Actual += " ngày " + vn.ShowDate(row.Plan.IssuedOn)
		}
		dp.Note = "Đã ban hành " + dp.Actual
		switch {
		case row.State == plan.StateLate:
			dp.Note += fmt.Sprintf(" — %s %d ngày%s", row.State.Label(), row.DaysLate, due)
		case row.State == plan.StateOnTime:
			dp.Note += " — " + row.State.Label() + due
		case d.Deadline != "":
			// Issued, with no date of issue known: neither on time nor late.
			dp.Note += " (không rõ ngày ban hành nên chưa xác định đúng hạn hay trễ hạn" + strings.Replace(due, " (", "; ", 1)
		}
	case plan.StateDrafting:
		dp.State, dp.Note = DutyInProgress, "Đang dự thảo kế hoạch thực hiện, chưa ban hành"
		if row.DaysLate > 0 {
			dp.State, dp.Note = DutyLate, dp.Note+fmt.Sprintf("; quá hạn %d ngày", row.DaysLate)
		}
		dp.Note += due
	case plan.StateMissing:
		dp.State, dp.Note = DutyLate, fmt.Sprintf("Chưa ban hành kế hoạch thực hiện; quá hạn %d ngày%s", row.DaysLate, due)
	default:
		dp.State, dp.Note = DutyNotStarted, "Chưa ban hành kế hoạch thực hiện, chưa đến hạn"+due
	}
	return nil
}

// measureShare: a percentage target ("100 % các trường học") is measured as
// the share of the unit's sub-units that logged an activity in the window,
// and says its measure, its denominator and its state. With no sub-units
// the share cannot be computed and is shown missing, with the reason.
func (s *Service) measureShare(ctx context.Context, dp *DutyProgress, u org.Unit, p Period, pct float64) error {
	reached, total, err := s.coverage(ctx, u, p)
	if err != nil {
		return err
	}
	dp.Measure = "Tỷ lệ đơn vị trực thuộc có hoạt động trong kỳ"
	goal := vn.FormatPercent(pct, 0)
	if total == 0 {
		dp.Actual = "Chưa tính được: đơn vị chưa có đơn vị trực thuộc nào trong hệ thống"
		dp.Note = "Chưa đo được tỷ lệ so với chỉ tiêu " + goal + " (chưa khai báo đơn vị trực thuộc)"
		if dp.Activities > 0 {
			dp.State = DutyInProgress
			dp.Note = fmt.Sprintf("Đang thực hiện (%s hoạt động); %s", vn.FormatInt(int64(dp.Activities)), lowerFirst(dp.Note))
		}
		return nil
	}
	share := float64(reached) * 100 / float64(total)
	dp.Actual = fmt.Sprintf("%s/%s đơn vị trực thuộc = %s", vn.FormatInt(int64(reached)), vn.FormatInt(int64(total)), vn.FormatPercent(share, 1))
	switch {
	case share >= pct:
		dp.State = DutyDone
		dp.Note = fmt.Sprintf("Đạt chỉ tiêu: %s so với chỉ tiêu %s", vn.FormatPercent(share, 1), goal)
	case reached > 0 || dp.Activities > 0:
		dp.State = DutyInProgress
		dp.Note = fmt.Sprintf("Đang thực hiện, chưa đạt chỉ tiêu: %s so với chỉ tiêu %s", vn.FormatPercent(share, 1), goal)
	case dp.State == DutyLate:
		dp.Note = fmt.Sprintf("Quá hạn, chưa thực hiện: 0/%s đơn vị trực thuộc có hoạt động (chỉ tiêu %s)", vn.FormatInt(int64(total)), goal)
	default:
		dp.Note = fmt.Sprintf("Chưa thực hiện: 0/%s đơn vị trực thuộc có hoạt động (chỉ tiêu %s)", vn.FormatInt(int64(total)), goal)
	}
	return nil
}

var percentRE = regexp.MustCompile(`(\d+(?:[.,]\d+)?)\s*%`)

// targetPercent reads the percentage a target asks for: "100% các trường"
// → 100.
func targetPercent(target string) (float64, bool) {
	m := percentRE.FindStringSubmatch(target)
	if m == nil {
		return 0, false
	}
	x, err := strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64)
	return x, err == nil && x > 0
}

func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}
