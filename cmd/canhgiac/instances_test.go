package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/dispatch/smpp/smpptest"
	"github.com/canhgiac/canhgiac/internal/mail/mailtest"
	"github.com/canhgiac/canhgiac/internal/remind"
	"github.com/canhgiac/canhgiac/internal/seal"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// The several instances: two `canhgiac serve` processes of the
// real binary on one PostgreSQL database, each with its own data folder
// holding copies of the same keys, each with its own message centre (so
// the test can tell which instance sent what), one mail server for both.
//
//   - a session made on one is valid on the other, and signing out on one
//     ends it on both;
//   - a partner's report through the API of one answers on the other's
//     check within 2 s;
//   - a campaign is sent by exactly one; killed with SIGKILL midway, the
//     other takes it over within the lease time, and every recipient gets
//     the message once, except those held as unknown (at most once);
//   - reminders queued while both run are e-mailed once each;
//   - an instance at another migration level refuses to start;
//   - the survivor, cut off from PostgreSQL, still answers checks and says
//     "degraded" in /healthz.
func TestInstances_TwoServersShareOnePostgreSQL(t *testing.T) {
	if os.Getenv(storetest.PostgresEnv) == "" {
		t.Skip("PostgreSQL not configured: set " + storetest.PostgresEnv + " (several instances share one PostgreSQL)")
	}
	dbURL := storetest.PostgresURL(t)
	centre := [2]*smpptest.Server{smpptest.Start(t, smpptest.Options{ReceiptDelay: 50 * time.Millisecond}), smpptest.Start(t, smpptest.Options{ReceiptDelay: 50 * time.Millisecond})}
	mails := mailtest.Start(t)
	bin := filepath.Join(t.TempDir(), "canhgiac")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}

	// The same keys in both data folders, as an operator copies them.
	dirs := [2]string{t.TempDir(), t.TempDir()}
	if _, err := seal.CreateFile(filepath.Join(dirs[0], seal.FileName)); err != nil {
		t.Fatal(err)
	}
	var rk [32]byte
	rand.Read(rk[:])
	if err := os.WriteFile(filepath.Join(dirs[0], "reporter.key"), []byte(hex.EncodeToString(rk[:])+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{seal.FileName, "reporter.key"} {
		b, err := os.ReadFile(filepath.Join(dirs[0], name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dirs[1], name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}

	const lease = 5 * time.Second
	var proxies [2]*pgProxy
	var inst [2]*instance
	for i := range inst {
		proxies[i] = startProxy(t, dbURL)
		env := []string{
			"CANHGIAC_SMPP_URL=smpp://" + centre[i].SystemID + ":" + centre[i].Password + "@" + centre[i].Addr,
			"CANHGIAC_SMPP_TPS=150",
			"CANHGIAC_SMTP_ADDR=" + mails.Addr,
			"CANHGIAC_CAMPAIGN_LEASE=" + lease.String(),
		}
		if i == 0 {
			env = append(env, "CANHGIAC_MIGRATE=yes", "CANHGIAC_DEMO=1") // the first migrates and loads the demo
		}
		inst[i] = startInstance(t, bin, fmt.Sprintf("máy %d", i+1), dirs[i], proxies[i].url, env)
	}
	passwords := map[string]string{}
	for _, m := range demoLine.FindAllStringSubmatch(inst[0].output(), -1) {
		passwords[m[1]] = m[2]
	}
	if len(passwords) < 6 {
		t.Fatalf("demo passwords not printed by the first instance: %s", inst[0].output())
	}

	// A session made on one instance is valid on the other.
	t.Run("session", func(t *testing.T) {
		c := newBrowser(t)
		user := ""
		for name, pw := range passwords {
			if loc := c.login(inst[0].base, name, pw); loc != "" && !strings.HasPrefix(loc, "/dang-nhap") {
				user = name
				break
			}
			c = newBrowser(t)
		}
		if user == "" {
			t.Fatal("no demo account signs in without a second factor")
		}
		r := c.get(inst[1].base + "/quan-tri/don-vi")
		if r.status != 200 || !strings.Contains(r.body, user) && !strings.Contains(r.body, "Đăng xuất") {
			t.Fatalf("the session of %s on the other instance: %d %q", user, r.status, r.loc)
		}
		// Signed out on the second, it has ended on the first too.
		if r := c.post(inst[1].base+"/dang-xuat", url.Values{}); r.status != http.StatusSeeOther {
			t.Fatalf("sign out: %d", r.status)
		}
		if r := c.get(inst[0].base + "/quan-tri/don-vi"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.loc, "/dang-nhap") {
			t.Fatalf("after signing out on the other instance: %d %q, want the sign-in page", r.status, r.loc)
		}
	})

	// A partner's report through one instance answers on the other's check.
	var key string
	t.Run("verdict", func(t *testing.T) {
		out, err := exec.Command(bin, "apikey", "add", "--db", dbURL, "--data", dirs[0], "--unit", "cao-bang-viettel", "--scopes", "check,report").CombinedOutput()
		m := regexp.MustCompile(`Bearer (\S+)`).FindSubmatch(out)
		if err != nil || m == nil {
			t.Fatalf("apikey add: %v %s", err, out)
		}
		key = string(m[1])
		const phone = "0977 000 515"
		verdict := func(base string) string {
			t.Helper()
			var a struct{ Verdict string }
			st, body := call(t, "GET", base+"/api/v1/check?q="+url.QueryEscape(phone), key, "")
			if st != 200 || json.Unmarshal([]byte(body), &a) != nil {
				t.Fatalf("check: %d %s", st, body)
			}
			return a.Verdict
		}
		if v := verdict(inst[1].base); v != "unknown" {
			t.Fatalf("before the report: %q", v)
		}
		st, body := call(t, "POST", inst[0].base+"/api/v1/reports", key, `{"reports":[{"indicators":["`+phone+`"],"tactic":"fraud"}]}`)
		if st != 200 {
			t.Fatalf("report: %d %s", st, body)
		}
		reported := time.Now()
		for verdict(inst[1].base) == "unknown" {
			if time.Since(reported) > 2*time.Second {
				t.Fatal("the other instance still answers unknown 2 s after the report")
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Logf("the other instance answered the report after %s", time.Since(reported).Round(time.Millisecond))
	})

	// The program's own services on the same database, for the test to
	// queue work and read outcomes.
	cfg := config.Default()
	cfg.DB, cfg.DataDir, cfg.Migrate, cfg.Instance = dbURL, dirs[0], "no", "kiểm thử"
	a, err := app.Open(context.Background(), cfg, app.Options{Out: io.Discard, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx := context.Background()

	// Reminders queued while both run are claimed, and e-mailed, once.
	t.Run("reminders", func(t *testing.T) {
		// What the instances sent at start is done first (a retried e-mail
		// of an earlier reminder would read like one of these).
		idle := func() bool {
			var n int
			a.DB.R.QueryRowContext(ctx, `SELECT count(*) FROM jobs WHERE state IN ('queued', 'running') AND run_at <= $1`, time.Now()).Scan(&n)
			return n == 0
		}
		waitUntil(t, 3*time.Minute, "the jobs due at start are done", idle)
		settle(mails)
		before := len(mails.Messages())
		rows, err := a.DB.R.QueryContext(ctx, `SELECT DISTINCT payload FROM jobs WHERE kind = $1`, remind.Kind)
		if err != nil {
			t.Fatal(err)
		}
		var payloads []string
		for rows.Next() {
			var p string
			rows.Scan(&p)
			payloads = append(payloads, p)
		}
		rows.Close()
		if len(payloads) == 0 {
			t.Fatal("no reminders were scheduled")
		}
		queued := 0
		events := map[string]bool{}
		for _, p := range payloads {
			// One "overdue" reminder per report (period and unit) scheduled.
			var pl struct {
				Period  string `json:"period"`
				Unit    int64  `json:"unit"`
				Overdue bool   `json:"overdue"`
			}
			json.Unmarshal([]byte(p), &pl)
			key := fmt.Sprintf("nhieu-may:%s:%d", pl.Period, pl.Unit)
			if events[key] {
				continue
			}
			events[key] = true
			pl.Overdue = true
			if ok, err := a.Jobs.Enqueue(ctx, nil, remind.Kind, key, time.Now(), pl); err != nil {
				t.Fatal(err)
			} else if ok {
				queued++
			}
		}
		waitUntil(t, 3*time.Minute, "the queued reminders and their e-mails ran", idle)
		settle(mails)
		got := mails.Messages()[before:]
		seen := map[string]int{}
		for _, m := range got {
			seen[strings.Join(m.To, ",")+"|"+m.Subject+"|"+m.Text]++
		}
		for k, n := range seen {
			if n > 1 {
				t.Errorf("e-mailed %d times: %.200s", n, k)
			}
		}
		if t.Failed() {
			rows, _ := a.DB.R.QueryContext(ctx, `SELECT kind, key, state, attempts, last_error FROM jobs WHERE attempts > 1 OR state <> 'done' ORDER BY id`)
			for rows.Next() {
				var kind, key, state, last string
				var attempts int
				rows.Scan(&kind, &key, &state, &attempts, &last)
				t.Logf("job %s %s: %s after %d attempts: %s", kind, key, state, attempts, last)
			}
			rows.Close()
		}
		if len(got) == 0 {
			t.Fatalf("%d reminders queued, no e-mail sent", queued)
		}
		t.Logf("%d reminders queued while both instances ran: %d e-mails, none twice", queued, len(got))
	})

	// A campaign is sent by one instance; killed, the other takes it over.
	var survivor int
	t.Run("campaign", func(t *testing.T) {
		// A campaign to a segment: prepared with its first page of 500
		// written, the other pages written by whichever instance sends,
		// on either side of the kill.
		const total = 3000
		sys := access.With(ctx, access.System())
		for i := range total {
			if _, err := a.Audience.Subscribe(sys, audience.Input{Phone: fmt.Sprintf("+849%08d", 31000000+i), Province: "Lai Châu", Groups: []string{"officials"}, Consent: true, Source: "instances_test"}); err != nil {
				t.Fatal(err)
			}
		}
		people, err := a.Audience.Reachable(ctx, "Lai Châu", []string{"officials"})
		if err != nil {
			t.Fatal(err)
		}
		var rs []dispatch.Recipient
		for _, p := range people {
			if p.Phone != "" {
				rs = append(rs, dispatch.Recipient{To: p.Phone})
			}
		}
		if len(rs) < total {
			t.Fatalf("%d people reachable in the segment, want at least %d", len(rs), total)
		}
		c, planned, err := a.Campaigns.Prepare(sys, dispatch.Draft{Name: "Hai máy chủ", Text: "Canh bao lua dao: khong chuyen tien cho nguoi la.",
			Segment: dispatch.Segment{Province: "Lai Châu", Groups: []string{"officials"}}, QuietStart: "00:00", QuietEnd: "00:00"}) // no quiet hours: the test runs at any time
		if err != nil {
			t.Fatal(err)
		}
		if planned != len(rs) {
			t.Fatalf("prepared for %d people, %d reachable", planned, len(rs))
		}
		if err := a.Campaigns.SetState(ctx, c.ID, dispatch.StateRunning, ""); err != nil {
			t.Fatal(err)
		}
		var sender int
		waitUntil(t, time.Minute, "one instance starts sending", func() bool {
			for i := range centre {
				if centre[i].Counts().Submits > 0 {
					sender = i
					return true
				}
			}
			return false
		})
		other := 1 - sender
		waitUntil(t, 2*time.Minute, "a third of the campaign is sent", func() bool { return centre[sender].Counts().Submits >= total/3 })
		if n := centre[other].Counts().Submits; n != 0 {
			t.Fatalf("both instances send the campaign: %d and %d submits", centre[sender].Counts().Submits, n)
		}
		inst[sender].kill()
		killed := time.Now()
		killedAt := centre[sender].Counts().Submits
		if killedAt >= total {
			t.Fatal("the campaign finished before the kill: nothing was tested")
		}
		waitUntil(t, 2*lease+time.Minute, "the other instance takes the campaign over", func() bool { return centre[other].Counts().Submits > 0 })
		took := time.Since(killed)
		// The lease runs out, then the survivor's loop looks within 2 s.
		if took > lease+2*time.Second+10*time.Second {
			t.Errorf("taken over %s after the kill; the lease is %s", took.Round(time.Millisecond), lease)
		}
		var n dispatch.Counts
		waitUntil(t, 3*time.Minute, "the campaign finishes", func() bool {
			n, _ = a.Campaigns.Counts(ctx, c.ID)
			return n.Finished()
		})
		unknown, err := a.Campaigns.Unknown(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		held := map[string]bool{}
		for _, u := range unknown {
			held[strings.TrimPrefix(u, "+")] = true
		}
		got := [2]smpptest.Counts{centre[0].Counts(), centre[1].Counts()}
		twice, missing := 0, 0
		for _, r := range rs {
			d := strings.TrimPrefix(r.To, "+")
			switch k := got[0].PerDest[d] + got[1].PerDest[d]; {
			case held[d] && k <= 1:
			case k == 1:
			case k == 0:
				missing++
			default:
				twice++
			}
		}
		t.Logf("killed after %d submits; taken over after %s; %d held as unknown; %+v", killedAt, took.Round(time.Millisecond), len(unknown), n)
		if twice > 0 || missing > 0 {
			t.Fatalf("%d numbers got the message more than once, %d never (and not held as unknown)", twice, missing)
		}
		if n.Unknown != len(unknown) || n.Unknown > 500 {
			t.Fatalf("unknown: %d listed, counts %+v", len(unknown), n)
		}
		survivor = other
	})
	if t.Failed() {
		return
	}

	// An instance of a newer program has migrated the database: this one
	// refuses to start, saying so.
	t.Run("migration level", func(t *testing.T) {
		if _, err := a.DB.W.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', now())`); err != nil {
			t.Fatal(err)
		}
		defer a.DB.W.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = 9999`)
		out, err := exec.Command(bin, "serve", "--db", dbURL, "--data", t.TempDir(), "--addr", "127.0.0.1:0").CombinedOutput()
		if err == nil || !strings.Contains(string(out), "cơ sở dữ liệu ở mức di chuyển 9999") || !strings.Contains(string(out), "hãy nâng cấp chương trình") {
			t.Fatalf("an older program on a newer database: %v %s", err, out)
		}
	})

	// Cut off from PostgreSQL, the survivor answers checks from its index
	// and says it is degraded.
	t.Run("database lost", func(t *testing.T) {
		base := inst[survivor].base
		proxies[survivor].Close()
		var h struct {
			Status, Database, Reason string
			IndexAsOf                string `json:"index_as_of"`
		}
		waitUntil(t, 30*time.Second, "/healthz says degraded", func() bool {
			st, body := call(t, "GET", base+"/healthz", "", "")
			return st == 200 && json.Unmarshal([]byte(body), &h) == nil && h.Status == "degraded"
		})
		if h.Database != "unreachable" || !strings.Contains(h.Reason, "Mất kết nối cơ sở dữ liệu") {
			t.Errorf("healthz: %+v", h)
		}
		if h.IndexAsOf == "" || !strings.Contains(h.Reason, "dữ liệu đến") {
			t.Errorf("healthz does not say how fresh the index is: %+v", h)
		}
		// Keyless, and with the partner's key the instance knew: answered.
		for _, k := range []string{"", key} {
			st, body := call(t, "GET", base+"/api/v1/check?q="+url.QueryEscape("0977 000 515"), k, "")
			if st != 200 || !strings.Contains(body, `"verdict":"suspicious"`) {
				t.Fatalf("a check without the database (key %t): %d %s", k != "", st, body)
			}
		}
	})
}

var demoLine = regexp.MustCompile(`(?m)^\s+([a-z0-9._-]+)\s+([A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4})\s`)

// instance is a running `canhgiac serve`.
type instance struct {
	t    *testing.T
	name string
	cmd  *exec.Cmd
	base string
	mu   sync.Mutex
	out  strings.Builder // stdout and stderr
	done chan struct{}
}

func startInstance(t *testing.T, bin, name, dir, dbURL string, env []string) *instance {
	t.Helper()
	in := &instance{t: t, name: name, done: make(chan struct{})}
	in.cmd = exec.Command(bin, "serve", "--data", dir, "--db", dbURL, "--addr", "127.0.0.1:0", "--log-level", "warn")
	in.cmd.Env = append(os.Environ(), env...)
	pr, pw := io.Pipe()
	in.cmd.Stdout, in.cmd.Stderr = pw, pw
	if err := in.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		running := regexp.MustCompile(`đang chạy: (http://[0-9.:]+)/`)
		for sc.Scan() {
			in.mu.Lock()
			in.out.WriteString(sc.Text() + "\n")
			in.mu.Unlock()
			if m := running.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case ready <- m[1]:
				default:
				}
			}
		}
	}()
	go func() { in.cmd.Wait(); pw.Close(); close(in.done) }()
	t.Cleanup(func() {
		in.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-in.done:
		case <-time.After(20 * time.Second):
			in.cmd.Process.Kill()
			<-in.done
		}
		if t.Failed() {
			t.Logf("%s said:\n%s", name, in.output())
		}
	})
	select {
	case in.base = <-ready:
	case <-in.done:
		t.Fatalf("%s stopped at start:\n%s", name, in.output())
	case <-time.After(3 * time.Minute):
		t.Fatalf("%s not ready after 3 minutes:\n%s", name, in.output())
	}
	return in
}

func (in *instance) output() string {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.out.String()
}

// kill ends the process as a crash does: SIGKILL, nothing finished.
func (in *instance) kill() {
	in.cmd.Process.Signal(syscall.SIGKILL)
	<-in.done
}

// pgProxy passes TCP connections to PostgreSQL until Close, which also
// cuts the open ones: the instance behind it loses its database.
type pgProxy struct {
	url   string
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func startProxy(t *testing.T, dbURL string) *pgProxy {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	target := u.Host
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &pgProxy{ln: ln}
	u.Host = ln.Addr().String()
	p.url = u.String()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
	t.Cleanup(p.Close)
	return p
}

func (p *pgProxy) Close() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// browser keeps cookies and the last CSRF token, and follows no redirect.
type browser struct {
	t    *testing.T
	http *http.Client
	csrf string
}

type answer struct {
	status    int
	loc, body string
}

func newBrowser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, http: &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfInput = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (b *browser) do(req *http.Request) answer {
	b.t.Helper()
	resp, err := b.http.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if m := csrfInput.FindSubmatch(body); m != nil {
		b.csrf = string(m[1])
	}
	return answer{status: resp.StatusCode, loc: resp.Header.Get("Location"), body: string(body)}
}

func (b *browser) get(u string) answer {
	req, _ := http.NewRequest("GET", u, nil)
	return b.do(req)
}

func (b *browser) post(u string, form url.Values) answer {
	form.Set("csrf_token", b.csrf)
	req, _ := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// login signs in and says where the program sent the browser next.
func (b *browser) login(base, user, pw string) string {
	b.get(base + "/dang-nhap")
	r := b.post(base+"/dang-nhap", url.Values{"username": {user}, "password": {pw}})
	if r.status != http.StatusSeeOther {
		return ""
	}
	if !strings.HasPrefix(r.loc, "/dang-nhap") {
		b.get(base + "/quan-tri/don-vi") // the session's CSRF token
	}
	return r.loc
}

func call(t *testing.T, method, u, key, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func waitUntil(t *testing.T, d time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s: %s", d, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// settle waits until the mail server has received nothing new for 3 s.
func settle(s *mailtest.Server) {
	n, quiet := len(s.Messages()), time.Now()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline) && time.Since(quiet) < 3*time.Second; {
		time.Sleep(200 * time.Millisecond)
		if m := len(s.Messages()); m != n {
			n, quiet = m, time.Now()
		}
	}
}
