// Package qrscan reads the QR code in a photograph: what people are sent
// (a VietQR code to pay "a fine", a link, a number) and want checked. The
// text it reads goes to the check as typed text would; the check already
// reads VietQR / EMVCo payloads, links and numbers.
//
// Photographs are taken by hand: tilted, skewed, blurred, with glare. The
// reader tries the picture as it is, then smaller (which smooths blur and
// noise), each with the local and the global threshold, before it gives up.
package qrscan

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // photographs
	_ "image/png"  // screenshots
	"strings"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// ErrNoCode is returned when no QR code could be read in the picture.
var ErrNoCode = errors.New("no QR code read")

// Largest side the reader works on; larger photographs are scaled down
// first (a phone's 4000-pixel photograph gains nothing but time).
const maxSide = 1600

// DecodeBytes reads the QR code in a JPEG or PNG picture.
func DecodeBytes(data []byte) (string, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return "", fmt.Errorf("qrscan: %w: %v", ErrNoCode, err)
	}
	return Decode(img)
}

// Decode reads the QR code in a picture.
func Decode(img image.Image) (string, error) {
	g := gray(img, maxSide)
	hints := map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true}
	for _, side := range []int{0, 1000, 700, 500} {
		pic := g
		if side > 0 {
			if b := g.Bounds(); max(b.Dx(), b.Dy()) <= side {
				continue
			}
			pic = gray(g, side)
		}
		src := gozxing.NewLuminanceSourceFromImage(pic)
		for _, bin := range []gozxing.Binarizer{gozxing.NewHybridBinarizer(src), gozxing.NewGlobalHistgramBinarizer(src)} {
			bmp, err := gozxing.NewBinaryBitmap(bin)
			if err != nil {
				continue
			}
			if res, err := qrcode.NewQRCodeReader().Decode(bmp, hints); err == nil {
				return Text(res.GetText()), nil
			}
		}
	}
	return "", ErrNoCode
}

// Text is what a code's content is checked as: a "tel:" or "SMSTO:" code
// as its number; anything else as it is.
func Text(s string) string {
	s = strings.TrimSpace(s)
	low := strings.ToLower(s)
	switch {
	case strings.HasPrefix(low, "tel:"):
		return strings.TrimSpace(s[4:])
	case strings.HasPrefix(low, "smsto:"), strings.HasPrefix(low, "sms:"):
		_, rest, _ := strings.Cut(s, ":")
		num, _, _ := strings.Cut(rest, ":")
		num, _, _ = strings.Cut(num, "?")
		return strings.TrimSpace(num)
	}
	return s
}

// gray returns img in grey, scaled down (by averaging boxes of pixels)
// so that its longer side is at most side.
func gray(img image.Image, side int) *image.Gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	f := 1
	for max(w, h)/f > side {
		f++
	}
	out := image.NewGray(image.Rect(0, 0, w/f, h/f))
	for y := 0; y < h/f; y++ {
		for x := 0; x < w/f; x++ {
			var sum, n uint32
			for dy := 0; dy < f; dy++ {
				for dx := 0; dx < f; dx++ {
					sum += uint32(color.GrayModel.Convert(img.At(b.Min.X+x*f+dx, b.Min.Y+y*f+dy)).(color.Gray).Y)
					n++
				}
			}
			out.Pix[y*out.Stride+x] = uint8(sum / n)
		}
	}
	return out
}
