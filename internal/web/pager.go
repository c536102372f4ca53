package web

import (
	"net/http"
	"net/url"
	"strconv"
)

// pageSize is how many items a console list shows at once.
const pageSize = 50

// Pager is one page of a long console list: which page, how many, and links
// to the others that keep the list's filters. Handlers read the page from
// ?trang=N (pageOf), ask the owning package for Offset/Limit and the count,
// and the "pager" template draws "Trang 2/4" with its links.
type Pager struct {
	Page, Pages, Total int
	path               string
	query              url.Values // the filters, without trang
}

// pageOf reads the page number a request asks for; anything not a positive
// number is the first page.
func pageOf(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("trang"))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// newPager pages total items for the request r at page (from pageOf). A
// page past the end shows the last one.
func newPager(r *http.Request, page, total int) Pager {
	pages := max(1, (total+pageSize-1)/pageSize)
	q := url.Values{}
	for k, vs := range r.URL.Query() {
		if k == "trang" {
			continue
		}
		for _, v := range vs {
			if v != "" {
				q.Add(k, v)
			}
		}
	}
	return Pager{Page: min(max(page, 1), pages), Pages: pages, Total: total, path: r.URL.Path, query: q}
}

// Offset and Limit are what the owning package's list function is given.
func (p Pager) Offset() int { return (p.Page - 1) * pageSize }
func (p Pager) Limit() int  { return pageSize }

// Link is the address of page n with the same filters.
func (p Pager) Link(n int) string {
	q := url.Values{}
	for k, vs := range p.query {
		q[k] = vs
	}
	if n > 1 {
		q.Set("trang", strconv.Itoa(n))
	}
	if len(q) == 0 {
		return p.path
	}
	return p.path + "?" + q.Encode()
}

// Numbers are the pages to offer as links: the first, the last, and two
// either side of this one; 0 stands for a gap ("…").
func (p Pager) Numbers() []int {
	var out []int
	for n := 1; n <= p.Pages; n++ {
		if n == 1 || n == p.Pages || (n >= p.Page-2 && n <= p.Page+2) {
			out = append(out, n)
		} else if len(out) > 0 && out[len(out)-1] != 0 {
			out = append(out, 0)
		}
	}
	return out
}

// Filtered says whether the list is narrowed by a filter.
func (p Pager) Filtered() bool { return len(p.query) > 0 }
