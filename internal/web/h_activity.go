package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// One activity's page: what it says now, the versions corrections and a
// deletion replaced, and — for those who may log for its unit — the forms
// to correct or delete it, each with a reason.

func activityID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.NotFound("Không có hoạt động này.", "No such activity.")
	}
	return id, nil
}

// typedAs is an activity as the entry form shows it.
func typedAs(a activity.Activity) activity.Input {
	n := func(x int64) string {
		if x == 0 {
			return ""
		}
		return strconv.FormatInt(x, 10)
	}
	in := activity.Input{Date: vn.ShowDate(a.Date), Form: a.Form, Title: a.Title, Themes: a.Themes, Tactics: a.Tactics, Audience: a.Audience,
		Links: a.Links, Participants: n(a.Participants), Copies: n(a.Copies), Views: n(a.Views), Messages: n(a.Messages), DutyID: a.DutyID, Note: a.Note}
	if a.DateTo != "" {
		in.DateTo = vn.ShowDate(a.DateTo)
	}
	return in
}

// historyPage builds an activity's page; in is what was typed (nil for
// the activity as it stands).
func (s *Server) historyPage(r *http.Request, id int64, in *activity.Input, fields map[string]string, reason string) (*ActivityPage, error) {
	ctx := r.Context()
	h, err := s.activity.History(ctx, id)
	if err != nil {
		return nil, err
	}
	latest := h.Latest()
	typed := typedAs(latest)
	if in != nil {
		typed = *in
	}
	p, err := s.formPage(r, typed, fields, h.UnitID)
	if err != nil {
		return nil, err
	}
	p.History, p.Reason = h, reason
	p.Title = "Hoạt động: " + shortTitle(latest.Title, 60)
	if p.UnitName, err = s.unitName(r, map[int64]string{}, h.UnitID); err != nil {
		return nil, err
	}
	if h.Current != nil {
		files, err := s.activity.FilesOf(ctx, []int64{id})
		if err != nil {
			return nil, err
		}
		p.Files = files
		p.CanEdit = h.Current.Source != "system" && s.org.Authorize(ctx, access.ActivityEdit, h.UnitID) == nil
	}
	return p, nil
}

func shortTitle(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return strings.TrimSpace(string(r[:n])) + "…"
	}
	return s
}

func (s *Server) activityShow(w http.ResponseWriter, r *http.Request) error {
	id, err := activityID(r)
	if err != nil {
		return err
	}
	p, err := s.historyPage(r, id, nil, nil, "")
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "activity", p)
}

func (s *Server) activityCorrect(w http.ResponseWriter, r *http.Request) error {
	id, err := activityID(r)
	if err != nil {
		return err
	}
	in, reason := activityInput(r), r.PostFormValue("reason")
	a, err := s.activity.Correct(r.Context(), id, in, reason)
	if fields := errs.FieldsOf(err); fields != nil {
		p, perr := s.historyPage(r, id, &in, fields, reason)
		if perr != nil {
			return perr
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "activity", p)
	} else if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, fmt.Sprintf("/quan-tri/hoat-dong/%d", id), "ok",
		fmt.Sprintf("Đã sửa hoạt động “%s” (%s); bản cũ được giữ trong lịch sử bên dưới.", a.Title, vn.ShowDate(a.Date)))
}

func (s *Server) activityDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := activityID(r)
	if err != nil {
		return err
	}
	reason := r.PostFormValue("reason")
	err = s.activity.Delete(r.Context(), id, reason)
	if fields := errs.FieldsOf(err); fields != nil {
		fields["delete_reason"] = fields["reason"]
		delete(fields, "reason")
		p, perr := s.historyPage(r, id, nil, fields, reason)
		if perr != nil {
			return perr
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "activity", p)
	} else if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, fmt.Sprintf("/quan-tri/hoat-dong/%d", id), "ok",
		"Đã xóa hoạt động: không còn được tính vào số liệu; nội dung và lý do xóa vẫn xem được ở đây.")
}
