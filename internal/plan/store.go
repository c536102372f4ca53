package plan

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// The SQL of this package; it runs unchanged on SQLite and PostgreSQL.

const planColumns = `p.id, p.unit_id, u.code, p.parent_plan_id, p.series_id, p.version, p.kind, p.status, p.number, p.symbol,
	p.issuer_name, p.place, p.issued_on, p.title, p.plan_deadline, p.content, p.created_at, p.updated_at, p.issued_at, p.late_reason`

const planFrom = ` FROM plans p JOIN units u ON u.id = p.unit_id`

func scanPlans(rows *sql.Rows) ([]*Plan, error) {
	defer rows.Close()
	var out []*Plan
	for rows.Next() {
		p := &Plan{}
		var parent, series sql.NullInt64
		var kind, status, content string
		var issuedAt sql.NullTime
		if err := rows.Scan(&p.ID, &p.UnitID, &p.UnitCode, &parent, &series, &p.Version, &kind, &status, &p.Number, &p.Symbol,
			&p.IssuerName, &p.Place, &p.IssuedOn, &p.Title, &p.PlanDeadline, &content, &p.CreatedAt, &p.UpdatedAt, &issuedAt, &p.LateReason); err != nil {
			return nil, err
		}
		p.ParentPlanID, p.SeriesID = parent.Int64, series.Int64
		p.Kind, p.Status = Kind(kind), Status(status)
		if issuedAt.Valid {
			t := issuedAt.Time
			p.IssuedAt = &t
		}
		if err := json.Unmarshal([]byte(content), &p.Content); err != nil {
			return nil, fmt.Errorf("plan %d content: %w", p.ID, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func queryPlans(ctx context.Context, q store.Querier, where string, args ...any) ([]*Plan, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+planColumns+planFrom+` `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("plans: %w", err)
	}
	return scanPlans(rows)
}

func loadPlan(ctx context.Context, q store.Querier, id int64) (*Plan, error) {
	ps, err := queryPlans(ctx, q, `WHERE p.id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, errs.NotFound("Không có kế hoạch này.", "No such plan.")
	}
	p := ps[0]
	if p.Duties, err = loadDuties(ctx, q, id); err != nil {
		return nil, err
	}
	return p, nil
}

func loadDuties(ctx context.Context, q store.Querier, planID int64) ([]Duty, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.id, d.pos, d.group_no, COALESCE(d.unit_id, 0), COALESCE(u.code, ''), d.unit_text, d.addressees,
		d.role, d.task, d.deadline, d.target_metric, d.target_value, d.target_unit
		FROM plan_duties d LEFT JOIN units u ON u.id = d.unit_id WHERE d.plan_id = $1 ORDER BY d.pos`, planID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Duty
	for rows.Next() {
		var d Duty
		var role string
		if err := rows.Scan(&d.ID, &d.Pos, &d.Group, &d.UnitID, &d.UnitCode, &d.UnitText, &d.Addressees, &role, &d.Task, &d.Deadline,
			&d.Target.Metric, &d.Target.Value, &d.Target.Unit); err != nil {
			return nil, err
		}
		d.Role = Role(role)
		out = append(out, d)
	}
	return out, rows.Err()
}

func searchText(p *Plan) string {
	return vn.Fold(strings.Join([]string{p.Number, p.Symbol, p.Title, p.IssuerName, p.Place}, " "))
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// insertPlan writes a new plan row and its duties; it sets p.ID.
func insertPlan(ctx context.Context, q store.Querier, p *Plan, by int64, now time.Time) error {
	content, err := json.Marshal(p.Content)
	if err != nil {
		return err
	}
	var issuedAt any
	if p.IssuedAt != nil {
		issuedAt = p.IssuedAt.UTC()
	}
	err = q.QueryRowContext(ctx, `INSERT INTO plans (unit_id, parent_plan_id, series_id, version, kind, status, number, symbol, issuer_name,
		place, issued_on, title, search_folded, plan_deadline, content, created_at, updated_at, created_by, issued_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17, $18) RETURNING id`,
		p.UnitID, nullID(p.ParentPlanID), nullID(p.SeriesID), p.Version, string(p.Kind), string(p.Status), p.Number, p.Symbol, p.IssuerName,
		p.Place, p.IssuedOn, p.Title, searchText(p), p.PlanDeadline, string(content), now, nullID(by), issuedAt).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("insert plan: %w", err)
	}
	if p.SeriesID == 0 {
		p.SeriesID = p.ID
		if _, err := q.ExecContext(ctx, `UPDATE plans SET series_id = $1 WHERE id = $1`, p.ID); err != nil {
			return err
		}
	}
	p.CreatedAt, p.UpdatedAt = now, now
	return writeDuties(ctx, q, p)
}

// updatePlan rewrites a draft's fields and duties.
func updatePlan(ctx context.Context, q store.Querier, p *Plan, now time.Time) error {
	content, err := json.Marshal(p.Content)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `UPDATE plans SET parent_plan_id = $1, number = $2, symbol = $3, issuer_name = $4, place = $5, issued_on = $6,
		title = $7, search_folded = $8, plan_deadline = $9, content = $10, updated_at = $11 WHERE id = $12`,
		nullID(p.ParentPlanID), p.Number, p.Symbol, p.IssuerName, p.Place, p.IssuedOn, p.Title, searchText(p), p.PlanDeadline, string(content), now, p.ID)
	if err != nil {
		return fmt.Errorf("update plan %d: %w", p.ID, err)
	}
	p.UpdatedAt = now
	if _, err := q.ExecContext(ctx, `DELETE FROM plan_duties WHERE plan_id = $1`, p.ID); err != nil {
		return err
	}
	return writeDuties(ctx, q, p)
}

func writeDuties(ctx context.Context, q store.Querier, p *Plan) error {
	for i := range p.Duties {
		d := &p.Duties[i]
		d.Pos = i + 1
		if d.Role == "" {
			d.Role = RoleLead
		}
		err := q.QueryRowContext(ctx, `INSERT INTO plan_duties (plan_id, pos, group_no, unit_id, unit_text, addressees, role, task, deadline,
			target_metric, target_value, target_unit) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			p.ID, d.Pos, d.Group, nullID(d.UnitID), d.UnitText, d.Addressees, string(d.Role), d.Task, d.Deadline,
			d.Target.Metric, d.Target.Value, d.Target.Unit).Scan(&d.ID)
		if err != nil {
			return fmt.Errorf("plan %d duty %d: %w", p.ID, d.Pos, err)
		}
	}
	return nil
}

func setStatus(ctx context.Context, q store.Querier, id int64, st Status, now time.Time, by int64) error {
	var err error
	if st == StatusIssued {
		_, err = q.ExecContext(ctx, `UPDATE plans SET status = $1, issued_at = $2, issued_by = $3, updated_at = $2 WHERE id = $4`, string(st), now, nullID(by), id)
	} else {
		_, err = q.ExecContext(ctx, `UPDATE plans SET status = $1, updated_at = $2 WHERE id = $3`, string(st), now, id)
	}
	return err
}

func idOf(ctx context.Context, q store.Querier, query string, args ...any) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, query, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}
