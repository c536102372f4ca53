// Package bench holds benchmarks that compare the product against a baseline
// in the same run; see README.md.
package bench

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/report"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

const units = 10_000

// snapshot is a submitted report's figures with 50 numbers: 4 reach
// figures, 14 forms, 9 tactics, 7 audiences, 16 duties.
func snapshot(i int) (string, string) {
	s := activity.NewSummary()
	s.Activities = 14
	s.Reach = activity.Reach{Participants: int64(i % 500), Copies: int64(i % 90), Views: int64(i % 7000), Messages: int64(i % 300)}
	for _, f := range activity.Forms {
		s.ByForm[f.Code] = 1 + i%3
	}
	for t := 0; t < 9; t++ {
		s.ByTactic[fmt.Sprintf("t%d", t)] = i % 4
	}
	for a := 0; a < 7; a++ {
		s.ByAudience[fmt.Sprintf("a%d", a)] = int64(i % 40)
	}
	for d := 0; d < 16; d++ {
		s.ByDuty[int64(d+1)] = i % 2
	}
	b, _ := json.Marshal(report.Figures{Own: s, Total: s})
	return string(b), s.Compact()
}

// setup builds a province with 10,000 reporting units and their submitted
// reports for two periods. The rows are written with SQL in one
// transaction: through the services it would take minutes of set-up.
func setup(b *testing.B, db *store.DB) (*report.Service, []report.Period) {
	ctx := context.Background()
	clk := clock.NewFixed(time.Date(2024, 12, 20, 9, 0, 0, 0, time.UTC))
	o := org.NewService(db, clk)
	sys := access.With(ctx, access.System())
	root, err := o.Create(sys, org.UnitInput{Code: "tinh", Name: "Ủy ban nhân dân tỉnh Thử Nghiệm", Type: org.TypeProvince, ValidFrom: "2020-01-01"})
	if err != nil {
		b.Fatal(err)
	}
	r := report.NewService(db, clk, o, activity.NewService(db, clk, o), plan.NewService(db, clk, o))
	var periods []report.Period
	for _, code := range []string{"2024-H1", "2024-Y"} {
		p, err := r.Period(ctx, code)
		if err != nil {
			b.Fatal(err)
		}
		periods = append(periods, p)
	}
	now := clk.Now()
	err = db.Transact(ctx, func(tx *sql.Tx) error {
		for i := 0; i < units; i++ {
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO units (code, created_at) VALUES ($1, $2) RETURNING id`, fmt.Sprintf("xa-%05d", i), now).Scan(&id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO unit_versions (unit_id, name, name_folded, type, parent_id, valid_from) VALUES ($1, $2, $3, $4, $5, $6)`,
				id, fmt.Sprintf("Ủy ban nhân dân xã Thử %05d", i), fmt.Sprintf("uy ban nhan dan xa thu %05d", i), "commune", root.ID, "2020-01-01"); err != nil {
				return err
			}
			for pi, p := range periods {
				on := []string{"2024-06-03", "2024-12-04"}[pi]
				if i%10 == 0 {
					on = []string{"2024-06-09", "2024-12-08"}[pi] // late
				}
				if i%25 == 0 {
					continue // missing
				}
				snap, totals := snapshot(i)
				if _, err := tx.ExecContext(ctx, `INSERT INTO reports (unit_id, period_id, status, snapshot, totals, submitted_on, created_at, updated_at)
					VALUES ($1, $2, 'submitted', $3, $4, $5, $6, $6)`, id, p.ID, snap, totals, on, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return r, periods
}

func benchAggregate(b *testing.B, db *store.DB) {
	r, periods := setup(b, db)
	ctx := access.With(context.Background(), access.System())
	// The baseline is the floor: one query reading the two periods' 19,200
	// submitted reports' compact totals and summing them, nothing else.
	b.Run("baseline-read-and-sum", func(b *testing.B) {
		for b.Loop() {
			for _, p := range periods {
				rows, err := db.R.QueryContext(ctx, `SELECT totals FROM reports WHERE period_id = $1`, p.ID)
				if err != nil {
					b.Fatal(err)
				}
				sum := activity.NewSummary()
				for rows.Next() {
					var s string
					rows.Scan(&s)
					sum.AddCompact(s)
				}
				rows.Close()
			}
		}
	})
	b.Run("aggregate-2-periods", func(b *testing.B) {
		for b.Loop() {
			for _, p := range periods {
				f, err := r.Figures(ctx, 1, p)
				if err != nil {
					b.Fatal(err)
				}
				if f.Expected != units || f.Received != units-units/25 {
					b.Fatalf("expected %d received %d", f.Expected, f.Received)
				}
			}
		}
	})
}

// BenchmarkAggregate sums 10,000 units × 2 periods × 50 figures, on
// SQLite and (when CANHGIAC_TEST_POSTGRES is set) on PostgreSQL.
func BenchmarkAggregate(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchAggregate(b, storetest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { benchAggregate(b, storetest.Postgres(b)) })
}
