// Package content owns what the public portal publishes (nội dung): the
// handbook of crime tactics (cẩm nang thủ đoạn), warnings (cảnh báo),
// articles, legal documents and good practices (mô hình hay, điển hình),
// each with every saved edit kept as a version; the draft → review →
// published → archived workflow with four eyes; the "official source"
// mark (a verification code and a content hash) of every published item;
// the page-view counts that become the reach of the activity a publication
// logs; the in-memory search index of what is published; and the awareness
// quizzes built from the handbook, whose staff results reach the reports.
//
// It keeps its own SQL, asks org who may act where, and logs activities
// through activity. It does not render pages (web does) nor decide how a
// verification code or a canonical text is made (publish does).
package content

import (
	"slices"
	"time"
)

// Kind is a sort of item.
type Kind string

const (
	KindTactic   Kind = "tactic"   // a handbook entry: one crime tactic (thủ đoạn)
	KindWarning  Kind = "warning"  // a current warning (cảnh báo), shaped for CAP 1.2
	KindArticle  Kind = "article"  // a longer piece of advice
	KindLegal    Kind = "legal"    // a legal document's metadata (văn bản pháp luật)
	KindPractice Kind = "practice" // a good practice or commendation (mô hình hay, biểu dương)
)

// Kinds lists every kind in display order.
var Kinds = []Kind{KindWarning, KindTactic, KindArticle, KindLegal, KindPractice}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Label names the kind in Vietnamese.
func (k Kind) Label() string {
	switch k {
	case KindTactic:
		return "Cẩm nang thủ đoạn"
	case KindWarning:
		return "Cảnh báo"
	case KindArticle:
		return "Bài viết"
	case KindLegal:
		return "Văn bản pháp luật"
	case KindPractice:
		return "Mô hình hay, điển hình"
	}
	return string(k)
}

// Path is the kind's segment in public addresses ("/canh-bao/{slug}") and
// the kind given to publish.Code, so a warning and a handbook entry with
// the same id get different codes.
func (k Kind) Path() string {
	switch k {
	case KindTactic:
		return "cam-nang"
	case KindWarning:
		return "canh-bao"
	case KindArticle:
		return "bai-viet"
	case KindLegal:
		return "van-ban"
	case KindPractice:
		return "dien-hinh"
	}
	return string(k)
}

// KindByPath returns the kind whose Path is p.
func KindByPath(p string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Path() == p {
			return k, true
		}
	}
	return "", false
}

// State is where an item is in its workflow.
type State string

const (
	StateDraft     State = "draft"
	StateInReview  State = "in_review"
	StatePublished State = "published"
	StateArchived  State = "archived"
)

// Label names the state in Vietnamese.
func (s State) Label() string {
	switch s {
	case StateDraft:
		return "Bản nháp"
	case StateInReview:
		return "Chờ duyệt"
	case StatePublished:
		return "Đã đăng"
	case StateArchived:
		return "Đã lưu trữ"
	}
	return string(s)
}

// Fields are the kind-specific parts of an item, kept as one JSON column.
// Only the fields of the item's kind are used; dates are YYYY-MM-DD once
// saved (people may type 22/04/2024 and the like).
type Fields struct {
	// Handbook entry (tactic).
	Category   string   `json:"category,omitempty"` // a tactic code of the tactics table: fraud, gambling, …
	Signs      []string `json:"signs,omitempty"`    // how to recognise it
	Protect    []string `json:"protect,omitempty"`  // how to protect yourself
	IfCaught   []string `json:"if_caught,omitempty"`
	Examples   []string `json:"examples,omitempty"`
	LegalBasis []string `json:"legal_basis,omitempty"`
	Audiences  []string `json:"audiences,omitempty"`  // codes of Audiences
	FirstSeen  string   `json:"first_seen,omitempty"` // "YYYY" or "YYYY-MM"
	IsNew      bool     `json:"is_new,omitempty"`
	Keywords   []string `json:"keywords,omitempty"` // extra words search should match

	// Warning.
	Severity   string   `json:"severity,omitempty"`    // extreme, severe, moderate, minor (CAP 1.2)
	Urgency    string   `json:"urgency,omitempty"`     // immediate, expected, future (CAP 1.2)
	Area       string   `json:"area,omitempty"`        // one of the 34 provinces, or AreaNationwide
	ValidFrom  string   `json:"valid_from,omitempty"`  // empty: from publication
	ValidUntil string   `json:"valid_until,omitempty"` // empty: until archived
	Channels   []string `json:"channels,omitempty"`    // web, sms, email, zalo
	Tactic     string   `json:"tactic,omitempty"`      // slug of the handbook entry it is about

	// Legal document.
	Number    string `json:"number,omitempty"`   // number and symbol: 24/2018/QH14
	DocKind   string `json:"doc_kind,omitempty"` // Luật, Nghị định, Thông tư, Chỉ thị, …
	Issuer    string `json:"issuer,omitempty"`   // who issued it: Quốc hội, Chính phủ, …
	Issued    string `json:"issued,omitempty"`
	Effective string `json:"effective,omitempty"`

	// Good practice or commendation. Unit is the name as written, which
	// need not be a unit of the tree (a youth union branch, a school).
	Unit   string `json:"unit,omitempty"`
	Person string `json:"person,omitempty"`
	Reason string `json:"reason,omitempty"`
	Date   string `json:"date,omitempty"`
}

// AreaNationwide is a warning's area when it concerns the whole country.
const AreaNationwide = "Toàn quốc"

// Audiences are the handbook's audience codes with their names.
var Audiences = []Option{
	{"everyone", "Mọi người"}, {"elderly", "Người cao tuổi"}, {"students", "Học sinh, sinh viên"}, {"parents", "Cha mẹ, phụ huynh"},
	{"workers", "Người lao động"}, {"officials", "Cán bộ, công chức, viên chức"}, {"business", "Doanh nghiệp, hộ kinh doanh"},
}

// Severities are the CAP 1.2 severities a warning may carry, gravest first.
var Severities = []Option{{"extreme", "Đặc biệt nghiêm trọng"}, {"severe", "Nghiêm trọng"}, {"moderate", "Trung bình"}, {"minor", "Nhẹ"}}

// Urgencies are the CAP 1.2 urgencies a warning may carry.
var Urgencies = []Option{{"immediate", "Khẩn cấp"}, {"expected", "Sắp xảy ra"}, {"future", "Cần đề phòng"}}

// Channels are where a warning may be sent.
var Channels = []Option{{"web", "Cổng thông tin"}, {"sms", "Tin nhắn SMS"}, {"email", "Thư điện tử"}, {"zalo", "Zalo"}}

// Option is a code with its Vietnamese name, for pickers.
type Option struct {
	Code  string
	Label string
}

// LabelOf names code in opts, or returns the code when it is not there.
func LabelOf(opts []Option, code string) string {
	for _, o := range opts {
		if o.Code == code {
			return o.Label
		}
	}
	return code
}

func hasCode(opts []Option, code string) bool {
	for _, o := range opts {
		if o.Code == code {
			return true
		}
	}
	return false
}

// Item is one piece of content as one of its versions shows it: the
// published version for the public, the latest (working) version for staff.
type Item struct {
	ID               int64
	Kind             Kind
	Slug             string
	UnitID           int64  // the owner unit
	UnitName         string // the owner unit's name today
	Issuer           string // the owner unit's name when the live version was published
	State            State
	Version          int // the version shown
	CurrentVersion   int // the latest version
	PublishedVersion int // the live version; 0 if never published
	Title            string
	Summary          string
	BodyHTML         string // sanitised
	Fields           Fields
	EditorID         int64 // who saved the version shown (0: the system)
	Editor           string
	EditedAt         time.Time
	FirstPublishedAt time.Time // zero if never published
	PublishedAt      time.Time // when the live version was published
	ScheduledAt      time.Time // zero unless a reviewer scheduled publication
	Code             string    // verification code, once published
	Hash             string    // SHA-256 of the live version's canonical text
	Views            int64
	ReviewNote       string // why the reviewer returned it
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// Live reports whether the public sees the item.
func (it *Item) Live() bool { return it.PublishedVersion > 0 && it.State != StateArchived }

// Scheduled reports whether a reviewer has scheduled its publication.
func (it *Item) Scheduled() bool { return !it.ScheduledAt.IsZero() }

// HasUnpublishedChanges reports whether the latest version differs from
// the live one (a published item being edited).
func (it *Item) HasUnpublishedChanges() bool {
	return it.PublishedVersion > 0 && it.CurrentVersion != it.PublishedVersion && it.State != StateArchived
}

// ValidOn reports whether a warning is in force on day d (YYYY-MM-DD).
func (it *Item) ValidOn(d string) bool {
	f := it.Fields
	return (f.ValidFrom == "" || f.ValidFrom <= d) && (f.ValidUntil == "" || d <= f.ValidUntil)
}

// Version is one saved edit of an item.
type Version struct {
	Number      int
	Title       string
	Summary     string
	BodyHTML    string
	Fields      Fields
	EditorID    int64
	Editor      string
	CreatedAt   time.Time
	PublishedAt time.Time // zero unless this version was published
	Hash        string
}

// Input is what an editor saves.
type Input struct {
	ID       int64  // 0 to create an item
	Kind     Kind   // required when creating
	UnitCode string // the owner unit, required when creating
	Slug     string // empty: made from the title; fixed once published
	Title    string
	Summary  string
	Body     string // HTML from the editor; sanitised before it is stored
	Fields   Fields
}
