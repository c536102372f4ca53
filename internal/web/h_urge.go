package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/remind"
	"github.com/canhgiac/canhgiac/internal/report"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// lateUnit is a unit one may urge, with since when it is late.
type lateUnit struct {
	ID    int64
	Since string // YYYY-MM-DD
}

// planMatter is what the units of a plan's compliance view are urged about.
func planMatter(p *plan.Plan) remind.Matter {
	return remind.Matter{Key: fmt.Sprintf("plan:%d", p.SeriesID), What: "ban hành kế hoạch thực hiện Kế hoạch số " + p.Label(), Since: p.PlanDeadline,
		Link: func(org.Unit) string { return fmt.Sprintf("/quan-tri/ke-hoach/%d", p.ID) }}
}

// reportMatter is what the units of a report aggregate are urged about.
func reportMatter(rep *report.Report) remind.Matter {
	code := rep.Period.Code
	return remind.Matter{Key: "report:" + code, What: "gửi " + lowerFirst(rep.Period.Name), Since: rep.Period.Due,
		Link: func(u org.Unit) string { return "/quan-tri/bao-cao/" + u.Code + "/" + code }}
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToLower(string(r[0])) + string(r[1:])
}

// planLate says whether a unit of the compliance view is late: nothing
// issued, or only a draft, after the deadline.
func planLate(r plan.ComplianceRow) bool {
	return r.State == plan.StateMissing || (r.State == plan.StateDrafting && r.DaysLate > 0)
}

// planUrge urges the chosen late units of a plan's compliance view.
func (s *Server) planUrge(w http.ResponseWriter, r *http.Request) error {
	id, err := planID(r)
	if err != nil {
		return err
	}
	c, err := s.plan.Compliance(r.Context(), id)
	if err != nil {
		return err
	}
	late := map[string]lateUnit{}
	for _, row := range c.Rows {
		if planLate(row) {
			late[row.Unit.Code] = lateUnit{ID: row.Unit.ID, Since: c.Plan.PlanDeadline}
		}
	}
	back := fmt.Sprintf("/quan-tri/ke-hoach/%d/trien-khai", id)
	return s.urge(w, r, c.Plan.UnitID, planMatter(c.Plan), late, back)
}

// reportUrge urges the chosen sub-units that have not sent a period's
// report, from the unit's aggregate.
func (s *Server) reportUrge(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.showReport(r)
	if err != nil {
		return err
	}
	late := map[string]lateUnit{}
	if rep.Figures != nil {
		today := s.org.Today()
		for _, row := range rep.Figures.Rows {
			if row.State == report.StateMissing {
				late[row.Code] = lateUnit{ID: row.UnitID, Since: sinceDays(today, row.DaysLate)}
			}
		}
	}
	return s.urge(w, r, rep.UnitID, reportMatter(rep), late, reportURL(rep))
}

// sinceDays is the day n days before today.
func sinceDays(today string, n int) string {
	d, err := vn.ParseISODate(today)
	if err != nil {
		return today
	}
	return vn.ISODate(d.AddDate(0, 0, -n))
}

// urge sends the urges for the units chosen in the form, which must be among
// the late ones, and says on the page what was sent and what had been
// already today.
func (s *Server) urge(w http.ResponseWriter, r *http.Request, above int64, m remind.Matter, late map[string]lateUnit, back string) error {
	if !s.mayUrge(r, above) {
		return errs.ErrForbidden
	}
	if err := r.ParseForm(); err != nil {
		return errs.InvalidField("units", "Không đọc được biểu mẫu.")
	}
	codes := r.PostForm["units"]
	if len(codes) == 0 {
		return s.redirectWithFlash(w, r, back, "warn", "Chưa chọn đơn vị nào: hãy đánh dấu các đơn vị chậm cần đôn đốc rồi bấm “Đôn đốc”.")
	}
	// The earliest deadline missed among the chosen names "since when"
	// for each; a unit of a sub-unit's earlier due date keeps its own.
	byDay := map[string][]int64{}
	var notLate []string
	for _, code := range codes {
		lu, ok := late[code]
		if !ok {
			notLate = append(notLate, code)
			continue
		}
		byDay[lu.Since] = append(byDay[lu.Since], lu.ID)
	}
	if len(notLate) > 0 {
		return s.redirectWithFlash(w, r, back, "warn", "Không đôn đốc: "+strings.Join(notLate, ", ")+" không chậm việc này (hoặc không thuộc danh sách). Chỉ đôn đốc được các đơn vị đang chậm.")
	}
	var sent, already []string
	days := make([]string, 0, len(byDay))
	for d := range byDay {
		days = append(days, d)
	}
	slices.Sort(days)
	for _, d := range days {
		mm := m
		if d != "" {
			mm.Since = d
		}
		res, err := s.remind.Urge(r.Context(), mm, byDay[d])
		if err != nil {
			return err
		}
		for _, u := range res.Sent {
			sent = append(sent, u.Name)
		}
		for _, u := range res.Already {
			already = append(already, u.Name)
		}
	}
	var msg []string
	kind := "ok"
	if len(sent) > 0 {
		msg = append(msg, fmt.Sprintf("Đã đôn đốc %d đơn vị: %s.", len(sent), strings.Join(sent, "; ")))
	}
	if len(already) > 0 {
		msg = append(msg, "Hôm nay đã đôn đốc "+strings.Join(already, "; ")+" về việc này; mỗi đơn vị chỉ được đôn đốc một lần mỗi ngày cho một việc, nên không gửi lại.")
		if len(sent) == 0 {
			kind = "warn"
		}
	}
	return s.redirectWithFlash(w, r, back, kind, strings.Join(msg, " "))
}

// mayUrge reports whether the actor may urge units below unitID.
func (s *Server) mayUrge(r *http.Request, unitID int64) bool {
	return access.From(r.Context()).Has(access.Urge) && s.org.Authorize(r.Context(), access.Urge, unitID) == nil
}
