package plan

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/planimport"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Import turns an imported text into a draft of unit (a unit the actor may
// write plans for). Duties are matched to units of the tree as it stood on
// the plan's date; those that match nothing keep their text and wait for a
// person to map them. parentID, if not 0, links the plan it implements.
func (s *Service) Import(ctx context.Context, unitCode string, parentID int64, r planimport.Result) (*Plan, error) {
	if r.Kind == "unknown" {
		return nil, errs.InvalidField("file", "Văn bản này không phải là một kế hoạch: "+strings.Join(r.Warnings, " "))
	}
	u, err := s.org.Lookup(ctx, unitCode, s.org.Today())
	if err != nil {
		return nil, err
	}
	if err := s.org.Authorize(ctx, access.PlanEdit, u.ID); err != nil {
		return nil, err
	}
	p := &Plan{UnitID: u.ID, UnitCode: u.Code, UnitName: u.Name, ParentPlanID: parentID, Version: 1, Kind: KindPlan, Status: StatusDraft,
		Number: r.Number, Symbol: r.Symbol, IssuerName: r.Issuer, Place: r.Place, Title: r.Title}
	if r.Date != nil {
		p.IssuedOn = *r.Date
	}
	if p.Title == "" {
		p.Title = "(chưa đọc được trích yếu)"
	}
	p.Title = SentenceCase(p.Title)
	c := &p.Content
	for _, b := range r.Basis {
		c.Basis = append(c.Basis, Basis{Text: b.Text, Number: b.Number, Date: b.Date, Issuer: b.Issuer})
	}
	for _, sec := range r.Sections {
		c.Sections = append(c.Sections, Section{Level: sec.Level, Heading: sec.Heading, Text: sec.Text})
	}
	for _, ph := range r.Phases {
		c.Phases = append(c.Phases, Phase{Name: ph.Name, From: ph.From, To: ph.To})
	}
	for _, per := range r.Regime.Periods {
		c.Periods = append(c.Periods, Period{Name: per.Name, Due: per.Due, Who: per.Unit, To: per.To})
	}
	c.Recipients = slices.Clone(r.Recipients)
	c.Signer = Signer{Authority: r.Signer.Authority, Title: r.Signer.Title, Name: r.Signer.Name}
	c.Warnings = slices.Clone(r.Warnings)
	date := p.IssuedOn
	if date == "" {
		date = s.org.Today()
	}
	m, err := s.newMatcher(ctx, u, date)
	if err != nil {
		return nil, err
	}
	for _, d := range r.Duties {
		duty := Duty{Group: d.Group, UnitText: d.Unit, Task: d.Text, Deadline: d.Deadline, Role: RoleLead}
		if strings.Contains(vn.Fold(d.Role), "phoi hop") {
			duty.Role = RoleSupport
		}
		if d.Target != "" {
			duty.Target = Target{Metric: d.Target}
		}
		duty.UnitID, duty.Addressees = m.match(d.Unit)
		if duty.Deadline != "" && p.PlanDeadline == "" && strings.Contains(vn.Fold(d.Text), "ke hoach") {
			p.PlanDeadline = duty.Deadline // "xây dựng kế hoạch … trước ngày 20/5/2024"
		}
		p.Duties = append(p.Duties, duty)
	}
	label := p.Label()
	return p, s.save(ctx, p, "plan.import", fmt.Sprintf("Nhập văn bản kế hoạch %s: %s", label, p.Title))
}

// RecordIssued registers an imported plan as a document that was already
// issued outside the system: it keeps the number and date the text gives
// and does not ask for a signature. The actor must be allowed to issue for
// the unit.
func (s *Service) RecordIssued(ctx context.Context, id int64) (*Plan, error) {
	p, err := loadPlan(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if err := s.org.Authorize(ctx, access.PlanIssue, p.UnitID); err != nil {
		return nil, err
	}
	if p.Status != StatusDraft {
		return nil, errs.Conflict("Kế hoạch này đã được ghi nhận ban hành.", "Already issued.")
	}
	now := s.clock.Now()
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		if err := setStatus(ctx, tx, p.ID, StatusIssued, now, actorID(ctx)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "plan.record_issued", Entity: "plan", EntityKey: fmt.Sprint(p.ID), UnitID: p.UnitID,
			Summary: "Ghi nhận kế hoạch đã ban hành " + p.Label()}, nil, planSnapshot(p))
	})
	p.Status = StatusIssued
	return p, err
}

// AddReference records a document known only by its metadata, such as the
// ministry's plan a province plan is based on.
func (s *Service) AddReference(ctx context.Context, unitCode, number, symbol, date, title string) (*Plan, error) {
	u, err := s.org.Lookup(ctx, unitCode, s.org.Today())
	if err != nil {
		return nil, err
	}
	if err := s.org.Authorize(ctx, access.PlanEdit, u.ID); err != nil {
		return nil, err
	}
	p := &Plan{UnitID: u.ID, UnitCode: u.Code, UnitName: u.Name, Version: 1, Kind: KindReference, Status: StatusIssued,
		Number: number, Symbol: symbol, IssuedOn: date, Title: title, IssuerName: u.Name}
	return p, s.save(ctx, p, "plan.reference", "Thêm văn bản tham chiếu "+p.Label())
}

// matcher finds the unit a duty's assignee text names: first among the
// issuing unit's own sub-units, then among the units of its province, as
// they stood on the plan's date.
type matcher struct {
	issuer, province org.Unit
	own, units       []org.Unit
}

func (s *Service) newMatcher(ctx context.Context, u org.Unit, date string) (*matcher, error) {
	sys := access.With(ctx, access.System())
	if !u.Active(date) {
		date = u.ValidFrom // a unit that has ended is matched as it last stood
	}
	m := &matcher{issuer: u, province: u}
	if u.Type != org.TypeProvince {
		anc, err := s.org.Ancestors(ctx, u.ID, date)
		if err != nil {
			return nil, err
		}
		for _, a := range anc {
			if a.Type == org.TypeProvince {
				m.province = a
				break
			}
		}
	}
	forest, err := s.org.Tree(sys, date)
	if err != nil {
		return nil, err
	}
	var walk func([]*org.Node, bool, bool)
	walk = func(ns []*org.Node, inProv, inOwn bool) {
		for _, n := range ns {
			p, o := inProv || n.ID == m.province.ID, inOwn || n.ID == u.ID
			if p {
				m.units = append(m.units, n.Unit)
			}
			if o && n.ID != u.ID {
				m.own = append(m.own, n.Unit)
			}
			walk(n.Children, p, o)
		}
	}
	walk(forest, false, false)
	return m, nil
}

// match returns the unit or the group rule the text names, or nothing.
func (m *matcher) match(text string) (int64, string) {
	t := vn.Fold(strings.TrimSpace(text))
	t = strings.TrimPrefix(t, "de nghi ")
	if t == "" {
		return 0, ""
	}
	if strings.HasPrefix(t, "cac ") {
		switch {
		case strings.Contains(t, "truc thuoc") || strings.Contains(t, "cac phong"):
			return 0, Group{Parent: m.issuer.Code, Types: []org.Type{org.TypeSubunit}}.String()
		case strings.Contains(t, "bao chi") || strings.Contains(t, "phat thanh"):
			return 0, Group{Parent: m.province.Code, Types: []org.Type{org.TypePress}}.String()
		case strings.Contains(t, "so") || strings.Contains(t, "nganh") || strings.Contains(t, "huyen") || strings.Contains(t, "xa"):
			return 0, Group{Parent: m.province.Code, Types: []org.Type{org.TypeDepartment, org.TypeDistrict, org.TypeCommune, org.TypeMassOrg}}.String()
		}
		return 0, ""
	}
	if id := best(t, m.own, ""); id != 0 {
		return id, ""
	}
	suffix := " " + vn.Fold(strings.TrimPrefix(strings.TrimPrefix(m.province.Name, "Ủy ban nhân dân "), "UBND "))
	return best(t, m.units, suffix), ""
}

// best picks the unit whose name (with or without the province's name at
// its end) the text starts with, or that starts with the text; the longest
// such name wins, and names shorter than 8 letters do not count.
func best(t string, units []org.Unit, suffix string) int64 {
	id, length := int64(0), 0
	for _, u := range units {
		name := vn.Fold(u.Name)
		for _, cand := range []string{name, strings.TrimSuffix(name, suffix)} {
			l := 0
			switch {
			case strings.HasPrefix(t, cand):
				l = len(cand)
			case strings.HasPrefix(cand, t):
				l = len(t)
			}
			if l >= 8 && l > length {
				id, length = u.ID, l
			}
		}
	}
	return id
}

// SentenceCase rewrites a title typed in capitals ("TRIỂN KHAI “CHIẾN DỊCH
// …”") the way a trích yếu is written: a capital at the start and after an
// opening quote, the rest in lower case. Titles with lower-case letters are
// left as they are.
func SentenceCase(s string) string {
	if strings.ToUpper(s) != s || strings.ToLower(s) == s {
		return s
	}
	var b strings.Builder
	up := true
	for _, r := range strings.ToLower(s) {
		if up && unicode.IsLetter(r) {
			b.WriteRune(unicode.ToUpper(r))
			up = false
			continue
		}
		if r == '“' || r == '"' {
			up = true
		}
		b.WriteRune(r)
	}
	return b.String()
}
