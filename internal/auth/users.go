package auth

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// unitName is the latest name of a unit, for listings.
const unitName = `(SELECT v.name FROM unit_versions v WHERE v.unit_id = %s ORDER BY v.valid_from DESC LIMIT 1)`

var userSelect = `SELECT u.id, u.username, u.full_name, u.email, u.unit_id, un.code, ` + fmt.Sprintf(unitName, "u.unit_id") + `,
	u.totp_enabled, u.disabled, u.created_at FROM users u JOIN units un ON un.id = u.unit_id`

func (s *Service) queryUsers(ctx context.Context, q store.Querier, where string, args ...any) ([]User, error) {
	rows, err := q.QueryContext(ctx, userSelect+" "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	var out []User
	for rows.Next() {
		var u User
		if err := rows.Scan(&u.ID, &u.Username, &u.FullName, &u.Email, &u.UnitID, &u.UnitCode, &u.UnitName, &u.TOTPEnabled, &u.Disabled, &u.CreatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Grants, err = grants(ctx, q, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func grants(ctx context.Context, q store.Querier, userID int64) ([]GrantView, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.role, r.scope_unit_id, un.code, `+fmt.Sprintf(unitName, "r.scope_unit_id")+`
		FROM user_roles r JOIN units un ON un.id = r.scope_unit_id WHERE r.user_id = $1 ORDER BY r.role`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []GrantView
	for rows.Next() {
		var g GrantView
		var role string
		if err := rows.Scan(&role, &g.ScopeID, &g.ScopeCode, &g.ScopeName); err != nil {
			return nil, err
		}
		g.Role = access.Role(role)
		out = append(out, g)
	}
	return out, rows.Err()
}

// List returns the accounts of the units the actor may see accounts of,
// sorted by unit then name.
func (s *Service) List(ctx context.Context) ([]User, error) {
	sc, err := s.org.ScopeOf(ctx, access.UserView)
	if err != nil {
		return nil, err
	}
	if !sc.All && len(sc.IDs) == 0 {
		return nil, errs.ErrForbidden
	}
	all, err := s.queryUsers(ctx, s.db.R, "ORDER BY u.username")
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, u := range all {
		if sc.Contains(u.UnitID) {
			out = append(out, u)
		}
	}
	c := vn.NewCollator()
	vn.SortBy(c, out, func(u User) string { return u.UnitName + "\x00" + u.Username })
	return out, nil
}

// Get returns one account the actor may see.
func (s *Service) Get(ctx context.Context, username string) (User, error) {
	us, err := s.queryUsers(ctx, s.db.R, "WHERE u.username = $1", strings.ToLower(strings.TrimSpace(username)))
	if err != nil {
		return User{}, err
	}
	if len(us) == 0 {
		return User{}, errs.NotFound("Không có tài khoản này.", "No such account.")
	}
	if a := access.From(ctx); a != nil && a.UserID == us[0].ID {
		return us[0], nil // everyone may read their own account
	}
	if err := s.org.Authorize(ctx, access.UserView, us[0].UnitID); err != nil {
		return User{}, err
	}
	return us[0], nil
}

// UserUpdate is what an administrator changes on an account.
type UserUpdate struct {
	FullName  string
	Email     string
	UnitCode  string
	Roles     []access.Role
	ScopeCode string
	Disabled  bool
}

// Update changes an account's name, unit, roles or state. The actor must
// manage accounts both where the account is and where it goes.
func (s *Service) Update(ctx context.Context, username string, in UserUpdate) (User, error) {
	cur, err := s.Get(ctx, username)
	if err != nil {
		return User{}, err
	}
	if err := s.org.Authorize(ctx, access.UserManage, cur.UnitID); err != nil {
		return User{}, err
	}
	if a := access.From(ctx); a != nil && a.UserID == cur.ID && in.Disabled {
		return User{}, errs.InvalidField("disabled", "Bạn không thể tự khóa tài khoản của mình.")
	}
	v := errs.NewInvalid()
	v.MaxLen("full_name", "Họ và tên", in.FullName, 100).MaxLen("email", "Thư điện tử", in.Email, 254)
	in.Email = checkEmail(v, in.Email)
	if len(in.Roles) == 0 {
		v.Field("roles", "Vui lòng chọn ít nhất một vai trò.")
	}
	for _, r := range in.Roles {
		if !r.Valid() {
			v.Fieldf("roles", "Vai trò %q không tồn tại.", r)
		}
	}
	unit, scope, err := s.resolveUnits(ctx, strings.ToLower(strings.TrimSpace(in.UnitCode)), strings.ToLower(strings.TrimSpace(in.ScopeCode)), s.org.Today(), v)
	if err != nil {
		return User{}, err
	}
	if err := v.Err(); err != nil {
		return User{}, err
	}
	next := cur
	next.FullName = strings.Join(strings.Fields(in.FullName), " ")
	next.Email = in.Email
	next.UnitID, next.UnitCode, next.UnitName = unit.ID, unit.Code, unit.Name
	next.Disabled = in.Disabled
	next.Grants = nil
	for _, r := range uniqueRoles(in.Roles) {
		next.Grants = append(next.Grants, GrantView{Role: r, ScopeID: scope.ID, ScopeCode: scope.Code, ScopeName: scope.Name})
	}
	if err := s.checkGrants(ctx, &cur, next.UnitID, next.Grants); err != nil {
		return User{}, err
	}
	now := s.clock.Now()
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET full_name = $1, unit_id = $2, disabled = $3, email = $4, updated_at = $5 WHERE id = $6`,
			next.FullName, next.UnitID, next.Disabled, next.Email, now, cur.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = $1`, cur.ID); err != nil {
			return err
		}
		if err := insertGrants(ctx, tx, cur.ID, next.Grants); err != nil {
			return err
		}
		if next.Disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, cur.ID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "user.update", Entity: "user", EntityKey: cur.Username, UnitID: next.UnitID,
			Summary: fmt.Sprintf("Sửa tài khoản %s", cur.Username)}, userSnapshot(cur), userSnapshot(next))
	})
	return next, err
}

// ResetPassword gives the account a new generated password, ends its
// sessions and returns the password once. The person must replace it at
// their next sign-in: the administrator knows it.
func (s *Service) ResetPassword(ctx context.Context, username string) (string, error) {
	u, err := s.Get(ctx, username)
	if err != nil {
		return "", err
	}
	if err := s.org.Authorize(ctx, access.UserManage, u.UnitID); err != nil {
		return "", err
	}
	if err := s.checkTakeover(ctx, &u, "đặt lại mật khẩu"); err != nil {
		return "", err
	}
	pw := GeneratePassword()
	hash, err := HashPassword(pw)
	if err != nil {
		return "", err
	}
	now := s.clock.Now()
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4`, hash, true, now, u.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "user.reset_password", Entity: "user", EntityKey: u.Username, UnitID: u.UnitID,
			Summary: "Đặt lại mật khẩu cho " + u.Username}, nil, nil)
	})
	if err != nil {
		return "", fmt.Errorf("user %s: reset password: %w", u.Username, err)
	}
	return pw, nil
}

// PasswordChange is a signed-in user's change of their own password.
type PasswordChange struct {
	Old, New string
	IP       string // the client's address, for the limits on wrong passwords
	Token    string // the session it is made from, which stays open
}

// ChangePassword changes the signed-in user's own password, after checking
// the current one under the sign-in limits. Every other session of the
// account ends (a thief's among them); the one it is made from stays.
func (s *Service) ChangePassword(ctx context.Context, in PasswordChange) error {
	a := access.From(ctx)
	if a == nil || a.UserID == 0 {
		return errs.ErrUnauthenticated
	}
	v := errs.NewInvalid()
	if err := s.checkOwnPassword(ctx, a.UserID, a.Username, in.Old, in.IP, "old_password"); errs.FieldsOf(err) != nil {
		v.Field("old_password", errs.FieldsOf(err)["old_password"])
	} else if err != nil {
		return err
	}
	if why := CheckPassword(in.New, a.Username); why != "" {
		v.Field("new_password", why)
	} else if in.New == in.Old {
		v.Field("new_password", "Mật khẩu mới phải khác mật khẩu hiện tại.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	hash, err := HashPassword(in.New)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4`, hash, false, now, a.UserID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, a.UserID, hashToken(in.Token)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "user.change_password", Entity: "user", EntityKey: a.Username, UnitID: a.UnitID,
			Summary: "Đổi mật khẩu; các phiên đăng nhập khác đã đóng"}, nil, nil)
	})
	if err != nil {
		return fmt.Errorf("user %s: change password: %w", a.Username, err)
	}
	return nil
}

// Recipient is a person who hears about their unit's deadlines.
type Recipient struct {
	UserID   int64
	Username string
	FullName string
	Email    string
}

// UnitsWithRoles returns, in order, the units that have an active account
// holding one of the roles: the units someone can be told about. It is not
// scoped: the system calls it.
func (s *Service) UnitsWithRoles(ctx context.Context, roles ...access.Role) ([]int64, error) {
	if len(roles) == 0 {
		return nil, nil
	}
	args := []any{false}
	marks := make([]string, len(roles))
	for i, r := range roles {
		args = append(args, string(r))
		marks[i] = "$" + strconv.Itoa(i+2)
	}
	ids, err := store.Column[int64](s.db.R.QueryContext(ctx, `SELECT DISTINCT u.unit_id FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE u.disabled = $1 AND r.role IN (`+strings.Join(marks, ", ")+`) ORDER BY u.unit_id`, args...))
	if err != nil {
		return nil, fmt.Errorf("units with roles: %w", err)
	}
	return ids, nil
}

// Recipients returns the active accounts of a unit that hold one of the
// roles, for notices and reminders. It is not scoped: the system calls it.
func (s *Service) Recipients(ctx context.Context, unitID int64, roles ...access.Role) ([]Recipient, error) {
	us, err := s.queryUsers(ctx, s.db.R, "WHERE u.unit_id = $1 AND u.disabled = $2 ORDER BY u.username", unitID, false)
	if err != nil {
		return nil, err
	}
	var out []Recipient
	for _, u := range us {
		for _, g := range u.Grants {
			if slices.Contains(roles, g.Role) {
				out = append(out, Recipient{UserID: u.ID, Username: u.Username, FullName: u.FullName, Email: u.Email})
				break
			}
		}
	}
	return out, nil
}
