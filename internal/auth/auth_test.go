package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/demo"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/seal"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

func TestPassword_HashesVerifyAndDiffer(t *testing.T) {
	h1, err := auth.HashPassword("mật khẩu dài đủ mười ký tự")
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := auth.HashPassword("mật khẩu dài đủ mười ký tự")
	if h1 == h2 || !strings.HasPrefix(h1, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hashes %q and %q: want salted argon2id", h1, h2)
	}
	if ok, err := auth.VerifyPassword(h1, "mật khẩu dài đủ mười ký tự"); !ok || err != nil {
		t.Fatalf("right password: %v %v", ok, err)
	}
	if ok, _ := auth.VerifyPassword(h1, "mật khẩu sai"); ok {
		t.Fatal("wrong password verified")
	}
	if _, err := auth.VerifyPassword("plain", "x"); err == nil {
		t.Fatal("a malformed hash must be an error")
	}
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		p := auth.GeneratePassword()
		if len(p) != 19 || strings.ContainsAny(p, "0O1lI") || seen[p] {
			t.Fatalf("generated password %q", p)
		}
		seen[p] = true
	}
}

type fixture struct {
	a    *auth.Service
	keys *seal.Keys
	clk  *clock.Fixed
	sys  context.Context
}

func newFixture(t *testing.T, db *store.DB) fixture {
	clk := clock.NewFixed(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	o := org.NewService(db, clk)
	if err := demo.LoadUnits(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	keys, err := seal.FromConfig("", seal.NewKey())
	if err != nil {
		t.Fatal(err)
	}
	f := fixture{a: auth.NewService(db, clk, o), clk: clk, keys: keys, sys: access.With(context.Background(), access.System())}
	f.a.UseKeys(keys)
	if _, _, err := f.a.Create(f.sys, auth.NewUser{Username: "nguoidung", UnitCode: "cao-bang-snnmt", Roles: []access.Role{access.RoleOfficer}, Password: "mot-mat-khau-dung"}); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestLogin_SessionsAndLimitsOnBothDatabases(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		tok, sess, err := f.a.Login(ctx, "NguoiDung ", "mot-mat-khau-dung", "10.0.0.1")
		if err != nil || sess.Stage != auth.StageReady {
			t.Fatalf("login: %v %+v", err, sess)
		}
		got, err := f.a.Session(ctx, tok)
		if err != nil || got.CSRF != sess.CSRF {
			t.Fatalf("session lookup: %v", err)
		}
		actor, err := f.a.Actor(ctx, got)
		if err != nil || actor.Username != "nguoidung" || !actor.HasRole(access.RoleOfficer) {
			t.Fatalf("actor: %+v %v", actor, err)
		}
		f.clk.Advance(13 * time.Hour)
		if _, err := f.a.Session(ctx, tok); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Fatalf("session after 13 idle hours: %v, want expired", err)
		}
		// Four failures, a success, then four more: the success resets the count.
		for i := 0; i < 4; i++ {
			f.a.Login(ctx, "nguoidung", "sai", "10.0.0.2")
		}
		if _, _, err := f.a.Login(ctx, "nguoidung", "mot-mat-khau-dung", "10.0.0.2"); err != nil {
			t.Fatalf("login after four failures: %v", err)
		}
		for i := 0; i < 4; i++ {
			f.a.Login(ctx, "nguoidung", "sai", "10.0.0.2")
		}
		if _, _, err := f.a.Login(ctx, "nguoidung", "mot-mat-khau-dung", "10.0.0.2"); err != nil {
			t.Fatalf("login after four more failures: %v", err)
		}
		// An unknown name fails the same way as a wrong password.
		if _, _, err := f.a.Login(ctx, "khong-ai", "x", "10.0.0.5"); !errors.Is(err, auth.ErrBadCredentials) {
			t.Fatalf("unknown user: %v", err)
		}
	})
}

func TestDisabling_EndsSessionsAndRefusesLogin(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		tok, _, err := f.a.Login(ctx, "nguoidung", "mot-mat-khau-dung", "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.a.Update(f.sys, "nguoidung", auth.UserUpdate{UnitCode: "cao-bang-snnmt", Roles: []access.Role{access.RoleOfficer}, Disabled: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.a.Session(ctx, tok); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Fatalf("session of a disabled account: %v", err)
		}
		if _, _, err := f.a.Login(ctx, "nguoidung", "mot-mat-khau-dung", "10.0.0.1"); !errors.Is(err, auth.ErrBadCredentials) {
			t.Fatalf("login of a disabled account: %v", err)
		}
	})
}

func TestCreate_RefusesGrantsBeyondTheAdminsScope(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		if _, _, err := f.a.Create(f.sys, auth.NewUser{Username: "qt-nn", UnitCode: "cao-bang-snnmt", Roles: []access.Role{access.RoleAdmin}, Password: "mat-khau-quan-tri"}); err != nil {
			t.Fatal(err)
		}
		_, sess, err := f.a.Login(context.Background(), "qt-nn", "mat-khau-quan-tri", "10.0.0.9")
		if err != nil {
			t.Fatal(err)
		}
		a, err := f.a.Actor(context.Background(), sess)
		if err != nil {
			t.Fatal(err)
		}
		ctx := access.With(context.Background(), a)
		_, _, err = f.a.Create(ctx, auth.NewUser{Username: "leo-thang", UnitCode: "cao-bang-snnmt", ScopeCode: "cao-bang", Roles: []access.Role{access.RoleAdmin}})
		if f := errs.FieldsOf(err); f == nil || !strings.Contains(f["scope"], "ngoài phạm vi") {
			t.Fatalf("granting the whole province from a department: %v", err)
		}
		if _, pw, err := f.a.Create(ctx, auth.NewUser{Username: "cb-kiem-lam", UnitCode: "cao-bang-cc-kiem-lam", Roles: []access.Role{access.RoleOfficer}}); err != nil || pw == "" {
			t.Fatalf("creating an account in a sub-unit: %v", err)
		}
	})
}

func TestAPIKeys_CountedInMemoryFlushedToTheDatabaseAndSharedBetweenInstances(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		_, secret, err := f.a.CreateAPIKey(f.sys, "cao-bang-snnmt", "Nhà mạng thử", []string{"check"}, 10)
		if err != nil {
			t.Fatal(err)
		}
		used := func() (n int64) {
			db.R.QueryRowContext(ctx, `SELECT COALESCE(SUM(used), 0) FROM api_usage`).Scan(&n)
			return n
		}
		for range 3 {
			if _, err := f.a.UseAPIKey(ctx, secret, 2); err != nil {
				t.Fatal(err)
			}
		}
		if n := used(); n != 0 {
			t.Fatalf("%d items written before the flush; a request must not write", n)
		}
		if err := f.a.FlushAPIUsage(ctx); err != nil || used() != 6 {
			t.Fatalf("after the flush: %d, %v", used(), err)
		}
		// A second instance over the same database starts from the stored 6.
		other := auth.NewService(db, f.clk, nil)
		if _, err := other.UseAPIKey(ctx, secret, 4); err != nil {
			t.Fatal(err)
		}
		if _, err := other.UseAPIKey(ctx, secret, 1); errs.KindOf(err) != errs.KindTooMany || !strings.Contains(err.(*errs.Error).VI, "hạn mức 10") {
			t.Fatalf("the 11th item: %v", err)
		}
		other.FlushAPIUsage(ctx)
		if n := used(); n != 10 {
			t.Fatalf("stored %d, want 10 (a refused request is not counted)", n)
		}
		if _, err := f.a.UseAPIKey(ctx, "ck_sai", 1); err != auth.ErrBadKey {
			t.Fatalf("an unknown key: %v", err)
		}
		// A key revoked in the database stops working once the cache expires.
		db.W.ExecContext(ctx, `UPDATE api_keys SET revoked_at = $1`, f.clk.Now())
		f.clk.Advance(auth.KeyCacheTTL + time.Second)
		if _, err := f.a.UseAPIKey(ctx, secret, 1); err != auth.ErrBadKey {
			t.Fatalf("a revoked key: %v", err)
		}
	})
}
