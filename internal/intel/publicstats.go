package intel

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
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

// PublicCell is a group's figures in one calendar month of Vietnam: the
// smallest piece the public statistics are made of, so that any window of
// whole months is a sum of the same cells and two windows differ by whole
// cells, never by a day's reports.
type PublicCell struct {
	Month string // "2026-11"
	PublicGroup
}

// PublicCounts are the raw figures behind the public statistics page, for
// the whole country, counted by the database. Nothing here is masked or
// rounded: the caller (publicstats) does that before anyone sees them.
type PublicCounts struct {
	From, To   time.Time    // reports filed in [From, To), whole months
	Total      []PublicCell // Key ""
	ByTactic   []PublicCell // "" is a report naming no tactic
	ByProvince []PublicCell // "" is a report naming no province
	// The whole country's reports by week: Key is the week's index from
	// WeekZero; weeks without reports are absent.
	ByWeek           []PublicGroup
	WeekZero, WeekTo time.Time // [WeekZero, WeekTo): whole weeks, Mondays in Vietnam
}

// PublicCounts adds up the reports filed from from to to (not included) by
// month of Vietnam, grouped by tactic and by province, and the whole
// country's reports by week of seven days counted from weekZero until
// weekTo. Every report received counts, rejected ones and duplicates merged
// into another too (they were reported; a merge must not change a figure
// already published, or it would tell which report was merged), but only
// verified ones as verified. It needs no actor: the figures are the
// public's.
func (s *Service) PublicCounts(ctx context.Context, from, to, weekZero, weekTo time.Time) (*PublicCounts, error) {
	pc := &PublicCounts{From: from, To: to, WeekZero: weekZero, WeekTo: weekTo}
	// SQLite compares the stored text: instants are written in UTC, so
	// the bounds must be too.
	from, to = from.UTC(), to.UTC()
	const where = ` FROM tips t WHERE t.created_at >= $1 AND t.created_at < $2`
	const sums = `COUNT(*), COALESCE(SUM(CASE WHEN t.status = 'verified' THEN 1 ELSE 0 END), 0), COALESCE(SUM(t.money_lost), 0)`
	// A report's month is its month in Vietnam, which keeps UTC+7 all year.
	month := `strftime('%Y-%m', t.created_at, '+7 hours')`
	if s.db.Dialect == store.Postgres {
		month = `to_char(t.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM')`
	}
	var err error
	if pc.Total, err = s.publicCells(ctx, month, `''`, sums, where, from, to); err != nil {
		return nil, fmt.Errorf("public statistics: total: %w", err)
	}
	if pc.ByTactic, err = s.publicCells(ctx, month, `COALESCE(t.tactic, '')`, sums, where, from, to); err != nil {
		return nil, fmt.Errorf("public statistics: tactics: %w", err)
	}
	if pc.ByProvince, err = s.publicCells(ctx, month, `COALESCE(t.province, '')`, sums, where, from, to); err != nil {
		return nil, fmt.Errorf("public statistics: provinces: %w", err)
	}
	// The week of a report is whole seven-day steps since weekZero, as an
	// instant: weekZero is a Monday's midnight in Vietnam, which has no
	// daylight saving, so every step is a Vietnamese week.
	week := `CAST((CAST(strftime('%s', t.created_at) AS INTEGER) - $3) / 604800 AS TEXT)`
	if s.db.Dialect == store.Postgres {
		week = `CAST(FLOOR((EXTRACT(EPOCH FROM t.created_at) - $3) / 604800) AS BIGINT)::text`
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+week+` AS k, `+sums+where+` GROUP BY k ORDER BY k`, weekZero.UTC(), weekTo.UTC(), weekZero.Unix())
	if err != nil {
		return nil, fmt.Errorf("public statistics: weeks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var g PublicGroup
		if err := rows.Scan(&g.Key, &g.Reports, &g.Verified, &g.MoneyLost); err != nil {
			return nil, fmt.Errorf("public statistics: weeks: %w", err)
		}
		pc.ByWeek = append(pc.ByWeek, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("public statistics: weeks: %w", err)
	}
	return pc, nil
}

// publicCells runs one GROUP BY month and key of the public statistics.
func (s *Service) publicCells(ctx context.Context, month, key, sums, where string, args ...any) ([]PublicCell, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+month+` AS m, `+key+` AS k, `+sums+where+` GROUP BY m, k ORDER BY m, k`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PublicCell
	for rows.Next() {
		var c PublicCell
		if err := rows.Scan(&c.Month, &c.Key, &c.Reports, &c.Verified, &c.MoneyLost); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// PublicStatsKey keys the rounding of the public statistics
// (publicstats): derived from the reporter key, which lives outside the
// database, so every instance rounds a figure the same way and nobody who
// reads the database alone can undo it.
func (s *Service) PublicStatsKey() []byte {
	m := hmac.New(sha256.New, s.ReporterKey)
	m.Write([]byte("public statistics: rounding"))
	return m.Sum(nil)
}
