package web

import (
	"bytes"
	"embed"
	"encoding/base64"
	"fmt"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/content"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/vn"
)

//go:embed templates
var templateFS embed.FS

// Page is what every page's data embeds: the chrome around the content.
type Page struct {
	Title string
	Lang  string
	Nav   string // which menu item is current
	csrf  string
	mint  func() string
	User  *PageUser
	Flash *Flash
	Today string // YYYY-MM-DD
	Bare  bool   // no top bar (sign-in pages)
	// Public pages get the portal's menu and no console scripts; OG is
	// what a shared link shows.
	Public bool
	OG     *OpenGraph
	// RefreshSeconds reloads the page (a campaign's progress) without JavaScript.
	RefreshSeconds int
	asset          func(string) string
}

// PageUser is the signed-in user as the header shows them.
type PageUser struct {
	Username, FullName, UnitName string
	CanUsers, CanAudit, CanPlans bool
	CanActivities, CanReports    bool
	Unread                       int
	CanTriage, CanContent        bool
	CanAudience, CanCampaigns    bool
	CanInbox                     bool // the demonstration's "Hộp thư thử"
	IsAdmin                      bool // sees configuration hints (CANHGIAC_*); other staff do not
}

// Flash is a one-time message after a redirect.
type Flash struct {
	Kind string // ok, error, warn, info
	Text string
}

// T translates a Vietnamese interface text to the page's language.
func (p *Page) T(vi string) string { return translate(p.Lang, vi) }

// Asset returns a static file's fingerprinted URL.
func (p *Page) Asset(name string) string { return p.asset(name) }

// base lets templates reach the Page from any embedding struct.
func (p *Page) base() *Page { return p }

// CSRF is the token forms carry. Before sign-in it is made on first use,
// so a page without a form sets no cookie (and can be cached).
func (p *Page) CSRF() string {
	if p.csrf == "" && p.mint != nil {
		p.csrf = p.mint()
	}
	return p.csrf
}

type pager interface{ base() *Page }

// templates holds every page, each parsed once at start with the layout.
type templates struct {
	pages map[string]*template.Template
}

var funcs = template.FuncMap{
	// Dates: stored ones ("2024-04-22") are shown as they are; instants
	// in Vietnam's time.
	"date":     vn.ShowDate,
	"dateLong": vn.ShowDateLong,
	// periodName says a period code in words ("6 tháng đầu năm 2024").
	"periodName":    vn.PeriodName,
	"datetime":      vn.FormatDateTime,
	"excerpt":       func(it *content.Item) string { return it.Excerpt() },
	"campaignState": dispatch.CampaignStateLabel,
	"stateLabel":    func(c string) string { return content.State(c).Label() },
	"msgState":      dispatch.StateLabel,
	"reach":         func(n dispatch.Counts) int { return n.Submitted + n.Delivered },
	"channelLabel":  dispatch.ChannelLabel,
	// indicatorKind says an indicator's kind in words ("phone" → "Số điện thoại").
	"indicatorKind": func(k string) string { return normalize.Kind(k).Label() },
	"actionLabel":   audit.ActionLabel,
	"vnTime": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return vn.FormatTimeDate(t.In(vnZone))
	},
	"fieldLabel": content.FieldLabel,
	"legalField": func(f content.Fields, c string) string { return f.Legal(c) },
	"sevLabel":   func(c string) string { return content.LabelOf(content.Severities, c) },
	"audLabel":   func(c string) string { return content.LabelOf(content.Audiences, c) },
	// Pictures and icons (pictures.go); texts whose portal paths are links.
	"itemPic": itemPicture,
	"catPic":  categoryPicture,
	"icon":    verdictIcon,
	"linked":  func(s string) template.HTML { return template.HTML(content.LinkPaths(s)) },
	// canonForm is the name of a canonical text's form, its first line.
	"canonForm": func(c string) string { f, _, _ := strings.Cut(c, "\n"); return f },
	"day":       func(t time.Time) string { return vn.FormatDay(t.In(vnZone)) },
	"num":       func(n int) string { return vn.FormatInt(int64(n)) },
	"num64":     vn.FormatInt,
	"list":      func(xs ...string) []string { return xs },
	"short": func(s string, n int) string {
		if r := []rune(s); len(r) > n {
			return string(r[:n-1]) + "…"
		}
		return s
	},
	"mul3":       func(pct func(int, int) int, n, m int) int { return pct(n, m) * 3 },
	"mulw":       func(w int) int { return w * 3 },
	"barY":       func(i, off int) int { return i*18 + off },
	"barsHeight": func(n int) int { return n*18 + 6 },
	"join":       strings.Join,
	"eq2":        func(a, b string) bool { return a == b },
	"has": func(xs []string, x string) bool {
		for _, y := range xs {
			if y == x {
				return true
			}
		}
		return false
	},
	"forever": func(d string) bool { return d == vn.Forever },
	"seq": func(n int) []int {
		s := make([]int, n)
		for i := range s {
			s[i] = i
		}
		return s
	},
	"fieldName": func(prefix string, i int, f string) string { return fmt.Sprintf("%s.%d.%s", prefix, i, f) },
	"add":       func(a, b int) int { return a + b },
	"sub":       func(a, b int) int { return a - b },
	"lastDay":   vn.ShowLastDay,
	"date2": func(d string) string {
		if d == "" {
			return ""
		}
		return vn.ShowDate(d)
	},
	"splitLines": func(s string) []string { return strings.Split(s, "\n") },
	"nodeCtx":    func(p *UnitTreePage, n *org.Node) nodeCtx { return nodeCtx{P: p, N: n} },
}

// vnZone is Vietnam's time zone, from the one place that defines it.
var vnZone = vn.Zone

func parseTemplates() (*templates, error) {
	layouts, err := fs.Glob(templateFS, "templates/layout/*.html")
	if err != nil {
		return nil, err
	}
	base, err := template.New("").Funcs(funcs).ParseFS(templateFS, layouts...)
	if err != nil {
		return nil, err
	}
	pages, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, p := range pages {
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		pt, err := clone.ParseFS(templateFS, p)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", p, err)
		}
		t.pages[strings.TrimSuffix(path.Base(p), ".html")] = pt
	}
	return t, nil
}

// render writes a page (or, for an htmx request, the named block only) with
// the status given. It renders to a buffer first so that a template error
// never leaves a half-written page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data pager) error {
	t, ok := s.tmpl.pages[name]
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	s.fillPage(w, r, data.base())
	entry := "layout"
	if block := r.Header.Get("HX-Target"); block != "" && t.Lookup("hx-"+block) != nil && r.Header.Get("HX-Request") == "true" {
		entry = "hx-" + block
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, entry, data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Vary", "HX-Request, HX-Target")
	w.WriteHeader(status)
	// Once the status is sent, a failed write means the client went away:
	// there is nobody to show an error page to (and writing one would
	// only add a second, mismatched answer to the log).
	w.Write(buf.Bytes())
	return nil
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
