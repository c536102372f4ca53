package report

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/upload"
)

// Attach adds files that passed the upload guard (images or PDF) to a
// report still being written.
func (s *Service) Attach(ctx context.Context, files activity.Files, id int64, ups []upload.File) error {
	r, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if err := s.org.Authorize(ctx, access.ReportEdit, r.UnitID); err != nil {
		return err
	}
	if r.Status.Received() {
		return errs.Conflict("Báo cáo đã gửi thì không đính kèm thêm được.", "The report has been submitted.")
	}
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		for _, u := range ups {
			sum, err := files.Put(u.Data())
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO report_files (report_id, sha256, name, type, size) VALUES ($1, $2, $3, $4, $5)`,
				r.ID, sum, u.Name(), string(u.Type()), u.Size()); err != nil {
				return err
			}
		}
		// Who attached what counts as writing the report (four eyes).
		return audit.Record(ctx, tx, s.clock.Now(), audit.Entry{Action: "report.attach", Entity: "report", EntityKey: fmt.Sprint(r.ID), UnitID: r.UnitID,
			Summary: fmt.Sprintf("Đính kèm %d tệp — %s — %s", len(ups), r.Period.Name, r.UnitName)}, nil, nil)
	})
}

// Attachments lists a report's files.
func (s *Service) Attachments(ctx context.Context, id int64) ([]activity.File, error) {
	return activity.ScanFiles(s.db.R.QueryContext(ctx, `SELECT id, sha256, name, type, size FROM report_files WHERE report_id = $1 ORDER BY id`, id))
}

// Attachment returns a file of a report the actor may read.
func (s *Service) Attachment(ctx context.Context, files activity.Files, sum string) (activity.File, []byte, error) {
	var f activity.File
	var unitID int64
	err := s.db.R.QueryRowContext(ctx, `SELECT rf.id, rf.sha256, rf.name, rf.type, rf.size, r.unit_id FROM report_files rf JOIN reports r ON r.id = rf.report_id
		WHERE rf.sha256 = $1 ORDER BY rf.id LIMIT 1`, sum).Scan(&f.ID, &f.SHA256, &f.Name, &f.Type, &f.Size, &unitID)
	if err != nil {
		return f, nil, errs.NotFound("Không có tệp này.", "No such file.")
	}
	if err := s.org.Authorize(ctx, access.ReportView, unitID); err != nil {
		return f, nil, err
	}
	b, err := files.Get(f.SHA256)
	return f, b, err
}
