package auth

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"image/png"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
)

// Session is a signed-in browser.
type Session struct {
	UserID     int64
	CSRF       string
	MFAPending bool // password accepted, second factor still to come
	ExpiresAt  time.Time
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
// token for the cookie. When the account has a second factor the session is
// pending until VerifyTOTP succeeds.
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
	var disabled, totpOn bool
	err := s.db.R.QueryRowContext(ctx, `SELECT id, password_hash, disabled, totp_enabled FROM users WHERE username = $1`, username).
		Scan(&id, &hash, &disabled, &totpOn)
	if errors.Is(err, sql.ErrNoRows) {
		VerifyPassword(dummyHash, password)
		return "", nil, s.fail(ctx, username, ip, now)
	} else if err != nil {
		return "", nil, err
	}
	ok, err := VerifyPassword(hash, password)
	if err != nil {
		return "", nil, err
	}
	if !ok || disabled {
		return "", nil, s.fail(ctx, username, ip, now)
	}
	tok := RandomToken()
	sess := &Session{UserID: id, CSRF: RandomToken(), MFAPending: totpOn, ExpiresAt: now.Add(s.SessionTTL)}
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO login_attempts (username, ip, ok, at) VALUES ($1, $2, $3, $4)`, username, ip, true, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1`, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, mfa_pending, created_at, last_seen_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $5, $6)`, hashToken(tok), id, sess.CSRF, sess.MFAPending, now, sess.ExpiresAt)
		return err
	})
	if err != nil {
		return "", nil, err
	}
	return tok, sess, nil
}

// checkLimits refuses a login while the username or the address has too
// many recent failures.
func (s *Service) checkLimits(ctx context.Context, username, ip string, now time.Time) error {
	since := now.Add(-s.Window)
	var n int
	// Failures count from the last success of that username.
	err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_attempts WHERE username = $1 AND ok = $2 AND at > $3
		AND id > COALESCE((SELECT MAX(id) FROM login_attempts WHERE username = $1 AND ok = $4), 0)`, username, false, since, true).Scan(&n)
	if err != nil {
		return fmt.Errorf("login limits: %w", err)
	}
	if n >= s.MaxFailuresPerUser {
		return errs.TooMany(
			fmt.Sprintf("Đăng nhập sai quá %d lần. Tài khoản tạm khóa, vui lòng thử lại sau %d phút.", s.MaxFailuresPerUser, int(s.Window.Minutes())),
			fmt.Sprintf("Too many failed logins. Try again in %d minutes.", int(s.Window.Minutes())))
	}
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_attempts WHERE ip = $1 AND ok = $2 AND at > $3`, ip, false, since).Scan(&n); err != nil {
		return fmt.Errorf("login limits: %w", err)
	}
	if n >= s.MaxFailuresPerIP {
		return errs.TooMany(
			fmt.Sprintf("Có quá nhiều lần đăng nhập sai từ địa chỉ này. Vui lòng thử lại sau %d phút.", int(s.Window.Minutes())),
			fmt.Sprintf("Too many failed logins from this address. Try again in %d minutes.", int(s.Window.Minutes())))
	}
	return nil
}

func (s *Service) fail(ctx context.Context, username, ip string, now time.Time) error {
	err := s.db.Transact(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO login_attempts (username, ip, ok, at) VALUES ($1, $2, $3, $4)`, username, ip, false, now)
		return err
	})
	if err != nil {
		return err
	}
	return ErrBadCredentials
}

// Session returns the session for a cookie token, or errs.ErrUnauthenticated.
func (s *Service) Session(ctx context.Context, tok string) (*Session, error) {
	if tok == "" {
		return nil, errs.ErrUnauthenticated
	}
	now := s.clock.Now()
	sess := &Session{}
	var lastSeen time.Time
	err := s.db.R.QueryRowContext(ctx, `SELECT s.user_id, s.csrf_token, s.mfa_pending, s.expires_at, s.last_seen_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND u.disabled = $2`, hashToken(tok), false).
		Scan(&sess.UserID, &sess.CSRF, &sess.MFAPending, &sess.ExpiresAt, &lastSeen)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !now.Before(sess.ExpiresAt)) {
		return nil, errs.ErrUnauthenticated
	} else if err != nil {
		return nil, err
	}
	// Slide the expiry, but write at most once every few minutes.
	if now.Sub(lastSeen) > 5*time.Minute {
		sess.ExpiresAt = now.Add(s.SessionTTL)
		err := s.db.Transact(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3`, now, sess.ExpiresAt, hashToken(tok))
			return err
		})
		if err != nil {
			return nil, err
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

// VerifyTOTP completes a pending session with a code from the user's
// authenticator app. Wrong codes count as failed logins.
func (s *Service) VerifyTOTP(ctx context.Context, tok, code, ip string) error {
	sess, err := s.Session(ctx, tok)
	if err != nil {
		return err
	}
	var username, secret string
	if err := s.db.R.QueryRowContext(ctx, `SELECT username, totp_secret FROM users WHERE id = $1`, sess.UserID).Scan(&username, &secret); err != nil {
		return err
	}
	now := s.clock.Now()
	if err := s.checkLimits(ctx, username, ip, now); err != nil {
		return err
	}
	if !validCode(secret, code, now) {
		s.fail(ctx, username, ip, now)
		return errs.InvalidField("code", "Mã xác thực không đúng hoặc đã hết hạn.")
	}
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE sessions SET mfa_pending = $1, csrf_token = $2 WHERE token_hash = $3`, false, RandomToken(), hashToken(tok))
		return err
	})
}

func validCode(secret, code string, now time.Time) bool {
	code = strings.Join(strings.Fields(code), "")
	if secret == "" || len(code) != 6 {
		return false
	}
	ok, _ := totp.ValidateCustom(code, secret, now, totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	return ok
}

// TOTPSetup is what the set-up page shows: the secret to type and its QR.
type TOTPSetup struct {
	Secret string
	URL    string
	QRPNG  []byte
}

// NewTOTP makes a fresh secret for the signed-in user to enrol; nothing is
// stored until ConfirmTOTP sees a valid code for it.
func (s *Service) NewTOTP(ctx context.Context) (*TOTPSetup, error) {
	a := access.From(ctx)
	if a == nil || a.UserID == 0 {
		return nil, errs.ErrUnauthenticated
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "Cảnh Giác", AccountName: a.Username})
	if err != nil {
		return nil, err
	}
	return setupOf(key)
}

// TOTPSetupFor shows again a secret being enrolled (after a wrong code), so
// the person need not scan a new one.
func (s *Service) TOTPSetupFor(ctx context.Context, secret string) (*TOTPSetup, error) {
	a := access.From(ctx)
	if a == nil || a.UserID == 0 {
		return nil, errs.ErrUnauthenticated
	}
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/Cảnh Giác:" + a.Username,
		RawQuery: url.Values{"secret": {secret}, "issuer": {"Cảnh Giác"}, "algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"}}.Encode()}
	key, err := otp.NewKeyFromURL(u.String())
	if err != nil {
		return nil, err
	}
	return setupOf(key)
}

func setupOf(key *otp.Key) (*TOTPSetup, error) {
	img, err := key.Image(240, 240)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return &TOTPSetup{Secret: key.Secret(), URL: key.URL(), QRPNG: buf.Bytes()}, nil
}

// ConfirmTOTP turns the second factor on with the secret shown by NewTOTP,
// once the user proves their app has it.
func (s *Service) ConfirmTOTP(ctx context.Context, secret, code string) error {
	a := access.From(ctx)
	if a == nil || a.UserID == 0 {
		return errs.ErrUnauthenticated
	}
	now := s.clock.Now()
	if !validCode(secret, code, now) {
		return errs.InvalidField("code", "Mã xác thực không đúng; kiểm tra giờ trên điện thoại và nhập mã mới.")
	}
	return s.setTOTP(ctx, a, secret, true, now)
}

// DisableTOTP turns the second factor off after checking the password.
func (s *Service) DisableTOTP(ctx context.Context, password string) error {
	a := access.From(ctx)
	if a == nil || a.UserID == 0 {
		return errs.ErrUnauthenticated
	}
	var hash string
	if err := s.db.R.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, a.UserID).Scan(&hash); err != nil {
		return err
	}
	if ok, _ := VerifyPassword(hash, password); !ok {
		return errs.InvalidField("password", "Mật khẩu không đúng.")
	}
	return s.setTOTP(ctx, a, "", false, s.clock.Now())
}

func (s *Service) setTOTP(ctx context.Context, a *access.Actor, secret string, on bool, now time.Time) error {
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = $1, totp_enabled = $2, updated_at = $3 WHERE id = $4`, secret, on, now, a.UserID); err != nil {
			return err
		}
		action, summary := "user.totp_on", "Bật xác thực hai lớp"
		if !on {
			action, summary = "user.totp_off", "Tắt xác thực hai lớp"
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: action, Entity: "user", EntityKey: a.Username, UnitID: a.UnitID, Summary: summary}, nil, nil)
	})
}
