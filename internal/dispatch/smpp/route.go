package smpp

import "strings"

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
