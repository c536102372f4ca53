package audience

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/canhgiac/canhgiac/internal/seal"
)

// What the campaign (dispatch) asks of audience: the people it may
// message, and the standing of contacts it is given. Dispatch never reads
// the subscribers or suppressions tables itself.

// Person is a subscriber who may be messaged, contacts opened.
type Person struct {
	Phone, Email, Zalo string
	Name               string
	Province           string
	Groups             []string
	Carrier            string // of the phone, "" when unknown
}

// Reachable lists the people who may be messaged (Eligible) in a province
// ("" for the whole country) and, when groups are given, in any of them, in
// the order they subscribed. The segment is chosen on the columns kept in
// clear; only the people chosen are opened.
func (s *Service) Reachable(ctx context.Context, province string, groups []string) ([]Person, error) {
	q, args := `SELECT phone, email, zalo, name, province, groups, carrier FROM subscribers WHERE `+Eligible, []any{}
	if province != "" {
		q += ` AND province = $1`
		args = append(args, province)
	}
	rows, err := s.db.R.QueryContext(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("reachable: %w", err)
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		var c contacts
		var p Person
		var gs string
		if err := rows.Scan(&c.phone, &c.email, &c.zalo, &c.name, &p.Province, &gs, &p.Carrier); err != nil {
			return nil, fmt.Errorf("reachable: %w", err)
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
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reachable: %w", err)
	}
	return out, nil
}

func inAny(have, want []string) bool {
	if len(want) == 0 {
		return true
	}
	for _, g := range have {
		if contains(want, g) {
			return true
		}
	}
	return false
}

// Standing is what is known of contacts before a message is written for
// them: who opted out, who proved consent (by blind index, under whatever
// key their row carries), and who had their data erased.
type Standing struct {
	s         *Service
	optedOut  map[string]bool
	consented map[string]bool
	erased    map[string]bool
}

// Standing reads, in tx, the standing of every known contact.
func (s *Service) Standing(ctx context.Context, tx *sql.Tx) (*Standing, error) {
	st := &Standing{s: s, optedOut: map[string]bool{}, consented: map[string]bool{}, erased: map[string]bool{}}
	rows, err := tx.QueryContext(ctx, `SELECT phone_index, email_index, zalo_index, opted_out_at IS NOT NULL FROM subscribers WHERE opted_out_at IS NOT NULL OR confirmed_at IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("standing: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p, e, z string
		var out bool
		if err := rows.Scan(&p, &e, &z, &out); err != nil {
			return nil, fmt.Errorf("standing: %w", err)
		}
		for _, x := range []string{p, e, z} {
			switch {
			case x == "":
			case out:
				st.optedOut[x] = true
			default:
				st.consented[x] = true
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("standing: %w", err)
	}
	sup, err := tx.QueryContext(ctx, `SELECT contact_hash, contact_index FROM suppressions`)
	if err != nil {
		return nil, fmt.Errorf("standing: %w", err)
	}
	defer sup.Close()
	for sup.Next() {
		var h, ix string
		if err := sup.Scan(&h, &ix); err != nil {
			return nil, fmt.Errorf("standing: %w", err)
		}
		if ix != "" {
			st.erased[ix] = true
		} else if !seal.IsSealed(h) {
			st.erased[h] = true // written before suppressions were keyed, on a server without a key
		}
	}
	if err := sup.Err(); err != nil {
		return nil, fmt.Errorf("standing: %w", err)
	}
	return st, nil
}

// Of says whether a contact opted out, proved consent, or was erased.
func (st *Standing) Of(contact string) (optedOut, consented, erased bool) {
	for _, x := range st.s.indexes(contact) {
		optedOut = optedOut || st.optedOut[x]
		consented = consented || st.consented[x]
	}
	if len(st.erased) > 0 {
		erased = st.erased[ContactHash(contact)]
		for _, x := range st.s.suppressionIndexes(contact) {
			erased = erased || st.erased[x]
		}
	}
	return optedOut, consented, erased
}
