package intel

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/intel/index"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Details adds to a suspicious or scam answer the province and the month
// (in Vietnam's calendar) of the first report about what it matched: the
// first, since the last would let one anonymous report, unconfirmed,
// change what the public reads and tell who has just reported. It
// reads the database, so the portal calls it for one answer at a time and
// the API's check, which must stay in memory, does not. Only reports of
// indicators that carry a verdict count (an unconfirmed path on the same
// site says nothing), and no count is ever given. A look-alike verdict
// alone has no report to describe.
func (c *Checker) Details(ctx context.Context, a *Answer) error {
	if a.Verdict == "unknown" || a.LookalikeOnly() {
		return nil
	}
	var where string
	var args []any
	switch normalize.Kind(a.Kind) {
	case normalize.KindPhone:
		where, args = "i.kind = $1 AND i.key = $2", []any{a.Kind, strings.TrimPrefix(a.Normalized, "+")}
	case normalize.KindBank:
		keys := []string{a.Normalized}
		if len(a.Accounts) > 0 {
			keys = keys[:0]
			for _, x := range a.Accounts {
				keys = append(keys, x.Normalized)
			}
		}
		args = []any{a.Kind}
		var ph []string
		for _, k := range keys {
			args = append(args, k)
			ph = append(ph, fmt.Sprintf("$%d", len(args)))
		}
		where = "i.kind = $1 AND i.key IN (" + strings.Join(ph, ", ") + ")"
	case normalize.KindURL:
		r := normalize.URL(a.Normalized)
		if r.Kind != normalize.KindURL {
			return nil
		}
		// Every path on the site's spellings: the answer took the worst
		// of them, and the last report among those with a verdict is
		// what the person is told about.
		site := index.SiteOf(r.Host)
		where, args = `i.kind = $1 AND (i.key LIKE $2 ESCAPE '\' OR i.key LIKE $3 ESCAPE '\' OR i.key LIKE $4 ESCAPE '\')`,
			[]any{a.Kind, likeEscape(site) + "/%", likeEscape("www."+site) + "/%", likeEscape("m."+site) + "/%"}
	default:
		where, args = "i.kind = $1 AND i.key = $2", []any{a.Kind, a.Normalized}
	}
	var province string
	var at time.Time
	err := c.db.R.QueryRowContext(ctx, `SELECT t.province, t.created_at FROM tips t
		JOIN tip_indicators ti ON ti.tip_id = t.id JOIN indicators i ON i.id = ti.indicator_id
		WHERE `+where+` AND i.level > 0 ORDER BY t.created_at, t.id LIMIT 1`, args...).Scan(&province, &at)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check details: %w", err)
	}
	a.Province = province
	a.FirstReport = at.In(vn.Zone).Format("01/2006")
	return nil
}

// LookalikeOnly reports whether the verdict comes from the look-alike test
// alone: no report is behind it.
func (a *Answer) LookalikeOnly() bool {
	return a.Lookalike != nil && a.Verdict == "suspicious" && strings.HasPrefix(a.Reason, "giả mạo ")
}

// likeEscape keeps a host's characters literal in a LIKE pattern (hosts
// may hold '_'; '%' is escaped away by canonicalisation but is escaped
// here too).
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}
