// Package report owns the periodic reports (báo cáo): the reporting periods
// (6-month, yearly, ad hoc), a unit's report filled from its activities and
// its sub-units' submitted reports, the draft → signed → submitted →
// accepted / returned workflow with a frozen snapshot at submission, and the
// aggregate a coordinator reads: one row per unit, on time, late or missing.
// It keeps its own SQL; figures come from activity, the tree from org.
package report

import (
	"time"

	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Period is a reporting period.
type Period struct {
	ID          int64
	Code        string // "2024-H1", "2024-Y", "2024-AH-1"
	Kind        string // half, year, adhoc
	Name        string
	CoverFrom   string // first day covered
	CoverTo     string // last day covered
	Due         string // units reporting to the province or the ministry
	InternalDue string // sub-units reporting to their department ("" = Due)
	OnTimeUntil string // a report submitted by this day counts as on time (kept apart from Due on purpose)
	RequestedBy int64  // ad hoc: the unit that asked
	Units       []int64
}

// Label is the period in words for a column or a list ("6 tháng đầu năm
// 2024", "Năm 2024"); an ad hoc request, which has no such words, by its
// name.
func (p Period) Label() string {
	if w := vn.PeriodName(p.Code); w != p.Code {
		return w
	}
	return p.Name
}

// Status is where a report is in its workflow.
type Status string

const (
	StatusDraft     Status = "draft"
	StatusSigned    Status = "signed"
	StatusSubmitted Status = "submitted"
	StatusAccepted  Status = "accepted"
	StatusReturned  Status = "returned"
)

// Label names the status in Vietnamese.
func (s Status) Label() string {
	return map[Status]string{StatusDraft: "Đang soạn", StatusSigned: "Lãnh đạo đã ký", StatusSubmitted: "Đã gửi", StatusAccepted: "Đã tiếp nhận", StatusReturned: "Bị trả lại"}[s]
}

// Received reports whether the report counts as received by the level above.
func (s Status) Received() bool { return s == StatusSubmitted || s == StatusAccepted }

// Narrative is what people write in the report's usual sections.
type Narrative struct {
	Results      string `json:"results"`      // Kết quả đạt được
	Shortcomings string `json:"shortcomings"` // Tồn tại, hạn chế
	Causes       string `json:"causes"`       // Nguyên nhân
	NextTasks    string `json:"next_tasks"`   // Phương hướng, nhiệm vụ
	Proposals    string `json:"proposals"`    // Đề xuất, kiến nghị
}

// Report is one unit's report for one period.
type Report struct {
	ID          int64
	UnitID      int64
	UnitCode    string
	UnitName    string
	Period      Period
	Status      Status
	Narrative   Narrative
	Figures     *Figures // the frozen snapshot once submitted, else computed live
	Comment     string   // why it was returned
	SubmittedOn string
	UpdatedAt   time.Time
}

// State is where a unit stands for a period, as the level above sees it.
type State string

const (
	StateOnTime   State = "on_time"
	StateLate     State = "late"
	StateMissing  State = "missing"  // nothing received and the due date has passed
	StatePending  State = "pending"  // nothing received yet, not due
	StateReturned State = "returned" // sent back for corrections
)

// Label names the state in Vietnamese.
func (s State) Label() string {
	return map[State]string{StateOnTime: "Đúng hạn", StateLate: "Trễ hạn", StateMissing: "Chưa gửi (quá hạn)", StatePending: "Chưa đến hạn", StateReturned: "Bị trả lại"}[s]
}

// Row is one sub-unit in an aggregate.
type Row struct {
	UnitID      int64            `json:"unit_id"`
	Code        string           `json:"code"`
	Name        string           `json:"name"`
	State       State            `json:"state"`
	ReportID    int64            `json:"report_id"`
	SubmittedOn string           `json:"submitted_on"`
	DaysLate    int              `json:"days_late"`
	Summary     activity.Summary `json:"summary"`
}

// Received reports whether the row's figures come from a received report;
// otherwise they are not known, and are shown as missing, not as zeros.
func (r Row) Received() bool { return r.State == StateOnTime || r.State == StateLate }

// DutyProgress is a duty the unit was given, against what was done.
type DutyProgress struct {
	Task       string `json:"task"`
	Deadline   string `json:"deadline"`
	Activities int    `json:"activities"`
	State      string `json:"state"` // done, in_progress, late, not_started
	Target     string `json:"target"`
	Actual     string `json:"actual"`            // "87/92 đơn vị trực thuộc = 94,6 %"
	Measure    string `json:"measure,omitempty"` // what the target counts
	Note       string `json:"note,omitempty"`    // the state in words, with its ground
}

// Figures is what a report adds up: the unit's own activities, its
// sub-units' received reports, and progress on its duties.
type Figures struct {
	Own      activity.Summary `json:"own"`
	Rows     []Row            `json:"rows"`
	Total    activity.Summary `json:"total"`
	Duties   []DutyProgress   `json:"duties"`
	Expected int              `json:"expected"`
	Received int              `json:"received"`
	OnTime   int              `json:"on_time"`
	Quiz     *QuizFigures     `json:"quiz,omitempty"` // nil when no quiz service is wired
	// Missing says why the figures cannot be computed (a period without
	// its window, a unit formed after the period); the figures are then
	// shown as missing with this reason, never as zeros.
	Missing string `json:"missing,omitempty"`
}

// QuizFigures are the unit's own staff (and its predecessors') in the
// awareness quizzes during the period.
type QuizFigures struct {
	Took   int `json:"took"`   // cán bộ tham gia kiểm tra nhận thức
	Passed int `json:"passed"` // cán bộ đạt yêu cầu
}
