package docgen

import (
	"embed"
	"fmt"

	"github.com/go-pdf/fpdf"
)

// The PDF embeds Liberation Serif 2.x (SIL OFL 1.1, see fonts/LICENSE):
// metric-compatible with Times New Roman, which NĐ 30 prescribes and the
// .docx names, so line breaks and rule lengths agree between the formats.
// It is embedded in the binary so rendering never depends on the fonts
// installed on a server.
//
//go:embed fonts/*.ttf
var fontFS embed.FS

// fontFamily is the family name registered with fpdf. It ends up in the
// PDF's /BaseFont entries, so readers can see which font is embedded.
const fontFamily = "LiberationSerif"

var fontFiles = []struct{ style, file string }{
	{"", "fonts/LiberationSerif-Regular.ttf"},
	{"B", "fonts/LiberationSerif-Bold.ttf"},
	{"I", "fonts/LiberationSerif-Italic.ttf"},
	{"BI", "fonts/LiberationSerif-BoldItalic.ttf"},
}

// Vertical metrics of Liberation Serif / Times New Roman as fractions of
// the font size (hhea ascender 0.891, descender 0.216, line gap 0.042).
// Word's "single" line is their sum; the PDF uses the same so that a
// paragraph takes the same height in both formats.
const (
	fontAscent = 0.891
	singleLine = 1.149
)

// Units: OOXML measures in twips (1/20 pt); body text is 14 pt.
const (
	ptPerTwip   = 1.0 / 20
	twipsPerPt  = 20
	twipsPerCm  = 567
	defaultSize = 14
)

// newPDF returns an A4 portrait fpdf document measured in points with the
// four Liberation Serif faces registered. The DOCX writer uses one too,
// only to measure text for rule lengths.
func newPDF() (*fpdf.Fpdf, error) {
	f := fpdf.New("P", "pt", "A4", "")
	for _, ff := range fontFiles {
		b, err := fontFS.ReadFile(ff.file)
		if err != nil {
			return nil, fmt.Errorf("docgen: font %s: %w", ff.file, err)
		}
		f.AddUTF8FontFromBytes(fontFamily, ff.style, b)
	}
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("docgen: loading fonts: %w", err)
	}
	return f, nil
}

// fontStyle is fpdf's style string for a run.
func fontStyle(bold, italic bool) string {
	switch {
	case bold && italic:
		return "BI"
	case bold:
		return "B"
	case italic:
		return "I"
	}
	return ""
}

// measurer measures text in points with the embedded fonts.
type measurer struct{ f *fpdf.Fpdf }

func (m measurer) width(s string, size float64, bold, italic bool) float64 {
	m.f.SetFont(fontFamily, fontStyle(bold, italic), size)
	return m.f.GetStringWidth(s)
}
