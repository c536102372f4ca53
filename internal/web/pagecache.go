package web

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/canhgiac/canhgiac/internal/vn"
)

// The portal's read-only pages (home, lists, items, search, verification)
// are the same for every visitor who is not signed in, so each instance
// keeps them rendered in memory. An entry is good while the content's
// Generation (moved on by every publication or archive, here at once and
// from other instances within seconds) and the day (warnings expire by
// date) are those it was made under. Pages that set a cookie, carry a
// one-time message or are not 200 are never kept.

const maxCachedPages = 4096

type pageCache struct {
	mu    sync.RWMutex
	gen   uint64
	day   string
	pages map[string]*cachedPage
}

type cachedPage struct {
	header http.Header
	body   []byte
	viewID int64 // an item page: its view is counted on every hit
	length []string
}

func (c *pageCache) get(key string, gen uint64, day string) *cachedPage {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.gen != gen || c.day != day {
		return nil
	}
	return c.pages[key]
}

func (c *pageCache) put(key string, gen uint64, day string, p *cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.day != day || len(c.pages) >= maxCachedPages {
		c.gen, c.day, c.pages = gen, day, map[string]*cachedPage{}
	}
	c.pages[key] = p
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

// cached serves h from the page cache for visitors who are not signed in.
func (s *Server) cached(h handlerFunc) handlerFunc { return s.cachedFor(0, h) }

// cachedFor is cached for pages whose figures move without a publication
// (the public statistics): an entry also lasts at most ttl (0: no limit).
func (s *Server) cachedFor(ttl time.Duration, h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		st := state(r)
		if s.content == nil || r.Method != http.MethodGet || st.sess != nil || r.Header.Get("HX-Request") != "" {
			return h(w, r)
		}
		if _, err := r.Cookie(flashCookie); err == nil {
			return h(w, r)
		}
		key := st.lang + " " + r.URL.RequestURI()
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
		w.WriteHeader(rec.status)
		w.Write(rec.body.Bytes())
		if rec.status == http.StatusOK && rec.header.Get("Set-Cookie") == "" {
			s.pages.put(key, gen, day, &cachedPage{header: rec.header, body: bytes.Clone(rec.body.Bytes()), viewID: st.viewID,
				length: []string{strconv.Itoa(rec.body.Len())}})
		}
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
