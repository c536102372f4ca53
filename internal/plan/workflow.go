package plan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/vn"
)

func actorID(ctx context.Context) int64 {
	if a := access.From(ctx); a != nil {
		return a.UserID
	}
	return 0
}

// Create starts an empty draft for a unit the actor may write plans for.
func (s *Service) Create(ctx context.Context, unitCode, title string) (*Plan, error) {
	u, err := s.org.Lookup(ctx, unitCode, s.org.Today())
	if err != nil {
		return nil, err
	}
	if err := s.org.Authorize(ctx, access.PlanEdit, u.ID); err != nil {
		return nil, err
	}
	title = strings.Join(strings.Fields(title), " ")
	if title == "" {
		return nil, errs.InvalidField("title", "Vui lòng nhập trích yếu (tên) của kế hoạch.")
	}
	if err := errs.NewInvalid().MaxLen("title", "Trích yếu", title, maxTitleRunes).Err(); err != nil {
		return nil, err
	}
	p := &Plan{UnitID: u.ID, UnitCode: u.Code, UnitName: u.Name, Version: 1, Kind: KindPlan, Status: StatusDraft, Title: title, IssuerName: u.Name,
		Content: Content{Recipients: []string{"Lưu: VT."}}}
	return p, s.save(ctx, p, "plan.create", "Tạo dự thảo kế hoạch: "+title)
}

// save inserts a new plan with its audit entry.
func (s *Service) save(ctx context.Context, p *Plan, action, summary string) error {
	now := s.clock.Now()
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		if err := insertPlan(ctx, tx, p, actorID(ctx), now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: action, Entity: "plan", EntityKey: fmt.Sprint(p.ID), UnitID: p.UnitID, Summary: summary}, nil, planSnapshot(p))
	})
}

func planSnapshot(p *Plan) map[string]any {
	return map[string]any{"label": p.Label(), "title": p.Title, "status": p.Status, "issued_on": p.IssuedOn, "version": p.Version, "duties": len(p.Duties)}
}

var (
	numberPattern = regexp.MustCompile(`^[0-9]{1,6}$`)
	symbolPattern = regexp.MustCompile(`^[\p{L}0-9]+(-[\p{L}0-9]+)*$`)
)

// Edit is what the editor sends for a draft.
type Edit struct {
	Title        string
	Number       string
	Symbol       string
	Place        string
	IssuedOn     string // as typed
	PlanDeadline string // as typed
	Content      Content
	Duties       []DutyEdit
}

// DutyEdit is one row of the duties table as typed.
type DutyEdit struct {
	UnitCode string
	UnitText string
	Role     Role
	Task     string
	Deadline string // as typed
	Target   Target
	Group    int
}

// Update saves the editor's changes to a draft.
func (s *Service) Update(ctx context.Context, id int64, e Edit) (*Plan, error) {
	p, err := loadPlan(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if err := s.authorizeEdit(ctx, p); err != nil {
		return nil, err
	}
	before := planSnapshot(p)
	v := errs.NewInvalid()
	p.Title = strings.Join(strings.Fields(e.Title), " ")
	if p.Title == "" {
		v.Field("title", "Vui lòng nhập trích yếu (tên) của kế hoạch.")
	}
	p.Number, p.Symbol, p.Place = strings.TrimSpace(e.Number), strings.ReplaceAll(strings.TrimSpace(e.Symbol), " ", ""), strings.TrimSpace(e.Place)
	v.MaxLen("title", "Trích yếu", p.Title, maxTitleRunes).MaxLen("number", "Số", p.Number, 10).MaxLen("symbol", "Ký hiệu", p.Symbol, 60).
		MaxLen("place", "Địa danh", p.Place, 100)
	contentLengths(v, e.Content)
	if p.Number != "" && !numberPattern.MatchString(p.Number) {
		v.Field("number", "Số kế hoạch chỉ gồm chữ số, ví dụ 940.")
	}
	if p.Symbol != "" && !symbolPattern.MatchString(p.Symbol) {
		v.Field("symbol", "Ký hiệu dạng KH-UBND (chữ, số, nối bằng dấu gạch ngang).")
	}
	p.IssuedOn = s.date(v, "issued_on", e.IssuedOn)
	p.PlanDeadline = s.date(v, "plan_deadline", e.PlanDeadline)
	p.Content = cleanContent(e.Content)
	if p.Content.RemindDays < 0 || p.Content.RemindDays > 60 {
		v.Field("remind_days", "Số ngày nhắc trước hạn báo cáo từ 1 đến 60 (để trống: mặc định của hệ thống).")
	}
	p.Duties = nil
	today := s.org.Today()
	for i, d := range e.Duties {
		d.Task = strings.TrimSpace(d.Task)
		d.UnitCode = strings.TrimSpace(d.UnitCode)
		if d.Task == "" && d.UnitCode == "" && strings.TrimSpace(d.UnitText) == "" {
			continue
		}
		field := fmt.Sprintf("duties.%d", i)
		duty := Duty{Group: d.Group, UnitText: strings.TrimSpace(d.UnitText), Role: d.Role, Task: d.Task, Target: d.Target}
		if duty.Role != RoleSupport {
			duty.Role = RoleLead
		}
		if d.Task == "" {
			v.Field(field+".task", "Vui lòng nhập nội dung nhiệm vụ.")
		}
		v.MaxLen(field+".task", fmt.Sprintf("Nhiệm vụ %d", i+1), d.Task, maxTextRunes).MaxLen(field+".unit", fmt.Sprintf("Đơn vị của nhiệm vụ %d", i+1), d.UnitText, 300)
		if _, ok := ParseGroup(d.UnitCode); ok {
			duty.Addressees = d.UnitCode
		} else if d.UnitCode != "" {
			u, err := s.org.Lookup(ctx, d.UnitCode, today)
			if err != nil {
				v.Fieldf(field+".unit", "Không có đơn vị mã %q.", d.UnitCode)
			} else {
				duty.UnitID, duty.UnitCode, duty.UnitName = u.ID, u.Code, u.Name
				if duty.UnitText == "" {
					duty.UnitText = u.Name
				}
			}
		}
		duty.Deadline = s.date(v, field+".deadline", d.Deadline)
		p.Duties = append(p.Duties, duty)
	}
	if err := v.Err(); err != nil {
		return p, err
	}
	now := s.clock.Now()
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		if err := updatePlan(ctx, tx, p, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "plan.update", Entity: "plan", EntityKey: fmt.Sprint(p.ID), UnitID: p.UnitID,
			Summary: "Sửa dự thảo kế hoạch: " + p.Title}, before, planSnapshot(p))
	})
	return p, err
}

// date reads a typed date ("" stays ""), recording a problem on v.
func (s *Service) date(v *errs.Invalid, field, typed string) string {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return ""
	}
	t, err := vn.ParseDate(typed)
	if err != nil {
		v.Field(field, err.Error())
		return ""
	}
	return vn.ISODate(t)
}

func cleanContent(c Content) Content {
	trim := func(xs []string) []string {
		out := []string{}
		for _, x := range xs {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
		return out
	}
	c.Themes, c.Channels, c.Recipients = trim(c.Themes), trim(c.Channels), trim(c.Recipients)
	var secs []Section
	for _, x := range c.Sections {
		x.Heading, x.Text = strings.TrimSpace(x.Heading), strings.TrimSpace(x.Text)
		if x.Heading != "" || x.Text != "" {
			if x.Level != 2 {
				x.Level = 1
			}
			secs = append(secs, x)
		}
	}
	c.Sections = secs
	var basis []Basis
	for _, b := range c.Basis {
		if b.Text = strings.TrimSpace(b.Text); b.Text != "" {
			basis = append(basis, b)
		}
	}
	c.Basis = basis
	var periods []Period
	for _, p := range c.Periods {
		if strings.TrimSpace(p.Name) != "" {
			periods = append(periods, p)
		}
	}
	c.Periods = periods
	return c
}

// IssueInput is what the leader confirms when signing.
type IssueInput struct {
	Number    string
	Symbol    string
	IssuedOn  string
	Place     string
	Authority string
	Title     string
	Name      string
	// LateReason is needed when IssuedOn is not today: a plan signed on
	// paper earlier and recorded now.
	LateReason string
}

// Issue signs and issues a draft: from then on it cannot change. The
// number, date, place and signer must be there; a number may be used once a
// year per symbol.
func (s *Service) Issue(ctx context.Context, id int64, in IssueInput) (*Plan, error) {
	p, err := loadPlan(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if err := s.org.Authorize(ctx, access.PlanIssue, p.UnitID); err != nil {
		if errors.Is(err, errs.ErrForbidden) {
			return nil, errs.Forbidden("Chỉ lãnh đạo của đơn vị mới ký ban hành kế hoạch.", "Only the unit's leader may issue the plan.")
		}
		return nil, err
	}
	if p.Status != StatusDraft {
		return nil, errs.Conflict("Kế hoạch này đã được ban hành.", "This plan has been issued already.")
	}
	v := errs.NewInvalid()
	p.Number, p.Symbol, p.Place = strings.TrimSpace(in.Number), strings.ReplaceAll(strings.TrimSpace(in.Symbol), " ", ""), strings.TrimSpace(in.Place)
	if !numberPattern.MatchString(p.Number) {
		v.Field("number", "Vui lòng nhập số kế hoạch (chữ số), ví dụ 125.")
	}
	if !symbolPattern.MatchString(p.Symbol) {
		v.Field("symbol", "Vui lòng nhập ký hiệu, ví dụ KH-SNNMT.")
	}
	if p.Place == "" {
		v.Field("place", "Vui lòng nhập địa danh, ví dụ Cao Bằng.")
	}
	if strings.TrimSpace(in.IssuedOn) == "" {
		v.Field("issued_on", "Vui lòng nhập ngày ban hành.")
	}
	p.IssuedOn = s.date(v, "issued_on", in.IssuedOn)
	p.LateReason = strings.Join(strings.Fields(in.LateReason), " ")
	v.MaxLen("late_reason", "Lý do ghi nhận muộn", p.LateReason, 500)
	// A person signs today; a paper plan signed earlier is recorded late,
	// with the reason. The program's own history (the demo, imports run by
	// the system) keeps the dates it is given.
	if today := s.org.Today(); p.IssuedOn != "" && !access.From(ctx).IsSystem() {
		switch {
		case p.IssuedOn > today:
			v.Fieldf("issued_on", "Ngày ban hành %s chưa đến (hôm nay là %s): không ký ban hành trước được.", vnDate(p.IssuedOn), vnDate(today))
		case p.IssuedOn < today && p.LateReason == "":
			v.Fieldf("late_reason", "Ngày ban hành %s khác ngày ký trên hệ thống (%s). Nếu đây là kế hoạch đã ký trên giấy, vui lòng ghi lý do ghi nhận muộn; nếu không, để ngày ban hành là hôm nay.", vnDate(p.IssuedOn), vnDate(today))
		case p.IssuedOn == today:
			p.LateReason = "" // signed on its date: nothing late to explain
		}
	}
	p.Content.Signer = Signer{Authority: strings.TrimSpace(in.Authority), Title: strings.TrimSpace(in.Title), Name: strings.Join(strings.Fields(in.Name), " ")}
	if p.Content.Signer.Title == "" {
		v.Field("signer_title", "Vui lòng nhập chức vụ người ký, ví dụ GIÁM ĐỐC.")
	}
	if p.Content.Signer.Name == "" {
		v.Field("signer_name", "Vui lòng nhập họ tên người ký.")
	}
	if len(p.Content.Sections) == 0 && len(p.Duties) == 0 {
		v.Field("title", "Kế hoạch chưa có nội dung (mục hoặc nhiệm vụ) để ban hành.")
	}
	if v.Err() == nil {
		if dup, err := idOf(ctx, s.db.R, `SELECT id FROM plans WHERE unit_id = $1 AND number = $2 AND symbol = $3 AND substr(issued_on, 1, 4) = $4
			AND status <> 'draft' AND series_id <> $5`, p.UnitID, p.Number, p.Symbol, p.IssuedOn[:4], p.SeriesID); err != nil {
			return nil, err
		} else if dup != 0 {
			v.Fieldf("number", "Số %s/%s đã được dùng trong năm %s.", p.Number, p.Symbol, p.IssuedOn[:4])
		}
	}
	if err := v.Err(); err != nil {
		return p, err
	}
	now := s.clock.Now()
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		if err := updatePlan(ctx, tx, p, now); err != nil {
			return err
		}
		if err := setStatus(ctx, tx, p.ID, StatusIssued, now, actorID(ctx)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET late_reason = $1 WHERE id = $2`, p.LateReason, p.ID); err != nil {
			return err
		}
		// An earlier issued version of the same plan is replaced, not lost.
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET status = $1, updated_at = $2 WHERE series_id = $3 AND id <> $4 AND status = $5`,
			string(StatusSuperseded), now, p.SeriesID, p.ID, string(StatusIssued)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "plan.issue", Entity: "plan", EntityKey: fmt.Sprint(p.ID), UnitID: p.UnitID,
			Summary: fmt.Sprintf("Ban hành kế hoạch %s ngày %s%s", p.Label(), vnDate(p.IssuedOn), lateNote(p.LateReason))}, nil, planSnapshot(p))
	})
	if err != nil {
		return nil, err
	}
	p.Status, p.IssuedAt = StatusIssued, &now
	return p, nil
}

// NewVersion starts an amendment: a draft copy of an issued plan with the
// next version number. The issued version stays as it is until the new one
// is issued.
func (s *Service) NewVersion(ctx context.Context, id int64) (*Plan, error) {
	p, err := loadPlan(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if err := s.org.Authorize(ctx, access.PlanEdit, p.UnitID); err != nil {
		return nil, err
	}
	if p.Status == StatusDraft {
		return nil, errs.Conflict("Đây đã là bản dự thảo; hãy sửa trực tiếp.", "This is a draft already.")
	}
	if draft, err := idOf(ctx, s.db.R, `SELECT id FROM plans WHERE series_id = $1 AND status = $2`, p.SeriesID, string(StatusDraft)); err != nil {
		return nil, err
	} else if draft != 0 {
		return loadPlan(ctx, s.db.R, draft)
	}
	maxV := 0
	if err := s.db.R.QueryRowContext(ctx, `SELECT MAX(version) FROM plans WHERE series_id = $1`, p.SeriesID).Scan(&maxV); err != nil {
		return nil, err
	}
	n := *p
	n.ID, n.Version, n.Status, n.IssuedAt = 0, maxV+1, StatusDraft, nil
	n.Duties = append([]Duty(nil), p.Duties...)
	return &n, s.save(ctx, &n, "plan.new_version", fmt.Sprintf("Tạo phiên bản %d của kế hoạch %s", n.Version, p.Label()))
}

func vnDate(d string) string {
	t, err := vn.ParseISODate(d)
	if err != nil {
		return d
	}
	return vn.FormatDate(t)
}

// lateNote is how a plan recorded late is marked wherever it is shown.
func lateNote(reason string) string {
	if reason == "" {
		return ""
	}
	return " (ghi nhận muộn: " + reason + ")"
}
