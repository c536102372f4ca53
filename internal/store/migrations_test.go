package store_test

import (
	"testing"

	"github.com/canhgiac/canhgiac/internal/store"
)

// Both dialects must hold the same migrations: a version only one of them
// has leaves the other database a schema behind, which nothing else would
// notice until a query failed there.
func TestMigrations_BothDialectsHoldTheSameVersions(t *testing.T) {
	versions := func(d store.Dialect) map[int]string {
		ms, err := store.Migrations(d)
		if err != nil {
			t.Fatal(err)
		}
		out := map[int]string{}
		for _, m := range ms {
			if prev, dup := out[m.Version]; dup {
				t.Errorf("%s: version %d is taken by both %s and %s", d, m.Version, prev, m.Name)
			}
			out[m.Version] = m.Name
		}
		return out
	}
	lite, pg := versions(store.SQLite), versions(store.Postgres)
	if len(lite) == 0 {
		t.Fatal("no migrations found")
	}
	for v, name := range lite {
		if other, ok := pg[v]; !ok {
			t.Errorf("migration %s exists for SQLite only: add its PostgreSQL twin", name)
		} else if other != name {
			t.Errorf("migration %d is %s for SQLite but %s for PostgreSQL: give both the same name", v, name, other)
		}
	}
	for v, name := range pg {
		if _, ok := lite[v]; !ok {
			t.Errorf("migration %s exists for PostgreSQL only: add its SQLite twin", name)
		}
	}
}
