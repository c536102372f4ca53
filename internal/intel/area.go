package intel

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/errs"
)

// Tips belong to a province: the one the citizen named, or the province of
// the partner unit whose key sent the report. An analyst sees, opens and
// decides what belongs to the provinces of their grants; the national
// level (a grant in no province) and the system see everything. A tip that
// names no province and came from no provincial partner is the national
// level's alone.
//
// An indicator is reported from anywhere, and verifying it reaches the
// whole country. It is within an analyst's area when at least one of its
// reports is: the analyst of a province where it was reported may decide
// it, and sees only the reports from their own area.

// Area is where an actor reviews tips: every province, or a list of them.
// It mirrors org.Area; intel does not import org (app wires AreaOf).
type Area struct {
	All       bool
	Provinces []string
}

// Has reports whether the area covers province p; a record without a
// province belongs to the national level only.
func (a Area) Has(p string) bool { return a.All || (p != "" && slices.Contains(a.Provinces, p)) }

// Name says the area in words, for messages.
func (a Area) Name() string {
	if a.All {
		return "toàn quốc"
	}
	return provincesLabel(a.Provinces)
}

// tipClause is an SQL condition on a tips row (alias t) that holds when
// the tip is within the area; its placeholders start at $next.
func (a Area) tipClause(next int) (string, []any) {
	if a.All {
		return "1 = 1", nil
	}
	if len(a.Provinces) == 0 {
		return "1 = 0", nil
	}
	marks := make([]string, len(a.Provinces))
	args := make([]any, 0, 2*len(a.Provinces))
	for i, p := range a.Provinces {
		marks[i] = fmt.Sprintf("$%d", next+i)
		args = append(args, p)
	}
	in := strings.Join(marks, ", ")
	for i, p := range a.Provinces {
		marks[i] = fmt.Sprintf("$%d", next+len(a.Provinces)+i)
		args = append(args, p)
	}
	return "(t.province IN (" + in + ") OR t.partner_province IN (" + strings.Join(marks, ", ") + "))", args
}

// indicatorClause holds for an indicators row (alias i) with at least one
// report within the area.
func (a Area) indicatorClause(next int) (string, []any) {
	if a.All {
		return "1 = 1", nil
	}
	c, args := a.tipClause(next)
	return "EXISTS (SELECT 1 FROM tip_indicators ti JOIN tips t ON t.id = ti.tip_id WHERE ti.indicator_id = i.id AND " + c + ")", args
}

// provinceLabel writes a province's name as a sentence needs it.
func provinceLabel(p string) string {
	if strings.HasPrefix(p, "Thành phố ") {
		return p
	}
	return "tỉnh " + p
}

func provincesLabel(ps []string) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = provinceLabel(p)
	}
	return strings.Join(names, ", ")
}

// reviewer returns the analyst in ctx and the area they review. Without
// AreaOf (package tests, tools) an analyst reviews the whole country; the
// application always sets it.
func (s *Service) reviewer(ctx context.Context) (*access.Actor, Area, error) {
	a := access.From(ctx)
	if a == nil || !a.Has(access.TipReview) {
		return nil, Area{}, errs.ErrForbidden
	}
	if a.IsSystem() || s.AreaOf == nil {
		return a, Area{All: true}, nil
	}
	ar, err := s.AreaOf(ctx)
	if err != nil {
		return nil, Area{}, fmt.Errorf("area of %s: %w", a.Username, err)
	}
	return a, ar, nil
}

// outside refuses an act on something whose reports lie in provinces
// (none: the national level's), naming the rule: "Chỉ cán bộ xác minh của
// tỉnh Cao Bằng được quyết định tố giác này."
func outside(provinces []string, what string, ar Area) error {
	who := "cấp trung ương"
	if len(provinces) > 0 {
		who = "của " + provincesLabel(provinces)
	}
	return errs.Forbidden(fmt.Sprintf("Chỉ cán bộ xác minh %s được %s; bạn xác minh tố giác của %s.", who, what, ar.Name()),
		"Outside your area: only the analysts of the report's province may do this.")
}

// tipProvinces lists the provinces the tips matching where (on alias t)
// belong to, for refusals and checks.
func tipProvinces(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, where string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT t.province, t.partner_province FROM tips t `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("provinces of tips: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p, pp string
		if err := rows.Scan(&p, &pp); err != nil {
			return nil, err
		}
		for _, x := range []string{p, pp} {
			if x != "" && !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
	}
	slices.Sort(out)
	return out, rows.Err()
}

// within checks that one of provinces is in the area (the national level
// passes everything).
func within(ar Area, provinces []string) bool {
	return ar.All || slices.ContainsFunc(provinces, ar.Has)
}

// checkTip refuses an act on tip id outside the area.
func checkTip(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, ar Area, id int64, what string) error {
	if ar.All {
		return nil
	}
	ps, err := tipProvinces(ctx, q, `WHERE t.id = $1`, id)
	if err != nil {
		return err
	}
	if !within(ar, ps) {
		return outside(ps, what, ar)
	}
	return nil
}

// checkIndicator refuses to show indicator id when none of its reports is
// within the area.
func checkIndicator(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, ar Area, id int64, what string) error {
	return indicatorArea(ctx, q, ar, id, what, false)
}

// checkDecision refuses a decision on indicator id unless every one of its
// reports lies within the area. A report's province is typed by whoever
// sends it, so "one report in my province" would let anyone hand a number
// to the analysts of a province of their choice — and let those overturn
// another province's verdict. A number reported from several provinces is
// decided by the national level.
func checkDecision(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, ar Area, id int64, what string) error {
	return indicatorArea(ctx, q, ar, id, what, true)
}

// indicatorArea compares the provinces of indicator id's reports with the
// area: one of them must be in it, and with every, all of them.
func indicatorArea(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, ar Area, id int64, what string, every bool) error {
	if ar.All {
		return nil
	}
	ps, err := tipProvinces(ctx, q, `JOIN tip_indicators ti ON ti.tip_id = t.id WHERE ti.indicator_id = $1`, id)
	if err != nil {
		return err
	}
	if !within(ar, ps) {
		return outside(ps, what, ar)
	}
	if every && slices.ContainsFunc(ps, func(p string) bool { return !ar.Has(p) }) {
		return errs.Forbidden(fmt.Sprintf("Chỉ dấu này được tố giác ở %s, ngoài địa bàn của bạn (%s): chỉ cán bộ xác minh cấp trung ương được %s.", provincesLabel(ps), ar.Name(), what),
			"This indicator was reported in provinces outside your area: only the national level may decide it.")
	}
	return nil
}
