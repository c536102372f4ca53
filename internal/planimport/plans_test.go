package planimport

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The plans under testdata/plans were written for these tests in the ways
// offices really write them (none is taken from the seeds): Word files
// with automatic numbering and a header table, PDFs exported from Word
// and with a two-column header, text copied from web pages with the header
// pieces run together or scattered, a commune after 1/7/2025, a school, a
// bank branch, a telecom branch, a plan whose duties are in an appendix
// table. Beside each, NAME.want.json holds what a careful person reads
// from it. TestTestPlans compares field by field and prints the score.

// want is the expected reading of one test plan. Duties are compared one
// per group: the unit as written and the first deadline given to it.
type want struct {
	Number     string   `json:"number"`
	Symbol     string   `json:"symbol"`
	Issuer     string   `json:"issuer"`
	Place      string   `json:"place"`
	Date       string   `json:"date"`
	Title      string   `json:"title"`
	Basis      []string `json:"basis"`
	Sections   []string `json:"sections"`
	Duties     []string `json:"duties"`
	Regime     []string `json:"regime"`
	Signer     Signer   `json:"signer"`
	Recipients int      `json:"recipients"`
}

// got turns a Result into the shape of want.
func gotOf(r Result) want {
	w := want{Number: r.Number, Symbol: r.Symbol, Issuer: r.Issuer, Place: r.Place, Title: r.Title, Signer: r.Signer, Recipients: len(r.Recipients)}
	if r.Date != nil {
		w.Date = *r.Date
	}
	for _, b := range r.Basis {
		w.Basis = append(w.Basis, b.Number)
	}
	for _, s := range r.Sections {
		if s.Level == 1 {
			w.Sections = append(w.Sections, s.Heading)
		}
	}
	last := 0
	for _, d := range r.Duties {
		if d.Group != last {
			w.Duties = append(w.Duties, d.Unit+" | "+d.Deadline)
			last = d.Group
		} else if d.Deadline != "" && strings.HasSuffix(w.Duties[len(w.Duties)-1], " | ") {
			w.Duties[len(w.Duties)-1] += d.Deadline
		}
	}
	for _, p := range r.Regime.Periods {
		w.Regime = append(w.Regime, p.Name+" | "+p.Due)
	}
	return w
}

var (
	testPDFOnce   sync.Once
	testPDFReader *PDFReader
)

// testPDF is one PDF reader for the whole test binary, with PDFium's
// compiled code cached in the temp folder so later runs start fast.
func testPDF() *PDFReader {
	testPDFOnce.Do(func() { testPDFReader = NewPDFReader(filepath.Join(os.TempDir(), "canhgiac-test-pdfium")) })
	return testPDFReader
}

func readTestPlan(t *testing.T, path string) Document {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ReadFile(context.Background(), b, testPDF())
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return d
}

func TestTestPlans(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "plans", "*"))
	var plans []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".want.json") {
			plans = append(plans, f)
		}
	}
	if len(plans) < 12 {
		t.Fatalf("%d test plans, want at least 12", len(plans))
	}
	total, right := 0, 0
	var report strings.Builder
	for _, f := range plans {
		name := filepath.Base(f)
		wb, err := os.ReadFile(strings.TrimSuffix(f, filepath.Ext(f)) + ".want.json")
		if err != nil {
			t.Errorf("%s has no expected result beside it: %v", name, err)
			continue
		}
		var w want
		if err := json.Unmarshal(wb, &w); err != nil {
			t.Fatalf("%s.want.json: %v", name, err)
		}
		d := readTestPlan(t, f)
		g := gotOf(d.Result)
		if os.Getenv("PLANIMPORT_DUMP") != "" {
			j, _ := json.MarshalIndent(g, "", "  ")
			t.Logf("%s:\n%s\n%s\nwarnings: %q", name, d.Text, j, d.Result.Warnings)
		}
		fields := []struct {
			name      string
			got, want any
		}{
			{"number", g.Number, w.Number}, {"symbol", g.Symbol, w.Symbol}, {"issuer", g.Issuer, w.Issuer},
			{"place", g.Place, w.Place}, {"date", g.Date, w.Date}, {"title", g.Title, w.Title},
			{"basis", g.Basis, w.Basis}, {"sections", g.Sections, w.Sections}, {"duties", g.Duties, w.Duties},
			{"regime", g.Regime, w.Regime}, {"signer", g.Signer, w.Signer}, {"recipients", g.Recipients, w.Recipients},
		}
		ok := 0
		var misses []string
		for _, fl := range fields {
			total++
			if sameField(fl.got, fl.want) {
				ok++
				right++
				continue
			}
			misses = append(misses, fl.name)
			t.Errorf("%s: %s = %#v\n want %#v", name, fl.name, fl.got, fl.want)
		}
		fmt.Fprintf(&report, "%-32s %2d/%d %s\n", name, ok, len(fields), strings.Join(misses, ", "))
	}
	t.Logf("test plans, field by field:\n%sscore: %d/%d fields (%.0f%%)", report.String(), right, total, 100*float64(right)/float64(max(total, 1)))
}

// sameField compares a field, taking nil and empty lists as equal.
func sameField(got, want any) bool {
	if g, ok := got.([]string); ok {
		return slices.Equal(g, want.([]string))
	}
	return got == want
}
