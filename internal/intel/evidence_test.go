package intel

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/errs"
)

// withEXIF returns a JPEG carrying an APP1 (Exif) segment with a GPS tag
// marker, as phones write them.
func withEXIF(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{200, 10, 10, 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	payload := append([]byte("Exif\x00\x00GPSLatitude 22.6657 GPSLongitude 106.2639"), make([]byte, 16)...)
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	return append(append(append([]byte{}, b[:2]...), append(seg, payload...)...), b[2:]...)
}

func TestCleanEvidence_DropsPhotoMetadataAndRefusesOtherFiles(t *testing.T) {
	photo := withEXIF(t)
	if !bytes.Contains(photo, []byte("GPSLatitude")) {
		t.Fatal("the test photo has no location to strip")
	}
	out, err := CleanEvidence([]Evidence{{Name: "chup-man-hinh.jpg", Data: photo}, {Name: "bien-lai.pdf", Data: []byte("%PDF-1.4 test")}})
	if err != nil || len(out) != 2 {
		t.Fatalf("clean: %v %d", err, len(out))
	}
	if bytes.Contains(out[0].Data, []byte("GPSLatitude")) || bytes.Contains(out[0].Data, []byte("Exif")) {
		t.Fatal("the location metadata survived")
	}
	if _, _, err := image.Decode(bytes.NewReader(out[0].Data)); err != nil {
		t.Fatalf("the cleaned photo does not decode: %v", err)
	}
	_, err = CleanEvidence([]Evidence{{Name: "virus.exe", Data: []byte("MZ\x90\x00")}, {Name: "hong.png", Data: []byte("\x89PNG\r\n\x1a\nbroken")}})
	f := errs.FieldsOf(err)["files"]
	if !strings.Contains(f, "virus.exe") || !strings.Contains(f, "JPEG, PNG") {
		t.Fatalf("refusal: %q", f)
	}
}

func FuzzCleanEvidence(f *testing.F) {
	f.Add([]byte("%PDF-1.4"))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte("\xff\xd8\xff\xe0"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := CleanEvidence([]Evidence{{Name: "x", Data: data}})
		if err == nil && len(out) != 1 {
			t.Fatalf("accepted without output")
		}
	})
}
