package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/content"
	"github.com/canhgiac/canhgiac/internal/content/seed"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// contentUnit owns the demo's portal content other than warnings (the
// handbook, articles, documents, practices, quizzes): the provincial police,
// the campaign's standing body in the province.
const contentUnit = "cao-bang-ca"

// warningIssuers are the units that issue the demo's warnings, by the
// warning's area: a province's warning comes from that province's police,
// a national one from the ministry's cyber-crime department (A05).
var warningIssuers = map[string]string{
	"Toàn quốc":             "bca-a05",
	"Cao Bằng":              "cao-bang-ca",
	"An Giang":              "an-giang-ca",
	"Thành phố Hà Nội":      "ha-noi-ca",
	"Thành phố Hồ Chí Minh": "ho-chi-minh-ca",
	"Bắc Ninh":              "bac-ninh-ca",
	"Thành phố Đà Nẵng":     "da-nang-ca",
}

// WarningIssuer is the code of the unit that issues a demo warning for area.
func WarningIssuer(area string) (string, error) {
	if code, ok := warningIssuers[area]; ok {
		return code, nil
	}
	return "", fmt.Errorf("demo: no police unit issues warnings for %q", area)
}

// inReviewWarning is left waiting for review, so that the demo reviewer
// (thuongtruc) has something to publish and the editor (bientap) sees the
// workflow.
const inReviewWarning = "gia-nhan-vien-dien-luc-bao-cat-dien-cao-bang"

// LoadContent publishes the seed catalogue through the content service as
// the system: every handbook entry, the warnings (in force from today),
// articles, legal documents and good practices, and the quizzes; one
// warning is left in review.
func LoadContent(ctx context.Context, s *content.Service) error {
	ctx = access.With(ctx, access.System())
	sd, err := seed.Load()
	if err != nil {
		return err
	}
	save := func(in content.Input, publish bool) error {
		if in.UnitCode == "" {
			in.UnitCode = contentUnit
		}
		it, _, err := s.Save(ctx, in)
		if err != nil {
			return fmt.Errorf("demo content %s %s: %w", in.Kind, in.Title, err)
		}
		if _, err := s.Submit(ctx, it.ID); err != nil {
			return fmt.Errorf("demo content %s: submit: %w", it.Slug, err)
		}
		if publish {
			if _, err := s.Publish(ctx, it.ID, time.Time{}); err != nil {
				return fmt.Errorf("demo content %s: publish: %w", it.Slug, err)
			}
		}
		return nil
	}
	for _, e := range sd.Handbook {
		if err := save(content.Input{Kind: content.KindTactic, Slug: e.Slug, Title: e.Name, Summary: e.Summary, Fields: content.Fields{
			Category: e.Category, Signs: e.Signs, Protect: e.Protect, IfCaught: e.IfCaught, Examples: e.Examples, LegalBasis: e.LegalBasis,
			Audiences: e.Audiences, FirstSeen: e.FirstSeen, IsNew: e.New, Keywords: e.Keywords}}, true); err != nil {
			return err
		}
	}
	today, err := vn.ParseISODate(s.Today())
	if err != nil {
		return err
	}
	for _, w := range sd.Warnings {
		issuer, err := WarningIssuer(w.Area)
		if err != nil {
			return err
		}
		if err := save(content.Input{Kind: content.KindWarning, UnitCode: issuer, Slug: w.Slug, Title: w.Title, Body: content.TextToHTML(w.Body), Fields: content.Fields{
			Severity: w.Severity, Urgency: w.Urgency, Area: w.Area, Tactic: w.Tactic, Channels: w.Channels,
			ValidFrom: vn.ISODate(today), ValidUntil: vn.ISODate(today.AddDate(0, 0, w.ValidDays))}}, w.Slug != inReviewWarning); err != nil {
			return err
		}
	}
	for _, a := range sd.Articles {
		if err := save(content.Input{Kind: content.KindArticle, Slug: a.Slug, Title: a.Title, Summary: a.Summary, Body: content.TextToHTML(a.Body)}, true); err != nil {
			return err
		}
	}
	for _, d := range sd.Legal {
		if err := save(content.Input{Kind: content.KindLegal, Slug: content.Slugify(d.Number), Title: d.Title, Summary: d.Summary, Fields: content.Fields{
			Number: d.Number, DocKind: d.Kind, Issuer: d.Issuer, Issued: d.Issued, Effective: d.Effective}}, true); err != nil {
			return err
		}
	}
	for _, p := range sd.Practices {
		if err := save(content.Input{Kind: content.KindPractice, Title: p.Title, Fields: content.Fields{
			Unit: p.Unit, Person: p.Person, Reason: p.Reason, Date: p.Date}}, true); err != nil {
			return err
		}
	}
	for _, q := range sd.Quizzes {
		in := content.QuizInput{Slug: q.Slug, Title: q.Title, Audience: q.Audience, PassPercent: q.PassPercent, UnitCode: contentUnit}
		for _, qu := range q.Questions {
			in.Questions = append(in.Questions, content.Question{Entry: qu.Entry, Text: qu.Text, Choices: qu.Choices, Answer: qu.Answer, Explain: qu.Explain})
		}
		if _, err := s.SaveQuiz(ctx, in); err != nil {
			return fmt.Errorf("demo quiz %s: %w", q.Slug, err)
		}
	}
	return nil
}
