package content

import (
	"html"
	"regexp"
	"strings"
)

// portalPages name the portal's pages that texts send people to. A text
// written for the seeds or by an editor says "tố giác tại /to-giac"; a
// reader should see a link with a name, not a path to type.
var portalPages = map[string]string{
	"/to-giac":     "Tố giác",
	"/tra-cuu":     "Tra cứu",
	"/dang-ky":     "Nhận cảnh báo",
	"/cam-nang":    "Cẩm nang",
	"/canh-bao":    "Cảnh báo",
	"/xac-minh":    "Kiểm tra nguồn chính thống",
	"/trac-nghiem": "Trắc nghiệm",
	"/tim-kiem":    "Tìm kiếm",
}

// pathInText finds a portal path standing as a word of its own.
var pathInText = regexp.MustCompile(`(?:^|[\s(“"'])(/[a-z][a-z0-9-]*)`)

// LinkPaths returns text as HTML (escaped) where each path of a portal page
// is a link named in words: "tố giác tại /to-giac" becomes "tố giác tại
// <a href="/to-giac">trang Tố giác</a>", "mục /to-giac" becomes "mục <a>Tố
// giác</a>", and "ô tra cứu /tra-cuu" links the words already there.
func LinkPaths(text string) string {
	var b strings.Builder
	last := 0
	for _, m := range pathInText.FindAllStringSubmatchIndex(text, -1) {
		start, end := m[2], m[3]
		path := text[start:end]
		name, ok := portalPages[path]
		if !ok || (end < len(text) && strings.ContainsRune("/_", rune(text[end]))) {
			continue
		}
		prefix := text[last:start]
		link := `<a href="` + path + `">`
		switch {
		case strings.HasSuffix(prefix, " ") && len(prefix) > len(name) && strings.EqualFold(prefix[len(prefix)-len(name)-1:len(prefix)-1], name):
			// "ô tra cứu /tra-cuu": the words before the path become the link.
			words := prefix[len(prefix)-len(name)-1 : len(prefix)-1]
			b.WriteString(html.EscapeString(prefix[:len(prefix)-len(name)-1]))
			b.WriteString(link + html.EscapeString(words) + "</a>")
			// drop the space before the path and the path itself
		case endsWithWord(prefix, "mục", "trang", "ô", "Mục", "Trang"):
			b.WriteString(html.EscapeString(prefix) + link + html.EscapeString(name) + "</a>")
		default:
			b.WriteString(html.EscapeString(prefix) + link + "trang " + html.EscapeString(name) + "</a>")
		}
		last = end
	}
	b.WriteString(html.EscapeString(text[last:]))
	return b.String()
}

// endsWithWord tells whether s ends with one of the words and a space.
func endsWithWord(s string, words ...string) bool {
	for _, w := range words {
		if s == w+" " || strings.HasSuffix(s, " "+w+" ") {
			return true
		}
	}
	return false
}
