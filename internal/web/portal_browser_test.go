package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/content"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// axeSource returns axe-core's script from testdata/axe (installed by
// .ci/run with npm), or skips when it is absent outside CI.
func axeSource(t *testing.T) string {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "axe", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("CANHGIAC_TEST_AXE") == "required" {
			t.Fatalf("axe-core is required (CANHGIAC_TEST_AXE=required): %v", err)
		}
		t.Skip("axe-core not installed: cd testdata/axe && npm ci (the CI does)")
	}
	return string(b)
}

type axeViolation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// portalPage is one page of the portal the browser test looks at.
type portalPage struct{ name, path string }

// portalPages are every page a citizen meets: the home page, the check
// page with an answer of each kind, the report form and a report's status,
// the subscription pages, each kind of content (list and an item), search,
// the source check, the quizzes, the removal request, the 404 page, and the
// statistics when this build has them.
func portalPages(t *testing.T, e *testutil.Env) []portalPage {
	t.Helper()
	sys := access.With(context.Background(), access.System())
	c := e.NewClient(t)
	first := func(list, prefix string) string {
		body := c.Get(list).Body
		m := regexp.MustCompile(`href="(` + regexp.QuoteMeta(prefix) + `[^"?#]+)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("%s links to no %s…", list, prefix)
		}
		return m[1]
	}
	pages := []portalPage{
		{"home", "/"},
		{"tra-cuu", "/tra-cuu"},
		{"tra-cuu-scam", "/tra-cuu?q=" + url.QueryEscape("0389 000 500")},
		{"tra-cuu-suspicious", "/tra-cuu?q=" + url.QueryEscape("https://nhan-qua-tri-an.vi-du-lua-dao.vn/dang-nhap")},
		{"tra-cuu-unknown", "/tra-cuu?q=" + url.QueryEscape("0389 000 502")},
		{"tra-cuu-bank", "/tra-cuu?q=" + url.QueryEscape("Vietcombank 9999 000 500")},
		{"tra-cuu-lookalike", "/tra-cuu?q=" + url.QueryEscape("https://vietcombank-xacthuc.com/login")},
		{"tra-cuu-shortener", "/tra-cuu?q=" + url.QueryEscape("bit.ly/qua-tang")},
		{"tra-cuu-invalid", "/tra-cuu?q=" + url.QueryEscape("xin chào")},
		{"to-giac", "/to-giac"},
	}
	tip, err := e.App.Intel.Submit(context.Background(), intel.TipInput{Indicators: []string{"0389 000 777"}, Tactic: "fraud", Province: "Cao Bằng",
		Description: "Gọi điện tự xưng nhân viên ngân hàng, đòi mã OTP.", IP: "203.0.113.9", Device: "thiet-bi-thu"})
	if err != nil {
		t.Fatal(err)
	}
	pages = append(pages, portalPage{"to-giac-trang-thai", "/to-giac/" + tip.Code}, portalPage{"dang-ky", "/dang-ky"})
	ref, err := e.App.Audience.Request(sys, audience.Input{Phone: "0912000003", Province: "Cao Bằng", Groups: []string{"elderly"}, Consent: true})
	if err != nil {
		t.Fatal(err)
	}
	pages = append(pages, portalPage{"dang-ky-xac-nhan", "/dang-ky/xac-nhan/" + ref})
	if _, err := e.App.Audience.Subscribe(sys, audience.Input{Phone: "0912000002", Province: "Cao Bằng", Groups: []string{"elderly"}, Consent: true}); err != nil {
		t.Fatal(err)
	}
	var token string
	if err := e.App.DB.R.QueryRow(`SELECT token FROM subscribers`).Scan(&token); err != nil {
		t.Fatal(err)
	}
	pages = append(pages, portalPage{"huy-dang-ky", "/huy-dang-ky/" + token})
	for _, k := range content.Kinds {
		list := "/" + k.Path()
		pages = append(pages, portalPage{k.Path(), list}, portalPage{k.Path() + "-muc", first(list, list+"/")})
	}
	warning := c.Get(first("/canh-bao", "/canh-bao/")).Body
	code := regexp.MustCompile(`/xac-minh/([0-9A-Z-]{6,})"`).FindStringSubmatch(warning)
	if code == nil {
		t.Fatal("a warning's page links to no source check")
	}
	pages = append(pages,
		portalPage{"tim-kiem", "/tim-kiem?q=lua+dao"},
		portalPage{"xac-minh", "/xac-minh/" + code[1]},
		portalPage{"trac-nghiem", "/trac-nghiem"},
		portalPage{"trac-nghiem-bai", first("/trac-nghiem", "/trac-nghiem/")},
		portalPage{"yeu-cau-go-canh-bao", "/yeu-cau-go-canh-bao?q=" + url.QueryEscape("0389 000 501")},
		portalPage{"404", "/trang-khong-co"},
	)
	if c.Get("/thong-ke").Status == http.StatusOK {
		pages = append(pages, portalPage{"thong-ke", "/thong-ke"})
	} else {
		t.Log("/thong-ke is not in this build: not looked at")
	}
	return pages
}

// layoutFaults says, in the page itself, what a reader would suffer: the
// page wider than the window (sideways scrolling), and visible text set
// under 12 px.
const layoutFaults = `(() => {
  const out = [];
  const se = document.scrollingElement || document.documentElement;
  if (se.scrollWidth > window.innerWidth) {
    const wide = [...document.querySelectorAll("body *")].filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(0, 3).map(el => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).trim().split(/\s+/).join(".") : ""));
    out.push("scrolls sideways: " + se.scrollWidth + " px in a " + window.innerWidth + " px window (" + wide.join(", ") + ")");
  }
  const small = new Set();
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (!n.textContent.trim()) continue;
    const el = n.parentElement;
    if (!el || el.closest("script, style, noscript, template, svg")) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === "hidden" || cs.display === "none") continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || el.getClientRects().length === 0) continue;
    if (parseFloat(cs.fontSize) < 12) small.add(cs.fontSize + " “" + n.textContent.trim().slice(0, 40) + "” in " + el.tagName.toLowerCase() + (el.className ? "." + String(el.className).trim().split(/\s+/).join(".") : ""));
  }
  for (const s of [...small].slice(0, 5)) out.push("text under 12 px: " + s);
  return out;
})()`

// Every portal page, at 360 px (a cheap phone) and 1280 px, in Chromium:
// no sideways scrolling, no text under 12 px, and no violation of axe-core's
// WCAG 2.1 A and AA rules (contrast, labels, names, landmarks, language).
// With CANHGIAC_SCREENSHOTS set, each page is kept as
// portal/NAME-WIDTH.png there (the CI keeps them).
func TestBrowser_EveryPortalPageAtPhoneAndDesktopWidths(t *testing.T) {
	axe := axeSource(t)
	e := testutil.Start(t, "")
	pages := portalPages(t, e)
	for _, width := range []int{360, 1280} {
		var ctx context.Context
		for i, p := range pages {
			// A browser lives for a few pages: each is given a minute
			// (chrome), and a page with axe takes a few seconds on a busy
			// machine.
			if i%pagesPerBrowser == 0 {
				if ctx != nil {
					chromedp.Cancel(ctx)
				}
				ctx = chrome(t, width, 900)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(e.Server.URL+p.path), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
				t.Fatalf("%s at %d px: %v", p.path, width, err)
			}
			portalShot(t, ctx, fmt.Sprintf("%s-%d", p.name, width))
			faults, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](layoutFaults))
			if err != nil {
				t.Fatalf("%s at %d px: %v", p.path, width, err)
			}
			for _, f := range faults {
				t.Errorf("%s at %d px: %s", p.path, width, f)
			}
			for _, v := range axeRun(t, ctx, axe) {
				var where []string
				for _, n := range v.Nodes {
					where = append(where, strings.TrimSpace(n.HTML))
				}
				t.Errorf("%s at %d px: %s — %s: %s", p.path, width, v.ID, v.Help, strings.Join(where, " | "))
			}
		}
		chromedp.Cancel(ctx)
		ctx = chrome(t, width, 900)
		// The checks themselves work: an image without a text alternative,
		// pale grey text on white, tiny text and a block wider than the
		// window are reported. (Styles are set through the DOM: the pages'
		// policy refuses inline style attributes.)
		if err := chromedp.Do(ctx, chromedp.Navigate(e.Server.URL+"/dang-ky"), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("main").insertAdjacentHTML("beforeend", '<img src="/x.png"><p id="pale">nhạt</p><p id="tiny">chữ nhỏ</p><div id="wide">rộng</div>');
			document.getElementById("pale").style.color = "#ccc";
			document.getElementById("tiny").style.fontSize = "10px";
			document.getElementById("wide").style.width = "3000px";
			true`)); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, v := range axeRun(t, ctx, axe) {
			ids = append(ids, v.ID)
		}
		if bad := strings.Join(ids, ","); !strings.Contains(bad, "image-alt") || !strings.Contains(bad, "color-contrast") {
			t.Fatalf("axe did not catch planted faults: %q", bad)
		}
		faults, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](layoutFaults))
		if all := strings.Join(faults, "\n"); err != nil || !strings.Contains(all, "scrolls sideways") || !strings.Contains(all, "text under 12 px: 10px “chữ nhỏ”") {
			t.Fatalf("the layout check did not catch planted faults: %q %v", all, err)
		}
	}
}

// pagesPerBrowser is how many pages one browser looks at.
const pagesPerBrowser = 6

// axeRun runs axe-core's WCAG 2.1 A and AA rules on the page in ctx.
func axeRun(t *testing.T, ctx context.Context, axe string) []axeViolation {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+";true")); err != nil {
		t.Fatalf("inject axe: %v", err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe: %v", err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatalf("axe said %q", out)
	}
	return vs
}

// portalShot keeps a screenshot as portal/NAME.png under
// CANHGIAC_SCREENSHOTS, when that is set.
func portalShot(t *testing.T, ctx context.Context, name string) {
	if dir := os.Getenv("CANHGIAC_SCREENSHOTS"); dir != "" {
		if err := os.MkdirAll(filepath.Join(dir, "portal"), 0o755); err != nil {
			t.Fatal(err)
		}
		shot(t, ctx, filepath.Join("portal", name))
	}
}
