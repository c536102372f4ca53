package docgen

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/canhgiac/canhgiac/internal/docgen/docgentest"
)

// printed is where the landmarks of a document fall on its pages.
type printed struct {
	pages                 int
	nationalX, nationalY  float64 // "CỘNG HÒA …" on page 1: left edge, top
	kindCentre, kindY     float64 // "KẾ HOẠCH" on page 1
	signerCentre, signerY float64 // the signer's name on the last page
	signerPage            int
	numbered              []bool // whether each page carries its number, centred in the top margin
	draftOnPage           []bool // whether each page carries DỰ THẢO in the top margin
}

func landmarks(t *testing.T, pages []docgentest.Page, d Document) printed {
	t.Helper()
	p := printed{pages: len(pages)}
	if ws, ok := pages[0].Find(national); ok {
		p.nationalX, p.nationalY, _, _ = docgentest.Box(ws)
	} else {
		t.Fatal("page 1 lacks the national title")
	}
	if ws, ok := pages[0].Find(upper(d.Kind)); ok {
		x0, y0, x1, _ := docgentest.Box(ws)
		p.kindCentre, p.kindY = (x0+x1)/2, y0
	} else {
		t.Fatal("page 1 lacks the kind")
	}
	for i := len(pages) - 1; i >= 0; i-- {
		if ws, ok := pages[i].Find(d.Signer.Name); ok {
			x0, y0, x1, _ := docgentest.Box(ws)
			p.signerCentre, p.signerY, p.signerPage = (x0+x1)/2, y0, i+1
			break
		}
	}
	top := pt(marginTop)
	centre := pt(marginLeft + textWidth/2)
	for i, pg := range pages {
		num, draft := false, false
		for _, w := range pg.Words {
			if w.YMax > top {
				continue
			}
			if w.Text == strconv.Itoa(i+1) && math.Abs((w.XMin+w.XMax)/2-centre) < 6 {
				num = true
			}
			if w.Text == "THẢO" {
				draft = true
			}
		}
		p.numbered = append(p.numbered, num)
		p.draftOnPage = append(p.draftOnPage, draft)
	}
	return p
}

// Each document printed from its .docx by LibreOffice has the layout NĐ
// 30 asks for and the built-in PDF has too: the same number of pages, the
// national title at the top right, the kind centred, the signature in the
// right column of the last page, page numbers centred in the top margin
// from page 2, and a draft's label on every page. The .docx, the
// LibreOffice PDF and the built-in PDF go to $CANHGIAC_DOCGEN_SAMPLES.
func TestLibreOffice_PrintsLikeTheBuiltInPDF(t *testing.T) {
	dir := t.TempDir()
	docs := map[string]Document{"ke-hoach": samplePlan(), "du-thao": sampleDraft(), "bang": sampleTable(), "dai": headingAt(38)}
	var files []string
	for name, d := range docs {
		docx := filepath.Join(dir, name+".docx")
		own := filepath.Join(dir, name+"-builtin.pdf")
		for path, write := range map[string]func(*os.File) error{
			docx: func(f *os.File) error { return WriteDOCX(f, d) },
			own:  func(f *os.File) error { return WritePDF(f, d) },
		} {
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := write(f); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
		files = append(files, docx)
	}
	docgentest.ToPDF(t, files...)
	for name, d := range docs {
		t.Run(name, func(t *testing.T) {
			docx := filepath.Join(dir, name+".docx")
			own := filepath.Join(dir, name+"-builtin.pdf")
			lo := filepath.Join(dir, name+".pdf")
			for _, f := range []string{docx, own, lo} {
				docgentest.Keep(t, f)
			}
			got, want := landmarks(t, docgentest.Pages(t, lo), d), landmarks(t, docgentest.Pages(t, own), d)
			if got.pages != want.pages {
				t.Errorf("LibreOffice prints %d pages, the built-in PDF %d", got.pages, want.pages)
			}
			centre := pt(marginLeft + textWidth/2)
			for _, p := range []struct {
				who string
				pr  printed
			}{{"LibreOffice", got}, {"built-in PDF", want}} {
				pr := p.pr
				var bad []string
				if pr.nationalX < pt(pageWidth)*0.4 || pr.nationalY > 90 {
					bad = append(bad, fmt.Sprintf("national title at (%.0f, %.0f)", pr.nationalX, pr.nationalY))
				}
				if math.Abs(pr.kindCentre-centre) > 6 {
					bad = append(bad, fmt.Sprintf("kind centred at %.0f, want %.0f", pr.kindCentre, centre))
				}
				if d.Signer.Name != "" && (pr.signerPage != pr.pages || pr.signerCentre < pt(marginLeft+signLeftWidth)) {
					bad = append(bad, fmt.Sprintf("signer on page %d of %d at x %.0f", pr.signerPage, pr.pages, pr.signerCentre))
				}
				for i := range pr.numbered {
					if pr.numbered[i] != (i > 0) {
						bad = append(bad, fmt.Sprintf("page %d numbered %v", i+1, pr.numbered[i]))
					}
					if pr.draftOnPage[i] != d.Draft {
						bad = append(bad, fmt.Sprintf("page %d draft label %v", i+1, pr.draftOnPage[i]))
					}
				}
				for _, b := range bad {
					t.Errorf("%s: %s", p.who, b)
				}
			}
			// Both renderings put the landmarks at the same height.
			for _, c := range []struct {
				what      string
				got, want float64
			}{{"national title", got.nationalY, want.nationalY}, {"kind", got.kindY, want.kindY}, {"signer", got.signerY, want.signerY}} {
				if math.Abs(c.got-c.want) > 12 {
					t.Errorf("%s at %.0f pt in LibreOffice, %.0f pt in the built-in PDF", c.what, c.got, c.want)
				}
			}
		})
	}
}
