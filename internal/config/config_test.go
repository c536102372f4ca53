package config

import (
	"flag"
	"strings"
	"testing"
	"time"
)

func TestFlagsOverrideEnvironment(t *testing.T) {
	c := Default()
	env := map[string]string{"CANHGIAC_ADDR": "127.0.0.1:9000", "CANHGIAC_DATA": "/srv/cg", "CANHGIAC_DEMO": "true"}
	if err := c.FromEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.ServeFlags(fs)
	if err := fs.Parse([]string{"--addr", "127.0.0.1:8181"}); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8181" || c.DataDir != "/srv/cg" || !c.Demo {
		t.Fatalf("config = %+v; want flag addr, env data and demo", c)
	}
}

func TestString_MasksTheDatabasePassword(t *testing.T) {
	c := Default()
	c.DB = "postgres://cg:s3cret@db.internal:5432/canhgiac"
	c.SMTPAddr, c.SMTPUser, c.SMTPPassword = "mail.internal:587", "canhgiac", "m@tkh@u"
	if s := c.String(); strings.Contains(s, "s3cret") || strings.Contains(s, "m@tkh@u") || !strings.Contains(s, "db.internal") || !strings.Contains(s, "mail.internal") {
		t.Fatalf("String() = %q; want host shown and password hidden", s)
	}
}

func TestValidate_SaysWhatIsWrongInVietnamese(t *testing.T) {
	c := Default()
	c.Addr = "localhost"
	c.DB = "mysql://x"
	err := c.Validate()
	if err == nil || !strings.Contains(err.Error(), "không hợp lệ") || !strings.Contains(err.Error(), "PostgreSQL") {
		t.Fatalf("Validate() = %v; want messages about --addr and --db", err)
	}
}

func TestMigrateAtStart_DefaultsBySQLiteOrPostgres(t *testing.T) {
	c := Default()
	if !c.MigrateAtStart() {
		t.Fatal("SQLite should migrate itself by default")
	}
	c.DB = "postgres://h/db"
	if c.MigrateAtStart() {
		t.Fatal("PostgreSQL should not migrate itself by default")
	}
}

func TestEvidenceSettings_FromEnvironmentCheckedAndKeyMasked(t *testing.T) {
	c := Default()
	if c.SuspiciousReporters != 3 || c.TipIndicators != 20 || c.Validate() != nil {
		t.Fatalf("defaults: %+v", c)
	}
	key := "bi-mat-cua-nguoi-to-giac-0123456789abcdef"
	env := map[string]string{"CANHGIAC_SUSPICIOUS_REPORTERS": "5", "CANHGIAC_TIP_MAX_INDICATORS": "10", "CANHGIAC_REPORT_MAX_INDICATORS": "80", "CANHGIAC_REPORTER_KEY": key}
	if err := c.FromEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if c.SuspiciousReporters != 5 || c.TipIndicators != 10 || c.ReportIndicators != 80 || c.ReporterKey != key || c.Validate() != nil {
		t.Fatalf("from the environment: %+v", c)
	}
	if s := c.String(); strings.Contains(s, key) || !strings.Contains(s, "suspicious_reporters=5") {
		t.Fatalf("String() = %q", s)
	}
	c.SuspiciousReporters, c.ReporterKey = 1, "ngan"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "CANHGIAC_SUSPICIOUS_REPORTERS") || !strings.Contains(err.Error(), "CANHGIAC_REPORTER_KEY quá ngắn") {
		t.Fatalf("Validate() = %v", err)
	}
}

func TestSessionLifetimes_ReadAndChecked(t *testing.T) {
	c := Default()
	if c.SessionIdle != 2*time.Hour || c.SessionMax != 12*time.Hour {
		t.Fatalf("defaults: idle %s, max %s; want 2h and 12h", c.SessionIdle, c.SessionMax)
	}
	env := map[string]string{"CANHGIAC_SESSION_IDLE": "30m", "CANHGIAC_SESSION_MAX": "8h"}
	if err := c.FromEnv(func(k string) string { return env[k] }); err != nil || c.SessionIdle != 30*time.Minute || c.SessionMax != 8*time.Hour {
		t.Fatalf("from the environment: %v, idle %s, max %s", err, c.SessionIdle, c.SessionMax)
	}
	if err := c.FromEnv(func(k string) string { return map[string]string{"CANHGIAC_SESSION_MAX": "12 giờ"}[k] }); err == nil || !strings.Contains(err.Error(), "2h") {
		t.Fatalf("a bad duration: %v", err)
	}
	for _, bad := range [][2]time.Duration{{time.Minute, time.Hour}, {3 * time.Hour, 2 * time.Hour}, {time.Hour, 30 * 24 * time.Hour}} {
		c := Default()
		c.SessionIdle, c.SessionMax = bad[0], bad[1]
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "session-idle") {
			t.Errorf("idle %s, max %s: %v, want refused", bad[0], bad[1], err)
		}
	}
}

func TestStartClock_OnlyWithTheDemoAndReadAsAnInstant(t *testing.T) {
	cases := []struct {
		name, value string
		demo        bool
		want        string // the start in UTC, or a word of the refusal
	}{
		{"UTC, in a demo", "2026-06-05T18:30:00Z", true, "2026-06-05T18:30:00Z"},
		{"Vietnam's offset, in a demo", "2026-06-06T01:30:00+07:00", true, "2026-06-05T18:30:00Z"},
		{"without the demo", "2026-06-05T18:30:00Z", false, "chỉ dùng được với --demo"},
		{"a date without a time", "05/06/2026", true, "2026-06-05T18:30:00Z (giờ UTC)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := Default()
			cfg.Demo = c.demo
			err := cfg.FromEnv(func(k string) string { return map[string]string{"CANHGIAC_CLOCK": c.value}[k] })
			if err == nil {
				err = cfg.Validate()
			}
			if err != nil {
				if !strings.Contains(err.Error(), c.want) {
					t.Fatalf("refused with %q; want it to say %q", err, c.want)
				}
				return
			}
			if got := cfg.StartClock.UTC().Format(time.RFC3339); got != c.want {
				t.Fatalf("start %s, want %s", got, c.want)
			}
			if !strings.Contains(cfg.String(), "clock="+c.want) {
				t.Errorf("the printed configuration does not show the set clock: %s", cfg.String())
			}
		})
	}
}

func TestTrustedProxies_AddressesAndRangesOrARefusalNamingTheEntry(t *testing.T) {
	c := Default()
	env := map[string]string{"CANHGIAC_TRUSTED_PROXIES": "10.0.0.1, 172.16.0.0/12,,::1"}
	if err := c.FromEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range c.TrustedProxies {
		got = append(got, p.String())
	}
	if strings.Join(got, " ") != "10.0.0.1/32 172.16.0.0/12 ::1/128" {
		t.Fatalf("trusted proxies %v", got)
	}
	c = Default()
	env["CANHGIAC_TRUSTED_PROXIES"] = "10.0.0.1, proxy.local"
	if err := c.FromEnv(func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), `"proxy.local" không phải địa chỉ`) {
		t.Fatalf("an unreadable entry: %v", err)
	}
}

func TestPublicBase_TheBaseURLElseTheListenAddress(t *testing.T) {
	for _, tc := range []struct{ addr, base, want string }{
		{"127.0.0.1:8080", "", "http://127.0.0.1:8080"},
		{"0.0.0.0:9000", "", "http://127.0.0.1:9000"},
		{":9001", "", "http://127.0.0.1:9001"},
		{"[::]:9002", "", "http://127.0.0.1:9002"},
		{"10.0.0.5:9003", "", "http://10.0.0.5:9003"},
		{"0.0.0.0:9000", "https://canhgiac.example.gov.vn/", "https://canhgiac.example.gov.vn"},
	} {
		c := Default()
		c.Addr, c.BaseURL = tc.addr, tc.base
		if got := c.PublicBase(); got != tc.want {
			t.Errorf("addr %q base %q: %q, want %q", tc.addr, tc.base, got, tc.want)
		}
	}
	c := Default()
	if c.BaseURL != "" {
		t.Fatalf("the default base URL is %q: links would not follow --addr", c.BaseURL)
	}
	for _, bad := range []string{"canhgiac.example.gov.vn", "ftp://canhgiac.example.gov.vn", "https://"} {
		c.BaseURL = bad
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "--base-url") {
			t.Errorf("base URL %q: %v", bad, err)
		}
	}
}
