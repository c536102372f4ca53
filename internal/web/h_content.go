package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/content"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/remind"
	"github.com/canhgiac/canhgiac/internal/upload"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// The console's content desk: editors write, reviewers publish.

// ContentListPage lists the items the user may write or review.
type ContentListPage struct {
	Page
	Items     []*content.Item
	Kind      string
	State     string
	Kinds     []content.Kind
	CanReview bool
}

func (s *Server) contentList(w http.ResponseWriter, r *http.Request) error {
	if a := access.From(r.Context()); a == nil || !(a.Has(access.ContentEdit) || a.Has(access.ContentReview)) {
		return errs.ErrForbidden
	}
	q := r.URL.Query()
	p := &ContentListPage{Page: Page{Title: "Nội dung", Nav: "content"}, Kind: q.Get("loai"), State: q.Get("trang-thai"), Kinds: content.Kinds}
	var err error
	if p.Items, err = s.content.List(r.Context(), content.ListFilter{Kind: content.Kind(p.Kind), State: content.State(p.State), Limit: 300}); err != nil {
		return err
	}
	a := access.From(r.Context())
	p.CanReview = a != nil && a.Has(access.ContentReview)
	return s.render(w, r, http.StatusOK, "content_list", p)
}

// ContentEditPage is the editor's form.
type ContentEditPage struct {
	Page
	Item       *content.Item // nil when creating
	In         content.Input
	Lines      map[string]string // list fields as one line per entry
	Fields     map[string]string
	Removed    []string
	Units      []org.Unit
	Tactics    []content.Option
	Audiences  []content.Option
	Severities []content.Option
	Urgencies  []content.Option
	Channels   []content.Option
	Provinces  []string
}

// Has reports whether a list field holds a code, for check boxes.
func (p *ContentEditPage) Has(list []string, code string) bool {
	for _, x := range list {
		if x == code {
			return true
		}
	}
	return false
}

func (s *Server) contentForm(w http.ResponseWriter, r *http.Request, p *ContentEditPage, status int) error {
	ctx := r.Context()
	p.Units = s.choices(r, access.ContentEdit)
	ts, err := s.activity.Tactics(ctx)
	if err != nil {
		return err
	}
	p.Tactics = nil
	for _, t := range ts {
		p.Tactics = append(p.Tactics, content.Option{Code: t.Code, Label: t.Name})
	}
	p.Audiences, p.Severities, p.Urgencies, p.Channels, p.Provinces = content.Audiences, content.Severities, content.Urgencies, content.Channels, vn.Provinces()
	p.Nav = "content"
	if p.Lines == nil {
		f := p.In.Fields
		p.Lines = map[string]string{"signs": strings.Join(f.Signs, "\n"), "protect": strings.Join(f.Protect, "\n"), "if_caught": strings.Join(f.IfCaught, "\n"),
			"examples": strings.Join(f.Examples, "\n"), "legal_basis": strings.Join(f.LegalBasis, "\n"), "keywords": strings.Join(f.Keywords, ", ")}
	}
	return s.render(w, r, status, "content_edit", p)
}

func (s *Server) contentNew(w http.ResponseWriter, r *http.Request) error {
	k := content.Kind(r.URL.Query().Get("loai"))
	if !k.Valid() {
		k = content.KindWarning
	}
	p := &ContentEditPage{Page: Page{Title: "Viết " + strings.ToLower(k.Label())}, In: content.Input{Kind: k}}
	if a := access.From(r.Context()); a != nil {
		if u, err := s.org.Unit(r.Context(), a.UnitID, s.org.Today()); err == nil {
			p.In.UnitCode = u.Code
		}
	}
	return s.contentForm(w, r, p, http.StatusOK)
}

func (s *Server) contentEdit(w http.ResponseWriter, r *http.Request) error {
	it, err := s.contentItem(r)
	if err != nil {
		return err
	}
	p := &ContentEditPage{Page: Page{Title: "Sửa: " + it.Title}, Item: it, In: content.Input{ID: it.ID, Kind: it.Kind, Slug: it.Slug, Title: it.Title, Summary: it.Summary, Body: it.BodyHTML, Fields: it.Fields}}
	return s.contentForm(w, r, p, http.StatusOK)
}

func (s *Server) contentItem(r *http.Request) (*content.Item, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, errs.ErrNotFound
	}
	return s.content.Get(r.Context(), id)
}

func (s *Server) contentSave(w http.ResponseWriter, r *http.Request) error {
	if err := upload.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostFormValue
	in := content.Input{Kind: content.Kind(f("kind")), UnitCode: f("unit"), Slug: f("slug"), Title: f("title"), Summary: f("summary"), Body: f("body")}
	if id := r.PathValue("id"); id != "" {
		in.ID, _ = strconv.ParseInt(id, 10, 64)
	}
	var kw []string
	for _, k := range strings.Split(f("keywords"), ",") {
		if k = strings.TrimSpace(k); k != "" {
			kw = append(kw, k)
		}
	}
	in.Fields = content.Fields{Category: f("category"), Signs: lines(f("signs")), Protect: lines(f("protect")), IfCaught: lines(f("if_caught")), Examples: lines(f("examples")),
		LegalBasis: lines(f("legal_basis")), Audiences: r.PostForm["audiences"], FirstSeen: f("first_seen"), IsNew: f("is_new") == "on", Keywords: kw,
		Severity: f("severity"), Urgency: f("urgency"), Area: f("area"), ValidFrom: f("valid_from"), ValidUntil: f("valid_until"), Channels: r.PostForm["channels"], Tactic: f("tactic"),
		Number: f("number"), DocKind: f("doc_kind"), Issuer: f("issuer"), Issued: f("issued"), Effective: f("effective"),
		Unit: f("practice_unit"), Person: f("person"), Reason: f("reason"), Date: f("date")}
	it, removed, err := s.content.Save(r.Context(), in)
	if fields := errs.FieldsOf(err); fields != nil {
		p := &ContentEditPage{Page: Page{Title: "Sửa nội dung"}, In: in, Fields: fields,
			Lines: map[string]string{"signs": f("signs"), "protect": f("protect"), "if_caught": f("if_caught"), "examples": f("examples"), "legal_basis": f("legal_basis"), "keywords": f("keywords")}}
		if in.ID != 0 {
			p.Item, _ = s.content.Get(r.Context(), in.ID)
		}
		return s.contentForm(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	msg := "Đã lưu bản nháp (phiên bản " + strconv.Itoa(it.CurrentVersion) + ")."
	if len(removed) > 0 {
		msg += " Đã bỏ phần không an toàn khỏi nội dung: " + strings.Join(removed, ", ") + "."
	}
	return s.redirectWithFlash(w, r, "/quan-tri/noi-dung/"+strconv.FormatInt(it.ID, 10), "ok", msg)
}

// ContentViewPage shows an item with its versions and what may be done.
type ContentViewPage struct {
	Page
	Files     []activity.File
	Item      *content.Item
	Body      template.HTML
	Versions  []content.Version
	CanEdit   bool
	CanReview bool
	Public    string
	Pending   map[string]bool // files the public does not see until the next publication
}

func (s *Server) contentView(w http.ResponseWriter, r *http.Request) error {
	it, err := s.contentItem(r)
	if err != nil {
		return err
	}
	p := &ContentViewPage{Page: Page{Title: it.Title, Nav: "content"}, Item: it, Body: template.HTML(it.BodyHTML)}
	if p.Versions, err = s.content.Versions(r.Context(), it.ID); err != nil {
		return err
	}
	if p.Files, err = s.content.Attachments(r.Context(), it.ID); err != nil {
		return err
	}
	if p.Pending, err = s.content.PendingAttachments(r.Context(), it.ID); err != nil {
		return err
	}
	p.CanEdit = s.org.Authorize(r.Context(), access.ContentEdit, it.UnitID) == nil
	p.CanReview = s.org.Authorize(r.Context(), access.ContentReview, it.UnitID) == nil
	if it.Live() {
		p.Public = "/" + it.Kind.Path() + "/" + it.Slug
	}
	return s.render(w, r, http.StatusOK, "content_view", p)
}

func (s *Server) contentAction(w http.ResponseWriter, r *http.Request) error {
	it, err := s.contentItem(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	var msg string
	switch r.PathValue("action") {
	case "gui-duyet":
		_, err = s.content.Submit(ctx, it.ID)
		msg = "Đã gửi duyệt."
	case "tra-lai":
		_, err = s.content.Return(ctx, it.ID, r.PostFormValue("note"))
		msg = "Đã trả lại cho người viết."
	case "dang":
		var at time.Time
		if v := strings.TrimSpace(r.PostFormValue("at")); v != "" {
			t, perr := time.ParseInLocation("2006-01-02T15:04", v, vnZone)
			if perr != nil {
				return errs.InvalidField("at", "Thời điểm đăng ghi theo dạng ngày giờ, ví dụ 2026-12-01 08:00.")
			}
			at = t
		}
		var pub *content.Item
		pub, err = s.content.Publish(ctx, it.ID, at)
		if err == nil && pub.Scheduled() {
			msg = "Đã hẹn đăng lúc " + pub.ScheduledAt.In(vnZone).Format("15:04 02/01/2006") + "."
		} else {
			msg = "Đã đăng lên cổng thông tin. Mã xác minh: " + it.Code
			if pub != nil {
				msg = "Đã đăng lên cổng thông tin. Mã xác minh: " + pub.Code
			}
		}
	case "luu-tru":
		_, err = s.content.Archive(ctx, it.ID)
		msg = "Đã gỡ khỏi cổng (lưu trữ)."
	default:
		return errs.ErrNotFound
	}
	if err != nil {
		return err
	}
	if r.PathValue("action") == "gui-duyet" {
		s.tellReviewers(r, remind.Event{Kind: remind.KindContentReview, Key: fmt.Sprintf("content:%d:%d", it.ID, s.clock.Now().UnixMicro()),
			Text: "Nội dung chờ duyệt: “" + it.Title + "” đã được gửi duyệt; hãy xem, đăng hoặc trả lại cho người viết.", Link: "/quan-tri/noi-dung/" + strconv.FormatInt(it.ID, 10)},
			it.UnitID, access.RoleLeader, access.RoleCoordinator)
	}
	return s.redirectWithFlash(w, r, "/quan-tri/noi-dung/"+strconv.FormatInt(it.ID, 10), "ok", msg)
}

// QuizListPage lists the quizzes.
type QuizListPage struct {
	Page
	Quizzes []content.Quiz
}

func (s *Server) quizList(w http.ResponseWriter, r *http.Request) error {
	p := &QuizListPage{Page: Page{Title: "Trắc nghiệm", Public: true}}
	var err error
	if p.Quizzes, err = s.content.Quizzes(r.Context(), ""); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "quiz_list", p)
}

// QuizPage is a quiz to take, or its result.
type QuizPage struct {
	Page
	Quiz    *content.Quiz
	Result  *content.Result
	Chosen  map[int]int
	Missing string
}

// Picked reports whether choice j of question i was chosen.
func (p *QuizPage) Picked(i, j int) bool {
	v, ok := p.Chosen[i]
	return ok && v == j
}

func (s *Server) quizForm(w http.ResponseWriter, r *http.Request) error {
	q, err := s.content.Quiz(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "quiz", &QuizPage{Page: Page{Title: q.Title, Public: true}, Quiz: q})
}

func (s *Server) quizTake(w http.ResponseWriter, r *http.Request) error {
	q, err := s.content.Quiz(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if err := upload.ParseForm(w, r); err != nil {
		return err
	}
	p := &QuizPage{Page: Page{Title: q.Title, Public: true}, Quiz: q, Chosen: map[int]int{}}
	answers := make([]int, len(q.Questions))
	var missing []string
	for i := range q.Questions {
		v, err := strconv.Atoi(r.PostFormValue("q" + strconv.Itoa(i)))
		if err != nil {
			missing = append(missing, strconv.Itoa(i+1))
			answers[i] = -1
			continue
		}
		answers[i] = v
		p.Chosen[i] = v
	}
	if len(missing) > 0 {
		p.Missing = trf(r, "Bạn chưa trả lời câu %s.", strings.Join(missing, ", "))
		return s.render(w, r, http.StatusUnprocessableEntity, "quiz", p)
	}
	if p.Result, err = s.content.Take(r.Context(), q.Slug, answers); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "quiz", p)
}

// contentAttach adds files (a legal document's text, an infographic).
func (s *Server) contentAttach(w http.ResponseWriter, r *http.Request) error {
	it, err := s.contentItem(r)
	if err != nil {
		return err
	}
	if err := upload.ParseForm(w, r); err != nil {
		return err
	}
	defer upload.Release(r)
	ups, err := upload.Files(r, "files", upload.Evidence)
	if err != nil {
		return err
	}
	if len(ups) == 0 {
		return errs.InvalidField("files", "Chọn tệp để đính kèm (ảnh JPEG, PNG hoặc PDF).")
	}
	if err := s.content.Attach(r.Context(), activity.Files{Dir: s.opt.UploadDir}, it.ID, ups); err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/noi-dung/"+strconv.FormatInt(it.ID, 10), "ok", "Đã đính kèm tệp.")
}

// contentFile serves an item's file: to anyone for a live item.
func (s *Server) contentFile(w http.ResponseWriter, r *http.Request) error {
	f, b, err := s.content.Attachment(r.Context(), activity.Files{Dir: s.opt.UploadDir}, r.PathValue("sum"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", f.Type)
	w.Header().Set("Content-Disposition", `inline; filename*=UTF-8''`+url.PathEscape(f.Name))
	_, err = w.Write(b)
	return err
}
