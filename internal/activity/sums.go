package activity

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/store"
)

// window turns a filter into the WHERE clause over activities a: the units
// whose records count for the filter's unit at the window's end (org
// answers which: the unit, its subtree if asked, and what they inherited
// through restructures, each record counted for one unit only) and the
// dates. The list and the sums share it, so an export lists exactly what
// the figures add up.
func (s *Service) window(ctx context.Context, f Filter) (string, []any, error) {
	where, args := []string{"1 = 1"}, []any{}
	arg := func(x any) string { args = append(args, x); return fmt.Sprintf("$%d", len(args)) }
	if f.UnitID != 0 {
		at := f.To
		if at == "" {
			at = s.org.Today()
		}
		ids, err := s.org.Holdings(access.With(ctx, access.System()), f.UnitID, f.Subtree, at)
		if err != nil {
			return "", nil, fmt.Errorf("activities of unit %d: %w", f.UnitID, err)
		}
		ph := make([]string, len(ids))
		for i, id := range ids {
			ph[i] = arg(id)
		}
		where = append(where, "a.unit_id IN ("+strings.Join(ph, ",")+")")
	}
	if f.From != "" {
		where = append(where, "a.date >= "+arg(f.From))
	}
	if f.To != "" {
		where = append(where, "a.date <= "+arg(f.To))
	}
	return strings.Join(where, " AND "), args, nil
}

// Summarize adds up the activities of a unit (only the unit itself, or with
// its sub-units) dated within [from, to], with what the units it succeeded
// had logged. The database does the sums, over every row: no cap. It is
// not scoped: reports call it for units whose figures the actor may read.
func (s *Service) Summarize(ctx context.Context, unitID int64, subtree bool, from, to string) (Summary, error) {
	where, args, err := s.window(ctx, Filter{UnitID: unitID, Subtree: subtree, From: from, To: to})
	if err != nil {
		return Summary{}, err
	}
	sum := NewSummary()
	fail := func(what string, err error) (Summary, error) {
		return Summary{}, fmt.Errorf("sum of activities of unit %d (%s–%s): %s: %w", unitID, from, to, what, err)
	}
	var n, p, c, v, m int64
	err = s.db.R.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(a.participants), 0), COALESCE(SUM(a.copies), 0),
		COALESCE(SUM(a.views), 0), COALESCE(SUM(a.messages), 0) FROM activities a WHERE `+where, args...).Scan(&n, &p, &c, &v, &m)
	if err != nil {
		return fail("totals", err)
	}
	sum.Activities, sum.Reach = int(n), Reach{Participants: p, Copies: c, Views: v, Messages: m}
	if n == 0 {
		return sum, nil
	}
	groups := []struct {
		what, query string
		add         func(key string, n int64)
	}{
		{"forms", `SELECT a.form, COUNT(*) FROM activities a WHERE ` + where + ` GROUP BY a.form`,
			func(k string, n int64) { sum.ByForm[k] += int(n) }},
		{"duties", `SELECT CAST(a.duty_id AS TEXT), COUNT(*) FROM activities a WHERE ` + where + ` AND a.duty_id IS NOT NULL GROUP BY a.duty_id`,
			func(k string, n int64) {
				var id int64
				if _, err := fmt.Sscan(k, &id); err == nil {
					sum.ByDuty[id] += int(n)
				}
			}},
		{"tactics", `SELECT t.value, COUNT(*) FROM activities a ` + s.elements("a.tactics") + ` WHERE ` + where + ` GROUP BY t.value`,
			func(k string, n int64) { sum.ByTactic[k] += int(n) }},
		// Participants by audience group: an activity for two groups
		// counts its participants under each, as people read the table.
		{"audiences", `SELECT t.value, COALESCE(SUM(a.participants), 0) FROM activities a ` + s.elements("a.audience") + ` WHERE ` + where + ` GROUP BY t.value`,
			func(k string, n int64) { sum.ByAudience[k] += n }},
	}
	for _, g := range groups {
		rows, err := s.db.R.QueryContext(ctx, g.query, args...)
		if err != nil {
			return fail(g.what, err)
		}
		if err := eachPair(rows, g.add); err != nil {
			return fail(g.what, err)
		}
	}
	return sum, nil
}

// elements joins the elements of a JSON array column as t.value, in the
// dialect's words.
func (s *Service) elements(col string) string {
	if s.db.Dialect == store.Postgres {
		return `CROSS JOIN LATERAL jsonb_array_elements_text(CAST(` + col + ` AS jsonb)) AS t(value)`
	}
	return `JOIN json_each(` + col + `) t`
}

func eachPair(rows *sql.Rows, add func(string, int64)) error {
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		add(k, n)
	}
	return rows.Err()
}
