// Package config holds the one typed configuration of the program, read from
// command-line flags over CANHGIAC_* environment variables, validated at
// start and printable with secrets masked. It is passed down, never global.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is everything the program can be told at start.
type Config struct {
	Addr          string // listen address of serve
	DataDir       string // folder of the SQLite file and uploads
	DB            string // postgres://… to use PostgreSQL; empty for SQLite
	Demo          bool   // load the demo data into an empty database
	Migrate       string // "auto" (SQLite: yes, PostgreSQL: no), "yes", "no"
	SecureCookies bool   // cookies only over HTTPS, and HSTS (behind TLS)
	LogFormat     string // text or json
	LogLevel      string // debug, info, warn, error
	BaseURL       string // the public address people open, for links in feeds, pages and e-mails; empty: the address the server listens on
	SMTPAddr      string // host:port of the mail server; empty: no e-mail, in-app notices only
	SMTPFrom      string
	SMTPUser      string
	SMTPPassword  string // from the environment only, never a flag
	RemindDays    int    // days before a due date to remind
	PprofAddr     string // loopback host:port for Go's profiler; empty: off
	SMPPURL       string // smpp://SYSTEM_ID:PASSWORD@HOST:PORT[?carrier=…], several separated by spaces; from the environment only (it holds a password)
	SMPPTPS       int    // messages a second to each message centre (0: no limit)
	SMPPPorted    string // CSV file of ported numbers: phone,carrier
	ZaloToken     string // Official Account access token; from the environment only
	ZaloOAAPI     string // base of the OA API (default https://openapi.zalo.me)
	ZaloZNSAPI    string // base of the ZNS API (default https://business.openapi.zalo.me)
	ZaloTemplate  string // ZNS template for messages to phone numbers
	ZaloAppID     string // for checking Zalo's delivery webhooks
	ZaloSecret    string // OA secret key, for checking Zalo's webhooks; environment only
	WebhookURL    string // a partner's endpoint for the webhook channel
	WebhookSecret string // signs webhook requests; environment only
	// ReporterKey keys the hashes of reporters' addresses and devices;
	// environment only. Empty: a key file in the data folder, made on
	// first start (several instances must share one key).
	ReporterKey         string
	SuspiciousReporters int    // distinct reporters that make an indicator suspicious
	TipIndicators       int    // the most indicators one citizen's tip may name
	ReportIndicators    int    // the most indicators one partner report may name
	KeyFile             string // the file of the keys that seal personal data; empty: CANHGIAC_KEY, or <data>/canhgiac.key when it exists
	Key                 string // base64 sealing keys (current first, comma-separated); environment only

	// StartClock, when set (CANHGIAC_CLOCK, demo only), is the time the
	// program's clock shows at start; it runs on from there, so a demo or
	// a check from outside can be held at a chosen moment (01:00 in
	// Vietnam on the day after a deadline).
	StartClock time.Time

	// Console sessions: one left unused SessionIdle ends, and every one ends
	// SessionMax after sign-in however busy.
	SessionIdle time.Duration
	SessionMax  time.Duration
	// Public meters per client address (0: the defaults 600, 60, 10, 3).
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (CANHGIAC_TRUSTED_PROXIES); none by default.
	TrustedProxies                []netip.Prefix
	PublicChecksPerMinute         int // keyless API checks (items)
	PublicLookupsPerMinute        int // /tra-cuu, and apart the /thong-ke windows counted
	PublicFormsPerHour            int // each public form
	SubscriptionsPerContactPerDay int // /dang-ky per phone, e-mail or Zalo id

	// /metrics is shown to loopback, to the networks in MetricsFrom
	// (CANHGIAC_METRICS_FROM) and to a scraper presenting MetricsToken as a
	// bearer token (CANHGIAC_METRICS_TOKEN, environment only); to nobody else.
	MetricsFrom  []netip.Prefix
	MetricsToken string
	// Checks by message (SMS "KT …" to CheckNumber, Zalo): answered
	// checks per sender a day (0: 10).
	CheckNumber         string
	CheckMessagesPerDay int

	// Several instances on one database: Instance names this one in
	// campaigns' leases (CANHGIAC_INSTANCE; default: the host's name and
	// the data folder, so two instances never share it); CampaignLease is
	// how long a campaign's lease lasts without renewal
	// (CANHGIAC_CAMPAIGN_LEASE, default 30s): the longest a campaign waits
	// after its instance died before another takes it over.
	Instance      string
	CampaignLease time.Duration
}

// Default returns the configuration before flags and environment.
func Default() Config {
	return Config{Addr: "127.0.0.1:8080", DataDir: "./data", Migrate: "auto", LogFormat: "text", LogLevel: "info",
		SMTPFrom: "canhgiac@localhost", RemindDays: 7, SuspiciousReporters: 3, TipIndicators: 20, ReportIndicators: 50,
		SessionIdle: 2 * time.Hour, SessionMax: 12 * time.Hour, CampaignLease: 30 * time.Second}
}

// FromEnv applies CANHGIAC_* variables over c.
func (c *Config) FromEnv(getenv func(string) string) error {
	str := func(name string, dst *string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	boolean := func(name string, dst *bool) error {
		if v := getenv(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("%s=%q: not true/false", name, v)
			}
			*dst = b
		}
		return nil
	}
	str("CANHGIAC_ADDR", &c.Addr)
	str("CANHGIAC_DATA", &c.DataDir)
	str("CANHGIAC_DB", &c.DB)
	str("CANHGIAC_MIGRATE", &c.Migrate)
	str("CANHGIAC_LOG_FORMAT", &c.LogFormat)
	str("CANHGIAC_LOG_LEVEL", &c.LogLevel)
	str("CANHGIAC_BASE_URL", &c.BaseURL)
	str("CANHGIAC_PPROF_ADDR", &c.PprofAddr)
	str("CANHGIAC_SMPP_URL", &c.SMPPURL)
	if v := getenv("CANHGIAC_SMPP_TPS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fmt.Errorf("CANHGIAC_SMPP_TPS=%q: cần một số tin mỗi giây (0: không giới hạn)", v)
		}
		c.SMPPTPS = n
	}
	str("CANHGIAC_SMPP_PORTED", &c.SMPPPorted)
	str("CANHGIAC_ZALO_TOKEN", &c.ZaloToken)
	str("CANHGIAC_ZALO_OA_API", &c.ZaloOAAPI)
	str("CANHGIAC_ZALO_ZNS_API", &c.ZaloZNSAPI)
	str("CANHGIAC_ZALO_TEMPLATE", &c.ZaloTemplate)
	str("CANHGIAC_ZALO_APP_ID", &c.ZaloAppID)
	str("CANHGIAC_ZALO_SECRET", &c.ZaloSecret)
	str("CANHGIAC_WEBHOOK_URL", &c.WebhookURL)
	str("CANHGIAC_WEBHOOK_SECRET", &c.WebhookSecret)
	str("CANHGIAC_KEY_FILE", &c.KeyFile)
	str("CANHGIAC_KEY", &c.Key)
	str("CANHGIAC_SMTP_ADDR", &c.SMTPAddr)
	str("CANHGIAC_SMTP_FROM", &c.SMTPFrom)
	str("CANHGIAC_SMTP_USER", &c.SMTPUser)
	str("CANHGIAC_SMTP_PASSWORD", &c.SMTPPassword)
	str("CANHGIAC_REPORTER_KEY", &c.ReporterKey)
	str("CANHGIAC_CHECK_NUMBER", &c.CheckNumber)
	str("CANHGIAC_INSTANCE", &c.Instance)
	for _, n := range []struct {
		name string
		dst  *int
	}{{"CANHGIAC_SUSPICIOUS_REPORTERS", &c.SuspiciousReporters}, {"CANHGIAC_TIP_MAX_INDICATORS", &c.TipIndicators}, {"CANHGIAC_REPORT_MAX_INDICATORS", &c.ReportIndicators},
		{"CANHGIAC_PUBLIC_CHECKS_PER_MINUTE", &c.PublicChecksPerMinute}, {"CANHGIAC_PUBLIC_LOOKUPS_PER_MINUTE", &c.PublicLookupsPerMinute},
		{"CANHGIAC_PUBLIC_FORMS_PER_HOUR", &c.PublicFormsPerHour}, {"CANHGIAC_SUBSCRIPTIONS_PER_CONTACT_PER_DAY", &c.SubscriptionsPerContactPerDay},
		{"CANHGIAC_CHECK_MESSAGES_PER_DAY", &c.CheckMessagesPerDay}} {
		if v := getenv(n.name); v != "" {
			x, err := strconv.Atoi(v)
			if err != nil {
				return fmt.Errorf("%s=%q: cần một số nguyên", n.name, v)
			}
			*n.dst = x
		}
	}
	for _, p := range []struct {
		name string
		dst  *[]netip.Prefix
	}{{"CANHGIAC_TRUSTED_PROXIES", &c.TrustedProxies}, {"CANHGIAC_METRICS_FROM", &c.MetricsFrom}} {
		ps, err := prefixes(getenv(p.name))
		if err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
		if ps != nil {
			*p.dst = ps
		}
	}
	str("CANHGIAC_METRICS_TOKEN", &c.MetricsToken)
	if v := getenv("CANHGIAC_CLOCK"); v != "" {
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("CANHGIAC_CLOCK=%q: cần một thời điểm dạng 2026-06-05T18:30:00Z (giờ UTC) hoặc 2026-06-06T01:30:00+07:00", v)
		}
		c.StartClock = t
	}
	if v := getenv("CANHGIAC_REMIND_DAYS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("CANHGIAC_REMIND_DAYS=%q: not a number", v)
		}
		c.RemindDays = n
	}
	duration := func(name string, dst *time.Duration) error {
		if v := getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil {
				return fmt.Errorf("%s=%q: cần một khoảng thời gian như 2h, 90m", name, v)
			}
			*dst = d
		}
		return nil
	}
	return errors.Join(boolean("CANHGIAC_DEMO", &c.Demo), boolean("CANHGIAC_SECURE_COOKIES", &c.SecureCookies),
		duration("CANHGIAC_SESSION_IDLE", &c.SessionIdle), duration("CANHGIAC_SESSION_MAX", &c.SessionMax),
		duration("CANHGIAC_CAMPAIGN_LEASE", &c.CampaignLease))
}

// StorageFlags registers the flags every subcommand takes.
func (c *Config) StorageFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.DataDir, "data", c.DataDir, "data folder (SQLite file, uploads) [CANHGIAC_DATA]")
	fs.StringVar(&c.DB, "db", c.DB, "PostgreSQL URL postgres://…; empty for the embedded SQLite file [CANHGIAC_DB]")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json [CANHGIAC_LOG_FORMAT]")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn, error [CANHGIAC_LOG_LEVEL]")
	fs.StringVar(&c.KeyFile, "key-file", c.KeyFile, "file of the keys sealing personal data (default: <data>/canhgiac.key if it exists) [CANHGIAC_KEY_FILE]")
}

// ServeFlags registers the flags of serve.
func (c *Config) ServeFlags(fs *flag.FlagSet) {
	c.StorageFlags(fs)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address host:port [CANHGIAC_ADDR]")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "load the demo data from the seeds into an empty database [CANHGIAC_DEMO]")
	fs.StringVar(&c.Migrate, "migrate", c.Migrate, "apply pending migrations at start: auto (SQLite yes, PostgreSQL no), yes, no [CANHGIAC_MIGRATE]")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", c.SecureCookies, "serve behind HTTPS: Secure cookies and HSTS [CANHGIAC_SECURE_COOKIES]")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "the public address people open (https://…), for links in feeds, shared pages and e-mails; empty: the address the server listens on [CANHGIAC_BASE_URL]")
	fs.StringVar(&c.SMTPAddr, "smtp-addr", c.SMTPAddr, "mail server host:port for reminders; empty: in-app notices only [CANHGIAC_SMTP_ADDR]")
	fs.StringVar(&c.SMTPFrom, "smtp-from", c.SMTPFrom, "sender address of e-mails [CANHGIAC_SMTP_FROM]")
	fs.StringVar(&c.SMTPUser, "smtp-user", c.SMTPUser, "mail server login; the password only from CANHGIAC_SMTP_PASSWORD [CANHGIAC_SMTP_USER]")
	fs.IntVar(&c.RemindDays, "remind-days", c.RemindDays, "days before a report's due date to remind [CANHGIAC_REMIND_DAYS]")
	fs.DurationVar(&c.SessionIdle, "session-idle", c.SessionIdle, "a console session left unused this long ends, e.g. 2h, 30m [CANHGIAC_SESSION_IDLE]")
	fs.DurationVar(&c.SessionMax, "session-max", c.SessionMax, "every console session ends this long after sign-in, however busy, e.g. 12h [CANHGIAC_SESSION_MAX]")
	fs.StringVar(&c.PprofAddr, "pprof-addr", c.PprofAddr, "serve Go's profiler (net/http/pprof) on this loopback address, e.g. 127.0.0.1:6060; empty: off [CANHGIAC_PPROF_ADDR]")
}

// PublicBase is the address links outside a request (e-mails, printed
// invitations) start with: BaseURL when set, else the listen address, with
// a wildcard host read as the machine itself.
func (c Config) PublicBase() string {
	if b := strings.TrimRight(strings.TrimSpace(c.BaseURL), "/"); b != "" {
		return b
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return "http://" + c.Addr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// Validate checks the configuration and says in one line what is wrong.
func (c *Config) Validate() error {
	var errs []error
	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		errs = append(errs, fmt.Errorf("địa chỉ --addr %q không hợp lệ (dạng host:cổng, ví dụ 127.0.0.1:8080)", c.Addr))
	}
	if c.DB != "" {
		u, err := url.Parse(c.DB)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
			errs = append(errs, errors.New("--db phải là URL PostgreSQL dạng postgres://người_dùng:mật_khẩu@máy:5432/tên_csdl"))
		}
	} else if strings.TrimSpace(c.DataDir) == "" {
		errs = append(errs, errors.New("--data không được để trống"))
	}
	if b := strings.TrimSpace(c.BaseURL); b != "" {
		if u, err := url.Parse(b); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("--base-url %q: cần địa chỉ đầy đủ mà mọi người mở, ví dụ https://canhgiac.example.gov.vn", c.BaseURL))
		}
	}
	switch c.Migrate {
	case "auto", "yes", "no":
	default:
		errs = append(errs, fmt.Errorf("--migrate %q: chọn auto, yes hoặc no", c.Migrate))
	}
	if c.PprofAddr != "" {
		if host, _, err := net.SplitHostPort(c.PprofAddr); err != nil || !net.ParseIP(host).IsLoopback() {
			errs = append(errs, fmt.Errorf("--pprof-addr %q: chỉ được dùng địa chỉ loopback (ví dụ 127.0.0.1:6060)", c.PprofAddr))
		}
	}
	if !c.StartClock.IsZero() && !c.Demo {
		errs = append(errs, errors.New("CANHGIAC_CLOCK chỉ dùng được với --demo: đặt giờ khởi đầu cho đồng hồ là để trình diễn và kiểm thử, không dùng với dữ liệu thật (mọi ngày gửi, ngày hoạt động sẽ sai)"))
	}
	if c.RemindDays < 1 || c.RemindDays > 60 {
		errs = append(errs, fmt.Errorf("--remind-days %d: chọn từ 1 đến 60 ngày", c.RemindDays))
	}
	if c.SuspiciousReporters < 2 || c.SuspiciousReporters > 100 {
		errs = append(errs, fmt.Errorf("CANHGIAC_SUSPICIOUS_REPORTERS %d: chọn từ 2 đến 100 người tố giác khác nhau", c.SuspiciousReporters))
	}
	if c.TipIndicators < 1 || c.TipIndicators > 200 {
		errs = append(errs, fmt.Errorf("CANHGIAC_TIP_MAX_INDICATORS %d: chọn từ 1 đến 200 chỉ dấu mỗi tố giác", c.TipIndicators))
	}
	if c.ReportIndicators < 1 || c.ReportIndicators > 1000 {
		errs = append(errs, fmt.Errorf("CANHGIAC_REPORT_MAX_INDICATORS %d: chọn từ 1 đến 1000 chỉ dấu mỗi tố giác của đối tác", c.ReportIndicators))
	}
	if c.ReporterKey != "" && len(c.ReporterKey) < 32 {
		errs = append(errs, errors.New("CANHGIAC_REPORTER_KEY quá ngắn: cần ít nhất 32 ký tự ngẫu nhiên (ví dụ: openssl rand -hex 32)"))
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 32 {
		errs = append(errs, errors.New("CANHGIAC_METRICS_TOKEN quá ngắn: cần ít nhất 32 ký tự ngẫu nhiên (ví dụ: openssl rand -hex 32)"))
	}
	if c.SMTPAddr != "" {
		if _, _, err := net.SplitHostPort(c.SMTPAddr); err != nil {
			errs = append(errs, fmt.Errorf("--smtp-addr %q không hợp lệ (dạng máy:cổng, ví dụ mail.example.gov.vn:587)", c.SMTPAddr))
		}
	}
	if c.WebhookURL != "" {
		if u, err := url.Parse(c.WebhookURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs = append(errs, errors.New("CANHGIAC_WEBHOOK_URL không hợp lệ (cần một địa chỉ http:// hoặc https://, nên là https://)"))
		} else if c.WebhookSecret == "" {
			errs = append(errs, errors.New("CANHGIAC_WEBHOOK_URL cần kèm CANHGIAC_WEBHOOK_SECRET (khóa ký từng yêu cầu, thỏa thuận với đối tác)"))
		}
	}
	if c.SessionIdle < 5*time.Minute || c.SessionMax < c.SessionIdle || c.SessionMax > 7*24*time.Hour {
		errs = append(errs, fmt.Errorf("--session-idle %s, --session-max %s: cần 5m ≤ session-idle ≤ session-max ≤ 168h (7 ngày)", c.SessionIdle, c.SessionMax))
	}
	if c.CampaignLease < 3*time.Second || c.CampaignLease > 10*time.Minute {
		errs = append(errs, fmt.Errorf("CANHGIAC_CAMPAIGN_LEASE %s: chọn từ 3s đến 10m (thời gian một máy chủ giữ chiến dịch đang gửi mà không gia hạn)", c.CampaignLease))
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		errs = append(errs, fmt.Errorf("--log-format %q: chọn text hoặc json", c.LogFormat))
	}
	return errors.Join(errs...)
}

// prefixes reads a comma-separated list of addresses and networks.
func prefixes(v string) ([]netip.Prefix, error) {
	var ps []netip.Prefix
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			if a, err := netip.ParseAddr(part); err == nil {
				part = netip.PrefixFrom(a, a.BitLen()).String()
			}
		}
		pfx, err := netip.ParsePrefix(part)
		if err != nil {
			return nil, fmt.Errorf("%q không phải địa chỉ hay dải địa chỉ (ví dụ 127.0.0.1, 10.0.0.0/8)", part)
		}
		ps = append(ps, pfx.Masked())
	}
	return ps, nil
}

// InstanceName is this instance's name among several on one database:
// CANHGIAC_INSTANCE, or the host's name and the data folder's absolute
// path.
func (c Config) InstanceName() string {
	if c.Instance != "" {
		return c.Instance
	}
	host, _ := os.Hostname()
	dir, err := filepath.Abs(c.DataDir)
	if err != nil {
		dir = c.DataDir
	}
	return host + ":" + dir
}

// MigrateAtStart says whether serve applies pending migrations itself.
func (c *Config) MigrateAtStart() bool {
	switch c.Migrate {
	case "yes":
		return true
	case "no":
		return false
	}
	return c.DB == ""
}

// String prints the configuration with the database password masked.
func (c Config) String() string {
	smtp := "(none)"
	if c.SMTPAddr != "" {
		smtp = c.SMTPAddr
		if c.SMTPUser != "" {
			smtp = c.SMTPUser + ":xxxxx@" + c.SMTPAddr
		}
	}
	smsc := "(none)"
	if c.SMPPURL != "" {
		var ms []string
		for _, u := range strings.Fields(c.SMPPURL) {
			ms = append(ms, MaskURL(u))
		}
		smsc = strings.Join(ms, " ")
	}
	zalo := "(none)"
	if c.ZaloToken != "" {
		zalo = "token:xxxxx"
	}
	hook := "(none)"
	if c.WebhookURL != "" {
		hook = MaskURL(c.WebhookURL)
	}
	rkey := "file"
	if c.ReporterKey != "" {
		rkey = "env:xxxxx"
	}
	key := "(default)"
	switch {
	case c.Key != "":
		key = "CANHGIAC_KEY:xxxxx"
	case c.KeyFile != "":
		key = c.KeyFile
	}
	return fmt.Sprintf("addr=%s data=%s db=%s demo=%t migrate=%s secure_cookies=%t log=%s/%s smtp=%s smpp=%s zalo=%s webhook=%s remind_days=%d reporter_key=%s suspicious_reporters=%d tip_max_indicators=%d report_max_indicators=%d key=%s session=%s/%s instance=%s campaign_lease=%s%s",
		c.Addr, c.DataDir, MaskURL(c.DB), c.Demo, c.Migrate, c.SecureCookies, c.LogFormat, c.LogLevel, smtp, smsc, zalo, hook, c.RemindDays, rkey, c.SuspiciousReporters, c.TipIndicators, c.ReportIndicators, key,
		c.SessionIdle, c.SessionMax, c.InstanceName(), c.CampaignLease, startClock(c.StartClock))
}

// startClock tells, for the printed configuration, where a set clock starts.
func startClock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return " clock=" + t.UTC().Format(time.RFC3339)
}

// MaskURL hides the password of a URL.
func MaskURL(s string) string {
	if s == "" {
		return "(sqlite)"
	}
	u, err := url.Parse(s)
	if err != nil {
		return "(invalid URL)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	if u.RawQuery != "" && u.Scheme != "postgres" && u.Scheme != "postgresql" && u.Scheme != "smpp" {
		u.RawQuery = "xxxxx" // a partner's key may ride in the query
	}
	return u.String()
}

// Load is the usual sequence: defaults, environment, then the flags of fs
// parsed from args.
func Load(fs *flag.FlagSet, args []string, register func(*Config, *flag.FlagSet)) (Config, error) {
	c := Default()
	if err := c.FromEnv(os.Getenv); err != nil {
		return c, err
	}
	register(&c, fs)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	return c, c.Validate()
}
