package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/upload"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// ActivityPage is the quick entry form and the recent activities.
type ActivityPage struct {
	Page
	In         activity.Input
	Fields     map[string]string
	Units      []org.Unit
	Forms      []activity.Form
	Tactics    []activity.Tactic
	Audiences  []string
	Activities []activity.Activity
	Files      map[int64][]activity.File
	Duties     []plan.Duty // what the plans ask of the actor's unit, to link an activity to
	CanLog     bool
	Import     *ImportReport
	From, To   string // the list's days, YYYY-MM-DD from the filter
	Pager      Pager
}

// FormLabel names a form of outreach.
func (p *ActivityPage) FormLabel(code string) string { return activity.FormLabel(code) }

func (s *Server) activityPage(r *http.Request, in activity.Input, fields map[string]string) (*ActivityPage, error) {
	ctx := r.Context()
	a := access.From(ctx)
	p := &ActivityPage{Page: Page{Title: "Hoạt động tuyên truyền", Nav: "activities"}, In: in, Fields: fields, Forms: activity.Forms,
		Audiences: activity.Audiences, Units: s.choices(r, access.ActivityEdit), CanLog: a.Has(access.ActivityEdit)}
	var err error
	if p.Tactics, err = s.activity.Tactics(ctx); err != nil {
		return nil, err
	}
	q := r.URL.Query()
	f := activity.Filter{Limit: pageSize}
	for _, d := range []struct {
		field string
		to    *string
	}{{"tu-ngay", &f.From}, {"den-ngay", &f.To}} {
		v := q.Get(d.field)
		if _, err := vn.ParseISODate(v); v != "" && err != nil {
			if p.Fields == nil {
				p.Fields = map[string]string{}
			}
			p.Fields[d.field] = "Ngày “" + v + "” không đúng; chọn ngày trên lịch. Danh sách đang không lọc theo ngày này."
			continue
		}
		*d.to = v
	}
	p.From, p.To = q.Get("tu-ngay"), q.Get("den-ngay")
	page := pageOf(r)
	f.Offset = (page - 1) * pageSize
	var total int
	if p.Activities, total, err = s.activity.Page(ctx, f); err != nil {
		return nil, err
	}
	if p.Pager = newPager(r, page, total); p.Pager.Page != page {
		f.Offset = p.Pager.Offset()
		if p.Activities, _, err = s.activity.Page(ctx, f); err != nil {
			return nil, err
		}
	}
	ids := make([]int64, len(p.Activities))
	for i, a := range p.Activities {
		ids[i] = a.ID
	}
	if p.Files, err = s.activity.FilesOf(ctx, ids); err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for i := range p.Activities {
		id := p.Activities[i].UnitID
		if _, ok := names[id]; !ok {
			u, err := s.org.Unit(ctx, id, s.org.Today())
			if err != nil {
				return nil, err
			}
			names[id] = u.Name
		}
		p.Activities[i].UnitName = names[id]
	}
	if preds, err := s.org.Predecessors(ctx, a.UnitID); err == nil {
		if p.Duties, err = s.plan.AssignedDuties(ctx, preds); err != nil {
			return nil, err
		}
	}
	if p.In.UnitCode == "" {
		if u, err := s.org.Unit(ctx, a.UnitID, s.org.Today()); err == nil {
			p.In.UnitCode = u.Code
		}
	}
	if p.In.Date == "" {
		p.In.Date = vn.ShowDate(s.org.Today())
	}
	return p, nil
}

func (s *Server) activities(w http.ResponseWriter, r *http.Request) error {
	p, err := s.activityPage(r, activity.Input{}, nil)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "activities", p)
}

func (s *Server) activityLog(w http.ResponseWriter, r *http.Request) error {
	if err := upload.ParseForm(w, r); err != nil {
		return err
	}
	defer upload.Release(r)
	f := r.PostFormValue
	in := activity.Input{UnitCode: f("unit"), Date: f("date"), DateTo: f("date_to"), Form: f("form"), Title: f("title"),
		Tactics: r.PostForm["tactics"], Audience: r.PostForm["audience"], Links: strings.Split(f("links"), "\n"),
		Participants: f("participants"), Copies: f("copies"), Views: f("views"), Messages: f("messages"), Note: f("note")}
	in.DutyID, _ = strconv.ParseInt(f("duty"), 10, 64)
	ups, err := upload.Files(r, "files", upload.Evidence)
	if fields := errs.FieldsOf(err); fields != nil {
		fields["files"] += " Hãy chọn lại tệp; các ô khác vẫn giữ nguyên."
		p, perr := s.activityPage(r, in, fields)
		if perr != nil {
			return perr
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "activities", p)
	} else if err != nil {
		return err
	}
	a, err := s.activity.Log(r.Context(), in)
	if err == nil && len(ups) > 0 {
		err = s.activity.Attach(r.Context(), activity.Files{Dir: s.opt.UploadDir}, a.ID, ups)
	}
	if fields := errs.FieldsOf(err); fields != nil {
		p, perr := s.activityPage(r, in, fields)
		if perr != nil {
			return perr
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "activities", p)
	} else if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/hoat-dong", "ok", fmt.Sprintf("Đã ghi nhận: %s (%s).", a.Title, vn.ShowDate(a.Date)))
}

// FigureLabel names a reach figure.
func (p *ActivityPage) FigureLabel(f string) string {
	return map[string]string{"participants": "Số người tham dự", "copies": "Số bản phát hành", "views": "Lượt xem, tiếp cận", "messages": "Số tin nhắn"}[f]
}

// FigureValue is what was typed for a reach figure.
func (p *ActivityPage) FigureValue(f string) string {
	return map[string]string{"participants": p.In.Participants, "copies": p.In.Copies, "views": p.In.Views, "messages": p.In.Messages}[f]
}

func (s *Server) evidence(w http.ResponseWriter, r *http.Request) error {
	f, b, err := s.activity.Evidence(r.Context(), activity.Files{Dir: s.opt.UploadDir}, r.PathValue("sum"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", f.Type)
	w.Header().Set("Content-Disposition", `inline; filename*=UTF-8''`+url.PathEscape(f.Name))
	w.Header().Set("Cache-Control", "private, max-age=3600")
	_, err = w.Write(b)
	return err
}
