package intel

import (
	"bytes"
	"context"
	"database/sql"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/errs"
)

// MaxEvidence is the largest evidence file a citizen may send.
const MaxEvidence = 8 << 20

// Evidence is a file sent with a report.
type Evidence struct {
	Name string
	Data []byte
}

// CleanEvidence checks each file by its content (JPEG, PNG or PDF, at most
// 8 MB) and re-encodes images, which drops their metadata — the location a
// phone writes into a photo among it. A refusal names the file.
func CleanEvidence(in []Evidence) ([]Evidence, error) {
	v := errs.NewInvalid()
	var out []Evidence
	for _, e := range in {
		name := strings.TrimSpace(filepath.Base(e.Name))
		if len(e.Data) > MaxEvidence {
			v.Fieldf("files", "Tệp “%s” lớn quá 8 MB.", name)
			continue
		}
		switch http.DetectContentType(e.Data) {
		case "application/pdf":
			out = append(out, Evidence{Name: name, Data: e.Data})
		case "image/jpeg", "image/png":
			// A forged header can claim a huge picture: look before decoding.
			if cfg, _, err := image.DecodeConfig(bytes.NewReader(e.Data)); err != nil || cfg.Width*cfg.Height > 40_000_000 || cfg.Width <= 0 || cfg.Height <= 0 {
				v.Fieldf("files", "Ảnh “%s” bị hỏng hoặc quá lớn, không đọc được.", name)
				continue
			}
			img, format, err := image.Decode(bytes.NewReader(e.Data))
			if err != nil {
				v.Fieldf("files", "Ảnh “%s” bị hỏng, không đọc được.", name)
				continue
			}
			var buf bytes.Buffer
			if format == "png" {
				err = png.Encode(&buf, img)
			} else {
				err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
			}
			if err != nil {
				return nil, err
			}
			out = append(out, Evidence{Name: name, Data: buf.Bytes()})
		default:
			v.Fieldf("files", "Tệp “%s” không nhận được: chỉ nhận ảnh JPEG, PNG hoặc tệp PDF.", name)
		}
	}
	return out, v.Err()
}

// Attach stores cleaned evidence for a report.
func (s *Service) Attach(ctx context.Context, files activity.Files, tipID int64, ev []Evidence) error {
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		for _, e := range ev {
			sum, err := files.Put(e.Data)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO tip_files (tip_id, sha256, name, type, size) VALUES ($1, $2, $3, $4, $5)`,
				tipID, sum, e.Name, http.DetectContentType(e.Data), len(e.Data)); err != nil {
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
