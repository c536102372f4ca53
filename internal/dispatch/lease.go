package dispatch

import (
	"context"
	"database/sql"
	"time"

	"github.com/canhgiac/canhgiac/internal/store"
)

// DefaultLease is how long a campaign's lease lasts without renewal: the
// longest a campaign waits after its instance died before another takes
// it over.
const DefaultLease = 30 * time.Second

// inFlightAtStop is the error kept on a message held as unknown.
const inFlightAtStop = "đang gửi thì chương trình dừng đột ngột: không rõ kênh gửi đã nhận hay chưa"

// acquire takes the lease of a running campaign for this instance, for
// s.lease from now, unless another instance holds a lease that has not
// run out. Taking over a lease (from an instance that stopped renewing
// it, or from this instance's previous process) holds the messages that
// holder had in flight as unknown, in the same transaction: it may have
// submitted them, so they are never resent blindly.
func (s *Service) acquire(ctx context.Context, id int64) (ok bool, held int, err error) {
	now := s.clock.Now()
	lock := ""
	if s.db.Dialect == store.Postgres {
		lock = " FOR UPDATE"
	}
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		ok, held = false, 0
		var owner string
		var live bool
		err := tx.QueryRowContext(ctx, `SELECT lease_owner, CASE WHEN lease_until IS NOT NULL AND lease_until > $2 THEN 1 ELSE 0 END
			FROM campaigns WHERE id = $1 AND state = 'running'`+lock, id, now).Scan(&owner, &live)
		if err == sql.ErrNoRows {
			return nil // no longer running
		} else if err != nil {
			return err
		}
		if owner != "" && owner != s.owner && live {
			return nil // another instance is sending it
		}
		if _, err := tx.ExecContext(ctx, `UPDATE campaigns SET lease_owner = $1, lease_until = $2 WHERE id = $3`, s.owner, now.Add(s.lease), id); err != nil {
			return err
		}
		ok = true
		if owner == "" {
			return nil // nobody sent it under a lease: Recover at start held what was in flight
		}
		res, err := tx.ExecContext(ctx, `UPDATE messages SET state = 'unknown', error = $1, done_at = $2 WHERE campaign_id = $3 AND state = 'sending'`, inFlightAtStop, now, id)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		held = int(n)
		return nil
	})
	return ok, held, err
}

// renew extends this instance's lease; false when it holds it no more.
func (s *Service) renew(ctx context.Context, id int64) (bool, error) {
	res, err := s.db.W.ExecContext(ctx, `UPDATE campaigns SET lease_until = $1 WHERE id = $2 AND lease_owner = $3 AND state = 'running'`, s.clock.Now().Add(s.lease), id, s.owner)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// release gives the lease up once this instance's runner has returned
// (every message it claimed has its outcome), so another instance may go
// on at once.
func (s *Service) release(ctx context.Context, id int64) {
	if _, err := s.db.W.ExecContext(ctx, `UPDATE campaigns SET lease_owner = '', lease_until = NULL WHERE id = $1 AND lease_owner = $2`, id, s.owner); err != nil {
		s.log.Error("campaigns: releasing the lease", "campaign", id, "err", err)
	}
}

// holdLease renews the lease every third of its time until ctx ends, and
// calls lost when the lease is gone (taken over, the campaign stopped) or
// could not be renewed for two thirds of its time: the runner must stop
// before another instance may take over.
func (s *Service) holdLease(ctx context.Context, id int64, lost func()) {
	last := time.Now()
	for sleep(ctx, s.lease/3) {
		ok, err := s.renew(ctx, id)
		switch {
		case err == nil && ok:
			last = time.Now()
		case err == nil:
			lost()
			return
		case time.Since(last) > s.lease*2/3:
			s.log.Error("campaigns: lease not renewed; stopping this campaign here", "campaign", id, "err", err)
			lost()
			return
		}
	}
}
