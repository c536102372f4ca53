package web_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

// screen is a width the console must fit.
type screen struct {
	name          string
	width, height int64
	phone         bool
}

var screens = []screen{{"1280", 1280, 900, false}, {"360", 360, 800, true}}

// fitsScript reports, for the page in the window, what does not fit: the
// page wider than the window, a menu entry outside the window, a header of
// more than one row at desktop widths, and visible text smaller than 12 px
// (SVG text measured after the drawing is scaled to the page).
// W is the screen's width: a phone widens its layout to an overflowing page,
// so the window's own innerWidth would hide the overflow.
const fitsScript = `((W) => {
  const out = [];
  scrollTo(0, 0);
  const sw = document.documentElement.scrollWidth;
  if (sw > W) out.push("trang rộng " + sw + " px, màn hình " + W + " px: cuộn ngang");
  for (const a of document.querySelectorAll(".mainnav a")) {
    const r = a.getBoundingClientRect(), name = a.textContent.trim();
    if (r.width === 0 || r.height === 0) { out.push("mục menu ẩn: " + name); continue; }
    if (r.left < 0 || r.right > W + 0.5 || r.top < 0 || r.bottom > innerHeight + 0.5)
      out.push("mục menu ra ngoài màn hình: " + name + " (" + Math.round(r.left) + "," + Math.round(r.top) + "–" + Math.round(r.right) + "," + Math.round(r.bottom) + ")");
  }
  const bar = document.querySelector(".topbar");
  if (bar && W >= 1000 && bar.getBoundingClientRect().height > 80)
    out.push("thanh đầu trang cao " + Math.round(bar.getBoundingClientRect().height) + " px (hơn một hàng)");
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let small = 0;
  for (let n = w.nextNode(); n; n = w.nextNode()) {
    const text = n.textContent.trim();
    const el = n.parentElement;
    if (!text || !el || el.closest("script,style,noscript,.sr-only")) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === "hidden") continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGGraphicsElement) {
      const m = el.getScreenCTM();
      if (m) size *= Math.hypot(m.a, m.b);
    }
    if (size < 11.95 && small++ < 3) out.push("chữ " + size.toFixed(1) + " px: " + text.slice(0, 40));
  }
  return out;
})`

// TestBrowser_ConsoleFitsTheScreenForEveryRole signs in as each staff role
// and opens every page of the role's menu (and a few pages reached from
// them) at 1280 and 360 px: no page may scroll sideways, every menu entry
// must be on the screen (on a phone after opening the menu), the header is
// one row on a desktop, and no visible text is under 12 px.
func TestBrowser_ConsoleFitsTheScreenForEveryRole(t *testing.T) {
	path := os.Getenv("CANHGIAC_TEST_CHROME")
	if path == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		t.Skip("Chromium not installed: set CANHGIAC_TEST_CHROME or install chromium (the CI does)")
	}
	e := testutil.Start(t, "")
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	bctx, cancel2 := chromedp.NewContext(actx)
	defer cancel2()
	ctx, cancel3 := context.WithTimeout(bctx, 25*time.Minute)
	defer cancel3()

	// Pages reached from the menu rather than in it.
	extra := map[string][]string{
		"thuongtruc": {"/quan-tri/thong-ke-to-giac", "/quan-tri/bao-cao/cao-bang/2024-H1", "/quan-tri/ke-hoach/2", "/quan-tri/ke-hoach/2/trien-khai"},
		"quantri":    {"/quan-tri/don-vi/cao-bang-sgddt/sap-xep", "/quan-tri/don-vi/moi"},
		"xacminh":    {"/quan-tri/thong-ke-to-giac"},
		"lanhdao":    {"/quan-tri/bao-cao/cao-bang-snnmt/2024-H1"},
		"canbo":      {"/quan-tri/ca-nhan"},
		"bientap":    {"/quan-tri/noi-dung/moi"},
	}
	// A page another role has already shown is not shown again, except the
	// role's first (its own menu and header are checked there): the layout
	// is one, and the run stays within the CI's time under -race.
	seen := map[string]bool{}
	for _, user := range []string{"quantri", "thuongtruc", "lanhdao", "canbo", "bientap", "xacminh"} {
		t.Run(user, func(t *testing.T) {
			if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
				t.Fatal(err)
			}
			signIn(t, ctx, e, user, e.Passwords[user])
			menu, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".mainnav a")].map(a => a.getAttribute("href"))`))
			if err != nil {
				t.Fatal(err)
			}
			if len(menu) < 3 {
				t.Fatalf("the menu of %s has %d entries", user, len(menu))
			}
			for i, page := range append(menu, extra[user]...) {
				if i > 0 && seen[page] {
					continue
				}
				seen[page] = true
				for _, sc := range screens {
					vp := chromedp.EmulateViewport(sc.width, sc.height)
					if sc.phone {
						vp = chromedp.EmulateViewport(sc.width, sc.height, chromedp.EmulateMobile)
					}
					if err := chromedp.Do(ctx, vp, chromedp.Navigate(e.Server.URL+page), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
						t.Fatalf("%s at %s px: %v", page, sc.name, err)
					}
					name := fmt.Sprintf("%s-%s-%s", user, sc.name, strings.ReplaceAll(strings.Trim(page, "/"), "/", "_"))
					shot(t, ctx, name)
					if sc.phone {
						// The menu opens from its button; without one it is not a phone menu.
						cctx, stop := context.WithTimeout(ctx, 3*time.Second)
						if err := chromedp.Do(cctx, chromedp.Click(chromedp.CSS(`label.menu-button`), chromedp.NodeVisible)); err != nil {
							t.Errorf("%s at %s px: no menu button to open: %v", page, sc.name, err)
						}
						stop()
					}
					problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf("%s(%d)", fitsScript, sc.width)))
					if err != nil {
						t.Fatal(err)
					}
					if sc.phone {
						shot(t, ctx, name+"-menu")
					}
					for _, p := range problems {
						t.Errorf("%s at %s px: %s", page, sc.name, p)
					}
				}
			}
		})
	}
}
