// Package config holds the one typed configuration of the program, read from
// command-line flags over CANHGIAC_* environment variables, validated at
// start and printable with secrets masked. It is passed down, never global.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
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
}

// Default returns the configuration before flags and environment.
func Default() Config {
	return Config{Addr: "127.0.0.1:8080", DataDir: "./data", Migrate: "auto", LogFormat: "text", LogLevel: "info"}
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
	return errors.Join(boolean("CANHGIAC_DEMO", &c.Demo), boolean("CANHGIAC_SECURE_COOKIES", &c.SecureCookies))
}

// StorageFlags registers the flags every subcommand takes.
func (c *Config) StorageFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.DataDir, "data", c.DataDir, "data folder (SQLite file, uploads) [CANHGIAC_DATA]")
	fs.StringVar(&c.DB, "db", c.DB, "PostgreSQL URL postgres://…; empty for the embedded SQLite file [CANHGIAC_DB]")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json [CANHGIAC_LOG_FORMAT]")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn, error [CANHGIAC_LOG_LEVEL]")
}

// ServeFlags registers the flags of serve.
func (c *Config) ServeFlags(fs *flag.FlagSet) {
	c.StorageFlags(fs)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address host:port [CANHGIAC_ADDR]")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "load the demo data from the seeds into an empty database [CANHGIAC_DEMO]")
	fs.StringVar(&c.Migrate, "migrate", c.Migrate, "apply pending migrations at start: auto (SQLite yes, PostgreSQL no), yes, no [CANHGIAC_MIGRATE]")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", c.SecureCookies, "serve behind HTTPS: Secure cookies and HSTS [CANHGIAC_SECURE_COOKIES]")
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
	switch c.Migrate {
	case "auto", "yes", "no":
	default:
		errs = append(errs, fmt.Errorf("--migrate %q: chọn auto, yes hoặc no", c.Migrate))
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		errs = append(errs, fmt.Errorf("--log-format %q: chọn text hoặc json", c.LogFormat))
	}
	return errors.Join(errs...)
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
	return fmt.Sprintf("addr=%s data=%s db=%s demo=%t migrate=%s secure_cookies=%t log=%s/%s",
		c.Addr, c.DataDir, MaskURL(c.DB), c.Demo, c.Migrate, c.SecureCookies, c.LogFormat, c.LogLevel)
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
