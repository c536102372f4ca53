package content

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/upload"
)

// Attach adds files that passed the upload guard (images or PDF: a legal
// document's text, an infographic) to an item, for an editor of its unit. They are stored by
// content hash in the same folder as activity evidence.
//
// Files go through the same review as the text: attaching makes a new
// version of the item (its text unchanged, the attacher its editor), so a
// published item becomes a draft whose published version stays live, and
// the files reach the public only when someone else publishes that
// version. An item waiting for review takes no files, like no edits.
func (s *Service) Attach(ctx context.Context, files activity.Files, id int64, ups []upload.File) error {
	it, err := s.item(ctx, s.db.R, id)
	if err != nil {
		return err
	}
	if err := s.org.Authorize(ctx, access.ContentEdit, it.UnitID); err != nil {
		return err
	}
	switch it.State {
	case StateArchived:
		return errs.Conflict("Bài đã lưu trữ, không đính kèm thêm được.", "The item is archived.")
	case StateInReview:
		return errs.Conflict("Bài đang chờ duyệt nên chưa đính kèm được; người duyệt có thể trả lại để sửa.", "The item is waiting for review.")
	}
	now := s.clock.Now()
	editorID, editor := actorOf(ctx)
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE content_items SET current_version = current_version + 1,
			state = CASE WHEN state = 'published' THEN 'draft' ELSE state END, updated_at = $1
			WHERE id = $2 AND current_version = $3 AND state IN ('draft', 'published')`, now, it.ID, it.CurrentVersion)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.Conflict("Bài vừa được người khác thay đổi; hãy mở lại để xem bản mới nhất.", "The item changed meanwhile.")
		}
		number := it.CurrentVersion + 1
		if _, err := tx.ExecContext(ctx, `INSERT INTO content_versions (item_id, number, title, summary, body_html, fields, editor_id, editor, created_at)
			SELECT item_id, $1, title, summary, body_html, fields, $2, $3, $4 FROM content_versions WHERE item_id = $5 AND number = $6`,
			number, nullID(editorID), editor, now, it.ID, it.CurrentVersion); err != nil {
			return err
		}
		var names []string
		for _, u := range ups {
			sum, err := files.Put(u.Data())
			if err != nil {
				return err
			}
			name := u.Name()
			names = append(names, name)
			if _, err := tx.ExecContext(ctx, `INSERT INTO content_files (item_id, sha256, name, type, size, version) VALUES ($1, $2, $3, $4, $5, $6)`,
				it.ID, sum, name, string(u.Type()), u.Size(), number); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "content.attach", Entity: "content", EntityKey: string(it.Kind) + "/" + it.Slug, UnitID: it.UnitID,
			Summary: fmt.Sprintf("Đính kèm %s vào “%s” (phiên bản %d, chờ duyệt)", strings.Join(names, ", "), it.Title, number)}, nil, nil)
	})
}

// Attachments lists an item's files, for the console: also those that
// wait for the item's next publication.
func (s *Service) Attachments(ctx context.Context, id int64) ([]activity.File, error) {
	return activity.ScanFiles(s.db.R.QueryContext(ctx, `SELECT id, sha256, name, type, size FROM content_files WHERE item_id = $1 ORDER BY id`, id))
}

// PublicAttachments lists the files of an item's published version, for
// the portal.
func (s *Service) PublicAttachments(ctx context.Context, id int64) ([]activity.File, error) {
	return activity.ScanFiles(s.db.R.QueryContext(ctx, `SELECT cf.id, cf.sha256, cf.name, cf.type, cf.size FROM content_files cf JOIN content_items i ON i.id = cf.item_id
		WHERE cf.item_id = $1 AND cf.version <= i.published_version ORDER BY cf.id`, id))
}

// PendingAttachments lists the sums of an item's files that the public
// does not see yet, so the console can mark them.
func (s *Service) PendingAttachments(ctx context.Context, id int64) (map[string]bool, error) {
	sums, err := store.Column[string](s.db.R.QueryContext(ctx, `SELECT cf.sha256 FROM content_files cf JOIN content_items i ON i.id = cf.item_id
		WHERE cf.item_id = $1 AND (cf.version > i.published_version OR i.state = 'archived')`, id))
	if err != nil {
		return nil, fmt.Errorf("pending files of item %d: %w", id, err)
	}
	out := make(map[string]bool, len(sums))
	for _, sum := range sums {
		out[sum] = true
	}
	return out, nil
}

// Attachment returns a file of a live item's published version to anyone, or of any item to
// someone who may write or review content of its unit.
func (s *Service) Attachment(ctx context.Context, files activity.Files, sum string) (activity.File, []byte, error) {
	var f activity.File
	var itemID int64
	var liveItem bool
	// A file is live when the version it came with is published.
	err := s.db.R.QueryRowContext(ctx, `SELECT cf.id, cf.sha256, cf.name, cf.type, cf.size, i.id, i.published_version >= cf.version AND i.state <> 'archived'
		FROM content_files cf JOIN content_items i ON i.id = cf.item_id WHERE cf.sha256 = $1
		ORDER BY (i.published_version >= cf.version AND i.state <> 'archived') DESC, cf.id LIMIT 1`, sum).
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
