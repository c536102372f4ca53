package sanitize_test

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// This file re-states the policy independently of the implementation, so
// the tests check the output against the rules rather than against the
// code that produced it.

var allowedAttrs = map[string][]string{
	"p": nil, "br": nil, "strong": nil, "b": nil, "em": nil, "i": nil, "u": nil,
	"ul": nil, "ol": nil, "li": nil, "h2": nil, "h3": nil, "h4": nil, "blockquote": nil,
	"a":     {"href", "rel"},
	"img":   {"src", "alt", "width", "height"},
	"table": nil, "thead": nil, "tbody": nil, "tr": nil, "th": nil, "td": nil,
	"figure": nil, "figcaption": nil, "code": nil, "pre": nil, "hr": nil,
}

// unsafe parses out as a browser would and returns the first thing in it
// that the policy does not allow, or "" if there is none.
func unsafe(out string) string {
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(out), ctx)
	if err != nil {
		return err.Error()
	}
	for _, n := range nodes {
		if bad := unsafeNode(n); bad != "" {
			return bad
		}
	}
	return ""
}

func unsafeNode(n *html.Node) string {
	switch n.Type {
	case html.CommentNode:
		return "comment " + n.Data
	case html.ElementNode:
		keys, ok := allowedAttrs[n.Data]
		if !ok || n.Namespace != "" {
			return "element <" + n.Data + ">"
		}
		for _, a := range n.Attr {
			if a.Namespace != "" || !slices.Contains(keys, a.Key) {
				return fmt.Sprintf("attribute %s on <%s>", a.Key, n.Data)
			}
			switch {
			case a.Key == "href" && !safeHref(a.Val):
				return "href " + a.Val
			case a.Key == "src" && !safeSrc(a.Val):
				return "src " + a.Val
			case a.Key == "rel" && a.Val != "nofollow noopener":
				return "rel " + a.Val
			case (a.Key == "width" || a.Key == "height") && strings.Trim(a.Val, "0123456789") != "":
				return a.Key + " " + a.Val
			}
		}
		if n.Data == "a" && attrVal(n, "rel") != "nofollow noopener" {
			return "link without rel"
		}
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if bad := unsafeNode(k); bad != "" {
			return bad
		}
	}
	return ""
}

// squash removes every control character and space, which is more than
// browsers ignore in a URL, so it can only make a vector easier to see.
func squash(v string) string {
	return strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, v))
}

func safeHref(v string) bool {
	s := squash(v)
	for _, p := range []string{"https://", "http://", "mailto:", "tel:"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") && !strings.HasPrefix(s, `/\`)
}

func safeSrc(v string) bool {
	s := squash(v)
	return strings.HasPrefix(s, "https://") || (strings.HasPrefix(s, "/media/") && !strings.Contains(s, ".."))
}

func attrVal(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
