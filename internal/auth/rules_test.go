package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// made creates an account as the system and returns it.
func (f fixture) made(t *testing.T, username, unit, scope string, role access.Role) auth.User {
	t.Helper()
	u, _, err := f.a.Create(f.sys, auth.NewUser{Username: username, UnitCode: unit, ScopeCode: scope, Roles: []access.Role{role}, Password: "mat-khau-cua-" + username})
	if err != nil {
		t.Fatalf("account %s: %v", username, err)
	}
	return u
}

// message is what a refusal tells the person: the field's message, or the
// error's Vietnamese text.
func message(err error, field string) string {
	if f := errs.FieldsOf(err); f != nil {
		return f[field]
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return e.VI
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func TestCreate_RefusesWhatIsTypedWrongByFieldAndKeepsNothing(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	ok := auth.NewUser{Username: "canbo-moi", FullName: "Nguyễn Văn Mới", UnitCode: "cao-bang-ca", Roles: []access.Role{access.RoleOfficer}, Password: "mat-khau-du-dai-1"}
	cases := []struct {
		name  string
		edit  func(*auth.NewUser)
		field string
		want  string
	}{
		{"a name too short", func(u *auth.NewUser) { u.Username = "ab" }, "username",
			"Tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang."},
		{"a name with accents", func(u *auth.NewUser) { u.Username = "cán-bộ" }, "username", "Tên đăng nhập gồm 3–40 ký tự"},
		{"a name already taken, typed in capitals", func(u *auth.NewUser) { u.Username = " NguoiDung " }, "username", "Tên đăng nhập \"nguoidung\" đã có người dùng."},
		{"no role", func(u *auth.NewUser) { u.Roles = nil }, "roles", "Vui lòng chọn ít nhất một vai trò."},
		{"an unknown role", func(u *auth.NewUser) { u.Roles = []access.Role{"boss"} }, "roles", "Vai trò \"boss\" không tồn tại"},
		{"an e-mail address that is not one", func(u *auth.NewUser) { u.Email = "canbo@caobang" }, "email", "Địa chỉ thư \"canbo@caobang\" không hợp lệ"},
		{"a full name over 100 characters", func(u *auth.NewUser) { u.FullName = strings.Repeat("Nguyễn ", 20) }, "full_name", "Họ và tên dài quá 100 ký tự"},
		{"a short password", func(u *auth.NewUser) { u.Password = "ngan-qua" }, "password", "Mật khẩu cần ít nhất 10 ký tự."},
		{"the name as the password", func(u *auth.NewUser) { u.Username, u.Password = "canbo-caobang", "CANBO-CAOBANG" }, "password", "Mật khẩu không được trùng tên đăng nhập."},
		{"no unit", func(u *auth.NewUser) { u.UnitCode = " " }, "unit", "Vui lòng chọn đơn vị."},
		{"a unit that does not exist", func(u *auth.NewUser) { u.UnitCode = "cao-bang-xyz" }, "unit", "Không có đơn vị mã \"cao-bang-xyz\"."},
		{"a unit merged away", func(u *auth.NewUser) { u.UnitCode = "cao-bang-snnptnt" }, "unit",
			"Sở Nông nghiệp và Phát triển nông thôn tỉnh Cao Bằng đã ngừng hoạt động; hãy chọn đơn vị kế thừa."},
		{"a scope that does not exist", func(u *auth.NewUser) { u.ScopeCode = "khong-co" }, "scope", "Không có đơn vị mã \"khong-co\"."},
	}
	for _, c := range cases {
		in := ok
		c.edit(&in)
		_, pw, err := f.a.Create(f.sys, in)
		if got := message(err, c.field); !strings.Contains(got, c.want) {
			t.Errorf("%s: %s says %q (%v), want %q", c.name, c.field, got, err, c.want)
		}
		if pw != "" {
			t.Errorf("%s: a password was handed out for a refused account", c.name)
		}
	}
	us, err := f.a.List(f.sys)
	if err != nil || len(us) != 1 || us[0].Username != "nguoidung" {
		t.Fatalf("accounts after the refusals: %v %v, want only the fixture's", us, err)
	}
}

// TestAccounts_ReadAndManagedOnlyWithinTheActorsUnits checks, for each kind
// of person, whether they may read an officer's account, reset its password
// and change it, and which accounts their list shows.
func TestAccounts_ReadAndManagedOnlyWithinTheActorsUnits(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		target := f.made(t, "cb-sgd", "cao-bang-sgddt", "", access.RoleOfficer)
		f.made(t, "cb-truong", "cao-bang-thpt-chuyen", "", access.RoleOfficer)
		as := func(username, unit, scope string, role access.Role) context.Context {
			return actorOf(t, f, f.made(t, username, unit, scope, role))
		}
		self := actorOf(t, f, target)
		// Every account of the department and its school, as lists sort
		// them (by unit name, then username); qt-sgd and qt-truong are
		// made below.
		const all = "cb-sgd qt-sgd cb-truong qt-truong"
		cases := []struct {
			name             string
			ctx              context.Context
			read, manage     bool
			list             string // usernames the list shows in the department's subtree, "forbidden" if refused
			listOtherUnitsOK bool   // whether the list may also hold accounts outside the department
		}{
			{"the department's admin", as("qt-sgd", "cao-bang-sgddt", "", access.RoleAdmin), true, true, all, false},
			{"the province's admin", as("qt-tinh", "cao-bang-ca", "cao-bang", access.RoleAdmin), true, true, all, true},
			{"the national admin", as("qt-bo", "bca-a05", "bca", access.RoleAdmin), true, true, all, true},
			{"the province's coordinator", as("tt-tinh", "cao-bang-ca", "cao-bang", access.RoleCoordinator), true, false, all, true},
			{"a sibling department's admin", as("qt-ca", "cao-bang-ca", "", access.RoleAdmin), false, false, "", true},
			{"the school's admin", as("qt-truong", "cao-bang-thpt-chuyen", "", access.RoleAdmin), false, false, "cb-truong qt-truong", false},
			{"another province's admin", as("qt-ag", "an-giang-ca", "an-giang", access.RoleAdmin), false, false, "", true},
			{"the officer themself", self, true, false, "forbidden", false},
		}
		for _, c := range cases {
			u, err := f.a.Get(c.ctx, "cb-sgd")
			if c.read && (err != nil || u.UnitName != "Sở Giáo dục và Đào tạo tỉnh Cao Bằng") {
				t.Errorf("%s reads the account: %v", c.name, err)
			}
			if !c.read && !errors.Is(err, errs.ErrForbidden) {
				t.Errorf("%s reads the account: %v, want a refusal", c.name, err)
			}
			pw, err := f.a.ResetPassword(c.ctx, "cb-sgd")
			if c.manage != (err == nil && pw != "") {
				t.Errorf("%s resets the password: %v, want allowed=%v", c.name, err, c.manage)
			}
			_, err = f.a.Update(c.ctx, "cb-sgd", auth.UserUpdate{FullName: "Đổi tên bởi " + c.name, UnitCode: "cao-bang-sgddt", Roles: []access.Role{access.RoleOfficer}})
			if c.manage != (err == nil) {
				t.Errorf("%s updates the account: %v, want allowed=%v", c.name, err, c.manage)
			}
			list, err := f.a.List(c.ctx)
			if c.list == "forbidden" {
				if !errors.Is(err, errs.ErrForbidden) {
					t.Errorf("%s lists accounts: %d, %v; want a refusal", c.name, len(list), err)
				}
				continue
			}
			var inDept []string
			for _, u := range list {
				switch {
				case u.UnitCode == "cao-bang-sgddt" || u.UnitCode == "cao-bang-thpt-chuyen":
					inDept = append(inDept, u.Username)
				case !c.listOtherUnitsOK:
					t.Errorf("%s lists %s of %s, outside their units", c.name, u.Username, u.UnitCode)
				}
			}
			if strings.Join(inDept, " ") != c.list {
				t.Errorf("%s lists %v in the department, want %s", c.name, inDept, c.list)
			}
		}
	})
}

func TestUpdate_AnAdminCannotLockThemselvesOut(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	admin := f.made(t, "qt-ca", "cao-bang-ca", "", access.RoleAdmin)
	_, err := f.a.Update(actorOf(t, f, admin), "qt-ca", auth.UserUpdate{UnitCode: "cao-bang-ca", Roles: []access.Role{access.RoleAdmin}, Disabled: true})
	if got := message(err, "disabled"); got != "Bạn không thể tự khóa tài khoản của mình." {
		t.Fatalf("%q, want the self-lock refused", got)
	}
	if u, _ := f.a.Get(f.sys, "qt-ca"); u.Disabled {
		t.Fatal("the account was locked anyway")
	}
}

// A reset hands out a password the administrator knows: the old one and
// every session stop working, and the new one must be replaced at once.
func TestResetPassword_EndsSessionsAndMustBeReplacedAtSignIn(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		tok, _, err := f.a.Login(ctx, "nguoidung", "mot-mat-khau-dung", "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		pw, err := f.a.ResetPassword(f.sys, "nguoidung")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.a.Session(ctx, tok); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Errorf("the session from before the reset: %v, want ended", err)
		}
		if _, _, err := f.a.Login(ctx, "nguoidung", "mot-mat-khau-dung", "10.0.0.1"); !errors.Is(err, auth.ErrBadCredentials) {
			t.Errorf("the old password: %v, want refused", err)
		}
		_, sess, err := f.a.Login(ctx, "nguoidung", pw, "10.0.0.1")
		if err != nil || sess.Stage != auth.StageNewPassword {
			t.Fatalf("the reset password: %v, stage %v; want a session that must change its password first", err, sess)
		}
	})
}

func TestLogout_EndsThatSessionOnly(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	ctx := context.Background()
	phone, _, err := f.a.Login(ctx, "nguoidung", "mot-mat-khau-dung", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	desk, _, err := f.a.Login(ctx, "nguoidung", "mot-mat-khau-dung", "10.0.0.2")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.a.Logout(ctx, phone); err != nil {
		t.Fatal(err)
	}
	if _, err := f.a.Session(ctx, phone); !errors.Is(err, errs.ErrUnauthenticated) {
		t.Errorf("the session signed out: %v, want ended", err)
	}
	if _, err := f.a.Session(ctx, desk); err != nil {
		t.Errorf("the other session: %v, want it open", err)
	}
}

func TestRecipients_ActiveAccountsOfTheUnitWithTheRoles(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	f.made(t, "ld-ca", "cao-bang-ca", "", access.RoleLeader)
	f.made(t, "cb-ca", "cao-bang-ca", "", access.RoleOfficer)
	f.made(t, "ld-ca-nghi", "cao-bang-ca", "", access.RoleLeader)
	f.made(t, "ld-sgd", "cao-bang-sgddt", "", access.RoleLeader)
	if _, err := f.a.Update(f.sys, "ld-ca-nghi", auth.UserUpdate{UnitCode: "cao-bang-ca", Roles: []access.Role{access.RoleLeader}, Disabled: true}); err != nil {
		t.Fatal(err)
	}
	ca, err := f.a.Get(f.sys, "ld-ca")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := f.a.Recipients(f.sys, ca.UnitID, access.RoleLeader, access.RoleCoordinator)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rs {
		names = append(names, r.Username)
	}
	if strings.Join(names, " ") != "ld-ca" {
		t.Fatalf("recipients %v, want only the active leader of the unit", names)
	}
}

// API keys: refused by field when typed wrong, managed only by the
// administrators of the key's unit, stopped at once when revoked, and a
// revoked key cannot be revoked or rotated again.
func TestAPIKeys_IssuedAndStoppedByTheUnitsAdministrators(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		create := []struct {
			name          string
			ctx           context.Context
			unit          string
			scopes        []string
			field, refuse string
		}{
			{"an unknown unit", f.sys, "ngan-hang-x", []string{"check"}, "unit", "Không có đơn vị mã \"ngan-hang-x\"."},
			{"an unknown right", f.sys, "cao-bang-vcb", []string{"check", "delete"}, "scopes", "Quyền \"delete\" không có (chọn: check, screen, report)."},
			{"no right", f.sys, "cao-bang-vcb", []string{" "}, "scopes", "Vui lòng chọn ít nhất một quyền: check, screen, report."},
			{"an officer of the bank's parent", actorOf(t, f, f.made(t, "cb-nhnn", "nhnn-kv5", "", access.RoleOfficer)), "cao-bang-vcb", []string{"check"}, "", errs.ErrForbidden.VI},
		}
		for _, c := range create {
			_, secret, err := f.a.CreateAPIKey(c.ctx, c.unit, "Kiểm tra số tài khoản", c.scopes, 100)
			if got := message(err, c.field); got != c.refuse || secret != "" {
				t.Errorf("%s: %q, want %q", c.name, got, c.refuse)
			}
		}
		k, secret, err := f.a.CreateAPIKey(f.sys, "cao-bang-vcb", "Kiểm tra số tài khoản", []string{"check", "check "}, 0)
		if err != nil || !strings.HasPrefix(secret, k.Prefix) || k.Quota != 1_000_000 {
			t.Fatalf("key %+v, %v; want the default quota", k, err)
		}
		if _, err := f.a.UseAPIKey(ctx, secret, 1); err != nil {
			t.Fatalf("a fresh key: %v", err)
		}
		ref := k.Prefix + "…"
		outsider := actorOf(t, f, f.made(t, "qt-ag", "an-giang-ca", "an-giang", access.RoleAdmin))
		if _, err := f.a.RevokeAPIKey(outsider, ref); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("another province's admin revokes the key: %v", err)
		}
		if ks, err := f.a.APIKeys(outsider); err != nil || len(ks) != 0 {
			t.Fatalf("another province's admin lists %d keys, %v; want none", len(ks), err)
		}
		admin := actorOf(t, f, f.made(t, "qt-tinh", "cao-bang-ca", "cao-bang", access.RoleAdmin))
		if ks, err := f.a.APIKeys(admin); err != nil || len(ks) != 1 || ks[0].UsedToday != 1 {
			t.Fatalf("the province's admin lists %+v, %v; want the key used once today", ks, err)
		}
		if _, err := f.a.RevokeAPIKey(admin, ref); err != nil {
			t.Fatal(err)
		}
		if _, err := f.a.UseAPIKey(ctx, secret, 1); !errors.Is(err, auth.ErrBadKey) {
			t.Errorf("the revoked key: %v, want %q", err, auth.ErrBadKey.VI)
		}
		want := "Khóa " + k.Prefix + "… đã bị thu hồi từ trước."
		if _, err := f.a.RevokeAPIKey(admin, ref); message(err, "") != want {
			t.Errorf("revoking twice: %q, want %q", message(err, ""), want)
		}
		want = "Khóa " + k.Prefix + "… đã bị thu hồi; hãy cấp khóa mới."
		if _, _, err := f.a.RotateAPIKey(admin, ref); message(err, "") != want {
			t.Errorf("rotating a revoked key: %q, want %q", message(err, ""), want)
		}
		if _, err := f.a.RevokeAPIKey(admin, "cg_khong"); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("an unknown key: %v, want not found", err)
		}
	})
}
