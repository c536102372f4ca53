package edge

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/canhgiac/canhgiac/internal/errs"
)

// Public endpoints are metered per client address (and the subscription
// form also per contact), in the memory of each instance: behind several
// instances a client gets each instance's limit. That keeps a flood away
// from the database it would otherwise load; a shared counter would cost a
// write per lookup on the path we keep free of the database.

// maxLimiterKeys bounds a meter's memory.
const maxLimiterKeys = 100_000

// Limiter counts uses per key in fixed windows.
type Limiter struct {
	mu      sync.Mutex
	limit   int
	window  time.Duration
	buckets map[string]*bucket
}

type bucket struct {
	left  int
	reset time.Time
}

// NewLimiter allows limit uses per key in each window; a limit of 0 or
// less takes def.
func NewLimiter(limit, def int, window time.Duration) *Limiter {
	if limit <= 0 {
		limit = def
	}
	return &Limiter{limit: limit, window: window, buckets: map[string]*bucket{}}
}

// Take counts n uses of key; when the key has not that many left in its
// window, it counts nothing and says how long until the window ends.
func (l *Limiter) Take(key string, n int, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil || !now.Before(b.reset) {
		if len(l.buckets) > maxLimiterKeys {
			l.buckets = map[string]*bucket{} // forget everyone rather than grow without end
		}
		b = &bucket{left: l.limit, reset: now.Add(l.window)}
		l.buckets[key] = b
	}
	if b.left < n {
		return false, b.reset.Sub(now)
	}
	b.left -= n
	return true, 0
}

// TooMany is the refusal of a metered request: 429 with Retry-After, the
// wait said in words.
func TooMany(w http.ResponseWriter, wait time.Duration, vi, en string) *errs.Error {
	secs := int((wait + time.Second - 1) / time.Second)
	secs = max(secs, 1)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	return errs.TooMany(vi+" Vui lòng thử lại sau "+waitVI(secs)+".", en+" Try again in "+strconv.Itoa(secs)+" s.")
}

// waitVI says a wait in words: "45 giây", "12 phút", "3 giờ".
func waitVI(secs int) string {
	switch {
	case secs < 60:
		return fmt.Sprintf("%d giây", secs)
	case secs < 3600:
		return fmt.Sprintf("%d phút", (secs+59)/60)
	}
	return fmt.Sprintf("%d giờ", (secs+3599)/3600)
}

// Limit is the number of uses a key has in each window.
func (l *Limiter) Limit() int { return l.limit }
