// Package auth owns accounts, their roles, passwords, sessions, login
// limits and the second factor. It turns a session into an access.Actor;
// what that actor may reach in the tree is decided by org.
package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"github.com/canhgiac/canhgiac/internal/seal"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/store"
)

// Service manages accounts and sessions.
type Service struct {
	db    *store.DB
	clock clock.Clock
	org   *org.Service
	// Limits throttle every check of a password or a code (limits.go).
	Limits Limits
	// IdleTimeout ends a session left unused that long; MaxSessionAge ends
	// every session that long after sign-in, however busy.
	IdleTimeout   time.Duration
	MaxSessionAge time.Duration
	meter         *keyMeter
	keys          *seal.Keys // seal TOTP secrets (sealed.go)
	// OnInvite, when set, is called in the transaction that creates an
	// invited account with an e-mail address: the program queues the
	// e-mail there (a job), so a crash neither loses nor doubles it.
	OnInvite func(ctx context.Context, tx *sql.Tx, userID int64) error
}

// NewService returns the account service with the default limits and
// session lifetimes.
func NewService(db *store.DB, clk clock.Clock, o *org.Service) *Service {
	return &Service{db: db, clock: clk, org: o, Limits: DefaultLimits, IdleTimeout: DefaultIdleTimeout, MaxSessionAge: DefaultMaxSessionAge,
		meter: newKeyMeter()}
}

// The default session lifetimes: two idle hours, twelve in all (a working
// day); the configuration may change them.
const (
	DefaultIdleTimeout   = 2 * time.Hour
	DefaultMaxSessionAge = 12 * time.Hour
)

// SecondFactorRoles are the roles that see personal data (tips and their
// reporters, subscribers, accounts): an account holding one must have a
// second factor before it can do anything.
var SecondFactorRoles = []access.Role{access.RoleAdmin, access.RoleCoordinator, access.RoleAnalyst}

// NeedsSecondFactor reports whether an account with these grants must have
// a second factor.
func NeedsSecondFactor(gs []GrantView) bool {
	return slices.ContainsFunc(gs, func(g GrantView) bool { return slices.Contains(SecondFactorRoles, g.Role) })
}

// User is an account as the console shows it.
type User struct {
	ID          int64
	Username    string
	FullName    string
	Email       string
	UnitID      int64
	UnitCode    string
	UnitName    string
	Grants      []GrantView
	TOTPEnabled bool
	Disabled    bool
	CreatedAt   time.Time
}

// GrantView is a role with the unit it covers.
type GrantView struct {
	Role      access.Role
	ScopeID   int64
	ScopeCode string
	ScopeName string
}

// NewUser is what an administrator types to create an account.
type NewUser struct {
	Username string
	FullName string
	Email    string // for reminders; optional
	UnitCode string
	Roles    []access.Role
	// ScopeCode is the unit whose subtree the roles cover; empty means the
	// user's own unit.
	ScopeCode string
	Password  string // empty: one is generated and returned once
	// KeepGenerated lets the person keep a generated password: the demo
	// prints it to the one who will sign in. Otherwise a generated password
	// (known to whoever created the account) must be replaced at the first
	// sign-in, while a given one is the person's own.
	KeepGenerated bool
}

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,39}$`)

// Create adds an account. It returns the password to hand to the person when
// one was generated (it is stored only as a hash).
func (s *Service) Create(ctx context.Context, in NewUser) (User, string, error) {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.FullName = strings.Join(strings.Fields(in.FullName), " ")
	in.UnitCode = strings.ToLower(strings.TrimSpace(in.UnitCode))
	in.ScopeCode = strings.ToLower(strings.TrimSpace(in.ScopeCode))
	v := errs.NewInvalid()
	v.MaxLen("full_name", "Họ và tên", in.FullName, 100).MaxLen("email", "Thư điện tử", in.Email, 254)
	in.Email = checkEmail(v, in.Email)
	if !usernamePattern.MatchString(in.Username) {
		v.Field("username", "Tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang.")
	}
	if len(in.Roles) == 0 {
		v.Field("roles", "Vui lòng chọn ít nhất một vai trò.")
	}
	for _, r := range in.Roles {
		if !r.Valid() {
			v.Fieldf("roles", "Vai trò %q không tồn tại (chọn: admin, coordinator, leader, officer, editor, analyst).", r)
		}
	}
	generated := ""
	if in.Password == "" {
		generated = GeneratePassword()
		in.Password = generated
	} else if why := CheckPassword(in.Password, in.Username); why != "" {
		v.Field("password", why)
	}
	today := s.org.Today()
	unit, scope, err := s.resolveUnits(ctx, in.UnitCode, in.ScopeCode, today, v)
	if err != nil {
		return User{}, "", err
	}
	if err := v.Err(); err != nil {
		return User{}, "", err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return User{}, "", err
	}
	now := s.clock.Now()
	u := User{Username: in.Username, FullName: in.FullName, Email: in.Email, UnitID: unit.ID, UnitCode: unit.Code, UnitName: unit.Name, CreatedAt: now}
	for _, r := range uniqueRoles(in.Roles) {
		u.Grants = append(u.Grants, GrantView{Role: r, ScopeID: scope.ID, ScopeCode: scope.Code, ScopeName: scope.Name})
	}
	if err := s.checkGrants(ctx, nil, u.UnitID, u.Grants); err != nil {
		return User{}, "", err
	}
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		mustChange := generated != "" && !in.KeepGenerated
		err := tx.QueryRowContext(ctx, `INSERT INTO users (username, full_name, email, unit_id, password_hash, must_change_password, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, u.Username, u.FullName, u.Email, u.UnitID, hash, mustChange, now).Scan(&u.ID)
		if store.IsUniqueViolation(err) {
			return errs.InvalidField("username", fmt.Sprintf("Tên đăng nhập %q đã có người dùng.", u.Username))
		} else if err != nil {
			return err
		}
		if err := insertGrants(ctx, tx, u.ID, u.Grants); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "user.create", Entity: "user", EntityKey: u.Username, UnitID: u.UnitID,
			Summary: fmt.Sprintf("Tạo tài khoản %s tại %s", u.Username, u.UnitName)}, nil, userSnapshot(u))
	})
	if err != nil {
		return User{}, "", err
	}
	return u, generated, nil
}

// resolveUnits checks the account's unit and the roles' scope: both must
// exist today and lie where the actor may manage accounts.
func (s *Service) resolveUnits(ctx context.Context, unitCode, scopeCode, today string, v *errs.Invalid) (unit, scope org.Unit, err error) {
	get := func(code, field string) (org.Unit, error) {
		if code == "" {
			v.Field(field, "Vui lòng chọn đơn vị.")
			return org.Unit{}, nil
		}
		u, err := s.org.Lookup(ctx, code, today)
		switch {
		case errs.KindOf(err) == errs.KindNotFound:
			v.Fieldf(field, "Không có đơn vị mã %q.", code)
			return org.Unit{}, nil
		case errors.Is(err, errs.ErrForbidden):
			v.Field(field, "Đơn vị này nằm ngoài phạm vi bạn quản lý.")
			return org.Unit{}, nil
		case err != nil:
			return org.Unit{}, err
		case !u.Active(today):
			v.Fieldf(field, "%s đã ngừng hoạt động; hãy chọn đơn vị kế thừa.", u.Name)
			return org.Unit{}, nil
		}
		if err := s.org.Authorize(ctx, access.UserManage, u.ID); errors.Is(err, errs.ErrForbidden) {
			v.Field(field, "Bạn không có quyền quản lý tài khoản của đơn vị này.")
			return org.Unit{}, nil
		} else if err != nil {
			return org.Unit{}, err
		}
		return u, nil
	}
	if unit, err = get(unitCode, "unit"); err != nil {
		return
	}
	if scopeCode == "" || scopeCode == unitCode {
		return unit, unit, nil
	}
	scope, err = get(scopeCode, "scope")
	return
}

func uniqueRoles(rs []access.Role) []access.Role {
	out := slices.Clone(rs)
	slices.Sort(out)
	return slices.Compact(out)
}

func insertGrants(ctx context.Context, tx *sql.Tx, userID int64, gs []GrantView) error {
	for _, g := range gs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role, scope_unit_id) VALUES ($1, $2, $3)`, userID, string(g.Role), g.ScopeID); err != nil {
			return err
		}
	}
	return nil
}

func userSnapshot(u User) map[string]any {
	roles := make([]string, len(u.Grants))
	for i, g := range u.Grants {
		roles[i] = string(g.Role) + "@" + g.ScopeCode
	}
	return map[string]any{"username": u.Username, "full_name": u.FullName, "unit": u.UnitCode, "roles": roles, "disabled": u.Disabled, "totp": u.TOTPEnabled}
}

// checkEmail normalises an optional e-mail address, recording a problem.
func checkEmail(v *errs.Invalid, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || !strings.Contains(a.Address, ".") {
		v.Fieldf("email", "Địa chỉ thư %q không hợp lệ (ví dụ: canbo@snnmt.caobang.gov.vn).", s)
		return s
	}
	return strings.ToLower(a.Address)
}
