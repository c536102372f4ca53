package audience

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/canhgiac/canhgiac/internal/intel/normalize"
	"github.com/canhgiac/canhgiac/internal/seal"
	"github.com/canhgiac/canhgiac/internal/store"
)

// What the campaign (dispatch) asks of audience: the people it may
// message, and the standing of contacts it is given. Dispatch never reads
// the subscribers or suppressions tables itself.
//
// A segment is chosen in SQL on the columns kept in clear beside the
// sealed contacts (province, groups, consent, opt-out, the kind of the
// Zalo contact), through the index subscribers_segment (migration 0100):
// the preview is one grouped count (Tally), the prepare reads the people a
// page at a time by id (EachReachable) and asks the standing of each
// page's contacts only (StandingOf). Nothing holds the whole audience.

// Person is a subscriber who may be messaged, contacts opened.
type Person struct {
	Phone, Email, Zalo string
	Name               string
	Province           string
	Groups             []string
	Carrier            string // of the phone, "" when unknown
}

// PageSize is how many people EachReachable opens at a time.
const PageSize = 500

// Segment is who a campaign goes to, as audience chooses them in SQL: the
// people who may be messaged (Eligible) in a province ("" for the whole
// country), in any of the groups (none: every group), whose phone is with
// one of the carriers (none: any, and people without a phone too), and
// who have one of the contacts (phone, email, zalo; none: any).
type Segment struct {
	Province string
	Groups   []string
	Carriers []string
	Contacts []string
}

// where is the segment's SQL condition on subscribers, placeholders
// numbered from $from.
func (seg Segment) where(d store.Dialect, from int) (string, []any) {
	q, args := Eligible, []any{}
	list := func(vs []string) string {
		ph := make([]string, len(vs))
		for i, v := range vs {
			ph[i] = fmt.Sprintf("$%d", from+len(args))
			args = append(args, v)
		}
		return strings.Join(ph, ", ")
	}
	if seg.Province != "" {
		q += " AND province = " + list([]string{seg.Province})
	}
	if len(seg.Groups) > 0 {
		elems := `json_each(subscribers.groups) g`
		if d == store.Postgres {
			elems = `jsonb_array_elements_text(CAST(subscribers.groups AS jsonb)) AS g(value)`
		}
		q += ` AND EXISTS (SELECT 1 FROM ` + elems + ` WHERE g.value IN (` + list(seg.Groups) + `))`
	}
	if len(seg.Carriers) > 0 {
		q += ` AND carrier IN (` + list(seg.Carriers) + `)`
	}
	mask := 0
	for _, c := range seg.Contacts {
		mask |= map[string]int{"phone": shapePhone, "email": shapeEmail, "zalo": shapeZalo}[c]
	}
	if mask != 0 {
		q += fmt.Sprintf(" AND (shape & %d) <> 0", mask)
	}
	return q, args
}

// Reachable lists the people who may be messaged (Eligible) in a province
// ("" for the whole country) and, when groups are given, in any of them, in
// the order they subscribed. It holds them all: for small audiences and
// tests; campaigns read EachReachable.
func (s *Service) Reachable(ctx context.Context, province string, groups []string) ([]Person, error) {
	var out []Person
	err := s.EachReachable(ctx, Segment{Province: province, Groups: groups}, PageSize, func(ps []Person) error {
		out = append(out, ps...)
		return nil
	})
	return out, err
}

// EachReachable hands fn the people of the segment, a page of at
// most size at a time, in the order they subscribed; only the people of
// the page are opened. The pages are read by id (keyset), so a page costs
// the same at the end of a million as at the start. An error from fn
// stops the reading and is returned.
func (s *Service) EachReachable(ctx context.Context, seg Segment, size int, fn func([]Person) error) error {
	if size <= 0 {
		size = PageSize
	}
	cond, args := seg.where(s.db.Dialect, 2)
	q := `SELECT id, phone, email, zalo, name, province, groups, carrier FROM subscribers WHERE id > $1 AND ` + cond + fmt.Sprintf(` ORDER BY id LIMIT %d`, size)
	last := int64(0)
	page := make([]Person, 0, size)
	for {
		page = page[:0]
		n, err := s.readPage(ctx, q, append([]any{last}, args...), &last, &page)
		if err != nil {
			return fmt.Errorf("reachable: %w", err)
		}
		if len(page) > 0 {
			if err := fn(page); err != nil {
				return err
			}
		}
		if n < size {
			return nil
		}
	}
}

// ReachablePage reads one page of the segment: at most size people with
// an id after after and, when until > 0, not after until, in the order
// they subscribed, opened. It returns the last id it read (after, when
// none) and whether the page was full (more may follow). A campaign's
// runner writes its messages a page at a time with it, keeping the cursor.
func (s *Service) ReachablePage(ctx context.Context, seg Segment, after, until int64, size int) ([]Person, int64, bool, error) {
	if size <= 0 {
		size = PageSize
	}
	cond, args := seg.where(s.db.Dialect, 3)
	q := `SELECT id, phone, email, zalo, name, province, groups, carrier FROM subscribers WHERE id > $1 AND id <= $2 AND ` + cond + fmt.Sprintf(` ORDER BY id LIMIT %d`, size)
	if until <= 0 {
		until = math.MaxInt64
	}
	last := after
	page := make([]Person, 0, size)
	n, err := s.readPage(ctx, q, append([]any{after, until}, args...), &last, &page)
	if err != nil {
		return nil, after, false, fmt.Errorf("reachable: %w", err)
	}
	return page, last, n == size, nil
}

// LastID is the id of the newest subscriber (0 when there is none): the
// end of the audience a campaign prepared now goes to; people who
// subscribe later are not added to it.
func (s *Service) LastID(ctx context.Context) (int64, error) {
	var id sql.NullInt64
	err := s.db.R.QueryRowContext(ctx, `SELECT MAX(id) FROM subscribers`).Scan(&id)
	return id.Int64, err
}

// readPage reads one page of people, opened, and moves last to the last
// id read; it returns how many rows the query gave.
func (s *Service) readPage(ctx context.Context, q string, args []any, last *int64, page *[]Person) (int, error) {
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var c contacts
		var p Person
		var gs string
		if err := rows.Scan(last, &c.phone, &c.email, &c.zalo, &c.name, &p.Province, &gs, &p.Carrier); err != nil {
			return n, err
		}
		n++
		json.Unmarshal([]byte(gs), &p.Groups)
		o, err := s.open(c)
		if err != nil {
			return n, err
		}
		p.Phone, p.Email, p.Zalo, p.Name = o.phone, o.email, o.zalo, o.name
		*page = append(*page, p)
	}
	return n, rows.Err()
}

// Shape is a group of people of a segment who look the same to a
// campaign's preview: the province, which contacts they have, whether the
// Zalo contact is a phone number, whether a name is known — and how many
// they are.
type Shape struct {
	Province           string
	Phone, Email, Zalo bool
	ZaloIsPhone, Named bool
	N                  int
}

// Tally counts the people of the segment, grouped by Shape, in one
// SQL query on the clear columns: what a campaign's preview shows (people
// by channel, values missing) is computed from it without opening anyone.
// Rows written before the kind of the Zalo contact was kept are given it
// first (once).
func (s *Service) Tally(ctx context.Context, seg Segment) ([]Shape, error) {
	if err := s.fillZaloKinds(ctx); err != nil {
		return nil, err
	}
	cond, args := seg.where(s.db.Dialect, 1)
	// Only columns of the index subscribers_shape (unless groups are
	// asked), so the count reads the index and not the rows.
	rows, err := s.db.R.QueryContext(ctx, `SELECT province, shape, COUNT(*) FROM subscribers WHERE `+cond+` GROUP BY province, shape ORDER BY province, shape`, args...)
	if err != nil {
		return nil, fmt.Errorf("tally: %w", err)
	}
	defer rows.Close()
	var out []Shape
	for rows.Next() {
		var sh Shape
		var bits int
		if err := rows.Scan(&sh.Province, &bits, &sh.N); err != nil {
			return nil, fmt.Errorf("tally: %w", err)
		}
		sh.Phone, sh.Email, sh.Zalo = bits&shapePhone != 0, bits&shapeEmail != 0, bits&shapeZalo != 0
		sh.ZaloIsPhone, sh.Named = bits&shapeZaloPhone != 0, bits&shapeNamed != 0
		out = append(out, sh)
	}
	return out, rows.Err()
}

// The bits of subscribers.shape (migration 0100), kept by the database
// from the contacts and name as written.
const (
	shapePhone = 1 << iota
	shapeEmail
	shapeZalo
	shapeZaloPhone // the Zalo contact is a phone number
	shapeNamed
)

// zaloKind is what subscribers.zalo_kind keeps of a Zalo contact.
func zaloKind(zalo string) string {
	switch {
	case zalo == "":
		return ""
	case normalize.Phone(zalo).Kind == normalize.KindPhone:
		return "phone"
	}
	return "id"
}

// fillZaloKinds gives zalo_kind to rows written before it was kept,
// opening their Zalo contact; the partial index finds them, so once done
// this is one empty index read.
func (s *Service) fillZaloKinds(ctx context.Context) error {
	for {
		type row struct {
			id   int64
			zalo string
		}
		var todo []row
		rows, err := s.db.R.QueryContext(ctx, `SELECT id, zalo FROM subscribers WHERE zalo <> '' AND zalo_kind = '' ORDER BY id LIMIT 500`)
		if err != nil {
			return fmt.Errorf("zalo kinds: %w", err)
		}
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.zalo); err != nil {
				rows.Close()
				return fmt.Errorf("zalo kinds: %w", err)
			}
			todo = append(todo, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(todo) == 0 {
			return err
		}
		err = s.db.Transact(ctx, func(tx *sql.Tx) error {
			for _, r := range todo {
				z, err := s.opened(subZalo, r.zalo)
				if err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE subscribers SET zalo_kind = $1 WHERE id = $2 AND zalo = $3`, zaloKind(z), r.id, r.zalo); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("zalo kinds: %w", err)
		}
	}
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
	keyed     map[string]keyedContact // the contacts asked, as looked up
}

// keyedContact is what a contact is looked up by: its blind indexes under
// every loaded key, those of its digest, and its digest.
type keyedContact struct {
	indexes, suppression []string
	hash                 string
}

func (s *Service) keyedContact(c string) keyedContact {
	return keyedContact{s.indexes(c), s.suppressionIndexes(c), ContactHash(c)}
}

// StandingOf reads, in tx, the standing of these contacts only (a page of
// a campaign's recipients): the subscriber rows and suppressions that
// name one of them under any loaded key.
func (s *Service) StandingOf(ctx context.Context, tx *sql.Tx, contacts []string) (*Standing, error) {
	st := &Standing{s: s, optedOut: map[string]bool{}, consented: map[string]bool{}, erased: map[string]bool{}, keyed: map[string]keyedContact{}}
	var ixs, supIxs, hashes []string
	for _, c := range contacts {
		if _, done := st.keyed[c]; c == "" || done {
			continue
		}
		k := s.keyedContact(c)
		st.keyed[c] = k
		ixs = append(ixs, k.indexes...)
		supIxs = append(supIxs, k.suppression...)
		hashes = append(hashes, k.hash)
	}
	if len(hashes) == 0 {
		return st, nil
	}
	if len(ixs) > 0 {
		list, _ := json.Marshal(ixs)
		in := `IN (` + s.db.Values("$1") + `)`
		// One query per column, each on its own index.
		for _, col := range []string{"phone_index", "email_index", "zalo_index"} {
			rows, err := tx.QueryContext(ctx, `SELECT phone_index, email_index, zalo_index, opted_out_at IS NOT NULL FROM subscribers
				WHERE `+col+` <> '' AND `+col+` `+in+` AND (opted_out_at IS NOT NULL OR confirmed_at IS NOT NULL)`, string(list))
			if err != nil {
				return nil, fmt.Errorf("standing: %w", err)
			}
			if err := st.addSubscribers(rows); err != nil {
				return nil, fmt.Errorf("standing: %w", err)
			}
		}
	}
	sup, _ := json.Marshal(append([]string{}, supIxs...)) // [] rather than null
	digests, _ := json.Marshal(hashes)
	rows, err := tx.QueryContext(ctx, `SELECT contact_hash, contact_index FROM suppressions WHERE contact_index <> '' AND contact_index IN (`+s.db.Values("$1")+`)
		UNION ALL SELECT contact_hash, contact_index FROM suppressions WHERE contact_index = '' AND contact_hash IN (`+s.db.Values("$2")+`)`, string(sup), string(digests))
	if err != nil {
		return nil, fmt.Errorf("standing: %w", err)
	}
	if err := st.addSuppressions(rows); err != nil {
		return nil, fmt.Errorf("standing: %w", err)
	}
	return st, nil
}

// addSubscribers records the rows (phone_index, email_index, zalo_index,
// opted out) and closes them.
func (st *Standing) addSubscribers(rows *sql.Rows) error {
	defer rows.Close()
	for rows.Next() {
		var p, e, z string
		var out bool
		if err := rows.Scan(&p, &e, &z, &out); err != nil {
			return err
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
	return rows.Err()
}

// addSuppressions records the rows (contact_hash, contact_index) and
// closes them.
func (st *Standing) addSuppressions(rows *sql.Rows) error {
	defer rows.Close()
	for rows.Next() {
		var h, ix string
		if err := rows.Scan(&h, &ix); err != nil {
			return err
		}
		if ix != "" {
			st.erased[ix] = true
		} else if !seal.IsSealed(h) {
			st.erased[h] = true // written before suppressions were keyed, on a server without a key
		}
	}
	return rows.Err()
}

// Of says whether a contact opted out, proved consent, or was erased.
func (st *Standing) Of(contact string) (optedOut, consented, erased bool) {
	k, ok := st.keyed[contact]
	if !ok {
		k = st.s.keyedContact(contact)
	}
	for _, x := range k.indexes {
		optedOut = optedOut || st.optedOut[x]
		consented = consented || st.consented[x]
	}
	if len(st.erased) > 0 {
		erased = st.erased[k.hash]
		for _, x := range k.suppression {
			erased = erased || st.erased[x]
		}
	}
	return optedOut, consented, erased
}
