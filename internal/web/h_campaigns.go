package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/remind"
	"github.com/canhgiac/canhgiac/internal/upload"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// The console's campaigns: a coordinator prepares a message for a segment
// of subscribers on one channel, a second person approves it, everyone
// watches it go, and the delivery figures and per-recipient states can be
// read and exported.

// CampaignRow is a campaign with its counts.
type CampaignRow struct {
	C dispatch.Campaign
	N dispatch.Counts
}

// Percent is how much of it has an outcome.
func (r CampaignRow) Percent() int {
	total := r.N.Total - r.N.Skipped
	if total == 0 {
		return 100
	}
	return (r.N.Sent() + r.N.Unknown) * 100 / total
}

// DeliveredPercent is the share of accepted messages with a delivery receipt.
func (r CampaignRow) DeliveredPercent() int {
	if r.N.Sent() == 0 {
		return 0
	}
	return r.N.Delivered * 100 / r.N.Sent()
}

// ChannelOption is a channel on the form, with whether this server can
// send on it.
type ChannelOption struct {
	Code, Label, Hint string
	Ready             bool
}

// CampaignsPage lists campaigns and prepares a new one.
type CampaignsPage struct {
	Page
	Rows      []CampaignRow
	D         dispatch.Draft
	Fields    map[string]string
	Check     *dispatch.Check
	Channels  []ChannelOption
	Groups    []struct{ Code, Label string }
	Carriers  []vn.Carrier
	Provinces []string
	Vars      []struct{ Name, Label string }
	CanCreate bool
	Preview   bool // the page answers "Xem trước"
	Simulated bool // SMS goes to the demonstration's simulated centre
}

// HasChannel reports whether a channel is chosen.
func (p *CampaignsPage) HasChannel(ch string) bool {
	for _, x := range p.D.Channels {
		if x == ch {
			return true
		}
	}
	return false
}

// HasCarrier reports whether a carrier is chosen.
func (p *CampaignsPage) HasCarrier(c string) bool {
	for _, x := range p.D.Segment.Carriers {
		if x == c {
			return true
		}
	}
	return false
}

// Has reports whether a group is chosen.
func (p *CampaignsPage) Has(g string) bool {
	for _, x := range p.D.Segment.Groups {
		if x == g {
			return true
		}
	}
	return false
}

func (s *Server) campaignsPage(w http.ResponseWriter, r *http.Request, p *CampaignsPage, status int) error {
	a := access.From(r.Context())
	if a == nil || !(a.Has(access.AudienceManage) || a.Has(access.CampaignApprove)) {
		return errs.ErrForbidden
	}
	cs, err := s.dispatch.List(r.Context(), 50)
	if err != nil {
		return err
	}
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	counts, err := s.dispatch.CountsOf(r.Context(), ids)
	if err != nil {
		return err
	}
	for _, c := range cs {
		p.Rows = append(p.Rows, CampaignRow{C: c, N: counts[c.ID]})
	}
	p.Title, p.Nav, p.Groups, p.Provinces, p.CanCreate, p.Vars = "Chiến dịch nhắn tin", "campaigns", audience.Groups, vn.Provinces(), a.Has(access.AudienceManage), dispatch.TemplateVars
	p.Carriers = vn.Carriers
	home, err := s.dispatch.UnitProvince(r.Context(), a.UnitID)
	if err != nil {
		return err
	}
	if home != "" {
		p.Provinces = []string{home} // a province's units send to their own province
	}
	for _, c := range dispatch.Channels {
		p.Channels = append(p.Channels, ChannelOption{Code: c.Code, Label: c.Label, Hint: c.Hint, Ready: s.opt.Channels[c.Code]})
	}
	if len(p.D.Channels) == 0 {
		p.D.Channels = []string{"sms"}
	}
	p.Simulated = s.opt.SimulatedSMS
	return s.render(w, r, status, "campaigns", p)
}

func (s *Server) campaigns(w http.ResponseWriter, r *http.Request) error {
	return s.campaignsPage(w, r, &CampaignsPage{}, http.StatusOK)
}

func (s *Server) campaignCreate(w http.ResponseWriter, r *http.Request) error {
	if err := upload.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostFormValue
	a := access.From(r.Context())
	d := dispatch.Draft{Name: f("name"), Channels: r.PostForm["channel"], Subject: f("subject"), Text: f("text"), Unaccent: f("unaccent") != "", Class: f("class"), Brandname: f("brandname"), OptOut: f("optout"),
		Segment:  dispatch.Segment{Province: f("province"), Groups: r.PostForm["groups"], Carriers: r.PostForm["carriers"]},
		Schedule: f("schedule"), QuietStart: f("quiet_start"), QuietEnd: f("quiet_end"), DailyCap: f("daily_cap")}
	if a != nil {
		d.UnitID = a.UnitID
	}
	if f("action") == "preview" {
		chk, err := s.dispatch.Preview(r.Context(), d)
		fields := errs.FieldsOf(err)
		if err != nil && fields == nil {
			return err
		}
		return s.campaignsPage(w, r, &CampaignsPage{D: d, Check: chk, Fields: fields, Preview: true}, http.StatusOK)
	}
	c, n, err := s.dispatch.Prepare(r.Context(), d)
	if fields := errs.FieldsOf(err); fields != nil {
		chk, _ := s.dispatch.Preview(r.Context(), d)
		return s.campaignsPage(w, r, &CampaignsPage{D: d, Fields: fields, Check: chk}, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	s.tellReviewers(r, remind.Event{Kind: remind.KindCampaignApprove, Key: fmt.Sprintf("campaign:%d", c.ID),
		Text: fmt.Sprintf("Chiến dịch chờ phê duyệt: “%s” gửi tới %s người nhận; cần một người khác duyệt trước khi gửi.", c.Name, vn.FormatInt(int64(n))),
		Link: "/quan-tri/chien-dich/" + strconv.FormatInt(c.ID, 10)}, c.UnitID, access.RoleLeader, access.RoleCoordinator)
	return s.redirectWithFlash(w, r, "/quan-tri/chien-dich/"+strconv.FormatInt(c.ID, 10), "ok", "Đã soạn chiến dịch cho "+vn.FormatInt(int64(n))+" người nhận; cần một người khác duyệt trước khi gửi.")
}

// CampaignPage shows one campaign's progress and delivery figures.
type CampaignPage struct {
	Page
	Row        CampaignRow
	Stats      *dispatch.Stats
	Segment    string
	Unknown    []string
	Refresh    bool
	CanApprove bool
	CanDecide  bool
	Ready      bool // the server can send on the campaign's channel
	Simulated  bool // SMS goes to the demonstration's simulated centre
	Waiting    bool // approved, waiting for its scheduled time
	Receipts   bool // a channel of it reports delivery (SMS, Zalo's ZNS)
}

func (s *Server) campaign(w http.ResponseWriter, r *http.Request) error {
	a := access.From(r.Context())
	if a == nil || !(a.Has(access.AudienceManage) || a.Has(access.CampaignApprove)) {
		return errs.ErrForbidden
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	st := s.dispatch
	c, err := st.Campaign(r.Context(), id)
	if err != nil {
		return err
	}
	n, err := st.Counts(r.Context(), id)
	if err != nil {
		return err
	}
	p := &CampaignPage{Page: Page{Title: c.Name, Nav: "campaigns"}, Row: CampaignRow{C: *c, N: n}, Refresh: c.State == dispatch.StateRunning,
		CanApprove: a.Has(access.CampaignApprove) && c.CreatedBy != a.UserID, CanDecide: a.Has(access.CampaignApprove), Ready: s.ready(c),
		Segment: segmentText(c.Segment), Simulated: s.opt.SimulatedSMS && c.Uses("sms"),
		Waiting:  c.State == dispatch.StateRunning && c.StartedAt != nil && c.StartedAt.After(s.clock.Now()),
		Receipts: c.Uses("sms") || c.Uses("zalo")}
	if p.Refresh {
		p.RefreshSeconds = 3
	}
	if p.Stats, err = st.Stats(r.Context(), id); err != nil {
		return err
	}
	if p.Unknown, err = st.Unknown(r.Context(), id); err != nil {
		return err
	}
	for i := range p.Unknown {
		p.Unknown[i] = audience.Mask(p.Unknown[i])
	}
	if len(p.Unknown) > 200 {
		p.Unknown = p.Unknown[:200]
	}
	return s.render(w, r, http.StatusOK, "campaign", p)
}

// campaignExport sends the per-recipient states as CSV.
func (s *Server) campaignExport(w http.ResponseWriter, r *http.Request) error {
	if a := access.From(r.Context()); a == nil || !(a.Has(access.AudienceManage) || a.Has(access.CampaignApprove)) {
		return errs.ErrForbidden
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	if what := r.PathValue("what"); what != "tin-nhan.csv" && what != "so-lieu.csv" {
		return errs.ErrNotFound
	}
	if _, err := s.dispatch.Campaign(r.Context(), id); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	if r.PathValue("what") == "so-lieu.csv" {
		w.Header().Set("Content-Disposition", `attachment; filename="chien-dich-`+strconv.FormatInt(id, 10)+`-so-lieu.csv"`)
		return s.dispatch.ExportStats(r.Context(), id, w)
	}
	w.Header().Set("Content-Disposition", `attachment; filename="chien-dich-`+strconv.FormatInt(id, 10)+`.csv"`)
	return s.dispatch.Export(r.Context(), id, w)
}

func (s *Server) campaignAction(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	st := s.dispatch
	var msg string
	switch r.PathValue("action") {
	case "duyet":
		err, msg = st.Approve(r.Context(), id), "Đã duyệt: chiến dịch bắt đầu gửi (hoặc chờ đến giờ hẹn)."
	case "tam-dung":
		err, msg = st.Control(r.Context(), id, "pause"), "Đã tạm dừng."
	case "tiep-tuc":
		err, msg = st.Control(r.Context(), id, "resume"), "Đã cho gửi tiếp."
	case "huy":
		err, msg = st.Control(r.Context(), id, "cancel"), "Đã hủy: các tin chưa gửi sẽ không gửi."
	case "gui-lai-khong-ro", "coi-nhu-da-gui":
		resend := r.PathValue("action") == "gui-lai-khong-ro"
		var n int
		n, err = st.ResolveUnknown(r.Context(), id, resend)
		msg = "Đã cho gửi lại " + vn.FormatInt(int64(n)) + " tin không rõ kết quả."
		if !resend {
			msg = "Đã ghi " + vn.FormatInt(int64(n)) + " tin không rõ kết quả là đã gửi."
		}
	default:
		return errs.ErrNotFound
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/chien-dich/"+strconv.FormatInt(id, 10), "ok", msg)
}

// segmentText says in words who a campaign went to.
func segmentText(js string) string {
	var seg dispatch.Segment
	if json.Unmarshal([]byte(js), &seg) != nil {
		return ""
	}
	where := "cả nước"
	if seg.Province != "" {
		where = seg.Province
	}
	var carriers []string
	for _, c := range seg.Carriers {
		for _, x := range vn.Carriers {
			if x.Code == c {
				carriers = append(carriers, x.Name)
			}
		}
	}
	if len(carriers) > 0 {
		where += " (thuê bao " + strings.Join(carriers, ", ") + ")"
	}
	if len(seg.Groups) == 0 {
		return "Người đăng ký ở " + where + ", mọi nhóm"
	}
	var names []string
	for _, g := range seg.Groups {
		for _, x := range audience.Groups {
			if x.Code == g {
				names = append(names, strings.ToLower(x.Label))
			}
		}
	}
	return "Người đăng ký ở " + where + ", nhóm: " + strings.Join(names, ", ")
}

// QuietHours says the campaign's quiet hours.
func (p *CampaignPage) QuietHours() string {
	c := p.Row.C
	if c.QuietStart == c.QuietEnd {
		return "không có"
	}
	return fmt.Sprintf("%02d:%02d–%02d:%02d", c.QuietStart/60, c.QuietStart%60, c.QuietEnd/60, c.QuietEnd%60)
}

// Median and P90 say the delivery times in words.
func (p *CampaignPage) Median() string { return durationVI(p.Stats.Median) }
func (p *CampaignPage) P90() string    { return durationVI(p.Stats.P90) }

func durationVI(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	case d < time.Minute:
		return strings.Replace(fmt.Sprintf("%.1f giây", d.Seconds()), ".", ",", 1)
	case d < time.Hour:
		return fmt.Sprintf("%d phút", int(d.Minutes()))
	}
	return fmt.Sprintf("%d giờ %d phút", int(d.Hours()), int(d.Minutes())%60)
}

// ready reports whether every channel of a campaign is configured.
func (s *Server) ready(c *dispatch.Campaign) bool {
	for _, ch := range c.ChannelList() {
		if !s.opt.Channels[ch] {
			return false
		}
	}
	return true
}
