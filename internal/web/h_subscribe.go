package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Subscribing on the portal, with consent proven (audience/consent.go):
// the form sends a code or a link and changes nothing; the code, typed on
// the confirmation page, makes the subscription count; the person's token
// opens their own page, to unsubscribe or to take or erase their data.
// No answer depends on whether a contact is already subscribed.

// SubscribePage is the form to receive warnings.
type SubscribePage struct {
	Page
	In        audience.Input
	Fields    map[string]string
	Consent   string
	Groups    []struct{ Code, Label string }
	Provinces []string
}

// Has reports whether a group is chosen, for the check boxes.
func (p *SubscribePage) Has(g string) bool {
	for _, x := range p.In.Groups {
		if x == g {
			return true
		}
	}
	return false
}

func newSubscribePage() *SubscribePage {
	return &SubscribePage{Page: Page{Title: "Đăng ký nhận cảnh báo", Public: true}, Consent: audience.ConsentText, Groups: audience.Groups, Provinces: vn.Provinces()}
}

func (s *Server) subscribeForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "subscribe", newSubscribePage())
}

// subscribe keeps the form apart and sends the codes; every valid form
// gets the same answer: the confirmation page.
func (s *Server) subscribe(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	in := audience.Input{Phone: r.PostFormValue("phone"), Email: r.PostFormValue("email"), Zalo: r.PostFormValue("zalo"), Province: r.PostFormValue("province"),
		Groups: r.PostForm["groups"], Consent: r.PostFormValue("consent") == "on", Source: "portal"}
	if strings.TrimSpace(r.PostFormValue("website")) != "" { // honeypot
		return errs.InvalidField("website", "Không gửi được: biểu mẫu có dấu hiệu được điền tự động.")
	}
	ref, err := s.audience.Request(r.Context(), in)
	if f := errs.FieldsOf(err); f != nil {
		p := newSubscribePage()
		p.In, p.Fields = in, f
		return s.render(w, r, http.StatusUnprocessableEntity, "subscribe", p)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, audience.ConfirmPath(ref), http.StatusSeeOther)
	return nil
}

// ConfirmPage is where the code is typed (or an e-mail's link leads), and
// then what the confirmation did.
type ConfirmPage struct {
	Page
	Ref, Code string
	Fields    map[string]string
	Done      *audience.Confirmation
}

// ChannelWord names the channel a consent was proven on.
func (p *ConfirmPage) ChannelWord() string { return consentChannel(p.Done.Channel) }

func consentChannel(c string) string {
	return map[string]string{"sms": "mã gửi qua tin nhắn", "email": "liên kết gửi qua thư điện tử", "import": "phiếu đồng ý do đơn vị thu thập và nhập vào hệ thống"}[c]
}

func (s *Server) confirmForm(w http.ResponseWriter, r *http.Request) error {
	p := &ConfirmPage{Page: Page{Title: "Xác nhận đăng ký", Public: true}, Ref: r.PathValue("ref"), Code: r.URL.Query().Get("ma")}
	return s.render(w, r, http.StatusOK, "subscribe_confirm", p)
}

func (s *Server) confirm(w http.ResponseWriter, r *http.Request) error {
	p := &ConfirmPage{Page: Page{Title: "Xác nhận đăng ký", Public: true}, Ref: r.PathValue("ref"), Code: r.PostFormValue("code")}
	done, err := s.audience.Confirm(r.Context(), p.Ref, p.Code)
	if f := errs.FieldsOf(err); f != nil {
		p.Fields = f
		return s.render(w, r, http.StatusUnprocessableEntity, "subscribe_confirm", p)
	}
	if err != nil {
		return err
	}
	p.Title, p.Done, p.Code = "Đã xác nhận đăng ký", done, ""
	return s.render(w, r, http.StatusOK, "subscribe_confirm", p)
}

// SubscriptionPage is a person's own subscription, opened by their token.
type SubscriptionPage struct {
	Page
	Token string
	Mine  *audience.Mine
}

// ChannelWord names the channel the consent was proven on.
func (p *SubscriptionPage) ChannelWord() string { return consentChannel(p.Mine.ConfirmedChannel) }

// GroupLabel is a group's name.
func (p *SubscriptionPage) GroupLabel(code string) string {
	for _, g := range audience.Groups {
		if g.Code == code {
			return g.Label
		}
	}
	return code
}

// errUnknownToken is the one answer for a token that is not a person's —
// including a phone number or an e-mail given in its place.
var errUnknownToken = errs.NotFound("Liên kết không đúng hoặc đã cũ. Nếu bạn muốn hủy nhận tin: nhắn TC trả lời tin nhắn, hoặc bấm liên kết hủy trong thư gần nhất.", "Unknown subscription link.")

func (s *Server) subscription(w http.ResponseWriter, r *http.Request, flash *Flash) error {
	token := r.PathValue("token")
	m, err := s.audience.ByToken(r.Context(), token)
	if errors.Is(err, errs.ErrNotFound) {
		return errUnknownToken
	}
	if err != nil {
		return err
	}
	p := &SubscriptionPage{Page: Page{Title: "Đăng ký nhận cảnh báo của bạn", Public: true}, Token: token, Mine: m}
	p.Flash = flash
	return s.render(w, r, http.StatusOK, "subscription", p)
}

// mySubscription shows the person's subscription; it changes nothing, so
// a mail filter opening the link unsubscribes nobody.
func (s *Server) mySubscription(w http.ResponseWriter, r *http.Request) error {
	return s.subscription(w, r, nil)
}

// unsubscribe withdraws consent: the button on the person's page, and the
// one-click POST mail programs send (RFC 8058, List-Unsubscribe-Post).
func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	ok, err := s.audience.Unsubscribe(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	if !ok {
		return errUnknownToken
	}
	return s.subscription(w, r, &Flash{Kind: "ok", Text: "Bạn đã hủy nhận tin. Chúng tôi sẽ không gửi thêm tin nào cho bạn."})
}

// myData is the person's copy of what is kept about them (JSON).
func (s *Server) myData(w http.ResponseWriter, r *http.Request) error {
	d, err := s.audience.SubjectByToken(r.Context(), r.PathValue("token"))
	if errors.Is(err, errs.ErrNotFound) {
		return errUnknownToken
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="du-lieu-cua-toi.json"`)
	w.Header().Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// myErase erases the person's data on their own request.
func (s *Server) myErase(w http.ResponseWriter, r *http.Request) error {
	err := s.audience.EraseByToken(r.Context(), r.PathValue("token"))
	if errors.Is(err, errs.ErrNotFound) {
		return errUnknownToken
	}
	if err != nil {
		return err
	}
	p := newSubscribePage()
	p.Title = "Đã xóa dữ liệu của bạn"
	p.Consent = "" // no form on this page
	p.Flash = &Flash{Kind: "ok", Text: "Đã xóa đăng ký và các tin đã gửi cho bạn. Chúng tôi chỉ giữ mã băm của số điện thoại, thư điện tử để không bao giờ gửi tin cho bạn nữa, trừ khi bạn tự đăng ký lại."}
	return s.render(w, r, http.StatusOK, "subscribe", p)
}

// InboxPage is the demonstration's "Hộp thư thử": what the simulated
// phones received, so a code can be read without a telephone.
type InboxPage struct {
	Page
	Phones [][]dispatch.Received
	// CanSend offers the form that sends a message to the service number;
	// From and Text keep what was typed when it was refused.
	CanSend    bool
	From, Text string
}

// Masked shows a phone on the staff page as the other lists do.
func (p *InboxPage) Masked(phone string) string { return audience.Mask(phone) }

// canInbox: the demonstration's inbox is for those who manage audiences,
// and for administrators.
func (s *Server) canInbox(a *access.Actor) bool {
	return s.opt.Inbox != nil && a != nil && (a.Has(access.AudienceManage) || a.Has(access.UserManage))
}

func (s *Server) inbox(w http.ResponseWriter, r *http.Request) error {
	if s.opt.Inbox == nil {
		return errs.NotFound("Hộp thư thử chỉ có trong bản trình diễn, khi tin nhắn đi qua trung tâm tin nhắn mô phỏng.", "The test inbox exists only in the demonstration.")
	}
	if !s.canInbox(access.From(r.Context())) {
		return errs.Forbidden("Hộp thư thử dành cho người quản lý người nhận tin và quản trị viên.", "Only audience managers and administrators may read the test inbox.")
	}
	p := &InboxPage{Page: Page{Title: "Hộp thư thử", Nav: "inbox"}, Phones: s.opt.Inbox(), CanSend: s.opt.SendToCentre != nil}
	p.RefreshSeconds = 10
	return s.render(w, r, http.StatusOK, "inbox", p)
}

// inboxSend is the demonstration's phone: a message to the service number
// ("KT 0389 000 000") goes to the simulated message centre as if the phone
// had sent it, and the answer appears in that phone's inbox.
func (s *Server) inboxSend(w http.ResponseWriter, r *http.Request) error {
	if s.opt.Inbox == nil || s.opt.SendToCentre == nil {
		return errs.NotFound("Hộp thư thử chỉ có trong bản trình diễn, khi tin nhắn đi qua trung tâm tin nhắn mô phỏng.", "The test inbox exists only in the demonstration.")
	}
	if !s.canInbox(access.From(r.Context())) {
		return errs.Forbidden("Hộp thư thử dành cho người quản lý người nhận tin và quản trị viên.", "Only audience managers and administrators may read the test inbox.")
	}
	from, text := strings.TrimSpace(r.PostFormValue("from")), strings.TrimSpace(r.PostFormValue("text"))
	fail := func(msg string) error {
		p := &InboxPage{Page: Page{Title: "Hộp thư thử", Nav: "inbox"}, Phones: s.opt.Inbox(), CanSend: true, From: from, Text: text}
		p.Flash = &Flash{Kind: "error", Text: msg}
		return s.render(w, r, http.StatusUnprocessableEntity, "inbox", p)
	}
	switch {
	case from == "":
		return fail("Chưa gửi: hãy nhập số điện thoại gửi tin.")
	case text == "":
		return fail("Chưa gửi: tin nhắn trống. Thử “KT 0389 000 002”.")
	case len([]rune(text)) > 480:
		return fail("Chưa gửi: tin nhắn dài quá 480 ký tự.")
	}
	if err := s.opt.SendToCentre(r.Context(), from, text); err != nil {
		return fail("Chưa gửi: " + err.Error() + ".")
	}
	return s.redirectWithFlash(w, r, "/quan-tri/hop-thu-thu", "ok", "Đã gửi “"+text+"” từ "+audience.Mask(from)+" đến tổng đài kiểm tra; câu trả lời (nếu có) hiện ở số đó bên dưới.")
}

// oneClickUnsubscribe is the POST a mail program sends to a message's
// List-Unsubscribe address (RFC 8058): it carries no CSRF token, and needs
// none, since only the holder of the secret token in the path can make it.
func oneClickUnsubscribe(r *http.Request) bool {
	rest, ok := strings.CutPrefix(r.URL.Path, "/huy-dang-ky/")
	return ok && r.Method == http.MethodPost && rest != "" && !strings.Contains(rest, "/")
}

// secretless is a path as the log may keep it: a person's token, a
// confirmation's reference, an invitation, a tip's or a removal request's
// code are secrets (each opens what it names), so they are left out.
func secretless(path string) string {
	for _, prefix := range []string{"/huy-dang-ky/", "/dang-ky/xac-nhan/", "/dang-nhap/loi-moi/", "/to-giac/", "/yeu-cau-go-canh-bao/"} {
		if rest, ok := strings.CutPrefix(path, prefix); ok {
			_, tail, more := strings.Cut(rest, "/")
			if more {
				return prefix + "…/" + tail
			}
			return prefix + "…"
		}
	}
	return path
}
