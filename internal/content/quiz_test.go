package content_test

import (
	"context"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/content"
	"github.com/canhgiac/canhgiac/internal/demo"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

func TestQuiz_ScoringAnonymousCitizensAndStaffPerUnit(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		if err := demo.LoadContent(ctx, e.content); err != nil {
			t.Fatal(err)
		}
		qs, err := e.content.Quizzes(ctx, "staff")
		if err != nil || len(qs) != 1 || qs[0].NumQuestions == 0 {
			t.Fatalf("staff quizzes: %+v %v", qs, err)
		}
		q, err := e.content.Quiz(ctx, qs[0].Slug)
		if err != nil {
			t.Fatal(err)
		}
		right := make([]int, len(q.Questions))
		wrong := make([]int, len(q.Questions))
		for i, qu := range q.Questions {
			right[i] = qu.Answer
			wrong[i] = (qu.Answer + 1) % len(qu.Choices)
			if qu.Entry == "" {
				t.Fatalf("question %d tests no handbook entry", i+1)
			}
		}
		_, err = e.content.Take(ctx, q.Slug, right[:1])
		if errs.FieldsOf(err)["answers"] == "" {
			t.Fatalf("a partial attempt: %v", err)
		}
		// A citizen: scored, explained, recorded without a person.
		r, err := e.content.Take(ctx, q.Slug, right)
		if err != nil || !r.Passed || r.Score != r.Total || r.Percent != 100 || len(r.Explanations) != r.Total || r.Explanations[0].Explain == "" {
			t.Fatalf("all right: %+v %v", r, err)
		}
		var anon int
		db.R.QueryRow(`SELECT COUNT(*) FROM quiz_attempts WHERE user_id IS NULL AND unit_id IS NULL`).Scan(&anon)
		if anon != 1 {
			t.Fatalf("the citizen's attempt: %d anonymous rows", anon)
		}
		// Two officers of one department: one passes (on the second try), one does not.
		a := e.as(t, 301, access.RoleOfficer, "cao-bang-sgddt")
		b := e.as(t, 302, access.RoleOfficer, "cao-bang-sgddt")
		if r, _ := e.content.Take(a, q.Slug, wrong); r.Passed || r.Score != 0 {
			t.Fatalf("all wrong: %+v", r)
		}
		e.content.Take(a, q.Slug, right)
		e.content.Take(b, q.Slug, wrong)
		sgddt, ca := e.unitID(t, "cao-bang-sgddt"), e.unitID(t, "cao-bang-ca")
		coord := e.as(t, 102, access.RoleCoordinator, "cao-bang")
		sum, err := e.content.UnitQuizSummary(coord, []int64{sgddt, ca}, "2026-01-01", "2026-12-31")
		if err != nil {
			t.Fatal(err)
		}
		if sum[0] != (content.UnitQuiz{UnitID: sgddt, Took: 2, Passed: 1, Attempts: 3}) || sum[1] != (content.UnitQuiz{UnitID: ca}) {
			t.Fatalf("summary: %+v", sum)
		}
		if sum, _ := e.content.UnitQuizSummary(coord, []int64{sgddt}, "2025-01-01", "2025-12-31"); sum[0].Took != 0 {
			t.Fatalf("attempts outside the window counted: %+v", sum)
		}
		// Together, a person counts once however many of the units they took quizzes in.
		e.content.Take(access.With(ctx, &access.Actor{UserID: 301, UnitID: ca}), q.Slug, right)
		if tot, err := e.content.QuizTotal(coord, []int64{sgddt, ca}, "", ""); err != nil || tot.Took != 2 || tot.Passed != 1 || tot.Attempts != 4 {
			t.Fatalf("total over two units: %+v %v", tot, err)
		}
		editor := e.as(t, 101, access.RoleEditor, "cao-bang-sgddt")
		_, err = e.content.UnitQuizSummary(editor, []int64{sgddt}, "", "")
		wantKind(t, err, errs.KindForbidden, "an editor reading quiz results")
		leaderElsewhere := e.as(t, 103, access.RoleLeader, "cao-bang-sct")
		_, err = e.content.UnitQuizSummary(leaderElsewhere, []int64{sgddt}, "", "")
		wantKind(t, err, errs.KindForbidden, "a leader of another department reading its results")
	})
}

func TestSaveQuiz_QuestionsMustTestHandbookEntries(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		in := content.QuizInput{Slug: "thu", Title: "Thử", Audience: "citizens", PassPercent: 80, UnitCode: "cao-bang-ca",
			Questions: []content.Question{{Entry: "khong-co", Text: "Câu hỏi?", Choices: []string{"A", "B"}, Answer: 1}, {Text: "Câu hai?", Choices: []string{"A"}}}}
		_, err := e.content.SaveQuiz(e.sys, in)
		f := errs.FieldsOf(err)
		if f["questions.0"] == "" || f["questions.1"] == "" {
			t.Fatalf("quiz checks: %v", err)
		}
		editor := e.as(t, 101, access.RoleEditor, "cao-bang-ca")
		_, err = e.content.SaveQuiz(editor, in)
		wantKind(t, err, errs.KindForbidden, "an editor saving a quiz (it goes public at once)")
	})
}
