package content

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// QuizAudiences are who a quiz is written for.
var QuizAudiences = []Option{{"citizens", "Người dân"}, {"staff", "Cán bộ, công chức"}}

// Quiz is an awareness quiz built from handbook entries.
type Quiz struct {
	ID           int64
	Slug         string
	Title        string
	Audience     string // citizens or staff
	PassPercent  int    // share of right answers needed to pass
	UnitID       int64  // the unit that keeps it
	NumQuestions int
	Questions    []Question // nil in lists
	UpdatedAt    time.Time
}

// Question is one multiple-choice question; Answer is the index of the
// right choice, which a page must not show before the quiz is taken.
type Question struct {
	Entry   string // slug of the handbook entry it tests
	Text    string
	Choices []string
	Answer  int
	Explain string // why, shown after answering
}

// QuizInput is a quiz as a reviewer saves it: a new one, or the whole of
// an existing one (same slug) replaced.
type QuizInput struct {
	Slug        string
	Title       string
	Audience    string
	PassPercent int
	UnitCode    string
	Questions   []Question
}

// SaveQuiz creates or replaces a quiz, for a reviewer of its unit: a quiz
// goes to the public as soon as it is saved, so it takes someone who may
// publish.
func (s *Service) SaveQuiz(ctx context.Context, in QuizInput) (*Quiz, error) {
	lengths := errs.NewInvalid().MaxLen("title", "Tên bộ câu hỏi", in.Title, 300).MaxLen("slug", "Đường dẫn", in.Slug, 100)
	for i, q := range in.Questions {
		field := fmt.Sprintf("questions.%d", i)
		lengths.MaxLen(field, fmt.Sprintf("Câu %d", i+1), q.Text, 1000).MaxLen(field, fmt.Sprintf("Giải thích câu %d", i+1), q.Explain, 2000)
		for j, c := range q.Choices {
			lengths.MaxLen(field, fmt.Sprintf("Phương án %d của câu %d", j+1, i+1), c, 500)
		}
	}
	if err := lengths.Err(); err != nil {
		return nil, err
	}
	u, err := s.org.Lookup(ctx, in.UnitCode, s.today())
	if k := errs.KindOf(err); k == errs.KindForbidden || k == errs.KindUnauthenticated {
		return nil, err
	}
	if err != nil {
		return nil, errs.InvalidField("unit", "Vui lòng chọn đơn vị quản lý bộ câu hỏi.")
	}
	if err := s.org.Authorize(ctx, access.ContentReview, u.ID); err != nil {
		return nil, err
	}
	var prevUnit int64
	if err := s.db.R.QueryRowContext(ctx, `SELECT unit_id FROM quizzes WHERE slug = $1`, strings.TrimSpace(in.Slug)).Scan(&prevUnit); err == nil {
		if err := s.org.Authorize(ctx, access.ContentReview, prevUnit); err != nil {
			return nil, err
		}
	}
	q := &Quiz{Slug: strings.TrimSpace(strings.ToLower(in.Slug)), Title: oneLine(in.Title), Audience: in.Audience, PassPercent: in.PassPercent, UnitID: u.ID}
	v := errs.NewInvalid()
	if q.Slug == "" {
		q.Slug = Slugify(q.Title)
	}
	if !slugRE.MatchString(q.Slug) {
		v.Field("slug", "Đường dẫn chỉ gồm chữ thường không dấu, số và dấu gạch ngang.")
	}
	if q.Title == "" {
		v.Field("title", "Vui lòng nhập tên bộ câu hỏi.")
	}
	if !hasCode(QuizAudiences, q.Audience) {
		v.Field("audience", "Vui lòng chọn đối tượng: người dân hoặc cán bộ.")
	}
	if q.PassPercent < 1 || q.PassPercent > 100 {
		v.Field("pass_percent", "Tỷ lệ đạt phải từ 1 đến 100 phần trăm.")
	}
	if len(in.Questions) == 0 {
		v.Field("questions", "Bộ câu hỏi cần ít nhất một câu.")
	}
	for i, qu := range in.Questions {
		qu.Text, qu.Entry, qu.Explain, qu.Choices = strings.TrimSpace(qu.Text), strings.TrimSpace(qu.Entry), strings.TrimSpace(qu.Explain), clean(qu.Choices)
		field := fmt.Sprintf("questions.%d", i)
		var x int
		switch {
		case qu.Text == "":
			v.Fieldf(field, "Câu %d chưa có nội dung.", i+1)
		case len(qu.Choices) < 2:
			v.Fieldf(field, "Câu %d cần ít nhất hai phương án.", i+1)
		case qu.Answer < 0 || qu.Answer >= len(qu.Choices):
			v.Fieldf(field, "Câu %d chưa chọn đáp án đúng.", i+1)
		case s.db.R.QueryRowContext(ctx, `SELECT 1 FROM content_items WHERE kind = 'tactic' AND slug = $1`, qu.Entry).Scan(&x) != nil:
			v.Fieldf(field, "Câu %d dựa trên thủ đoạn “%s”, không có trong cẩm nang.", i+1, qu.Entry)
		}
		q.Questions = append(q.Questions, qu)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO quizzes (slug, title, audience, pass_percent, unit_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
			ON CONFLICT (slug) DO UPDATE SET title = excluded.title, audience = excluded.audience, pass_percent = excluded.pass_percent,
			unit_id = excluded.unit_id, updated_at = excluded.updated_at RETURNING id`, q.Slug, q.Title, q.Audience, q.PassPercent, q.UnitID, now).Scan(&q.ID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM quiz_questions WHERE quiz_id = $1`, q.ID); err != nil {
			return err
		}
		for i, qu := range q.Questions {
			choices, _ := json.Marshal(qu.Choices)
			if _, err := tx.ExecContext(ctx, `INSERT INTO quiz_questions (quiz_id, pos, entry_slug, question, choices, answer, explanation) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
				q.ID, i, qu.Entry, qu.Text, string(choices), qu.Answer, qu.Explain); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: "quiz.save", Entity: "quiz", EntityKey: q.Slug, UnitID: q.UnitID,
			Summary: fmt.Sprintf("Lưu bộ câu hỏi “%s” (%d câu)", q.Title, len(q.Questions))}, nil, nil)
	})
	if err != nil {
		return nil, err
	}
	return s.Quiz(ctx, q.Slug)
}

// Quizzes lists the quizzes for an audience ("" for all), without their
// questions.
func (s *Service) Quizzes(ctx context.Context, audience string) ([]Quiz, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT q.id, q.slug, q.title, q.audience, q.pass_percent, q.unit_id, q.updated_at,
		(SELECT COUNT(*) FROM quiz_questions qq WHERE qq.quiz_id = q.id) FROM quizzes q WHERE $1 = '' OR q.audience = $1 ORDER BY q.id`, audience)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Quiz
	for rows.Next() {
		var q Quiz
		if err := rows.Scan(&q.ID, &q.Slug, &q.Title, &q.Audience, &q.PassPercent, &q.UnitID, &q.UpdatedAt, &q.NumQuestions); err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// Quiz returns a quiz with its questions.
func (s *Service) Quiz(ctx context.Context, slug string) (*Quiz, error) {
	q := &Quiz{}
	err := s.db.R.QueryRowContext(ctx, `SELECT id, slug, title, audience, pass_percent, unit_id, updated_at FROM quizzes WHERE slug = $1`, slug).
		Scan(&q.ID, &q.Slug, &q.Title, &q.Audience, &q.PassPercent, &q.UnitID, &q.UpdatedAt)
	if err == sql.ErrNoRows {
		return nil, errs.NotFound("Không có bộ câu hỏi này.", "No such quiz.")
	}
	if err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT entry_slug, question, choices, answer, explanation FROM quiz_questions WHERE quiz_id = $1 ORDER BY pos`, q.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var qu Question
		var choices string
		if err := rows.Scan(&qu.Entry, &qu.Text, &choices, &qu.Answer, &qu.Explain); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(choices), &qu.Choices); err != nil {
			return nil, err
		}
		q.Questions = append(q.Questions, qu)
	}
	q.NumQuestions = len(q.Questions)
	return q, rows.Err()
}

// Result is how an attempt went.
type Result struct {
	Quiz         *Quiz
	Score        int // right answers
	Total        int
	Percent      int // rounded down
	Passed       bool
	Explanations []Explanation // one per question, in order
}

// Explanation is one answered question.
type Explanation struct {
	Question
	Chosen  int
	Correct bool
}

// Take scores an attempt: answers holds the chosen index for each question
// in order. A citizen's attempt is kept as a score and a day only; a
// signed-in staff member's records who and which unit, for the reports.
func (s *Service) Take(ctx context.Context, slug string, answers []int) (*Result, error) {
	q, err := s.Quiz(ctx, slug)
	if err != nil {
		return nil, err
	}
	if len(answers) != len(q.Questions) {
		return nil, errs.InvalidField("answers", fmt.Sprintf("Vui lòng trả lời đủ %d câu hỏi.", len(q.Questions)))
	}
	r := &Result{Quiz: q, Total: len(q.Questions)}
	for i, qu := range q.Questions {
		if answers[i] < 0 || answers[i] >= len(qu.Choices) {
			return nil, errs.InvalidField(fmt.Sprintf("answers.%d", i), fmt.Sprintf("Câu %d chưa được trả lời.", i+1))
		}
		ok := answers[i] == qu.Answer
		if ok {
			r.Score++
		}
		r.Explanations = append(r.Explanations, Explanation{Question: qu, Chosen: answers[i], Correct: ok})
	}
	r.Percent = r.Score * 100 / r.Total
	r.Passed = r.Score*100 >= q.PassPercent*r.Total
	var userID, unitID int64
	if a := access.From(ctx); a != nil && !a.IsSystem() && a.UserID != 0 {
		userID, unitID = a.UserID, a.UnitID
	}
	now := s.clock.Now()
	_, err = s.db.W.ExecContext(ctx, `INSERT INTO quiz_attempts (quiz_id, user_id, unit_id, score, total, passed, day, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		q.ID, nullID(userID), nullID(unitID), r.Score, r.Total, r.Passed, vn.Today(now), now)
	if err != nil {
		return nil, fmt.Errorf("quiz attempt: %w", err)
	}
	return r, nil
}

// UnitQuiz is how a unit's staff did in the quizzes over a window.
type UnitQuiz struct {
	UnitID   int64
	Took     int // staff who took a quiz at least once
	Passed   int // staff who passed at least once (cán bộ đạt yêu cầu)
	Attempts int
}

// UnitQuizSummary counts, for each unit, its staff who took a quiz and who
// passed one between from and to (YYYY-MM-DD, inclusive; empty for open),
// for someone who may read the units' quiz results. Reports call it as the
// system. Units without attempts get a row of zeros.
func (s *Service) UnitQuizSummary(ctx context.Context, unitIDs []int64, from, to string) ([]UnitQuiz, error) {
	got, err := s.quizCounts(ctx, unitIDs, from, to, true)
	if err != nil {
		return nil, err
	}
	out := make([]UnitQuiz, len(unitIDs))
	for i, id := range unitIDs {
		for _, g := range got {
			if g.UnitID == id {
				out[i] = g
			}
		}
		out[i].UnitID = id
	}
	return out, nil
}

// QuizTotal is UnitQuizSummary over several units together (a unit and
// the units it succeeded): a person who took quizzes in two of them counts
// once. UnitID is 0.
func (s *Service) QuizTotal(ctx context.Context, unitIDs []int64, from, to string) (UnitQuiz, error) {
	got, err := s.quizCounts(ctx, unitIDs, from, to, false)
	if err != nil || len(got) == 0 {
		return UnitQuiz{}, err
	}
	return got[0], nil
}

// StaffQuizCounts is QuizTotal as plain counts (staff who took a quiz,
// who passed one), for reports: report asks for them through its own
// interface and does not import this package.
func (s *Service) StaffQuizCounts(ctx context.Context, unitIDs []int64, from, to string) (took, passed int, err error) {
	q, err := s.QuizTotal(ctx, unitIDs, from, to)
	return q.Took, q.Passed, err
}

func (s *Service) quizCounts(ctx context.Context, unitIDs []int64, from, to string, perUnit bool) ([]UnitQuiz, error) {
	sc, err := s.org.ScopeOf(ctx, access.QuizResults)
	if err != nil {
		return nil, err
	}
	for _, id := range unitIDs {
		if !sc.Contains(id) {
			return nil, errs.ErrForbidden
		}
	}
	if len(unitIDs) == 0 {
		return nil, nil
	}
	if to == "" {
		to = vn.Forever
	}
	args := []any{from, to}
	ph := make([]string, len(unitIDs))
	for i, id := range unitIDs {
		args = append(args, id)
		ph[i] = fmt.Sprintf("$%d", len(args))
	}
	unit, group := "0", ""
	if perUnit {
		unit, group = "unit_id", " GROUP BY unit_id"
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+unit+`, COUNT(DISTINCT user_id), COUNT(DISTINCT CASE WHEN passed THEN user_id END), COUNT(*)
		FROM quiz_attempts WHERE user_id IS NOT NULL AND day >= $1 AND day <= $2 AND unit_id IN (`+strings.Join(ph, ",")+`)`+group, args...)
	if err != nil {
		return nil, fmt.Errorf("quiz summary: %w", err)
	}
	defer rows.Close()
	var out []UnitQuiz
	for rows.Next() {
		var u UnitQuiz
		if err := rows.Scan(&u.UnitID, &u.Took, &u.Passed, &u.Attempts); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
