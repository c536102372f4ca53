package seal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/canhgiac/canhgiac/internal/store"
)

// Column is a sealed column, declared by the package that owns its table
// (intel.SealedColumns, …). Re-sealing and counting are the same for every
// such column, so they are written once here, over the declarations; the
// owning package keeps every other query on its table.
type Column struct {
	Table string // the table
	ID    string // its integer primary key
	Name  string // the sealed column (TEXT; "" means no value)
	// Index is the column of the value's blind index, or "" when the
	// value is never looked up; Normal is the form the index is taken of.
	Index  string
	Normal func(string) string
}

// Where is the name a value of c is sealed for ("table.column").
func (c Column) Where() string { return c.Table + "." + c.Name }

// Count is how many values of a column are under each key, and how many
// are still in clear.
type Count struct {
	Column string         // table.column
	ByKey  map[string]int // key id → values
	Plain  int            // values not sealed yet
}

// Status counts the values of each column by key.
func Status(ctx context.Context, db *store.DB, cols []Column) ([]Count, error) {
	var out []Count
	for _, c := range cols {
		n := Count{Column: c.Where(), ByKey: map[string]int{}}
		rows, err := db.R.QueryContext(ctx, fmt.Sprintf(`SELECT substr(%[1]s, 1, %[3]d), COUNT(*) FROM %[2]s WHERE %[1]s <> '' GROUP BY substr(%[1]s, 1, %[3]d)`, c.Name, c.Table, headerLen))
		if err != nil {
			return nil, fmt.Errorf("count %s: %w", c.Where(), err)
		}
		for rows.Next() {
			var head string
			var k int
			if err := rows.Scan(&head, &k); err != nil {
				rows.Close()
				return nil, fmt.Errorf("count %s: %w", c.Where(), err)
			}
			if id, ok := KeyID(head); ok {
				n.ByKey[id] += k
			} else {
				n.Plain += k
			}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("count %s: %w", c.Where(), err)
		}
		out = append(out, n)
	}
	return out, nil
}

// ErrSealedWithoutKey: the database holds sealed data and no key is
// configured; the server must not run with that data unreadable.
var ErrSealedWithoutKey = errors.New("cơ sở dữ liệu có dữ liệu cá nhân đã niêm phong nhưng chưa cấu hình khóa (CANHGIAC_KEY_FILE hoặc CANHGIAC_KEY) / the database holds sealed personal data and no key is configured")

// Check is the start-up check: every sealed value must be under a loaded
// key. With no key at all, a database without sealed data passes (nothing
// is unreadable) and one with sealed data fails.
func Check(ctx context.Context, db *store.DB, k *Keys, cols []Column) error {
	counts, err := Status(ctx, db, cols)
	if err != nil {
		return err
	}
	missing := map[string]int{}
	sealed := 0
	for _, c := range counts {
		for id, n := range c.ByKey {
			sealed += n
			if !k.Has(id) {
				missing[id] += n
			}
		}
	}
	if k == nil {
		if sealed > 0 {
			return fmt.Errorf("%w: %d giá trị; hãy trỏ CANHGIAC_KEY_FILE tới tệp khóa đã niêm phong chúng (xem docs/operations.md) / %d values; point CANHGIAC_KEY_FILE at the key file that sealed them", ErrSealedWithoutKey, sealed, sealed)
		}
		return nil
	}
	if len(missing) > 0 {
		var ids []string
		for id, n := range missing {
			ids = append(ids, fmt.Sprintf("%s (%d)", id, n))
		}
		sort.Strings(ids)
		return fmt.Errorf("%w: %s; khóa đang có / keys loaded from %s: %s", ErrUnknownKey, strings.Join(ids, ", "), k.Source(), strings.Join(k.IDs(), ", "))
	}
	return nil
}

// Resealed says what a re-seal pass changed.
type Resealed struct {
	Column string
	Values int
}

// Reseal seals again, under the current key, every value of the columns
// that is not already under it — in batches, each in its own transaction,
// so a long pass never holds the writer for long and can be interrupted and
// run again. With onlyPlain it seals just the values still in clear (the
// start-up pass). A row changed between reading and writing is left for the
// next pass rather than overwritten.
func Reseal(ctx context.Context, db *store.DB, k *Keys, cols []Column, onlyPlain bool, batch int) ([]Resealed, error) {
	set, err := k.current()
	if err != nil {
		return nil, err
	}
	if batch <= 0 {
		batch = 500
	}
	cur := set.keys[0]
	var out []Resealed
	for _, c := range cols {
		r := Resealed{Column: c.Where()}
		var after int64
		for {
			var last int64
			var seen, changed int
			err := db.Transact(ctx, func(tx *sql.Tx) error {
				last, seen, changed = after, 0, 0
				rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT %s, %s FROM %s WHERE %s > $1 AND %s <> '' ORDER BY %s LIMIT %d`,
					c.ID, c.Name, c.Table, c.ID, c.Name, c.ID, batch), after)
				if err != nil {
					return err
				}
				type row struct {
					id  int64
					val string
				}
				var todo []row
				for rows.Next() {
					var x row
					if err := rows.Scan(&x.id, &x.val); err != nil {
						rows.Close()
						return err
					}
					seen++
					last = x.id
					id, sealed := KeyID(x.val)
					if (sealed && (onlyPlain || id == cur.id)) || (!sealed && x.val == "") {
						continue
					}
					todo = append(todo, x)
				}
				if err := rows.Close(); err != nil {
					return err
				}
				for _, x := range todo {
					plain, err := k.Open(c.Where(), x.val)
					if err != nil {
						return fmt.Errorf("row %d: %w", x.id, err)
					}
					sets, args := c.Name+" = $1", []any{cur.seal(c.Where(), plain)}
					if c.Index != "" {
						normal := plain
						if c.Normal != nil {
							normal = c.Normal(plain)
						}
						sets += ", " + c.Index + " = $4"
						args = append(args, x.id, x.val, cur.blind(normal))
					} else {
						args = append(args, x.id, x.val)
					}
					res, err := tx.ExecContext(ctx, fmt.Sprintf(`UPDATE %s SET %s WHERE %s = $2 AND %s = $3`, c.Table, sets, c.ID, c.Name), args...)
					if err != nil {
						return err
					}
					if n, _ := res.RowsAffected(); n > 0 {
						changed++
					}
				}
				return nil
			})
			if err != nil {
				return out, fmt.Errorf("reseal %s: %w", c.Where(), err)
			}
			r.Values += changed
			if seen < batch {
				break
			}
			after = last
		}
		out = append(out, r)
	}
	return out, nil
}
