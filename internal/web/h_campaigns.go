package web

import (
	"net/http"
	"strconv"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/sms"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// The console's campaigns: a coordinator prepares an SMS warning for a
// segment of subscribers, a second person approves it, and everyone
// watches it go.

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

// CampaignsPage lists campaigns and prepares a new one.
type CampaignsPage struct {
	Page
	Rows      []CampaignRow
	D         dispatch.Draft
	Fields    map[string]string
	Groups    []struct{ Code, Label string }
	Provinces []string
	Info      *sms.Comparison
	CanCreate bool
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
	st := dispatch.NewStore(s.db, s.clock)
	cs, err := st.List(r.Context(), 50)
	if err != nil {
		return err
	}
	for _, c := range cs {
		n, err := st.Counts(r.Context(), c.ID)
		if err != nil {
			return err
		}
		p.Rows = append(p.Rows, CampaignRow{C: c, N: n})
	}
	p.Title, p.Nav, p.Groups, p.Provinces, p.CanCreate = "Chiến dịch nhắn tin", "campaigns", audience.Groups, vn.Provinces(), a.Has(access.AudienceManage)
	if p.D.Text != "" {
		c := sms.Compare(p.D.Text)
		p.Info = &c
	}
	return s.render(w, r, status, "campaigns", p)
}

func (s *Server) campaigns(w http.ResponseWriter, r *http.Request) error {
	return s.campaignsPage(w, r, &CampaignsPage{}, http.StatusOK)
}

func (s *Server) campaignCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := r.PostFormValue
	a := access.From(r.Context())
	d := dispatch.Draft{Name: f("name"), Text: f("text"), Class: f("class"), Brandname: f("brandname"), OptOut: f("optout"),
		Segment: dispatch.Segment{Province: f("province"), Groups: r.PostForm["groups"]}}
	if a != nil {
		d.UnitID = a.UnitID
	}
	if f("action") == "preview" {
		return s.campaignsPage(w, r, &CampaignsPage{D: d}, http.StatusOK)
	}
	c, n, err := dispatch.NewStore(s.db, s.clock).Prepare(r.Context(), d)
	if fields := errs.FieldsOf(err); fields != nil {
		return s.campaignsPage(w, r, &CampaignsPage{D: d, Fields: fields}, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/chien-dich/"+strconv.FormatInt(c.ID, 10), "ok", "Đã soạn chiến dịch cho "+vn.FormatInt(int64(n))+" người nhận; cần một người khác duyệt trước khi gửi.")
}

// CampaignPage shows one campaign's progress.
type CampaignPage struct {
	Page
	Row        CampaignRow
	Unknown    []string
	Refresh    bool
	CanApprove bool
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
	st := dispatch.NewStore(s.db, s.clock)
	c, err := st.Get(r.Context(), id)
	if err != nil {
		return err
	}
	n, err := st.Counts(r.Context(), id)
	if err != nil {
		return err
	}
	p := &CampaignPage{Page: Page{Title: c.Name, Nav: "campaigns"}, Row: CampaignRow{C: *c, N: n}, Refresh: c.State == dispatch.StateRunning,
		CanApprove: a.Has(access.CampaignApprove) && c.CreatedBy != a.UserID}
	if p.Refresh {
		p.RefreshSeconds = 3
	}
	if p.Unknown, err = st.Unknown(r.Context(), id); err != nil {
		return err
	}
	for i := range p.Unknown {
		p.Unknown[i] = audience.Mask(p.Unknown[i])
	}
	return s.render(w, r, http.StatusOK, "campaign", p)
}

func (s *Server) campaignAction(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	st := dispatch.NewStore(s.db, s.clock)
	var msg string
	switch r.PathValue("action") {
	case "duyet":
		err, msg = st.Approve(r.Context(), id), "Đã duyệt: chiến dịch bắt đầu gửi."
	case "tam-dung":
		err, msg = st.Control(r.Context(), id, "pause"), "Đã tạm dừng."
	case "tiep-tuc":
		err, msg = st.Control(r.Context(), id, "resume"), "Đã cho gửi tiếp."
	case "huy":
		err, msg = st.Control(r.Context(), id, "cancel"), "Đã hủy: các tin chưa gửi sẽ không gửi."
	default:
		return errs.ErrNotFound
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/chien-dich/"+strconv.FormatInt(id, 10), "ok", msg)
}
