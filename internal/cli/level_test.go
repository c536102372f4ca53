package cli_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/config"
)

// Two instances of different versions on one database: a program whose
// migrations are behind the database's (an instance not yet upgraded
// while another migrated) and one ahead of it (upgraded, before anyone
// ran migrate) each refuse to start with one line saying which level each
// is at and what to do; neither touches the database.
func TestInstances_AtAnotherMigrationLevelRefuseToStart(t *testing.T) {
	dir := demoData(t)
	cfg := config.Default()
	cfg.DataDir = dir
	db, err := app.OpenStore(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	lv, err := db.Level(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.W.ExecContext(context.Background(), q, args...); err != nil {
			t.Fatal(err)
		}
	}

	// The database is ahead: a newer program applied a migration this one
	// does not have. Refused even where migrating at start is allowed.
	exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', CURRENT_TIMESTAMP)`)
	for _, mig := range []string{"yes", "no"} {
		code, _, stderr := run(t, "", "serve", "--data", dir, "--addr", "127.0.0.1:0", "--migrate", mig)
		if code == 0 || !strings.Contains(stderr, "cơ sở dữ liệu ở mức di chuyển 9999") || !strings.Contains(stderr, "hãy nâng cấp chương trình") ||
			!strings.Contains(stderr, "chỉ biết đến "+fmt.Sprintf("%04d", lv.Program)) || strings.Contains(stderr, "schema ahead") {
			t.Fatalf("--migrate %s on a database ahead: exit %d, %q", mig, code, stderr)
		}
	}
	code, _, stderr := run(t, "", "migrate", "--data", dir)
	if code == 0 || !strings.Contains(stderr, "hãy nâng cấp chương trình") {
		t.Fatalf("migrate on a database ahead: exit %d, %q", code, stderr)
	}
	exec(`DELETE FROM schema_migrations WHERE version = 9999`)

	// The database is behind: this program has a migration it lacks.
	exec(`DELETE FROM schema_migrations WHERE version = $1`, lv.Program)
	code, _, stderr = run(t, "", "serve", "--data", dir, "--addr", "127.0.0.1:0", "--migrate", "no")
	if code == 0 || !strings.Contains(stderr, "chương trình này cần đến "+fmt.Sprintf("%04d", lv.Program)) || !strings.Contains(stderr, "chạy: canhgiac migrate") {
		t.Fatalf("--migrate no on a database behind: exit %d, %q", code, stderr)
	}
	var n int
	if err := db.R.QueryRowContext(context.Background(), `SELECT count(*) FROM schema_migrations WHERE version = $1`, lv.Program).Scan(&n); err != nil || n != 0 {
		t.Fatalf("the refusing instance migrated: %d %v", n, err)
	}
}
