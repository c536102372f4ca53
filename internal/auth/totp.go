package auth

import (
	"bytes"
	"context"
	"crypto/subtle"
	"database/sql"
	"encoding/base32"
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

// The second factor is TOTP (RFC 6238): six digits every 30 seconds, one
// step of clock drift allowed either way. Each code is accepted once: the
// user's row keeps the time step of the last code accepted, and a code of
// that step or an earlier one is refused, on every instance.

const totpPeriod = 30

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// codeStep returns the time step whose code is code, within one step of
// now, or false.
func codeStep(secret, code string, now time.Time) (int64, bool) {
	code = strings.Join(strings.Fields(code), "")
	if secret == "" || len(code) != 6 {
		return 0, false
	}
	step := now.Unix() / totpPeriod
	for d := int64(-1); d <= 1; d++ {
		want, err := totp.GenerateCodeCustom(secret, time.Unix((step+d)*totpPeriod, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step + d, true
		}
	}
	return 0, false
}

var errCodeUsed = errs.InvalidField("code", "Mã này đã được dùng. Hãy chờ ứng dụng xác thực hiện mã mới (sau ít giây) rồi nhập mã đó.")

// VerifyTOTP completes a session waiting for the second factor with a code
// from the user's authenticator app. Wrong and reused codes count as failed
// sign-ins of the (username, address) pair.
func (s *Service) VerifyTOTP(ctx context.Context, tok, code, ip string) error {
	sess, err := s.Session(ctx, tok)
	if err != nil {
		return err
	}
	if sess.Stage != StageCode {
		return errs.Conflict("Phiên đăng nhập này không chờ mã xác thực.", "This session is not waiting for a code.")
	}
	var username, secret string
	var last int64
	if err := s.db.R.QueryRowContext(ctx, `SELECT username, totp_secret, totp_last_step FROM users WHERE id = $1`, sess.UserID).
		Scan(&username, &secret, &last); err != nil {
		return fmt.Errorf("user %d: second factor: %w", sess.UserID, err)
	}
	if secret, err = s.openSecret(secret); err != nil {
		return fmt.Errorf("user %d: second factor: %w", sess.UserID, err)
	}
	now := s.clock.Now()
	if err := s.checkLimits(ctx, username, ip, now); err != nil {
		return err
	}
	step, ok := codeStep(secret, code, now)
	switch {
	case !ok:
		if err := s.recordFailure(ctx, username, ip, false, now); err != nil {
			return err
		}
		return errs.InvalidField("code", "Mã xác thực không đúng hoặc đã hết hạn.")
	case step <= last:
		if err := s.recordFailure(ctx, username, ip, false, now); err != nil {
			return err
		}
		return errCodeUsed
	}
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		if err := useStep(ctx, tx, sess.UserID, step); err != nil {
			return err
		}
		if err := recordAttempt(ctx, tx, username, ip, true, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE sessions SET mfa_pending = $1, csrf_token = $2 WHERE token_hash = $3`, false, RandomToken(), hashToken(tok))
		return err
	})
}

// useStep records that the code of step was used, unless another instance
// accepted a code of that step (or a later one) first.
func useStep(ctx context.Context, tx *sql.Tx, userID, step int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1`, step, userID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return errCodeUsed
	}
	return nil
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
	return newSetup(a.Username)
}

func newSetup(username string) (*TOTPSetup, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "Cảnh Giác", AccountName: username})
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
// once the user proves their app has it. It completes the session of tok
// when that session was waiting for the enrolment, and uses up the code.
// A factor already on is not replaced: it must be turned off first.
func (s *Service) ConfirmTOTP(ctx context.Context, tok, secret, code string) error {
	a := access.From(ctx)
	if a == nil || a.UserID == 0 {
		return errs.ErrUnauthenticated
	}
	// The secret travels through the form; one shorter than the 160 bits
	// NewTOTP makes was not made here (a chosen, guessable key).
	if raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(strings.TrimRight(secret, "="))); err != nil || len(raw) < 20 {
		return errs.InvalidField("code", "Khóa bí mật này không phải do hệ thống cấp (cần ít nhất 160 bit); hãy bắt đầu lại việc thiết lập xác thực hai lớp và quét mã QR mới.")
	}
	now := s.clock.Now()
	step, ok := codeStep(secret, code, now)
	if !ok {
		return errs.InvalidField("code", "Mã xác thực không đúng; kiểm tra giờ trên điện thoại và nhập mã mới.")
	}
	stored, err := s.sealSecret(secret)
	if err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = $1, totp_enabled = $2, totp_last_step = $3, updated_at = $4
			WHERE id = $5 AND totp_enabled = $6`, stored, true, step, now, a.UserID, false)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return errs.Conflict("Xác thực hai lớp đã bật; muốn đổi điện thoại, hãy tắt rồi bật lại.", "The second factor is already on.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET mfa_pending = $1 WHERE token_hash = $2`, false, hashToken(tok)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "user.totp_on", Entity: "user", EntityKey: a.Username, UnitID: a.UnitID,
			Summary: "Bật xác thực hai lớp"}, nil, nil)
	})
}

// EnrolTOTP gives an account a second factor at once, for scripted set-ups
// (canhgiac user add --totp), and returns its secret to hand over once.
// It replaces a factor already there (a lost phone) and is audited.
func (s *Service) EnrolTOTP(ctx context.Context, username string) (*TOTPSetup, error) {
	u, err := s.Get(ctx, username)
	if err != nil {
		return nil, err
	}
	if err := s.org.Authorize(ctx, access.UserManage, u.UnitID); err != nil {
		return nil, err
	}
	setup, err := newSetup(u.Username)
	if err != nil {
		return nil, err
	}
	stored, err := s.sealSecret(setup.Secret)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = $1, totp_enabled = $2, totp_last_step = $3, updated_at = $4 WHERE id = $5`,
			stored, true, 0, now, u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "user.totp_on", Entity: "user", EntityKey: u.Username, UnitID: u.UnitID,
			Summary: "Cấp xác thực hai lớp cho " + u.Username}, nil, nil)
	})
	if err != nil {
		return nil, fmt.Errorf("user %s: enrol second factor: %w", u.Username, err)
	}
	return setup, nil
}

// ClearTOTP removes another person's second factor (a lost phone) and ends
// their sessions; the roles that require one enrol a new one at their next
// sign-in. Nobody clears their own: that goes through DisableTOTP, with
// the password.
func (s *Service) ClearTOTP(ctx context.Context, username string) error {
	u, err := s.Get(ctx, username)
	if err != nil {
		return err
	}
	if err := s.org.Authorize(ctx, access.UserManage, u.UnitID); err != nil {
		return err
	}
	if a := access.From(ctx); a != nil && a.UserID == u.ID {
		return errs.Forbidden("Không thể tự xóa xác thực hai lớp của mình ở đây; hãy dùng trang Cá nhân.", "Use your own account page.")
	}
	if err := s.checkTakeover(ctx, &u, "xóa xác thực hai lớp"); err != nil {
		return err
	}
	now := s.clock.Now()
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = $1, totp_enabled = $2, updated_at = $3 WHERE id = $4`, "", false, now, u.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "user.totp_clear", Entity: "user", EntityKey: u.Username, UnitID: u.UnitID,
			Summary: "Xóa xác thực hai lớp của " + u.Username + " (để thiết lập lại)"}, nil, nil)
	})
}

// DisableTOTP turns the second factor off after checking the password
// (throttled like a sign-in). Accounts whose roles require it keep it.
func (s *Service) DisableTOTP(ctx context.Context, password, ip string) error {
	a := access.From(ctx)
	if a == nil || a.UserID == 0 {
		return errs.ErrUnauthenticated
	}
	for _, r := range SecondFactorRoles {
		if a.HasRole(r) {
			return errs.InvalidField("password", fmt.Sprintf("Vai trò %s xem dữ liệu cá nhân nên bắt buộc xác thực hai lớp; không thể tắt.", r.LabelVI()))
		}
	}
	if err := s.checkOwnPassword(ctx, a.UserID, a.Username, password, ip, "password"); err != nil {
		return err
	}
	now := s.clock.Now()
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = $1, totp_enabled = $2, updated_at = $3 WHERE id = $4`, "", false, now, a.UserID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "user.totp_off", Entity: "user", EntityKey: a.Username, UnitID: a.UnitID,
			Summary: "Tắt xác thực hai lớp"}, nil, nil)
	})
}
