package report_test

import (
	"context"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/content"
	"github.com/canhgiac/canhgiac/internal/demo"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/report"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

func TestFigures_StaffWhoPassedTheQuizzes(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := clock.NewFixed(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
		o := org.NewService(db, clk)
		a := activity.NewService(db, clk, o)
		r := report.NewService(db, clk, o, a, plan.NewService(db, clk, o))
		c := content.NewService(db, clk, o, a, nil)
		r.CountQuizzesWith(c)
		if err := demo.LoadUnits(ctx, o); err != nil {
			t.Fatal(err)
		}
		if err := demo.LoadContent(ctx, c); err != nil {
			t.Fatal(err)
		}
		q, err := c.Quiz(ctx, "kiem-tra-kien-thuc-can-bo")
		if err != nil {
			t.Fatal(err)
		}
		right, wrong := make([]int, len(q.Questions)), make([]int, len(q.Questions))
		for i, qu := range q.Questions {
			right[i], wrong[i] = qu.Answer, (qu.Answer+1)%len(qu.Choices)
		}
		ca, _ := o.IDByCode(ctx, "cao-bang-ca")
		for user, answers := range map[int64][]int{401: right, 402: wrong, 403: right} {
			if _, err := c.Take(access.With(ctx, &access.Actor{UserID: user, UnitID: ca}), q.Slug, answers); err != nil {
				t.Fatal(err)
			}
		}
		c.Take(ctx, q.Slug, right) // a citizen: not staff
		rep, err := r.Open(access.With(ctx, access.System()), "cao-bang-ca", "2026-Y")
		if err != nil {
			t.Fatal(err)
		}
		if rep.Figures.Quiz == nil || *rep.Figures.Quiz != (report.QuizFigures{Took: 3, Passed: 2}) {
			t.Fatalf("quiz figures: %+v", rep.Figures.Quiz)
		}
	})
}
