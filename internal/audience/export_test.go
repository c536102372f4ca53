package audience

import (
	"context"
	"database/sql"
	"encoding/json"
)

// The segment as it was chosen before Step 15 — every eligible row of the
// province read and opened, the groups filtered in Go, the standing of
// every known contact read whole — kept here only as the reference the SQL
// segment is compared with (segment_test.go).

// ReachableInGo is the old Reachable.
func (s *Service) ReachableInGo(ctx context.Context, province string, groups []string) ([]Person, error) {
	q, args := `SELECT phone, email, zalo, name, province, groups, carrier FROM subscribers WHERE `+Eligible, []any{}
	if province != "" {
		q += ` AND province = $1`
		args = append(args, province)
	}
	rows, err := s.db.R.QueryContext(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		var c contacts
		var p Person
		var gs string
		if err := rows.Scan(&c.phone, &c.email, &c.zalo, &c.name, &p.Province, &gs, &p.Carrier); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(gs), &p.Groups)
		if !inAny(p.Groups, groups) {
			continue
		}
		o, err := s.open(c)
		if err != nil {
			return nil, err
		}
		p.Phone, p.Email, p.Zalo, p.Name = o.phone, o.email, o.zalo, o.name
		out = append(out, p)
	}
	return out, rows.Err()
}

// StandingOfEveryone is the old Standing: every known contact, read in tx.
func (s *Service) StandingOfEveryone(ctx context.Context, tx *sql.Tx) (*Standing, error) {
	st := &Standing{s: s, optedOut: map[string]bool{}, consented: map[string]bool{}, erased: map[string]bool{}}
	rows, err := tx.QueryContext(ctx, `SELECT phone_index, email_index, zalo_index, opted_out_at IS NOT NULL FROM subscribers WHERE opted_out_at IS NOT NULL OR confirmed_at IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	if err := st.addSubscribers(rows); err != nil {
		return nil, err
	}
	sup, err := tx.QueryContext(ctx, `SELECT contact_hash, contact_index FROM suppressions`)
	if err != nil {
		return nil, err
	}
	return st, st.addSuppressions(sup)
}
