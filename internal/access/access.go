// Package access says who is acting and what each role may do. It owns the
// roles, the permissions and the matrix between them; deny by default: a
// permission not listed for a role is refused. Whether a unit lies inside a
// grant's scope is decided by the org package, which knows the tree.
package access

import (
	"context"
	"slices"
)

// Role is a job a user holds over a scope (a unit's subtree).
type Role string

const (
	RoleAdmin       Role = "admin"       // quản trị: units, accounts, audit trail
	RoleCoordinator Role = "coordinator" // cơ quan thường trực: follows and urges units
	RoleLeader      Role = "leader"      // lãnh đạo: approves and signs
	RoleOfficer     Role = "officer"     // cán bộ: logs and reports for the unit
	RoleEditor      Role = "editor"      // biên tập viên
	RoleAnalyst     Role = "analyst"     // cán bộ xác minh
)

// Roles lists every role in display order.
var Roles = []Role{RoleAdmin, RoleCoordinator, RoleLeader, RoleOfficer, RoleEditor, RoleAnalyst}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// LabelVI is the role's name in Vietnamese.
func (r Role) LabelVI() string {
	switch r {
	case RoleAdmin:
		return "Quản trị"
	case RoleCoordinator:
		return "Cơ quan thường trực"
	case RoleLeader:
		return "Lãnh đạo"
	case RoleOfficer:
		return "Cán bộ"
	case RoleEditor:
		return "Biên tập viên"
	case RoleAnalyst:
		return "Cán bộ xác minh"
	}
	return string(r)
}

// LabelEN is the role's name in English.
func (r Role) LabelEN() string {
	switch r {
	case RoleAdmin:
		return "Administrator"
	case RoleCoordinator:
		return "Coordinator"
	case RoleLeader:
		return "Leader"
	case RoleOfficer:
		return "Officer"
	case RoleEditor:
		return "Editor"
	case RoleAnalyst:
		return "Analyst"
	}
	return string(r)
}

// Permission is one thing a user may do within a scope.
type Permission string

const (
	UnitView        Permission = "unit.view"
	UnitEdit        Permission = "unit.edit"
	UnitRestructure Permission = "unit.restructure"
	UserView        Permission = "user.view"
	UserManage      Permission = "user.manage"
	AuditView       Permission = "audit.view"
	PlanView        Permission = "plan.view"
	PlanEdit        Permission = "plan.edit"  // draft, derive, import
	PlanIssue       Permission = "plan.issue" // sign and issue (the unit's leader)
	ActivityView    Permission = "activity.view"
	ActivityEdit    Permission = "activity.edit"
	ReportView      Permission = "report.view"
	ReportEdit      Permission = "report.edit"      // draft the narrative
	ReportSign      Permission = "report.sign"      // the leader signs and submits
	ReportReview    Permission = "report.review"    // accept or return the units' reports
	TipReview       Permission = "tip.review"       // triage citizens' scam reports, verify indicators
	ContentEdit     Permission = "content.edit"     // write drafts of portal content and submit them for review
	ContentReview   Permission = "content.review"   // publish, schedule, return or archive portal content
	QuizResults     Permission = "quiz.results"     // read how the units' staff did in awareness quizzes
	AudienceManage  Permission = "audience.manage"  // subscribers' personal data: import, count, export, erase
	CampaignApprove Permission = "campaign.approve" // approve a campaign someone else prepared, before it is sent
	Urge            Permission = "unit.urge"        // urge (đôn đốc) the late units below one's own unit
)

// matrix is the whole policy: what each role may do inside its scope.
var matrix = map[Role][]Permission{
	RoleAdmin:       {UnitView, UnitEdit, UnitRestructure, UserView, UserManage, AuditView, PlanView, ActivityView, ReportView},
	RoleCoordinator: {UnitView, UserView, PlanView, PlanEdit, ActivityView, ActivityEdit, ReportView, ReportEdit, ReportReview, TipReview, ContentEdit, ContentReview, QuizResults, AudienceManage, CampaignApprove, Urge},
	RoleLeader:      {UnitView, UserView, PlanView, PlanEdit, PlanIssue, ActivityView, ActivityEdit, ReportView, ReportEdit, ReportSign, ReportReview, ContentReview, QuizResults, CampaignApprove},
	RoleOfficer:     {UnitView, PlanView, PlanEdit, ActivityView, ActivityEdit, ReportView, ReportEdit},
	RoleEditor:      {UnitView, PlanView, ActivityView, ActivityEdit, ContentEdit},
	RoleAnalyst:     {UnitView, PlanView, ActivityView, TipReview},
}

// Allows reports whether role r carries permission p.
func (r Role) Allows(p Permission) bool { return slices.Contains(matrix[r], p) }

// Grant is a role held over the subtree of a unit.
type Grant struct {
	Role      Role
	ScopeUnit int64
}

// Actor is whoever is acting: a signed-in user, or the system itself (the
// command line and the demo loader), which may do everything everywhere.
type Actor struct {
	UserID   int64
	Username string
	UnitID   int64
	Grants   []Grant
	system   bool
}

// System is the actor of the command line and of start-up tasks.
func System() *Actor { return &Actor{Username: "system", system: true} }

// IsSystem reports whether the actor is the system.
func (a *Actor) IsSystem() bool { return a != nil && a.system }

// ScopesFor returns the units whose subtrees the actor may act on with p.
// For the system actor it returns nil and all=true.
func (a *Actor) ScopesFor(p Permission) (scopes []int64, all bool) {
	if a == nil {
		return nil, false
	}
	if a.system {
		return nil, true
	}
	for _, g := range a.Grants {
		if g.Role.Allows(p) && !slices.Contains(scopes, g.ScopeUnit) {
			scopes = append(scopes, g.ScopeUnit)
		}
	}
	return scopes, false
}

// Has reports whether the actor holds p anywhere.
func (a *Actor) Has(p Permission) bool {
	s, all := a.ScopesFor(p)
	return all || len(s) > 0
}

// HasRole reports whether the actor holds role r anywhere.
func (a *Actor) HasRole(r Role) bool {
	if a == nil {
		return false
	}
	for _, g := range a.Grants {
		if g.Role == r {
			return true
		}
	}
	return false
}

type ctxKey struct{}

// With returns ctx carrying the actor.
func With(ctx context.Context, a *Actor) context.Context { return context.WithValue(ctx, ctxKey{}, a) }

// From returns the actor in ctx, or nil when nobody is acting.
func From(ctx context.Context) *Actor {
	a, _ := ctx.Value(ctxKey{}).(*Actor)
	return a
}
