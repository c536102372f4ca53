package sanitize

import (
	"bytes"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"
)

// Text returns the plain text of s after sanitising, for canonical
// hashing, search and SMS: paragraphs, headings and other blocks separated
// by a blank line, list items as "- " lines (nested ones indented by two
// spaces), table cells joined by " | " one row per line, white space
// inside a block collapsed to single spaces, preformatted text kept as is.
// Images and link targets are left out. The result is NFC, so the same
// words typed on different keyboards hash the same.
//
// Text(s) == Text(HTML(s)): what is hashed is what is shown.
func Text(s string) string {
	return textOf(HTML(s))
}

// textOf extracts the text of already sanitised HTML.
func textOf(clean string) string {
	var w textWriter
	nodes, _ := parse(clean) // HTML's output never nests too deep
	for _, n := range nodes {
		w.node(n)
	}
	return norm.NFC.String(string(bytes.TrimRight(w.buf, " \n")))
}

// textWriter lays out text with pending separators, so that a separator is
// written only between two pieces of text, never at the start or end.
type textWriter struct {
	buf    []byte
	breaks int    // line breaks owed before the next text: 0, 1 or 2
	space  bool   // a space is owed before the next text
	sep    string // a table-cell separator owed before the next text
	prefix string // a list marker owed at the start of the next line
	lists  int    // depth of ul/ol
	pre    int    // depth of pre
}

func (w *textWriter) block(n int) {
	w.breaks = max(w.breaks, n)
	w.space = false
	w.sep = ""
}

// flush writes what is owed before the next text.
func (w *textWriter) flush() {
	if len(w.buf) > 0 {
		switch {
		case w.breaks > 0:
			w.buf = append(bytes.TrimRight(w.buf, " \n"), "\n\n"[:w.breaks]...)
		case w.sep != "":
			w.buf = append(w.buf, w.sep...)
		case w.space:
			w.buf = append(w.buf, ' ')
		}
	}
	if w.prefix != "" && (w.breaks > 0 || len(w.buf) == 0) {
		w.buf = append(w.buf, w.prefix...)
	}
	w.breaks, w.space, w.sep, w.prefix = 0, false, "", ""
}

func (w *textWriter) text(s string) {
	if w.pre > 0 {
		if s != "" {
			w.flush()
			w.buf = append(w.buf, s...)
		}
		return
	}
	for _, r := range s {
		if unicode.IsSpace(r) {
			w.space = true
			continue
		}
		w.flush()
		w.buf = append(w.buf, string(r)...)
	}
}

func (w *textWriter) children(n *html.Node) {
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		w.node(k)
	}
}

func (w *textWriter) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.ElementNode:
	default:
		w.children(n)
		return
	}
	switch n.Data {
	case "p", "h2", "h3", "h4", "blockquote", "figure", "table", "hr":
		w.block(2)
		w.children(n)
		w.block(2)
	case "pre":
		w.block(2)
		w.pre++
		w.children(n)
		w.pre--
		w.block(2)
	case "ul", "ol":
		gap := 2
		if w.lists > 0 {
			gap = 1 // a nested list continues its item
		}
		w.block(gap)
		w.lists++
		w.children(n)
		w.lists--
		w.block(gap)
	case "li":
		w.block(1)
		w.prefix = strings.Repeat("  ", max(w.lists-1, 0)) + "- "
		w.children(n)
		w.block(1)
	case "tr", "figcaption":
		w.block(1)
		w.children(n)
		w.block(1)
	case "td", "th":
		if n.PrevSibling != nil && len(w.buf) > 0 && w.breaks == 0 {
			w.sep = " | "
		}
		w.children(n)
	case "br":
		w.breaks = min(w.breaks+1, 2)
	default:
		w.children(n)
	}
}

// plainText is the fallback reading of s when it cannot be parsed into a
// tree: the text between tags, with the content of dropped elements left
// out and a paragraph break at every tag that usually starts a block.
func plainText(s string) []string {
	var paras []string
	var cur strings.Builder
	endPara := func() {
		// The parser drops NUL in body text; drop it here too so the
		// result re-parses to itself.
		text := strings.ReplaceAll(cur.String(), "\x00", "")
		if p := strings.Join(strings.Fields(text), " "); p != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	skip := 0
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			endPara()
			return paras
		case html.TextToken:
			if skip == 0 {
				cur.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			switch {
			case dropWithContent[tag] && tt == html.StartTagToken:
				skip++
			case dropWithContent[tag] && tt == html.EndTagToken:
				skip = max(skip-1, 0)
			case blockLike[tag] || breaking[tag]:
				endPara()
			}
		}
	}
}

// breaking are allowed elements that start a new paragraph in plainText.
var breaking = set("p", "br", "li", "h2", "h3", "h4", "blockquote", "tr", "figure", "figcaption", "pre", "hr", "table")

// paragraphs renders plain paragraphs as escaped <p> elements.
func paragraphs(paras []string) string {
	var b strings.Builder
	for _, p := range paras {
		b.WriteString("<p>")
		textEscaper.WriteString(&b, p)
		b.WriteString("</p>")
	}
	return b.String()
}
