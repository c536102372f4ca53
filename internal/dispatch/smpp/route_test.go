package smpp

import "testing"

func TestRouter_Route(t *testing.T) {
	r := Router{
		Routes: map[string]string{
			"8491":   "vinaphone",
			"8494":   "vinaphone",
			"+8496":  "viettel",
			"849":    "mobifone", // shorter: loses to the longer prefixes above
			"84123":  "vinaphone",
			"841234": "viettel",
		},
		Ported: map[string]string{
			"84912000001":  "viettel",
			"+84961000002": "mobifone",
		},
	}
	tests := []struct {
		number string
		want   string
		ok     bool
	}{
		{"+84912345678", "vinaphone", true},
		{"84941234567", "vinaphone", true},
		{"+84961234567", "viettel", true},
		{"+84931234567", "mobifone", true},
		{"+84123512345", "vinaphone", true},
		{"+84123412345", "viettel", true},
		{"+84912000001", "viettel", true}, // ported out of Vinaphone
		{"84961000002", "mobifone", true}, // ported out of Viettel
		{"+84812345678", "", false},       // no route, no default
		{"+12025550123", "", false},
	}
	for _, tt := range tests {
		got, ok := r.Route(tt.number)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Route(%q) = %q, %v; want %q, %v", tt.number, got, ok, tt.want, tt.ok)
		}
	}
	r.Default = "vinaphone"
	if got, ok := r.Route("+84812345678"); got != "vinaphone" || !ok {
		t.Errorf("with a default, Route = %q, %v", got, ok)
	}
}
