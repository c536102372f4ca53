package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// InvitationTTL is how long an invitation link works: long enough for a
// letter sent on Friday to be read on Monday, short enough that a link
// forgotten in a mailbox does not open an account months later.
const InvitationTTL = 7 * 24 * time.Hour

// noPassword is the password hash of an account that has none yet (made
// by an import, waiting for its invitation): no password matches it.
const noPassword = "!"

// ImportAccount is one row of an account import: who, where, which role.
type ImportAccount struct {
	Line     int // the row in the file, for problems
	Username string
	FullName string
	Email    string
	Phone    string
	UnitCode string
	Role     string // a role code (as `user add` takes it) or its Vietnamese name
}

// Invited is an account the import created, with the one-time token of its
// invitation (shown once, stored only as a hash).
type Invited struct {
	Username, FullName, Email, UnitName string
	Role                                access.Role
	Token                               string
	ExpiresAt                           time.Time
}

// AccountsOutcome is what an account import did (or, when it refused the
// file, would have done).
type AccountsOutcome struct {
	Added     []Invited
	Unchanged []string // usernames already there with the same data
	Problems  []org.RowProblem
}

// errRollback undoes an all-or-nothing import that found problems.
var errRollback = errors.New("import has problems: roll back")

// ImportAccounts creates the accounts of the rows, each with the one role
// it names over its own unit, and an invitation to set a password. Every
// row is checked as `user add` checks one account (the actor manages the
// unit's accounts, may grant the role under the rule of grants); a row
// whose account exists with the same unit, name, e-mail, phone and role is
// unchanged, one with other data is refused (an import never edits an
// account). With opt.AllOrNothing any problem leaves the database as it
// was; opt.Preview only checks.
func (s *Service) ImportAccounts(ctx context.Context, rows []ImportAccount, opt org.ImportOptions) (AccountsOutcome, error) {
	source := opt.Source
	var out AccountsOutcome
	today := s.org.Today()
	seen := map[string]int{}
	type ready struct {
		row  ImportAccount
		user User
	}
	var todo []ready
	for _, r := range rows {
		r.Username = strings.ToLower(strings.TrimSpace(r.Username))
		r.FullName = strings.Join(strings.Fields(r.FullName), " ")
		r.UnitCode = strings.ToLower(strings.TrimSpace(r.UnitCode))
		bad := func(col, format string, args ...any) {
			out.Problems = append(out.Problems, org.RowProblem{Line: r.Line, Column: col, Message: fmt.Sprintf(format, args...)})
		}
		before := len(out.Problems)
		if first, dup := seen[r.Username]; dup && r.Username != "" {
			bad("username", "tên đăng nhập “%s” đã có ở dòng %d của tệp; mỗi tài khoản chỉ một dòng", r.Username, first)
			continue
		}
		seen[r.Username] = r.Line
		v := errs.NewInvalid()
		if !usernamePattern.MatchString(r.Username) {
			bad("username", "tên đăng nhập “%s” không hợp lệ: 3–40 ký tự, chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang", r.Username)
		}
		if r.FullName == "" {
			bad("full_name", "bắt buộc, không được để trống")
		} else if len([]rune(r.FullName)) > 100 {
			bad("full_name", "họ và tên dài quá 100 ký tự")
		}
		email := checkEmail(v, r.Email)
		if m := errs.FieldsOf(v.Err())["email"]; m != "" {
			bad("email", "%s", reason(m))
		}
		phone, ok := normalisePhone(r.Phone)
		if !ok {
			bad("phone", "số điện thoại “%s” không hợp lệ; ghi 10 chữ số, ví dụ 0912345678", r.Phone)
		}
		role, ok := parseRole(r.Role)
		if !ok {
			bad("role", "vai trò “%s” không có; dùng một trong: %s", r.Role, roleHint())
		}
		uv := errs.NewInvalid()
		unit, _, err := s.resolveUnits(ctx, r.UnitCode, "", today, uv)
		if err != nil {
			return AccountsOutcome{}, err
		}
		if m := errs.FieldsOf(uv.Err())["unit"]; m != "" {
			bad("unit", "%s", reason(m))
		}
		if len(out.Problems) > before {
			continue
		}
		u := User{Username: r.Username, FullName: r.FullName, Email: email, UnitID: unit.ID, UnitCode: unit.Code, UnitName: unit.Name,
			Grants: []GrantView{{Role: role, ScopeID: unit.ID, ScopeCode: unit.Code, ScopeName: unit.Name}}}
		existing, err := s.queryUsers(ctx, s.db.R, "WHERE u.username = $1", r.Username)
		if err != nil {
			return AccountsOutcome{}, err
		}
		if len(existing) > 0 {
			if same, err := s.sameAccount(ctx, existing[0], u, phone); err != nil {
				return AccountsOutcome{}, err
			} else if same {
				out.Unchanged = append(out.Unchanged, r.Username)
			} else {
				bad("username", "tài khoản “%s” đã có với thông tin khác; nhập tệp không sửa tài khoản có sẵn — hãy sửa ở trang Tài khoản", r.Username)
			}
			continue
		}
		if err := s.checkGrants(ctx, nil, unit.ID, u.Grants); err != nil {
			if m := errs.FieldsOf(err)["roles"]; m != "" {
				bad("role", "%s", reason(m))
				continue
			}
			return AccountsOutcome{}, err
		}
		r.Phone = phone
		todo = append(todo, ready{row: r, user: u})
	}
	slices.SortStableFunc(out.Problems, func(a, b org.RowProblem) int { return a.Line - b.Line })
	if opt.AllOrNothing && len(out.Problems) > 0 {
		return out, nil
	}
	if opt.Preview {
		for _, t := range todo {
			out.Added = append(out.Added, Invited{Username: t.user.Username, FullName: t.user.FullName, Email: t.user.Email,
				UnitName: t.user.UnitName, Role: t.user.Grants[0].Role})
		}
		return out, nil
	}
	now := s.clock.Now()
	var creator int64
	if a := access.From(ctx); a != nil {
		creator = a.UserID
	}
	err := s.db.Transact(ctx, func(tx *sql.Tx) error {
		out.Added = out.Added[:0]
		for _, t := range todo {
			u := t.user
			phone, err := s.sealPhone(t.row.Phone)
			if err != nil {
				return fmt.Errorf("row %d: phone: %w", t.row.Line, err)
			}
			err = tx.QueryRowContext(ctx, `INSERT INTO users (username, full_name, email, phone, unit_id, password_hash, must_change_password, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`, u.Username, u.FullName, u.Email, phone, u.UnitID, noPassword, false, now).Scan(&u.ID)
			if err != nil {
				return fmt.Errorf("row %d: %w", t.row.Line, err)
			}
			if err := insertGrants(ctx, tx, u.ID, u.Grants); err != nil {
				return err
			}
			tok, exp, err := s.invite(ctx, tx, u.ID, creator, now)
			if err != nil {
				return err
			}
			if u.Email != "" && s.OnInvite != nil {
				if err := s.OnInvite(ctx, tx, u.ID); err != nil {
					return err
				}
			}
			out.Added = append(out.Added, Invited{Username: u.Username, FullName: u.FullName, Email: u.Email, UnitName: u.UnitName,
				Role: u.Grants[0].Role, Token: tok, ExpiresAt: exp})
			if err := audit.Record(ctx, tx, now, audit.Entry{Action: "user.create", Entity: "user", EntityKey: u.Username, UnitID: u.UnitID,
				Summary: fmt.Sprintf("Tạo tài khoản %s tại %s (nhập từ tệp %s), gửi lời mời đặt mật khẩu", u.Username, u.UnitName, source)}, nil, userSnapshot(u)); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "user.import", Entity: "import", EntityKey: source,
			Summary: fmt.Sprintf("Nhập tài khoản từ tệp %s: %d tài khoản mới, %d không đổi, %d dòng lỗi", source, len(out.Added), len(out.Unchanged), countLines(out.Problems))}, nil, nil)
	})
	if err != nil {
		return AccountsOutcome{}, fmt.Errorf("import accounts from %s: %w", source, err)
	}
	return out, nil
}

// sameAccount reports whether an existing account already is what the row
// asks for.
func (s *Service) sameAccount(ctx context.Context, cur, want User, phone string) (bool, error) {
	if cur.UnitID != want.UnitID || cur.FullName != want.FullName || cur.Email != want.Email || len(cur.Grants) != 1 ||
		cur.Grants[0].Role != want.Grants[0].Role || cur.Grants[0].ScopeID != want.Grants[0].ScopeID {
		return false, nil
	}
	var had string
	if err := s.db.R.QueryRowContext(ctx, `SELECT phone FROM users WHERE id = $1`, cur.ID).Scan(&had); err != nil {
		return false, fmt.Errorf("user %s: phone: %w", cur.Username, err)
	}
	if had != "" {
		var err error
		if had, err = s.keys.Open(staffPhone.Where(), had); err != nil {
			return false, fmt.Errorf("user %s: phone: %w", cur.Username, err)
		}
	}
	return had == phone, nil
}

// invite stores a new invitation of the account and returns its token.
func (s *Service) invite(ctx context.Context, tx *sql.Tx, userID, creator int64, now time.Time) (string, time.Time, error) {
	tok := RandomToken()
	exp := now.Add(InvitationTTL)
	var by any
	if creator != 0 {
		by = creator
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO invitations (user_id, token_hash, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		userID, hashToken(tok), by, now, exp); err != nil {
		return "", time.Time{}, fmt.Errorf("invitation: %w", err)
	}
	return tok, exp, nil
}

// ErrNoInvitation says an account needs no e-mailed invitation any more:
// it has a password, no e-mail address, or is disabled.
var ErrNoInvitation = errors.New("account needs no invitation")

// Reinvite issues a further invitation of an account that still has no
// password, for the e-mail: the link shown to the administrator stays
// valid, and whichever is used first ends both. The system calls it.
func (s *Service) Reinvite(ctx context.Context, userID int64) (Invited, error) {
	var inv Invited
	var hash string
	var unitID int64
	var disabled bool
	err := s.db.R.QueryRowContext(ctx, `SELECT username, full_name, email, unit_id, password_hash, disabled FROM users WHERE id = $1`, userID).
		Scan(&inv.Username, &inv.FullName, &inv.Email, &unitID, &hash, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return Invited{}, ErrNoInvitation
	} else if err != nil {
		return Invited{}, fmt.Errorf("reinvite %d: %w", userID, err)
	}
	if hash != noPassword || inv.Email == "" || disabled {
		return Invited{}, ErrNoInvitation
	}
	if u, err := s.org.Unit(ctx, unitID, s.org.Today()); err == nil {
		inv.UnitName = u.Name
	}
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		var err error
		inv.Token, inv.ExpiresAt, err = s.invite(ctx, tx, userID, 0, s.clock.Now())
		return err
	})
	if err != nil {
		return Invited{}, fmt.Errorf("reinvite %s: %w", inv.Username, err)
	}
	return inv, nil
}

// Invitation is what the invitation page shows before the password is set.
type Invitation struct {
	Username, FullName, UnitName string
	ExpiresAt                    time.Time
}

// ErrInvitation is the one answer to a token that is unknown, used or
// expired, so the page does not tell which.
var ErrInvitation = &errs.Error{Kind: errs.KindNotFound,
	VI: "Đường dẫn mời này không dùng được: đã dùng rồi, đã hết hạn hoặc không đúng. Hãy nhờ quản trị viên đơn vị gửi lời mời mới.",
	EN: "This invitation link is used, expired or wrong."}

// OpenInvitation returns the account an unused, unexpired invitation is
// for. An invitation sets a first password only: once the account has one
// (by a reset, say), an old link is dead, or it would take the account over.
func (s *Service) OpenInvitation(ctx context.Context, token string) (Invitation, error) {
	var inv Invitation
	var unitID int64
	err := s.db.R.QueryRowContext(ctx, `SELECT u.username, u.full_name, u.unit_id, i.expires_at FROM invitations i JOIN users u ON u.id = i.user_id
		WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > $2 AND u.disabled = $3 AND u.password_hash = $4`, hashToken(token), s.clock.Now(), false, noPassword).
		Scan(&inv.Username, &inv.FullName, &unitID, &inv.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Invitation{}, ErrInvitation
	} else if err != nil {
		return Invitation{}, fmt.Errorf("invitation: %w", err)
	}
	if u, err := s.org.Unit(ctx, unitID, s.org.Today()); err == nil {
		inv.UnitName = u.Name
	}
	return inv, nil
}

// AcceptInvitation sets the account's first password from its invitation
// and ends every invitation of the account. It returns the username, for
// signing in.
func (s *Service) AcceptInvitation(ctx context.Context, token, password string) (string, error) {
	inv, err := s.OpenInvitation(ctx, token)
	if err != nil {
		return "", err
	}
	if err := errs.NewInvalid().MaxLen("password", "Mật khẩu", password, 1024).Err(); err != nil {
		return "", err
	}
	if why := CheckPassword(password, inv.Username); why != "" {
		return "", errs.InvalidField("password", why)
	}
	hash, err := HashPassword(password)
	if err != nil {
		return "", err
	}
	now := s.clock.Now()
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		var userID, unitID int64
		err := tx.QueryRowContext(ctx, `SELECT i.user_id, u.unit_id FROM invitations i JOIN users u ON u.id = i.user_id
			WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > $2 AND u.password_hash = $3`, hashToken(token), now, noPassword).Scan(&userID, &unitID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrInvitation // used meanwhile, by a second click
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE invitations SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL`, now, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4`, hash, false, now, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "user.accept_invitation", Entity: "user", EntityKey: inv.Username, UnitID: unitID,
			Summary: "Nhận lời mời và đặt mật khẩu cho " + inv.Username}, nil, nil)
	})
	if err != nil {
		return "", fmt.Errorf("invitation of %s: %w", inv.Username, err)
	}
	return inv.Username, nil
}

// parseRole reads a role as `user add` takes it (admin, officer, …) or by
// its Vietnamese name.
func parseRole(s string) (access.Role, bool) {
	f := vn.Fold(s)
	for _, r := range access.Roles {
		if f == string(r) || f == vn.Fold(r.LabelVI()) {
			return r, true
		}
	}
	return "", false
}

func roleHint() string {
	var out []string
	for _, r := range access.Roles {
		out = append(out, fmt.Sprintf("%s (%s)", r, r.LabelVI()))
	}
	return strings.Join(out, ", ")
}

// normalisePhone reads an optional Vietnamese phone number as its ten
// digits with the leading 0 (+84 and 84 accepted, spaces and dots ignored).
func normalisePhone(s string) (string, bool) {
	var d strings.Builder
	for _, c := range strings.TrimSpace(s) {
		switch {
		case c >= '0' && c <= '9':
			d.WriteRune(c)
		case c == ' ' || c == '.' || c == '-' || (c == '+' && d.Len() == 0):
		default:
			return "", false
		}
	}
	n := d.String()
	if n == "" {
		return "", true
	}
	if strings.HasPrefix(n, "84") && len(n) == 11 {
		n = "0" + n[2:]
	}
	if len(n) != 10 || n[0] != '0' {
		return "", false
	}
	return n, true
}

func countLines(ps []org.RowProblem) int {
	seen := map[int]bool{}
	for _, p := range ps {
		seen[p.Line] = true
	}
	return len(seen)
}

// reason turns a form's sentence into a cell's reason.
func reason(s string) string {
	r := []rune(strings.TrimSuffix(s, "."))
	if len(r) == 0 {
		return ""
	}
	return strings.ToLower(string(r[0])) + string(r[1:])
}
