package content

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
)

// Attach adds files (images or PDF, 5 MB each: a legal document's text, an
// infographic) to an item, for an editor of its unit. They are stored by
// content hash in the same folder as activity evidence.
func (s *Service) Attach(ctx context.Context, files activity.Files, id int64, ups []activity.Upload) error {
	it, err := s.item(ctx, s.db.R, id)
	if err != nil {
		return err
	}
	if err := s.org.Authorize(ctx, access.ContentEdit, it.UnitID); err != nil {
		return err
	}
	if it.State == StateArchived {
		return errs.Conflict("Bài đã lưu trữ, không đính kèm thêm được.", "The item is archived.")
	}
	if err := activity.CheckUploads(ups); err != nil {
		return err
	}
	now := s.clock.Now()
	defer s.gen.Add(1) // the item's public page lists its files
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		var names []string
		for _, u := range ups {
			sum, err := files.Put(u.Data)
			if err != nil {
				return err
			}
			name := strings.TrimSpace(filepath.Base(u.Name))
			names = append(names, name)
			if _, err := tx.ExecContext(ctx, `INSERT INTO content_files (item_id, sha256, name, type, size) VALUES ($1, $2, $3, $4, $5)`,
				it.ID, sum, name, activity.TypeOf(u.Data), len(u.Data)); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "content.attach", Entity: "content", EntityKey: string(it.Kind) + "/" + it.Slug, UnitID: it.UnitID,
			Summary: "Đính kèm " + strings.Join(names, ", ") + " vào “" + it.Title + "”"}, nil, nil)
	})
}

// Attachments lists an item's files.
func (s *Service) Attachments(ctx context.Context, id int64) ([]activity.File, error) {
	return activity.ScanFiles(s.db.R.QueryContext(ctx, `SELECT id, sha256, name, type, size FROM content_files WHERE item_id = $1 ORDER BY id`, id))
}

// Attachment returns a file of a live item to anyone, or of any item to
// someone who may write or review content of its unit.
func (s *Service) Attachment(ctx context.Context, files activity.Files, sum string) (activity.File, []byte, error) {
	var f activity.File
	var itemID int64
	var liveItem bool
	err := s.db.R.QueryRowContext(ctx, `SELECT cf.id, cf.sha256, cf.name, cf.type, cf.size, i.id, i.published_version > 0 AND i.state <> 'archived'
		FROM content_files cf JOIN content_items i ON i.id = cf.item_id WHERE cf.sha256 = $1
		ORDER BY (i.published_version > 0 AND i.state <> 'archived') DESC, cf.id LIMIT 1`, sum).
		Scan(&f.ID, &f.SHA256, &f.Name, &f.Type, &f.Size, &itemID, &liveItem)
	if err != nil {
		return f, nil, errs.NotFound("Không có tệp này.", "No such file.")
	}
	if !liveItem {
		if access.From(ctx) == nil {
			return f, nil, errs.NotFound("Không có tệp này.", "No such file.")
		}
		if _, err := s.Get(ctx, itemID); err != nil {
			return f, nil, err
		}
	}
	b, err := files.Get(f.SHA256)
	return f, b, err
}
