package testutil

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/seal"
	"github.com/canhgiac/canhgiac/internal/store"
)

// Keys are fresh sealing keys for a test, in a key file of its own.
func Keys(t testing.TB) *seal.Keys {
	t.Helper()
	k, err := seal.CreateFile(filepath.Join(t.TempDir(), seal.FileName))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// NotInClear reads the SQLite database in dir byte by byte (the main file
// and the write-ahead log, after a checkpoint) and fails the test for each
// secret found there. present, which is not personal, must be found: it
// shows that the test reads the database's bytes at all.
func NotInClear(t testing.TB, db *store.DB, dir, present string, secrets ...string) {
	t.Helper()
	if _, err := db.W.ExecContext(context.Background(), `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	var all []byte
	for _, name := range []string{"canhgiac.db", "canhgiac.db-wal"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	if !bytes.Contains(all, []byte(present)) {
		t.Fatalf("the test does not read the database's bytes (%q should be there)", present)
	}
	for _, s := range secrets {
		if bytes.Contains(all, []byte(s)) {
			t.Errorf("the database file holds %q in clear", s)
		}
	}
}

// Index is the blind index of a contact under the program's current key,
// as the tables that look contacts up keep it.
func (e *Env) Index(t testing.TB, contact string) string {
	t.Helper()
	ix, err := e.App.Keys.Index(audience.NormalContact(contact))
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// Open is the plain text of a value sealed for where ("table.column").
func (e *Env) Open(t testing.TB, where, stored string) string {
	t.Helper()
	v, err := e.App.Keys.Open(where, stored)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
