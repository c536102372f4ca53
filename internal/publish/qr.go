package publish

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"strconv"

	"github.com/boombuler/barcode/qr"
)

// quietZone is the white border the QR standard requires around the
// symbol, in modules; phone cameras fail to find a code printed flush
// against a coloured background without it.
const quietZone = 4

// MaxQRPixels is the largest PNG side QRPNG draws: enough for print at
// 300 dpi over 34 cm.
const MaxQRPixels = 4096

// qrMatrix encodes url at error-correction level M (15% of the symbol can
// be lost: enough for a smudged poster without making the code much
// denser) and returns the modules, true for dark, indexed [y][x], without
// the quiet zone.
func qrMatrix(url string) ([][]bool, error) {
	if url == "" {
		return nil, fmt.Errorf("qr: empty url")
	}
	code, err := qr.Encode(url, qr.M, qr.Auto)
	if err != nil {
		return nil, fmt.Errorf("qr: encode %q: %w", url, err)
	}
	n := code.Bounds().Dx()
	m := make([][]bool, n)
	for y := range m {
		m[y] = make([]bool, n)
		for x := range m[y] {
			r, _, _, _ := code.At(x, y).RGBA()
			m[y][x] = r < 0x8000
		}
	}
	return m, nil
}

// QRPNG writes a px×px two-colour PNG of a QR code for url. Modules are a
// whole number of pixels (so the code stays sharp), the quiet zone is at
// least four modules, and any pixels left over widen the white border.
// px must leave room for one pixel a module and be at most [MaxQRPixels],
// so a size taken from a request cannot exhaust memory.
func QRPNG(w io.Writer, url string, px int) error {
	if px > MaxQRPixels {
		return fmt.Errorf("qr: %d px is over the limit of %d", px, MaxQRPixels)
	}
	m, err := qrMatrix(url)
	if err != nil {
		return err
	}
	n := len(m)
	scale := px / (n + 2*quietZone)
	if scale < 1 {
		return fmt.Errorf("qr: %d px is too small for %d modules and the quiet zone", px, n)
	}
	offset := (px - n*scale) / 2
	img := image.NewPaletted(image.Rect(0, 0, px, px), color.Palette{color.White, color.Black})
	for y, row := range m {
		for x, dark := range row {
			if !dark {
				continue
			}
			for dy := range scale {
				for dx := range scale {
					img.SetColorIndex(offset+x*scale+dx, offset+y*scale+dy, 1)
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return fmt.Errorf("qr: png: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// QRSVG writes a QR code for url as a scalable SVG: a white square and one
// black <path> in which each horizontal run of dark modules is one
// rectangle ("M x y h len v 1 h -len z"), in a viewBox of one unit a
// module including the four-module quiet zone. The <title> gives screen
// readers and tooltips the address.
func QRSVG(w io.Writer, url string) error {
	m, err := qrMatrix(url)
	if err != nil {
		return err
	}
	size := strconv.Itoa(len(m) + 2*quietZone)
	var b bytes.Buffer
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + size + ` ` + size + `" role="img" shape-rendering="crispEdges">`)
	b.WriteString(`<title>Mã QR: `)
	if err := xml.EscapeText(&b, []byte(url)); err != nil {
		return err
	}
	b.WriteString(`</title>`)
	b.WriteString(`<rect width="` + size + `" height="` + size + `" fill="#fff"/>`)
	b.WriteString(`<path fill="#000" d="`)
	for y, row := range m {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			run := strconv.Itoa(x - start)
			fmt.Fprintf(&b, "M%d %dh%sv1h-%sz", start+quietZone, y+quietZone, run, run)
		}
	}
	b.WriteString(`"/></svg>` + "\n")
	_, err = w.Write(b.Bytes())
	return err
}
