package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/testutil"
	"github.com/canhgiac/canhgiac/internal/web"
)

// window is the i-th of many distinct windows of /thong-ke, each of 12
// weeks (so their pages weigh the same), the first from 01/01/2025.
func window(i int) string {
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)
	return "tu=" + from.Format("02/01/2006") + "&den=" + from.AddDate(0, 0, 83).Format("02/01/2006")
}

// A parameter a page does not read makes no new page in the cache and does
// not reach the page; the ones it reads are kept whatever their order or
// the spaces around them.
func TestPageCache_KeepsOnlyTheParametersAPageReads(t *testing.T) {
	e := testutil.Start(t, "")
	anon := e.NewClient(t)
	first := anon.Get("/tim-kiem?q=l%E1%BB%ABa+%C4%91%E1%BA%A3o")
	if first.Status != http.StatusOK || !strings.Contains(first.Body, `value="lừa đảo"`) {
		t.Fatalf("search: %d %.1000s", first.Status, first.Body)
	}
	stats := anon.Get("/thong-ke?tu=01/09/2026&den=22/11/2026")
	if stats.Status != http.StatusOK {
		t.Fatalf("stats: %d", stats.Status)
	}
	pages, _ := web.PageCacheSize(e.App.Web)
	for i := range 200 {
		for _, path := range []string{
			fmt.Sprintf("/tim-kiem?q=l%%E1%%BB%%ABa+%%C4%%91%%E1%%BA%%A3o&junk=zqx%d", i),
			fmt.Sprintf("/tim-kiem?utm_source=zqx%d&q=+l%%E1%%BB%%ABa+%%C4%%91%%E1%%BA%%A3o+", i),
			fmt.Sprintf("/thong-ke?x=zqx%d&den=22/11/2026&tu=+01/09/2026", i),
		} {
			r := anon.Get(path)
			if r.Status != http.StatusOK {
				t.Fatalf("%s: %d", path, r.Status)
			}
			if strings.Contains(r.Body, "zqx") {
				t.Fatalf("%s: the page shows a parameter it does not read", path)
			}
		}
	}
	if after, _ := web.PageCacheSize(e.App.Web); after != pages {
		t.Fatalf("the cache went from %d to %d pages on parameters no page reads", pages, after)
	}
	// What a page reads still tells pages apart.
	if r := anon.Get("/tim-kiem?q=c%C3%B4ng+an&junk=1"); !strings.Contains(r.Body, `value="công an"`) {
		t.Fatalf("another search shows the first one's page: %.1000s", r.Body)
	}
	if after, _ := web.PageCacheSize(e.App.Web); after != pages+1 {
		t.Fatalf("another search: %d pages, want %d", after, pages+1)
	}
}

// Every window not in the cache is counted by the database, so one address
// may ask for the lookups' 60 a minute; the 61st is refused in words with
// the form kept, and the CSVs too. Pages in the cache are still served to
// it, however they are asked for, and another address is still counted.
func TestStats_NewWindowsAreMeteredPerAddressPagesInTheCacheAreNot(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	if r := c.Get("/thong-ke"); r.Status != http.StatusOK {
		t.Fatalf("default window: %d", r.Status)
	}
	for i := 1; i < 60; i++ {
		if r := c.Get("/thong-ke?" + window(i)); r.Status != http.StatusOK {
			t.Fatalf("window %d: %d %.300s", i, r.Status, r.Body)
		}
	}
	r := c.Get("/thong-ke?" + window(60))
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("the 61st new window: %d, want 429", r.Status)
	}
	wantRetryAfter(t, r)
	kept := strings.TrimPrefix(strings.Split(window(60), "&")[0], "tu=")
	if !strings.Contains(r.Body, "yêu cầu thống kê mới 60 lần trong một phút") || !strings.Contains(r.Body, "thử lại sau") || !strings.Contains(r.Body, `value="`+kept+`"`) {
		t.Fatalf("the refusal does not say why and when, or lost the window typed (%s): %.4000s", kept, r.Body)
	}
	csv := c.Get("/thong-ke/tinh.csv?" + window(61))
	if csv.Status != http.StatusTooManyRequests || !strings.Contains(csv.Body, "thử lại sau") || !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("a CSV of a new window: %d %q %q", csv.Status, csv.Header.Get("Content-Type"), csv.Body)
	}
	// In the cache: served, even with parameters no page reads.
	for i := range 50 {
		for _, path := range []string{"/thong-ke", fmt.Sprintf("/thong-ke?junk=%d", i), fmt.Sprintf("/thong-ke?%s&junk=%d", window(1+i), i)} {
			if r := c.Get(path); r.Status != http.StatusOK {
				t.Fatalf("%s is in the cache but was refused: %d", path, r.Status)
			}
		}
	}
	if r := clientFrom(t, e, "127.0.0.2").Get("/thong-ke/tinh.csv?" + window(61)); r.Status != http.StatusOK {
		t.Fatalf("another address: %d", r.Status)
	}
}

// 2,000 addresses with a parameter no page reads, and windows from many
// addresses, keep the cache within its bytes; past the bound the pages
// used longest ago leave one at a time, and a page in use stays.
func TestPageCache_StaysWithinItsBytes(t *testing.T) {
	e := testutil.Start(t, "")
	s := e.App.Web
	anon := e.NewClient(t)
	stats := anon.Get("/thong-ke")
	if stats.Status != http.StatusOK || len(stats.Body) < 20_000 {
		t.Fatalf("stats: %d, %d bytes", stats.Status, len(stats.Body))
	}
	for i := range 2000 {
		if r := anon.Get(fmt.Sprintf("/thong-ke?junk=%d", i)); r.Status != http.StatusOK {
			t.Fatalf("junk %d: %d", i, r.Status)
		}
	}
	if pages, size := web.PageCacheSize(s); size > web.PageCacheBudget || pages > 1 {
		t.Fatalf("after 2,000 junk parameters: %d pages, %d bytes (bound %d)", pages, size, web.PageCacheBudget)
	}

	// A budget of two dozen statistics pages; an address spends its meter
	// on new windows, then is served only what is in the cache.
	budget := 24 * len(stats.Body)
	web.SetPageCacheBudget(s, budget)
	spent := clientFrom(t, e, "127.0.5.1")
	for i := range 60 {
		spent.Get(fmt.Sprintf("/thong-ke/tuan.csv?%s", window(i)))
	}
	if r := spent.Get("/thong-ke?" + window(500)); r.Status != http.StatusTooManyRequests {
		t.Fatalf("the address's meter is not spent: %d", r.Status)
	}
	if r := spent.Get("/thong-ke?junk=x"); r.Status != http.StatusOK {
		t.Fatalf("the default window left the cache: %d", r.Status)
	}
	most := 0
	for i := range 100 {
		ip := fmt.Sprintf("127.0.6.%d", 1+i/50)
		if r := clientFrom(t, e, ip).Get(fmt.Sprintf("/thong-ke?%s&junk=%d", window(i), i)); r.Status != http.StatusOK {
			t.Fatalf("window %d from %s: %d", i, ip, r.Status)
		}
		pages, size := web.PageCacheSize(s)
		if size > budget {
			t.Fatalf("after window %d: %d bytes, over the budget of %d", i, size, budget)
		}
		if i > 40 && pages < 16 {
			t.Fatalf("after window %d: %d pages left, the cache was emptied rather than the oldest pages leaving", i, pages)
		}
		if i > 40 {
			most = max(most, pages)
		}
		// The page in use is still served from the cache, to an address
		// that could not have it counted again.
		if i%5 == 0 {
			if r := spent.Get("/thong-ke"); r.Status != http.StatusOK {
				t.Fatalf("after window %d the page in use left the cache: %d", i, r.Status)
			}
		}
	}
	if most > 25 {
		t.Fatalf("%d statistics pages held within a budget of 24", most)
	}
	t.Logf("a statistics page: %d bytes; at most %d pages held in %d bytes", len(stats.Body), most, budget)
	// The newest window is in the cache; the oldest left it.
	if r := spent.Get("/thong-ke?" + window(99)); r.Status != http.StatusOK {
		t.Fatalf("the newest window: %d", r.Status)
	}
	if r := spent.Get("/thong-ke?" + window(0)); r.Status != http.StatusTooManyRequests {
		t.Fatalf("the oldest window is still in the cache: %d", r.Status)
	}
	// A page weighing more than a sixteenth of the budget is served but
	// not kept.
	web.SetPageCacheBudget(s, 10*len(stats.Body))
	before, _ := web.PageCacheSize(s)
	heavy := clientFrom(t, e, "127.0.7.1")
	if r := heavy.Get("/thong-ke?" + window(300)); r.Status != http.StatusOK {
		t.Fatalf("a page too heavy to keep: %d", r.Status)
	}
	if after, _ := web.PageCacheSize(s); after != before {
		t.Fatalf("a page of a tenth of the budget was kept: %d pages, then %d", before, after)
	}
}
