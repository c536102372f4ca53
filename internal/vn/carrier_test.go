package vn

import "testing"

func TestCarrierOf(t *testing.T) {
	for in, want := range map[string]string{
		"+84912345678": "vinaphone", "0987654321": "viettel", "84901234567": "mobifone",
		"0325555555": "viettel", "0921234567": "vietnamobile", "0871234567": "itel", "0591234567": "gmobile",
		"+8491234567": "", "0241234567": "", "+14155550100": "",
	} {
		c, ok := CarrierOf(in)
		if ok != (want != "") || c.Code != want {
			t.Errorf("CarrierOf(%q) = %q, %v; want %q", in, c.Code, ok, want)
		}
	}
	ps := CarrierPrefixes("reddi")
	if len(ps) != 1 || ps[0] != "8455" {
		t.Errorf("CarrierPrefixes(reddi) = %v", ps)
	}
}
