package dispatch

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
	"github.com/canhgiac/canhgiac/internal/sms"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Channels a campaign can go out on, with the contact each one uses.
var Channels = []struct{ Code, Label, Hint, Contact string }{
	{"sms", "Tin nhắn SMS", "qua trung tâm tin nhắn của nhà mạng", "phone"},
	{"email", "Thư điện tử", "kèm đường dẫn hủy đăng ký của từng người", "email"},
	{"zalo", "Zalo", "tin OA theo Zalo ID; tin ZNS theo số điện thoại khi không gửi kèm SMS", "zalo"},
	{"webhook", "Đối tác (webhook)", "ngân hàng, ứng dụng nhận tin để cảnh báo khách hàng; không kết hợp kênh khác", "phone"},
}

// ChannelLabel names a channel, or the channels of a campaign on several
// ("zalo,sms": each person by the first that reaches them).
func ChannelLabel(code string) string {
	if strings.Contains(code, ",") {
		var names []string
		for _, ch := range strings.Split(code, ",") {
			names = append(names, ChannelLabel(ch))
		}
		return strings.Join(names, " → ")
	}
	for _, c := range Channels {
		if c.Code == code {
			return c.Label
		}
	}
	return code
}

// channelOrder is the order channels are tried in a campaign on several:
// the cheapest first, SMS last.
var channelOrder = []string{"zalo", "email", "sms"}

func contactColumn(channel string) string {
	for _, c := range Channels {
		if c.Code == channel {
			return c.Contact
		}
	}
	return ""
}

// Segment is who a campaign goes to: subscribers of an area and groups.
type Segment struct {
	Province string   `json:"province,omitempty"` // "" for the whole country
	Groups   []string `json:"groups,omitempty"`   // any of them; none: everyone
	Carriers []string `json:"carriers,omitempty"` // the phone's carrier is one of them (vn.Carriers codes); none: any
}

// of is the segment as audience chooses it in SQL, with only the people
// who have a contact for one of the channels.
func (seg Segment) of(channels []string) audience.Segment {
	out := audience.Segment{Province: seg.Province, Groups: seg.Groups, Carriers: seg.Carriers}
	for _, ch := range channels {
		c := contactColumn(ch)
		if ch == "zalo" && !slices.Contains(channels, "sms") {
			out.Contacts = append(out.Contacts, "phone") // reached through ZNS by phone
		}
		if c != "" && !slices.Contains(out.Contacts, c) {
			out.Contacts = append(out.Contacts, c)
		}
	}
	return out
}

// TemplateVars are the variables a console template may use; each may
// carry a default for recipients without a value: {ten|bạn}.
var TemplateVars = []struct{ Name, Label string }{
	{"ten", "họ tên người nhận (nếu tệp nhập có cột họ tên)"},
	{"tinh", "tỉnh, thành phố của người nhận"},
}

// reach is how a campaign reaches a person of its audience (a subscriber
// of the segment who proved their consent and has not withdrawn it,
// audience.Eligible): once, on the first of the channels they can be
// reached on (Zalo by Zalo id — by phone, through ZNS, only when SMS is
// not among the channels —, e-mail by address, SMS and webhooks by
// phone), with their later channels kept for a refusal; nil when none
// reaches them.
func reach(channels []string, p audience.Person) *Recipient {
	withSMS := false
	for _, ch := range channels {
		withSMS = withSMS || ch == "sms"
	}
	var r *Recipient
	for _, ch := range channels {
		to := map[string]string{"zalo": p.Zalo, "email": p.Email, "sms": p.Phone, "webhook": p.Phone}[ch]
		if ch == "zalo" && withSMS && normalize.Phone(p.Zalo).Kind == normalize.KindPhone {
			to = "" // a number given as the Zalo contact: SMS reaches it
		}
		if ch == "zalo" && to == "" && !withSMS {
			to = p.Phone
		}
		switch {
		case to == "":
		case r == nil:
			r = &Recipient{To: to, Channel: ch, Vars: map[string]string{"ten": p.Name, "tinh": p.Province}}
		default: // a later channel, if the first one refuses
			r.Next = append(r.Next, Alt{Channel: ch, To: to})
		}
	}
	return r
}

// eachRecipient hands fn the campaign's recipients a page at a time, in
// the order people subscribed, not yet rendered; only one page is held.
func (s *Service) eachRecipient(ctx context.Context, channels []string, seg Segment, fn func([]Recipient) error) error {
	if s.people == nil {
		return nil
	}
	var page []Recipient
	return s.people.EachReachable(ctx, seg.of(channels), audience.PageSize, func(ps []audience.Person) error {
		page = page[:0]
		for _, p := range ps {
			if r := reach(channels, p); r != nil {
				page = append(page, *r)
			}
		}
		if len(page) == 0 {
			return nil
		}
		return fn(page)
	})
}

// errEnough stops reading an audience once a preview has seen enough.
var errEnough = errors.New("dispatch: enough recipients read")

// previewSample is how many SMS recipients a preview opens, at most, to
// count the parts of a text that carries their names.
const previewSample = 1000

// Draft is a campaign as a coordinator prepares it in the console; the
// figures are as typed.
type Draft struct {
	UnitID     int64
	Name       string
	Channels   []string // sms (default), email, zalo, webhook; several: each person once, by the first that reaches them (Zalo, e-mail, SMS)
	Subject    string   // e-mail only
	Text       string
	Unaccent   bool   // SMS: send without Vietnamese marks (fewer parts)
	Class      string // warning or marketing
	Brandname  string // SMS only
	OptOut     string // the refusal instruction marketing SMS must carry
	Segment    Segment
	Schedule   string // "" now; "2026-11-24T08:00" or "24/11/2026 08:00", Vietnam time
	QuietStart string // "22:00"; equal to QuietEnd: no quiet hours
	QuietEnd   string // "07:00"
	DailyCap   string // messages a person may get a day (default 3)
}

// Check is what a draft would send, for the preview: how many people, the
// first one's text, and the variables some recipients have no value for.
type Check struct {
	Recipients int
	Sample     string         // the text as the first recipient would get it
	Missing    map[string]int // variable → recipients without a value (and no default)
	SMS        *sms.Comparison
	ByChannel  map[string]int // on several channels: recipients per channel
	// SMS: parts over all recipients, and the fewest and most one person
	// gets (names can turn a GSM-7 text into UCS-2).
	Parts, MinParts, MaxParts int
	// Estimated: the parts were counted on the first recipients'
	// names (previewSample) and scaled to everyone; Prepare counts them
	// exactly.
	Estimated bool
	Sampled   int // SMS recipients whose names the estimate read
}

// ChannelShare is how many recipients a channel reaches.
type ChannelShare struct {
	Channel string
	N       int
}

// Split lists a several-channel draft's recipients by channel, in the
// order channels are tried.
func (c *Check) Split() []ChannelShare {
	var out []ChannelShare
	for _, ch := range channelOrder {
		if n := c.ByChannel[ch]; n > 0 {
			out = append(out, ChannelShare{ch, n})
		}
	}
	return out
}

// checked is a draft that passed the checks: the campaign, how to fill
// each recipient's text, and the preview's figures.
type checked struct {
	c        Campaign
	channels []string
	segment  Segment
	plan     plan
	chk      Check
}

// plan is how a campaign's messages are written from its audience: the
// text of each channel (SMS with its rules applied), and whether an SMS
// goes without Vietnamese marks. A campaign to a segment keeps it
// (audience_plan), so the runner writes the later pages as the preview
// and the first page were written.
type plan struct {
	Templates map[string]string `json:"templates"`
	Unaccent  bool              `json:"unaccent,omitempty"`
}

// filler returns what renders a recipient's text on their channel (on
// several channels; on one, the page writer renders the template) and
// says which values it lacked; names and provinces lose their marks on
// an unaccented SMS.
func (p plan) filler(channels []string) func(r *Recipient) (string, string, []string) {
	multi := len(channels) > 1
	return func(r *Recipient) (string, string, []string) {
		ch := r.Channel
		if !multi {
			ch = channels[0]
		}
		if ch == "sms" && p.Unaccent {
			for k, val := range r.Vars {
				r.Vars[k] = sms.Unaccent(val)
			}
		}
		t, missing := Render(p.Templates[ch], r.Vars)
		if multi {
			r.Text = t
			for j := range r.Next {
				vars := r.Vars
				if r.Next[j].Channel == "sms" && p.Unaccent {
					vars = map[string]string{}
					for k, val := range r.Vars {
						vars[k] = sms.Unaccent(val)
					}
				}
				r.Next[j].Text, _ = Render(p.Templates[r.Next[j].Channel], vars)
			}
		}
		return ch, t, missing
	}
}

// check validates a draft; the error carries a message per field.
func (s *Service) check(ctx context.Context, d Draft) (*checked, error) {
	v := errs.NewInvalid()
	out := &checked{}
	c := &out.c
	c.UnitID, c.Name, c.Brandname = d.UnitID, strings.Join(strings.Fields(d.Name), " "), strings.TrimSpace(d.Brandname)
	chosen := map[string]bool{}
	for _, ch := range d.Channels {
		if contactColumn(ch) == "" {
			v.Fieldf("channel", "Kênh gửi chưa hỗ trợ: %s.", ch)
		}
		chosen[ch] = true
	}
	var channels []string
	switch {
	case len(chosen) == 0:
		channels = []string{"sms"}
	case chosen["webhook"] && len(chosen) > 1:
		v.Field("channel", "Gửi qua đối tác (webhook) là một chiến dịch riêng, không kết hợp với kênh khác.")
	case chosen["webhook"]:
		channels = []string{"webhook"}
	default:
		for _, ch := range channelOrder {
			if chosen[ch] {
				channels = append(channels, ch)
			}
		}
	}
	c.Channel = strings.Join(channels, ",")
	if c.Name == "" {
		v.Field("name", "Đặt tên chiến dịch để dễ theo dõi.")
	}
	v.MaxLen("name", "Tên chiến dịch", c.Name, 200).MaxLen("text", "Nội dung tin", d.Text, 5000)
	c.Class = "warning"
	class := sms.Warning
	if d.Class == "marketing" {
		c.Class, class = "marketing", sms.Marketing
	}
	text := strings.TrimSpace(d.Text)
	for _, name := range templateNames(text) {
		if !knownVar(name) {
			v.Fieldf("text", "Không có biến {%s}; dùng được: {ten}, {tinh} (có thể kèm giá trị mặc định, ví dụ {ten|bạn}).", name)
		}
	}
	if text == "" {
		v.Field("text", "Chưa có nội dung tin nhắn.")
	}
	// Each channel's template: SMS gets its rules ([QC], the refusal
	// instruction, optionally no marks); the others the text as written.
	templates := map[string]string{}
	for _, ch := range channels {
		templates[ch] = text
	}
	if chosen["sms"] || len(chosen) == 0 {
		t := text
		if d.Unaccent {
			t = sms.Unaccent(t)
		}
		composed, err := sms.Compose(t, class, d.OptOut)
		if err != nil && text != "" {
			v.Field("text", err.Error())
		}
		templates["sms"] = composed
		if c.Brandname != "" {
			if err := sms.ValidBrandname(c.Brandname); err != nil {
				v.Field("brandname", err.Error())
			}
		}
	} else {
		c.Brandname = ""
	}
	if chosen["email"] {
		c.Subject = strings.Join(strings.Fields(d.Subject), " ")
		if c.Subject == "" {
			v.Field("subject", "Thư điện tử cần có tiêu đề.")
		}
	}
	c.Template = text
	if len(channels) == 1 {
		c.Template = templates[channels[0]]
	}
	if p := strings.TrimSpace(d.Segment.Province); p != "" {
		if name, ok := vn.Province(p); ok {
			d.Segment.Province = name
		} else {
			v.Fieldf("province", "Không nhận ra tỉnh, thành phố “%s”.", p)
		}
	}
	var carriers []string
	for _, c := range d.Segment.Carriers {
		c = strings.TrimSpace(c)
		known := false
		for _, x := range vn.Carriers {
			known = known || x.Code == c
		}
		switch {
		case c == "" || slices.Contains(carriers, c):
		case !known:
			v.Fieldf("carriers", "Không có nhà mạng “%s”.", c)
		default:
			carriers = append(carriers, c)
		}
	}
	d.Segment.Carriers = carriers
	// A unit of a province sends to its province's subscribers only.
	home, err := s.UnitProvince(ctx, d.UnitID)
	if err != nil {
		return out, err
	}
	if home != "" {
		switch d.Segment.Province {
		case "":
			d.Segment.Province = home
		case home:
		default:
			v.Fieldf("province", "Đơn vị của bạn chỉ gửi cho người đăng ký ở %s.", home)
		}
	}
	seg, _ := json.Marshal(d.Segment)
	c.Segment = string(seg)
	if strings.TrimSpace(d.Schedule) != "" {
		at, ok := parseSchedule(d.Schedule)
		switch {
		case !ok:
			v.Fieldf("schedule", "“%s” không phải thời điểm hợp lệ (ví dụ 24/11/2026 08:00).", d.Schedule)
		case !at.After(s.clock.Now()):
			v.Fieldf("schedule", "Thời điểm %s đã qua; để trống để gửi ngay khi được duyệt.", at.In(vnTime).Format("15:04 02/01/2006"))
		default:
			c.ScheduledAt = &at
		}
	}
	c.QuietStart, c.QuietEnd = 22*60, 7*60
	if d.QuietStart != "" || d.QuietEnd != "" {
		a, okA := parseHM(d.QuietStart)
		b, okB := parseHM(d.QuietEnd)
		if !okA {
			v.Fieldf("quiet_start", "“%s” không phải giờ hợp lệ (ví dụ 22:00).", d.QuietStart)
		}
		if !okB {
			v.Fieldf("quiet_end", "“%s” không phải giờ hợp lệ (ví dụ 07:00).", d.QuietEnd)
		}
		c.QuietStart, c.QuietEnd = a, b
	}
	c.DailyCap = 3
	if t := strings.TrimSpace(d.DailyCap); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 1 || n > 20 {
			v.Fieldf("daily_cap", "Số tin tối đa một người nhận trong ngày phải từ 1 đến 20 (đã ghi “%s”).", t)
		}
		c.DailyCap = n
	}
	if err := v.Err(); err != nil {
		return out, err
	}
	multi := len(channels) > 1
	out.channels, out.segment = channels, d.Segment
	out.plan = plan{Templates: templates, Unaccent: d.Unaccent}
	fill := out.plan.filler(channels)
	out.chk = Check{Missing: map[string]int{}}
	if multi {
		out.chk.ByChannel = map[string]int{}
	}
	// The counts come from one grouped SQL count: each group is a stand-in
	// person with the group's contacts, reached and rendered like anyone.
	var shapes []audience.Shape
	if s.people != nil {
		if shapes, err = s.people.Tally(ctx, d.Segment.of(channels)); err != nil {
			return out, err
		}
	}
	_, smsTemplate := templates["sms"]
	namedSMS := smsTemplate && slices.Contains(templateNames(templates["sms"]), "ten")
	smsPeople := 0
	for _, sh := range shapes {
		p := audience.Person{Province: sh.Province}
		if sh.Phone {
			p.Phone = "+84912000000"
		}
		if sh.Email {
			p.Email = "x@example.vn"
		}
		if sh.Zalo {
			p.Zalo = "zalo-id"
			if sh.ZaloIsPhone {
				p.Zalo = "+84912000001"
			}
		}
		if sh.Named {
			p.Name = "x"
		}
		r := reach(channels, p)
		if r == nil {
			continue
		}
		ch, t, missing := fill(r)
		out.chk.Recipients += sh.N
		if multi {
			out.chk.ByChannel[ch] += sh.N
		}
		for _, m := range missing {
			out.chk.Missing[m] += sh.N
		}
		if ch == "sms" {
			smsPeople += sh.N
			if !namedSMS { // the text does not depend on the name: exact
				n := sms.Analyze(t).Parts
				if out.chk.Parts == 0 || n < out.chk.MinParts {
					out.chk.MinParts = n
				}
				out.chk.Parts += n * sh.N
				out.chk.MaxParts = max(out.chk.MaxParts, n)
			}
		}
	}
	// The example text, and the parts of a text with names, from the
	// first recipients opened.
	sampleFull := false
	var smsSample string
	seen, smsSeen, parts := 0, 0, 0
	err = s.eachRecipient(ctx, channels, d.Segment, func(rs []Recipient) error {
		for i := range rs {
			r := &rs[i]
			ch, t, missing := fill(r)
			if seen == 0 || (len(missing) == 0 && !sampleFull) {
				// The example is the first recipient with every value.
				out.chk.Sample, sampleFull = t, len(missing) == 0
			}
			seen++
			if ch != "sms" {
				continue
			}
			if smsSample == "" || (len(missing) == 0 && smsSeen == 0) {
				smsSample = t
			}
			smsSeen++
			if namedSMS {
				n := sms.Analyze(t).Parts
				if parts == 0 || n < out.chk.MinParts {
					out.chk.MinParts = n
				}
				parts += n
				out.chk.MaxParts = max(out.chk.MaxParts, n)
			}
		}
		if ((!namedSMS || smsSeen >= previewSample) && sampleFull) || seen >= 5*previewSample {
			return errEnough
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return out, err
	}
	if namedSMS {
		out.chk.Parts = parts
		if smsSeen > 0 && smsSeen < smsPeople {
			out.chk.Parts = int(math.Round(float64(parts) / float64(smsSeen) * float64(smsPeople)))
			out.chk.Estimated, out.chk.Sampled = true, smsSeen
		}
	}
	if smsTemplate {
		if smsSample == "" {
			smsSample = templates["sms"]
		}
		cmp := sms.Compare(smsSample)
		out.chk.SMS = &cmp
	}
	if out.chk.Recipients == 0 {
		v.Field("province", "Không có người nhận nào trong nhóm đã chọn (trên kênh "+strings.ToLower(ChannelLabel(c.Channel))+").")
	}
	for _, tv := range TemplateVars {
		if n := out.chk.Missing[tv.Name]; n > 0 {
			v.Fieldf("text", "{%s} còn trống ở %s người nhận: thêm giá trị mặc định, ví dụ {%s|bạn}, hoặc bỏ biến này.", tv.Name, vn.FormatInt(int64(n)), tv.Name)
		}
	}
	return out, v.Err()
}

// Preview checks a draft without storing anything; the error says what
// must change before it can be prepared.
func (s *Service) Preview(ctx context.Context, d Draft) (*Check, error) {
	if err := s.authorize(ctx, access.AudienceManage, d.UnitID); err != nil {
		return nil, err
	}
	out, err := s.check(ctx, d)
	return &out.chk, err
}

// Prepare checks a draft and stores it with its messages; the campaign
// waits for a second person's approval (Approve) before anything is sent.
func (s *Service) Prepare(ctx context.Context, d Draft) (*Campaign, int, error) {
	if err := s.authorize(ctx, access.AudienceManage, d.UnitID); err != nil {
		return nil, 0, err
	}
	out, err := s.check(ctx, d)
	if err != nil {
		return nil, 0, err
	}
	c := out.c
	c.State, c.CreatedBy = StatePending, access.From(ctx).UserID
	// Only the first page of the audience is written now; the runner
	// writes the others as it sends (pages.go). Preparing a million costs
	// the preview's count and one page, and nothing held grows with the
	// audience. The audience ends at the newest subscriber of this moment.
	var until, last int64
	more := false
	if s.people != nil {
		if until, err = s.people.LastID(ctx); err != nil {
			return nil, 0, err
		}
	}
	planned := out.chk.Recipients
	cp, _, err := s.create(ctx, c, func(fn func([]Recipient) error) error {
		if s.people == nil {
			return nil
		}
		var rs []Recipient
		var err error
		rs, last, more, err = s.audiencePage(ctx, out.channels, out.segment, out.plan, 0, until)
		if err != nil || len(rs) == 0 {
			return err
		}
		return fn(rs)
	}, func(tx *sql.Tx, id int64, written int) error {
		return s.keepPlan(ctx, tx, id, out.plan, planned, written, last, more, until)
	})
	if err != nil {
		return nil, 0, err
	}
	s.audit(ctx, cp, "campaign.create", fmt.Sprintf("Soạn chiến dịch “%s” qua %s (%d người nhận), chờ duyệt", cp.Name, strings.ToLower(ChannelLabel(cp.Channel)), planned))
	return cp, planned, nil
}

// Approve lets a pending campaign go (at its scheduled time, if any): by
// someone who may approve over its unit and who did not prepare it.
func (s *Service) Approve(ctx context.Context, id int64) error {
	if a := access.From(ctx); a == nil || !a.Has(access.CampaignApprove) {
		return errs.ErrForbidden
	}
	c, err := s.Campaign(ctx, id)
	if err != nil {
		return err
	}
	if err := s.authorize(ctx, access.CampaignApprove, c.UnitID); err != nil {
		return err
	}
	a := access.From(ctx)
	if c.CreatedBy != 0 && c.CreatedBy == a.UserID {
		return errs.Forbidden("Người soạn không tự duyệt chiến dịch của mình; cần một người khác duyệt.", "The author cannot approve their own campaign.")
	}
	if c.State != StatePending {
		return errs.Conflict("Chiến dịch không ở trạng thái chờ duyệt.", "The campaign is not waiting for approval.")
	}
	now := s.clock.Now().UTC()
	start := now
	if c.ScheduledAt != nil && c.ScheduledAt.After(now) {
		start = c.ScheduledAt.UTC()
	}
	res, err := s.db.W.ExecContext(ctx, `UPDATE campaigns SET state = 'running', approved_by = $1, status_note = '', started_at = $2, updated_at = $3 WHERE id = $4 AND state = 'pending'`,
		nullID(a.UserID), start, now, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.Conflict("Chiến dịch không còn ở trạng thái chờ duyệt (có người vừa duyệt hoặc hủy).", "The campaign is no longer waiting for approval.")
	}
	s.audit(ctx, c, "campaign.approve", "Duyệt gửi chiến dịch “"+c.Name+"”")
	return nil
}

// Control pauses, resumes or cancels a campaign.
func (s *Service) Control(ctx context.Context, id int64, action string) error {
	if a := access.From(ctx); a == nil || !(a.Has(access.AudienceManage) || a.Has(access.CampaignApprove)) {
		return errs.ErrForbidden
	}
	c, err := s.Campaign(ctx, id)
	if err != nil {
		return err
	}
	if s.authorize(ctx, access.AudienceManage, c.UnitID) != nil && s.authorize(ctx, access.CampaignApprove, c.UnitID) != nil {
		return errs.ErrForbidden
	}
	switch {
	case action == "pause" && c.State == StateRunning:
		err = s.SetState(ctx, id, StatePaused, "Tạm dừng theo yêu cầu.")
	case action == "resume" && c.State == StatePaused:
		err = s.SetState(ctx, id, StateRunning, "")
	case action == "cancel" && (c.State == StatePending || c.State == StateRunning || c.State == StatePaused):
		err = s.Cancel(ctx, id)
	default:
		return errs.Conflict("Không thực hiện được thao tác này ở trạng thái hiện tại của chiến dịch.", "Not possible in the campaign's state.")
	}
	if err == nil {
		s.audit(ctx, c, "campaign."+action, map[string]string{"pause": "Tạm dừng", "resume": "Tiếp tục", "cancel": "Hủy"}[action]+" chiến dịch “"+c.Name+"”")
	}
	return err
}

// ResolveUnknown is a person's decision on the messages whose submission
// outcome is unknown: send them again (accepting that some people may get
// the message twice) or count them as sent.
func (s *Service) ResolveUnknown(ctx context.Context, id int64, resend bool) (int, error) {
	if a := access.From(ctx); a == nil || !a.Has(access.CampaignApprove) {
		return 0, errs.ErrForbidden
	}
	c, err := s.Campaign(ctx, id)
	if err != nil {
		return 0, err
	}
	if err := s.authorize(ctx, access.CampaignApprove, c.UnitID); err != nil {
		return 0, err
	}
	if c.State == StateCancelled {
		return 0, errs.Conflict("Chiến dịch đã hủy.", "The campaign is cancelled.")
	}
	now := s.clock.Now()
	var n int64
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		var res sql.Result
		var err error
		if resend {
			res, err = tx.ExecContext(ctx, `UPDATE messages SET state = 'queued', error = '', next_at = NULL, done_at = NULL WHERE campaign_id = $1 AND state = 'unknown'`, id)
		} else {
			res, err = tx.ExecContext(ctx, `UPDATE messages SET state = 'submitted', error = 'coi như đã gửi (quyết định của người duyệt)', done_at = $1 WHERE campaign_id = $2 AND state = 'unknown'`, now, id)
		}
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		if resend && n > 0 {
			// Finished meanwhile or not, a done campaign runs again.
			_, err = tx.ExecContext(ctx, `UPDATE campaigns SET state = 'running', finished_at = NULL, updated_at = $1 WHERE id = $2 AND state = 'done'`, now, id)
		}
		return err
	})
	if err != nil || n == 0 {
		return int(n), err
	}
	what := "Coi như đã gửi"
	if resend {
		what = "Gửi lại"
	}
	s.audit(ctx, c, "campaign.unknown", fmt.Sprintf("%s %d tin không rõ kết quả của chiến dịch “%s”", what, n, c.Name))
	if !resend {
		s.logActivity(ctx, id)
	}
	return int(n), nil
}

// Campaign returns a campaign the actor in ctx may see.
func (s *Service) Campaign(ctx context.Context, id int64) (*Campaign, error) {
	c, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !s.visible(ctx, c.UnitID) {
		return nil, errs.NotFound("Không có chiến dịch này.", "No such campaign.")
	}
	return c, nil
}

// List returns the latest campaigns of the units the actor may see.
func (s *Service) List(ctx context.Context, limit int) ([]Campaign, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+campaignColumns+` FROM campaigns ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	see := s.visibility(ctx)
	var out []Campaign
	for rows.Next() && len(out) < limit {
		c, err := scanCampaign(rows)
		if err != nil {
			return nil, err
		}
		if see(c.UnitID) {
			out = append(out, *c)
		}
	}
	return out, rows.Err()
}

// visible reports whether the actor manages or approves campaigns of unit
// (a campaign without a unit — sent from the command line — only for
// those who act everywhere).
func (s *Service) visible(ctx context.Context, unit int64) bool { return s.visibility(ctx)(unit) }

// visibility reads the actor's scopes once and answers for any unit.
func (s *Service) visibility(ctx context.Context) func(unit int64) bool {
	a := access.From(ctx)
	switch {
	case a == nil:
		return func(int64) bool { return false }
	case a.IsSystem():
		return func(int64) bool { return true }
	}
	manage, err1 := s.org.ScopeOf(ctx, access.AudienceManage)
	approve, err2 := s.org.ScopeOf(ctx, access.CampaignApprove)
	if err1 != nil || err2 != nil {
		return func(int64) bool { return false }
	}
	return func(unit int64) bool { return manage.Contains(unit) || approve.Contains(unit) }
}

// authorize checks p over unit by the unit tree.
func (s *Service) authorize(ctx context.Context, p access.Permission, unit int64) error {
	a := access.From(ctx)
	if a == nil {
		return errs.ErrUnauthenticated
	}
	if a.IsSystem() {
		return nil
	}
	return s.org.Authorize(ctx, p, unit)
}

func (s *Service) audit(ctx context.Context, c *Campaign, action, summary string) {
	a := access.From(ctx)
	unit := c.UnitID
	if unit == 0 && a != nil {
		unit = a.UnitID
	}
	s.db.Transact(ctx, func(tx *sql.Tx) error {
		return audit.Record(ctx, tx, s.clock.Now(), audit.Entry{Action: action, Entity: "campaign", EntityKey: fmt.Sprint(c.ID), UnitID: unit, Summary: summary}, nil, nil)
	})
}

// templateNames lists the variables a template uses, in order, once each.
func templateNames(tmpl string) []string {
	var out []string
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			return out
		}
		name, _, _ := strings.Cut(tmpl[i+1:i+j], "|")
		name = strings.TrimSpace(name)
		seen := false
		for _, n := range out {
			seen = seen || n == name
		}
		if !seen {
			out = append(out, name)
		}
		tmpl = tmpl[i+j+1:]
	}
}

func knownVar(name string) bool {
	for _, v := range TemplateVars {
		if v.Name == name {
			return true
		}
	}
	return false
}

// parseSchedule reads a time as a browser's datetime-local field sends it
// or as people write it, in Vietnam's time.
func parseSchedule(s string) (time.Time, bool) {
	s = strings.Join(strings.Fields(s), " ")
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "02/01/2006 15:04", "2/1/2006 15:04", "15:04 02/01/2006", "15:04 2/1/2006"} {
		if t, err := time.ParseInLocation(layout, s, vnTime); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// parseHM reads "22:00" or "7h" as minutes after midnight.
func parseHM(s string) (int, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	h, m, _ := strings.Cut(strings.NewReplacer("h", ":", "g", ":").Replace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm := 0
	var err2 error
	if m != "" {
		mm, err2 = strconv.Atoi(m)
	}
	if err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, false
	}
	return hh*60 + mm, true
}

// UnitProvince is the province a unit belongs to, read from its name or
// its ancestors' ("Công an tỉnh Cao Bằng" → "Cao Bằng"); "" for national
// units, and for actors who act everywhere. A unit that cannot be read is
// an error, never "no limit".
func (s *Service) UnitProvince(ctx context.Context, unit int64) (string, error) {
	a := access.From(ctx)
	if a == nil || a.IsSystem() {
		return "", nil
	}
	if _, all := a.ScopesFor(access.AudienceManage); all {
		return "", nil
	}
	if unit == 0 {
		return "", errs.ErrForbidden
	}
	return s.org.ProvinceOf(ctx, unit)
}
