package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
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
	CanLog     bool
	Import     *ImportReport
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
	if p.Activities, err = s.activity.List(ctx, activity.Filter{Limit: 100}); err != nil {
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
	if p.In.UnitCode == "" {
		if u, err := s.org.Unit(ctx, a.UnitID, s.org.Today()); err == nil {
			p.In.UnitCode = u.Code
		}
	}
	if p.In.Date == "" {
		p.In.Date = displayDate(s.org.Today())
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
	r.ParseForm()
	f := r.PostFormValue
	in := activity.Input{UnitCode: f("unit"), Date: f("date"), DateTo: f("date_to"), Form: f("form"), Title: f("title"),
		Tactics: r.PostForm["tactics"], Audience: r.PostForm["audience"], Links: strings.Split(f("links"), "\n"),
		Participants: f("participants"), Copies: f("copies"), Views: f("views"), Messages: f("messages"), Note: f("note")}
	a, err := s.activity.Log(r.Context(), in)
	if fields := errs.FieldsOf(err); fields != nil {
		p, perr := s.activityPage(r, in, fields)
		if perr != nil {
			return perr
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "activities", p)
	} else if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/hoat-dong", "ok", fmt.Sprintf("Đã ghi nhận: %s (%s).", a.Title, displayDate(a.Date)))
}

// FigureLabel names a reach figure.
func (p *ActivityPage) FigureLabel(f string) string {
	return map[string]string{"participants": "Số người tham dự", "copies": "Số bản phát hành", "views": "Lượt xem, tiếp cận", "messages": "Số tin nhắn"}[f]
}

// FigureValue is what was typed for a reach figure.
func (p *ActivityPage) FigureValue(f string) string {
	return map[string]string{"participants": p.In.Participants, "copies": p.In.Copies, "views": p.In.Views, "messages": p.In.Messages}[f]
}
