package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// nullWriter is a ResponseWriter that keeps nothing, so the benchmarks
// measure the handlers, not a recorder.
type nullWriter struct {
	h      http.Header
	status int
}

func (w *nullWriter) Header() http.Header         { return w.h }
func (w *nullWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *nullWriter) WriteHeader(code int)        { w.status = code }

// BenchmarkCheckChain is what the product adds to one keyed check over a
// bare handler writing the same bytes (bench/check measures it with the
// HTTP stack; this is the in-process part, with its allocations).
func BenchmarkCheckChain(b *testing.B) {
	e := testutil.Start(b, "")
	sys := access.With(context.Background(), access.System())
	_, key, err := e.App.Auth.CreateAPIKey(sys, "cao-bang-viettel", "bench", []string{"check"}, 1<<50)
	if err != nil {
		b.Fatal(err)
	}
	reqs := make([]*http.Request, 64)
	for i := range reqs {
		reqs[i] = httptest.NewRequest(http.MethodGet, "/api/v1/check?q=09"+strconv.Itoa(12000000+i*7919), nil)
		reqs[i].Header.Set("Authorization", "Bearer "+key)
	}
	answer := []byte(`{"query":"0912000000","kind":"phone","normalized":"+84912000000","verdict":"unknown","verified":false,"tactics":[],"advice":"Chưa có cảnh báo nào được xác nhận. Điều này KHÔNG có nghĩa là an toàn: kẻ gian đổi số, đổi trang liên tục. Không chuyển tiền cho người lạ; gặp dấu hiệu lừa đảo, hãy tố giác.","display":"0912 000 000"}` + "\n")
	ctype, length := []string{"application/json; charset=utf-8"}, []string{strconv.Itoa(len(answer))}
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Content-Type"] = ctype
		h["Content-Length"] = length
		w.Write(answer)
	})
	run := func(b *testing.B, h http.Handler) {
		w := &nullWriter{h: http.Header{}}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			clear(w.h)
			w.status = 0
			h.ServeHTTP(w, reqs[i%len(reqs)])
			i++
		}
		if w.status != 0 && w.status != 200 {
			b.Fatalf("status %d", w.status)
		}
	}
	b.Run("bare", func(b *testing.B) { run(b, bare) })
	b.Run("product", func(b *testing.B) { run(b, e.App.Web) })
}

// A keyed check allocates nothing in the product's own chain (nosniff,
// metrics, recovery, the key, the quota, the answer): at tens of
// thousands a second each allocation is garbage the collector pays for.
func TestCheckChain_NoAllocation(t *testing.T) {
	e := testutil.Start(t, "")
	sys := access.With(context.Background(), access.System())
	_, key, err := e.App.Auth.CreateAPIKey(sys, "cao-bang-viettel", "nhà mạng", []string{"check"}, 1<<40)
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodGet, "/api/v1/check?q=0912345678", nil)
	r.Header.Set("Authorization", "Bearer "+key)
	w := &nullWriter{h: http.Header{}}
	e.App.Web.ServeHTTP(w, r) // the key and today's use are read once
	if w.status != 0 && w.status != 200 {
		t.Fatalf("status %d", w.status)
	}
	if n := testing.AllocsPerRun(1000, func() { clear(w.h); e.App.Web.ServeHTTP(w, r) }); n > 0 {
		t.Errorf("a keyed check allocates %.1f times", n)
	}
}
