// Package testutil starts the whole program for tests: a fresh SQLite
// database (or PostgreSQL when configured) with the demo data, a fixed
// clock, and HTTP clients that sign in like a browser.
package testutil

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// Now is the tests' today.
var Now = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

// Env is a running program.
type Env struct {
	App       *app.App
	Server    *httptest.Server
	Clock     *clock.Fixed
	Passwords map[string]string // demo username → password printed at start
	// TOTPSecrets are the second factors the clients enrolled (username →
	// secret), so that any client can sign in again with a code.
	TOTPSecrets map[string]string
	lastStep    map[string]int64 // the last code's time step used per user
}

var demoLine = regexp.MustCompile(`(?m)^\s+([a-z0-9._-]+)\s+([A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4})\s`)

// Start opens the program with the demo data on an empty database whose URL
// is dbURL ("" for SQLite in a temporary folder) and serves it.
func Start(t testing.TB, dbURL string) *Env {
	t.Helper()
	return StartWith(t, dbURL, nil)
}

// StartWith is Start with changes to the configuration (a message centre,
// a mail server) made by set before the program opens.
func StartWith(t testing.TB, dbURL string, set func(*config.Config)) *Env {
	t.Helper()
	auth.CheapHashesForTests()
	cfg := config.Default()
	cfg.DataDir, cfg.DB, cfg.Demo = t.TempDir(), dbURL, true
	var out bytes.Buffer
	if dbURL == "" {
		// SQLite: the demo is loaded once per test binary and its data
		// folder copied for each test (see demoTemplate).
		tmpl, printed, err := demoTemplate()
		if err != nil {
			t.Fatal(err)
		}
		if err := storetest.CopyDir(tmpl, cfg.DataDir); err != nil {
			t.Fatal(err)
		}
		out.WriteString(printed)
	}
	if set != nil {
		set(&cfg)
	}
	if dbURL != "" {
		cfg.Migrate = "yes"
	}
	clk := clock.NewFixed(Now)
	a, err := app.Open(context.Background(), cfg, app.Options{Clock: clk, Out: &out, Logger: slog.New(slog.NewTextHandler(tlog{t}, &slog.HandlerOptions{Level: slog.LevelError}))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Web)
	t.Cleanup(func() { srv.Close(); a.Close() })
	e := &Env{App: a, Server: srv, Clock: clk, Passwords: map[string]string{}, TOTPSecrets: map[string]string{}, lastStep: map[string]int64{}}
	for _, m := range demoLine.FindAllStringSubmatch(out.String(), -1) {
		e.Passwords[m[1]] = m[2]
	}
	if len(e.Passwords) < 6 {
		t.Fatalf("demo passwords not printed at start; output was:\n%s", out.String())
	}
	return e
}

// tlog sends the program's error log to the test log.
type tlog struct{ t testing.TB }

func (w tlog) Write(b []byte) (int, error) { w.t.Log(strings.TrimSpace(string(b))); return len(b), nil }

// AddUser creates an account with a known password.
func (e *Env) AddUser(t testing.TB, username, unit, scope string, roles ...access.Role) string {
	t.Helper()
	pw := "mat-khau-thu-nghiem-" + username
	ctx := access.With(context.Background(), access.System())
	if _, _, err := e.App.Auth.Create(ctx, auth.NewUser{Username: username, UnitCode: unit, ScopeCode: scope, Roles: roles, Password: pw}); err != nil {
		t.Fatal(err)
	}
	return pw
}

// Client is a browser-like client: it keeps cookies, does not follow
// redirects, and knows the CSRF token of the last page it read.
type Client struct {
	t    testing.TB
	env  *Env
	base string
	HTTP *http.Client
	CSRF string
}

// API calls the JSON API with key ("" for none) and says the status and
// the body of the answer.
func (e *Env) API(t testing.TB, method, path, key, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, e.Server.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// APIStatus is API's status alone.
func (e *Env) APIStatus(t testing.TB, method, path, key, body string) int {
	t.Helper()
	status, _ := e.API(t, method, path, key, body)
	return status
}

// NewClient returns a client with an empty cookie jar.
func (e *Env) NewClient(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: t, env: e, base: e.Server.URL, HTTP: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfInput = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// Response is a status, a location and a body.
type Response struct {
	Status   int
	Location string
	Body     string
	Header   http.Header
}

func (c *Client) do(req *http.Request) Response {
	c.t.Helper()
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if m := csrfInput.FindSubmatch(b); m != nil {
		c.CSRF = string(m[1])
	}
	return Response{Status: resp.StatusCode, Location: resp.Header.Get("Location"), Body: string(b), Header: resp.Header}
}

// Get fetches a path.
func (c *Client) Get(path string) Response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	return c.do(req)
}

// Post sends a form with the current CSRF token (unless form sets one).
// A field named "@NAME" is sent as an uploaded file called NAME.txt (or the
// name before "|" in its value: "plan.docx|CONTENT"), as multipart.
func (c *Client) Post(path string, form url.Values) Response {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, set := form["csrf_token"]; !set {
		form.Set("csrf_token", c.CSRF)
	}
	var body bytes.Buffer
	ctype := "application/x-www-form-urlencoded"
	multi := false
	for k := range form {
		multi = multi || strings.HasPrefix(k, "@")
	}
	if multi {
		mw := multipart.NewWriter(&body)
		for k, vs := range form {
			for _, v := range vs {
				if field, ok := strings.CutPrefix(k, "@"); ok {
					name, content, found := strings.Cut(v, "|")
					if !found {
						name, content = field+".txt", v
					}
					fw, _ := mw.CreateFormFile(field, name)
					fw.Write([]byte(content))
				} else {
					mw.WriteField(k, v)
				}
			}
		}
		mw.Close()
		ctype = mw.FormDataContentType()
	} else {
		body.WriteString(form.Encode())
	}
	req, _ := http.NewRequest(http.MethodPost, c.base+path, &body)
	req.Header.Set("Content-Type", ctype)
	return c.do(req)
}

// Login signs in through the form and fails the test if it does not work.
// It answers the second factor as the person's phone would: it enrols one
// when the account's roles require it (keeping the secret in TOTPSecrets)
// and types a fresh code when the account has one.
func (c *Client) Login(username, password string) {
	c.t.Helper()
	c.Get("/dang-nhap")
	r := c.Post("/dang-nhap", url.Values{"username": {username}, "password": {password}})
	if r.Status != http.StatusSeeOther {
		c.t.Fatalf("login %s: status %d, want 303; body: %.300s", username, r.Status, r.Body)
	}
	switch path, _, _ := strings.Cut(r.Location, "?"); path {
	case "/dang-nhap/thiet-lap-xac-thuc":
		page := c.Get(r.Location)
		m := secretInput.FindStringSubmatch(page.Body)
		if m == nil {
			c.t.Fatalf("login %s: the enrolment page shows no secret: %.300s", username, page.Body)
		}
		c.env.TOTPSecrets[username] = m[1]
		r = c.Post("/dang-nhap/thiet-lap-xac-thuc", url.Values{"secret": {m[1]}, "code": {c.env.TOTPCode(c.t, username)}})
	case "/dang-nhap/xac-thuc":
		c.Get(r.Location)
		r = c.Post("/dang-nhap/xac-thuc", url.Values{"code": {c.env.TOTPCode(c.t, username)}})
	}
	if r.Status != http.StatusSeeOther || strings.HasPrefix(r.Location, "/dang-nhap") {
		c.t.Fatalf("login %s: status %d → %q, want the console; body: %.300s", username, r.Status, r.Location, r.Body)
	}
	c.Get("/quan-tri/don-vi") // pick up the session's CSRF token
}

var secretInput = regexp.MustCompile(`name="secret" value="([A-Z2-7]+)"`)

// TOTPCode returns a code of the user's enrolled second factor that the
// program has not yet accepted: each code signs in once, so a later step
// is taken each time (the clock moves on 30 seconds when the steps within
// the allowed drift are used up).
func (e *Env) TOTPCode(t testing.TB, username string) string {
	t.Helper()
	secret, ok := e.TOTPSecrets[username]
	if !ok {
		t.Fatalf("no second factor enrolled for %s by these tests", username)
	}
	step := e.lastStep[username] + 1
	for {
		now := e.Clock.Now().Unix() / 30
		step = max(step, now-1)
		if step <= now+1 {
			break
		}
		e.Clock.Advance(30 * time.Second)
	}
	e.lastStep[username] = step
	code, err := totp.GenerateCodeCustom(secret, time.Unix(step*30, 0), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return code
}
