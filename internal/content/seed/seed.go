// Package seed holds the first content of the public portal, written in
// Vietnamese and embedded in the binary: the handbook of crime tactics (bộ
// cẩm nang thủ đoạn), current warnings (cảnh báo), articles, legal documents
// (metadata only), good practices and commendations, and awareness quizzes
// built from the handbook.
//
// The text is the project's own. Example stories and people in it are
// illustrative, and phone numbers other than public short hotlines come from
// the reserved demo range 0900 000 xxx.
//
// Load parses the embedded JSON strictly (unknown fields are errors), so a
// misspelt key in an edit fails the tests instead of silently losing text.
package seed

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

//go:embed *.json
var files embed.FS

// Category codes of the handbook. They are the tactic codes of the product's
// database (table tactics), in the order the campaign plans list them.
var Categories = []string{
	"fraud", "gambling", "online-ads", "pornography", "e-commerce",
	"multi-level", "crypto", "forex", "weapons",
}

// Audience codes a handbook entry may be aimed at.
var Audiences = []string{
	"elderly", "students", "officials", "business", "workers", "parents", "everyone",
}

// Severities are the CAP 1.2 severity values a warning may carry.
var Severities = []string{"extreme", "severe", "moderate", "minor"}

// Urgencies are the CAP 1.2 urgency values a warning may carry (without
// "past" and "unknown", which a fresh warning never has).
var Urgencies = []string{"immediate", "expected", "future"}

// Channels a warning may be sent on.
var Channels = []string{"web", "sms", "email", "zalo"}

// QuizAudiences are the audiences a quiz is written for.
var QuizAudiences = []string{"citizens", "staff"}

// Seed is all of the embedded content.
type Seed struct {
	Handbook  []Entry
	Warnings  []Warning
	Articles  []Article
	Legal     []LegalDoc
	Practices []Practice
	Quizzes   []Quiz
}

// Entry is one tactic (thủ đoạn) of the handbook.
type Entry struct {
	// Slug is the entry's ascii-kebab key, used in URLs and by warnings
	// and quiz questions.
	Slug string `json:"slug"`
	// Name is the entry's title.
	Name string `json:"name"`
	// Category is one of Categories.
	Category string `json:"category"`
	// Summary says what the tactic is, in one or two sentences.
	Summary string `json:"summary"`
	// Signs are how to recognise it.
	Signs []string `json:"signs"`
	// Protect is how to protect yourself.
	Protect []string `json:"protect"`
	// IfCaught is what to do after falling for it.
	IfCaught []string `json:"if_caught"`
	// Examples are short illustrative stories.
	Examples []string `json:"examples"`
	// LegalBasis names the articles and documents that apply.
	LegalBasis []string `json:"legal_basis"`
	// Audiences are codes from Audiences.
	Audiences []string `json:"audiences"`
	// FirstSeen is when the tactic appeared in Vietnam: "YYYY" or "YYYY-MM".
	FirstSeen string `json:"first_seen"`
	// New flags a tactic that appeared recently.
	New bool `json:"new"`
	// Keywords are extra words search should match.
	Keywords []string `json:"keywords"`
}

// Warning is a current warning (cảnh báo), shaped to map onto a CAP 1.2 alert.
type Warning struct {
	Slug  string `json:"slug"`
	Title string `json:"title"`
	// Body is plain text; paragraphs are separated by a blank line.
	Body string `json:"body"`
	// Severity is one of Severities.
	Severity string `json:"severity"`
	// Urgency is one of Urgencies.
	Urgency string `json:"urgency"`
	// Area is the name of one of the 34 provinces, or "Toàn quốc".
	Area string `json:"area"`
	// Tactic is the slug of the handbook entry the warning is about.
	Tactic string `json:"tactic"`
	// Channels are codes from Channels.
	Channels []string `json:"channels"`
	// ValidDays is how long the warning stays current after publication.
	ValidDays int `json:"valid_days"`
}

// Article is a longer piece of advice.
type Article struct {
	Slug    string `json:"slug"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
	// Body is plain text; paragraphs are separated by a blank line.
	Body string `json:"body"`
}

// LegalDoc is the metadata of a legal document (văn bản pháp luật).
type LegalDoc struct {
	// Number is the number and symbol, e.g. "24/2018/QH14".
	Number string `json:"number"`
	// Kind is the document type: Luật, Bộ luật, Nghị định, Chỉ thị, …
	Kind   string `json:"kind"`
	Title  string `json:"title"`
	Issuer string `json:"issuer"`
	// Issued is the date of issue, YYYY-MM-DD.
	Issued string `json:"issued"`
	// Effective is the date it took effect, YYYY-MM-DD, or "" when not
	// recorded.
	Effective string `json:"effective"`
	Summary   string `json:"summary"`
}

// Practice is a good practice or commendation (mô hình hay, biểu dương).
// Units and people in the seed are illustrative.
type Practice struct {
	Title string `json:"title"`
	Unit  string `json:"unit"`
	// Person is optional.
	Person string `json:"person,omitempty"`
	Reason string `json:"reason"`
	// Date is YYYY-MM-DD.
	Date string `json:"date"`
}

// Quiz is an awareness quiz built from handbook entries.
type Quiz struct {
	Slug  string `json:"slug"`
	Title string `json:"title"`
	// Audience is one of QuizAudiences.
	Audience string `json:"audience"`
	// PassPercent is the share of right answers needed to pass.
	PassPercent int        `json:"pass_percent"`
	Questions   []Question `json:"questions"`
}

// Question is one multiple-choice question of a quiz.
type Question struct {
	// Entry is the slug of the handbook entry the question tests.
	Entry   string   `json:"entry"`
	Text    string   `json:"text"`
	Choices []string `json:"choices"`
	// Answer is the index in Choices of the right answer.
	Answer int `json:"answer"`
	// Explain says why, shown after answering.
	Explain string `json:"explain"`
}

// Load parses the embedded content. It fails on malformed JSON, unknown
// fields and trailing data; it does not check the content itself (the tests
// do).
func Load() (Seed, error) {
	var s Seed
	for _, f := range []struct {
		name string
		v    any
	}{
		{"handbook.json", &s.Handbook},
		{"warnings.json", &s.Warnings},
		{"articles.json", &s.Articles},
		{"legal.json", &s.Legal},
		{"practices.json", &s.Practices},
		{"quizzes.json", &s.Quizzes},
	} {
		if err := decode(f.name, f.v); err != nil {
			return Seed{}, err
		}
	}
	return s, nil
}

func decode(name string, v any) error {
	b, err := files.ReadFile(name)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("seed: %s: %w", name, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("seed: %s: trailing data after the top-level value", name)
	}
	return nil
}

// Entry returns the handbook entry with the given slug.
func (s Seed) Entry(slug string) (Entry, bool) {
	for _, e := range s.Handbook {
		if e.Slug == slug {
			return e, true
		}
	}
	return Entry{}, false
}
