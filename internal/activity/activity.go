// Package activity owns what units did for the campaign (hoạt động tuyên
// truyền): the forms of outreach the seeds name, the tactics warned about,
// the activity log with its reach figures and evidence links, and the sums
// a report is filled from. It keeps its own SQL and asks org who may see or
// log what. It does not read spreadsheets (activityimport) nor make reports.
package activity

import (
	"time"

	"github.com/canhgiac/canhgiac/internal/vn"
)

// Form is a kind of outreach.
type Form struct {
	Code  string
	Label string
}

// Forms are the forms of outreach the seeds name, in display order. Codes
// are stored and never change; formAliases holds other wordings people
// type in spreadsheets (and a label's former wording, should one change).
var Forms = []Form{
	{"meeting", "Họp cơ quan, đơn vị"},
	{"conference", "Hội nghị, hội thảo, tọa đàm"},
	{"briefing", "Báo cáo chuyên đề, sinh hoạt chính trị, đối thoại"},
	{"party-cell", "Sinh hoạt chi bộ, đoàn thể"},
	{"residents", "Họp dân, sinh hoạt tổ dân phố, khu dân cư"},
	{"flag-ceremony", "Sinh hoạt dưới cờ, sinh hoạt đầu tuần"},
	{"loudspeaker", "Loa phát thanh xã, phường, thôn, tổ dân phố"},
	{"web-article", "Bài viết trên trang thông tin điện tử"},
	{"social-post", "Bài đăng nhóm Zalo, Facebook"},
	{"influencer", "Người có uy tín, ảnh hưởng chia sẻ trên mạng xã hội"},
	{"banner", "Băng rôn, khẩu hiệu, áp phích"},
	{"poster", "Panô, bảng tin"},
	{"electronic-board", "Bảng điện tử, màn hình quảng cáo"},
	{"transport", "Trên phương tiện giao thông công cộng, bến xe"},
	{"leaflet", "Tờ rơi, cẩm nang"},
	{"infographic", "Infographic, motion graphic"},
	{"video", "Video clip"},
	{"drama", "Kịch ngắn, sân khấu hóa"},
	{"school", "Buổi ngoại khóa, tiết học ở trường"},
	{"training", "Lớp tập huấn, bồi dưỡng"},
	{"sms", "Tin nhắn SMS"},
	{"zalo", "Tin nhắn Zalo (tài khoản chính thức)"},
	{"email", "Thư điện tử"},
	{"office-system", "Văn bản qua hệ thống quản lý văn bản và điều hành"},
	{"partner", "Cảnh báo qua đối tác (ngân hàng, ứng dụng)"},
	{"press", "Tin, bài báo chí, phát thanh, truyền hình"},
}

// formAliases are earlier labels of forms, still read by imports.
var formAliases = map[string][]string{
	"social-post": {"Mạng xã hội", "Bài đăng mạng xã hội"},
	"poster":      {"Panô", "Pano"},
	"leaflet":     {"Tờ gấp", "Ấn phẩm"},
	"drama":       {"Hoạt cảnh"},
	"press":       {"Phóng sự", "Chuyên mục"},
	"loudspeaker": {"Loa phát thanh", "Đài truyền thanh cơ sở"},
	"residents":   {"Họp dân"},
}

// FormLabel names a form code.
func FormLabel(code string) string {
	for _, f := range Forms {
		if f.Code == code {
			return f.Label
		}
	}
	return code
}

// ValidForm reports whether code is a known form.
func ValidForm(code string) bool {
	for _, f := range Forms {
		if f.Code == code {
			return true
		}
	}
	return false
}

// FormsByLabel maps every form's folded label (and code) to its code, for
// imports that read what people typed.
func FormsByLabel() map[string]string {
	m := map[string]string{}
	for _, f := range Forms {
		m[f.Label] = f.Code
		m[vn.Fold(f.Label)] = f.Code
		m[f.Code] = f.Code
		for _, a := range formAliases[f.Code] {
			m[a] = f.Code
			m[vn.Fold(a)] = f.Code
		}
	}
	return m
}

// Audiences are the usual audience groups, offered as suggestions.
var Audiences = []string{"Cán bộ, công chức, viên chức", "Người lao động", "Học sinh, sinh viên", "Người cao tuổi", "Nhân dân khu dân cư", "Doanh nghiệp, hộ kinh doanh", "Đảng viên"}

// Tactic is a crime tactic the campaign warns about.
type Tactic struct {
	ID   int64 // fixed by the migrations; the check index keys its bits on it
	Code string
	Name string
}

// Activity is one thing a unit did.
type Activity struct {
	ID           int64
	UnitID       int64
	UnitName     string
	PlanID       int64
	DutyID       int64
	Date         string // YYYY-MM-DD
	DateTo       string // YYYY-MM-DD or "" for one day
	Form         string
	Title        string
	Themes       []string
	Tactics      []string // tactic codes
	Audience     []string
	Links        []string
	Participants int64
	Copies       int64
	Views        int64
	Messages     int64
	Note         string
	Source       string // form, import, system
	CreatedAt    time.Time
	SeriesID     int64  // the first occurrence of a recurring activity; 0 for one alone
	Files        []File `json:",omitempty"` // evidence, kept in a version when it is replaced
}

// Reach is the four reach figures.
type Reach struct {
	Participants int64 `json:"participants"`
	Copies       int64 `json:"copies"`
	Views        int64 `json:"views"`
	Messages     int64 `json:"messages"`
}

// Add sums another reach into r.
func (r *Reach) Add(o Reach) {
	r.Participants += o.Participants
	r.Copies += o.Copies
	r.Views += o.Views
	r.Messages += o.Messages
}

// Summary is what a unit's activities in a window add up to.
type Summary struct {
	Activities int              `json:"activities"`
	Reach      Reach            `json:"reach"`
	ByForm     map[string]int   `json:"by_form"`
	ByTactic   map[string]int   `json:"by_tactic"`
	ByAudience map[string]int64 `json:"by_audience"` // participants by audience group
	ByDuty     map[int64]int    `json:"by_duty"`
}

// NewSummary returns an empty summary ready to add to.
func NewSummary() Summary {
	return Summary{ByForm: map[string]int{}, ByTactic: map[string]int{}, ByAudience: map[string]int64{}, ByDuty: map[int64]int{}}
}

// Add sums another summary into s.
func (s *Summary) Add(o Summary) {
	s.Activities += o.Activities
	s.Reach.Add(o.Reach)
	for k, v := range o.ByForm {
		s.ByForm[k] += v
	}
	for k, v := range o.ByTactic {
		s.ByTactic[k] += v
	}
	for k, v := range o.ByAudience {
		s.ByAudience[k] += v
	}
	for k, v := range o.ByDuty {
		s.ByDuty[k] += v
	}
}

func (s *Summary) count(a Activity) {
	s.Activities++
	s.Reach.Add(Reach{a.Participants, a.Copies, a.Views, a.Messages})
	s.ByForm[a.Form]++
	for _, t := range a.Tactics {
		s.ByTactic[t]++
	}
	for _, g := range a.Audience {
		s.ByAudience[g] += a.Participants
	}
	if a.DutyID != 0 {
		s.ByDuty[a.DutyID]++
	}
}
