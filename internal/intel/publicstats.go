package intel

import (
	"context"
	"fmt"
	"time"

	"github.com/canhgiac/canhgiac/internal/store"
)

// PublicGroup is one row of the public statistics: the reports filed in a
// group, how many of them an analyst has verified as scams, and the money
// their reporters said they lost.
type PublicGroup struct {
	Key       string // a tactic's code, a province's name, or a week's index ("0" the first)
	Reports   int
	Verified  int
	MoneyLost int64
}

// PublicCounts are the raw figures behind the public statistics page, for
// the whole country, counted by the database. Nothing here is masked: the
// caller hides small counts before anyone sees them.
type PublicCounts struct {
	From, To   time.Time // reports filed in [From, To)
	Total      PublicGroup
	ByTactic   []PublicGroup // largest first
	ByProvince []PublicGroup // largest first; "" is a report naming no province
	ByWeek     []PublicGroup // Key is the week's index from WeekZero; weeks without reports are absent
	WeekZero   time.Time     // the start of week 0 (the caller chooses it, a Monday in Vietnam)
}

// PublicCounts adds up the reports filed from from to to (not included),
// grouped by tactic, by province and by week of seven days counted from
// weekZero. Merged duplicates are not counted; rejected reports are (they
// were reported) but never as verified. It needs no actor: the figures are
// the public's.
func (s *Service) PublicCounts(ctx context.Context, from, to, weekZero time.Time) (*PublicCounts, error) {
	pc := &PublicCounts{From: from, To: to, WeekZero: weekZero}
	// SQLite compares the stored text: instants are written in UTC, so
	// the bounds must be too.
	from, to = from.UTC(), to.UTC()
	const where = ` FROM tips t WHERE t.created_at >= $1 AND t.created_at < $2 AND t.status <> 'merged'`
	const sums = `COUNT(*), COALESCE(SUM(CASE WHEN t.status = 'verified' THEN 1 ELSE 0 END), 0), COALESCE(SUM(t.money_lost), 0)`
	if err := s.db.R.QueryRowContext(ctx, `SELECT `+sums+where, from, to).
		Scan(&pc.Total.Reports, &pc.Total.Verified, &pc.Total.MoneyLost); err != nil {
		return nil, fmt.Errorf("public statistics: total: %w", err)
	}
	var err error
	if pc.ByTactic, err = s.publicGroups(ctx, `t.tactic`, sums, where, from, to); err != nil {
		return nil, fmt.Errorf("public statistics: tactics: %w", err)
	}
	if pc.ByProvince, err = s.publicGroups(ctx, `t.province`, sums, where, from, to); err != nil {
		return nil, fmt.Errorf("public statistics: provinces: %w", err)
	}
	// The week of a report is whole seven-day steps since weekZero, as an
	// instant: weekZero is a Monday's midnight in Vietnam, which has no
	// daylight saving, so every step is a Vietnamese week.
	week := `CAST((CAST(strftime('%s', t.created_at) AS INTEGER) - $3) / 604800 AS TEXT)`
	if s.db.Dialect == store.Postgres {
		week = `CAST(FLOOR((EXTRACT(EPOCH FROM t.created_at) - $3) / 604800) AS BIGINT)::text`
	}
	if pc.ByWeek, err = s.publicGroups(ctx, week, sums, where, from, to, weekZero.Unix()); err != nil {
		return nil, fmt.Errorf("public statistics: weeks: %w", err)
	}
	return pc, nil
}

// publicGroups runs one GROUP BY of the public statistics.
func (s *Service) publicGroups(ctx context.Context, key, sums, where string, args ...any) ([]PublicGroup, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+key+` AS k, `+sums+where+` GROUP BY k ORDER BY COUNT(*) DESC, k`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PublicGroup
	for rows.Next() {
		var g PublicGroup
		if err := rows.Scan(&g.Key, &g.Reports, &g.Verified, &g.MoneyLost); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}
