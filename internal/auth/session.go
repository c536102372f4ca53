package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/errs"
)

// Session is a signed-in browser.
type Session struct {
	UserID    int64
	CSRF      string
	Stage     Stage // what the person must still do before the console opens
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Stage is a step of signing in that comes after the password.
type Stage int

const (
	StageReady       Stage = iota // signed in
	StageCode                     // to answer with a code of the second factor
	StageEnrol                    // to enrol a second factor, which the account's roles require
	StageNewPassword              // to replace a password someone else set
)

// stageOf decides what a session still needs: the second factor first (a
// password set by someone else is changed only by the one who also holds
// the factor), then a password of one's own.
func stageOf(mfaPending, totpOn, needsTOTP, mustChange bool) Stage {
	switch {
	case mfaPending && totpOn:
		return StageCode
	case needsTOTP && !totpOn:
		return StageEnrol
	case mustChange:
		return StageNewPassword
	}
	return StageReady
}

// ErrBadCredentials is the one answer to a wrong username or password, so
// that the form does not tell which one was wrong.
var ErrBadCredentials = &errs.Error{Kind: errs.KindInvalid, VI: "Tên đăng nhập hoặc mật khẩu không đúng.", EN: "Wrong username or password.",
	Fields: map[string]string{"password": "Tên đăng nhập hoặc mật khẩu không đúng."}}

// dummyHash keeps the time of a login for an unknown name the same as for a
// known one.
var dummyHash, _ = HashPassword("không có tài khoản này")

// RandomToken returns 32 random bytes, URL-safe encoded.
func RandomToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func hashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// Login checks a username and password from a client address, within the
// limits on failed attempts, and starts a session. It returns the session
// token for the cookie. The session may still have a stage to pass (a code
// of the second factor, enrolling one, a new password) before it acts.
func (s *Service) Login(ctx context.Context, username, password, ip string) (string, *Session, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	now := s.clock.Now()
	// Checked before any hashing, so a megabyte "password" costs nothing.
	if err := errs.NewInvalid().MaxLen("username", "Tên đăng nhập", username, 100).MaxLen("password", "Mật khẩu", password, 1024).Err(); err != nil {
		return "", nil, err
	}
	if username == "" || password == "" {
		v := errs.NewInvalid()
		if username == "" {
			v.Field("username", "Vui lòng nhập tên đăng nhập.")
		}
		if password == "" {
			v.Field("password", "Vui lòng nhập mật khẩu.")
		}
		return "", nil, v.Err()
	}
	if err := s.checkLimits(ctx, username, ip, now); err != nil {
		return "", nil, err
	}
	var id int64
	var hash string
	var disabled, totpOn, needsTOTP, mustChange bool
	err := s.db.R.QueryRowContext(ctx, `SELECT u.id, u.password_hash, u.disabled, u.totp_enabled, u.must_change_password, `+needsTOTPSQL+`
		FROM users u WHERE u.username = $1`, username, roleArgs[0], roleArgs[1], roleArgs[2]).
		Scan(&id, &hash, &disabled, &totpOn, &mustChange, &needsTOTP)
	if errors.Is(err, sql.ErrNoRows) {
		VerifyPassword(dummyHash, password)
		return "", nil, s.fail(ctx, username, ip, now)
	} else if err != nil {
		return "", nil, fmt.Errorf("login %s: %w", username, err)
	}
	if hash == noPassword { // invited, no password set yet
		VerifyPassword(dummyHash, password)
		return "", nil, s.fail(ctx, username, ip, now)
	}
	ok, err := VerifyPassword(hash, password)
	if err != nil {
		return "", nil, fmt.Errorf("login %s: %w", username, err)
	}
	if !ok || disabled {
		return "", nil, s.fail(ctx, username, ip, now)
	}
	tok := RandomToken()
	pending := totpOn || needsTOTP
	sess := &Session{UserID: id, CSRF: RandomToken(), Stage: stageOf(pending, totpOn, needsTOTP, mustChange), CreatedAt: now,
		ExpiresAt: now.Add(min(s.IdleTimeout, s.MaxSessionAge))}
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		// A sign-in counts as a success only once no second factor is
		// left to answer: a right password does not reset the count of
		// wrong codes.
		if !pending {
			if err := recordAttempt(ctx, tx, username, ip, true, now); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1 OR created_at < $2`, now, now.Add(-s.MaxSessionAge)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, mfa_pending, created_at, last_seen_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $5, $6)`, hashToken(tok), id, sess.CSRF, pending, now, sess.ExpiresAt)
		return err
	})
	if err != nil {
		return "", nil, fmt.Errorf("login %s: %w", username, err)
	}
	return tok, sess, nil
}

// needsTOTPSQL tells whether the user u holds a role of SecondFactorRoles
// (passed as the last three arguments, roleArgs).
const needsTOTPSQL = `EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN ($2, $3, $4))`

var roleArgs = func() []any {
	out := make([]any, len(SecondFactorRoles))
	for i, r := range SecondFactorRoles {
		out[i] = string(r)
	}
	return out
}()

func (s *Service) fail(ctx context.Context, username, ip string, now time.Time) error {
	if err := s.recordFailure(ctx, username, ip, false, now); err != nil {
		return err
	}
	return ErrBadCredentials
}

// Session returns the session for a cookie token, or errs.ErrUnauthenticated
// once it has been idle too long or has reached its full age.
func (s *Service) Session(ctx context.Context, tok string) (*Session, error) {
	if tok == "" {
		return nil, errs.ErrUnauthenticated
	}
	now := s.clock.Now()
	sess := &Session{}
	var lastSeen time.Time
	var pending, totpOn, mustChange, needsTOTP bool
	err := s.db.R.QueryRowContext(ctx, `SELECT s.user_id, s.csrf_token, s.mfa_pending, s.created_at, s.expires_at, s.last_seen_at,
		u.totp_enabled, u.must_change_password, `+needsTOTPSQL+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND u.disabled = $5`, hashToken(tok), roleArgs[0], roleArgs[1], roleArgs[2], false).
		Scan(&sess.UserID, &sess.CSRF, &pending, &sess.CreatedAt, &sess.ExpiresAt, &lastSeen, &totpOn, &mustChange, &needsTOTP)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.ErrUnauthenticated
	} else if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	end := sess.CreatedAt.Add(s.MaxSessionAge)
	if !now.Before(sess.ExpiresAt) || !now.Before(end) {
		return nil, errs.ErrUnauthenticated
	}
	sess.Stage = stageOf(pending, totpOn, needsTOTP, mustChange)
	// Slide the idle expiry, never past the full age, and write at most
	// once every few minutes.
	if now.Sub(lastSeen) > 5*time.Minute {
		sess.ExpiresAt = now.Add(s.IdleTimeout)
		if sess.ExpiresAt.After(end) {
			sess.ExpiresAt = end
		}
		err := s.db.Transact(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3`, now, sess.ExpiresAt, hashToken(tok))
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("session: %w", err)
		}
	}
	return sess, nil
}

// Actor builds the acting user of a session (not a pending one).
func (s *Service) Actor(ctx context.Context, sess *Session) (*access.Actor, error) {
	us, err := s.queryUsers(ctx, s.db.R, "WHERE u.id = $1", sess.UserID)
	if err != nil {
		return nil, err
	}
	if len(us) == 0 || us[0].Disabled {
		return nil, errs.ErrUnauthenticated
	}
	u := us[0]
	a := &access.Actor{UserID: u.ID, Username: u.Username, UnitID: u.UnitID}
	for _, g := range u.Grants {
		a.Grants = append(a.Grants, access.Grant{Role: g.Role, ScopeUnit: g.ScopeID})
	}
	return a, nil
}

// Logout ends the session.
func (s *Service) Logout(ctx context.Context, tok string) error {
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hashToken(tok))
		return err
	})
}
