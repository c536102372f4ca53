package intel

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
)

// maxAdditions bounds what one tracking code can append to its report.
const maxAdditions = 10

func (s *Service) tipID(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, code string) (id int64, status string, err error) {
	err = q.QueryRowContext(ctx, `SELECT id, status FROM tips WHERE code = $1`, strings.ToUpper(strings.TrimSpace(code))).Scan(&id, &status)
	if err == sql.ErrNoRows {
		return 0, "", errs.NotFound("Không có tố giác mã "+code+".", "No report "+code+".")
	}
	return id, status, err
}

// AskMore puts a report on hold with a question for its author, who reads
// it on the tracking page and answers there (AddToTip).
func (s *Service) AskMore(ctx context.Context, code, question string) error {
	if err := noteLength("question", "Câu hỏi", question); err != nil {
		return err
	}
	a, ar, err := s.reviewer(ctx)
	if err != nil {
		return err
	}
	id, _, err := s.tipID(ctx, s.db.R, code)
	if err != nil {
		return err
	}
	if err := checkTip(ctx, s.db.R, ar, id, "hỏi thêm về tố giác này"); err != nil {
		return err
	}
	question = strings.TrimSpace(question)
	if question == "" {
		return errs.InvalidField("question", "Hãy viết điều cần người tố giác bổ sung (ví dụ: ảnh chụp màn hình giao dịch chuyển tiền).")
	}
	if utf8.RuneCountInString(question) > 1000 {
		return errs.InvalidField("question", "Câu hỏi dài quá 1.000 ký tự.")
	}
	now := s.clock.Now()
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		id, status, err := s.tipID(ctx, tx, code)
		if err != nil {
			return err
		}
		if status != "new" && status != "need_info" {
			return errs.Conflict("Tố giác "+code+" đã được xử lý xong; không cần hỏi thêm.", "Report already decided.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tips SET status = 'need_info', question = $1 WHERE id = $2`, question, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "tip.ask", Entity: "tip", EntityKey: code, UnitID: a.UnitID,
			Summary: "Yêu cầu bổ sung tố giác " + code}, nil, map[string]any{"question": question})
	})
}

// AddToTip appends the author's answer to a report that was asked for more
// (or is still open); the report returns to the queue.
func (s *Service) AddToTip(ctx context.Context, code, text string) error {
	text = strings.TrimSpace(text)
	if text == "" {
		return errs.InvalidField("text", "Hãy viết nội dung bổ sung.")
	}
	if utf8.RuneCountInString(text) > 5000 {
		return errs.InvalidField("text", "Nội dung bổ sung dài quá 5.000 ký tự; hãy rút gọn hoặc gửi thành nhiều lần.")
	}
	sealed, err := s.sealText(tipAddition, "text", text)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		id, status, err := s.tipID(ctx, tx, code)
		if err != nil {
			return err
		}
		if status != "new" && status != "need_info" {
			return errs.Conflict("Tố giác này đã có kết quả; nếu có thông tin mới, hãy gửi một tố giác mới.", "Report already decided.")
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM tip_additions WHERE tip_id = $1`, id).Scan(&n); err != nil {
			return err
		}
		if n >= maxAdditions {
			return errs.TooMany(fmt.Sprintf("Mỗi tố giác được bổ sung tối đa %d lần; hãy gửi một tố giác mới.", maxAdditions), "Too many additions.")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO tip_additions (tip_id, text, created_at) VALUES ($1, $2, $3)`, id, sealed, now); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE tips SET status = 'new' WHERE id = $1`, id)
		return err
	})
}

// MergeTip marks a report as a duplicate of another (the same person
// reporting twice, or a partner's copy of a citizen's report). Its
// indicators move to the kept report; an indicator both name loses the
// extra count, so "reported N times" counts reports, not resubmissions.
// The duplicate's author is pointed to the kept report's outcome.
func (s *Service) MergeTip(ctx context.Context, dupCode, intoCode string) error {
	a, ar, err := s.reviewer(ctx)
	if err != nil {
		return err
	}
	if strings.EqualFold(strings.TrimSpace(dupCode), strings.TrimSpace(intoCode)) {
		return errs.InvalidField("into", "Không thể gộp một tố giác vào chính nó.")
	}
	now := s.clock.Now()
	return s.db.Transact(ctx, func(tx *sql.Tx) error {
		dup, dupStatus, err := s.tipID(ctx, tx, dupCode)
		if err != nil {
			return err
		}
		if err := checkTip(ctx, tx, ar, dup, "gộp tố giác này"); err != nil {
			return err
		}
		into, intoStatus, err := s.tipID(ctx, tx, intoCode)
		if err != nil {
			return err
		}
		if err := checkTip(ctx, tx, ar, into, "gộp vào tố giác "+strings.ToUpper(strings.TrimSpace(intoCode))); err != nil {
			return err
		}
		if dupStatus == "merged" || intoStatus == "merged" {
			return errs.Conflict("Một trong hai tố giác đã được gộp trước đó.", "Already merged.")
		}
		rows, err := tx.QueryContext(ctx, `SELECT indicator_id, raw, EXISTS (SELECT 1 FROM tip_indicators k WHERE k.tip_id = $2 AND k.indicator_id = d.indicator_id)
			FROM tip_indicators d WHERE d.tip_id = $1`, dup, into)
		if err != nil {
			return err
		}
		type link struct {
			id     int64
			raw    string
			shared bool
		}
		var links []link
		for rows.Next() {
			var l link
			if err := rows.Scan(&l.id, &l.raw, &l.shared); err != nil {
				rows.Close()
				return err
			}
			links = append(links, l)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, l := range links {
			if l.shared {
				if _, err := tx.ExecContext(ctx, `UPDATE indicators SET reports = reports - 1, updated_at = $1 WHERE id = $2 AND reports > 0`, now, l.id); err != nil {
					return err
				}
			} else if _, err := tx.ExecContext(ctx, `INSERT INTO tip_indicators (tip_id, indicator_id, raw) VALUES ($1, $2, $3)`, into, l.id, l.raw); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM tip_indicators WHERE tip_id = $1`, dup); err != nil {
			return err
		}
		// The duplicate's reporter no longer counts: recount each indicator.
		for _, l := range links {
			if err := s.restate(ctx, tx, l.id, now); err != nil {
				return err
			}
		}
		// Evidence and additions travel with the report they now belong to.
		for _, table := range []string{"tip_additions", "tip_files"} {
			if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET tip_id = $1 WHERE tip_id = $2`, into, dup); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tips SET status = 'merged', merged_into = $1, outcome = $2, decided_at = $3 WHERE id = $4`,
			into, "Tố giác này trùng với tố giác "+strings.ToUpper(intoCode)+" và đã được gộp; kết quả xác minh xem ở tố giác đó.", now, dup); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "tip.merge", Entity: "tip", EntityKey: strings.ToUpper(dupCode), UnitID: a.UnitID,
			Summary: "Gộp tố giác " + strings.ToUpper(dupCode) + " vào " + strings.ToUpper(intoCode)}, nil, nil)
	})
}

// Additions lists what a report's author added, oldest first.
func (s *Service) additions(ctx context.Context, tipID int64) ([]Addition, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT text, created_at FROM tip_additions WHERE tip_id = $1 ORDER BY id`, tipID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Addition
	for rows.Next() {
		var a Addition
		if err := rows.Scan(&a.Text, &a.At); err != nil {
			return nil, err
		}
		var err error
		if a.Text, err = s.openText(tipAddition, a.Text); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Addition is something a reporter added after sending.
type Addition struct {
	Text string
	At   time.Time
}
