package sanitize

import (
	"net/url"
	"path"
	"strings"
)

// allowed are the elements kept, with their attributes filtered.
var allowed = set(
	"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4",
	"blockquote", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
	"figure", "figcaption", "code", "pre", "hr",
)

// dropWithContent are removed together with everything inside them:
// executable or embedded content, and raw-text containers whose "text"
// was never meant to be read (noembed, noframes, title). Every other
// element not in allowed is unwrapped: the element goes, its children stay.
var dropWithContent = set(
	"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math",
	"applet", "frame", "frameset", "noembed", "noframes", "title",
)

// blockLike are unwrapped elements that separate their content from their
// neighbours; a newline is kept in their place so that
// "<div>a</div><div>b</div>" does not become "ab".
var blockLike = set(
	"address", "article", "aside", "caption", "center", "dd", "details", "dialog", "dir",
	"div", "dl", "dt", "fieldset", "footer", "form", "h1", "h5", "h6", "header", "hgroup",
	"legend", "listing", "main", "menu", "nav", "option", "plaintext", "section", "select",
	"summary", "textarea", "xmp",
)

// void elements have no content and no end tag.
var void = set("br", "img", "hr")

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// linkRel is set on every kept link: editors' links are not endorsements,
// and the target page gets no handle on the portal's window.
const linkRel = "nofollow noopener"

// stripURL removes what browsers ignore when they parse a URL: leading and
// trailing C0 controls and spaces, and ASCII tabs and newlines anywhere.
// Without this "jav&#x09;ascript:" would pass a scheme check that the
// browser then does not apply.
func stripURL(v string) string {
	v = strings.TrimFunc(v, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(v, "\t\n\r") {
		v = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, v)
	}
	return v
}

// hasControl reports whether u contains an ASCII control character. No
// real address does, and refusing them spares us reasoning about how each
// browser treats them.
func hasControl(u string) bool {
	return strings.IndexFunc(u, func(r rune) bool { return r < ' ' || r == 0x7f }) >= 0
}

// scheme returns the lower-cased scheme of u, or "" if u does not start
// with one. A scheme is a letter followed by letters, digits, "+", "-" or
// ".", then ":".
func scheme(u string) string {
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return strings.ToLower(u[:i])
		default:
			return ""
		}
	}
	return ""
}

// rootRelative reports whether u is a path on this site ("/cam-nang/…"),
// not a scheme-relative URL ("//evil.example", or "/\evil.example", which
// browsers read the same way).
func rootRelative(u string) bool {
	return strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") && !strings.HasPrefix(u, `/\`)
}

// linkURL returns the href to keep, or why it is refused.
func linkURL(v string) (string, string) {
	u := stripURL(v)
	if hasControl(u) {
		return "", "liên kết không hợp lệ"
	}
	if rootRelative(u) {
		return u, ""
	}
	switch s := scheme(u); s {
	case "http", "https":
		if p, err := url.Parse(u); err != nil || p.Host == "" {
			return "", "liên kết không hợp lệ"
		}
		return u, ""
	case "mailto", "tel":
		if len(u) == len(s)+1 {
			return "", "liên kết không hợp lệ"
		}
		return u, ""
	case "":
		return "", "liên kết không hợp lệ"
	default:
		return "", "liên kết " + clip(s, 20) + ":"
	}
}

// imageURL returns the src to keep, or why it is refused: images come from
// an https address or from the portal's own /media/ directory.
func imageURL(v string) (string, string) {
	u := stripURL(v)
	if hasControl(u) {
		return "", "ảnh có địa chỉ không hợp lệ"
	}
	if strings.HasPrefix(u, "/media/") {
		p, err := url.Parse(u)
		// ".." anywhere is refused, not just as a path segment: no
		// upload is named like that, and it keeps the rule obvious.
		if err != nil || strings.Contains(u, `\`) || strings.Contains(p.Path, "..") || !strings.HasPrefix(path.Clean(p.Path)+"/", "/media/") {
			return "", "ảnh có địa chỉ không hợp lệ"
		}
		return u, ""
	}
	switch s := scheme(u); s {
	case "https":
		if p, err := url.Parse(u); err != nil || p.Host == "" {
			return "", "ảnh có địa chỉ không hợp lệ"
		}
		return u, ""
	case "":
		if u == "" {
			return "", "ảnh không có địa chỉ"
		}
		return "", "ảnh có địa chỉ không hợp lệ"
	default:
		return "", "ảnh có địa chỉ " + clip(s, 20) + ":"
	}
}

// dimension reports whether v is a plain pixel count.
func dimension(v string) bool {
	if v == "" || len(v) > 5 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// clip shortens s for a message; names from pasted HTML can be anything.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
