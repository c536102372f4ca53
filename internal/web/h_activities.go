package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
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

// ActivityPage is the quick entry form and the recent activities; with
// History set it is one activity's page: its history and the forms to
// correct or delete it.
type ActivityPage struct {
	Page
	In         activity.Input
	Fields     map[string]string
	Units      []org.Unit
	Forms      []activity.Form
	Repeats    []activity.Form
	Tactics    []activity.Tactic
	Audiences  []string
	Activities []activity.Activity
	Files      map[int64][]activity.File
	Duties     []plan.Duty // what the plans ask of the actor's unit, to link an activity to
	CanLog     bool
	Import     *ImportReport
	Deleted    []activity.Version // recently deleted, still readable in their history
	History    *activity.History
	UnitName   string // the unit of the activity shown
	CanEdit    bool   // the actor may correct or delete the activity shown
	Reason     string // the reason typed for a correction or deletion
	From, To   string // the list's days, YYYY-MM-DD from the filter
	Pager      Pager
}

// FormLabel names a form of outreach.
func (p *ActivityPage) FormLabel(code string) string { return activity.FormLabel(code) }

// formPage is the parts of the page the entry form needs: forms, tactics,
// audiences and the duties of the unit (with its predecessors).
func (s *Server) formPage(r *http.Request, in activity.Input, fields map[string]string, unitID int64) (*ActivityPage, error) {
	ctx := r.Context()
	p := &ActivityPage{Page: Page{Title: "Hoạt động tuyên truyền", Nav: "activities"}, In: in, Fields: fields, Forms: activity.Forms,
		Repeats: activity.Repeats, Audiences: slices.Clone(activity.Audiences)}
	for _, g := range in.Audience {
		// An audience typed in a spreadsheet is offered too, ticked, so a
		// correction keeps it.
		if !slices.Contains(p.Audiences, g) {
			p.Audiences = append(p.Audiences, g)
		}
	}
	var err error
	if p.Tactics, err = s.activity.Tactics(ctx); err != nil {
		return nil, err
	}
	if preds, err := s.org.Predecessors(ctx, unitID); err == nil {
		if p.Duties, err = s.plan.AssignedDuties(ctx, preds); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (s *Server) activityPage(r *http.Request, in activity.Input, fields map[string]string) (*ActivityPage, error) {
	ctx := r.Context()
	a := access.From(ctx)
	p, err := s.formPage(r, in, fields, a.UnitID)
	if err != nil {
		return nil, err
	}
	p.Units, p.CanLog = s.choices(r, access.ActivityEdit), a.Has(access.ActivityEdit)
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
		if p.Activities[i].UnitName, err = s.unitName(r, names, p.Activities[i].UnitID); err != nil {
			return nil, err
		}
	}
	if p.Deleted, err = s.activity.Deleted(ctx, 10); err != nil {
		return nil, err
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

// unitName names a unit as it stands today (or, once gone, as it last
// stood), remembering names already looked up.
func (s *Server) unitName(r *http.Request, names map[int64]string, id int64) (string, error) {
	if n, ok := names[id]; ok {
		return n, nil
	}
	u, err := s.org.Unit(r.Context(), id, s.org.Today())
	if err != nil {
		return "", err
	}
	names[id] = u.Name
	return u.Name, nil
}

func (s *Server) activities(w http.ResponseWriter, r *http.Request) error {
	p, err := s.activityPage(r, activity.Input{}, nil)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "activities", p)
}

// activityInput reads the entry form's fields (the unit aside).
func activityInput(r *http.Request) activity.Input {
	f := r.PostFormValue
	in := activity.Input{UnitCode: f("unit"), Date: f("date"), DateTo: f("date_to"), Form: f("form"), Title: f("title"),
		Tactics: r.PostForm["tactics"], Audience: r.PostForm["audience"], Links: strings.Split(f("links"), "\n"),
		Participants: f("participants"), Copies: f("copies"), Views: f("views"), Messages: f("messages"), Note: f("note"),
		Repeat: f("repeat"), Until: f("until")}
	in.DutyID, _ = strconv.ParseInt(f("duty"), 10, 64)
	return in
}

func (s *Server) activityLog(w http.ResponseWriter, r *http.Request) error {
	if err := upload.ParseForm(w, r); err != nil {
		return err
	}
	defer upload.Release(r)
	in := activityInput(r)
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
	as, err := s.activity.LogSeries(r.Context(), in)
	for i := 0; err == nil && len(ups) > 0 && i < len(as); i++ {
		err = s.activity.Attach(r.Context(), activity.Files{Dir: s.opt.UploadDir}, as[i].ID, ups)
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
	a, msg := as[0], fmt.Sprintf("Đã ghi nhận: %s (%s).", as[0].Title, vn.ShowDate(as[0].Date))
	if n := len(as); n > 1 {
		msg = fmt.Sprintf("Đã ghi nhận %d buổi “%s”, từ %s đến %s; mỗi buổi sửa hoặc xóa riêng được.", n, a.Title, vn.ShowDate(a.Date), vn.ShowDate(as[n-1].Date))
	}
	return s.redirectWithFlash(w, r, "/quan-tri/hoat-dong", "ok", msg)
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
