// Package web is the program's face for people: the public portal and the
// staff console under /quan-tri/. Handlers return errors and one adapter
// turns them into a Vietnamese page; they call the domain services, which do
// their own authorisation. The JSON API for machines is package api's: web
// only hands /api/ to the handler it is given. Nothing here runs SQL except
// the health check's ping.
package web

import (
	"time"

	"context"
	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/content"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/edge"
	"log/slog"
	"net/http"
	"sync"

	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/planimport"
	"github.com/canhgiac/canhgiac/internal/remind"
	"github.com/canhgiac/canhgiac/internal/report"
)

// Options configure the server.
type Options struct {
	SecureCookies bool // HTTPS in front: Secure cookies and HSTS
	Version       string
	UploadDir     string // where evidence files are kept, by content hash
	// PublicLookupsPerMinute limits /tra-cuu per address, and apart from it
	// the /thong-ke windows not in the page cache; 0 takes 60.
	PublicLookupsPerMinute int
	// PublicFormsPerHour limits the submissions of each public form
	// (report, additions, removal request, subscription) per address;
	// 0 takes 10.
	PublicFormsPerHour int
	// SubscriptionsPerContactPerDay limits /dang-ky per phone, e-mail or
	// Zalo id; 0 takes 3.
	SubscriptionsPerContactPerDay int
	// BaseURL is the portal's public address, for feeds, QR codes and
	// shared links; empty: the address each request came to.
	BaseURL string
	// Channels are the campaign channels this server can send on
	// (configured): the console says which are not, before anyone
	// prepares a campaign that could not go.
	Channels map[string]bool
	// SimulatedSMS says SMS goes to the demonstration's simulated message
	// centre (serve --demo without one): the console says so.
	SimulatedSMS bool
	// Inbox, in that case, lists what the simulated phones received, for
	// the console's "Hộp thư thử" (nil: no such page).
	Inbox func() [][]dispatch.Received
	// SendToCentre, in that case, sends a message to the service number as
	// the phone from would (a check by SMS: "KT 0389 000 000"); the answer
	// appears in that phone's inbox.
	SendToCentre func(ctx context.Context, from, text string) error
	// API serves /api/ with its own lean chain (nil: /api/ is not
	// served); the program serves both faces from this one handler.
	API http.Handler
	// Metrics are the registry /metrics shows and the request series,
	// shared with the API (nil: the server makes its own).
	Metrics *edge.Metrics
	// MetricsAccess says who besides loopback may read /metrics.
	MetricsAccess edge.MetricsAccess
	// IndexAsOf is when the check index last read the change log (nil:
	// not said): /healthz tells it when the database is out of reach and
	// checks are answered from the index alone.
	IndexAsOf func() time.Time
}

// Server holds what handlers need.
type Server struct {
	db            Database
	org           *org.Service
	auth          *auth.Service
	plan          *plan.Service
	activity      *activity.Service
	report        *report.Service
	remind        *remind.Service
	intel         *intel.Service
	content       *content.Service
	pages         pageCache
	days          dayCache
	audience      *audience.Service
	dispatch      *dispatch.Service
	clock         clock.Clock
	log           *slog.Logger
	opt           Options
	tmpl          *templates
	assets        *assets
	metrics       *edge.Metrics
	handler       http.Handler
	consoleRoutes []string
	publicRoutes  []string
	consolePerms  map[string]access.Permission // pattern → the permission beside it in routes.go
	limits        *limits                      // the public endpoints' meters (meter.go)
	pdfOnce       sync.Once
	pdf           *planimport.PDFReader // reads uploaded PDF plans; started on first use
}

// Services are the domain services the handlers call.
type Services struct {
	Org      *org.Service
	Auth     *auth.Service
	Plan     *plan.Service
	Activity *activity.Service
	Report   *report.Service
	Remind   *remind.Service
	Intel    *intel.Service
	Content  *content.Service
	Audience *audience.Service
	// Campaigns is the campaign service, built once by the program's
	// wiring (app.Open) and shared with the runners and the command line.
	Campaigns *dispatch.Service
}

// Database is what the pages ask of the database itself: whether it
// answers, for the health check. Everything else goes through services.
type Database interface {
	Ping(ctx context.Context) error
}

// New builds the server: templates and assets are parsed and fingerprinted
// once here, so a broken template stops the program at start.
func New(db Database, sv Services, clk clock.Clock, log *slog.Logger, opt Options) (*Server, error) {
	s := &Server{limits: newLimits(opt), db: db, org: sv.Org, auth: sv.Auth, plan: sv.Plan, activity: sv.Activity, report: sv.Report, remind: sv.Remind, intel: sv.Intel, content: sv.Content, audience: sv.Audience, dispatch: sv.Campaigns, clock: clk, log: log, opt: opt, metrics: opt.Metrics}
	var err error
	if s.tmpl, err = parseTemplates(); err != nil {
		return nil, err
	}
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.metrics == nil {
		s.metrics = edge.NewMetrics()
	}
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP serves every request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Ping is the health check: the database answers.
func (s *Server) ping(ctx context.Context) error { return s.db.Ping(ctx) }
