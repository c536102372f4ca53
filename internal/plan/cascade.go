package plan

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Derived is the outcome of Derive.
type Derived struct {
	Plan    *Plan
	Existed bool // a draft for this unit and parent was there already
}

// Derive ("Xây dựng kế hoạch thực hiện") turns an issued parent plan into a
// prefilled draft for a unit: the parent becomes its basis; themes, channels
// and the reporting regime are carried over, with earlier internal due dates
// for the unit's own sub-units; and every duty the parent gives the unit
// (or, before a restructure, its predecessors, or a group it belongs to)
// becomes the unit's own duty.
func (s *Service) Derive(ctx context.Context, parentID int64, unitCode string) (*Derived, error) {
	parent, err := s.Get(ctx, parentID)
	if err != nil {
		return nil, err
	}
	if parent.Kind != KindPlan || parent.Status == StatusDraft {
		return nil, errs.Conflict("Chỉ xây dựng kế hoạch thực hiện từ một kế hoạch đã ban hành có nội dung.", "Derive only from an issued plan with content.")
	}
	if unitCode == "" {
		a := access.From(ctx)
		if a == nil {
			return nil, errs.ErrUnauthenticated
		}
		u, err := s.org.Unit(ctx, a.UnitID, s.org.Today())
		if err != nil {
			return nil, err
		}
		unitCode = u.Code
	}
	today := s.org.Today()
	unit, err := s.org.Lookup(ctx, unitCode, today)
	if err != nil {
		return nil, err
	}
	if err := s.org.Authorize(ctx, access.PlanEdit, unit.ID); err != nil {
		return nil, err
	}
	if unit.ID == parent.UnitID {
		return nil, errs.InvalidField("unit", "Đơn vị ban hành kế hoạch cha không xây dựng kế hoạch thực hiện của chính kế hoạch đó.")
	}
	if id, err := idOf(ctx, s.db.R, `SELECT id FROM plans WHERE parent_plan_id = $1 AND unit_id = $2 AND status = $3 ORDER BY id DESC`,
		parent.ID, unit.ID, string(StatusDraft)); err != nil {
		return nil, err
	} else if id != 0 {
		p, err := s.Get(ctx, id)
		return &Derived{Plan: p, Existed: true}, err
	}
	p, err := s.derive(ctx, parent, unit)
	if err != nil {
		return nil, err
	}
	if err := s.save(ctx, p, "plan.derive", fmt.Sprintf("Xây dựng kế hoạch thực hiện %s cho %s", parent.Label(), unit.Name)); err != nil {
		return nil, err
	}
	return &Derived{Plan: p}, s.fillNames(ctx, []*Plan{p})
}

func (s *Service) derive(ctx context.Context, parent *Plan, unit org.Unit) (*Plan, error) {
	ids, err := s.org.Predecessors(ctx, unit.ID)
	if err != nil {
		return nil, err
	}
	date := parent.IssuedOn
	if date == "" {
		date = s.org.Today()
	}
	p := &Plan{UnitID: unit.ID, UnitCode: unit.Code, UnitName: unit.Name, ParentPlanID: parent.ID, Version: 1, Kind: KindPlan, Status: StatusDraft,
		Title: SentenceCase(parent.Title), IssuerName: unit.Name, Place: parent.Place}
	c := &p.Content
	c.Basis = []Basis{{Text: basisText(parent), Number: parent.Label(), Date: parent.IssuedOn, Issuer: parent.UnitName, PlanID: parent.ID}}
	c.Themes, c.Channels, c.Phases = slices.Clone(parent.Content.Themes), slices.Clone(parent.Content.Channels), slices.Clone(parent.Content.Phases)
	c.Budget = parent.Content.Budget
	for _, sec := range parent.Content.Sections {
		f := vn.Fold(sec.Heading)
		if strings.Contains(f, "muc dich") || strings.Contains(f, "noi dung") || strings.Contains(f, "hinh thuc") {
			c.Sections = append(c.Sections, sec)
		}
	}
	var tasks []string
	for _, d := range parent.Duties {
		ok, err := s.addressesUnit(ctx, d, date, ids)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		nd := d
		nd.ID, nd.UnitID, nd.UnitCode, nd.UnitName, nd.UnitText, nd.Addressees = 0, unit.ID, unit.Code, unit.Name, unit.Name, ""
		p.Duties = append(p.Duties, nd)
		tasks = append(tasks, "- "+d.Task)
	}
	if len(tasks) > 0 {
		c.Sections = append(c.Sections, Section{Level: 1, Heading: "NHIỆM VỤ ĐƯỢC GIAO VÀ TỔ CHỨC THỰC HIỆN",
			Text: "Thực hiện các nhiệm vụ " + parent.UnitName + " giao tại Kế hoạch số " + parent.Label() + ":\n" + strings.Join(tasks, "\n")})
	}
	to := ""
	for _, per := range parent.Content.Periods {
		if per.Within == "internal" {
			continue
		}
		if to == "" {
			to = per.To
		}
		c.Periods = append(c.Periods, Period{Name: per.Name, Due: per.Due, Who: unit.Name, To: per.To})
		if early := earlier(per.Due, 4); early != "" {
			c.Periods = append(c.Periods, Period{Name: per.Name, Due: early, Who: "Các phòng, đơn vị trực thuộc", To: unit.Name, Within: "internal"})
		}
	}
	if len(c.Periods) > 0 {
		var lines []string
		for _, per := range c.Periods {
			line := "- " + upperFirst(per.Name)
			if per.Due != "" {
				line += " (trước ngày " + per.Due + ")"
			}
			line += ": " + per.Who + " báo cáo " + per.To + "."
			lines = append(lines, line)
		}
		c.Sections = append(c.Sections, Section{Level: 1, Heading: "CHẾ ĐỘ BÁO CÁO", Text: strings.Join(lines, "\n")})
	}
	if to != "" {
		c.Recipients = append(c.Recipients, to+";")
	}
	c.Recipients = append(c.Recipients, "Lưu: VT.")
	return p, nil
}

// basisText is the căn cứ line for a parent plan.
func basisText(parent *Plan) string {
	s := "Kế hoạch số " + parent.Label()
	if parent.IssuedOn != "" {
		if t, err := vn.ParseISODate(parent.IssuedOn); err == nil {
			s += " " + vn.FormatDateLong(t)
		}
	}
	if parent.UnitName != "" {
		s += " của " + parent.UnitName
	}
	return s + " về " + lowerFirst(SentenceCase(parent.Title))
}

func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// earlier returns a "dd/m" due date n days before due, or "" if due is not
// such a date (sub-units report before the unit does).
func earlier(due string, n int) string {
	d, m, ok := strings.Cut(due, "/")
	day, err1 := strconv.Atoi(d)
	month, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || month < 1 || month > 12 {
		return ""
	}
	t := time.Date(2024, time.Month(month), day, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -n)
	return fmt.Sprintf("%02d/%d", t.Day(), int(t.Month()))
}

// State is where an addressed unit stands with its implementing plan.
type State string

const (
	StateOnTime   State = "on_time"  // issued by the deadline
	StateLate     State = "late"     // issued after it
	StateIssued   State = "issued"   // issued; the parent set no deadline
	StateDrafting State = "drafting" // a draft exists
	StateMissing  State = "missing"  // nothing, and the deadline has passed
	StateNotDue   State = "not_due"  // nothing yet, before the deadline
)

// Label names the state in Vietnamese.
func (st State) Label() string {
	return map[State]string{StateOnTime: "Đúng hạn", StateLate: "Trễ hạn", StateIssued: "Đã ban hành", StateDrafting: "Đang dự thảo",
		StateMissing: "Chưa ban hành (quá hạn)", StateNotDue: "Chưa ban hành (chưa đến hạn)"}[st]
}

// ComplianceRow is one addressed unit.
type ComplianceRow struct {
	Unit     org.Unit
	Plan     *Plan // its implementing plan, if any
	State    State
	DaysLate int
}

// Compliance is the parent's view of who has issued their plan.
type Compliance struct {
	Plan   *Plan
	Rows   []ComplianceRow
	Counts map[State]int
}

// Compliance lists every unit the plan addresses (as the tree stood on the
// plan's date) with its implementing plan: issued on time, late, drafting
// or missing. A plan issued by a unit's successor after a restructure counts
// for it.
func (s *Service) Compliance(ctx context.Context, id int64) (*Compliance, error) {
	p, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	date := p.IssuedOn
	if date == "" {
		date = s.org.Today()
	}
	addressed, err := s.Addressed(ctx, p)
	if err != nil {
		return nil, err
	}
	children, err := queryPlans(ctx, s.db.R, `WHERE p.parent_plan_id IN (SELECT id FROM plans WHERE series_id = $1) ORDER BY p.issued_on, p.id`, p.SeriesID)
	if err != nil {
		return nil, err
	}
	if err := s.fillNames(ctx, children); err != nil {
		return nil, err
	}
	out := &Compliance{Plan: p, Counts: map[State]int{}}
	today := s.org.Today()
	for _, u := range addressed {
		row := ComplianceRow{Unit: u}
		succ, err := s.successorIDs(ctx, u.Code, today)
		if err != nil {
			return nil, err
		}
		for _, c := range children {
			if c.UnitID != u.ID && !slices.Contains(succ, c.UnitID) {
				continue
			}
			if c.Status != StatusDraft && (row.Plan == nil || row.Plan.Status == StatusDraft) {
				row.Plan = c
			} else if row.Plan == nil {
				row.Plan = c
			}
		}
		row.State, row.DaysLate = state(row.Plan, p.PlanDeadline, today)
		out.Counts[row.State]++
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

func (s *Service) successorIDs(ctx context.Context, code, d string) ([]int64, error) {
	sys := access.With(ctx, access.System())
	us, err := s.org.Successor(sys, code, d)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(us))
	for i, u := range us {
		ids[i] = u.ID
	}
	return ids, nil
}

func state(p *Plan, deadline, today string) (State, int) {
	switch {
	case p == nil && deadline != "" && today > deadline:
		return StateMissing, days(deadline, today)
	case p == nil:
		return StateNotDue, 0
	case p.Status == StatusDraft:
		if deadline != "" && today > deadline {
			return StateDrafting, days(deadline, today)
		}
		return StateDrafting, 0
	case deadline == "" || p.OnTimeDate() == "":
		return StateIssued, 0
	case p.OnTimeDate() <= deadline:
		return StateOnTime, 0
	}
	return StateLate, days(deadline, p.OnTimeDate())
}

func days(from, to string) int {
	a, err1 := vn.ParseISODate(from)
	b, err2 := vn.ParseISODate(to)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(b.Sub(a).Hours() / 24)
}

// Addressed expands the plan's duties into the units they address, as the
// tree stood on the plan's date, in the order the plan names them.
func (s *Service) Addressed(ctx context.Context, p *Plan) ([]org.Unit, error) {
	date := p.IssuedOn
	if date == "" {
		date = s.org.Today()
	}
	var out []org.Unit
	seen := map[int64]bool{p.UnitID: true}
	add := func(u org.Unit) {
		if !seen[u.ID] {
			seen[u.ID] = true
			out = append(out, u)
		}
	}
	for _, d := range p.Duties {
		if d.UnitID != 0 {
			u, err := s.org.Unit(ctx, d.UnitID, date)
			if err != nil {
				return nil, err
			}
			add(u)
			continue
		}
		if g, ok := ParseGroup(d.Addressees); ok {
			kids, err := s.org.ChildrenOf(ctx, g.Parent, date, g.Types...)
			if err != nil && errs.KindOf(err) != errs.KindNotFound {
				return nil, err
			}
			for _, k := range kids {
				add(k)
			}
		}
	}
	return out, nil
}
