// Package docgentest renders documents with LibreOffice and reads the
// words of a PDF with their positions (poppler's pdftotext -bbox), so that
// tests can check where the header, title, signature and page numbers
// fall on the printed page. Tests skip when the tools are absent, unless
// CANHGIAC_TEST_LIBREOFFICE=required (CI), where they fail instead.
package docgentest

import (
	"context"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// need finds a program or skips (fails in CI) with a one-line reason.
func need(t testing.TB, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	msg := strings.Join(names, " or ") + " not installed (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils)"
	if os.Getenv("CANHGIAC_TEST_LIBREOFFICE") == "required" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// ToPDF converts office files of one folder with LibreOffice, in one run
// (starting LibreOffice costs far more than converting), and returns the
// PDFs' paths beside them. Each call has its own LibreOffice profile, so
// tests of several packages may convert at once.
func ToPDF(t testing.TB, paths ...string) []string {
	t.Helper()
	office := need(t, "libreoffice", "soffice")
	need(t, "pdftotext")
	dir := filepath.Dir(paths[0])
	profile := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	args := append([]string{"-env:UserInstallation=file://" + profile, "--headless", "--convert-to", "pdf", "--outdir", dir}, paths...)
	out, err := exec.CommandContext(ctx, office, args...).CombinedOutput()
	var pdfs []string
	for _, path := range paths {
		pdf := strings.TrimSuffix(path, filepath.Ext(path)) + ".pdf"
		if _, serr := os.Stat(pdf); err != nil || serr != nil {
			t.Fatalf("LibreOffice could not convert %s: %v %s", filepath.Base(path), err, out)
		}
		pdfs = append(pdfs, pdf)
	}
	return pdfs
}

// Word is one word on a page, in points from the top left corner.
type Word struct {
	Page                   int // from 1
	Text                   string
	XMin, YMin, XMax, YMax float64
}

// Page is a page's size and words.
type Page struct {
	Width, Height float64
	Words         []Word
}

var (
	pageRE = regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)">`)
	wordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
)

// Pages reads a PDF's pages with pdftotext -bbox.
func Pages(t testing.TB, pdf string) []Page {
	t.Helper()
	tool := need(t, "pdftotext")
	out, err := exec.Command(tool, "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", pdf, err)
	}
	var pages []Page
	for _, chunk := range strings.Split(string(out), "</page>") {
		m := pageRE.FindStringSubmatch(chunk)
		if m == nil {
			continue
		}
		p := Page{Width: num(m[1]), Height: num(m[2])}
		for _, w := range wordRE.FindAllStringSubmatch(chunk, -1) {
			p.Words = append(p.Words, Word{Page: len(pages) + 1, Text: html.UnescapeString(w[5]),
				XMin: num(w[1]), YMin: num(w[2]), XMax: num(w[3]), YMax: num(w[4])})
		}
		pages = append(pages, p)
	}
	return pages
}

func num(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// Find returns the words of the first run of consecutive words on the
// page that reads phrase, and whether there is one.
func (p Page) Find(phrase string) ([]Word, bool) {
	want := strings.Fields(phrase)
	for i := 0; i+len(want) <= len(p.Words); i++ {
		ok := true
		for j, w := range want {
			if p.Words[i+j].Text != w {
				ok = false
				break
			}
		}
		if ok {
			return p.Words[i : i+len(want)], true
		}
	}
	return nil, false
}

// Box is the bounding box of words.
func Box(ws []Word) (xMin, yMin, xMax, yMax float64) {
	xMin, yMin = ws[0].XMin, ws[0].YMin
	for _, w := range ws {
		xMin, yMin = min(xMin, w.XMin), min(yMin, w.YMin)
		xMax, yMax = max(xMax, w.XMax), max(yMax, w.YMax)
	}
	return
}

// Samples returns the folder CI keeps sample documents in
// ($CANHGIAC_DOCGEN_SAMPLES), created, or "" when unset.
func Samples(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("CANHGIAC_DOCGEN_SAMPLES")
	if dir == "" {
		return ""
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Keep copies a file into the samples folder, if there is one.
func Keep(t testing.TB, path string) {
	t.Helper()
	dir := Samples(t)
	if dir == "" {
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.Base(path)), b, 0o644); err != nil {
		t.Fatal(err)
	}
}
