package web_test

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// fromAddress makes a client's requests come from another loopback address,
// as a second computer would.
func fromAddress(c *testutil.Client, ip string) {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	c.HTTP.Transport = &http.Transport{DialContext: d.DialContext}
}

func TestSignIn_RolesThatSeePersonalDataEnrolASecondFactorFirst(t *testing.T) {
	e := testutil.Start(t, "")
	for _, user := range []string{"quantri", "thuongtruc", "xacminh"} {
		c := e.NewClient(t)
		c.Get("/dang-nhap")
		r := c.Post("/dang-nhap", url.Values{"username": {user}, "password": {e.Passwords[user]}})
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/dang-nhap/thiet-lap-xac-thuc") {
			t.Fatalf("%s after the password: %d → %q, want the enrolment page", user, r.Status, r.Location)
		}
		for _, path := range []string{"/quan-tri/don-vi", "/quan-tri/tai-khoan", "/quan-tri/ca-nhan", "/dang-nhap/xac-thuc"} {
			if r := c.Get(path); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/dang-nhap/thiet-lap-xac-thuc") {
				t.Fatalf("%s: %s before enrolling: %d → %q, want back to the enrolment page", user, path, r.Status, r.Location)
			}
		}
		page := c.Get("/dang-nhap/thiet-lap-xac-thuc")
		m := regexp.MustCompile(`<code class="secret">([A-Z2-7]+)</code>`).FindStringSubmatch(page.Body)
		if page.Status != 200 || m == nil || !strings.Contains(page.Body, `<img class="qr" src="data:image/png;base64,`) {
			i := strings.Index(page.Body, "<main")
			page.Body = page.Body[max(i, 0):]
			t.Fatalf("%s: the enrolment page shows no QR code and secret: %d %s", user, page.Status, page.Body[:min(len(page.Body), 1500)])
		}
		if r := c.Post("/dang-nhap/thiet-lap-xac-thuc", url.Values{"secret": {m[1]}, "code": {"123456"}}); r.Status != 422 || !strings.Contains(r.Body, m[1]) {
			t.Fatalf("%s: a wrong code: %d, want 422 and the same secret kept", user, r.Status)
		}
		e.TOTPSecrets[user] = m[1]
		r = c.Post("/dang-nhap/thiet-lap-xac-thuc", url.Values{"secret": {m[1]}, "code": {e.TOTPCode(t, user)}})
		if r.Status != http.StatusSeeOther || strings.HasPrefix(r.Location, "/dang-nhap") {
			t.Fatalf("%s: enrolling: %d → %q", user, r.Status, r.Location)
		}
		if r := c.Get("/quan-tri/ca-nhan"); r.Status != 200 || !strings.Contains(r.Body, "luôn cần xác thực hai lớp") || strings.Contains(r.Body, "/xac-thuc-hai-lop/tat") {
			t.Fatalf("%s: the account page after enrolling: %d; want the factor on and no way to turn it off", user, r.Status)
		}
	}
	// The leader, who does not see personal data, is not asked.
	c := e.NewClient(t)
	c.Get("/dang-nhap")
	if r := c.Post("/dang-nhap", url.Values{"username": {"lanhdao"}, "password": {e.Passwords["lanhdao"]}}); r.Location != "/quan-tri/don-vi" {
		t.Fatalf("leader after the password: → %q, want the console", r.Location)
	}
}

func TestSignIn_ACodeSignsInOnlyOnce(t *testing.T) {
	e := testutil.Start(t, "")
	first := e.NewClient(t)
	first.Login("xacminh", e.Passwords["xacminh"]) // enrols the factor
	// The analyst signs in elsewhere; someone who saw the code typed
	// replays it from a third browser.
	c := e.NewClient(t)
	c.Get("/dang-nhap")
	c.Post("/dang-nhap", url.Values{"username": {"xacminh"}, "password": {e.Passwords["xacminh"]}})
	c.Get("/dang-nhap/xac-thuc")
	used := e.TOTPCode(t, "xacminh")
	if r := c.Post("/dang-nhap/xac-thuc", url.Values{"code": {used}}); r.Status != http.StatusSeeOther {
		t.Fatalf("a fresh code: %d %.200s", r.Status, r.Body)
	}
	thief := e.NewClient(t)
	thief.Get("/dang-nhap")
	thief.Post("/dang-nhap", url.Values{"username": {"xacminh"}, "password": {e.Passwords["xacminh"]}})
	thief.Get("/dang-nhap/xac-thuc")
	r := thief.Post("/dang-nhap/xac-thuc", url.Values{"code": {used}})
	if r.Status != 422 || !strings.Contains(r.Body, "đã được dùng") {
		t.Fatalf("the same code again: %d %.300s; want 422 saying it was used", r.Status, r.Body)
	}
	if r := thief.Get("/quan-tri/xac-minh"); r.Status != http.StatusSeeOther {
		t.Fatalf("the console after a replayed code: %d, want closed", r.Status)
	}
}

func TestAccount_WrongCurrentPasswordsAreThrottled(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Login("canbo", e.Passwords["canbo"])
	c.Get("/quan-tri/ca-nhan")
	for i := 0; i < 5; i++ {
		r := c.Post("/quan-tri/ca-nhan/mat-khau", url.Values{"old_password": {"doan-" + string(rune('a'+i))}, "new_password": {"cau moi cua toi rat dai"}})
		if r.Status != 422 || !strings.Contains(r.Body, "Mật khẩu hiện tại không đúng") {
			t.Fatalf("wrong current password %d: %d", i+1, r.Status)
		}
	}
	r := c.Post("/quan-tri/ca-nhan/mat-khau", url.Values{"old_password": {e.Passwords["canbo"]}, "new_password": {"cau moi cua toi rat dai"}})
	if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "tạm khóa") {
		t.Fatalf("the 6th try, with the right password: %d %.300s; want 429 and the lock explained", r.Status, r.Body)
	}
	c.Post("/dang-xuat", nil)
	e.Clock.Advance(2 * time.Minute)
	c.Login("canbo", e.Passwords["canbo"]) // the lock has ended; the password was not changed
}

func TestAccount_PasswordChangeEndsTheOtherSessionsAndRefusesCommonOnes(t *testing.T) {
	e := testutil.Start(t, "")
	mine, thief := e.NewClient(t), e.NewClient(t)
	mine.Login("canbo", e.Passwords["canbo"])
	thief.Login("canbo", e.Passwords["canbo"])
	mine.Get("/quan-tri/ca-nhan")
	r := mine.Post("/quan-tri/ca-nhan/mat-khau", url.Values{"old_password": {e.Passwords["canbo"]}, "new_password": {"1234567890"}})
	if r.Status != 422 || !strings.Contains(r.Body, "phổ biến") {
		t.Fatalf("new password 1234567890: %d; want 422 and the refused-list message", r.Status)
	}
	r = mine.Post("/quan-tri/ca-nhan/mat-khau", url.Values{"old_password": {e.Passwords["canbo"]}, "new_password": {"cau moi cua toi rat dai"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("change: %d %.300s", r.Status, r.Body)
	}
	if r := mine.Get("/quan-tri/ca-nhan"); r.Status != 200 || !strings.Contains(r.Body, "phiên đăng nhập khác") {
		t.Fatalf("the changing session: %d; want kept, and told the others ended", r.Status)
	}
	if r := thief.Get("/quan-tri/don-vi"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/dang-nhap") {
		t.Fatalf("the other session after the change: %d → %q, want signed out", r.Status, r.Location)
	}
}

var shownPassword = regexp.MustCompile(`[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}`)

func TestSignIn_APasswordSetByAnAdminMustBeReplaced(t *testing.T) {
	e := testutil.Start(t, "")
	admin := e.NewClient(t)
	admin.Login("quantri", e.Passwords["quantri"])
	admin.Get("/quan-tri/tai-khoan/canbo")
	r := admin.Post("/quan-tri/tai-khoan/canbo/dat-lai-mat-khau", nil)
	given := shownPassword.FindString(r.Body)
	if r.Status != 200 || given == "" {
		t.Fatalf("reset: %d, no password shown", r.Status)
	}
	c := e.NewClient(t)
	c.Get("/dang-nhap")
	r = c.Post("/dang-nhap", url.Values{"username": {"canbo"}, "password": {given}, "next": {"/quan-tri/hoat-dong"}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/dang-nhap/doi-mat-khau") {
		t.Fatalf("sign-in with the given password: %d → %q, want the new-password page", r.Status, r.Location)
	}
	if r := c.Get("/quan-tri/don-vi"); !strings.HasPrefix(r.Location, "/dang-nhap/doi-mat-khau") {
		t.Fatalf("the console before the change: %d → %q", r.Status, r.Location)
	}
	if r := c.Get("/dang-nhap/doi-mat-khau?next=/quan-tri/hoat-dong"); r.Status != 200 || !strings.Contains(r.Body, "quản trị viên đặt") {
		t.Fatalf("new-password page: %d", r.Status)
	}
	if r := c.Post("/dang-nhap/doi-mat-khau", url.Values{"old_password": {given}, "new_password": {given}, "next": {"/quan-tri/hoat-dong"}}); r.Status != 422 || !strings.Contains(r.Body, "phải khác") {
		t.Fatalf("keeping the given password: %d", r.Status)
	}
	r = c.Post("/dang-nhap/doi-mat-khau", url.Values{"old_password": {given}, "new_password": {"cau cua rieng toi thoi"}, "next": {"/quan-tri/hoat-dong"}})
	if r.Status != http.StatusSeeOther || r.Location != "/quan-tri/hoat-dong" {
		t.Fatalf("the change: %d → %q, want the page asked for", r.Status, r.Location)
	}
	if r := c.Get("/quan-tri/don-vi"); r.Status != 200 {
		t.Fatalf("console after the change: %d", r.Status)
	}
	// An account an admin creates in the console, likewise.
	admin.Get("/quan-tri/tai-khoan/moi")
	r = admin.Post("/quan-tri/tai-khoan", url.Values{"username": {"canbo-moi"}, "unit": {"cao-bang-snnmt"}, "roles": {"officer"}})
	given = shownPassword.FindString(r.Body)
	n := e.NewClient(t)
	n.Get("/dang-nhap")
	if r := n.Post("/dang-nhap", url.Values{"username": {"canbo-moi"}, "password": {given}}); !strings.HasPrefix(r.Location, "/dang-nhap/doi-mat-khau") {
		t.Fatalf("new account's first sign-in: %d → %q, want the new-password page", r.Status, r.Location)
	}
}

func TestSignIn_AStrangerElsewhereDoesNotLockTheOfficerOut(t *testing.T) {
	e := testutil.Start(t, "")
	stranger := e.NewClient(t)
	fromAddress(stranger, "127.0.0.2")
	stranger.Get("/dang-nhap")
	for i := 0; i < 8; i++ {
		stranger.Post("/dang-nhap", url.Values{"username": {"canbo"}, "password": {"doan-mo"}})
	}
	if r := stranger.Post("/dang-nhap", url.Values{"username": {"canbo"}, "password": {e.Passwords["canbo"]}}); r.Status != http.StatusTooManyRequests {
		t.Fatalf("the stranger with the right password while locked: %d, want 429", r.Status)
	}
	officer := e.NewClient(t)
	officer.Login("canbo", e.Passwords["canbo"])
}

func TestSession_EndsTwelveHoursAfterSignInHoweverBusy(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Login("canbo", e.Passwords["canbo"])
	for i := 0; i < 7; i++ {
		e.Clock.Advance(100 * time.Minute)
		if r := c.Get("/quan-tri/don-vi"); r.Status != 200 {
			t.Fatalf("after %d×100 minutes of use: %d", i+1, r.Status)
		}
	}
	e.Clock.Advance(20 * time.Minute) // 12 hours after signing in
	if r := c.Get("/quan-tri/don-vi"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/dang-nhap") {
		t.Fatalf("12 hours after sign-in: %d → %q, want signed out", r.Status, r.Location)
	}
}

func TestCookies_HostPrefixWhenSecure(t *testing.T) {
	e := testutil.StartWith(t, "", func(c *config.Config) { c.SecureCookies = true })
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(e.Server.URL + "/dang-nhap")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	csrf := cookieOf(t, resp, "__Host-cg_csrf")
	token := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindSubmatch(body)
	if token == nil {
		t.Fatal("no CSRF token on the sign-in page")
	}
	form := url.Values{"username": {"canbo"}, "password": {e.Passwords["canbo"]}, "csrf_token": {string(token[1])}}
	req, _ := http.NewRequest(http.MethodPost, e.Server.URL+"/dang-nhap", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: csrf.Name, Value: csrf.Value})
	resp, err = noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", resp.StatusCode)
	}
	sess := cookieOf(t, resp, "__Host-cg_session")
	for _, c := range []struct {
		name string
		want int
	}{{"__Host-cg_session", 200}, {"cg_session", http.StatusSeeOther}} {
		req, _ := http.NewRequest(http.MethodGet, e.Server.URL+"/quan-tri/don-vi", nil)
		req.AddCookie(&http.Cookie{Name: c.name, Value: sess.Value})
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Fatalf("the session in a cookie named %s: %d, want %d", c.name, resp.StatusCode, c.want)
		}
	}
}

// cookieOf finds a cookie the response sets and checks what the __Host-
// prefix demands of it.
func cookieOf(t *testing.T, resp *http.Response, name string) *http.Cookie {
	t.Helper()
	for _, c := range resp.Cookies() {
		if c.Name == name {
			if !c.Secure || c.Path != "/" || c.Domain != "" || !c.HttpOnly {
				t.Fatalf("cookie %s: %+v; want Secure, Path=/, no Domain, HttpOnly", name, c)
			}
			return c
		}
	}
	t.Fatalf("no cookie %s set; got %v", name, resp.Cookies())
	return nil
}

func TestUsers_AnAdminClearsALostSecondFactorAndItIsEnrolledAgain(t *testing.T) {
	e := testutil.Start(t, "")
	analyst := e.NewClient(t)
	analyst.Login("xacminh", e.Passwords["xacminh"])
	admin := e.NewClient(t)
	admin.Login("quantri", e.Passwords["quantri"])
	admin.Get("/quan-tri/tai-khoan/xacminh")
	if r := admin.Post("/quan-tri/tai-khoan/xacminh/xoa-xac-thuc-hai-lop", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("clear: %d %.300s", r.Status, r.Body)
	}
	if r := admin.Post("/quan-tri/tai-khoan/quantri/xoa-xac-thuc-hai-lop", nil); r.Status != http.StatusForbidden {
		t.Fatalf("an admin clearing their own factor: %d, want 403", r.Status)
	}
	if r := analyst.Get("/quan-tri/xac-minh"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/dang-nhap") {
		t.Fatalf("the analyst's session after the clear: %d → %q, want ended", r.Status, r.Location)
	}
	c := e.NewClient(t)
	c.Get("/dang-nhap")
	if r := c.Post("/dang-nhap", url.Values{"username": {"xacminh"}, "password": {e.Passwords["xacminh"]}}); !strings.HasPrefix(r.Location, "/dang-nhap/thiet-lap-xac-thuc") {
		t.Fatalf("sign-in after the clear: → %q, want enrolment", r.Location)
	}
}
