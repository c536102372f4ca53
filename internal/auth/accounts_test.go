package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// addUser creates an account with a password of its own.
func (f fixture) addUser(t *testing.T, username string, role access.Role) string {
	t.Helper()
	pw := "mat-khau-rieng-cua-" + username
	if _, _, err := f.a.Create(f.sys, auth.NewUser{Username: username, UnitCode: "cao-bang-ca", Roles: []access.Role{role}, Password: pw}); err != nil {
		t.Fatal(err)
	}
	return pw
}

// signedIn returns the context of the account behind a session.
func (f fixture) signedIn(t *testing.T, tok string) context.Context {
	t.Helper()
	sess, err := f.a.Session(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	a, err := f.a.Actor(context.Background(), sess)
	if err != nil {
		t.Fatal(err)
	}
	return access.With(context.Background(), a)
}

func codeAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCheckPassword_RefusesCommonPasswordsBesideTheLengthRule(t *testing.T) {
	cases := []struct {
		pw     string
		refuse string // a word of the reason; "" to accept
	}{
		{"1234567890", "phổ biến"},
		{"0123456789", "phổ biến"},
		{"9876543210", "phổ biến"},
		{"123456789a", "phổ biến"},
		{"matkhau2024", "phổ biến"},
		{"Mật khẩu @123", "phổ biến"},
		{"MATKHAU1990", "phổ biến"},
		{"Anhyeuem@123", "phổ biến"},
		{"P@ssw0rd123", "phổ biến"},
		{"qwertyuiop", "phổ biến"},
		{"1q2w3e4r5t", "phổ biến"},
		{"vietnam1975", "phổ biến"},
		{"canhgiac2026", "phổ biến"},
		{"2001caobang", "phổ biến"},
		{"0912345678", "chữ số"},
		{"01011990xx", "ít ký tự khác nhau"},
		{"15081987", "10 ký tự"},
		{"aaaaaaaaaaaa", "ít ký tự khác nhau"},
		{"abababababab", "ít ký tự khác nhau"},
		{"nguoidung", "10 ký tự"},
		{"Nguoidung1", ""},
		{"trâu cày ruộng bên sông Bằng", ""},
		{"mot-mat-khau-dung", ""},
		{"0912345678 và con mèo", ""},
		{"matkhau-cua-toi-la-bi-mat", ""},
		{auth.GeneratePassword(), ""},
	}
	for _, c := range cases {
		why := auth.CheckPassword(c.pw, "nguoidung")
		if c.refuse == "" && why != "" {
			t.Errorf("%q refused: %s", c.pw, why)
		}
		if c.refuse != "" && !strings.Contains(why, c.refuse) {
			t.Errorf("%q: reason %q, want one saying %q", c.pw, why, c.refuse)
		}
	}
	if why := auth.CheckPassword("nguoidung", "nguoidung"); why == "" {
		t.Error("the username as password was accepted")
	}
}

func TestLogin_FailuresLockOnlyTheirAddressWithGrowingDelays(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		const right, stranger, desk = "mot-mat-khau-dung", "203.0.113.9", "10.1.2.3"
		for i := 0; i < 5; i++ {
			if _, _, err := f.a.Login(ctx, "nguoidung", "doan-mo", stranger); !errors.Is(err, auth.ErrBadCredentials) {
				t.Fatalf("failure %d: %v", i+1, err)
			}
		}
		// The officer at their desk is not locked out by the stranger.
		if _, _, err := f.a.Login(ctx, "nguoidung", right, desk); err != nil {
			t.Fatalf("the officer from their own address after a stranger's five failures: %v", err)
		}
		// The stranger waits a minute, even with the right password.
		_, _, err := f.a.Login(ctx, "nguoidung", right, stranger)
		if errs.KindOf(err) != errs.KindTooMany || !strings.Contains(err.(*errs.Error).VI, "1 phút") || !strings.Contains(err.(*errs.Error).VI, "16:01") {
			t.Fatalf("sixth try from the stranger: %v, want locked 1 minute (until 16:01 in Vietnam)", err)
		}
		steps := []struct {
			wait   time.Duration
			locked bool
		}{
			{61 * time.Second, false}, // one more try, wrong: now 2 minutes
			{90 * time.Second, true},
			{31 * time.Second, false}, // wrong again: 4 minutes
			{3 * time.Minute, true},
			{61 * time.Second, false},
		}
		for i, s := range steps {
			f.clk.Advance(s.wait)
			_, _, err := f.a.Login(ctx, "nguoidung", "doan-tiep", stranger)
			if locked := errs.KindOf(err) == errs.KindTooMany; locked != s.locked {
				t.Fatalf("step %d (after %s): %v, want locked %t", i, s.wait, err, s.locked)
			}
		}
	})
}

func TestLimits_OneAddressTryingManyNamesIsStopped(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		for i := range 30 {
			f.a.Login(ctx, "ten-"+string(rune('a'+i%26))+string(rune('a'+i/26)), "sai", "198.51.100.7")
		}
		if _, _, err := f.a.Login(ctx, "nguoidung", "mot-mat-khau-dung", "198.51.100.7"); errs.KindOf(err) != errs.KindTooMany {
			t.Fatalf("after 30 failures from one address: %v, want refused", err)
		}
		if _, _, err := f.a.Login(ctx, "nguoidung", "mot-mat-khau-dung", "198.51.100.8"); err != nil {
			t.Fatalf("from another address: %v", err)
		}
	})
}

func TestPasswordChecks_ChangeAndTOTPOffAreThrottledLikeSignIn(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		const ip = "10.9.9.9"
		tok, _, err := f.a.Login(ctx, "nguoidung", "mot-mat-khau-dung", ip)
		if err != nil {
			t.Fatal(err)
		}
		me := f.signedIn(t, tok)
		for i := 0; i < 5; i++ {
			err := f.a.ChangePassword(me, auth.PasswordChange{Old: "doan-thu", New: "mot cau moi that dai", IP: ip, Token: tok})
			if fs := errs.FieldsOf(err); fs["old_password"] == "" {
				t.Fatalf("wrong current password %d: %v", i+1, err)
			}
		}
		err = f.a.ChangePassword(me, auth.PasswordChange{Old: "mot-mat-khau-dung", New: "mot cau moi that dai", IP: ip, Token: tok})
		if errs.KindOf(err) != errs.KindTooMany {
			t.Fatalf("the 6th check, with the right password: %v, want throttled", err)
		}
		if err := f.a.DisableTOTP(me, "mot-mat-khau-dung", ip); errs.KindOf(err) != errs.KindTooMany {
			t.Fatalf("turning the factor off meanwhile: %v, want throttled", err)
		}
		if _, _, err := f.a.Login(ctx, "nguoidung", "mot-mat-khau-dung", ip); errs.KindOf(err) != errs.KindTooMany {
			t.Fatalf("signing in from the same address meanwhile: %v, want throttled (one limiter)", err)
		}
		f.clk.Advance(2 * time.Minute)
		if err := f.a.ChangePassword(me, auth.PasswordChange{Old: "mot-mat-khau-dung", New: "mot cau moi that dai", IP: ip, Token: tok}); err != nil {
			t.Fatalf("after the wait: %v", err)
		}
	})
}

func TestChangePassword_EndsTheOtherSessionsOnly(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		mine, _, err := f.a.Login(ctx, "nguoidung", "mot-mat-khau-dung", "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		thief, _, err := f.a.Login(ctx, "nguoidung", "mot-mat-khau-dung", "10.6.6.6")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.a.ChangePassword(f.signedIn(t, mine), auth.PasswordChange{Old: "mot-mat-khau-dung", New: "cau moi chi minh toi biet", IP: "10.0.0.1", Token: mine}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.a.Session(ctx, mine); err != nil {
			t.Fatalf("the session that changed the password: %v, want kept", err)
		}
		if _, err := f.a.Session(ctx, thief); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Fatalf("another session after the change: %v, want ended", err)
		}
		err = f.a.ChangePassword(f.signedIn(t, mine), auth.PasswordChange{Old: "cau moi chi minh toi biet", New: "1234567890", IP: "10.0.0.1", Token: mine})
		if fs := errs.FieldsOf(err); !strings.Contains(fs["new_password"], "phổ biến") {
			t.Fatalf("changing to 1234567890: %v, want refused as common", err)
		}
	})
}

func TestSession_EndsAtItsFullAgeHoweverBusy(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		tok, _, err := f.a.Login(ctx, "nguoidung", "mot-mat-khau-dung", "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		// Used every 90 minutes, well within the idle limit, for 10.5 hours.
		for i := 0; i < 7; i++ {
			f.clk.Advance(90 * time.Minute)
			if _, err := f.a.Session(ctx, tok); err != nil {
				t.Fatalf("after %s of use: %v", time.Duration(i+1)*90*time.Minute, err)
			}
		}
		f.clk.Advance(90 * time.Minute) // 12 hours after sign-in
		if _, err := f.a.Session(ctx, tok); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Fatalf("12 hours after sign-in: %v, want ended", err)
		}
		// Idle: two hours without a request end a session.
		tok, _, _ = f.a.Login(ctx, "nguoidung", "mot-mat-khau-dung", "10.0.0.1")
		f.clk.Advance(2*time.Hour + time.Second)
		if _, err := f.a.Session(ctx, tok); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Fatalf("after two idle hours: %v, want ended", err)
		}
	})
}

func TestSecondFactor_RequiredForTheRolesThatSeePersonalData(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		for _, c := range []struct {
			role access.Role
			want auth.Stage
		}{
			{access.RoleAdmin, auth.StageEnrol},
			{access.RoleCoordinator, auth.StageEnrol},
			{access.RoleAnalyst, auth.StageEnrol},
			{access.RoleLeader, auth.StageReady},
			{access.RoleOfficer, auth.StageReady},
			{access.RoleEditor, auth.StageReady},
		} {
			name := "tk-" + string(c.role)
			pw := f.addUser(t, name, c.role)
			tok, sess, err := f.a.Login(ctx, name, pw, "10.0.0.1")
			if err != nil || sess.Stage != c.want {
				t.Fatalf("%s: stage %v, %v; want %v", c.role, sess.Stage, err, c.want)
			}
			if c.want != auth.StageEnrol {
				continue
			}
			// Nothing opens until a factor is enrolled.
			again, _ := f.a.Session(ctx, tok)
			if again.Stage != auth.StageEnrol {
				t.Fatalf("%s: stage on the next request %v", c.role, again.Stage)
			}
			me := f.signedIn(t, tok)
			setup, err := f.a.NewTOTP(me)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.a.ConfirmTOTP(me, tok, setup.Secret, codeAt(t, setup.Secret, f.clk.Now())); err != nil {
				t.Fatalf("%s: enrol: %v", c.role, err)
			}
			if s, _ := f.a.Session(ctx, tok); s.Stage != auth.StageReady {
				t.Fatalf("%s: after enrolling: stage %v", c.role, s.Stage)
			}
			if err := f.a.DisableTOTP(me, pw, "10.0.0.1"); !strings.Contains(errs.FieldsOf(err)["password"], "bắt buộc") {
				t.Fatalf("%s: turning the factor off: %v, want refused", c.role, err)
			}
		}
	})
}

func TestTOTP_EachCodeSignsInOnceEvenOnAnotherInstance(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		pw := f.addUser(t, "xacminh1", access.RoleAnalyst)
		setup, err := f.a.EnrolTOTP(f.sys, "xacminh1")
		if err != nil {
			t.Fatal(err)
		}
		code := codeAt(t, setup.Secret, f.clk.Now())
		tok, sess, err := f.a.Login(ctx, "xacminh1", pw, "10.0.0.1")
		if err != nil || sess.Stage != auth.StageCode {
			t.Fatalf("password step: %v %+v", err, sess)
		}
		if err := f.a.VerifyTOTP(ctx, tok, code, "10.0.0.1"); err != nil {
			t.Fatalf("the code: %v", err)
		}
		other := auth.NewService(db, f.clk, nil)
		other.UseKeys(f.keys)
		for _, a := range []*auth.Service{f.a, other} {
			tok, _, err := a.Login(ctx, "xacminh1", pw, "10.0.0.2")
			if err != nil {
				t.Fatal(err)
			}
			if err := a.VerifyTOTP(ctx, tok, code, "10.0.0.2"); !strings.Contains(errs.FieldsOf(err)["code"], "đã được dùng") {
				t.Fatalf("the same code again: %v, want refused as used", err)
			}
		}
		// The next code, and one of a step before the last used, then.
		next := codeAt(t, setup.Secret, f.clk.Now().Add(30*time.Second))
		tok, _, _ = f.a.Login(ctx, "xacminh1", pw, "10.0.0.3")
		if err := f.a.VerifyTOTP(ctx, tok, codeAt(t, setup.Secret, f.clk.Now().Add(-30*time.Second)), "10.0.0.3"); err == nil {
			t.Fatal("a code older than the last used one was accepted")
		}
		if err := f.a.VerifyTOTP(ctx, tok, next, "10.0.0.3"); err != nil {
			t.Fatalf("the next code: %v", err)
		}
	})
}

func TestTOTP_WrongCodesAreThrottledAndARightPasswordDoesNotResetThem(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		pw := f.addUser(t, "xacminh1", access.RoleAnalyst)
		setup, err := f.a.EnrolTOTP(f.sys, "xacminh1")
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 5; i++ {
			tok, _, err := f.a.Login(ctx, "xacminh1", pw, "10.0.0.1")
			if err != nil {
				t.Fatalf("password %d: %v", i+1, err)
			}
			f.a.VerifyTOTP(ctx, tok, "000000", "10.0.0.1")
		}
		if _, _, err := f.a.Login(ctx, "xacminh1", pw, "10.0.0.1"); errs.KindOf(err) != errs.KindTooMany {
			t.Fatalf("after five wrong codes: %v, want throttled", err)
		}
		_ = setup
	})
}

func TestMustChangePassword_OnlyWhenSomeoneElseSetIt(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		_, generated, err := f.a.Create(f.sys, auth.NewUser{Username: "duoc-cap", UnitCode: "cao-bang-snnmt", Roles: []access.Role{access.RoleOfficer}})
		if err != nil {
			t.Fatal(err)
		}
		_, kept, err := f.a.Create(f.sys, auth.NewUser{Username: "demo-in", UnitCode: "cao-bang-snnmt", Roles: []access.Role{access.RoleOfficer}, KeepGenerated: true})
		if err != nil {
			t.Fatal(err)
		}
		reset, err := f.a.ResetPassword(f.sys, "nguoidung")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			user, pw string
			want     auth.Stage
		}{
			{"duoc-cap", generated, auth.StageNewPassword},
			{"demo-in", kept, auth.StageReady},
			{"nguoidung", reset, auth.StageNewPassword},
		} {
			tok, sess, err := f.a.Login(ctx, c.user, c.pw, "10.0.0.1")
			if err != nil || sess.Stage != c.want {
				t.Fatalf("%s: %v stage %v, want %v", c.user, err, sess.Stage, c.want)
			}
			if c.want != auth.StageNewPassword {
				continue
			}
			me := f.signedIn(t, tok)
			if err := f.a.ChangePassword(me, auth.PasswordChange{Old: c.pw, New: c.pw, IP: "10.0.0.1", Token: tok}); errs.FieldsOf(err)["new_password"] == "" {
				t.Fatalf("%s: keeping the given password: %v, want refused", c.user, err)
			}
			if err := f.a.ChangePassword(me, auth.PasswordChange{Old: c.pw, New: "mot cau cua rieng toi", IP: "10.0.0.1", Token: tok}); err != nil {
				t.Fatal(err)
			}
			if s, _ := f.a.Session(ctx, tok); s.Stage != auth.StageReady {
				t.Fatalf("%s: after the change: stage %v", c.user, s.Stage)
			}
		}
	})
}

func TestLimits_ChecksInsideASessionDoNotCountTowardTheAddressLimit(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.a.Limits.PerAddress = 3
		ctx := context.Background()
		const office = "10.20.30.40" // one address for a whole office behind a proxy
		tok, _, err := f.a.Login(ctx, "nguoidung", "mot-mat-khau-dung", office)
		if err != nil {
			t.Fatal(err)
		}
		for range 4 {
			f.a.ChangePassword(f.signedIn(t, tok), auth.PasswordChange{Old: "sai", New: "mot cau moi that dai", IP: office, Token: tok})
		}
		pw := f.addUser(t, "dongnghiep", access.RoleOfficer)
		if _, _, err := f.a.Login(ctx, "dongnghiep", pw, office); err != nil {
			t.Fatalf("a colleague at the same address after someone's wrong current passwords: %v", err)
		}
		for range 3 {
			f.a.Login(ctx, "ai-do", "sai", office)
		}
		if _, _, err := f.a.Login(ctx, "dongnghiep", pw, office); errs.KindOf(err) != errs.KindTooMany {
			t.Fatalf("after three failed sign-ins from the address: %v, want the address limit", err)
		}
	})
}
