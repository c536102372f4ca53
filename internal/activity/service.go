package activity

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Service logs and reads activities for the actor in the context.
type Service struct {
	db    *store.DB
	clock clock.Clock
	org   *org.Service
}

// NewService returns the activity service.
func NewService(db *store.DB, clk clock.Clock, o *org.Service) *Service {
	return &Service{db: db, clock: clk, org: o}
}

// Tactics lists the tactics, in order.
func (s *Service) Tactics(ctx context.Context) ([]Tactic, error) {
	return ListTactics(ctx, s.db.R)
}

// ListTactics lists the tactics, in order, for packages that hold the
// database but not an activity service (the check index of intel).
func ListTactics(ctx context.Context, q store.Querier) ([]Tactic, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, code, name FROM tactics ORDER BY pos, name`)
	if err != nil {
		return nil, fmt.Errorf("tactics: %w", err)
	}
	defer rows.Close()
	var out []Tactic
	for rows.Next() {
		var t Tactic
		if err := rows.Scan(&t.ID, &t.Code, &t.Name); err != nil {
			return nil, fmt.Errorf("tactics: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tactics: %w", err)
	}
	return out, nil
}

// HasTactic reports whether code names a tactic.
func (s *Service) HasTactic(ctx context.Context, code string) (bool, error) {
	ts, err := s.Tactics(ctx)
	if err != nil {
		return false, err
	}
	for _, t := range ts {
		if t.Code == code {
			return true, nil
		}
	}
	return false, nil
}

// maxFigure bounds a reach figure: more people than the country has is a
// typing mistake.
const maxFigure = 100_000_000

// Input is what a person types for an activity.
type Input struct {
	UnitCode     string
	Date, DateTo string // as typed
	Form         string
	Title        string
	Themes       []string
	Tactics      []string
	Audience     []string
	Links        []string
	Participants string // as typed: "1.250" is accepted
	Copies       string
	Views        string
	Messages     string
	DutyID       int64
	Note         string
	Source       string
	Repeat       string // "", RepeatWeekly or RepeatMonthly: LogSeries makes the occurrences
	Until        string // as typed: the last day a recurring activity may fall on
}

// ParseCount reads a figure as people write it ("1.250", "1 250", "1250").
func ParseCount(s string) (int64, bool) {
	s = strings.NewReplacer(".", "", " ", "", "\u00a0", "", ",", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return 0, true
	}
	var n int64
	for _, r := range s {
		if r < '0' || r > '9' || n > maxFigure {
			return 0, false
		}
		n = n*10 + int64(r-'0')
	}
	return n, n <= maxFigure
}

// Log records an activity of a unit the actor may log for.
func (s *Service) Log(ctx context.Context, in Input) (*Activity, error) {
	as, err := s.LogMany(ctx, []Input{in})
	if len(as) == 1 {
		return as[0], err
	}
	return nil, err
}

// LogMany records several activities in one transaction: all or none. The
// first refusal is returned (with its field messages) and nothing is kept.
func (s *Service) LogMany(ctx context.Context, ins []Input) ([]*Activity, error) {
	var out []*Activity
	for _, in := range ins {
		a, err := s.check(ctx, in)
		out = append(out, a)
		if err != nil {
			return out, err
		}
	}
	now := s.clock.Now()
	err := s.db.Transact(ctx, func(tx *sql.Tx) error {
		for _, a := range out {
			if err := s.insert(ctx, tx, a, now); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// check validates what was typed and resolves the unit.
func (s *Service) check(ctx context.Context, in Input) (*Activity, error) {
	v := errs.NewInvalid()
	today := s.org.Today()
	u, err := s.org.Lookup(ctx, in.UnitCode, today)
	code := strings.TrimSpace(in.UnitCode)
	switch {
	case err == nil:
		if err := s.org.Authorize(ctx, access.ActivityEdit, u.ID); err != nil {
			return nil, err
		}
	case code == "":
		v.Field("unit", "Vui lòng chọn đơn vị.")
	case errors.Is(err, errs.ErrForbidden):
		// A field message rather than a bare refusal: the form comes back
		// with what the person typed and says why the unit was refused.
		v.Fieldf("unit", "Đơn vị “%s” nằm ngoài phạm vi bạn phụ trách nên bạn không ghi nhận hoạt động cho đơn vị này được.", code)
	case errors.Is(err, errs.ErrNotFound):
		v.Fieldf("unit", "Không có đơn vị mã “%s”; vui lòng chọn đơn vị trong danh sách.", code)
	default:
		return nil, fmt.Errorf("activity: unit %q: %w", code, err)
	}
	a := &Activity{UnitID: u.ID, UnitName: u.Name, Source: in.Source}
	if a.Source == "" {
		a.Source = "form"
	}
	s.fill(v, in, a, today)
	return a, v.Err()
}

// fill checks what was typed for everything but the unit and sets it on a;
// logging and correcting share it.
func (s *Service) fill(v *errs.Invalid, in Input, a *Activity, today string) {
	a.Form, a.Title, a.DutyID = in.Form, strings.Join(strings.Fields(in.Title), " "), in.DutyID
	a.Themes, a.Tactics, a.Audience, a.Links, a.Note = clean(in.Themes), clean(in.Tactics), clean(in.Audience), clean(in.Links), strings.TrimSpace(in.Note)
	a.Date = s.date(v, "date", in.Date, true)
	a.DateTo = s.date(v, "date_to", in.DateTo, false)
	if a.Date != "" && a.Date > today {
		v.Field("date", "Ngày hoạt động ở tương lai: chỉ ghi nhận hoạt động đã diễn ra.")
	}
	if a.DateTo != "" && a.Date != "" && a.DateTo < a.Date {
		v.Field("date_to", "Ngày kết thúc trước ngày bắt đầu.")
	}
	if a.DateTo == a.Date {
		a.DateTo = ""
	}
	if !ValidForm(a.Form) {
		v.Field("form", "Vui lòng chọn hình thức tuyên truyền.")
	}
	if a.Title == "" {
		v.Field("title", "Vui lòng ghi nội dung hoạt động (ví dụ: Họp chi bộ tháng 3, lồng ghép cảnh báo lừa đảo qua điện thoại).")
	} else if len([]rune(a.Title)) > 500 {
		v.Field("title", "Nội dung dài quá 500 ký tự; phần chi tiết hãy ghi ở ô ghi chú.")
	}
	v.MaxLen("note", "Ghi chú", a.Note, 5000)
	for _, l := range []struct {
		field, label string
		xs           []string
	}{{"themes", "Một chủ đề", a.Themes}, {"tactics", "Một thủ đoạn", a.Tactics}, {"audience", "Một đối tượng", a.Audience}, {"links", "Một đường link", a.Links}} {
		for _, x := range l.xs {
			v.MaxLen(l.field, l.label, x, 2000)
		}
	}
	for field, p := range map[string]*int64{"participants": &a.Participants, "copies": &a.Copies, "views": &a.Views, "messages": &a.Messages} {
		typed := map[string]string{"participants": in.Participants, "copies": in.Copies, "views": in.Views, "messages": in.Messages}[field]
		n, ok := ParseCount(typed)
		if !ok {
			v.Fieldf(field, "“%s” không phải một số đếm hợp lệ (số nguyên không âm, tối đa 100.000.000).", typed)
		}
		*p = n
	}
	for _, l := range a.Links {
		if u, err := url.Parse(l); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			v.Fieldf("links", "Đường dẫn “%s” không hợp lệ (cần bắt đầu bằng http:// hoặc https://).", l)
		}
	}
}

func (s *Service) insert(ctx context.Context, tx *sql.Tx, a *Activity, now time.Time) error {
	var by any
	if act := access.From(ctx); act != nil && act.UserID != 0 {
		by = act.UserID
	}
	var duty any
	if a.DutyID != 0 {
		duty = a.DutyID
	}
	idCol, idVal := "", ""
	if s.db.Dialect == store.SQLite {
		// SQLite gives a deleted activity's id to the next one when it was
		// the highest; its history is kept under that id, so ids go on past
		// every id ever used. PostgreSQL's identity never reuses one.
		idCol, idVal = "id, ", "(SELECT MAX(n) + 1 FROM (SELECT COALESCE(MAX(id), 0) AS n FROM activities UNION ALL SELECT COALESCE(MAX(activity_id), 0) FROM activity_versions) AS used), "
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO activities (`+idCol+`unit_id, duty_id, date, date_to, form, title, themes, tactics, audience, links,
		participants, copies, views, messages, note, source, created_at, created_by, updated_at)
		VALUES (`+idVal+`$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $17) RETURNING id`,
		a.UnitID, duty, a.Date, a.DateTo, a.Form, a.Title, js(a.Themes), js(a.Tactics), js(a.Audience), js(a.Links),
		a.Participants, a.Copies, a.Views, a.Messages, a.Note, a.Source, now, by).Scan(&a.ID)
	if err != nil {
		return err
	}
	a.CreatedAt = now
	return audit.Record(ctx, tx, now, audit.Entry{Action: "activity.log", Entity: "activity", EntityKey: fmt.Sprint(a.ID), UnitID: a.UnitID,
		Summary: fmt.Sprintf("Ghi nhận hoạt động ngày %s: %s", vnDate(a.Date), a.Title)}, nil, nil)
}

func (s *Service) date(v *errs.Invalid, field, typed string, required bool) string {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		if required {
			v.Field(field, "Vui lòng nhập ngày diễn ra hoạt động.")
		}
		return ""
	}
	t, err := vn.ParseDate(typed)
	if err != nil {
		v.Field(field, err.Error())
		return ""
	}
	return vn.ISODate(t)
}

func clean(xs []string) []string {
	out := []string{}
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func js(xs []string) string {
	if xs == nil {
		xs = []string{}
	}
	b, _ := json.Marshal(xs)
	return string(b)
}

func vnDate(d string) string {
	t, err := vn.ParseISODate(d)
	if err != nil {
		return d
	}
	return vn.FormatDate(t)
}

// Filter narrows the activity list.
type Filter struct {
	UnitID   int64  // the unit; 0 for every unit the actor may see
	Subtree  bool   // include the unit's sub-units
	From, To string // YYYY-MM-DD, inclusive; empty for open
	Offset   int    // skip this many of the newest first (Page)
	Limit    int    // a page of the list: at most 5,000, 500 when unset
	All      bool   // every activity, no limit: for exports whose totals must agree with the figures
}

// List returns activities the actor may see, newest first.
func (s *Service) List(ctx context.Context, f Filter) ([]Activity, error) {
	sc, err := s.org.ScopeOf(ctx, access.ActivityView)
	if err != nil {
		return nil, err
	}
	if f.UnitID != 0 && !sc.Contains(f.UnitID) {
		return nil, errs.ErrForbidden
	}
	acts, err := s.query(ctx, f, nil)
	if err != nil {
		return nil, err
	}
	out := acts[:0]
	for _, a := range acts {
		if sc.Contains(a.UnitID) {
			out = append(out, a)
		}
	}
	return out, nil
}

// Page returns one page of the activities the actor may see, newest first,
// and how many there are in all; the actor's scope is part of the query,
// so the count and the page agree.
func (s *Service) Page(ctx context.Context, f Filter) ([]Activity, int, error) {
	sc, err := s.org.ScopeOf(ctx, access.ActivityView)
	if err != nil {
		return nil, 0, err
	}
	if f.UnitID != 0 && !sc.Contains(f.UnitID) {
		return nil, 0, errs.ErrForbidden
	}
	if !sc.All && len(sc.IDs) == 0 {
		return nil, 0, nil
	}
	where, args, err := s.scoped(ctx, f, sc.List())
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM activities a WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("activities: count: %w", err)
	}
	acts, err := s.query(ctx, f, sc.List())
	return acts, total, err
}

// scoped is the filter's window as an SQL condition on activities (alias
// a); units, when not nil, are the only units whose activities may pass.
func (s *Service) scoped(ctx context.Context, f Filter, units []int64) (string, []any, error) {
	where, args, err := s.window(ctx, f)
	if err != nil || units == nil {
		return where, args, err
	}
	ph := make([]string, len(units))
	for i, id := range units {
		args = append(args, id)
		ph[i] = fmt.Sprintf("$%d", len(args))
	}
	return where + " AND a.unit_id IN (" + strings.Join(ph, ",") + ")", args, nil
}

func (s *Service) query(ctx context.Context, f Filter, units []int64) ([]Activity, error) {
	where, args, err := s.scoped(ctx, f, units)
	if err != nil {
		return nil, err
	}
	arg := func(x any) string { args = append(args, x); return fmt.Sprintf("$%d", len(args)) }
	// A list shown on a page is paged; an export lists everything (All),
	// since its totals must agree with the figures.
	limit := ""
	if !f.All {
		n := f.Limit
		if n <= 0 || n > 5000 {
			n = 500
		}
		limit = " LIMIT " + arg(n) + " OFFSET " + arg(max(f.Offset, 0))
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT a.id, a.unit_id, COALESCE(a.duty_id, 0), a.date, a.date_to, a.form, a.title, a.themes, a.tactics, a.audience, a.links,
		a.participants, a.copies, a.views, a.messages, a.note, a.source, a.created_at FROM activities a WHERE `+where+
		` ORDER BY a.date DESC, a.id DESC`+limit, args...)
	if err != nil {
		return nil, fmt.Errorf("activities: %w", err)
	}
	defer rows.Close()
	var out []Activity
	for rows.Next() {
		var a Activity
		var themes, tactics, audience, links string
		if err := rows.Scan(&a.ID, &a.UnitID, &a.DutyID, &a.Date, &a.DateTo, &a.Form, &a.Title, &themes, &tactics, &audience, &links,
			&a.Participants, &a.Copies, &a.Views, &a.Messages, &a.Note, &a.Source, &a.CreatedAt); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(themes), &a.Themes)
		json.Unmarshal([]byte(tactics), &a.Tactics)
		json.Unmarshal([]byte(audience), &a.Audience)
		json.Unmarshal([]byte(links), &a.Links)
		out = append(out, a)
	}
	return out, rows.Err()
}
