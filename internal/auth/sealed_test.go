package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// Both ways of enrolling a second factor (the person's own, confirmed with
// a code, and the scripted one) leave no secret in the database file, and
// a code made from the secret still signs in.
func TestSealedTOTP_TheSQLiteFileHoldsNoSecretInClear(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, db)
	var secrets []string

	pw := f.addUser(t, "tu-dang-ky", access.RoleAnalyst)
	tok, sess, err := f.a.Login(ctx, "tu-dang-ky", pw, "10.0.0.1")
	if err != nil || sess.Stage != auth.StageEnrol {
		t.Fatalf("password step: %v %+v", err, sess)
	}
	me := f.signedIn(t, tok)
	setup, err := f.a.NewTOTP(me)
	if err != nil {
		t.Fatal(err)
	}
	// A secret the client chose (the form carries it) is not taken, even
	// with a right code for it.
	weak := "AAAAAAAA"
	if err := f.a.ConfirmTOTP(me, tok, weak, codeAt(t, weak, f.clk.Now())); err == nil || !strings.Contains(strings.Join(fieldMessages(err), " "), "không phải do hệ thống cấp") {
		t.Fatalf("a 40-bit secret of the client's choice: %v", err)
	}
	if err := f.a.ConfirmTOTP(me, tok, setup.Secret, codeAt(t, setup.Secret, f.clk.Now())); err != nil {
		t.Fatalf("enrol: %v", err)
	}
	secrets = append(secrets, setup.Secret)

	pw = f.addUser(t, "duoc-cap", access.RoleAnalyst)
	given, err := f.a.EnrolTOTP(f.sys, "duoc-cap")
	if err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, given.Secret)
	tok, sess, err = f.a.Login(ctx, "duoc-cap", pw, "10.0.0.1")
	if err != nil || sess.Stage != auth.StageCode {
		t.Fatalf("password step: %v %+v", err, sess)
	}
	if err := f.a.VerifyTOTP(ctx, tok, codeAt(t, given.Secret, f.clk.Now()), "10.0.0.1"); err != nil {
		t.Fatalf("a code from the sealed secret: %v", err)
	}

	testutil.NotInClear(t, db, dir, "duoc-cap", secrets...)
}

// A server with no sealing key does not enrol a factor (it would store the
// secret in clear) and the page says why; a factor stored in clear before
// sealing began still signs in.
func TestSealedTOTP_WithoutAKeyEnrolmentSaysWhy(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	f := newFixture(t, db)
	pw := f.addUser(t, "xacminh2", access.RoleAnalyst)
	bare := auth.NewService(db, f.clk, nil)
	tok, _, err := bare.Login(ctx, "xacminh2", pw, "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	me := f.signedIn(t, tok)
	setup, err := bare.NewTOTP(me)
	if err != nil {
		t.Fatal(err)
	}
	err = bare.ConfirmTOTP(me, tok, setup.Secret, codeAt(t, setup.Secret, f.clk.Now()))
	if msg := errs.FieldsOf(err)["code"]; !strings.Contains(msg, "chưa được cấu hình khóa") {
		t.Fatalf("enrolling without a key: %v", err)
	}
	var stored string
	if err := db.R.QueryRowContext(ctx, `SELECT totp_secret FROM users WHERE username = $1`, "xacminh2").Scan(&stored); err != nil || stored != "" {
		t.Fatalf("stored secret %q, %v; want none", stored, err)
	}

	// A secret written in clear (before sealing began) still opens.
	if _, err := db.W.ExecContext(ctx, `UPDATE users SET totp_secret = $1, totp_enabled = $2 WHERE username = $3`, setup.Secret, true, "xacminh2"); err != nil {
		t.Fatal(err)
	}
	tok, _, err = f.a.Login(ctx, "xacminh2", pw, "10.0.0.2")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.a.VerifyTOTP(ctx, tok, codeAt(t, setup.Secret, f.clk.Now()), "10.0.0.2"); err != nil {
		t.Fatalf("a secret stored in clear: %v", err)
	}
}
