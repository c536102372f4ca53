package web_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

func TestPeriods_ShownInWordsNotCodes(t *testing.T) {
	e := testutil.Start(t, "")
	coord := e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])
	code := regexp.MustCompile(`>\s*(?:<code>)?\d{4}-(?:H1|Y|W\d\d)\b`)
	pages := []struct {
		path string
		want []string
	}{
		{"/quan-tri/tong-quan?nam=2024&don-vi=cao-bang", []string{`<th class="num">6 tháng đầu năm 2024</th>`, `<th class="num">Năm 2024</th>`}},
		{"/quan-tri/bao-cao?nam=2024", []string{"Báo cáo 6 tháng đầu năm 2024", "Báo cáo năm 2024"}},
		{"/quan-tri/thong-ke-to-giac", []string{"<td>Tuần "}},
		// A year nobody has reported on: its periods are shown, unsaved.
		{"/quan-tri/bao-cao?nam=2027", []string{"Báo cáo 6 tháng đầu năm 2027", "Báo cáo năm 2027"}},
		{"/quan-tri/tong-quan?nam=2027&don-vi=cao-bang", []string{`<th class="num">6 tháng đầu năm 2027</th>`}},
		{"/quan-tri/bao-cao/cao-bang/2027-H1", []string{"Báo cáo 6 tháng đầu năm 2027"}},
	}
	for _, p := range pages {
		r := coord.Get(p.path)
		if r.Status != 200 {
			t.Fatalf("%s: %d", p.path, r.Status)
		}
		for _, w := range p.want {
			if !strings.Contains(r.Body, w) {
				t.Errorf("%s lacks %q", p.path, w)
			}
		}
		if m := code.FindString(r.Body); m != "" {
			t.Errorf("%s shows a period code to people: %q", p.path, m)
		}
	}
}
