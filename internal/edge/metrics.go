package edge

import (
	"crypto/subtle"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the program's Prometheus registry and the request series
// both faces count into: requests by route and status, time by route.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec

	// The series of each route and status, looked up once: at tens of
	// thousands of checks a second the label lookup would show.
	mu     sync.RWMutex
	series map[routeStatus]series
}

type routeStatus struct {
	route  string
	status int
}

type series struct {
	count prometheus.Counter
	took  prometheus.Observer
}

// NewMetrics makes a registry with the Go runtime's and the process's
// collectors and the request series.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg:      prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "canhgiac_http_requests_total", Help: "HTTP requests by route and status."}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "canhgiac_http_request_seconds", Help: "HTTP request time by route.", Buckets: prometheus.DefBuckets}, []string{"route"}),
	}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), m.requests, m.duration)
	return m
}

// Registry is where other figures are registered and what /metrics serves.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Observe counts one request of route (its ServeMux pattern, "" for none)
// answered with status after d.
func (m *Metrics) Observe(route string, status int, d time.Duration) {
	if route == "" {
		route = "other"
	}
	k := routeStatus{route, status}
	m.mu.RLock()
	x, ok := m.series[k]
	m.mu.RUnlock()
	if !ok {
		x = series{count: m.requests.WithLabelValues(route, strconv.Itoa(status)), took: m.duration.WithLabelValues(route)}
		m.mu.Lock()
		if m.series == nil {
			m.series = map[routeStatus]series{}
		}
		m.series[k] = x
		m.mu.Unlock()
	}
	x.count.Inc()
	x.took.Observe(d.Seconds())
}

// StatusWriter remembers the status a handler answered with.
type StatusWriter struct {
	http.ResponseWriter
	Status int // 0 until the handler writes
}

func (w *StatusWriter) WriteHeader(code int) {
	if w.Status == 0 {
		w.Status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *StatusWriter) Write(b []byte) (int, error) {
	if w.Status == 0 {
		w.Status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Nosniff is the header value both faces set on every answer.
var Nosniff = []string{"nosniff"}

// MetricsAccess says who may read /metrics besides the machine itself: the
// networks of the monitoring hosts and a bearer token a scraper presents.
type MetricsAccess struct {
	From  []netip.Prefix
	Token string
}

// Handler serves the figures to whom a allows and a 404 to everyone else
// (a 401 to a wrong token), so the figures — every route's traffic, how
// old the check index is — are not open to the Internet. Loopback counts
// only when no proxy forwarded the request: a proxy on the same machine
// that the program does not trust would make every visitor loopback.
func (m *Metrics) Handler(a MetricsAccess) http.Handler {
	serve := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		if a.Token != "" && auth != "" {
			got, ok := strings.CutPrefix(auth, "Bearer ")
			if ok && subtle.ConstantTimeCompare([]byte(got), []byte(a.Token)) == 1 {
				serve.ServeHTTP(w, r)
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "401 unauthorized", http.StatusUnauthorized)
			return
		}
		if ip, err := netip.ParseAddr(ClientIP(r)); err == nil {
			ip = ip.Unmap()
			local := ip.IsLoopback() && !forwarded(r)
			if local || slices.ContainsFunc(a.From, func(p netip.Prefix) bool { return p.Contains(ip) }) {
				serve.ServeHTTP(w, r)
				return
			}
		}
		http.NotFound(w, r)
	})
}

// forwarded reports a request that names a client other than its peer.
func forwarded(r *http.Request) bool {
	for _, h := range []string{"X-Forwarded-For", "Forwarded", "X-Real-Ip"} {
		if r.Header.Get(h) != "" {
			return true
		}
	}
	return false
}
