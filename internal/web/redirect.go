package web

import (
	"net/url"
	"strings"
	"unicode"
)

// localPath returns target when it is a path on this site, else fallback.
// Every redirect to a place a request names (back=, next=, a flash's
// target) goes through it. Browsers are lenient: they read "/\host" and
// "/<tab>/host" as "//host" (another site) and drop control characters and
// whitespace; some proxies and servers decode "%2F" and "%5C" in a path.
// So the target must be a plain local path as written, its path must stay
// one through every layer of %-decoding (up to three; deeper is refused),
// and no layer may hide a slash or a backslash as %2F or %5C. The query is only checked as written, so "?q=a%20b" passes.
func localPath(target, fallback string) string {
	if !plainLocal(target) {
		return fallback
	}
	p, _, _ := strings.Cut(target, "?")
	p, _, _ = strings.Cut(p, "#")
	for range 3 {
		if l := strings.ToLower(p); strings.Contains(l, "%2f") || strings.Contains(l, "%5c") {
			return fallback // our own links never hide a slash in a path
		}
		d, err := url.PathUnescape(p)
		if err != nil || !plainLocal(d) {
			return fallback
		}
		if d == p {
			return target
		}
		p = d
	}
	return fallback
}

// plainLocal reports whether s, read literally, is a path on this site.
func plainLocal(s string) bool {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
		return false
	}
	for _, r := range s {
		if r == '\\' || unicode.IsControl(r) || unicode.IsSpace(r) || r == unicode.ReplacementChar {
			return false
		}
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && u.Opaque == ""
}
