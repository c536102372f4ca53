package sanitize

import "strings"

// render writes the filtered tree as HTML. Text and attribute values are
// always escaped and every attribute is double-quoted, so the output
// contains no markup but the elements and attributes in the tree.
func render(b *strings.Builder, ns []*node) {
	for _, n := range ns {
		if n.tag == "" {
			textEscaper.WriteString(b, n.text)
			continue
		}
		b.WriteByte('<')
		b.WriteString(n.tag)
		for _, a := range n.attrs {
			b.WriteByte(' ')
			b.WriteString(a.key)
			b.WriteString(`="`)
			attrEscaper.WriteString(b, a.val)
			b.WriteByte('"')
		}
		b.WriteByte('>')
		if void[n.tag] {
			continue
		}
		// The parser drops a newline right after <pre>; write one more
		// so that a leading newline in the content survives.
		if n.tag == "pre" && len(n.kids) > 0 && n.kids[0].tag == "" && strings.HasPrefix(n.kids[0].text, "\n") {
			b.WriteByte('\n')
		}
		render(b, n.kids)
		b.WriteString("</")
		b.WriteString(n.tag)
		b.WriteByte('>')
	}
}

// A carriage return can only reach the tree through "&#13;" (the parser
// turns raw CR and CRLF into LF), so it is written back as a reference.
var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#13;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "\r", "&#13;")
)
