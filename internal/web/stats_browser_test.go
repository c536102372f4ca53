package web_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

// The statistics pass axe-core's WCAG 2.1 A and AA rules on a phone and on
// a desktop (the map's squares are links inside the SVG; the tables scroll),
// and the page does not scroll sideways on a phone.
func TestBrowser_StatsPageIsAccessible(t *testing.T) {
	axe := axeSource(t)
	e := testutil.Start(t, "")
	for _, width := range []int{360, 1280} {
		ctx := chrome(t, width, 900)
		if err := chromedp.Do(ctx, chromedp.Navigate(e.Server.URL+"/thong-ke"), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
			t.Fatalf("at %d px: %v", width, err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+";true")); err != nil {
			t.Fatalf("inject axe: %v", err)
		}
		out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("at %d px: %v", width, err)
		}
		var vs []axeViolation
		if err := json.Unmarshal([]byte(out), &vs); err != nil {
			t.Fatalf("axe said %q", out)
		}
		for _, v := range vs {
			var where []string
			for _, n := range v.Nodes {
				where = append(where, strings.TrimSpace(n.HTML))
			}
			t.Errorf("at %d px: %s — %s: %s", width, v.ID, v.Help, strings.Join(where, " | "))
		}
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
		if err != nil || wide {
			t.Errorf("at %d px the page scrolls sideways (%v)", width, err)
		}
		if width == 360 {
			shot(t, ctx, "stats-360")
		}
	}
}
