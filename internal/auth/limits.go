package auth

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Limits throttle guessing. Every check of a password or a second-factor
// code (sign-in, the code after it, changing the password, turning the
// factor off) goes through the same limiter, kept in login_attempts so that
// every instance sees the same counts.
//
// Failures are counted per (username, address) pair: after FreeFailures in
// a row from one address, that address must wait FirstDelay before trying
// that name again, then twice as long after each further failure, up to
// MaxDelay. Someone guessing from elsewhere therefore never locks an
// officer out of their own desk. Beside it, one address may fail at most
// PerAddress times in AddressWindow at signing in, whatever names it tries
// (checks made from a signed-in session count only for their pair: they
// cannot try other names).
type Limits struct {
	FreeFailures  int
	FirstDelay    time.Duration
	MaxDelay      time.Duration
	Memory        time.Duration // failures older than this are forgotten
	PerAddress    int
	AddressWindow time.Duration
}

// DefaultLimits: five free tries, then 1, 2, 4 … minutes up to an hour;
// thirty failures an address per quarter of an hour.
var DefaultLimits = Limits{FreeFailures: 5, FirstDelay: time.Minute, MaxDelay: time.Hour, Memory: 24 * time.Hour,
	PerAddress: 30, AddressWindow: 15 * time.Minute}

// delay is how long a pair with n failures in a row must wait after the
// last one.
func (l Limits) delay(n int) time.Duration {
	if n < l.FreeFailures {
		return 0
	}
	d := l.FirstDelay
	for i := l.FreeFailures; i < n && d < l.MaxDelay; i++ {
		d *= 2
	}
	return min(d, l.MaxDelay)
}

// checkLimits refuses a check while the pair must still wait or the address
// has failed too often. A refused check is not itself counted.
func (s *Service) checkLimits(ctx context.Context, username, ip string, now time.Time) error {
	l := s.Limits
	// The failures of the pair since its last success, newest first; no
	// more are read than the delay can grow with.
	failures, err := store.Column[time.Time](s.db.R.QueryContext(ctx, `SELECT at FROM login_attempts WHERE username = $1 AND ip = $2 AND ok = $3 AND at > $4
		AND id > COALESCE((SELECT MAX(id) FROM login_attempts WHERE username = $1 AND ip = $2 AND ok = $5), 0)
		ORDER BY id DESC LIMIT 64`, username, ip, false, now.Add(-l.Memory), true))
	if err != nil {
		return fmt.Errorf("login limits: %w", err)
	}
	n := len(failures)
	var last time.Time
	if n > 0 {
		last = failures[0]
	}
	if d := l.delay(n); d > 0 && now.Before(last.Add(d)) {
		until := last.Add(d)
		return errs.TooMany(
			fmt.Sprintf("Đã nhập sai %d lần liên tiếp. Đăng nhập tên này từ địa chỉ của bạn tạm khóa đến %s (còn %s); nơi khác vẫn đăng nhập được.",
				n, until.In(vnZone).Format("15:04"), waitWords(until.Sub(now))),
			fmt.Sprintf("%d failures in a row. Signing in with this name from your address is locked until %s (%s).", n,
				until.In(vnZone).Format("15:04"), until.Sub(now).Round(time.Second)))
	}
	var m int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_attempts WHERE ip = $1 AND ok = $2 AND at > $3 AND in_session = $4`,
		ip, false, now.Add(-l.AddressWindow), false).Scan(&m); err != nil {
		return fmt.Errorf("login limits: %w", err)
	}
	if m >= l.PerAddress {
		mins := int(l.AddressWindow.Minutes())
		return errs.TooMany(
			fmt.Sprintf("Có quá nhiều lần đăng nhập sai từ địa chỉ này. Vui lòng thử lại sau %d phút.", mins),
			fmt.Sprintf("Too many failed logins from this address. Try again in %d minutes.", mins))
	}
	return nil
}

// vnZone is Vietnam's time, in which the end of a lock is told.
var vnZone = vn.Zone

// waitWords says a wait in Vietnamese words: "45 giây", "3 phút", "1 giờ".
func waitWords(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d giây", int(d.Seconds()+0.999))
	case d < time.Hour:
		return fmt.Sprintf("%d phút", int(d.Minutes()+0.999))
	}
	return fmt.Sprintf("%d giờ", int(d.Hours()+0.999))
}

// recordAttempt counts a check at sign-in: a failure, or a success that
// starts the pair's count afresh.
func recordAttempt(ctx context.Context, tx *sql.Tx, username, ip string, ok bool, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO login_attempts (username, ip, ok, at, in_session) VALUES ($1, $2, $3, $4, $5)`, username, ip, ok, now, false)
	return err
}

// recordFailure counts a failed check in its own transaction; inSession
// marks one made from a signed-in session.
func (s *Service) recordFailure(ctx context.Context, username, ip string, inSession bool, now time.Time) error {
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO login_attempts (username, ip, ok, at, in_session) VALUES ($1, $2, $3, $4, $5)`, username, ip, false, now, inSession)
		return err
	})
}

// checkOwnPassword checks the signed-in user's password for a change of
// their account, under the same limits as a sign-in.
func (s *Service) checkOwnPassword(ctx context.Context, userID int64, username, password, ip, field string) error {
	now := s.clock.Now()
	if err := s.checkLimits(ctx, username, ip, now); err != nil {
		if e, ok := err.(*errs.Error); ok && e.Kind == errs.KindTooMany {
			e.Fields = map[string]string{field: e.VI}
		}
		return err
	}
	var hash string
	if err := s.db.R.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, userID).Scan(&hash); err != nil {
		return fmt.Errorf("user %d: password: %w", userID, err)
	}
	ok, err := false, error(nil)
	if hash != noPassword {
		ok, err = VerifyPassword(hash, password)
	}
	if err != nil {
		return err
	}
	if !ok {
		if err := s.recordFailure(ctx, username, ip, true, now); err != nil {
			return err
		}
		return errs.InvalidField(field, "Mật khẩu hiện tại không đúng.")
	}
	return nil
}
