package intel_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/docgen/docgentest"
	"github.com/canhgiac/canhgiac/internal/intel"
)

// The tip statistics a leader prints: each sheet on one A4 page with a
// centred title at the top, the period in words, STT and bordered headers
// repeated, counts grouped the Vietnamese way, weeks in words and a bold
// total; the sample is kept for CI.
func TestStatsXLSX_PrintsFromLibreOffice(t *testing.T) {
	st := &intel.Stats{Reports: 1260, Verified: 35, Indicators: 48,
		From: time.Date(2026, 8, 30, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC),
		ByTactic:   []intel.Count{{Label: "fraud", N: 1200}, {Label: "gambling", N: 60}},
		ByProvince: []intel.Count{{Label: "Cao Bằng", N: 1000}, {Label: "An Giang", N: 260}},
		ByWeek:     []intel.Count{{Label: "2026-W45", N: 700}, {Label: "2026-W46", N: 560}}}
	var b bytes.Buffer
	names := map[string]string{"fraud": "Lừa đảo chiếm đoạt tài sản", "gambling": "Đánh bạc trực tuyến"}
	if err := intel.WriteStatsXLSX(&b, st, func(c string) string { return names[c] }); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "thong-ke-to-giac.xlsx")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := docgentest.ToPDF(t, path)[0]
	docgentest.Keep(t, path)
	docgentest.Keep(t, pdf)
	pages := docgentest.Pages(t, pdf)
	if len(pages) != 3 {
		t.Fatalf("the workbook prints %d pages, want 3 (one per sheet)", len(pages))
	}
	for i, c := range []struct{ head, row, total string }{
		{"Thủ đoạn", "Lừa đảo chiếm đoạt tài sản", "1.260"},
		{"Tỉnh, thành phố", "Cao Bằng", "1.260"},
		{"Tuần", "Tuần 45 (02/11–08/11/2026)", "1.260"},
	} {
		p := pages[i]
		if p.Width >= p.Height {
			t.Errorf("page %d is landscape; three columns print portrait", i+1)
		}
		title, ok := p.Find("THỐNG KÊ TỐ GIÁC")
		if !ok {
			t.Errorf("page %d lacks the title", i+1)
		} else if x0, y0, _, _ := docgentest.Box(title); y0 > 90 || x0 < p.Width*0.1 {
			t.Errorf("page %d: the title is at (%.0f, %.0f), want at the top, centred", i+1, x0, y0)
		}
		for _, w := range []string{"từ ngày 30/08/2026 đến ngày 22/11/2026:", "STT", c.head, "Số tố giác", c.row, "TỔNG CỘNG", c.total} {
			if _, ok := p.Find(w); !ok {
				t.Errorf("page %d lacks %q", i+1, w)
			}
		}
		if _, ok := p.Find("1260"); ok {
			t.Errorf("page %d prints 1260 without a thousands separator", i+1)
		}
	}
}
