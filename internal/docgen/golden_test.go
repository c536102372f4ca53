package docgen

import (
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// TestDOCXGolden compares a normalised outline of word/document.xml, one
// line per paragraph with its formatting, against testdata/*.golden. A
// layout change shows up as a readable diff; after checking it, run
// `go test ./internal/docgen -update` to accept it.
func TestDOCXGolden(t *testing.T) {
	for name, d := range map[string]Document{"plan": samplePlan(), "draft": sampleDraft()} {
		t.Run(name, func(t *testing.T) {
			got := outline(t, docxParts(t, d)["word/document.xml"])
			path := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/docgen -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("outline differs from %s (-update to accept):\n%s", path, lineDiff(string(want), got))
			}
		})
	}
}

// paraInfo is what the outline shows of one w:p.
type paraInfo struct {
	where                   string // "T1R2C1 " inside a table
	jc                      string
	bold, italic, keep      bool
	whole                   bool
	size                    string
	first, left, right      string
	before, after, line     string
	rule                    bool
	text                    strings.Builder
	runSeen, inRun, inRunPr bool
	inPPr, inBdr            bool
}

func (p *paraInfo) String() string {
	var f []string
	add := func(cond bool, s string) {
		if cond {
			f = append(f, s)
		}
	}
	if p.rule {
		f = append(f, "rule")
	}
	add(p.jc != "", p.jc)
	add(p.bold, "bold")
	add(p.italic, "italic")
	add(p.size != "", p.size)
	add(p.first != "" && p.first != "0", "first="+p.first)
	add(p.left != "" && p.left != "0", "left="+p.left)
	add(p.right != "" && p.right != "0", "right="+p.right)
	add(p.before != "" && p.before != "0", "before="+p.before)
	add(p.after != "" && p.after != "0", "after="+p.after)
	add(p.line != "" && p.line != "240", "line="+p.line)
	add(p.keep, "keep")
	add(p.whole, "whole")
	return p.where + "P " + strings.Join(f, " ") + " | " + p.text.String()
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// outline renders document.xml as lines like
// "T1R1C2 P center bold 13 | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" or
// "P both 14 first=567 after=120 line=300 | Nâng cao …"; sizes are points,
// the rest twips. Table widths and the section are summarised too.
func outline(t *testing.T, docXML string) string {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(docXML))
	var out []string
	var p *paraInfo
	tbl, tr, tc := 0, 0, 0
	inTbl := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch n := e.Name.Local; {
			case n == "tbl":
				tbl, tr, inTbl = tbl+1, 0, true
			case n == "tblInd":
				out = append(out, fmt.Sprintf("T%d indent=%s", tbl, attr(e, "w")))
			case n == "gridCol":
				out = append(out, fmt.Sprintf("T%d col=%s", tbl, attr(e, "w")))
			case n == "tr":
				tr, tc = tr+1, 0
			case n == "tc":
				tc++
			case n == "p":
				p = &paraInfo{}
				if inTbl {
					p.where = fmt.Sprintf("T%dR%dC%d ", tbl, tr, tc)
				}
			case n == "pgSz":
				out = append(out, fmt.Sprintf("page %sx%s", attr(e, "w"), attr(e, "h")))
			case n == "pgMar":
				out = append(out, fmt.Sprintf("margins top=%s right=%s bottom=%s left=%s header=%s",
					attr(e, "top"), attr(e, "right"), attr(e, "bottom"), attr(e, "left"), attr(e, "header")))
			case n == "headerReference":
				out = append(out, "header "+attr(e, "type"))
			case n == "titlePg":
				out = append(out, "titlePg")
			case p == nil:
			case n == "pPr":
				p.inPPr = true
			case n == "pBdr":
				p.inBdr = true
			case n == "bottom" && p.inBdr:
				p.rule = true
			case n == "keepNext":
				p.keep = true
			case n == "keepLines":
				p.whole = true
			case n == "jc" && p.inPPr:
				p.jc = attr(e, "val")
			case n == "spacing" && p.inPPr:
				p.before, p.after, p.line = attr(e, "before"), attr(e, "after"), attr(e, "line")
			case n == "ind" && p.inPPr:
				p.first, p.left, p.right = attr(e, "firstLine"), attr(e, "left"), attr(e, "right")
			case n == "r":
				p.inRun = true
			case n == "rPr" && p.inRun:
				p.inRunPr = !p.runSeen // the first run's formatting stands for the paragraph
			case n == "b" && p.inRunPr:
				p.bold = true
			case n == "i" && p.inRunPr:
				p.italic = true
			case n == "sz" && p.inRunPr:
				if hp := attr(e, "val"); hp != "" {
					var v int
					fmt.Sscan(hp, &v)
					p.size = fmt.Sprint(float64(v) / 2)
				}
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "tbl":
				inTbl = false
			case "pPr":
				if p != nil {
					p.inPPr = false
				}
			case "pBdr":
				if p != nil {
					p.inBdr = false
				}
			case "rPr":
				if p != nil && p.inRunPr {
					p.inRunPr, p.runSeen = false, true
				}
			case "r":
				if p != nil {
					p.inRun = false
				}
			case "p":
				if p != nil {
					out = append(out, p.String())
					p = nil
				}
			}
		case xml.CharData:
			if p != nil && p.inRun {
				p.text.Write(e)
			}
		}
	}
	return strings.Join(out, "\n") + "\n"
}

// lineDiff lists the lines that differ, enough to see what moved.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  - %s\n  + %s\n", i+1, wl, gl)
		}
	}
	return b.String()
}
