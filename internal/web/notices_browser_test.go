package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

// The notices page and the compliance view with its urge buttons, as the
// Department's officer and the standing body see them the day after a
// deadline, at 1280 and 360 px: nothing scrolls the page sideways.
func TestBrowser_NoticesAndUrgingFitTheScreen(t *testing.T) {
	e := testutil.Start(t, "")
	e.AddUser(t, "canbo-sgddt", "cao-bang-sgddt", "", "officer")
	planURL := issueProvincialPlan(t, e)
	e.Clock.Set(time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC)) // 01/12 01:00 in Vietnam
	runJobs(t, e)
	coord := e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])
	coord.Get(planURL + "/trien-khai")
	coord.Post(planURL+"/don-doc", map[string][]string{"units": {"cao-bang-sgddt"}})
	type page struct{ path, name, want string }
	visits := []struct {
		who, pw string
		pages   []page
	}{
		{"canbo-sgddt", "mat-khau-thu-nghiem-canbo-sgddt", []page{{"/quan-tri/thong-bao", "thong-bao", "Đôn đốc"}, {"/quan-tri/ca-nhan/thong-bao", "chon-thong-bao", "Cả thư điện tử"}}},
		{"thuongtruc", e.Passwords["thuongtruc"], []page{{planURL + "/trien-khai", "trien-khai-don-doc", "đã đôn đốc 1 lần"},
			{"/quan-tri/bao-cao/cao-bang/2024-H1", "bao-cao-don-doc", "Đôn đốc các đơn vị đã chọn"}}},
	}
	for _, width := range []int{1280, 360} {
		for _, v := range visits {
			ctx := chrome(t, width, 800)
			signIn(t, ctx, e, v.who, v.pw)
			for _, c := range v.pages {
				if err := chromedp.Do(ctx, chromedp.Navigate(e.Server.URL+c.path), chromedp.WaitVisible(chromedp.CSS(`h1`))); err != nil {
					t.Fatal(err)
				}
				text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main`)))
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(text, c.want) {
					t.Errorf("%s at %d px lacks %q", c.path, width, c.want)
				}
				sw, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
				if err != nil {
					t.Fatal(err)
				}
				if sw > width {
					t.Errorf("%s at %d px scrolls sideways: %d px wide", c.path, width, sw)
				}
				shot(t, ctx, fmt.Sprintf("%s-%d", c.name, width))
			}
		}
	}
}
