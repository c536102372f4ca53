// Package app wires the program: Open builds store → services → web server,
// and Close ends them in the reverse order. It is the only place that knows
// every part; tests start the whole program through it.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/api"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/content"
	"github.com/canhgiac/canhgiac/internal/demo"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/dispatch/zalo"
	"github.com/canhgiac/canhgiac/internal/edge"
	"github.com/canhgiac/canhgiac/internal/inbound"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/jobs"
	"github.com/canhgiac/canhgiac/internal/mail"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/remind"
	"github.com/canhgiac/canhgiac/internal/report"
	"github.com/canhgiac/canhgiac/internal/seal"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/web"
)

// Version is set at build time with -ldflags "-X …/internal/app.Version=…".
var Version = "dev"

// App is the running program.
type App struct {
	Config   config.Config
	DB       *store.DB
	Clock    clock.Clock
	Log      *slog.Logger
	Org      *org.Service
	Auth     *auth.Service
	Plan     *plan.Service
	Activity *activity.Service
	Report   *report.Service
	Intel    *intel.Service
	Inbound  *inbound.Service // checks by SMS and Zalo
	Content  *content.Service
	Audience *audience.Service
	// Campaigns keeps campaigns and their messages and sends them; the
	// one service the console, the server's runners and the command line
	// use.
	Campaigns *dispatch.Service
	Jobs      *jobs.Queue
	Remind    *remind.Service
	Web       *web.Server // serves everything: the pages, and /api/ through API
	API       *api.Server
	Keys      *seal.Keys // seal personal data; nil when none is configured and none is needed

	mailer  mail.Sender         // nil without an SMTP server
	zalo    dispatch.Channel    // Zalo with its receipts (which Zalo posts to our webhook); zero without a Zalo token
	sim     *dispatch.Simulator // the demonstration's message centre; nil with a real one
	courier *courier            // confirmation codes and links

	loopHook func(name string, running bool) // tests: see loops

	indexAsOf atomic.Int64 // Unix nanoseconds of the check index's last read of the change log
}

// ErrSchemaBehind says the database needs `canhgiac migrate` first.
var ErrSchemaBehind = errors.New("schema behind")

// Options are what tests may change.
type Options struct {
	Clock  clock.Clock
	Out    io.Writer // where first-start messages (demo passwords) go
	Logger *slog.Logger
}

// NewLogger makes the structured logger the configuration asks for.
func NewLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// OpenStore opens the database of the configuration.
func OpenStore(ctx context.Context, cfg config.Config) (*store.DB, error) {
	return store.Open(ctx, store.Options{URL: cfg.DB, DataDir: cfg.DataDir})
}

// Open builds the program on an open configuration: the database (migrated
// when allowed), the services, the demo data when asked, the web server.
func Open(ctx context.Context, cfg config.Config, opt Options) (*App, error) {
	if opt.Clock == nil && !cfg.StartClock.IsZero() {
		opt.Clock = clock.StartingAt(cfg.StartClock)
	}
	if opt.Clock == nil {
		opt.Clock = clock.Real{}
	}
	if opt.Out == nil {
		opt.Out = os.Stdout
	}
	if opt.Logger == nil {
		opt.Logger = NewLogger(cfg, os.Stderr)
	}
	db, err := OpenStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, DB: db, Clock: opt.Clock, Log: opt.Logger}
	if err := a.checkSchema(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if a.Keys, err = OpenKeys(cfg, opt.Out); err == nil {
		err = a.checkKeys(ctx)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	a.Org = org.NewService(db, opt.Clock)
	a.Auth = auth.NewService(db, opt.Clock, a.Org)
	a.Auth.UseKeys(a.Keys)
	if cfg.SessionIdle > 0 && cfg.SessionMax >= cfg.SessionIdle {
		a.Auth.IdleTimeout, a.Auth.MaxSessionAge = cfg.SessionIdle, cfg.SessionMax
	}
	a.Plan = plan.NewService(db, opt.Clock, a.Org)
	a.Activity = activity.NewService(db, opt.Clock, a.Org)
	a.Report = report.NewService(db, opt.Clock, a.Org, a.Activity, a.Plan)
	// No code secret in the configuration: the verification codes use the
	// database's own random secret, so every instance prints the same codes.
	a.Content = content.NewService(db, opt.Clock, a.Org, a.Activity, nil)
	a.Report.CountQuizzesWith(a.Content)
	a.Report.NameSignersWith(a.Auth)
	a.Audience = audience.NewService(db, opt.Clock)
	a.Audience.ScopeWith(a.Org)
	a.Audience.UseKeys(a.Keys)
	a.Campaigns = dispatch.New(dispatch.Deps{DB: db, Clock: opt.Clock, Org: a.Org, Activity: a.Activity, Audience: a.Audience, Keys: a.Keys, Log: a.Log,
		Instance: cfg.InstanceName(), Lease: cfg.CampaignLease})
	a.Audience.UseMessages(a.Campaigns)
	a.Jobs = jobs.New(db, opt.Clock, a.Log, jobs.Options{})
	var mailer mail.Sender
	if cfg.SMTPAddr != "" {
		mailer = mail.SMTP{Addr: cfg.SMTPAddr, From: cfg.SMTPFrom, Username: cfg.SMTPUser, Password: cfg.SMTPPassword, StartTLS: true, Timeout: 20 * time.Second}
	}
	a.mailer = mailer
	mailInvitations(a.Auth, a.Jobs, mailer, cfg.PublicBase())
	if cfg.Demo && cfg.SMPPURL == "" {
		a.sim = dispatch.NewSimulator(50)
	}
	a.courier = &courier{log: a.Log, mail: mailer, withSM: readyChannels(cfg)["sms"]}
	if a.sim != nil {
		a.courier.useSMS(a.sim)
	}
	a.Audience.UseCourier(a.courier, cfg.PublicBase())
	var zaloHook http.Handler
	if cfg.ZaloToken != "" {
		var z *zalo.Sender
		z, err = zalo.New(zalo.Config{Token: zalo.StaticToken(cfg.ZaloToken), OABase: cfg.ZaloOAAPI, ZNSBase: cfg.ZaloZNSAPI, TemplateID: cfg.ZaloTemplate,
			AppID: cfg.ZaloAppID, OASecretKey: cfg.ZaloSecret, OnMessage: func(in zalo.Incoming) { a.answerZalo(context.WithoutCancel(ctx), in, z) }})
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("Zalo: %w", err)
		}
		tagged := dispatch.Tag("zalo", z)
		a.zalo = dispatch.Channel{Sender: func(*dispatch.Campaign) dispatch.Sender { return tagged }, Fatal: zalo.Fatal, Receipts: tagged.(dispatch.Receipts).Receipts()}
		zaloHook = z.Webhook()
	}
	a.Remind = remind.New(db, opt.Clock, a.Log, a.Org, a.Auth, a.Report, a.Jobs, mailer)
	a.Remind.Days, a.Remind.BaseURL, a.Remind.LeadTime, a.Remind.Plans = cfg.RemindDays, cfg.PublicBase(), a.Plan.RemindDays, a.Plan
	a.Intel = intel.NewService(db, opt.Clock)
	if a.Intel.ReporterKey, err = ReporterKey(cfg); err != nil {
		db.Close()
		return nil, err
	}
	a.Intel.SuspiciousReporters, a.Intel.MaxIndicatorsPerTip, a.Intel.MaxIndicatorsPerReport = cfg.SuspiciousReporters, cfg.TipIndicators, cfg.ReportIndicators
	a.Intel.National = func(ctx context.Context, unit int64) (bool, error) {
		up, err := a.Org.Ancestors(ctx, unit, a.Org.Today())
		return len(up) == 0, err
	}
	a.Intel.AreaOf = func(ctx context.Context) (intel.Area, error) {
		ar, err := a.Org.AreaOf(ctx, access.TipReview)
		return intel.Area{All: ar.All, Provinces: ar.Provinces}, err
	}
	a.Intel.UseKeys(a.Keys)
	a.Inbound = inbound.New(db, a.Intel.Checker(), opt.Clock, a.Intel.ReporterKey)
	a.Inbound.PerDay, a.Inbound.Number = cfg.CheckMessagesPerDay, cfg.CheckNumber
	if _, err := a.Intel.Checker().Load(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("check index: %w", err)
	}
	a.indexAsOf.Store(time.Now().UnixNano())
	if cfg.Demo {
		empty, err := a.Org.Empty(ctx)
		if err != nil {
			db.Close()
			return nil, err
		}
		if empty {
			a.Log.Info("loading demo data")
			if err := demo.Load(ctx, demo.Services{Org: a.Org, Auth: a.Auth, Plan: a.Plan, Activity: a.Activity, Report: a.Report, Intel: a.Intel, Content: a.Content}, opt.Out); err != nil {
				db.Close()
				return nil, fmt.Errorf("demo: %w", err)
			}
		}
	}
	// One handler serves both faces: the JSON API with its lean chain under
	// /api/, the portal and console elsewhere; they count into one registry.
	edge.TrustProxies(cfg.TrustedProxies)
	metrics := edge.NewMetrics()
	a.API = api.New(api.Services{Auth: a.Auth, Org: a.Org, Intel: a.Intel}, opt.Clock, a.Log, metrics, api.Options{PublicChecksPerMinute: cfg.PublicChecksPerMinute, ZaloWebhook: zaloHook})
	a.Web, err = web.New(db, web.Services{Org: a.Org, Auth: a.Auth, Plan: a.Plan, Activity: a.Activity, Report: a.Report, Remind: a.Remind, Intel: a.Intel, Content: a.Content, Audience: a.Audience, Campaigns: a.Campaigns}, opt.Clock, a.Log, web.Options{SecureCookies: cfg.SecureCookies, Version: Version, UploadDir: filepath.Join(cfg.DataDir, "uploads"), BaseURL: cfg.BaseURL, Channels: readyChannels(cfg), SimulatedSMS: cfg.Demo && cfg.SMPPURL == "", Inbox: inboxOf(a.sim), SendToCentre: a.simulatedMO(), API: a.API, Metrics: metrics, MetricsAccess: edge.MetricsAccess{From: cfg.MetricsFrom, Token: cfg.MetricsToken}, IndexAsOf: a.IndexAsOf,
		PublicLookupsPerMinute: cfg.PublicLookupsPerMinute, PublicFormsPerHour: cfg.PublicFormsPerHour, SubscriptionsPerContactPerDay: cfg.SubscriptionsPerContactPerDay})
	if err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) checkSchema(ctx context.Context) error {
	// Several instances share one database: one at another version of the
	// program must not run on it. A database ahead of this program (a newer
	// one migrated it) is refused whatever --migrate says.
	l, err := a.DB.Level(ctx)
	if err != nil {
		return err
	}
	if len(l.Unknown) > 0 {
		return l.AheadError()
	}
	if a.Config.MigrateAtStart() {
		applied, err := a.DB.Migrate(ctx, a.Clock.Now())
		for _, m := range applied {
			a.Log.Info("migrated", "migration", m.Name)
		}
		return err
	}
	pend, err := a.DB.Pending(ctx)
	if err != nil {
		return err
	}
	if len(pend) > 0 {
		names := make([]string, len(pend))
		for i, m := range pend {
			names[i] = m.Name
		}
		return fmt.Errorf("%w: cơ sở dữ liệu ở mức di chuyển %04d, chương trình này cần đến %04d (%d di chuyển chưa áp dụng: %s)",
			ErrSchemaBehind, l.Database, l.Program, len(pend), strings.Join(names, ", "))
	}
	return nil
}

// Serve answers HTTP on the configured address until ctx ends, then stops
// taking requests and lets those in flight finish (up to 15 s).
func (a *App) Serve(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", a.Config.Addr, err)
	}
	srv := &http.Server{Handler: a.Web, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, ErrorLog: slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	bg := newLoops(ctx, a.loopHook)
	defer bg.Stop() // after the HTTP server: stop taking work, then finish it
	if a.Config.PprofAddr != "" {
		// Loopback only (checked by config): profiles for the benchmarks.
		mux := http.NewServeMux()
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		prof := &http.Server{Addr: a.Config.PprofAddr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		bg.Go("profiler", func(ctx context.Context) {
			defer context.AfterFunc(ctx, func() { prof.Close() })()
			if err := prof.ListenAndServe(); err != nil && err != http.ErrServerClosed {
				a.Log.Error("profiler", "addr", a.Config.PprofAddr, "err", err)
			}
		})
	}
	bg.Go("jobs", func(ctx context.Context) { a.Jobs.Run(ctx) }) // the running job finishes and records its outcome
	bg.Go("reminders", a.schedule)
	bg.Go("check index", func(ctx context.Context) { a.followIndex(ctx, time.Second) })
	bg.Go("api usage", func(ctx context.Context) { a.Auth.FollowAPIUsage(ctx, time.Second) })     // the API keys' last counts are written
	bg.Go("page views", func(ctx context.Context) { a.Content.FollowViews(ctx, 10*time.Second) }) // the portal's last page views are written
	bg.Go("scheduled publication", func(ctx context.Context) { a.publishDue(ctx, 30*time.Second) })
	bg.Go("campaigns", a.runCampaigns)
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	err = srv.Shutdown(sctx)
	<-errc // Serve has returned
	return err
}

// followIndex keeps the check index up with the change log (what other
// instances decided reaches this one's answers within a second or two),
// noting when it last read it. While the database is out of reach the
// index keeps answering from what it holds, and /healthz says since when.
func (a *App) followIndex(ctx context.Context, every time.Duration) {
	failing := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
		if _, err := a.Intel.Checker().Refresh(ctx); err != nil {
			if !failing && ctx.Err() == nil {
				a.Log.Error("check index: cannot read the change log; answering from the index as it is", "err", err)
			}
			failing = true
			continue
		}
		if failing {
			a.Log.Info("check index: reading the change log again")
		}
		failing = false
		a.indexAsOf.Store(time.Now().UnixNano())
	}
}

// IndexAsOf is when the check index last read the change log.
func (a *App) IndexAsOf() time.Time {
	if n := a.indexAsOf.Load(); n != 0 {
		return time.Unix(0, n)
	}
	return time.Time{}
}

// schedule keeps the reminders of this year and the next scheduled: at
// start and every few hours (new accounts, new periods). Scheduling is
// idempotent, so several instances may all do it.
func (a *App) schedule(ctx context.Context) {
	for {
		year := a.Clock.Now().Year()
		for _, y := range []int{year, year + 1} {
			if _, err := a.Remind.Schedule(ctx, y); err != nil && ctx.Err() == nil {
				a.Log.Error("schedule reminders", "year", y, "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(6 * time.Hour):
		}
	}
}

// Close releases the database.
func (a *App) Close() error {
	if a.sim != nil {
		a.sim.Close()
	}
	return a.DB.Close()
}

// publishDue publishes scheduled portal content when its time comes. Every
// instance may run it: publishing a due item is one transaction that only
// one of them wins.
func (a *App) publishDue(ctx context.Context, every time.Duration) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
			if n, err := a.Content.PublishDue(ctx, a.Clock.Now()); err != nil {
				a.Log.Error("scheduled publication", "err", err)
			} else if n > 0 {
				a.Log.Info("scheduled publication", "published", n)
			}
		}
	}
}
