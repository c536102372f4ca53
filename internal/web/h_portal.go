package web

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"net"
	"net/http"
	"slices"
	"strings"

	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/content"
	"github.com/canhgiac/canhgiac/internal/edge"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/publicstats"
	"github.com/canhgiac/canhgiac/internal/publish"
	"github.com/canhgiac/canhgiac/internal/textsearch"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// The public portal: the home page, the handbook, warnings, articles,
// legal documents and good practices, search, the official-source check,
// subscriptions, and the Atom and CAP feeds. Pages work without
// JavaScript and stay light (the home page is measured in the tests).

// OpenGraph is what Zalo and Facebook show when a page is shared.
type OpenGraph struct {
	Title, Description, URL, Type string
}

// baseURL is the absolute address of the portal, for feeds, QR codes and
// shared links: the configured public one, else the address the server
// accepted this request on (the listener's, never the Host header, which
// the sender writes: a forged Host would put its links into the cached
// feeds); the Host only when no listener is known (a handler called
// without a server).
func (s *Server) baseURL(r *http.Request) string {
	if s.opt.BaseURL != "" {
		return strings.TrimRight(s.opt.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if a, ok := r.Context().Value(http.LocalAddrContextKey).(*net.TCPAddr); ok && a != nil {
		return scheme + "://" + a.String()
	}
	return scheme + "://" + r.Host
}

// HomePage is the portal's front page.
type HomePage struct {
	Page
	Top      []TopScam // this week's most reported tactics
	Warnings []*content.Item
	New      []*content.Item
	Tactics  []*content.Item
	Map      *TileMapView // the provinces' map of /thong-ke, nil without the tips' service
}

// TopScam is one of the week's most reported tactics as the home page
// shows it, its counts rounded as the public statistics' are.
type TopScam struct {
	Code, Name        string
	Reports, Verified string
	Picture           Picture
}

// topScams are the three tactics most reported in the seven whole days
// up to yesterday (Vietnam): counted once a day, not with each report, so
// that watching the page does not tell the tactic of a report just filed.
// Each count is rounded at random to a multiple of 5 (publicstats.Round,
// keyed by the seven days) and the tactics are ordered by the rounded
// counts, then by code; a count under 5 reads "< 5" and comes after the
// figures, ordered by code, so neither a figure nor the order tells a
// small count. Rejected and merged reports count, as on /thong-ke, so an
// analyst's decision does not move the figures.
func (s *Server) topScams(ctx context.Context) ([]TopScam, error) {
	if s.intel == nil || s.activity == nil {
		return nil, nil
	}
	until := vn.Midnight(s.clock.Now())
	since := until.AddDate(0, 0, -7)
	counts, err := s.intel.TopTactics(ctx, since, until)
	if err != nil || len(counts) == 0 {
		return nil, err
	}
	ts, err := s.activity.Tactics(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, t := range ts {
		names[t.Code] = t.Name
	}
	key, period := s.intel.PublicStatsKey(), "7d "+vn.ISODate(since)
	var rows []publicstats.Row
	for _, c := range counts {
		if names[c.Tactic] != "" { // else a code no longer in the list
			rows = append(rows, publicstats.Counted(key, period, c.Tactic, c.Reports, c.Verified))
		}
	}
	slices.SortFunc(rows, func(a, b publicstats.Row) int {
		switch {
		case a.Masked != b.Masked: // "< 5" after the figures
			if a.Masked {
				return 1
			}
			return -1
		case !a.Masked && a.Figure() != b.Figure():
			return b.Figure() - a.Figure()
		}
		// Figures shown alike, and every "< 5", by code: never by a count
		// the page does not show.
		return strings.Compare(a.Key, b.Key)
	})
	out := make([]TopScam, 0, 3)
	for _, r := range rows[:min(3, len(rows))] {
		out = append(out, TopScam{Code: r.Key, Name: names[r.Key], Reports: r.Reports, Verified: r.Verified, Picture: categoryPicture(r.Key)})
	}
	return out, nil
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	p := &HomePage{Page: Page{Public: true}}
	if s.content != nil {
		var err error
		ctx := r.Context()
		if p.Top, err = s.topScams(ctx); err != nil {
			return err
		}
		if p.Warnings, err = s.content.LatestWarnings(ctx, 5); err != nil {
			return err
		}
		if p.New, err = s.content.NewTactics(ctx, 4); err != nil {
			return err
		}
		if p.Tactics, err = s.content.Published(ctx, content.KindTactic, content.Filter{Limit: 8}); err != nil {
			return err
		}
	}
	if s.intel != nil {
		var err error
		if p.Map, err = s.TileMap(r.Context(), state(r).lang); err != nil {
			return err
		}
	}
	p.OG = &OpenGraph{Title: "Cảnh Giác — tra cứu, tố giác, cảnh báo lừa đảo trực tuyến", Description: "Tra cứu số điện thoại, đường link, tài khoản trước khi tin; tố giác lừa đảo; cảnh báo và cẩm nang nhận diện thủ đoạn.", URL: s.baseURL(r) + "/", Type: "website"}
	return s.render(w, r, http.StatusOK, "home", p)
}

// ListPage lists the published items of a kind.
type ListPage struct {
	Page
	Kind       content.Kind
	Items      []*content.Item
	Category   string
	Audience   string
	Area       string
	Categories []content.Option
	Audiences  []content.Option
	Provinces  []string
}

func (s *Server) portalList(kind content.Kind) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		q := r.URL.Query()
		p := &ListPage{Page: Page{Title: kind.Label(), Public: true}, Kind: kind, Category: q.Get("loai"), Audience: q.Get("doi-tuong"), Area: q.Get("dia-ban"),
			Audiences: content.Audiences, Provinces: vn.Provinces()}
		f := content.Filter{Category: p.Category, Audience: p.Audience, Limit: 200}
		if kind == content.KindWarning {
			f.ValidOn = vn.Today(s.clock.Now())
			f.Area = p.Area
		}
		if kind == content.KindTactic {
			ts, err := s.activity.Tactics(r.Context())
			if err != nil {
				return err
			}
			for _, t := range ts {
				p.Categories = append(p.Categories, content.Option{Code: t.Code, Label: t.Name})
			}
		}
		var err error
		if p.Items, err = s.content.Published(r.Context(), kind, f); err != nil {
			return err
		}
		p.OG = &OpenGraph{Title: kind.Label() + " · Cảnh Giác", URL: s.baseURL(r) + "/" + kind.Path(), Type: "website"}
		return s.render(w, r, http.StatusOK, "portal_list", p)
	}
}

// ItemPage shows one published item.
type ItemPage struct {
	Page
	Item     *content.Item
	Body     template.HTML // sanitised when saved
	Verify   string        // the official-source page
	Related  []*content.Item
	Category string
	Files    []activity.File
}

func (s *Server) portalItem(kind content.Kind) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		it, err := s.content.BySlug(r.Context(), kind, r.PathValue("slug"))
		if err != nil {
			return err
		}
		s.content.CountView(it.ID)
		state(r).viewID = it.ID
		p := &ItemPage{Page: Page{Title: it.Title, Public: true}, Item: it, Body: template.HTML(it.BodyHTML), Verify: "/xac-minh/" + it.Code}
		p.OG = &OpenGraph{Title: it.Title, Description: it.Summary, URL: s.baseURL(r) + "/" + kind.Path() + "/" + it.Slug, Type: "article"}
		if p.Files, err = s.content.PublicAttachments(r.Context(), it.ID); err != nil {
			return err
		}
		if kind == content.KindTactic {
			ts, _ := s.activity.Tactics(r.Context())
			for _, t := range ts {
				if t.Code == it.Fields.Category {
					p.Category = t.Name
				}
			}
		}
		return s.render(w, r, http.StatusOK, "portal_item", p)
	}
}

// SearchPage shows search results.
type SearchPage struct {
	Page
	Query string
	Empty bool // the query had no letters or digits
	Hits  []SearchHit
}

// SearchHit is one result with its snippet marked up safely.
type SearchHit struct {
	Item    *content.Item
	Snippet template.HTML
	URL     string
}

func (s *Server) portalSearch(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	p := &SearchPage{Page: Page{Title: "Tìm kiếm", Public: true}, Query: q}
	if q != "" && textsearch.Normalize(q) == "" {
		p.Empty = true
	} else if q != "" {
		hits, err := s.content.Search(r.Context(), q, 30)
		if err != nil {
			return err
		}
		for _, h := range hits {
			p.Hits = append(p.Hits, SearchHit{Item: h.Item, Snippet: h.Highlight(), URL: "/" + h.Item.Kind.Path() + "/" + h.Item.Slug})
		}
	}
	return s.render(w, r, http.StatusOK, "portal_search", p)
}

// VerifyPage is the official-source check of a published item.
type VerifyPage struct {
	Page
	Code    string
	P       *content.Published
	URL     string
	Text    string // the published text as people read it (the canonical text's body)
	Matches bool   // the canonical text kept still hashes to the fingerprint published
}

func (s *Server) portalVerify(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	if code == "" {
		code = r.URL.Query().Get("ma")
	}
	p := &VerifyPage{Page: Page{Title: "Xác minh nguồn chính thống", Public: true}, Code: code}
	if code != "" {
		pub, err := s.content.Verify(r.Context(), code)
		if err != nil && errs.FieldsOf(err) == nil && errs.KindOf(err) != errs.KindNotFound {
			return err
		}
		if err != nil {
			var e *errs.Error
			if errors.As(err, &e) {
				p.Flash = &Flash{Kind: "error", Text: e.Message(state(r).lang)}
			}
			return s.render(w, r, edge.Status(err), "portal_verify", p)
		}
		p.P = pub
		p.URL = s.baseURL(r) + "/" + pub.Item.Kind.Path() + "/" + pub.Item.Slug
		p.Matches = publish.Hash([]byte(pub.Canonical)) == pub.Hash
		if _, body, ok := strings.Cut(pub.Canonical, "\n\n"); ok {
			p.Text = strings.TrimSpace(body)
		}
	}
	return s.render(w, r, http.StatusOK, "portal_verify", p)
}

// portalQR draws the QR code of an item's verification page, PNG or SVG.
func (s *Server) portalQR(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("file")
	code, format, ok := strings.Cut(name, ".")
	if !ok || (format != "png" && format != "svg") {
		return errs.ErrNotFound
	}
	pub, err := s.content.Verify(r.Context(), code)
	if err != nil {
		return err
	}
	target := s.baseURL(r) + "/xac-minh/" + pub.Item.Code
	var buf bytes.Buffer
	if format == "png" {
		err = publish.QRPNG(&buf, target, 512)
		w.Header().Set("Content-Type", "image/png")
	} else {
		err = publish.QRSVG(&buf, target)
		w.Header().Set("Content-Type", "image/svg+xml")
	}
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, err = w.Write(buf.Bytes())
	return err
}

// feed is the Atom feed of warnings and new handbook entries.
func (s *Server) feed(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	base := s.baseURL(r)
	var items []*content.Item
	for _, k := range []content.Kind{content.KindWarning, content.KindTactic, content.KindArticle} {
		its, err := s.content.Published(ctx, k, content.Filter{Limit: 30})
		if err != nil {
			return err
		}
		items = append(items, its...)
	}
	f := publish.Feed{ID: base + "/feed.atom", Title: "Cảnh Giác — cảnh báo và cẩm nang phòng, chống lừa đảo", Self: base + "/feed.atom", Alternate: base + "/", Author: "Cảnh Giác", Updated: s.clock.Now()}
	for _, it := range items {
		f.Entries = append(f.Entries, publish.Entry{ID: base + "/xac-minh/" + it.Code, Title: it.Title, Summary: it.Summary, URL: base + "/" + it.Kind.Path() + "/" + it.Slug,
			Updated: it.PublishedAt, Published: it.FirstPublishedAt, Author: it.Issuer, Categories: []string{it.Kind.Label()}})
	}
	var buf bytes.Buffer
	if err := publish.WriteAtom(&buf, f); err != nil {
		return err
	}
	w.Header().Set("Content-Type", publish.MediaTypeAtom+"; charset=utf-8")
	_, err := w.Write(buf.Bytes())
	return err
}

func (s *Server) capWarnings(ctx context.Context) ([]*content.Item, error) {
	return s.content.Published(ctx, content.KindWarning, content.Filter{ValidOn: vn.Today(s.clock.Now()), Limit: 100})
}

// capIndex is /cap/alerts.xml: an Atom feed whose entries point to each
// alert's own CAP 1.2 document (a CAP document holds one alert).
func (s *Server) capIndex(w http.ResponseWriter, r *http.Request) error {
	its, err := s.capWarnings(r.Context())
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	idx := publish.CAPIndex{ID: base + "/cap/alerts.xml", Title: "Cảnh Giác — cảnh báo lừa đảo (CAP 1.2)", Self: base + "/cap/alerts.xml", Alternate: base + "/canh-bao", Updated: s.clock.Now(),
		AlertURL: func(a publish.Alert) string {
			return base + "/cap/" + strings.TrimPrefix(a.Identifier, "canhgiac-") + ".xml"
		}}
	for _, it := range its {
		idx.Alerts = append(idx.Alerts, content.AlertOf(base, it))
	}
	var buf bytes.Buffer
	if err := publish.WriteCAPIndex(&buf, idx); err != nil {
		return err
	}
	w.Header().Set("Content-Type", publish.MediaTypeAtom+"; charset=utf-8")
	_, err = w.Write(buf.Bytes())
	return err
}

// capAlert is one warning as a CAP 1.2 document.
func (s *Server) capAlert(w http.ResponseWriter, r *http.Request) error {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".xml")
	if !ok {
		return errs.ErrNotFound
	}
	code, _, _ := strings.Cut(name, "-v")
	pub, err := s.content.Verify(r.Context(), code)
	if err != nil || pub.Item.Kind != content.KindWarning {
		return errs.NotFound("Không có cảnh báo này.", "No such alert.")
	}
	var buf bytes.Buffer
	if err := publish.WriteAlert(&buf, content.AlertOf(s.baseURL(r), pub.Item)); err != nil {
		return err
	}
	w.Header().Set("Content-Type", publish.MediaTypeCAP+"; charset=utf-8")
	_, err = w.Write(buf.Bytes())
	return err
}
