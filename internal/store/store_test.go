package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

func TestMigrate_IsIdempotentAndLeavesNothingPending(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		again, err := db.Migrate(ctx, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != 0 {
			t.Fatalf("second migrate applied %d migrations, want 0", len(again))
		}
		pend, err := db.Pending(ctx)
		if err != nil || len(pend) != 0 {
			t.Fatalf("pending = %v, %v; want none", pend, err)
		}
	})
}

func TestTransact_CommitsOrRollsBack(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2024, 4, 22, 8, 0, 0, 0, time.UTC)
		boom := errors.New("boom")
		err := db.Transact(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO units (code, created_at) VALUES ($1, $2)`, "rolled-back", now); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Transact error = %v, want boom", err)
		}
		var id int64
		err = db.Transact(ctx, func(tx *sql.Tx) error {
			return tx.QueryRowContext(ctx, `INSERT INTO units (code, created_at) VALUES ($1, $2) RETURNING id`, "kept", now).Scan(&id)
		})
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM units WHERE code IN ($1, $2)`, "rolled-back", "kept").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("units after commit+rollback = %d, want 1", n)
		}
		var got time.Time
		if err := db.R.QueryRowContext(ctx, `SELECT created_at FROM units WHERE id = $1`, id).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(now) {
			t.Fatalf("timestamp round trip = %v, want %v", got, now)
		}
	})
}

func TestUniqueViolation_IsRecognisedOnBothDatabases(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ins := func() error {
			return db.Transact(ctx, func(tx *sql.Tx) error {
				_, err := tx.ExecContext(ctx, `INSERT INTO units (code, created_at) VALUES ($1, $2)`, "dup", time.Now())
				return err
			})
		}
		if err := ins(); err != nil {
			t.Fatal(err)
		}
		if err := ins(); !store.IsUniqueViolation(err) {
			t.Fatalf("second insert error = %v, want a unique violation", err)
		}
	})
}

func TestOpen_RefusesAFileThatIsNotADatabase(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "canhgiac.db"), []byte("this is not sqlite, just text that is long enough to be a header............."), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := store.Open(context.Background(), store.Options{DataDir: dir})
	if !errors.Is(err, store.ErrOpen) {
		t.Fatalf("Open error = %v, want ErrOpen", err)
	}
}

func TestScanRaw_ReadsRowsAsText(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var got []string
		err := db.ScanRaw(ctx, func(cols [][]byte) error {
			got = append(got, fmt.Sprintf("%s|%t|%d", cols[0], store.RawBool(cols[1]), store.RawInt(cols[2])))
			return nil
		}, `SELECT code, TRUE, -42 FROM tactics WHERE code = $1`, "fraud")
		if err != nil || len(got) != 1 || got[0] != "fraud|true|-42" {
			t.Fatalf("ScanRaw: %q %v", got, err)
		}
	})
}

// The database file and SQLite's -wal and -shm beside it are readable by
// the server's own user only, also when the file was made earlier with
// wider permissions.
func TestOpen_DatabaseFilesAreTheServersAlone(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "old.db"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"canhgiac.db", "old.db"} {
		db, err := store.Open(context.Background(), store.Options{DataDir: dir, File: name})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Migrate(context.Background(), time.Now()); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{name, name + "-wal", name + "-shm"} {
			st, err := os.Stat(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			if m := st.Mode().Perm(); m != 0o600 {
				t.Errorf("%s has mode %o, want 600", f, m)
			}
		}
		db.Close()
	}
}
