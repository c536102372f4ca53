package intel

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
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
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM tips WHERE ip_hash = $1 AND created_at > $2`, s.reporterHash("address", ip), now.Add(-time.Hour)).Scan(&n); err != nil {
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

// EvidenceFile returns a report's file, for analysts only.
func (s *Service) EvidenceFile(ctx context.Context, files activity.Files, sum string) (activity.File, []byte, error) {
	if a := access.From(ctx); a == nil || !a.Has(access.TipReview) {
		return activity.File{}, nil, errs.ErrForbidden
	}
	var f activity.File
	err := s.db.R.QueryRowContext(ctx, `SELECT id, sha256, name, type, size FROM tip_files WHERE sha256 = $1 ORDER BY id LIMIT 1`, sum).
		Scan(&f.ID, &f.SHA256, &f.Name, &f.Type, &f.Size)
	if err != nil {
		return f, nil, errs.NotFound("Không có tệp này.", "No such file.")
	}
	b, err := files.Get(f.SHA256)
	return f, b, err
}

// EvidenceOf lists the files of the reports about an indicator.
func (s *Service) EvidenceOf(ctx context.Context, indicatorID int64) ([]activity.File, error) {
	return activity.ScanFiles(s.db.R.QueryContext(ctx, `SELECT f.id, f.sha256, f.name, f.type, f.size FROM tip_files f JOIN tip_indicators ti ON ti.tip_id = f.tip_id
		WHERE ti.indicator_id = $1 ORDER BY f.id LIMIT 50`, indicatorID))
}
