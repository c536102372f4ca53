package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/mail/mailtest"
	"github.com/canhgiac/canhgiac/internal/testutil"
	"github.com/canhgiac/canhgiac/internal/web"
)

// withMail starts the program with a real SMTP server to send links to.
func withMail(t *testing.T) (*testutil.Env, *mailtest.Server) {
	smtp := mailtest.Start(t)
	e := testutil.StartWith(t, "", func(c *config.Config) {
		c.SMTPAddr, c.SMTPFrom, c.BaseURL = smtp.Addr, "canhbao@canhgiac.gov.vn", "https://canhgiac.example.vn"
	})
	return e, smtp
}

// Tests of consent proven (issue 13, item 5): what a stranger can do with
// the public subscription, and what a citizen does to subscribe.

var (
	csrfValue = regexp.MustCompile(`name="csrf_token" value="[^"]*"`)
	refInPage = regexp.MustCompile(`/dang-ky/xac-nhan/[A-Za-z0-9_-]+`)
	smsCode   = regexp.MustCompile(`Canh Giac: (\d{6})`)
	tokenLink = regexp.MustCompile(`href="/huy-dang-ky/([A-Za-z0-9_-]{22,})"`)
)

// same strips what differs between two answers by design (the form's
// CSRF token, the request's random reference).
func sameAnswer(body string) string {
	return refInPage.ReplaceAllString(csrfValue.ReplaceAllString(body, ""), "/dang-ky/xac-nhan/REF")
}

// subscriber is one row as the tests look at it.
type subscriber struct {
	Email, Province, Channel string
	OptedOut, Confirmed      bool
}

func lookup(t *testing.T, e *testutil.Env, phone string) *subscriber {
	t.Helper()
	var s subscriber
	err := e.App.DB.R.QueryRow(`SELECT email, province, confirmed_channel, opted_out_at IS NOT NULL, confirmed_at IS NOT NULL FROM subscribers WHERE phone_index = $1`, e.Index(t, phone)).
		Scan(&s.Email, &s.Province, &s.Channel, &s.OptedOut, &s.Confirmed)
	if err != nil {
		return nil
	}
	s.Email = e.Open(t, "subscribers.email", s.Email)
	return &s
}

// readCode is what a staff member trying the demonstration does: open
// "Hộp thư thử" and read the code the phone received.
func readCode(t *testing.T, staff *testutil.Client, phone string) string {
	t.Helper()
	r := staff.Get("/quan-tri/hop-thu-thu")
	if r.Status != 200 {
		t.Fatalf("Hộp thư thử: %d", r.Status)
	}
	_, section, ok := strings.Cut(html.UnescapeString(r.Body), "<h2>"+audience.Mask(phone)+"</h2>")
	if !ok {
		t.Fatalf("Hộp thư thử does not list %s: %.2000s", audience.Mask(phone), r.Body)
	}
	section, _, _ = strings.Cut(section, "</section>")
	m := smsCode.FindStringSubmatch(section)
	if m == nil {
		t.Fatalf("no code for %s in %s", phone, section)
	}
	return m[1]
}

// The bare contact in place of a token does nothing, and its answer is
// that of any unknown link: nobody learns that the number is subscribed.
func TestConsent_UnsubscribeByContactDoesNothing(t *testing.T) {
	e := testutil.Start(t, "")
	sys := access.With(context.Background(), access.System())
	if _, err := e.App.Audience.Subscribe(sys, audience.Input{Phone: "0912000002", Email: "ba@example.vn", Province: "Cao Bằng", Consent: true}); err != nil {
		t.Fatal(err)
	}
	c := e.NewClient(t)
	unknown := c.Get("/huy-dang-ky/khong-phai-ma-cua-ai-ca-1234")
	if unknown.Status != http.StatusNotFound {
		t.Fatalf("unknown token: %d", unknown.Status)
	}
	for _, probe := range []string{"0912000002", "+84912000002", "ba@example.vn", "0912999999"} {
		for _, method := range []string{"GET", "POST"} {
			var r testutil.Response
			if method == "GET" {
				r = c.Get("/huy-dang-ky/" + url.PathEscape(probe))
			} else {
				r = c.Post("/huy-dang-ky/"+url.PathEscape(probe), nil)
			}
			if r.Status != unknown.Status || sameAnswer(r.Body) != sameAnswer(unknown.Body) {
				t.Errorf("%s /huy-dang-ky/%s: %d, answered unlike an unknown token", method, probe, r.Status)
			}
		}
	}
	if s := lookup(t, e, "+84912000002"); s == nil || s.OptedOut {
		t.Fatalf("the subscriber was unsubscribed by their phone number: %+v", s)
	}
}

// A stranger's form with someone else's phone changes nothing of theirs
// (e-mail, province, opt-out, erasure) until the code is confirmed.
func TestConsent_AnothersPhoneChangesNothingUntilConfirmed(t *testing.T) {
	e, _ := withMail(t)
	sys := access.With(context.Background(), access.System())
	for _, in := range []audience.Input{
		{Phone: "0912000002", Email: "ba@example.vn", Province: "Cao Bằng", Consent: true},
		{Phone: "0912000003", Province: "Cao Bằng", Consent: true},
		{Phone: "0912000004", Province: "Cao Bằng", Consent: true},
	} {
		if _, err := e.App.Audience.Subscribe(sys, in); err != nil {
			t.Fatal(err)
		}
	}
	if ok, err := e.App.Audience.OptOut(sys, "0912000003"); !ok || err != nil {
		t.Fatalf("opt-out: %v %v", ok, err)
	}
	if _, err := e.App.Audience.Erase(sys, "0912000004"); err != nil {
		t.Fatal(err)
	}
	c := e.NewClient(t)
	for _, phone := range []string{"0912000002", "0912000003", "0912000004"} {
		c.Get("/dang-ky")
		r := c.Post("/dang-ky", url.Values{"phone": {phone}, "email": {"ke-gian@example.vn"}, "zalo": {"kegian"}, "province": {"Thành phố Hà Nội"}, "consent": {"on"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("%s: %d %.300s", phone, r.Status, r.Body)
		}
	}
	if s := lookup(t, e, "+84912000002"); s == nil || s.Email != "ba@example.vn" || s.Province != "Cao Bằng" {
		t.Errorf("the subscriber was changed by an unconfirmed form: %+v", s)
	}
	if s := lookup(t, e, "+84912000003"); s == nil || !s.OptedOut {
		t.Errorf("an unconfirmed form cleared an opt-out: %+v", s)
	}
	if s := lookup(t, e, "+84912000004"); s != nil {
		t.Errorf("an unconfirmed form brought back an erased subscriber: %+v", s)
	}
	var n int
	ix, _ := e.App.Keys.Index(audience.ContactHash("+84912000004"))
	e.App.DB.R.QueryRow(`SELECT COUNT(*) FROM suppressions WHERE contact_index = $1`, ix).Scan(&n)
	if n != 1 {
		t.Errorf("an unconfirmed form lifted an erasure")
	}
	var withEmail int
	e.App.DB.R.QueryRow(`SELECT COUNT(*) FROM subscribers WHERE email_index = $1 OR zalo_index = $2`, e.Index(t, "ke-gian@example.vn"), e.Index(t, "kegian")).Scan(&withEmail)
	if withEmail != 0 {
		t.Errorf("an unconfirmed form stored its contacts as a subscription")
	}
}

// The form answers the same for a subscribed contact, an unknown one, and
// a phone and an e-mail of two different subscriptions.
func TestConsent_SameAnswerWhetherSubscribedOrNot(t *testing.T) {
	e, _ := withMail(t)
	sys := access.With(context.Background(), access.System())
	for _, in := range []audience.Input{
		{Phone: "0912000002", Province: "Cao Bằng", Consent: true},
		{Email: "ba@example.vn", Province: "Cao Bằng", Consent: true},
	} {
		if _, err := e.App.Audience.Subscribe(sys, in); err != nil {
			t.Fatal(err)
		}
	}
	answer := func(form url.Values) (int, string) {
		c := e.NewClient(t)
		c.Get("/dang-ky")
		form.Set("consent", "on")
		r := c.Post("/dang-ky", form)
		if r.Status != http.StatusSeeOther {
			return r.Status, r.Body
		}
		p := c.Get(r.Location)
		return p.Status, sameAnswer(p.Body)
	}
	wantStatus, want := answer(url.Values{"phone": {"0912000555"}})
	if wantStatus != 200 || !strings.Contains(want, "Nếu số điện thoại hoặc thư điện tử bạn ghi nhận được tin") {
		t.Fatalf("an unknown phone: %d %.500s", wantStatus, want)
	}
	for name, form := range map[string]url.Values{
		"a subscribed phone":               {"phone": {"0912000002"}},
		"a subscribed phone, another form": {"phone": {"0912 000 002"}, "province": {"Thành phố Hà Nội"}},
		"phone and e-mail of two people":   {"phone": {"0912000002"}, "email": {"ba@example.vn"}},
		"an unknown phone and e-mail":      {"phone": {"0912000556"}, "email": {"moi@example.vn"}},
	} {
		if status, body := answer(form); status != wantStatus || body != want {
			t.Errorf("%s: %d, answered unlike an unknown contact: %.500s", name, status, body)
		}
	}
}

// A citizen subscribes with the code the demonstration's phone received,
// read in Hộp thư thử; the consent's time and channel are recorded and
// shown; before the code, the campaign does not count them.
func TestConsent_CodeFromTestInboxConfirms(t *testing.T) {
	e := testutil.Start(t, "")
	coord := e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])

	waiting, citizen := e.NewClient(t), e.NewClient(t)
	refs := map[*testutil.Client]string{}
	for _, c := range []struct {
		cl    *testutil.Client
		phone string
	}{{waiting, "0912 000 701"}, {citizen, "0912 000 702"}} {
		c.cl.Get("/dang-ky")
		r := c.cl.Post("/dang-ky", url.Values{"phone": {c.phone}, "province": {"Cao Bằng"}, "groups": {"elderly"}, "consent": {"on"}})
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/dang-ky/xac-nhan/") {
			t.Fatalf("subscribe %s: %d %q", c.phone, r.Status, r.Location)
		}
		refs[c.cl] = r.Location
		c.cl.Get(r.Location)
	}
	if s := lookup(t, e, "+84912000702"); s != nil {
		t.Fatalf("a subscription counts before its code: %+v", s)
	}
	ref, code := refs[citizen], readCode(t, coord, "+84912000702")
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	if r := citizen.Post(ref, url.Values{"code": {wrong}}); r.Status != 422 || !strings.Contains(r.Body, "Mã không đúng. Bạn còn 4 lần thử.") {
		t.Fatalf("a wrong code: %d %.500s", r.Status, r.Body)
	}
	r := citizen.Post(ref, url.Values{"code": {code}})
	if r.Status != 200 || !strings.Contains(r.Body, "Đăng ký đã có hiệu lực") {
		t.Fatalf("confirm: %d %.1500s", r.Status, r.Body)
	}
	confirmAt := testutil.Now.In(time.FixedZone("ICT", 7*3600)).Format("02/01/2006 15:04")
	if !strings.Contains(r.Body, "lúc "+confirmAt+" (giờ Việt Nam), bằng mã gửi qua tin nhắn") {
		t.Errorf("the consent record is not shown: %.1500s", r.Body)
	}
	if s := lookup(t, e, "+84912000702"); s == nil || !s.Confirmed || s.Channel != "sms" || s.Province != "Cao Bằng" {
		t.Fatalf("the consent record: %+v", s)
	}
	var at time.Time
	e.App.DB.R.QueryRow(`SELECT confirmed_at FROM subscribers WHERE phone_index = $1`, e.Index(t, "+84912000702")).Scan(&at)
	if !at.Equal(testutil.Now) {
		t.Errorf("confirmed at %v, want %v", at, testutil.Now)
	}
	// The person's page, by their token: the consent, and a way out.
	m := tokenLink.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatal("no link to the person's page")
	}
	mine := citizen.Get("/huy-dang-ky/" + m[1])
	mine.Body = html.UnescapeString(mine.Body)
	if mine.Status != 200 || !strings.Contains(mine.Body, "xác nhận lúc "+confirmAt) || !strings.Contains(mine.Body, "+84912***702") || strings.Contains(mine.Body, "+84912000702") {
		t.Fatalf("the person's page: %d %.1500s", mine.Status, mine.Body)
	}
	// The one who only filled the form is nobody's audience; the one who
	// confirmed is.
	coord.Get("/quan-tri/chien-dich")
	r = coord.Post("/quan-tri/chien-dich", url.Values{"name": {"Cảnh báo"}, "text": {"Công an không gọi điện yêu cầu chuyển tiền."}, "class": {"warning"},
		"province": {"Cao Bằng"}, "groups": {"elderly"}, "action": {"create"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("prepare: %d %.1500s", r.Status, r.Body)
	}
	if p := coord.Get(r.Location); !strings.Contains(p.Body, ">1 người nhận") && !strings.Contains(p.Body, " 1 người nhận") {
		i := strings.Index(p.Body, "người nhận")
		t.Fatalf("the campaign's audience is not the one confirmed person: %.300s", p.Body[max(0, i-200):])
	}
	// Unsubscribing from the page.
	if r := citizen.Post("/huy-dang-ky/"+m[1], nil); r.Status != 200 || !strings.Contains(r.Body, "Bạn đã hủy nhận tin") {
		t.Fatalf("unsubscribe: %d", r.Status)
	}
	if s := lookup(t, e, "+84912000702"); s == nil || !s.OptedOut {
		t.Fatalf("not unsubscribed: %+v", s)
	}
}

// Hộp thư thử is for those who manage audiences and for administrators.
func TestConsent_TestInboxForAudienceManagersAndAdmins(t *testing.T) {
	e := testutil.Start(t, "")
	for user, want := range map[string]int{"thuongtruc": 200, "quantri": 200, "canbo": 403, "xacminh": 403} {
		c := e.NewClient(t)
		c.Login(user, e.Passwords[user])
		if r := c.Get("/quan-tri/hop-thu-thu"); r.Status != want {
			t.Errorf("%s: %d, want %d", user, r.Status, want)
		}
	}
	if r := e.NewClient(t).Get("/quan-tri/hop-thu-thu"); r.Status == 200 {
		t.Error("a stranger read Hộp thư thử")
	}
}

// The link sent to an e-mail leads to the confirmation page with its
// secret filled in; the person's press of "Xác nhận" proves the e-mail.
// A phone on the same form proven too makes one subscription of both.
func TestConsent_EmailLinkConfirms(t *testing.T) {
	e, smtp := withMail(t)
	coord := e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])
	c := e.NewClient(t)
	c.Get("/dang-ky")
	r := c.Post("/dang-ky", url.Values{"phone": {"0912000801"}, "email": {"Ba.Noi@Example.vn"}, "zalo": {"banoi"}, "province": {"Cao Bằng"}, "consent": {"on"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("subscribe: %d %.500s", r.Status, r.Body)
	}
	letters := smtp.Wait(1, 10*time.Second)
	if len(letters) != 1 || letters[0].To[0] != "ba.noi@example.vn" || letters[0].Subject != "Xác nhận đăng ký nhận cảnh báo lừa đảo" {
		t.Fatalf("letters: %+v", letters)
	}
	link := regexp.MustCompile(`https://canhgiac\.example\.vn(/dang-ky/xac-nhan/[A-Za-z0-9_-]+)\?ma=([A-Za-z0-9_-]+)`).FindStringSubmatch(letters[0].Text)
	if link == nil || link[1] != r.Location {
		t.Fatalf("no confirmation link for this form in %q", letters[0].Text)
	}
	// A mail filter opening the link confirms nothing.
	page := c.Get(link[1] + "?ma=" + link[2])
	if page.Status != 200 || !strings.Contains(page.Body, `value="`+link[2]+`"`) {
		t.Fatalf("the link's page: %d %.800s", page.Status, page.Body)
	}
	var n int
	e.App.DB.R.QueryRow(`SELECT COUNT(*) FROM subscribers`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d subscriptions before confirmation", n)
	}
	if r := c.Post(link[1], url.Values{"code": {link[2]}}); r.Status != 200 || !strings.Contains(r.Body, "bằng liên kết gửi qua thư điện tử") {
		t.Fatalf("confirm by e-mail: %d %.800s", r.Status, r.Body)
	}
	var email, phone, zalo, channel string
	e.App.DB.R.QueryRow(`SELECT email, phone, zalo, confirmed_channel FROM subscribers`).Scan(&email, &phone, &zalo, &channel)
	email, zalo = e.Open(t, "subscribers.email", email), e.Open(t, "subscribers.zalo", zalo)
	if email != "ba.noi@example.vn" || phone != "" || zalo != "banoi" || channel != "email" {
		t.Fatalf("after the e-mail: %q %q %q %q", email, phone, zalo, channel)
	}
	// The phone of the same form, proven by its code, joins the same subscription.
	if r := c.Post(link[1], url.Values{"code": {readCode(t, coord, "+84912000801")}}); r.Status != 200 {
		t.Fatalf("confirm by SMS: %d %.800s", r.Status, r.Body)
	}
	e.App.DB.R.QueryRow(`SELECT COUNT(*), MAX(phone), MAX(email), MAX(confirmed_channel) FROM subscribers`).Scan(&n, &phone, &email, &channel)
	phone, email = e.Open(t, "subscribers.phone", phone), e.Open(t, "subscribers.email", email)
	if n != 1 || phone != "+84912000801" || email != "ba.noi@example.vn" || channel != "sms" {
		t.Fatalf("after both: %d rows, %q %q %q", n, phone, email, channel)
	}
}

// The person's token opens their data: a copy to take away, and erasure;
// after it the link is like any unknown one.
func TestConsent_PersonTakesAndErasesTheirData(t *testing.T) {
	e := testutil.Start(t, "")
	sys := access.With(context.Background(), access.System())
	if _, err := e.App.Audience.Subscribe(sys, audience.Input{Phone: "0912000002", Email: "ba@example.vn", Province: "Cao Bằng", Consent: true}); err != nil {
		t.Fatal(err)
	}
	var token string
	e.App.DB.R.QueryRow(`SELECT token FROM subscribers`).Scan(&token)
	c := e.NewClient(t)
	page := c.Get("/huy-dang-ky/" + token)
	if page.Status != 200 || !strings.Contains(page.Body, "phiếu đồng ý do đơn vị thu thập") {
		t.Fatalf("the person's page: %d %.1000s", page.Status, page.Body)
	}
	d := c.Get("/huy-dang-ky/" + token + "/du-lieu")
	if d.Status != 200 || !strings.Contains(d.Body, `"phone": "+84912000002"`) || !strings.Contains(d.Body, `"email": "ba@example.vn"`) {
		t.Fatalf("the copy: %d %.500s", d.Status, d.Body)
	}
	if r := c.Post("/huy-dang-ky/"+token+"/xoa", nil); r.Status != 200 || !strings.Contains(r.Body, "Đã xóa đăng ký") {
		t.Fatalf("erase: %d %.500s", r.Status, r.Body)
	}
	if s := lookup(t, e, "+84912000002"); s != nil {
		t.Fatalf("still there after erasure: %+v", s)
	}
	unknown := c.Get("/huy-dang-ky/khong-phai-ma-cua-ai-ca-1234")
	if r := c.Get("/huy-dang-ky/" + token); r.Status != unknown.Status || sameAnswer(r.Body) != sameAnswer(unknown.Body) {
		t.Fatalf("the erased person's link: %d", r.Status)
	}
	// Without the CSRF token the erasure is refused; the one-click
	// unsubscribe of mail programs needs none.
	if _, err := e.App.Audience.Subscribe(sys, audience.Input{Phone: "0912000003", Consent: true}); err != nil {
		t.Fatal(err)
	}
	e.App.DB.R.QueryRow(`SELECT token FROM subscribers WHERE phone_index = $1`, e.Index(t, "+84912000003")).Scan(&token)
	mailer := e.NewClient(t)
	if r := mailer.Post("/huy-dang-ky/"+token+"/xoa", url.Values{"csrf_token": {""}}); r.Status != http.StatusForbidden {
		t.Fatalf("erasure without a CSRF token: %d", r.Status)
	}
	if r := mailer.Post("/huy-dang-ky/"+token, url.Values{"List-Unsubscribe": {"One-Click"}, "csrf_token": {""}}); r.Status != 200 {
		t.Fatalf("one-click unsubscribe: %d", r.Status)
	}
	if s := lookup(t, e, "+84912000003"); s == nil || !s.OptedOut {
		t.Fatalf("not unsubscribed by one click: %+v", s)
	}
}

func TestSecretless(t *testing.T) {
	for in, want := range map[string]string{
		"/huy-dang-ky/abcDEF123_-abcDEF123_-ab":         "/huy-dang-ky/…",
		"/huy-dang-ky/abcDEF123_-abcDEF123_-ab/du-lieu": "/huy-dang-ky/…/du-lieu",
		"/dang-ky/xac-nhan/kgustIZaqdz8LYGLNKURmA":      "/dang-ky/xac-nhan/…",
		"/dang-ky": "/dang-ky",
		"/dang-nhap/loi-moi/0123456789abcdef0123456789abcdef": "/dang-nhap/loi-moi/…",
		"/to-giac/TG-7K3M9Q/bo-sung":                          "/to-giac/…/bo-sung",
		"/yeu-cau-go-canh-bao/GB-12345":                       "/yeu-cau-go-canh-bao/…",
		"/to-giac":                                            "/to-giac",
	} {
		if got := web.Secretless(in); got != want {
			t.Errorf("%s → %s, want %s", in, got, want)
		}
	}
}
