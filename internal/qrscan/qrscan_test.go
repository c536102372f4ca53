package qrscan_test

import (
	"errors"
	"testing"

	"github.com/canhgiac/canhgiac/internal/qrscan"
	"github.com/canhgiac/canhgiac/internal/qrscan/qrtest"
)

// Codes photographed by hand — tilted 15°, keystoned, blurred, with glare,
// JPEG-compressed — are read; a picture with no code says so.
func TestDecode_HandHeldPhotographsAreRead(t *testing.T) {
	for _, tc := range []struct {
		name, content, want string
		photo               qrtest.Photo
	}{
		{"VietQR", qrtest.VietQR("970436", "0071001234567"), qrtest.VietQR("970436", "0071001234567"), qrtest.Hand},
		{"link", "https://vcb-hoantien.xyz/nhan-tien", "https://vcb-hoantien.xyz/nhan-tien", qrtest.Hand},
		{"phone", "tel:0389000002", "0389000002", qrtest.Hand},
		{"sms", "SMSTO:0389000002:KT", "0389000002", qrtest.Photo{Tilt: -12, Keystone: 0.0002, Blur: 1, Glare: 60, Quality: 50}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := qrscan.DecodeBytes(qrtest.JPEG(t, tc.content, tc.photo))
			if err != nil || got != tc.want {
				t.Errorf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	if _, err := qrscan.DecodeBytes(qrtest.Blank(t)); !errors.Is(err, qrscan.ErrNoCode) {
		t.Errorf("a picture without a code: %v", err)
	}
}
