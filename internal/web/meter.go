package web

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode"

	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/edge"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/upload"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// The public pages and forms are metered per address (and the subscription
// form also per contact) with the meters of package edge.

// Default limits, used when the options leave them at 0.
const (
	defaultLookupsPerMinute    = 60 // /tra-cuu
	defaultFormsPerHour        = 10 // each public form
	defaultSubscriptionsPerDay = 3  // /dang-ky, per phone, e-mail or Zalo id
)

// limits are the public meters of the pages.
type limits struct {
	lookups  *edge.Limiter // /tra-cuu lookups a minute per address (and /thong-ke windows, counted apart)
	forms    *edge.Limiter // submissions of each public form an hour per address
	contacts *edge.Limiter // subscriptions a day per contact
	salt     []byte        // contacts are counted by a salted hash, not kept as typed
}

func newLimits(opt Options) *limits {
	l := &limits{
		lookups:  edge.NewLimiter(opt.PublicLookupsPerMinute, defaultLookupsPerMinute, time.Minute),
		forms:    edge.NewLimiter(opt.PublicFormsPerHour, defaultFormsPerHour, time.Hour),
		contacts: edge.NewLimiter(opt.SubscriptionsPerContactPerDay, defaultSubscriptionsPerDay, 24*time.Hour),
		salt:     make([]byte, 16),
	}
	rand.Read(l.salt)
	return l
}

// lookupMetered limits /tra-cuu: a page with a query counts one lookup;
// a refusal shows the page again with the query kept.
func (s *Server) lookupMetered(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		q := strings.TrimSpace(r.URL.Query().Get("q"))
		if q == "" {
			return h(w, r)
		}
		ok, wait := s.limits.lookups.Take(edge.ClientIP(r), 1, time.Now())
		if ok {
			return h(w, r)
		}
		e := edge.TooMany(w, wait, fmt.Sprintf("Địa chỉ mạng của bạn đã tra cứu quá %d lần trong một phút.", s.limits.lookups.Limit()),
			fmt.Sprintf("Your address made more than %d lookups in a minute.", s.limits.lookups.Limit()))
		p := &CheckPage{Page: Page{Title: "Tra cứu", Public: true}, Query: q}
		p.Flash = &Flash{Kind: "error", Text: e.Message(state(r).lang)}
		return s.render(w, r, http.StatusTooManyRequests, "check", p)
	}
}

// statsMetered limits the public statistics per address: each window the
// database counts takes one of the address's lookups a minute, in a count
// of its own (so reading statistics does not spend the /tra-cuu lookups).
// It sits inside the page cache (routes.go), so a page already in the
// cache is served without counting.
func (s *Server) statsMetered(h handlerFunc, again againFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ok, wait := s.limits.lookups.Take("thong-ke\x00"+edge.ClientIP(r), 1, time.Now())
		if ok {
			return h(w, r)
		}
		n := s.limits.lookups.Limit()
		return again(w, r, edge.TooMany(w, wait, fmt.Sprintf("Địa chỉ mạng của bạn đã yêu cầu thống kê mới %d lần trong một phút, là mức tối đa.", n),
			fmt.Sprintf("Your address asked for new statistics %d times in a minute, the most allowed.", n)))
	}
}

// againFunc shows a public form again, with what was typed, after its
// submission was refused by a meter.
type againFunc func(w http.ResponseWriter, r *http.Request, refusal *errs.Error) error

// formMetered limits the submissions of one public form (form names it)
// per address an hour.
func (s *Server) formMetered(form string, h handlerFunc, again againFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ok, wait := s.limits.forms.Take(form+"\x00"+edge.ClientIP(r), 1, time.Now())
		if ok {
			return h(w, r)
		}
		n := s.limits.forms.Limit()
		return again(w, r, edge.TooMany(w, wait, fmt.Sprintf("Địa chỉ mạng của bạn đã gửi biểu mẫu này %d lần trong một giờ, là mức tối đa.", n),
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
			if ok, wait := s.limits.contacts.Take(key, 1, now); !ok {
				n := s.limits.contacts.Limit()
				return again(w, r, edge.TooMany(w, wait, fmt.Sprintf("Liên hệ này đã được đăng ký %d lần trong một ngày, là mức tối đa.", n),
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
	p := &TipStatusPage{Page: Page{Title: trf(r, "Tố giác %s", t.Code), Public: true}, Tip: t, Text: r.PostFormValue("text"), Fields: map[string]string{"text": refusal.Message(state(r).lang)}}
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

// statsAgain shows the statistics' form again, with the window as typed
// and the refusal where a wrong date is said; no figures are counted.
func (s *Server) statsAgain(w http.ResponseWriter, r *http.Request, refusal *errs.Error) error {
	q := r.URL.Query()
	p := &StatsPage{Page: Page{Title: "Thống kê lừa đảo", Public: true, Nav: "stats"}, Tu: q.Get("tu"), Den: q.Get("den"), MaxYears: statsMaxYears,
		Problem: refusal.Message(state(r).lang)}
	return s.render(w, r, http.StatusTooManyRequests, "stats", p)
}

// statsCSVAgain is the refusal of a statistics CSV, as text.
func statsCSVAgain(w http.ResponseWriter, r *http.Request, refusal *errs.Error) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusTooManyRequests)
	_, err := io.WriteString(w, refusal.Message(state(r).lang)+"\n")
	return err
}
