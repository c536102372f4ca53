package web

import (
	"bytes"
	"container/list"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/canhgiac/canhgiac/internal/vn"
)

// The portal's read-only pages (home, lists, items, search, verification,
// statistics) are the same for every visitor who is not signed in, so each
// instance keeps them rendered in memory. An entry is good while the
// content's Generation (moved on by every publication or archive, here at
// once and from other instances within seconds) and the day (warnings
// expire by date) are those it was made under. Pages that set a cookie,
// carry a one-time message or are not 200 are never kept.
//
// A page is keyed by the language, the path and only the query parameters
// the route reads (named where the route is registered, routes.go), each
// trimmed; the page is made from a request holding just those, so an
// unknown parameter neither makes a new entry nor reaches the page. The
// cache holds at most pageCacheBudget bytes: when a new page would pass
// it, the pages used longest ago leave one by one.

const (
	// pageCacheBudget bounds the bytes of pages each instance keeps.
	pageCacheBudget = 32 << 20
	// pageCacheShare: a page larger than budget/pageCacheShare is served
	// but not kept.
	pageCacheShare = 16
	// pageOverhead is what an entry costs beside its body and header
	// (the map's and list's slots, the slices' headers), roughly.
	pageOverhead = 256
)

type pageCache struct {
	mu     sync.Mutex // a hit moves its page to the front: no shared reads
	gen    uint64
	day    string
	budget int // 0: pageCacheBudget
	size   int // the cost of the pages kept
	pages  map[string]*list.Element
	lru    list.List // of *cachedPage, the most recently used first
}

type cachedPage struct {
	key    string
	cost   int
	header http.Header
	body   []byte
	viewID int64 // an item page: its view is counted on every hit
	length []string
}

func (c *pageCache) limit() int {
	if c.budget > 0 {
		return c.budget
	}
	return pageCacheBudget
}

func (c *pageCache) get(key string, gen uint64, day string) *cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.day != day {
		return nil
	}
	e := c.pages[key]
	if e == nil {
		return nil
	}
	c.lru.MoveToFront(e)
	return e.Value.(*cachedPage)
}

func (c *pageCache) put(key string, gen uint64, day string, p *cachedPage) {
	p.key = key
	p.cost = len(key) + len(p.body) + pageOverhead
	for k, vs := range p.header {
		p.cost += len(k)
		for _, v := range vs {
			p.cost += len(v)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.day != day || c.pages == nil {
		c.gen, c.day, c.pages, c.size = gen, day, map[string]*list.Element{}, 0
		c.lru.Init()
	}
	if e := c.pages[key]; e != nil { // made twice at once: the later one stays
		c.remove(e)
	}
	if p.cost > c.limit()/pageCacheShare {
		return
	}
	c.pages[key] = c.lru.PushFront(p)
	c.size += p.cost
	for c.size > c.limit() {
		c.remove(c.lru.Back())
	}
}

func (c *pageCache) remove(e *list.Element) {
	p := c.lru.Remove(e).(*cachedPage)
	delete(c.pages, p.key)
	c.size -= p.cost
}

// pageKey is the part of a page's cache key that its address gives: the
// path and the parameters in reads (first value, trimmed, empty ones left
// out), in a fixed order.
func pageKey(u *url.URL, reads []string) (path, query string) {
	if u.RawQuery == "" || len(reads) == 0 {
		return u.Path, ""
	}
	q := u.Query()
	kept := url.Values{}
	for _, name := range reads {
		if v := strings.TrimSpace(q.Get(name)); v != "" {
			kept.Set(name, v)
		}
	}
	return u.Path, kept.Encode()
}

// recorder keeps what a handler writes so it can be cached.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// cached serves h from the page cache for visitors who are not signed in;
// reads names the query parameters the page reads (nil: none).
func (s *Server) cached(reads []string, h handlerFunc) handlerFunc { return s.cachedFor(0, reads, h) }

// cachedFor is cached for pages whose figures move without a publication
// (the public statistics): an entry also lasts at most ttl (0: no limit).
// h sees only the parameters in reads, and runs only when the page is not
// in the cache (so a meter inside it counts only the pages made).
func (s *Server) cachedFor(ttl time.Duration, reads []string, h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		path, query := pageKey(r.URL, reads)
		if query != r.URL.RawQuery {
			// The page is made as if the other parameters were absent.
			r2 := new(http.Request)
			*r2 = *r
			r2.URL = new(url.URL)
			*r2.URL = *r.URL
			r2.URL.RawQuery, r2.URL.ForceQuery = query, false
			r = r2
		}
		st := state(r)
		if s.content == nil || r.Method != http.MethodGet || st.sess != nil || r.Header.Get("HX-Request") != "" {
			return h(w, r)
		}
		if _, err := r.Cookie(flashCookie); err == nil {
			return h(w, r)
		}
		key := st.lang + " " + path + "?" + query
		if ttl > 0 {
			key += " " + strconv.FormatInt(s.clock.Now().Unix()/int64(ttl/time.Second), 10)
		}
		gen, day := s.content.Generation(), s.days.today(s.clock.Now())
		if p := s.pages.get(key, gen, day); p != nil {
			if p.viewID != 0 {
				s.content.CountView(p.viewID)
			}
			hdr := w.Header()
			for k, v := range p.header {
				hdr[k] = v
			}
			// A known length lets net/http send the page in one piece
			// rather than chunked.
			hdr["Content-Length"] = p.length
			w.Write(p.body) // a failed write: the client went away (see render)
			return nil
		}
		rec := &recorder{header: http.Header{}}
		st.viewID = 0
		err := h(rec, r)
		if err != nil {
			return err // nothing was written: the error page is made as usual
		}
		hdr := w.Header()
		for k, v := range rec.header {
			hdr[k] = v
		}
		hdr.Set("Content-Length", strconv.Itoa(rec.body.Len()))
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		// Kept before it is sent, so that whoever has the page can have it
		// again from the cache.
		if rec.status == http.StatusOK && rec.header.Get("Set-Cookie") == "" {
			s.pages.put(key, gen, day, &cachedPage{header: rec.header, body: bytes.Clone(rec.body.Bytes()), viewID: st.viewID,
				length: []string{strconv.Itoa(rec.body.Len())}})
		}
		w.WriteHeader(rec.status)
		w.Write(rec.body.Bytes())
		return nil
	}
}

// dayCache is today's date string, remade when the day changes rather
// than formatted on every request.
type dayCache struct {
	mu    sync.Mutex
	day   string
	until time.Time
}

func (d *dayCache) today(now time.Time) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.day == "" || !now.Before(d.until) || now.Before(d.until.AddDate(0, 0, -1)) {
		d.day = vn.Today(now)
		y, m, dd := now.In(vn.Zone).Date()
		d.until = time.Date(y, m, dd+1, 0, 0, 0, 0, vn.Zone)
	}
	return d.day
}
