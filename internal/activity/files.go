package activity

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/upload"
)

// File is a stored evidence file.
type File struct {
	ID     int64
	SHA256 string
	Name   string
	Type   string
	Size   int64
}

// Files keeps evidence files in a folder by content hash; the same photo
// uploaded twice is stored once.
type Files struct{ Dir string }

func (f Files) path(sum string) string { return filepath.Join(f.Dir, sum[:2], sum) }

// Put stores a file's content under its hash (once) and returns the hash.
func (f Files) Put(data []byte) (string, error) {
	sum := sha256.Sum256(data)
	hexsum := hex.EncodeToString(sum[:])
	p := f.path(hexsum)
	if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			return "", err
		}
		tmp := p + ".tmp"
		if err := os.WriteFile(tmp, data, 0o640); err != nil {
			return "", err
		}
		if err := os.Rename(tmp, p); err != nil {
			return "", err
		}
	}
	return hexsum, nil
}

// Get reads a stored file and checks it still matches its hash.
func (f Files) Get(sum string) ([]byte, error) {
	b, err := os.ReadFile(f.path(sum))
	if err != nil {
		return nil, fmt.Errorf("file %s: %w", sum, err)
	}
	if !bytes.Equal(hashOf(b), mustHex(sum)) {
		return nil, fmt.Errorf("file %s: content does not match its hash", sum)
	}
	return b, nil
}

// Attach stores files that passed the upload guard and links them to an
// activity the actor may log for.
func (s *Service) Attach(ctx context.Context, f Files, activityID int64, ups []upload.File) error {
	var unitID int64
	if err := s.db.R.QueryRowContext(ctx, `SELECT unit_id FROM activities WHERE id = $1`, activityID).Scan(&unitID); err != nil {
		return errs.ErrNotFound
	}
	if err := s.org.Authorize(ctx, access.ActivityEdit, unitID); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		for _, u := range ups {
			hexsum, err := f.Put(u.Data())
			if err != nil {
				return err
			}
			name := u.Name()
			if _, err := tx.ExecContext(ctx, `INSERT INTO activity_files (activity_id, sha256, name, type, size) VALUES ($1, $2, $3, $4, $5)`,
				activityID, hexsum, name, string(u.Type()), u.Size()); err != nil {
				return fmt.Errorf("evidence %s: %w", name, err)
			}
		}
		return nil
	})
}

// Evidence returns a file's content if the actor may see the activity it
// belongs to.
func (s *Service) Evidence(ctx context.Context, f Files, sum string) (File, []byte, error) {
	var file File
	var unitID int64
	err := s.db.R.QueryRowContext(ctx, `SELECT af.id, af.sha256, af.name, af.type, af.size, a.unit_id FROM activity_files af JOIN activities a ON a.id = af.activity_id
		WHERE af.sha256 = $1 ORDER BY af.id LIMIT 1`, sum).Scan(&file.ID, &file.SHA256, &file.Name, &file.Type, &file.Size, &unitID)
	if err != nil {
		return file, nil, errs.NotFound("Không có tệp này.", "No such file.")
	}
	if err := s.org.Authorize(ctx, access.ActivityView, unitID); err != nil {
		return file, nil, err
	}
	b, err := f.Get(file.SHA256)
	return file, b, err
}

// FilesOf lists the evidence files of activities.
func (s *Service) FilesOf(ctx context.Context, ids []int64) (map[int64][]File, error) {
	out := map[int64][]File{}
	if len(ids) == 0 {
		return out, nil
	}
	ph := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		ph[i], args[i] = fmt.Sprintf("$%d", i+1), id
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT activity_id, id, sha256, name, type, size FROM activity_files WHERE activity_id IN (`+strings.Join(ph, ",")+`) ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var aid int64
		var f File
		if err := rows.Scan(&aid, &f.ID, &f.SHA256, &f.Name, &f.Type, &f.Size); err != nil {
			return nil, err
		}
		out[aid] = append(out[aid], f)
	}
	return out, rows.Err()
}

func hashOf(b []byte) []byte { s := sha256.Sum256(b); return s[:] }

func mustHex(s string) []byte { b, _ := hex.DecodeString(s); return b }

// ScanFiles reads the rows of a query selecting id, sha256, name, type and
// size of stored files, in that order; it takes the query's error too, so a
// caller can pass QueryContext's results straight in.
func ScanFiles(rows *sql.Rows, err error) ([]File, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []File
	for rows.Next() {
		var f File
		if err := rows.Scan(&f.ID, &f.SHA256, &f.Name, &f.Type, &f.Size); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
