package report

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/org"
)

// reportingTypes are the kinds of unit that send reports up; enterprises
// report through the department that directs them.
var reportingTypes = []org.Type{org.TypeBureau, org.TypeProvince, org.TypeDepartment, org.TypeDistrict, org.TypeCommune, org.TypeSubunit, org.TypeMassOrg, org.TypePress}

// Figures adds up a unit's report for a period: its own activities in the
// window, one row per sub-unit with the figures of its received report (a
// unit merged away counts through its successor), and progress on the
// duties its plans give it. It is computed live; submission freezes it.
func (s *Service) Figures(ctx context.Context, unitID int64, p Period) (*Figures, error) {
	sys := access.With(ctx, access.System())
	f := &Figures{}
	if why, err := s.missing(sys, unitID, p); err != nil || why != "" {
		f.Missing, f.Own, f.Total = why, activity.NewSummary(), activity.NewSummary()
		return f, err
	}
	own, err := s.activity.Summarize(sys, unitID, false, p.CoverFrom, p.CoverTo)
	if err != nil {
		return nil, err
	}
	f.Own, f.Total = own, activity.NewSummary()
	f.Total.Add(own)
	unit, err := s.org.Unit(sys, unitID, p.CoverTo)
	if err != nil {
		return nil, err
	}
	kids, err := s.org.ChildrenOf(sys, unit.Code, p.CoverTo, reportingTypes...)
	if err != nil {
		return nil, err
	}
	if !unit.Active(p.CoverTo) {
		// A unit formed by a restructure after the period reports for it
		// through the units it succeeded, with their sub-units of then.
		preds, err := s.org.Predecessors(sys, unitID)
		if err != nil {
			return nil, err
		}
		for _, id := range preds {
			if pu, err := s.org.Unit(sys, id, p.CoverTo); err == nil && id != unitID && pu.Active(p.CoverTo) {
				more, err := s.org.ChildrenOf(sys, pu.Code, p.CoverTo, reportingTypes...)
				if err != nil {
					return nil, err
				}
				kids = append(kids, more...)
				if pu.Type == org.TypeProvince {
					unit.Type = org.TypeProvince
				}
			}
		}
	}
	if (p.Kind == "adhoc" || p.Kind == "review") && len(p.Units) > 0 {
		// A request reaches every unit it names, of any kind, in the order
		// asked: the units are not filtered through today's children.
		if kids, err = s.askedUnits(sys, p); err != nil {
			return nil, err
		}
	}
	internal := unit.Type != org.TypeProvince && unit.Type != org.TypeMinistry
	today := s.org.Today()
	idx, err := s.index(sys, p, today)
	if err != nil {
		return nil, err
	}
	counted := map[int64]bool{} // a successor's one report may stand for two merged units
	for _, k := range kids {
		row, err := idx.row(k, p, internal, today)
		if err != nil {
			return nil, err
		}
		f.Expected++
		if row.State == StateOnTime || row.State == StateLate {
			f.Received++
			if !counted[row.ReportID] {
				counted[row.ReportID] = true
				f.Total.Add(row.Summary)
			}
		}
		if row.State == StateOnTime {
			f.OnTime++
		}
		f.Rows = append(f.Rows, row)
	}
	if f.Duties, err = s.duties(sys, unit, p, own); err != nil {
		return nil, err
	}
	if s.quizzes != nil {
		ids, err := s.org.PredecessorsBy(sys, unitID, p.CoverTo)
		if err != nil {
			return nil, err
		}
		took, passed, err := s.quizzes.StaffQuizCounts(sys, ids, p.CoverFrom, p.CoverTo)
		if err != nil {
			return nil, fmt.Errorf("quiz figures: %w", err)
		}
		f.Quiz = &QuizFigures{Took: took, Passed: passed}
	}
	return f, nil
}

// reportIndex holds what an aggregate needs, read once: the period's
// reports by unit and the successions between units. Rows are then built in
// memory, so an aggregate of thousands of units costs a few queries.
type reportIndex struct {
	byUnit map[int64][]*brief
	back   map[int64][]org.Edge // successor → edges into it
	fwd    map[int64][]org.Edge // predecessor → edges out of it
}

func (s *Service) index(ctx context.Context, p Period, today string) (*reportIndex, error) {
	idx := &reportIndex{byUnit: map[int64][]*brief{}, back: map[int64][]org.Edge{}, fwd: map[int64][]org.Edge{}}
	// Only what a row needs, with the totals in their compact form: the
	// full JSON snapshot is read when someone opens one report.
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, unit_id, status, submitted_on, totals FROM reports WHERE period_id = $1`, p.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		b := &brief{}
		var status string
		if err := rows.Scan(&b.ID, &b.UnitID, &status, &b.SubmittedOn, &b.Totals); err != nil {
			return nil, err
		}
		b.Status = Status(status)
		idx.byUnit[b.UnitID] = append(idx.byUnit[b.UnitID], b)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	edges, err := s.org.Edges(ctx)
	if err != nil {
		return nil, err
	}
	for _, e := range edges {
		idx.back[e.Succ] = append(idx.back[e.Succ], e)
		idx.fwd[e.Pred] = append(idx.fwd[e.Pred], e)
	}
	return idx, nil
}

// related returns the unit, the units it had absorbed by the period's end,
// and the units that later took it over (up to today): a report by any of
// them counts for the unit.
func (idx *reportIndex) related(id int64, coverTo, today string) []int64 {
	out := []int64{id}
	seen := map[int64]bool{id: true}
	for i := 0; i < len(out); i++ {
		for _, e := range idx.back[out[i]] {
			if e.Effective <= coverTo && !seen[e.Pred] {
				seen[e.Pred] = true
				out = append(out, e.Pred)
			}
		}
	}
	for i := 0; i < len(out); i++ {
		for _, e := range idx.fwd[out[i]] {
			if e.Effective <= today && !seen[e.Succ] {
				seen[e.Succ] = true
				out = append(out, e.Succ)
			}
		}
	}
	return out
}

// brief is a report as an aggregate row needs it.
type brief struct {
	ID, UnitID  int64
	Status      Status
	SubmittedOn string
	Totals      string // activity.Summary.Compact of the submitted figures
}

// row finds what a sub-unit (or the units related to it) sent for the period.
func (idx *reportIndex) row(u org.Unit, p Period, internal bool, today string) (Row, error) {
	row := Row{UnitID: u.ID, Code: u.Code, Name: u.Name, Summary: activity.NewSummary()}
	var rs []*brief
	for _, id := range idx.related(u.ID, p.CoverTo, today) {
		rs = append(rs, idx.byUnit[id]...)
	}
	slices.SortFunc(rs, func(a, b *brief) int { return strings.Compare(a.SubmittedOn, b.SubmittedOn) })
	due, ontime := p.dueFor(internal), p.onTimeFor(internal)
	for _, r := range rs {
		switch {
		case r.Status.Received() && (row.State == "" || row.State == StateReturned):
			row.ReportID, row.SubmittedOn = r.ID, r.SubmittedOn
			row.Summary.AddCompact(r.Totals)
			if r.SubmittedOn <= ontime {
				row.State = StateOnTime
			} else {
				row.State, row.DaysLate = StateLate, days(ontime, r.SubmittedOn)
			}
		case r.Status == StatusReturned && row.State == "":
			row.ReportID, row.State = r.ID, StateReturned
		}
	}
	if row.State == "" {
		if today > due {
			row.State, row.DaysLate = StateMissing, days(due, today)
		} else {
			row.State = StatePending
		}
	}
	return row, nil
}

// coverage counts the unit's sub-units that logged at least one activity
// in the window, out of all its sub-units.
func (s *Service) coverage(ctx context.Context, u org.Unit, p Period) (reached, total int, err error) {
	kids, err := s.org.ChildrenOf(ctx, u.Code, p.CoverTo, org.TypeSubunit, org.TypeCommune, org.TypeDistrict)
	if err != nil {
		return 0, 0, err
	}
	for _, k := range kids {
		sum, err := s.activity.Summarize(ctx, k.ID, true, p.CoverFrom, p.CoverTo)
		if err != nil {
			return 0, 0, err
		}
		total++
		if sum.Activities > 0 {
			reached++
		}
	}
	return reached, total, nil
}

// missing says why a unit's figures for a period cannot be computed ("" when
// they can): a period whose window is not set, or a unit formed after the
// period that stands for no unit in force then. Such figures are shown as
// missing with the reason, never as zeros a leader might sign.
func (s *Service) missing(ctx context.Context, unitID int64, p Period) (string, error) {
	if p.CoverFrom == "" || p.CoverTo == "" {
		return "kỳ báo cáo chưa được đặt thời gian (từ ngày nào đến ngày nào) nên chưa tính được số liệu; người lập kỳ báo cáo cần bổ sung.", nil
	}
	hist, err := s.org.History(ctx, unitID)
	if err != nil || len(hist) == 0 {
		return "", err
	}
	if hist[0].ValidFrom <= p.CoverTo {
		return "", nil
	}
	// The same answer the sums use: does the unit stand for any unit in
	// force at the period's end?
	held, err := s.org.Holdings(ctx, unitID, false, p.CoverTo)
	if err != nil {
		return "", err
	}
	if len(held) > 1 || (len(held) == 1 && held[0] != unitID) {
		return "", nil
	}
	last := hist[len(hist)-1]
	why := fmt.Sprintf("%s bắt đầu hoạt động từ ngày %s, sau kỳ báo cáo này (đến ngày %s), và không kế thừa số liệu của đơn vị nào hoạt động trong kỳ, nên không có số liệu của kỳ này.",
		last.Name, displayDate(hist[0].ValidFrom), displayDate(p.CoverTo))
	if preds, err := s.org.Predecessors(ctx, unitID); err == nil && len(preds) > 1 {
		why += " Đơn vị được thành lập khi chia tách; số liệu trước khi chia tách thuộc về đơn vị mới thứ nhất (đơn vị nhận các đơn vị trực thuộc)."
	}
	return why, nil
}
