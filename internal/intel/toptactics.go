package intel

import (
	"context"
	"fmt"
	"time"
)

// TacticCount is how often a tactic was reported in a window: the reports
// still standing (not rejected, not merged into another) and, of those,
// the ones an analyst verified.
type TacticCount struct {
	Tactic   string // a code of the tactics table: fraud, e-commerce, …
	Reports  int
	Verified int
}

// TopTactics counts the reports filed in [since, until) by tactic, most
// first (then most verified, then by code): the portal's "this week's
// scams". Reports naming no tactic are left out; rejected ones and merged
// duplicates count, as in PublicCounts (they were reported, and a decision
// must not move a figure already shown). The caller rounds and masks the counts before anyone sees
// them (web, with publicstats.Round). Nothing here can point at a
// reporter: only counts by tactic leave this function.
func (s *Service) TopTactics(ctx context.Context, since, until time.Time) ([]TacticCount, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT tactic, COUNT(*) AS reports, COALESCE(SUM(CASE WHEN status = 'verified' THEN 1 ELSE 0 END), 0) AS verified
		FROM tips WHERE created_at >= $1 AND created_at < $2 AND tactic <> ''
		GROUP BY tactic ORDER BY reports DESC, verified DESC, tactic`, since.UTC(), until.UTC())
	if err != nil {
		return nil, fmt.Errorf("top tactics: %w", err)
	}
	defer rows.Close()
	var out []TacticCount
	for rows.Next() {
		var c TacticCount
		if err := rows.Scan(&c.Tactic, &c.Reports, &c.Verified); err != nil {
			return nil, fmt.Errorf("top tactics: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
