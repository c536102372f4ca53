package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/docgen"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/remind"
	"github.com/canhgiac/canhgiac/internal/report"
	"github.com/canhgiac/canhgiac/internal/upload"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// ReportIndexPage lists the periods and the reports the actor deals with.
type ReportIndexPage struct {
	Page
	Year      int
	Periods   []report.Period
	Units     []org.Unit // units whose reports the actor opens: own unit and grant scopes
	CanAsk    bool       // may request ad hoc reports
	Requester org.Unit   // the unit asking (the first grant scope)
	Children  []org.Unit // who can be asked
	Req       report.Request
	Fields    map[string]string
}

func (s *Server) reportIndex(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	year, _ := strconv.Atoi(r.URL.Query().Get("nam"))
	if year < 2000 || year > 2100 {
		year = vn.In(s.clock.Now()).Year()
	}
	ps, err := s.report.Periods(ctx, year)
	if err != nil {
		return err
	}
	units, err := s.org.UnitsOf(ctx, access.From(ctx))
	if err != nil {
		return err
	}
	p := &ReportIndexPage{Page: Page{Title: "Báo cáo định kỳ", Nav: "reports"}, Year: year, Periods: ps, Units: units}
	if err := s.askForm(r, p); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "reports", p)
}

// askForm fills the ad hoc request form for a reviewer: the unit that asks
// is the widest unit they review, and they may ask its direct sub-units.
func (s *Server) askForm(r *http.Request, p *ReportIndexPage) error {
	ctx := r.Context()
	for _, u := range p.Units {
		if s.org.Authorize(ctx, access.ReportReview, u.ID) == nil && u.ID != access.From(ctx).UnitID {
			p.CanAsk, p.Requester = true, u
			kids, err := s.org.ChildrenOf(ctx, u.Code, s.org.Today())
			if err != nil {
				return err
			}
			p.Children = kids
			return nil
		}
	}
	return nil
}

func (s *Server) reportRequest(w http.ResponseWriter, r *http.Request) error {
	if err := upload.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostFormValue
	in := report.Request{Unit: f("unit"), Kind: f("kind"), Name: f("name"), From: f("from"), To: f("to"), Due: f("due"), UnitCodes: r.PostForm["units"]}
	per, err := s.report.RequestReports(r.Context(), in)
	if fields := errs.FieldsOf(err); fields != nil {
		year := vn.In(s.clock.Now()).Year()
		ps, perr := s.report.Periods(r.Context(), year)
		if perr != nil {
			return perr
		}
		p := &ReportIndexPage{Page: Page{Title: "Báo cáo định kỳ", Nav: "reports"}, Year: year, Periods: ps, Req: in, Fields: fields}
		if p.Units, err = s.org.UnitsOf(r.Context(), access.From(r.Context())); err != nil {
			return err
		}
		if err := s.askForm(r, p); err != nil {
			return err
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "reports", p)
	} else if err != nil {
		return err
	}
	// Name every unit asked, so that the person sees the request reached
	// each one they ticked.
	names := make([]string, 0, len(per.Units))
	for _, id := range per.Units {
		u, err := s.org.Unit(r.Context(), id, s.org.Today())
		if err != nil {
			return fmt.Errorf("unit %d asked for %s: %w", id, per.Code, err)
		}
		names = append(names, u.Name)
	}
	return s.redirectWithFlash(w, r, "/quan-tri/bao-cao/"+in.Unit+"/"+per.Code, "ok",
		fmt.Sprintf("Đã yêu cầu %d đơn vị gửi %s trước ngày %s: %s.", len(per.Units), per.Name, vn.ShowDate(per.Due), strings.Join(names, "; ")))
}

// ReportPage is one unit's report for one period, with its sub-units' rows.
type ReportPage struct {
	Page
	R         *report.Report
	Fields    map[string]string
	CanEdit   bool
	CanSign   bool
	CanSubmit bool
	CanReview bool
	Forms     []activity.Form
	Files     []activity.File
	Changes   []activity.Change // activities changed after the report was sent
	// Urges says how often each sub-unit was urged to send this period's
	// report; CanUrge whether the reader may urge the late ones.
	Urges   map[int64]remind.Tally
	CanUrge bool
	Drift   *report.Drift // how today's figures differ from those sent, nil when they agree
}

// FormLabel names a form of outreach.
func (p *ReportPage) FormLabel(code string) string { return activity.FormLabel(code) }

// Percent writes a share as "85,7 %".
func (p *ReportPage) Percent(n, of int) string { return vn.Share(n, of) }

func (s *Server) reportPage(r *http.Request, rep *report.Report, fields map[string]string) *ReportPage {
	ctx := r.Context()
	editable := rep.Status == report.StatusDraft || rep.Status == report.StatusReturned || rep.Status == report.StatusSigned
	p := &ReportPage{Page: Page{Title: rep.Period.Name + " — " + rep.UnitName, Nav: "reports"}, R: rep, Fields: fields, Forms: activity.Forms,
		// A draft not stored yet (ID 0) is stored by the first write.
		CanEdit:   editable && s.org.Authorize(ctx, access.ReportEdit, rep.UnitID) == nil,
		CanSign:   (rep.Status == report.StatusDraft || rep.Status == report.StatusReturned) && s.org.Authorize(ctx, access.ReportSign, rep.UnitID) == nil,
		CanSubmit: rep.Status == report.StatusSigned && s.org.Authorize(ctx, access.ReportEdit, rep.UnitID) == nil,
		CanReview: rep.Status.Received() && s.report.MayReview(ctx, rep) == nil}
	if rep.Figures != nil && len(rep.Figures.Rows) > 0 {
		p.CanUrge = s.mayUrge(r, rep.UnitID)
		if urges, err := s.remind.Urges(ctx, reportMatter(rep).Key); err == nil {
			p.Urges = urges
		} else {
			s.log.Error("report page: urges", "err", err)
		}
	}
	return p
}

// openReport is for the handlers that write: the draft is stored first.
func (s *Server) openReport(r *http.Request) (*report.Report, error) {
	return s.report.Open(r.Context(), r.PathValue("unit"), r.PathValue("period"))
}

// showReport is for reads: a report not yet written is shown unsaved.
func (s *Server) showReport(r *http.Request) (*report.Report, error) {
	return s.report.Show(r.Context(), r.PathValue("unit"), r.PathValue("period"))
}

func (s *Server) reportView(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.showReport(r)
	if err != nil {
		return err
	}
	p := s.reportPage(r, rep, nil)
	if rep.ID != 0 {
		if p.Files, err = s.report.Attachments(r.Context(), rep.ID); err != nil {
			return err
		}
	}
	if p.Changes, err = s.report.ChangedAfterSending(r.Context(), rep); err != nil {
		return err
	}
	if p.Drift, err = s.report.Drift(r.Context(), rep); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "report", p)
}

func (s *Server) reportAttach(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.openReport(r)
	if err != nil {
		return err
	}
	if rep.ID == 0 {
		return errs.ErrForbidden
	}
	if err := upload.ParseForm(w, r); err != nil {
		return err
	}
	defer upload.Release(r)
	ups, err := upload.Files(r, "files", upload.Evidence)
	if f := errs.FieldsOf(err); f != nil {
		return s.render(w, r, http.StatusUnprocessableEntity, "report", s.reportPage(r, rep, f))
	} else if err != nil {
		return err
	}
	if len(ups) == 0 {
		return s.render(w, r, http.StatusUnprocessableEntity, "report", s.reportPage(r, rep, map[string]string{"files": "Vui lòng chọn tệp để đính kèm."}))
	}
	err = s.report.Attach(r.Context(), activity.Files{Dir: s.opt.UploadDir}, rep.ID, ups)
	if f := errs.FieldsOf(err); f != nil {
		return s.render(w, r, http.StatusUnprocessableEntity, "report", s.reportPage(r, rep, f))
	} else if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, reportURL(rep), "ok", fmt.Sprintf("Đã đính kèm %d tệp.", len(ups)))
}

func (s *Server) reportFile(w http.ResponseWriter, r *http.Request) error {
	f, b, err := s.report.Attachment(r.Context(), activity.Files{Dir: s.opt.UploadDir}, r.PathValue("sum"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", f.Type)
	w.Header().Set("Content-Disposition", `inline; filename*=UTF-8''`+url.PathEscape(f.Name))
	w.Header().Set("Cache-Control", "private, max-age=3600")
	_, err = w.Write(b)
	return err
}

func reportURL(rep *report.Report) string {
	return "/quan-tri/bao-cao/" + rep.UnitCode + "/" + rep.Period.Code
}

func (s *Server) reportSave(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.openReport(r)
	if err != nil {
		return err
	}
	f := r.PostFormValue
	n := report.Narrative{Results: f("results"), Shortcomings: f("shortcomings"), Causes: f("causes"), NextTasks: f("next_tasks"), Proposals: f("proposals")}
	if rep.ID == 0 {
		return errs.ErrForbidden
	}
	saved, err := s.report.SaveNarrative(r.Context(), rep.ID, n)
	if err != nil {
		if errs.KindOf(err) == errs.KindConflict {
			rep.Narrative = n
			p := s.reportPage(r, rep, map[string]string{"results": err.(*errs.Error).VI})
			return s.render(w, r, http.StatusConflict, "report", p)
		}
		if f := errs.FieldsOf(err); f != nil { // too long: shown again as typed
			rep.Narrative = n
			return s.render(w, r, http.StatusUnprocessableEntity, "report", s.reportPage(r, rep, f))
		}
		return err
	}
	return s.redirectWithFlash(w, r, reportURL(saved), "ok", "Đã lưu nội dung báo cáo.")
}

// reportAction runs one workflow step and shows its outcome.
func (s *Server) reportAction(step string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		rep, err := s.openReport(r)
		if err != nil {
			return err
		}
		if rep.ID == 0 {
			return errs.ErrForbidden
		}
		ctx := r.Context()
		var out *report.Report
		msg := ""
		switch step {
		case "sign":
			out, err = s.report.Sign(ctx, rep.ID)
			msg = "Lãnh đạo đã ký báo cáo. Bấm “Gửi báo cáo” để gửi cấp trên."
		case "submit":
			out, err = s.report.Submit(ctx, rep.ID)
			msg = "Đã gửi báo cáo; số liệu đã được chốt tại thời điểm gửi."
		case "accept":
			out, err = s.report.Accept(ctx, rep.ID)
			msg = "Đã tiếp nhận báo cáo."
		case "return":
			out, err = s.report.Return(ctx, rep.ID, r.PostFormValue("comment"))
			msg = "Đã trả lại báo cáo kèm ý kiến."
		}
		if f := errs.FieldsOf(err); f != nil {
			return s.render(w, r, http.StatusUnprocessableEntity, "report", s.reportPage(r, rep, f))
		} else if err != nil {
			return err
		}
		if step == "accept" || step == "return" {
			if err := s.remind.ReportReviewed(ctx, out.UnitID, out.UnitName, out.Period.Code, out.Period.Name, reportURL(out), step == "return", out.Comment, out.UpdatedAt); err != nil {
				s.log.Error("report reviewed: notices", "report", out.ID, "err", err)
			}
		}
		return s.redirectWithFlash(w, r, reportURL(out), "ok", msg)
	}
}

func (s *Server) reportDownload(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.showReport(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	format := r.PathValue("format")
	switch format {
	case "docx":
		doc, err := s.report.Document(r.Context(), rep)
		if err != nil {
			return err
		}
		if err := docgen.WriteDOCX(&buf, doc); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	case "xlsx":
		if err := s.report.WriteXLSX(r.Context(), &buf, rep); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	default:
		return errs.NotFound("Chỉ tải về dạng .docx hoặc .xlsx.", "Only .docx or .xlsx.")
	}
	name := fmt.Sprintf("bao-cao-%s-%s.%s", fileSafe(rep.UnitCode), strings.ToLower(rep.Period.Code), format)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"; filename*=UTF-8''`+url.PathEscape(name))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(buf.Bytes())
	return err
}

// SectionLabel names a narrative section.
func (p *ReportPage) SectionLabel(k string) string {
	return map[string]string{"results": "Kết quả đạt được", "shortcomings": "Tồn tại, hạn chế", "causes": "Nguyên nhân", "next_tasks": "Phương hướng, nhiệm vụ", "proposals": "Đề xuất, kiến nghị"}[k]
}

// SectionText is a narrative section's text.
func (p *ReportPage) SectionText(k string) string {
	n := p.R.Narrative
	return map[string]string{"results": n.Results, "shortcomings": n.Shortcomings, "causes": n.Causes, "next_tasks": n.NextTasks, "proposals": n.Proposals}[k]
}
