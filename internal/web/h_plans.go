package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/docgen"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/remind"
	"github.com/canhgiac/canhgiac/internal/upload"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// PlanListPage lists the plans the actor may read.
type PlanListPage struct {
	Page
	Plans     []*plan.Plan
	Query     string
	Year      string
	Status    string
	CanCreate bool
}

func (s *Server) planList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	year, _ := strconv.Atoi(q.Get("nam"))
	f := plan.Filter{Query: q.Get("q"), Year: year, Status: plan.Status(q.Get("trang-thai")), Unit: q.Get("don-vi")}
	ps, err := s.plan.List(r.Context(), f)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "plans", &PlanListPage{Page: Page{Title: "Kế hoạch", Nav: "plans"}, Plans: ps, Query: f.Query,
		Year: q.Get("nam"), Status: q.Get("trang-thai"), CanCreate: access.From(r.Context()).Has(access.PlanEdit)})
}

// PlanNewPage starts a blank plan.
type PlanNewPage struct {
	Page
	Unit, Title string
	Fields      map[string]string
	Choices     []org.Unit
}

func (s *Server) planNewForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "plan_new", &PlanNewPage{Page: Page{Title: "Kế hoạch mới", Nav: "plans"}, Choices: s.choices(r, access.PlanEdit)})
}

func (s *Server) planCreate(w http.ResponseWriter, r *http.Request) error {
	unit, title := r.PostFormValue("unit"), r.PostFormValue("title")
	p, err := s.plan.Create(r.Context(), unit, title)
	if f := errs.FieldsOf(err); f != nil || errs.KindOf(err) == errs.KindNotFound {
		if f == nil {
			f = map[string]string{"unit": "Vui lòng chọn đơn vị."}
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "plan_new", &PlanNewPage{Page: Page{Title: "Kế hoạch mới", Nav: "plans"},
			Unit: unit, Title: title, Fields: f, Choices: s.choices(r, access.PlanEdit)})
	} else if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, fmt.Sprintf("/quan-tri/ke-hoach/%d/sua", p.ID), "ok", "Đã tạo dự thảo. Hãy soạn nội dung.")
}

// planID reads the plan's id from the path; what is not a number is no
// plan.
func planID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, errs.NotFound("Không có kế hoạch này.", "No such plan.")
	}
	return id, nil
}

// planOf is the plan the path names, as the actor may see it (the service
// checks the scope).
func (s *Server) planOf(r *http.Request) (*plan.Plan, error) {
	id, err := planID(r)
	if err != nil {
		return nil, err
	}
	return s.plan.Get(r.Context(), id)
}

// PlanPage shows one plan as a document, with what the actor can do.
type PlanPage struct {
	Page
	P          *plan.Plan
	CanEdit    bool
	CanIssue   bool
	CanDerive  bool
	CanVersion bool
	ChildCount int
	Unmapped   int
}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	a := access.From(ctx)
	pg := &PlanPage{Page: Page{Title: p.Label() + " — " + p.Title, Nav: "plans"}, P: p, CanEdit: s.plan.CanEdit(ctx, p), CanIssue: s.plan.CanIssue(ctx, p),
		CanDerive:  p.Kind == plan.KindPlan && p.Status != plan.StatusDraft && a.Has(access.PlanEdit) && s.org.Authorize(ctx, access.PlanEdit, a.UnitID) == nil && a.UnitID != p.UnitID,
		CanVersion: p.Status == plan.StatusIssued && s.org.Authorize(ctx, access.PlanEdit, p.UnitID) == nil}
	for _, d := range p.Duties {
		if !d.Mapped() {
			pg.Unmapped++
		}
	}
	return s.render(w, r, http.StatusOK, "plan", pg)
}

// PlanEditPage is the editor of a draft.
type PlanEditPage struct {
	Page
	P       *plan.Plan
	Basis   string
	Themes  string
	Chans   string
	Recips  string
	Fields  map[string]string
	Choices []UnitChoice
	Roles   []plan.Role
}

// UnitChoice is an option of the duty assignee picker: a unit or a group.
type UnitChoice struct{ Value, Label string }

func (s *Server) unitChoices(r *http.Request) []UnitChoice {
	var out []UnitChoice
	for _, u := range s.choices(r, access.PlanView) {
		out = append(out, UnitChoice{u.Code, u.Name})
		if u.Type == org.TypeProvince || u.Type == org.TypeDistrict {
			g := plan.Group{Parent: u.Code, Types: []org.Type{org.TypeDepartment, org.TypeDistrict, org.TypeCommune, org.TypeMassOrg}}
			out = append(out, UnitChoice{g.String(), "Tất cả sở, ban, ngành, đoàn thể, UBND cấp dưới của " + u.Name})
		}
	}
	return out
}

const blankRows = 3

func (s *Server) planEditPage(r *http.Request, p *plan.Plan, fields map[string]string) *PlanEditPage {
	pg := &PlanEditPage{Page: Page{Title: "Soạn kế hoạch", Nav: "plans"}, P: p, Fields: fields, Choices: s.unitChoices(r), Roles: []plan.Role{plan.RoleLead, plan.RoleSupport}}
	var basis []string
	for _, b := range p.Content.Basis {
		basis = append(basis, b.Text)
	}
	pg.Basis = strings.Join(basis, "\n")
	pg.Themes, pg.Chans, pg.Recips = strings.Join(p.Content.Themes, "\n"), strings.Join(p.Content.Channels, "\n"), strings.Join(p.Content.Recipients, "\n")
	for i := 0; i < blankRows; i++ {
		p.Content.Sections = append(p.Content.Sections, plan.Section{Level: 1})
		p.Content.Periods = append(p.Content.Periods, plan.Period{})
		p.Duties = append(p.Duties, plan.Duty{Role: plan.RoleLead})
	}
	return pg
}

func (s *Server) planEditForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	if !s.plan.CanEdit(r.Context(), p) {
		if p.Status != plan.StatusDraft {
			return errs.Conflict("Kế hoạch đã ban hành thì không sửa được. Muốn sửa đổi, bổ sung, hãy tạo “phiên bản mới”.", "An issued plan cannot be edited.")
		}
		return errs.ErrForbidden
	}
	return s.render(w, r, http.StatusOK, "plan_edit", s.planEditPage(r, p, nil))
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// planEdit reads the editor's form. Rows are numbered fields: sec.N.*,
// per.N.*, duty.N.*; empty rows are dropped by the service.
func planEdit(w http.ResponseWriter, r *http.Request, old *plan.Plan) (plan.Edit, error) {
	if err := upload.ParseForm(w, r); err != nil {
		return plan.Edit{}, err
	}
	f := r.PostFormValue
	e := plan.Edit{Title: f("title"), Number: f("number"), Symbol: f("symbol"), Place: f("place"), IssuedOn: f("issued_on"), PlanDeadline: f("plan_deadline")}
	c := old.Content
	known := map[string]plan.Basis{}
	for _, b := range c.Basis {
		known[b.Text] = b
	}
	c.Basis = nil
	for _, l := range lines(f("basis")) {
		b, ok := known[l]
		if !ok {
			b = plan.Basis{Text: l}
		}
		c.Basis = append(c.Basis, b)
	}
	c.Themes, c.Channels, c.Recipients, c.Budget = lines(f("themes")), lines(f("channels")), lines(f("recipients")), f("budget")
	c.RemindDays = 0
	if d := strings.TrimSpace(f("remind_days")); d != "" {
		if n, err := strconv.Atoi(d); err == nil {
			c.RemindDays = n
		} else {
			c.RemindDays = -1 // refused by the service with a message
		}
	}
	c.Sections, c.Periods = nil, nil
	for i := 0; f(fmt.Sprintf("sec.%d.present", i)) != ""; i++ {
		lvl, _ := strconv.Atoi(f(fmt.Sprintf("sec.%d.level", i)))
		c.Sections = append(c.Sections, plan.Section{Level: lvl, Heading: f(fmt.Sprintf("sec.%d.heading", i)), Text: f(fmt.Sprintf("sec.%d.text", i))})
	}
	for i := 0; f(fmt.Sprintf("per.%d.present", i)) != ""; i++ {
		c.Periods = append(c.Periods, plan.Period{Name: f(fmt.Sprintf("per.%d.name", i)), Due: f(fmt.Sprintf("per.%d.due", i)),
			Who: f(fmt.Sprintf("per.%d.who", i)), To: f(fmt.Sprintf("per.%d.to", i)), Within: f(fmt.Sprintf("per.%d.within", i))})
	}
	e.Content = c
	for i := 0; f(fmt.Sprintf("duty.%d.present", i)) != ""; i++ {
		g, _ := strconv.Atoi(f(fmt.Sprintf("duty.%d.group", i)))
		e.Duties = append(e.Duties, plan.DutyEdit{UnitCode: f(fmt.Sprintf("duty.%d.unit", i)), UnitText: f(fmt.Sprintf("duty.%d.unit_text", i)),
			Role: plan.Role(f(fmt.Sprintf("duty.%d.role", i))), Task: f(fmt.Sprintf("duty.%d.task", i)), Deadline: f(fmt.Sprintf("duty.%d.deadline", i)), Group: g,
			Target: plan.Target{Metric: f(fmt.Sprintf("duty.%d.metric", i)), Value: f(fmt.Sprintf("duty.%d.value", i)), Unit: f(fmt.Sprintf("duty.%d.tunit", i))}})
	}
	return e, nil
}

func (s *Server) planUpdate(w http.ResponseWriter, r *http.Request) error {
	old, err := s.planOf(r)
	if err != nil {
		return err
	}
	e, err := planEdit(w, r, old)
	if err != nil {
		return err
	}
	p, err := s.plan.Update(r.Context(), old.ID, e)
	if f := errs.FieldsOf(err); f != nil {
		// Show what was typed, rows and all, beside the messages.
		typed := *old
		typed.Title, typed.Number, typed.Symbol, typed.Place, typed.Content = e.Title, e.Number, e.Symbol, e.Place, e.Content
		typed.IssuedOn, typed.PlanDeadline = e.IssuedOn, e.PlanDeadline
		typed.Duties = nil
		for _, d := range e.Duties {
			typed.Duties = append(typed.Duties, plan.Duty{UnitCode: d.UnitCode, UnitText: d.UnitText, Role: d.Role, Task: d.Task, Deadline: d.Deadline, Target: d.Target, Group: d.Group, Addressees: groupOf(d.UnitCode)})
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "plan_edit", s.planEditPage(r, &typed, f))
	} else if err != nil {
		return err
	}
	if r.PostFormValue("action") == "continue" {
		return s.redirectWithFlash(w, r, fmt.Sprintf("/quan-tri/ke-hoach/%d/sua", p.ID), "ok", "Đã lưu dự thảo.")
	}
	return s.redirectWithFlash(w, r, fmt.Sprintf("/quan-tri/ke-hoach/%d", p.ID), "ok", "Đã lưu dự thảo.")
}

func groupOf(code string) string {
	if _, ok := plan.ParseGroup(code); ok {
		return code
	}
	return ""
}

// PlanIssuePage is the leader's signing form.
type PlanIssuePage struct {
	Page
	P      *plan.Plan
	In     plan.IssueInput
	Fields map[string]string
}

func (s *Server) planIssueForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	if !s.plan.CanIssue(r.Context(), p) {
		return errs.Forbidden("Chỉ lãnh đạo của đơn vị mới ký ban hành kế hoạch (và chỉ với bản dự thảo).", "Only the unit's leader may issue a draft.")
	}
	in := plan.IssueInput{Number: p.Number, Symbol: p.Symbol, IssuedOn: vn.ShowDate(p.IssuedOn), Place: p.Place,
		Authority: p.Content.Signer.Authority, Title: p.Content.Signer.Title, Name: p.Content.Signer.Name}
	if in.IssuedOn == "—" {
		in.IssuedOn = vn.ShowDate(s.org.Today())
	}
	return s.render(w, r, http.StatusOK, "plan_issue", &PlanIssuePage{Page: Page{Title: "Ký ban hành", Nav: "plans"}, P: p, In: in})
}

func (s *Server) planIssue(w http.ResponseWriter, r *http.Request) error {
	id, err := planID(r)
	if err != nil {
		return err
	}
	in := plan.IssueInput{Number: r.PostFormValue("number"), Symbol: r.PostFormValue("symbol"), IssuedOn: r.PostFormValue("issued_on"),
		Place: r.PostFormValue("place"), Authority: r.PostFormValue("authority"), Title: r.PostFormValue("signer_title"), Name: r.PostFormValue("signer_name"),
		LateReason: r.PostFormValue("late_reason")}
	p, err := s.plan.Issue(r.Context(), id, in)
	if f := errs.FieldsOf(err); f != nil {
		return s.render(w, r, http.StatusUnprocessableEntity, "plan_issue", &PlanIssuePage{Page: Page{Title: "Ký ban hành", Nav: "plans"}, P: p, In: in, Fields: f})
	} else if err != nil {
		return err
	}
	// The plan stands issued whatever happens to its notices; a failure to
	// tell is logged for the operators rather than shown as a failed issue.
	if err := s.remind.PlanIssued(r.Context(), p); err != nil {
		s.log.Error("plan issued: notices", "plan", p.ID, "err", err)
	}
	return s.redirectWithFlash(w, r, fmt.Sprintf("/quan-tri/ke-hoach/%d", p.ID), "ok", fmt.Sprintf("Đã ban hành Kế hoạch số %s.", p.Label()))
}

func (s *Server) planDerive(w http.ResponseWriter, r *http.Request) error {
	id, err := planID(r)
	if err != nil {
		return err
	}
	d, err := s.plan.Derive(r.Context(), id, r.PostFormValue("unit"))
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("Đã tạo dự thảo kế hoạch thực hiện với %d nhiệm vụ được giao. Hãy rà soát, phân công cho các phòng, đơn vị rồi trình lãnh đạo ký.", len(d.Plan.Duties))
	if d.Existed {
		msg = "Đơn vị đã có bản dự thảo kế hoạch thực hiện; mở bản đó để tiếp tục."
	}
	return s.redirectWithFlash(w, r, fmt.Sprintf("/quan-tri/ke-hoach/%d/sua", d.Plan.ID), "ok", msg)
}

func (s *Server) planNewVersion(w http.ResponseWriter, r *http.Request) error {
	id, err := planID(r)
	if err != nil {
		return err
	}
	p, err := s.plan.NewVersion(r.Context(), id)
	if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, fmt.Sprintf("/quan-tri/ke-hoach/%d/sua", p.ID), "ok",
		fmt.Sprintf("Đã tạo phiên bản %d (dự thảo). Bản đã ban hành vẫn giữ nguyên cho đến khi phiên bản mới được ký.", p.Version))
}

// CompliancePage shows who has issued their implementing plan.
type CompliancePage struct {
	Page
	C      *plan.Compliance
	States []plan.State
	// Urges says how often each unit was urged about this plan; CanUrge
	// whether the reader is the standing body that may urge the late ones.
	Urges   map[int64]remind.Tally
	CanUrge bool
}

// Late reports whether a row may be urged.
func (p *CompliancePage) Late(r plan.ComplianceRow) bool { return planLate(r) }

func (s *Server) planCompliance(w http.ResponseWriter, r *http.Request) error {
	id, err := planID(r)
	if err != nil {
		return err
	}
	c, err := s.plan.Compliance(r.Context(), id)
	if err != nil {
		return err
	}
	urges, err := s.remind.Urges(r.Context(), planMatter(c.Plan).Key)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "plan_compliance", &CompliancePage{Page: Page{Title: "Tình hình triển khai " + c.Plan.Label(), Nav: "plans"}, C: c,
		States: []plan.State{plan.StateOnTime, plan.StateLate, plan.StateIssued, plan.StateDrafting, plan.StateMissing, plan.StateNotDue},
		Urges:  urges, CanUrge: s.mayUrge(r, c.Plan.UnitID)})
}

func (s *Server) planDownload(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planOf(r)
	if err != nil {
		return err
	}
	if p.Kind != plan.KindPlan {
		return errs.NotFound("Văn bản tham chiếu không có nội dung để tải về.", "A reference has no document.")
	}
	doc, err := s.plan.Document(r.Context(), p)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	format := r.PathValue("format")
	switch format {
	case "docx":
		err = docgen.WriteDOCX(&buf, doc)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	case "pdf":
		err = docgen.WritePDF(&buf, doc)
		w.Header().Set("Content-Type", "application/pdf")
	default:
		return errs.NotFound("Chỉ tải về dạng .docx hoặc .pdf.", "Only .docx or .pdf.")
	}
	if err != nil {
		return err
	}
	name := "ke-hoach-" + fileSafe(p.Label()) + "." + format
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"; filename*=UTF-8''`+url.PathEscape(name))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(buf.Bytes())
	return err
}

// fileSafe turns "940/KH-UBND" into "940-KH-UBND" (ASCII, no slashes).
func fileSafe(label string) string {
	f := vn.Fold(label)
	var b strings.Builder
	for _, r := range f {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-':
			b.WriteRune(r)
		default:
			b.WriteRune('-')
		}
	}
	return strings.Trim(b.String(), "-")
}
