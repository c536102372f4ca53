package publish

import (
	"bytes"
	"encoding/xml"
	"image/color"
	"image/png"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/boombuler/barcode/qr"
)

const testURL = "https://canhgiac.gov.vn/x/F8DB9CY02P?a=1&b=2"

// reference is the qr package's own matrix for url at level M.
func reference(t *testing.T, url string) [][]bool {
	t.Helper()
	code, err := qr.Encode(url, qr.M, qr.Auto)
	if err != nil {
		t.Fatal(err)
	}
	n := code.Bounds().Dx()
	m := make([][]bool, n)
	for y := range m {
		m[y] = make([]bool, n)
		for x := range m[y] {
			m[y][x] = code.At(x, y) == color.Black
		}
	}
	return m
}

func TestQRSVG_MatchesQRMatrixModuleForModule(t *testing.T) {
	var buf bytes.Buffer
	if err := QRSVG(&buf, testURL); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		XMLName xml.Name `xml:"http://www.w3.org/2000/svg svg"`
		ViewBox string   `xml:"viewBox,attr"`
		Title   string   `xml:"title"`
		Paths   []struct {
			D string `xml:"d,attr"`
		} `xml:"path"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("SVG is not well-formed XML: %v\n%s", err, buf.String())
	}
	if doc.Title != "Mã QR: "+testURL {
		t.Errorf("title = %q", doc.Title)
	}
	if len(doc.Paths) != 1 {
		t.Fatalf("%d paths, want 1", len(doc.Paths))
	}
	want := reference(t, testURL)
	n := len(want)
	size := n + 2*quietZone
	if vb := "0 0 " + strconv.Itoa(size) + " " + strconv.Itoa(size); doc.ViewBox != vb {
		t.Errorf("viewBox = %q, want %q", doc.ViewBox, vb)
	}

	got := make([][]bool, size)
	for y := range got {
		got[y] = make([]bool, size)
	}
	run := regexp.MustCompile(`^M(\d+) (\d+)h(\d+)v1h-(\d+)z`)
	d := doc.Paths[0].D
	for d != "" {
		m := run.FindStringSubmatch(d)
		if m == nil || m[3] != m[4] {
			t.Fatalf("unexpected path data at %.40q", d)
		}
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		w, _ := strconv.Atoi(m[3])
		for i := range w {
			if got[y][x+i] {
				t.Fatalf("module %d,%d drawn twice", x+i, y)
			}
			got[y][x+i] = true
		}
		d = d[len(m[0]):]
	}
	for y := range size {
		for x := range size {
			inside := x >= quietZone && y >= quietZone && x < quietZone+n && y < quietZone+n
			if !inside {
				if got[y][x] {
					t.Fatalf("quiet zone module %d,%d is dark", x, y)
				}
				continue
			}
			if got[y][x] != want[y-quietZone][x-quietZone] {
				t.Fatalf("module %d,%d differs from the qr matrix", x-quietZone, y-quietZone)
			}
		}
	}
}

func TestQRPNG_SizeModulesAndQuietZone(t *testing.T) {
	want := reference(t, testURL)
	n := len(want)
	for _, px := range []int{n + 8, 256, 301} {
		var buf bytes.Buffer
		if err := QRPNG(&buf, testURL, px); err != nil {
			t.Fatalf("px=%d: %v", px, err)
		}
		img, err := png.Decode(&buf)
		if err != nil {
			t.Fatalf("px=%d: not a PNG: %v", px, err)
		}
		if b := img.Bounds(); b.Dx() != px || b.Dy() != px {
			t.Fatalf("px=%d: image is %v", px, b)
		}
		scale := px / (n + 2*quietZone)
		offset := (px - n*scale) / 2
		if offset < quietZone*scale {
			t.Fatalf("px=%d: border %d px is under 4 modules of %d px", px, offset, scale)
		}
		dark := func(x, y int) bool {
			r, _, _, _ := img.At(x, y).RGBA()
			return r < 0x8000
		}
		// Every pixel outside the symbol is white.
		for y := range px {
			for x := range px {
				if (x < offset || y < offset || x >= offset+n*scale || y >= offset+n*scale) && dark(x, y) {
					t.Fatalf("px=%d: quiet zone pixel %d,%d is dark", px, x, y)
				}
			}
		}
		// Every pixel of a module has the module's colour.
		for my := range n {
			for mx := range n {
				for dy := range scale {
					for dx := range scale {
						if dark(offset+mx*scale+dx, offset+my*scale+dy) != want[my][mx] {
							t.Fatalf("px=%d: module %d,%d differs from the qr matrix", px, mx, my)
						}
					}
				}
			}
		}
	}
}

func TestQRPNG_RefusesSizesOutOfRange(t *testing.T) {
	for px, want := range map[int]string{20: "too small", 0: "too small", MaxQRPixels + 1: "over the limit"} {
		var buf bytes.Buffer
		err := QRPNG(&buf, testURL, px)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("px=%d: err = %v, want %s", px, err, want)
		}
		if buf.Len() != 0 {
			t.Errorf("px=%d: wrote something despite the error", px)
		}
	}
}

func TestQR_RefusesEmptyURL(t *testing.T) {
	if err := QRSVG(new(bytes.Buffer), ""); err == nil {
		t.Error("QRSVG accepted an empty url")
	}
	if err := QRPNG(new(bytes.Buffer), "", 200); err == nil {
		t.Error("QRPNG accepted an empty url")
	}
}
