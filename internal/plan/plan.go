// Package plan owns the campaign's plans (kế hoạch): their structure, the
// draft → issued workflow with versions, the cascade by which a unit derives
// its implementing plan from its parent's, and the compliance view of who
// has issued theirs. It keeps its own SQL; it asks org who may see what and
// which units a duty addresses. It does not read texts (planimport does, and
// Import maps the result to units) nor lay out pages (it hands docgen a
// Document).
package plan

import (
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/vn"

	"github.com/canhgiac/canhgiac/internal/org"
)

// Kind distinguishes a plan managed here from a reference to a document
// known only by its metadata (e.g. the ministry's 578/KH-BCA-A05).
type Kind string

const (
	KindPlan      Kind = "plan"
	KindReference Kind = "reference"
)

// Status is where a plan is in its workflow.
type Status string

const (
	StatusDraft      Status = "draft"
	StatusIssued     Status = "issued"
	StatusSuperseded Status = "superseded" // an issued version replaced by a newer one
)

// Label names the status in Vietnamese.
func (s Status) Label() string {
	switch s {
	case StatusDraft:
		return "Dự thảo"
	case StatusIssued:
		return "Đã ban hành"
	case StatusSuperseded:
		return "Đã thay thế"
	}
	return string(s)
}

// Role is the part a unit plays in a duty.
type Role string

const (
	RoleLead    Role = "lead"    // chủ trì
	RoleSupport Role = "support" // phối hợp
)

// Label names the role in Vietnamese.
func (r Role) Label() string {
	if r == RoleSupport {
		return "Phối hợp"
	}
	return "Chủ trì"
}

// Plan is one version of a plan.
type Plan struct {
	ID           int64
	UnitID       int64
	UnitCode     string
	UnitName     string
	ParentPlanID int64
	ParentLabel  string // "940/KH-UBND" of the parent, for display
	SeriesID     int64
	Version      int
	Kind         Kind
	Status       Status
	Number       string // "940"
	Symbol       string // "KH-UBND"
	IssuerName   string // the issuing body as written (references, imports)
	Place        string
	IssuedOn     string // YYYY-MM-DD, "" for a draft without a date
	Title        string
	PlanDeadline string // date by which addressed units issue their plans
	Content      Content
	Duties       []Duty
	CreatedAt    time.Time
	UpdatedAt    time.Time
	IssuedAt     *time.Time
	// LateReason says why a plan signed on paper earlier was recorded in
	// the product later than its date of issue ("ghi nhận muộn"); empty for
	// a plan signed here on its date and for history recorded as issued.
	LateReason string
}

// OnTimeDate is the date the compliance view judges the plan by: the date
// of issue, except for a plan recorded late, judged by the day (in
// Vietnam) it was recorded, since nothing shows it existed before.
func (p *Plan) OnTimeDate() string {
	if p.LateReason != "" && p.IssuedAt != nil {
		return vn.Today(*p.IssuedAt)
	}
	return p.IssuedOn
}

// Content is the rest of a plan's structure, stored as JSON.
type Content struct {
	Basis      []Basis   `json:"basis"`
	Sections   []Section `json:"sections"`
	Themes     []string  `json:"themes"`
	Channels   []string  `json:"channels"`
	Phases     []Phase   `json:"phases"`
	Budget     string    `json:"budget"`
	Periods    []Period  `json:"periods"`
	Recipients []string  `json:"recipients"`
	Signer     Signer    `json:"signer"`
	// RemindDays is how many days before a report's due date the units
	// under this plan are reminded; 0 keeps the product's default.
	RemindDays int      `json:"remind_days,omitempty"`
	Warnings   []string `json:"warnings,omitempty"` // left by an import, until someone clears them
}

// Basis is one căn cứ: a reference to another document.
type Basis struct {
	Text   string `json:"text"`
	Number string `json:"number"` // "578/KH-BCA-A05"
	Date   string `json:"date"`   // YYYY-MM-DD or ""
	Issuer string `json:"issuer"`
	PlanID int64  `json:"plan_id,omitempty"` // the plan in the system, when there is one
}

// Section is a numbered part of the body.
type Section struct {
	Level   int    `json:"level"` // 1: "I. …", 2: "1. …"
	Heading string `json:"heading"`
	Text    string `json:"text"`
}

// Phase is a stage of a multi-year plan.
type Phase struct {
	Name string `json:"name"`
	From string `json:"from"`
	To   string `json:"to"`
}

// Period is one reporting obligation of the plan's regime.
type Period struct {
	Name   string `json:"name"`   // "6 tháng", "năm", "đột xuất"
	Due    string `json:"due"`    // "05/6" (day/month), "" for ad hoc
	Who    string `json:"who"`    // who reports, if the plan says
	To     string `json:"to"`     // to whom
	Within string `json:"within"` // "internal" for sub-units' earlier due dates
}

// Signer signs the plan.
type Signer struct {
	Authority string `json:"authority"` // "TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC"
	Title     string `json:"title"`     // "CHỦ TỊCH"
	Name      string `json:"name"`
}

// Duty is a task the plan gives a unit, or a group of units.
type Duty struct {
	ID       int64
	PlanID   int64 // the plan the duty is written in (set where read on its own)
	Pos      int
	Group    int    // the numbered part of the plan it came from
	UnitID   int64  // 0 when the assignee is a group or not yet mapped
	UnitCode string //
	UnitName string //
	UnitText string // the assignee as written in the plan
	// Addressees, for a duty given to a group ("các Sở, ban, ngành, UBND các
	// huyện"), is the rule that expands it: "PARENT:type,type".
	Addressees string
	Role       Role
	Task       string
	Deadline   string // YYYY-MM-DD or ""
	Target     Target
}

// Target is a measurable aim: "trường học được tuyên truyền: 100 %".
type Target struct {
	Metric string
	Value  string
	Unit   string
}

// String writes the target as people read it.
func (t Target) String() string {
	if t.Metric == "" && t.Value == "" {
		return ""
	}
	amount := strings.TrimSpace(t.Value + " " + t.Unit)
	if t.Metric == "" || amount == "" {
		// An imported target is one phrase ("100% các trường"): no colon
		// left hanging after it.
		return strings.TrimSpace(t.Metric + amount)
	}
	return strings.TrimSpace(t.Metric) + ": " + amount
}

// Mapped reports whether the duty's assignee is known in the tree.
func (d Duty) Mapped() bool { return d.UnitID != 0 || d.Addressees != "" }

// Label is the plan's number and symbol, "940/KH-UBND", or a placeholder.
func (p *Plan) Label() string {
	switch {
	case p.Number != "" && p.Symbol != "":
		return p.Number + "/" + p.Symbol
	case p.Number != "":
		return p.Number
	case p.Symbol != "":
		return "…/" + p.Symbol
	}
	return "(chưa có số)"
}

// Group is the rule that expands a group duty.
type Group struct {
	Parent string
	Types  []org.Type
}

// ParseGroup reads "cao-bang:department,district".
func ParseGroup(s string) (Group, bool) {
	parent, types, ok := strings.Cut(s, ":")
	if !ok || parent == "" || types == "" {
		return Group{}, false
	}
	g := Group{Parent: parent}
	for _, t := range strings.Split(types, ",") {
		g.Types = append(g.Types, org.Type(strings.TrimSpace(t)))
	}
	return g, true
}

// String writes the rule back.
func (g Group) String() string {
	ts := make([]string, len(g.Types))
	for i, t := range g.Types {
		ts[i] = string(t)
	}
	return g.Parent + ":" + strings.Join(ts, ",")
}
