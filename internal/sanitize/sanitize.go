// Package sanitize cleans the rich text editors write in the console before
// it is stored and shown on the public portal. It keeps an allow-list of
// elements and attributes (see policy.go), reports in Vietnamese what it
// removed so the editor can be told, and extracts plain text for hashing,
// search and SMS.
//
// The package owns only the HTML policy. It must not decide whether an
// editor may publish, and it does not render templates.
//
// Input is parsed with golang.org/x/net/html exactly as a browser would
// parse it inside a <div>, so what is checked is what a browser would see,
// not what the markup looks like. Output is re-rendered from the parsed
// tree, never copied from the input.
package sanitize

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTML returns s with everything outside the allow-list removed. The
// result is well-formed, parses back to the same elements, and is a fixed
// point: HTML(HTML(s)) == HTML(s).
func HTML(s string) string {
	out, _ := Changed(s)
	return out
}

// Changed is HTML plus a list of what was removed, in Vietnamese, each kind
// once in the order first met ("thẻ <script>", "thuộc tính onclick",
// "liên kết javascript:"). removed is empty when the input was already
// clean, even if its markup was written differently (attribute quotes,
// entities, letter case).
func Changed(in string) (out string, removed []string) {
	var r report
	out, err := pass(in, &r)
	// One pass is not always stable: unwrapping an element can leave,
	// say, a <ul> directly inside a <p>, which a browser splits in two.
	// Re-sanitising the output until it no longer changes makes the
	// result exactly what the browser will build from it.
	for range maxPasses {
		if err != nil {
			break
		}
		var next string
		if next, err = pass(out, &r); err == nil && next == out {
			return out, r.list
		}
		out = next
	}
	// Nesting too deep for the parser, or markup that does not settle:
	// keep the words, lose the formatting.
	r.add("định dạng quá phức tạp, chỉ giữ lại chữ")
	out = paragraphs(plainText(in))
	if again, err := pass(out, &report{}); err != nil || again != out {
		return "", r.list // unreachable: escaped text in <p> is stable
	}
	return out, r.list
}

const maxPasses = 4

// report collects removal messages, each once.
type report struct {
	list []string
	seen map[string]bool
}

func (r *report) add(msg string) {
	if r.seen[msg] {
		return
	}
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	r.seen[msg] = true
	r.list = append(r.list, msg)
}

// context is the element the fragment is parsed inside, as the portal
// places entries in a <div>.
var context = &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}

// parse fails only when elements nest deeper than the parser allows (512).
func parse(s string) ([]*html.Node, error) {
	return html.ParseFragment(strings.NewReader(s), context)
}

// pass parses s, filters the tree and renders it.
func pass(s string, r *report) (string, error) {
	nodes, err := parse(s)
	if err != nil {
		return "", err
	}
	c := cleaner{r: r}
	var b strings.Builder
	render(&b, c.join(nodes))
	return b.String(), nil
}

// node is the filtered tree: an element with checked attributes, or text
// when tag is "".
type node struct {
	tag   string
	text  string
	attrs []attr
	kids  []*node
}

type attr struct{ key, val string }

type cleaner struct{ r *report }

// node filters n. It returns what replaces n in its parent, and whether n
// was an unwrapped block-level element that must stay separated from its
// neighbours.
func (c cleaner) node(n *html.Node) ([]*node, bool) {
	switch n.Type {
	case html.TextNode:
		return []*node{{text: n.Data}}, false
	case html.CommentNode:
		c.r.add("chú thích HTML")
		return nil, false
	case html.ElementNode:
	default: // doctype, or document from a malformed fragment
		return c.children(n), false
	}
	name := n.Data
	if n.Namespace != "" || dropWithContent[name] {
		c.r.add("thẻ <" + clip(name, 30) + ">")
		return nil, false
	}
	kids := c.children(n)
	if !allowed[name] {
		c.r.add("thẻ <" + clip(name, 30) + "> (giữ lại chữ)")
		return kids, blockLike[name]
	}
	attrs, ok := c.attrs(name, n.Attr)
	if !ok {
		if name == "img" {
			return nil, false
		}
		return kids, false // a link without a usable href: keep its text
	}
	if name == "p" && len(kids) == 0 {
		// An empty paragraph shows nothing; stray </p> tags create them.
		return nil, false
	}
	return []*node{{tag: name, attrs: attrs, kids: kids}}, false
}

func (c cleaner) children(n *html.Node) []*node {
	var ns []*html.Node
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		ns = append(ns, k)
	}
	return c.join(ns)
}

// join filters sibling nodes, keeping a newline between unwrapped
// block-level elements and what surrounds them.
func (c cleaner) join(ns []*html.Node) []*node {
	var out []*node
	lastBlock := false
	for _, k := range ns {
		kids, block := c.node(k)
		if len(kids) == 0 {
			continue
		}
		if (block || lastBlock) && len(out) > 0 {
			out = append(out, &node{text: "\n"})
		}
		out = append(out, kids...)
		lastBlock = block
	}
	return out
}

// attrs keeps the allowed attributes of element name, in a fixed order.
// ok is false when the element is useless without an attribute that was
// refused: a link without href, an image without src.
func (c cleaner) attrs(name string, in []html.Attribute) (out []attr, ok bool) {
	seen := map[string]bool{}
	var href, src, alt, width, height *string
	for _, a := range in {
		if seen[a.Key] {
			continue // browsers use the first of duplicate attributes
		}
		seen[a.Key] = true
		v := a.Val
		switch {
		case name == "a" && a.Key == "href":
			href = &v
		case name == "a" && a.Key == "rel":
			// Replaced by linkRel; not worth telling the editor.
		case name == "img" && a.Key == "src":
			src = &v
		case name == "img" && a.Key == "alt":
			alt = &v
		case name == "img" && (a.Key == "width" || a.Key == "height"):
			if !dimension(v) {
				c.r.add("thuộc tính " + a.Key + " không phải số")
				continue
			}
			if a.Key == "width" {
				width = &v
			} else {
				height = &v
			}
		default:
			c.r.add("thuộc tính " + clip(a.Key, 30))
		}
	}
	switch name {
	case "a":
		if href == nil {
			c.r.add("liên kết không có địa chỉ")
			return nil, false
		}
		u, why := linkURL(*href)
		if why != "" {
			c.r.add(why)
			return nil, false
		}
		return []attr{{"href", u}, {"rel", linkRel}}, true
	case "img":
		if src == nil {
			c.r.add("ảnh không có địa chỉ")
			return nil, false
		}
		u, why := imageURL(*src)
		if why != "" {
			c.r.add(why)
			return nil, false
		}
		out = []attr{{"src", u}}
		if alt != nil {
			out = append(out, attr{"alt", *alt})
		}
		if width != nil {
			out = append(out, attr{"width", *width})
		}
		if height != nil {
			out = append(out, attr{"height", *height})
		}
		return out, true
	}
	return nil, true
}
