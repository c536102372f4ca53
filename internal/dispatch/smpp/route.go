package smpp

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Router chooses the message centre (a Sender, by name) for a phone
// number: each carrier takes its own subscribers. A number kept when its
// owner moved carrier (mobile number portability) is listed in Ported;
// every other number goes by its longest matching prefix in Routes.
//
// Numbers and keys are E.164 digits, with or without the leading "+":
// "+84912345678", "8491".
type Router struct {
	Routes  map[string]string // number prefix → sender name, e.g. "8491" → "vinaphone"
	Ported  map[string]string // whole number → sender name, overriding Routes
	Default string            // sender for numbers no prefix matches; "" = none
}

// Route returns the sender name for number, and false when there is none.
func (r Router) Route(number string) (string, bool) {
	n := strings.TrimPrefix(number, "+")
	if name, ok := lookup(r.Ported, n); ok {
		return name, true
	}
	for i := len(n); i > 0; i-- {
		if name, ok := lookup(r.Routes, n[:i]); ok {
			return name, true
		}
	}
	return r.Default, r.Default != ""
}

// lookup finds key with or without a leading "+".
func lookup(m map[string]string, digits string) (string, bool) {
	if v, ok := m[digits]; ok {
		return v, true
	}
	v, ok := m["+"+digits]
	return v, ok
}

// Centre is one message centre from the configuration, with the carriers
// whose subscribers it takes (none: every number no other centre takes).
type Centre struct {
	Name     string
	Config   Config
	Carriers []string
}

// ParseCentres reads CANHGIAC_SMPP_URL: one or more
// smpp://SYSTEM_ID:PASSWORD@HOST:PORT addresses separated by spaces, each
// optionally with ?carrier=viettel&carrier=… (the carriers it serves),
// &conns=N (binds) and &tps=N (its own limit; else tps). Errors never
// repeat the password.
func ParseCentres(spec string, tps int) ([]Centre, error) {
	var out []Centre
	seen := map[string]bool{}
	defaults := 0
	for i, raw := range strings.Fields(spec) {
		u, err := url.Parse(raw)
		if err != nil || u.Scheme != "smpp" || u.User == nil || u.Host == "" {
			return nil, fmt.Errorf("trung tâm tin nhắn thứ %d: địa chỉ phải có dạng smpp://SYSTEM_ID:MẬT_KHẨU@MÁY:CỔNG", i+1)
		}
		pw, _ := u.User.Password()
		q := u.Query()
		c := Centre{Config: Config{Addr: u.Host, SystemID: u.User.Username(), Password: pw, Conns: 2, TPS: tps}}
		for _, k := range []struct {
			name string
			dst  *int
		}{{"conns", &c.Config.Conns}, {"tps", &c.Config.TPS}} {
			if v := q.Get(k.name); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil || n < 0 {
					return nil, fmt.Errorf("trung tâm tin nhắn %s: %s=%q không phải số", u.Host, k.name, v)
				}
				*k.dst = n
			}
		}
		for _, cr := range q["carrier"] {
			cr = strings.ToLower(strings.TrimSpace(cr))
			if len(vn.CarrierPrefixes(cr)) == 0 {
				return nil, fmt.Errorf("trung tâm tin nhắn %s: không có nhà mạng %q (dùng: viettel, vinaphone, mobifone, vietnamobile, gmobile, itel, reddi)", u.Host, cr)
			}
			if seen[cr] {
				return nil, fmt.Errorf("nhà mạng %s được gán cho hai trung tâm tin nhắn", cr)
			}
			seen[cr] = true
			c.Carriers = append(c.Carriers, cr)
		}
		if len(c.Carriers) == 0 {
			defaults++
			c.Name = "mac-dinh"
		} else {
			c.Name = strings.Join(c.Carriers, "+")
		}
		out = append(out, c)
	}
	if defaults > 1 {
		return nil, fmt.Errorf("chỉ một trung tâm tin nhắn được để trống nhà mạng (trung tâm mặc định)")
	}
	return out, nil
}

// RouterFor builds the router of a set of centres: each carrier's
// prefixes to its centre, the ported numbers (phone → carrier) to the
// centre of their new carrier, everything else to the default centre.
func RouterFor(centres []Centre, ported map[string]string) Router {
	r := Router{Routes: map[string]string{}, Ported: map[string]string{}}
	byCarrier := map[string]string{}
	for _, c := range centres {
		if len(c.Carriers) == 0 {
			r.Default = c.Name
		}
		for _, cr := range c.Carriers {
			byCarrier[cr] = c.Name
			for _, p := range vn.CarrierPrefixes(cr) {
				r.Routes[p] = c.Name
			}
		}
	}
	for phone, cr := range ported {
		if name, ok := byCarrier[cr]; ok {
			r.Ported[strings.TrimPrefix(phone, "+")] = name
		} else if r.Default != "" {
			r.Ported[strings.TrimPrefix(phone, "+")] = r.Default
		}
	}
	return r
}

// Routed sends each message through the centre of its recipient's
// carrier. Channel ids are prefixed with the centre's name, since two
// centres may hand out the same id.
type Routed struct {
	Router  Router
	Senders map[string]*Sender
	out     chan dispatch.Receipt
}

// NewRouted starts forwarding the centres' receipts.
func NewRouted(r Router, senders map[string]*Sender) *Routed {
	rt := &Routed{Router: r, Senders: senders, out: make(chan dispatch.Receipt, 1024)}
	for name, s := range senders {
		go func() {
			for rc := range s.Receipts() {
				rc.ChannelID = name + ":" + rc.ChannelID
				rt.out <- rc
			}
		}()
	}
	return rt
}

// Send routes and submits a message.
func (rt *Routed) Send(ctx context.Context, m dispatch.Message) (string, error) {
	name, ok := rt.Router.Route(m.To)
	s := rt.Senders[name]
	if !ok || s == nil {
		carrier := "không rõ"
		if c, ok := vn.CarrierOf(m.To); ok {
			carrier = c.Name
		}
		return "", fmt.Errorf("%w: không có trung tâm tin nhắn cho số này (nhà mạng %s)", dispatch.ErrRejected, carrier)
	}
	id, err := s.Send(ctx, m)
	if err != nil {
		return "", err
	}
	return name + ":" + id, nil
}

// Receipts are every centre's delivery receipts.
func (rt *Routed) Receipts() <-chan dispatch.Receipt { return rt.out }

// Close closes every centre's binds.
func (rt *Routed) Close() error {
	var first error
	for _, s := range rt.Senders {
		if err := s.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
