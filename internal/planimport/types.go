// Package planimport owns reading a Vietnamese administrative plan ("kế
// hoạch") — pasted plain text or a web copy, a .docx, a PDF's text layer —
// into a structured Result: number and symbol, issuer, place and date, title
// (trích yếu), legal basis, sections, duties per unit, phases, reporting
// regime, signer and recipients.
//
// The importer reads; it does not guess. Every field says where it was found
// (Result.Sources) and everything it could not read, or chose to ignore, is
// reported in Vietnamese in Result.Warnings so a person can finish the job.
// It works from the conventions of Decree 30/2020/NĐ-CP (header block,
// "Số: …/KH-…", "…, ngày … tháng … năm …", Roman-numbered parts, "Nơi
// nhận", signature block) rather than from any particular plan, so it
// accepts provinces, communes, departments and schools alike. Mapping duty
// units to the organisation tree is the caller's job, and so is saving:
// the package never touches the database.
//
// ReadFile is the entry for a file: it tells the format by content and
// refuses, with a *Refusal saying why in Vietnamese, what is not a plan's
// file (too large, encrypted, scanned, a spreadsheet). Parse reads text.
package planimport

// Result is one imported text. JSON field names are a contract used by
// `canhgiac import plan --json`.
type Result struct {
	Number     string            `json:"number"`
	Symbol     string            `json:"symbol"`
	Issuer     string            `json:"issuer"`
	Place      string            `json:"place"`
	Date       *string           `json:"date"`
	Title      string            `json:"title"`
	Kind       string            `json:"kind"`
	Basis      []Basis           `json:"basis"`
	Sections   []Section         `json:"sections"`
	Duties     []Duty            `json:"duties"`
	Phases     []Phase           `json:"phases"`
	Regime     Regime            `json:"regime"`
	Signer     Signer            `json:"signer"`
	Recipients []string          `json:"recipients"`
	Warnings   []string          `json:"warnings"`
	Sources    map[string]Source `json:"sources"`
	About      *Reference        `json:"about,omitempty"`

	// Missing lists the fields of a plan left empty, with where the
	// importer looked for each; it is for the console and the command's
	// summary and stays out of the JSON contract.
	Missing []Gap `json:"-"`
}

// Kinds of text Parse recognises.
const (
	KindPlan    = "plan"
	KindNews    = "news"
	KindUnknown = "unknown"
)

// Basis is one document the plan is based on ("Căn cứ …", "Thực hiện …").
type Basis struct {
	Text   string `json:"text"`
	Number string `json:"number"` // full number and symbol, e.g. "578/KH-BCA-A05"
	Date   string `json:"date"`   // "YYYY-MM-DD" or ""
	Issuer string `json:"issuer"`
}

// Section is one numbered part of the plan body.
type Section struct {
	Heading string `json:"heading"`
	Text    string `json:"text"`
	Level   int    `json:"level"`
}

// Duty is one task given to one unit.
type Duty struct {
	Unit     string `json:"unit"`
	Role     string `json:"role"` // "chủ trì" | "phối hợp"
	Text     string `json:"text"`
	Deadline string `json:"deadline"` // "YYYY-MM-DD" or ""
	Target   string `json:"target"`
	Group    int    `json:"group"`
}

// Phase is a stage of implementation ("Giai đoạn 1: từ năm 2020 đến năm 2022").
type Phase struct {
	Name string `json:"name"`
	From string `json:"from"`
	To   string `json:"to"`
}

// Regime is the reporting regime ("chế độ báo cáo").
type Regime struct {
	Periods []Period `json:"periods"`
}

// Period is one kind of report: how often, by when, who sends it, to whom.
type Period struct {
	Name string `json:"name"` // "6 tháng", "năm", "quý", "tháng", "đột xuất"…
	Due  string `json:"due"`  // "05/6" as written, "" when ad hoc
	Unit string `json:"unit"`
	To   string `json:"to"`
}

// Signer is the signature block.
type Signer struct {
	Authority string `json:"authority"` // "TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC" or ""
	Title     string `json:"title"`
	Name      string `json:"name"`
}

// Reference identifies a plan a news item talks about.
type Reference struct {
	Number string `json:"number"`
	Date   string `json:"date"`
	Issuer string `json:"issuer"`
	Title  string `json:"title"`
}

// Source says where a field was read: the 1-based input line and that line,
// trimmed and cut to 120 runes.
type Source struct {
	Line int    `json:"line"`
	Text string `json:"text"`
}

// Roles a duty can have.
const (
	RoleLead    = "chủ trì"
	RoleSupport = "phối hợp"
)

// newResult returns a Result whose slices and map are non-nil, so that the
// JSON contract shows [] and {} rather than null.
func newResult() Result {
	return Result{
		Kind:       KindUnknown,
		Basis:      []Basis{},
		Sections:   []Section{},
		Duties:     []Duty{},
		Phases:     []Phase{},
		Regime:     Regime{Periods: []Period{}},
		Recipients: []string{},
		Warnings:   []string{},
		Sources:    map[string]Source{},
	}
}
