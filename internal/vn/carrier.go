package vn

import "strings"

// Carrier is a mobile network of Vietnam.
type Carrier struct {
	Code string // viettel, vinaphone, mobifone, vietnamobile, gmobile, itel, reddi
	Name string
}

// Carriers are the mobile networks, in order of size.
var Carriers = []Carrier{
	{"viettel", "Viettel"},
	{"vinaphone", "VinaPhone"},
	{"mobifone", "MobiFone"},
	{"vietnamobile", "Vietnamobile"},
	{"gmobile", "Gmobile"},
	{"itel", "iTel"},
	{"reddi", "Reddi"},
}

// mobilePrefixes are the ten-digit mobile prefixes (after the leading 0)
// each network was given, as the numbering plan stands since the 2018
// conversion from eleven-digit numbers.
var mobilePrefixes = map[string]string{
	"86": "viettel", "96": "viettel", "97": "viettel", "98": "viettel",
	"32": "viettel", "33": "viettel", "34": "viettel", "35": "viettel", "36": "viettel", "37": "viettel", "38": "viettel", "39": "viettel",
	"88": "vinaphone", "91": "vinaphone", "94": "vinaphone",
	"81": "vinaphone", "82": "vinaphone", "83": "vinaphone", "84": "vinaphone", "85": "vinaphone",
	"89": "mobifone", "90": "mobifone", "93": "mobifone",
	"70": "mobifone", "76": "mobifone", "77": "mobifone", "78": "mobifone", "79": "mobifone",
	"92": "vietnamobile", "52": "vietnamobile", "56": "vietnamobile", "58": "vietnamobile",
	"99": "gmobile", "59": "gmobile",
	"87": "itel",
	"55": "reddi",
}

// CarrierOf returns the network a mobile number was issued to, from its
// prefix ("+84912345678", "84912345678" or "0912345678"). A number that
// moved network keeps its prefix, so this is the original network; a
// router needs its list of ported numbers on top. ok is false for numbers
// that are not Vietnamese mobiles.
func CarrierOf(phone string) (Carrier, bool) {
	d := strings.TrimPrefix(phone, "+")
	switch {
	case strings.HasPrefix(d, "84") && len(d) == 11:
		d = d[2:]
	case strings.HasPrefix(d, "0") && len(d) == 10:
		d = d[1:]
	default:
		return Carrier{}, false
	}
	code, ok := mobilePrefixes[d[:2]]
	if !ok {
		return Carrier{}, false
	}
	for _, c := range Carriers {
		if c.Code == code {
			return c, true
		}
	}
	return Carrier{}, false
}

// CarrierPrefixes returns the E.164 digit prefixes ("8491") of a network,
// for message routing.
func CarrierPrefixes(code string) []string {
	var out []string
	for p, c := range mobilePrefixes {
		if c == code {
			out = append(out, "84"+p)
		}
	}
	return out
}
