package web

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"github.com/canhgiac/canhgiac/internal/upload"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Public endpoints are metered per client address (and the subscription
// form also per contact), in the memory of each instance: behind several
// instances a client gets each instance's limit. That keeps a flood away
// from the database it would otherwise load; a shared counter would cost a
// write per lookup on the path we keep free of the database.

// Default limits, used when the options leave them at 0.
const (
	defaultAPIChecksPerMinute  = 600 // the keyless API, items
	defaultLookupsPerMinute    = 60  // /tra-cuu
	defaultFormsPerHour        = 10  // each public form
	defaultSubscriptionsPerDay = 3   // /dang-ky, per phone, e-mail or Zalo id
	maxLimiterKeys             = 100_000
)

// limiter counts uses per key in fixed windows.
type limiter struct {
	mu      sync.Mutex
	limit   int
	window  time.Duration
	buckets map[string]*bucket
}

type bucket struct {
	left  int
	reset time.Time
}

func newLimiter(limit int, window time.Duration) *limiter {
	return &limiter{limit: limit, window: window, buckets: map[string]*bucket{}}
}

// take counts n uses of key; when the key has not that many left in its
// window, it counts nothing and says how long until the window ends.
func (l *limiter) take(key string, n int, now time.Time) (bool, time.Duration) {
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

// limits are the public meters of one server.
type limits struct {
	apiChecks *limiter // keyless API checks, items a minute per address
	lookups   *limiter // /tra-cuu lookups a minute per address
	forms     *limiter // submissions of each public form an hour per address
	contacts  *limiter // subscriptions a day per contact
	salt      []byte   // contacts are counted by a salted hash, not kept as typed
}

func newLimits(opt Options) *limits {
	or := func(v, def int) int {
		if v <= 0 {
			return def
		}
		return v
	}
	l := &limits{
		apiChecks: newLimiter(or(opt.PublicChecksPerMinute, defaultAPIChecksPerMinute), time.Minute),
		lookups:   newLimiter(or(opt.PublicLookupsPerMinute, defaultLookupsPerMinute), time.Minute),
		forms:     newLimiter(or(opt.PublicFormsPerHour, defaultFormsPerHour), time.Hour),
		contacts:  newLimiter(or(opt.SubscriptionsPerContactPerDay, defaultSubscriptionsPerDay), 24*time.Hour),
		salt:      make([]byte, 16),
	}
	rand.Read(l.salt)
	return l
}

// tooMany is the refusal of a metered request: 429 with Retry-After.
func tooMany(w http.ResponseWriter, wait time.Duration, vi, en string) *errs.Error {
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

// lookupMetered limits /tra-cuu: a page with a query counts one lookup;
// a refusal shows the page again with the query kept.
func (s *Server) lookupMetered(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		q := strings.TrimSpace(r.URL.Query().Get("q"))
		if q == "" {
			return h(w, r)
		}
		ok, wait := s.limits.lookups.take(clientIP(r), 1, time.Now())
		if ok {
			return h(w, r)
		}
		e := tooMany(w, wait, fmt.Sprintf("Địa chỉ mạng của bạn đã tra cứu quá %d lần trong một phút.", s.limits.lookups.limit),
			fmt.Sprintf("Your address made more than %d lookups in a minute.", s.limits.lookups.limit))
		p := &CheckPage{Page: Page{Title: "Tra cứu", Public: true}, Query: q}
		p.Flash = &Flash{Kind: "error", Text: e.Message(state(r).lang)}
		return s.render(w, r, http.StatusTooManyRequests, "check", p)
	}
}

// againFunc shows a public form again, with what was typed, after its
// submission was refused by a meter.
type againFunc func(w http.ResponseWriter, r *http.Request, refusal *errs.Error) error

// formMetered limits the submissions of one public form (form names it)
// per address an hour.
func (s *Server) formMetered(form string, h handlerFunc, again againFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ok, wait := s.limits.forms.take(form+"\x00"+clientIP(r), 1, time.Now())
		if ok {
			return h(w, r)
		}
		n := s.limits.forms.limit
		return again(w, r, tooMany(w, wait, fmt.Sprintf("Địa chỉ mạng của bạn đã gửi biểu mẫu này %d lần trong một giờ, là mức tối đa.", n),
			fmt.Sprintf("Your address sent this form %d times in an hour, the most allowed.", n)))
	}
}

// contactMetered limits subscriptions per contact a day, so the form cannot
// be used to send our messages to one person again and again. Contacts are
// counted by a salted hash, folded so that spellings of one contact meet.
func (s *Server) contactMetered(h handlerFunc, again againFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := r.ParseForm(); err != nil {
			return err
		}
		now := time.Now()
		for _, field := range []string{"phone", "email", "zalo"} {
			key := contactKey(s.limits.salt, field, r.PostFormValue(field))
			if key == "" {
				continue
			}
			if ok, wait := s.limits.contacts.take(key, 1, now); !ok {
				n := s.limits.contacts.limit
				return again(w, r, tooMany(w, wait, fmt.Sprintf("Liên hệ này đã được đăng ký %d lần trong một ngày, là mức tối đa.", n),
					fmt.Sprintf("This contact was subscribed %d times in a day, the most allowed.", n)))
			}
		}
		return h(w, r)
	}
}

// contactKey folds a contact (digits only for a phone, lower case for the
// rest) and hashes it with the salt; "" for an empty one.
func contactKey(salt []byte, field, v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if field == "phone" {
		v = strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return r
			}
			return -1
		}, v)
		v = strings.TrimPrefix(strings.TrimPrefix(v, "84"), "0")
	}
	if v == "" {
		return ""
	}
	h := sha256.New()
	h.Write(salt)
	h.Write([]byte(field + "\x00" + v))
	return string(h.Sum(nil))
}

// The public forms shown again after a refusal, with what was typed.

func (s *Server) tipAgain(w http.ResponseWriter, r *http.Request, refusal *errs.Error) error {
	// What could be read within the guard's limit is shown again; the
	// files are not kept.
	_ = upload.ParseForm(w, r)
	defer upload.Release(r)
	f := r.PostFormValue
	p := &TipPage{Page: Page{Title: "Tố giác lừa đảo", Public: true}, Lines: f("indicators"),
		In: intel.TipInput{Tactic: f("tactic"), HappenedOn: f("happened_on"), MoneyLost: f("money_lost"), Description: f("description"),
			Province: f("province"), Commune: f("commune"), Contact: f("contact"), Consent: f("consent") == "on"}}
	hint := " Các ô đã nhập vẫn còn dưới đây; tệp đính kèm cần chọn lại."
	if state(r).lang == "en" {
		hint = " What you typed is kept below; choose the files again."
	}
	p.Flash = &Flash{Kind: "error", Text: refusal.Message(state(r).lang) + hint}
	p.Tactics, _ = s.activity.Tactics(r.Context())
	return s.render(w, r, http.StatusTooManyRequests, "tip", p)
}

func (s *Server) tipAddAgain(w http.ResponseWriter, r *http.Request, refusal *errs.Error) error {
	t, err := s.intel.TipByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	p := &TipStatusPage{Page: Page{Title: "Tố giác " + t.Code, Public: true}, Tip: t, Text: r.PostFormValue("text"), Fields: map[string]string{"text": refusal.Message(state(r).lang)}}
	return s.render(w, r, http.StatusTooManyRequests, "tip_status", p)
}

func (s *Server) removalAgain(w http.ResponseWriter, r *http.Request, refusal *errs.Error) error {
	p := &RemovalPage{Page: Page{Title: "Yêu cầu gỡ cảnh báo", Public: true}, Indicator: r.PostFormValue("indicator"), Reason: r.PostFormValue("reason"),
		Contact: r.PostFormValue("contact"), Consent: r.PostFormValue("consent") == "on"}
	p.Flash = &Flash{Kind: "error", Text: refusal.Message(state(r).lang)}
	return s.render(w, r, http.StatusTooManyRequests, "removal", p)
}

func (s *Server) subscribeAgain(w http.ResponseWriter, r *http.Request, refusal *errs.Error) error {
	r.ParseForm()
	in := audience.Input{Phone: r.PostFormValue("phone"), Email: r.PostFormValue("email"), Zalo: r.PostFormValue("zalo"), Province: r.PostFormValue("province"),
		Groups: r.PostForm["groups"], Consent: r.PostFormValue("consent") == "on"}
	p := &SubscribePage{Page: Page{Title: "Đăng ký nhận cảnh báo", Public: true}, In: in, Consent: audience.ConsentText, Groups: audience.Groups, Provinces: vn.Provinces()}
	p.Flash = &Flash{Kind: "error", Text: refusal.Message(state(r).lang)}
	return s.render(w, r, http.StatusTooManyRequests, "subscribe", p)
}
