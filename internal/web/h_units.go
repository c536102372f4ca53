package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// QuickDate is a shortcut on the date bar.
type QuickDate struct{ Label, Date string }

// UnitTreePage is the tree of units at a date, or search results.
type UnitTreePage struct {
	Page
	Date      string // YYYY-MM-DD shown
	DateInput string // as typed, kept when invalid
	DateError string
	Roots     []*org.Node
	Count     int
	Query     string
	Results   []org.Unit
	Searched  bool
	CanCreate bool
	Quick     []QuickDate
}

// TypeLabel names a unit type in the page's language.
func (p *Page) TypeLabel(t org.Type) string { return t.Label(p.Lang) }

// KindLabel names a restructure kind in the page's language.
func (p *Page) KindLabel(k org.Kind) string { return k.Label(p.Lang) }

// RoleLabel names a role in the page's language.
func (p *Page) RoleLabel(r access.Role) string {
	if p.Lang == "en" {
		return r.LabelEN()
	}
	return r.LabelVI()
}

// dateParam reads ?ngay= (YYYY-MM-DD from a date input, or 22/04/2024).
func (s *Server) dateParam(r *http.Request) (date, typed, problem string) {
	typed = strings.TrimSpace(r.URL.Query().Get("ngay"))
	d, err := s.org.ParseDate("ngay", typed)
	if err != nil {
		return s.org.Today(), typed, errs.FieldsOf(err)["ngay"]
	}
	return d, typed, ""
}

func countNodes(ns []*org.Node) int {
	n := len(ns)
	for _, c := range ns {
		n += countNodes(c.Children)
	}
	return n
}

func (s *Server) unitTree(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d, typed, problem := s.dateParam(r)
	p := &UnitTreePage{Page: Page{Title: "Cây đơn vị", Nav: "units"}, Date: d, DateInput: typed, DateError: problem,
		Query: strings.TrimSpace(r.URL.Query().Get("q")), CanCreate: access.From(ctx).Has(access.UnitEdit),
		Quick: []QuickDate{{"30/06/2024", "2024-06-30"}, {"01/07/2025", "2025-07-01"}, {"Hôm nay", s.org.Today()}}}
	if p.DateInput == "" {
		p.DateInput = d
	}
	var err error
	if p.Query != "" {
		p.Searched = true
		if p.Results, err = s.org.Search(ctx, p.Query, d); err != nil {
			return err
		}
	}
	if p.Roots, err = s.org.Tree(ctx, d); err != nil {
		return err
	}
	p.Count = countNodes(p.Roots)
	status := http.StatusOK
	if problem != "" {
		status = http.StatusUnprocessableEntity
	}
	return s.render(w, r, status, "units", p)
}

// UnitPage is one unit with its history.
type UnitPage struct {
	Page
	Date            string
	D               *org.Detail
	CanRestructure  bool
	SuccessorsToday []org.Unit // who carries an ended unit's history today
}

func (s *Server) unitPage(w http.ResponseWriter, r *http.Request) error {
	d, _, _ := s.dateParam(r)
	det, err := s.org.Get(r.Context(), r.PathValue("code"), d)
	if err != nil {
		return err
	}
	var now []org.Unit
	if det.Unit.ValidTo != vn.Forever {
		if now, err = s.org.Successor(r.Context(), det.Unit.Code, s.org.Today()); err != nil {
			return err
		}
	}
	p := &UnitPage{Page: Page{Title: det.Unit.Name, Nav: "units"}, Date: d, D: det, SuccessorsToday: now,
		CanRestructure: det.CanEdit && s.org.Authorize(r.Context(), access.UnitRestructure, det.Unit.ID) == nil}
	return s.render(w, r, http.StatusOK, "unit", p)
}

// UnitFormPage creates or corrects a unit.
type UnitFormPage struct {
	Page
	Editing bool
	Code    string
	In      org.UnitInput
	Fields  map[string]string
	Types   []org.Type
	Choices []org.Unit // units the actor may pick as parent
}

// choices lists the units in force today that the actor may edit, for
// pickers; the service checks the choice again.
func (s *Server) choices(r *http.Request, p access.Permission) []org.Unit {
	ctx := r.Context()
	sc, err := s.org.ScopeOf(ctx, p)
	if err != nil {
		return nil
	}
	roots, err := s.org.Tree(ctx, s.org.Today())
	if err != nil {
		return nil
	}
	var out []org.Unit
	var walk func([]*org.Node)
	walk = func(ns []*org.Node) {
		for _, n := range ns {
			if sc.Contains(n.ID) {
				out = append(out, n.Unit)
			}
			walk(n.Children)
		}
	}
	walk(roots)
	return out
}

func unitInput(r *http.Request) org.UnitInput {
	return org.UnitInput{Code: r.PostFormValue("code"), Name: r.PostFormValue("name"), ShortName: r.PostFormValue("short_name"),
		Type: org.Type(r.PostFormValue("type")), ParentCode: r.PostFormValue("parent"), ValidFrom: r.PostFormValue("valid_from")}
}

func (s *Server) unitNewForm(w http.ResponseWriter, r *http.Request) error {
	p := &UnitFormPage{Page: Page{Title: "Thêm đơn vị", Nav: "units"}, Types: org.Types, Choices: s.choices(r, access.UnitEdit),
		In: org.UnitInput{ParentCode: r.URL.Query().Get("cap-tren"), ValidFrom: s.org.Today()}}
	return s.render(w, r, http.StatusOK, "unit_form", p)
}

func (s *Server) unitCreate(w http.ResponseWriter, r *http.Request) error {
	in := unitInput(r)
	u, err := s.org.Create(r.Context(), in)
	if f := errs.FieldsOf(err); f != nil {
		p := &UnitFormPage{Page: Page{Title: "Thêm đơn vị", Nav: "units"}, Types: org.Types, Choices: s.choices(r, access.UnitEdit), In: in, Fields: f}
		return s.render(w, r, http.StatusUnprocessableEntity, "unit_form", p)
	} else if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/don-vi/"+u.Code, "ok", fmt.Sprintf("Đã thêm đơn vị %s.", u.Name))
}

func (s *Server) unitEditForm(w http.ResponseWriter, r *http.Request) error {
	det, err := s.org.Get(r.Context(), r.PathValue("code"), s.org.Today())
	if err != nil {
		return err
	}
	if !det.CanEdit {
		return errs.ErrForbidden
	}
	u := det.Unit
	p := &UnitFormPage{Page: Page{Title: "Sửa thông tin đơn vị", Nav: "units"}, Editing: true, Code: u.Code, Types: org.Types,
		Choices: s.choices(r, access.UnitEdit), In: org.UnitInput{Code: u.Code, Name: u.Name, ShortName: u.ShortName, Type: u.Type, ParentCode: u.ParentCode}}
	return s.render(w, r, http.StatusOK, "unit_form", p)
}

func (s *Server) unitUpdate(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	in := unitInput(r)
	in.Code = code
	u, err := s.org.Update(r.Context(), code, in)
	if f := errs.FieldsOf(err); f != nil {
		p := &UnitFormPage{Page: Page{Title: "Sửa thông tin đơn vị", Nav: "units"}, Editing: true, Code: code, Types: org.Types,
			Choices: s.choices(r, access.UnitEdit), In: in, Fields: f}
		return s.render(w, r, http.StatusUnprocessableEntity, "unit_form", p)
	} else if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/don-vi/"+code, "ok", fmt.Sprintf("Đã lưu thông tin %s.", u.Name))
}

// RestructureForm is what the restructure form holds, kept when refused.
type RestructureForm struct {
	Kind       string
	Effective  string
	Basis      string
	Note       string
	OtherUnits string
	Target     string
	NewName    string
	NewShort   string
	New        []org.UnitInput
}

// RestructurePage previews or applies a restructure of one unit (and
// others with it, for a merger).
type RestructurePage struct {
	Page
	Unit    org.Unit
	F       RestructureForm
	Fields  map[string]string
	Kinds   []org.Kind
	Types   []org.Type
	Choices []org.Unit
	Outcome *org.Outcome
}

const newUnitRows = 3

func (s *Server) restructurePage(r *http.Request, u org.Unit, f RestructureForm) *RestructurePage {
	for len(f.New) < newUnitRows {
		f.New = append(f.New, org.UnitInput{})
	}
	return &RestructurePage{Page: Page{Title: "Sắp xếp lại", Nav: "units"}, Unit: u, F: f, Kinds: org.Kinds, Types: org.Types,
		Choices: s.choices(r, access.UnitRestructure)}
}

func (s *Server) restructureUnit(r *http.Request) (org.Unit, error) {
	u, err := s.org.Lookup(r.Context(), r.PathValue("code"), s.org.Today())
	if err != nil {
		return u, err
	}
	return u, s.org.Authorize(r.Context(), access.UnitRestructure, u.ID)
}

func (s *Server) restructureForm(w http.ResponseWriter, r *http.Request) error {
	u, err := s.restructureUnit(r)
	if err != nil {
		return err
	}
	p := s.restructurePage(r, u, RestructureForm{Kind: r.URL.Query().Get("loai"), Effective: vn.ShowDate(s.org.Today())})
	return s.render(w, r, http.StatusOK, "restructure", p)
}

func (s *Server) restructure(w http.ResponseWriter, r *http.Request) error {
	u, err := s.restructureUnit(r)
	if err != nil {
		return err
	}
	f := RestructureForm{Kind: r.PostFormValue("kind"), Effective: r.PostFormValue("effective"), Basis: r.PostFormValue("basis"),
		Note: r.PostFormValue("note"), OtherUnits: r.PostFormValue("other_units"), Target: r.PostFormValue("target"),
		NewName: r.PostFormValue("new_name"), NewShort: r.PostFormValue("new_short")}
	for i := 0; i < newUnitRows; i++ {
		in := org.UnitInput{Code: r.PostFormValue(fmt.Sprintf("new.%d.code", i)), Name: r.PostFormValue(fmt.Sprintf("new.%d.name", i)),
			ShortName: r.PostFormValue(fmt.Sprintf("new.%d.short_name", i)), Type: org.Type(r.PostFormValue(fmt.Sprintf("new.%d.type", i))),
			ParentCode: r.PostFormValue(fmt.Sprintf("new.%d.parent", i))}
		f.New = append(f.New, in)
	}
	op := org.Operation{Kind: org.Kind(f.Kind), Effective: f.Effective, Basis: f.Basis, Note: f.Note, Units: []string{u.Code},
		Target: f.Target, NewName: f.NewName, NewShort: f.NewShort}
	for _, c := range strings.FieldsFunc(f.OtherUnits, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' }) {
		op.Units = append(op.Units, c)
	}
	for _, in := range f.New {
		if strings.TrimSpace(in.Code+in.Name) != "" {
			op.New = append(op.New, in)
		}
	}
	preview := r.PostFormValue("action") != "apply"
	out, err := s.org.Restructure(r.Context(), op, preview)
	p := s.restructurePage(r, u, f)
	if fields := errs.FieldsOf(err); fields != nil {
		p.Fields = fields
		return s.render(w, r, http.StatusUnprocessableEntity, "restructure", p)
	} else if errors.Is(err, errs.ErrForbidden) {
		return err
	} else if err != nil {
		return err
	}
	if preview {
		p.Outcome = out
		return s.render(w, r, http.StatusOK, "restructure", p)
	}
	target := "/quan-tri/don-vi/" + u.Code + "?ngay=" + out.Event.Effective
	return s.redirectWithFlash(w, r, target, "ok", fmt.Sprintf("Đã áp dụng: %s, có hiệu lực từ %s (%d thay đổi).",
		op.Kind.Label("vi"), vn.ShowDate(out.Event.Effective), len(out.Changes)))
}

// EndedLabel says until when a version was in force: its last day.
func (p *Page) EndedLabel(validTo string) string {
	if validTo == vn.Forever {
		return p.T("đến nay")
	}
	return vn.ShowLastDay(validTo)
}

// nodeCtx pairs a tree node with its page, for the recursive template.
type nodeCtx struct {
	P *UnitTreePage
	N *org.Node
}
