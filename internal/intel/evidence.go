package intel

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/upload"
)

// TipLimit refuses, before anything of a report is read or decoded, an
// address that has reached the hourly limit of reports (Submit checks it
// again when storing).
func (s *Service) TipLimit(ctx context.Context, ip string) error {
	now := s.clock.Now()
	var n int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM tips WHERE ip_hash = $1 AND created_at > $2`, s.addressHash(ip), now.Add(-time.Hour)).Scan(&n); err != nil {
		return fmt.Errorf("tip limit: %w", err)
	}
	if n >= s.MaxTipsPerHour {
		return errs.TooMany("Bạn đã gửi nhiều tố giác trong một giờ qua; vui lòng thử lại sau.", "Too many reports from this address; try later.")
	}
	return nil
}

// Attach stores evidence that passed the upload guard for a report.
func (s *Service) Attach(ctx context.Context, files activity.Files, tipID int64, ev []upload.File) error {
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		for _, e := range ev {
			sum, err := files.Put(e.Data())
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO tip_files (tip_id, sha256, name, type, size) VALUES ($1, $2, $3, $4, $5)`,
				tipID, sum, e.Name(), string(e.Type()), e.Size()); err != nil {
				return err
			}
		}
		return nil
	})
}

// EvidenceFile returns a report's file, for the analysts of the report's
// area. The same content sent with several reports is one file: it opens
// when any of those reports is within the area.
func (s *Service) EvidenceFile(ctx context.Context, files activity.Files, sum string) (activity.File, []byte, error) {
	_, ar, err := s.reviewer(ctx)
	if err != nil {
		return activity.File{}, nil, err
	}
	var f activity.File
	err = s.db.R.QueryRowContext(ctx, `SELECT id, sha256, name, type, size FROM tip_files WHERE sha256 = $1 ORDER BY id LIMIT 1`, sum).
		Scan(&f.ID, &f.SHA256, &f.Name, &f.Type, &f.Size)
	if err != nil {
		return f, nil, errs.NotFound("Không có tệp này.", "No such file.")
	}
	if !ar.All {
		ps, err := tipProvinces(ctx, s.db.R, `JOIN tip_files f ON f.tip_id = t.id WHERE f.sha256 = $1`, sum)
		if err != nil {
			return f, nil, err
		}
		if !within(ar, ps) {
			return f, nil, outside(ps, "xem tệp của tố giác này", ar)
		}
	}
	b, err := files.Get(f.SHA256)
	return f, b, err
}

// EvidenceOf lists the files of the reports about an indicator that lie
// within the analyst's area.
func (s *Service) EvidenceOf(ctx context.Context, indicatorID int64) ([]activity.File, error) {
	_, ar, err := s.reviewer(ctx)
	if err != nil {
		return nil, err
	}
	tin, tinArgs := ar.tipClause(2)
	return activity.ScanFiles(s.db.R.QueryContext(ctx, `SELECT f.id, f.sha256, f.name, f.type, f.size FROM tip_files f JOIN tip_indicators ti ON ti.tip_id = f.tip_id
		JOIN tips t ON t.id = f.tip_id WHERE ti.indicator_id = $1 AND `+tin+` ORDER BY f.id LIMIT 50`, append([]any{indicatorID}, tinArgs...)...))
}
