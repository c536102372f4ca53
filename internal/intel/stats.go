package intel

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/canhgiac/canhgiac/internal/vn"
)

// Count is one row of a statistic.
type Count struct {
	Label string
	N     int
}

// Stats are the reports and verified indicators by tactic, province and
// week.
type Stats struct {
	Reports    int
	Verified   int
	Indicators int
	ByTactic   []Count
	ByProvince []Count
	ByWeek     []Count   // "2026-W45" (shown through vn.PeriodName), oldest first
	From, To   time.Time // the window counted, as instants
}

// Statistics adds up the reports of the last weeks (by the day they were
// filed) for analysts and coordinators, within the actor's area: the
// reports from their provinces and the indicators those reports name.
func (s *Service) Statistics(ctx context.Context, weeks int) (*Stats, error) {
	_, ar, err := s.reviewer(ctx)
	if err != nil {
		return nil, err
	}
	st := &Stats{To: s.clock.Now()}
	in, inArgs := ar.indicatorClause(1)
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN i.verified THEN 1 ELSE 0 END), 0) FROM indicators i WHERE `+in, inArgs...).Scan(&st.Indicators, &st.Verified); err != nil {
		return nil, fmt.Errorf("statistics: indicators: %w", err)
	}
	since := s.clock.Now().AddDate(0, 0, -7*weeks)
	st.From = since
	tin, tinArgs := ar.tipClause(2)
	rows, err := s.db.R.QueryContext(ctx, `SELECT t.tactic, t.province, t.created_at FROM tips t WHERE t.created_at >= $1 AND `+tin, append([]any{since}, tinArgs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tac, prov, week := map[string]int{}, map[string]int{}, map[string]int{}
	for rows.Next() {
		var t, p string
		var at time.Time
		if err := rows.Scan(&t, &p, &at); err != nil {
			return nil, err
		}
		st.Reports++
		if t == "" {
			t = "(không ghi)"
		}
		if p == "" {
			p = "(không ghi)"
		}
		tac[t]++
		prov[p]++
		week[vn.WeekCode(at)]++ // the week as counted in Vietnam
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	st.ByTactic, st.ByProvince = sorted(tac, true), sorted(prov, true)
	st.ByWeek = sorted(week, false)
	return st, nil
}

// sorted orders counts by size (largest first) or by label.
func sorted(m map[string]int, bySize bool) []Count {
	out := make([]Count, 0, len(m))
	for k, v := range m {
		out = append(out, Count{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if bySize && out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Label < out[j].Label
	})
	return out
}
