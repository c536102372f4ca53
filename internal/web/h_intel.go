package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/edge"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
	"github.com/canhgiac/canhgiac/internal/qrscan"
	"github.com/canhgiac/canhgiac/internal/remind"
	"github.com/canhgiac/canhgiac/internal/upload"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// CheckPage is the public check: paste a number, a link or an account.
type CheckPage struct {
	Page
	Query  string
	Answer *intel.Answer
	// FromQR: the query was read from a photographed QR code; QRError
	// says why a photograph gave nothing to check.
	FromQR  bool
	QRError string
}

// qrPhoto is what the QR field takes: one photograph or screenshot.
var qrPhoto = upload.Rules{Types: []upload.Type{upload.JPEG, upload.PNG}, MaxFile: 8 << 20, MaxFiles: 1}

// noQR is told when no code could be read in a photograph.
const noQR = "Không đọc được mã QR — hãy chụp thẳng, đủ sáng, mã nằm trọn trong khung."

// checkPhoto checks what a photographed QR code holds: a VietQR code as
// its bank account, a link as a link, a number as a number. The picture
// goes through the one upload guard and is not kept.
func (s *Server) checkPhoto(w http.ResponseWriter, r *http.Request) error {
	if err := upload.ParseForm(w, r); err != nil {
		return err
	}
	defer upload.Release(r)
	p := &CheckPage{Page: Page{Title: "Tra cứu", Public: true}, Query: strings.TrimSpace(r.PostFormValue("q"))}
	files, err := upload.Files(r, "qr", qrPhoto)
	switch {
	case errs.FieldsOf(err) != nil:
		p.QRError = errs.FieldsOf(err)["qr"]
	case err != nil:
		return err
	case len(files) == 0:
		p.QRError = "Chưa chọn ảnh: hãy chụp hoặc chọn ảnh có mã QR."
	}
	if p.QRError == "" {
		text, err := qrscan.DecodeBytes(files[0].Data())
		if err != nil {
			p.QRError = noQR
		} else {
			p.Query, p.FromQR = text, true
		}
	}
	if p.QRError != "" {
		return s.render(w, r, http.StatusUnprocessableEntity, "check", p)
	}
	a := s.intel.Checker().Check(p.Query)
	if err := s.intel.Checker().Details(r.Context(), &a); err != nil {
		return err
	}
	p.Answer = &a
	return s.render(w, r, http.StatusOK, "check", p)
}

func (s *Server) checkPage(w http.ResponseWriter, r *http.Request) error {
	p := &CheckPage{Page: Page{Title: "Tra cứu", Public: true}, Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if p.Query != "" {
		a := s.intel.Checker().Check(p.Query)
		if err := s.intel.Checker().Details(r.Context(), &a); err != nil {
			return err
		}
		p.Answer = &a
	}
	return s.render(w, r, http.StatusOK, "check", p)
}

// TipPage is the public report form.
type TipPage struct {
	Page
	In      intel.TipInput
	Lines   string
	Fields  map[string]string
	Tactics []activity.Tactic
}

// Provinces are the choices of the province picker.
func (*TipPage) Provinces() []string { return vn.Provinces() }

// deviceCookie is the portal's long-lived device id, signed by the server
// (intel.Service.DeviceCookie): tips from one browser count as one reporter
// however many addresses it comes from. The server keeps only its keyed
// hash (intel.Service.ReporterKey).
const deviceCookie = "cg_thiet_bi"

// device returns the request's device id, setting a new one when it has
// none, or one the server did not sign; a tip sent without a valid cookie
// counts with the other cookie-less ones as one device.
func (s *Server) device(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(deviceCookie); err == nil {
		if id := s.intel.DeviceOf(c.Value); id != "" {
			return id
		}
	}
	s.setCookie(w, deviceCookie, s.intel.DeviceCookie(), 2*365*24*3600)
	return ""
}

func (s *Server) tipForm(w http.ResponseWriter, r *http.Request) error {
	s.device(w, r)
	p := &TipPage{Page: Page{Title: "Tố giác lừa đảo", Public: true}}
	var err error
	if p.Tactics, err = s.activity.Tactics(r.Context()); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "tip", p)
}

func (s *Server) tipSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := upload.ParseForm(w, r); err != nil {
		return err
	}
	defer upload.Release(r)
	f := r.PostFormValue
	in := intel.TipInput{Indicators: strings.Split(f("indicators"), "\n"), Tactic: f("tactic"), HappenedOn: f("happened_on"), MoneyLost: f("money_lost"),
		Description: f("description"), Province: f("province"), Commune: f("commune"), Contact: f("contact"), Consent: f("consent") == "on", Website: f("website"), IP: edge.ClientIP(r), Device: s.device(w, r)}
	// The address's limit comes before any file is looked at: a refused
	// sender must not get the server to decode pictures.
	err := s.intel.TipLimit(r.Context(), in.IP)
	var files []upload.File
	if err == nil {
		files, err = upload.Files(r, "files", upload.Evidence)
	}
	var tip *intel.Tip
	if err == nil {
		tip, err = s.intel.Submit(r.Context(), in)
	}
	if err == nil && len(files) > 0 {
		err = s.intel.Attach(r.Context(), activity.Files{Dir: s.opt.UploadDir}, tip.ID, files)
	}
	if fields := errs.FieldsOf(err); fields != nil || errs.KindOf(err) == errs.KindTooMany {
		if fields["files"] != "" {
			fields["files"] = tr(r, fields["files"]) + " " + tr(r, "Các ô khác vẫn giữ nguyên; hãy chọn lại tệp.")
		}
		p := &TipPage{Page: Page{Title: "Tố giác lừa đảo", Public: true}, In: in, Lines: f("indicators"), Fields: fields}
		if fields == nil {
			p.Fields = map[string]string{"indicators": err.(*errs.Error).Message(state(r).lang)}
		}
		p.Tactics, _ = s.activity.Tactics(r.Context())
		return s.render(w, r, edge.Status(err), "tip", p)
	} else if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/to-giac/"+tip.Code, "ok", trf(r, "Đã nhận tố giác của bạn. Hãy lưu mã theo dõi %s để xem kết quả xử lý.", tip.Code))
}

// TipStatusPage shows a report's outcome to its author.
type TipStatusPage struct {
	Page
	Tip    *intel.Tip
	Text   string            // an addition being written, kept on error
	Fields map[string]string // field errors
}

func (s *Server) tipStatus(w http.ResponseWriter, r *http.Request) error {
	t, err := s.intel.TipByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "tip_status", &TipStatusPage{Page: Page{Title: trf(r, "Tố giác %s", t.Code), Public: true}, Tip: t})
}

// communes answers the report form's commune list for a province, as
// JSON, so the browser can offer the names while typing (the form works
// without it: the server resolves whatever is typed).
func (s *Server) communes(w http.ResponseWriter, r *http.Request) error {
	cs := vn.Communes(r.URL.Query().Get("tinh"))
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	return edge.WriteJSON(w, names)
}

func (s *Server) tipAdd(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	if err := s.intel.AddToTip(r.Context(), code, r.PostFormValue("text")); err != nil {
		if errs.FieldsOf(err) == nil {
			return err
		}
		t, terr := s.intel.TipByCode(r.Context(), code)
		if terr != nil {
			return terr
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "tip_status", &TipStatusPage{Page: Page{Title: trf(r, "Tố giác %s", t.Code), Public: true}, Tip: t, Text: r.PostFormValue("text"), Fields: errs.FieldsOf(err)})
	}
	return s.redirectWithFlash(w, r, "/to-giac/"+strings.ToUpper(strings.TrimSpace(code)), "ok", "Đã nhận nội dung bổ sung; tố giác trở lại hàng chờ xác minh.")
}

func (s *Server) triageAsk(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	if err := s.intel.AskMore(r.Context(), code, r.PostFormValue("question")); err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/xac-minh", "ok", "Đã gửi yêu cầu bổ sung; người tố giác thấy câu hỏi ở trang theo dõi "+code+".")
}

func (s *Server) triageMerge(w http.ResponseWriter, r *http.Request) error {
	code, into := r.PathValue("code"), r.PostFormValue("into")
	if strings.TrimSpace(into) == "" {
		return errs.InvalidField("into", "Chọn tố giác để gộp vào.")
	}
	if err := s.intel.MergeTip(r.Context(), code, into); err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/xac-minh", "ok", "Đã gộp "+code+" vào "+into+".")
}

// TriagePage is the analysts' queue, filtered and paged.
type TriagePage struct {
	Page
	Queue     []intel.Pending
	Evidence  map[int64][]activity.File
	Removals  []intel.Removal
	Filter    intel.QueueFilter
	Fields    map[string]string // filters refused, by field
	States    []struct{ Code, Label string }
	Kinds     []normalize.Kind
	Provinces []string
	Pager     Pager
}

func (s *Server) triage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := intel.QueueFilter{State: q.Get("trang-thai"), Kind: q.Get("loai"), Province: q.Get("tinh"), From: q.Get("tu-ngay"), To: q.Get("den-ngay")}
	p := &TriagePage{Page: Page{Title: "Xác minh tố giác", Nav: "triage"}, Evidence: map[int64][]activity.File{}, Filter: f,
		States: intel.QueueStates, Kinds: []normalize.Kind{normalize.KindPhone, normalize.KindURL, normalize.KindBank, normalize.KindSocial, normalize.KindWallet}, Provinces: vn.Provinces()}
	page := pageOf(r)
	f.Offset, f.Limit = (page-1)*pageSize, pageSize
	queue, total, err := s.intel.QueuePage(r.Context(), f)
	if fields := errs.FieldsOf(err); len(fields) > 0 {
		// A filter that cannot be used is named, and the whole queue shown.
		p.Fields = fields
		p.Flash = &Flash{Kind: "error", Text: "Bộ lọc có giá trị không dùng được nên đang hiện toàn bộ danh sách; xem ô được đánh dấu."}
		queue, total, err = s.intel.QueuePage(r.Context(), intel.QueueFilter{Limit: pageSize})
	}
	if err != nil {
		return err
	}
	p.Pager = newPager(r, page, total)
	if p.Pager.Page != page {
		// Past the last page: show the last one.
		f.Offset = p.Pager.Offset()
		if queue, _, err = s.intel.QueuePage(r.Context(), f); err != nil {
			return err
		}
	}
	p.Queue = queue
	if p.Removals, err = s.intel.Removals(r.Context()); err != nil {
		return err
	}
	for _, x := range queue {
		if p.Evidence[x.ID], err = s.intel.EvidenceOf(r.Context(), x.ID); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "triage", p)
}

func (s *Server) triageFile(w http.ResponseWriter, r *http.Request) error {
	f, b, err := s.intel.EvidenceFile(r.Context(), activity.Files{Dir: s.opt.UploadDir}, r.PathValue("sum"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", f.Type)
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(b)
	return err
}

func (s *Server) triageDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	var verify bool
	switch r.PostFormValue("decision") {
	case "verify":
		verify = true
	case "reject":
	default:
		return errs.InvalidField("decision", "Chọn “Xác minh lừa đảo” hoặc “Bác bỏ”; quyết định gửi lên không rõ nên chưa có gì thay đổi.")
	}
	outcome, err := s.intel.Decide(r.Context(), id, verify, r.PostFormValue("note"))
	if err != nil {
		return err
	}
	msg := "Đã bác bỏ."
	switch {
	case outcome == intel.Proposed:
		msg = "Đây là chỉ dấu chính thức: đã ghi đề xuất của bạn; quyết định có hiệu lực khi một cán bộ xác minh khác xác nhận."
		if a := access.From(r.Context()); a != nil {
			what := "bác bỏ"
			if verify {
				what = "xác minh lừa đảo"
			}
			s.tellReviewers(r, remind.Event{Kind: remind.KindSecondAnalyst, Key: fmt.Sprintf("indicator:%d:%d", id, s.clock.Now().UnixMicro()),
				Text: "Cần người xác minh thứ hai: " + a.Username + " đề xuất " + what + " một chỉ dấu chính thức; quyết định chỉ có hiệu lực khi một cán bộ xác minh khác xác nhận.",
				Link: "/quan-tri/xac-minh"}, a.UnitID, access.RoleAnalyst)
		}
	case verify:
		msg = "Đã xác minh lừa đảo; tra cứu sẽ trả lời “lừa đảo” trong vài giây."
	}
	return s.redirectWithFlash(w, r, "/quan-tri/xac-minh", "ok", msg)
}

// TipStatsPage shows reports by tactic, province and week.
type TipStatsPage struct {
	Page
	S       *intel.Stats
	Tactics map[string]string
	Max     int
}

// Width is a bar's length (of 300) for n.
func (p *TipStatsPage) Width(n int) int {
	if p.Max == 0 {
		return 0
	}
	return n * 300 / p.Max
}

func (s *Server) tipStats(w http.ResponseWriter, r *http.Request) error {
	st, err := s.intel.Statistics(r.Context(), 12)
	if err != nil {
		return err
	}
	names := map[string]string{}
	if ts, err := s.activity.Tactics(r.Context()); err == nil {
		for _, t := range ts {
			names[t.Code] = t.Name
		}
	}
	if r.URL.Query().Get("tai-ve") == "xlsx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="thong-ke-to-giac.xlsx"`)
		return intel.WriteStatsXLSX(w, st, func(c string) string {
			if n, ok := names[c]; ok {
				return n
			}
			return c
		})
	}
	p := &TipStatsPage{Page: Page{Title: "Thống kê tố giác", Nav: "triage"}, S: st, Tactics: names}
	for _, c := range append(append(append([]intel.Count{}, st.ByTactic...), st.ByProvince...), st.ByWeek...) {
		if c.N > p.Max {
			p.Max = c.N
		}
	}
	return s.render(w, r, http.StatusOK, "tip_stats", p)
}

// Rows returns the counts of a section, wrapped for the template.
func (p *TipStatsPage) Rows(section string) [][]intel.Count {
	if section == "tactic" {
		return [][]intel.Count{p.S.ByTactic}
	}
	return [][]intel.Count{p.S.ByProvince}
}

// RemovalPage is the owner's request form and, after sending, its status.
type RemovalPage struct {
	Page
	Indicator, Reason, Contact string
	Consent                    bool
	Fields                     map[string]string
	R                          *intel.Removal
}

func (s *Server) removalForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "removal", &RemovalPage{Page: Page{Title: "Yêu cầu gỡ cảnh báo", Public: true}, Indicator: r.URL.Query().Get("q")})
}

func (s *Server) removalSubmit(w http.ResponseWriter, r *http.Request) error {
	p := &RemovalPage{Page: Page{Title: "Yêu cầu gỡ cảnh báo", Public: true}, Indicator: r.PostFormValue("indicator"), Reason: r.PostFormValue("reason"),
		Contact: r.PostFormValue("contact"), Consent: r.PostFormValue("consent") == "on"}
	rm, err := s.intel.RequestRemoval(r.Context(), p.Indicator, p.Reason, p.Contact, p.Consent)
	if f := errs.FieldsOf(err); f != nil {
		p.Fields = f
		return s.render(w, r, http.StatusUnprocessableEntity, "removal", p)
	} else if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/yeu-cau-go-canh-bao/"+rm.Code, "ok", trf(r, "Đã nhận yêu cầu. Cơ quan chức năng sẽ liên hệ để xác minh; hãy lưu mã %s.", rm.Code))
}

func (s *Server) removalStatus(w http.ResponseWriter, r *http.Request) error {
	rm, err := s.intel.RemovalByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "removal", &RemovalPage{Page: Page{Title: trf(r, "Yêu cầu %s", rm.Code), Public: true}, R: rm})
}

// RemovalReviewPage is one removal request with its contact in clear.
type RemovalReviewPage struct {
	Page
	R *intel.Removal
}

// removalReview shows one request with the owner's contact; the service
// writes the opening to the audit trail first. The page is not cached.
func (s *Server) removalReview(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	rm, err := s.intel.RemovalForReview(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	return s.render(w, r, http.StatusOK, "removal_review", &RemovalReviewPage{Page: Page{Title: "Yêu cầu " + rm.Code, Nav: "triage"}, R: rm})
}

func (s *Server) removalDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	var grant bool
	switch r.PostFormValue("decision") {
	case "grant":
		grant = true
	case "refuse":
	default:
		return errs.InvalidField("decision", "Chọn “Gỡ cảnh báo” hoặc “Từ chối”; quyết định gửi lên không rõ nên chưa có gì thay đổi.")
	}
	outcome, err := s.intel.DecideRemoval(r.Context(), id, grant, r.PostFormValue("note"))
	if err != nil {
		return err
	}
	msg := "Đã từ chối yêu cầu gỡ cảnh báo."
	switch {
	case outcome == intel.Proposed:
		msg = "Đây là chỉ dấu chính thức: đã ghi đề xuất gỡ cảnh báo của bạn; cảnh báo chỉ được gỡ khi một cán bộ xác minh khác cũng chấp nhận."
	case grant:
		msg = "Đã gỡ cảnh báo; tra cứu không còn cảnh báo sau vài giây."
	}
	return s.redirectWithFlash(w, r, "/quan-tri/xac-minh", "ok", msg)
}

// ProtectedPage is the registry of official indicators: reports cannot
// flag them; the national level edits it.
type ProtectedPage struct {
	Page
	Items            []intel.Protected
	Indicator, Owner string
	Fields           map[string]string
}

func (s *Server) protectedList(w http.ResponseWriter, r *http.Request) error {
	return s.renderProtected(w, r, http.StatusOK, &ProtectedPage{})
}

func (s *Server) renderProtected(w http.ResponseWriter, r *http.Request, status int, p *ProtectedPage) error {
	p.Page = Page{Title: "Chỉ dấu chính thức", Nav: "triage"}
	var err error
	if p.Items, err = s.intel.ListProtected(r.Context()); err != nil {
		return err
	}
	return s.render(w, r, status, "protected", p)
}

func (s *Server) protectedAdd(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return errs.InvalidField("indicator", "Không đọc được biểu mẫu.")
	}
	p := &ProtectedPage{Indicator: r.PostFormValue("indicator"), Owner: r.PostFormValue("owner")}
	err := s.intel.AddProtected(r.Context(), p.Indicator, p.Owner)
	if f := errs.FieldsOf(err); f != nil {
		p.Fields = f
		return s.renderProtected(w, r, http.StatusUnprocessableEntity, p)
	} else if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/xac-minh/chinh-thuc", "ok", "Đã thêm vào danh sách chỉ dấu chính thức; tố giác không còn gắn cảnh báo cho chỉ dấu này.")
}

func (s *Server) protectedRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	if err := s.intel.RemoveProtected(r.Context(), id); err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/xac-minh/chinh-thuc", "ok", "Đã bỏ khỏi danh sách chỉ dấu chính thức.")
}
