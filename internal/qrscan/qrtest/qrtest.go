// Package qrtest makes pictures of QR codes as a hand-held phone takes
// them, for tests: tilted, keystoned, blurred, with a glare patch, saved
// as a JPEG; and VietQR payloads the way banking apps make them.
package qrtest

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// Photo is how a code is photographed.
type Photo struct {
	Tilt     float64 // degrees
	Keystone float64 // perspective: 0 none, 0.001 strong
	Blur     int     // box blur radius in pixels
	Glare    float64 // brightness added at the glare's centre, 0–255
	Quality  int     // JPEG quality (0: 70)
}

// Hand is a typical hand-held photograph: the keystone makes one side
// about 8% wider than the other and the 0.08 shear skews it further; a
// small code (version 1, no alignment pattern) is read up to about that.
var Hand = Photo{Tilt: 15, Keystone: 0.0002, Blur: 2, Glare: 110, Quality: 60}

// JPEG draws content as a QR code photographed as p, 900×900 pixels.
func JPEG(t testing.TB, content string, p Photo) []byte {
	t.Helper()
	const codeSide, side = 360, 900
	m, err := qrcode.NewQRCodeWriter().Encode(content, gozxing.BarcodeFormat_QR_CODE, codeSide, codeSide, nil)
	if err != nil {
		t.Fatalf("qrtest: %v", err)
	}
	img := image.NewGray(image.Rect(0, 0, side, side))
	sin, cos := math.Sincos(p.Tilt * math.Pi / 180)
	c := float64(side) / 2
	for y := range side {
		for x := range side {
			dx, dy := float64(x)-c, float64(y)-c
			rx, ry := dx*cos+dy*sin, -dx*sin+dy*cos
			w := 1 + p.Keystone*rx
			u, v := rx/w+0.08*ry/w, ry/w
			cu, cv := int(u+codeSide/2), int(v+codeSide/2)
			val := uint8(200 + (x*7+y*13)%23) // a paper-ish background
			if cu >= 0 && cv >= 0 && cu < m.GetWidth() && cv < m.GetHeight() {
				val = 235
				if m.Get(cu, cv) {
					val = 40
				}
			}
			img.Pix[y*img.Stride+x] = val
		}
	}
	img = blur(img, p.Blur)
	// Glare: a bright blob over part of the code.
	gx, gy, r := c+70, c+40, 80.0
	for y := range side {
		for x := range side {
			d := math.Hypot(float64(x)-gx, float64(y)-gy)
			add := p.Glare * math.Exp(-d*d/(2*r*r))
			img.Pix[y*img.Stride+x] = uint8(min(255, float64(img.Pix[y*img.Stride+x])+add))
		}
	}
	q := p.Quality
	if q == 0 {
		q = 70
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
		t.Fatalf("qrtest: %v", err)
	}
	return buf.Bytes()
}

// Blank is a photograph with no code in it.
func Blank(t testing.TB) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 400, 300))
	for i := range img.Pix {
		img.Pix[i] = uint8(120 + i%50)
	}
	img.Set(10, 10, color.Gray{Y: 0})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatalf("qrtest: %v", err)
	}
	return buf.Bytes()
}

func blur(src *image.Gray, r int) *image.Gray {
	if r <= 0 {
		return src
	}
	b := src.Bounds()
	out := image.NewGray(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			var sum, n int
			for dy := -r; dy <= r; dy++ {
				for dx := -r; dx <= r; dx++ {
					if p := (image.Point{X: x + dx, Y: y + dy}); p.In(b) {
						sum += int(src.GrayAt(p.X, p.Y).Y)
						n++
					}
				}
			}
			out.Pix[(y-b.Min.Y)*out.Stride+(x-b.Min.X)] = uint8(sum / n)
		}
	}
	return out
}

// VietQR is a VietQR (EMVCo) payload for a transfer to account at the
// bank with BIN bin, sealed with its CRC.
func VietQR(bin, account string) string {
	f := func(id, v string) string { return fmt.Sprintf("%s%02d%s", id, len(v), v) }
	merchant := f("00", "A000000727") + f("01", f("00", bin)+f("01", account)) + f("02", "QRIBFTTA")
	body := f("00", "01") + f("01", "12") + f("38", merchant) + f("53", "704") + f("54", "500000") + f("58", "VN") + f("62", f("08", "NOP PHAT")) + "6304"
	crc := uint16(0xFFFF)
	for i := 0; i < len(body); i++ {
		crc ^= uint16(body[i]) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return body + fmt.Sprintf("%04X", crc)
}
