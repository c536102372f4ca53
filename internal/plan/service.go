package plan

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Service reads and changes plans for the actor in the context.
type Service struct {
	db    *store.DB
	clock clock.Clock
	org   *org.Service
}

// NewService returns the plan service.
func NewService(db *store.DB, clk clock.Clock, o *org.Service) *Service {
	return &Service{db: db, clock: clk, org: o}
}

// viewer is what decides which plans an actor may read.
type viewer struct {
	all       bool
	scope     org.Scope // PlanView scope: own subtree and predecessors
	ancestors map[int64]bool
}

// viewerOf works out, once per request, whose plans the actor may read:
// every plan of a unit in scope; the issued plans of the units above them
// (plans flow down the tree, today and as it was for their predecessors);
// and issued plans that give a duty to a unit in scope.
func (s *Service) viewerOf(ctx context.Context) (*viewer, error) {
	sc, err := s.org.ScopeOf(ctx, access.PlanView)
	if err != nil {
		return nil, err
	}
	if sc.All {
		return &viewer{all: true}, nil
	}
	if len(sc.IDs) == 0 {
		return nil, errs.ErrForbidden
	}
	v := &viewer{scope: sc, ancestors: map[int64]bool{}}
	a := access.From(ctx)
	seeds := []int64{a.UnitID}
	for _, g := range a.Grants {
		seeds = append(seeds, g.ScopeUnit)
	}
	for _, id := range seeds {
		preds, err := s.org.Predecessors(ctx, id)
		if err != nil {
			return nil, err
		}
		// Every unit that was ever above the actor's unit or one of its
		// predecessors, at the start of each of their versions.
		for _, p := range preds {
			hist, err := s.org.History(ctx, p)
			if err != nil {
				return nil, err
			}
			for _, h := range hist {
				anc, err := s.org.Ancestors(ctx, p, h.ValidFrom)
				if err != nil {
					return nil, err
				}
				for _, u := range anc {
					v.ancestors[u.ID] = true
				}
			}
		}
	}
	return v, nil
}

func (v *viewer) sees(p *Plan) bool {
	if v.all || v.scope.Contains(p.UnitID) {
		return true
	}
	if p.Status == StatusDraft {
		return false
	}
	if v.ancestors[p.UnitID] {
		return true
	}
	for _, d := range p.Duties {
		if d.UnitID != 0 && v.scope.Contains(d.UnitID) {
			return true
		}
	}
	return false
}

// Filter narrows the plan list.
type Filter struct {
	Unit   string // unit code
	Year   int
	Status Status
	Query  string // diacritics ignored
}

// List returns the plans the actor may read, newest first.
func (s *Service) List(ctx context.Context, f Filter) ([]*Plan, error) {
	v, err := s.viewerOf(ctx)
	if err != nil {
		return nil, err
	}
	var where []string
	var args []any
	arg := func(x any) string { args = append(args, x); return "$" + strconv.Itoa(len(args)) }
	if f.Status != "" {
		where = append(where, "p.status = "+arg(string(f.Status)))
	}
	if f.Year > 0 {
		where = append(where, "p.issued_on LIKE "+arg(strconv.Itoa(f.Year)+"-%"))
	}
	if q := vn.Fold(f.Query); q != "" {
		where = append(where, "p.search_folded LIKE "+arg("%"+q+"%"))
	}
	if f.Unit != "" {
		id, err := s.org.IDByCode(ctx, f.Unit)
		if err != nil {
			return nil, nil
		}
		where = append(where, "p.unit_id = "+arg(id))
	}
	query := ""
	if len(where) > 0 {
		query = "WHERE " + strings.Join(where, " AND ")
	}
	ps, err := queryPlans(ctx, s.db.R, query+" ORDER BY CASE WHEN p.issued_on = '' THEN '9999' ELSE p.issued_on END DESC, p.id DESC", args...)
	if err != nil {
		return nil, err
	}
	out := ps[:0]
	for _, p := range ps {
		if !v.all && !v.scope.Contains(p.UnitID) {
			if p.Duties, err = loadDuties(ctx, s.db.R, p.ID); err != nil {
				return nil, err
			}
		}
		if v.sees(p) {
			out = append(out, p)
		}
	}
	return out, s.fillNames(ctx, out)
}

func (s *Service) fillNames(ctx context.Context, ps []*Plan) error {
	today := s.org.Today()
	labels := map[int64]string{}
	for _, p := range ps {
		d := p.IssuedOn
		if d == "" {
			d = today
		}
		u, err := s.org.Unit(ctx, p.UnitID, d)
		if err != nil {
			return err
		}
		p.UnitName = u.Name
		if p.ParentPlanID != 0 {
			if _, ok := labels[p.ParentPlanID]; !ok {
				if pp, err := loadPlan(ctx, s.db.R, p.ParentPlanID); err == nil {
					labels[p.ParentPlanID] = pp.Label()
				}
			}
			p.ParentLabel = labels[p.ParentPlanID]
		}
		for i := range p.Duties {
			if p.Duties[i].UnitID != 0 {
				if u, err := s.org.Unit(ctx, p.Duties[i].UnitID, d); err == nil {
					p.Duties[i].UnitName = u.Name
				}
			}
		}
	}
	return nil
}

// Get returns a plan the actor may read.
func (s *Service) Get(ctx context.Context, id int64) (*Plan, error) {
	v, err := s.viewerOf(ctx)
	if err != nil {
		return nil, err
	}
	p, err := loadPlan(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if !v.sees(p) {
		return nil, errs.ErrForbidden
	}
	return p, s.fillNames(ctx, []*Plan{p})
}

// ByLabel finds the newest version of the plan numbered like "940/KH-UBND"
// (or "940") that the actor may read.
func (s *Service) ByLabel(ctx context.Context, label string) (*Plan, error) {
	label = strings.TrimSpace(label)
	num, sym, _ := strings.Cut(label, "/")
	ps, err := queryPlans(ctx, s.db.R, `WHERE p.number = $1 ORDER BY p.version DESC, p.id DESC`, strings.TrimSpace(num))
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if sym == "" || strings.EqualFold(strings.ReplaceAll(p.Symbol, " ", ""), strings.ReplaceAll(sym, " ", "")) {
			return s.Get(ctx, p.ID)
		}
	}
	return nil, errs.NotFound("Không có kế hoạch số "+label+".", "No plan numbered "+label+".")
}

// CanEdit reports whether the actor may change the plan (a draft of a unit
// in their current subtree).
func (s *Service) CanEdit(ctx context.Context, p *Plan) bool {
	return p.Status == StatusDraft && p.Kind == KindPlan && s.org.Authorize(ctx, access.PlanEdit, p.UnitID) == nil
}

// CanIssue reports whether the actor may sign and issue the plan.
func (s *Service) CanIssue(ctx context.Context, p *Plan) bool {
	return p.Status == StatusDraft && p.Kind == KindPlan && s.org.Authorize(ctx, access.PlanIssue, p.UnitID) == nil
}

func (s *Service) authorizeEdit(ctx context.Context, p *Plan) error {
	if err := s.org.Authorize(ctx, access.PlanEdit, p.UnitID); err != nil {
		return err
	}
	if p.Status != StatusDraft {
		return errs.Conflict("Kế hoạch đã ban hành thì không sửa được. Muốn sửa đổi, bổ sung, hãy tạo “phiên bản mới” từ kế hoạch này; bản cũ được giữ nguyên.",
			"An issued plan cannot be edited; create a new version instead.")
	}
	if p.Kind != KindPlan {
		return errs.Conflict("Văn bản tham chiếu chỉ có thông tin số, ngày, cơ quan ban hành.", "A reference has metadata only.")
	}
	return nil
}

// addressesUnit reports whether duty d of a plan dated date gives work to
// one of the units in ids.
func (s *Service) addressesUnit(ctx context.Context, d Duty, date string, ids []int64) (bool, error) {
	if d.UnitID != 0 {
		return slices.Contains(ids, d.UnitID), nil
	}
	g, ok := ParseGroup(d.Addressees)
	if !ok {
		return false, nil
	}
	kids, err := s.org.ChildrenOf(ctx, g.Parent, date, g.Types...)
	if errors.Is(err, errs.ErrNotFound) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	for _, k := range kids {
		if slices.Contains(ids, k.ID) {
			return true, nil
		}
	}
	return false, nil
}

// AssignedDuties returns the duties that issued plans give directly to any
// of the units, oldest plan first. It is not scoped: callers show them only
// to readers of those units.
func (s *Service) AssignedDuties(ctx context.Context, unitIDs []int64) ([]Duty, error) {
	return s.dutiesOf(ctx, unitIDs, false)
}

// DutiesFor returns, oldest plan first, the duties issued plans give to
// any of the units: directly, or through a group that named them as the
// tree stood on the plan's date ("các Sở, ban, ngành, UBND các huyện"). It
// is not scoped: callers show them only to readers of those units.
func (s *Service) DutiesFor(ctx context.Context, unitIDs []int64) ([]Duty, error) {
	return s.dutiesOf(ctx, unitIDs, true)
}

func (s *Service) dutiesOf(ctx context.Context, unitIDs []int64, groups bool) ([]Duty, error) {
	if len(unitIDs) == 0 {
		return nil, nil
	}
	ph := make([]string, len(unitIDs))
	args := []any{string(StatusIssued)}
	for i, id := range unitIDs {
		args = append(args, id)
		ph[i] = "$" + strconv.Itoa(len(args))
	}
	which := `d.unit_id IN (` + strings.Join(ph, ",") + `)`
	if groups {
		which = `(` + which + ` OR (d.unit_id IS NULL AND d.addressees <> ''))`
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT d.id, d.plan_id, d.pos, d.group_no, COALESCE(d.unit_id, 0), d.unit_text, d.addressees, d.role, d.task, d.deadline,
		d.target_metric, d.target_value, d.target_unit, p.issued_on FROM plan_duties d JOIN plans p ON p.id = d.plan_id
		WHERE p.status = $1 AND `+which+` ORDER BY p.issued_on, p.id, d.pos`, args...)
	if err != nil {
		return nil, fmt.Errorf("duties of units: %w", err)
	}
	type dated struct {
		Duty
		on string
	}
	var all []dated
	for rows.Next() {
		var d dated
		var role string
		if err := rows.Scan(&d.ID, &d.PlanID, &d.Pos, &d.Group, &d.UnitID, &d.UnitText, &d.Addressees, &role, &d.Task, &d.Deadline,
			&d.Target.Metric, &d.Target.Value, &d.Target.Unit, &d.on); err != nil {
			rows.Close()
			return nil, fmt.Errorf("duties of units: %w", err)
		}
		d.Role = Role(role)
		all = append(all, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("duties of units: %w", err)
	}
	var out []Duty
	for _, d := range all {
		if d.UnitID == 0 {
			date := d.on
			if date == "" {
				date = s.org.Today()
			}
			ok, err := s.addressesUnit(ctx, d.Duty, date, unitIDs)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		out = append(out, d.Duty)
	}
	return out, nil
}

// RemindDays returns the reminder lead time set by the nearest plan above a
// unit: the newest issued plan of the unit itself, else of its parent, and
// so on up the tree; 0 when no plan sets one.
func (s *Service) RemindDays(ctx context.Context, unitID int64) (int, error) {
	ids := []int64{unitID}
	anc, err := s.org.Ancestors(ctx, unitID, s.org.Today())
	if err != nil {
		return 0, err
	}
	for _, a := range anc {
		ids = append(ids, a.ID)
	}
	for _, id := range ids {
		ps, err := queryPlans(ctx, s.db.R, `WHERE p.unit_id = $1 AND p.status = $2 AND p.kind = $3 ORDER BY p.issued_on DESC, p.id DESC`, id, string(StatusIssued), string(KindPlan))
		if err != nil {
			return 0, err
		}
		for _, p := range ps {
			if p.Content.RemindDays > 0 {
				return p.Content.RemindDays, nil
			}
		}
	}
	return 0, nil
}
