package normalize

import "strings"

// expressions builds the Safe Browsing lookup expressions: host suffixes ×
// path prefixes. A blocklist entry for "evil.vn/" must match
// "a.b.evil.vn/x/y.html?z", so lookups try each combination; the order is
// most specific first, as in the spec's example.
//
// pathQuery is the canonical path including any "?query".
func expressions(host string, isIP bool, pathQuery string) []string {
	hosts := []string{host}
	if !isIP {
		comps := strings.Split(host, ".")
		n := len(comps)
		// Up to 4 more: start from the last 5 components, drop the leading
		// one each time, never reach the bare TLD.
		for i := max(1, n-5); i <= n-2; i++ {
			hosts = append(hosts, strings.Join(comps[i:], "."))
		}
	}
	path := pathQuery
	paths := []string{pathQuery}
	if i := strings.IndexByte(pathQuery, '?'); i >= 0 {
		path = pathQuery[:i]
		paths = append(paths, path)
	}
	// Up to 4 directory prefixes "/", "/a/", "/a/b/", "/a/b/c/".
	for i, k := 0, 0; i < len(path) && k < 4; i++ {
		if path[i] == '/' {
			paths = appendUnique(paths, path[:i+1])
			k++
		}
	}
	out := make([]string, 0, len(hosts)*len(paths))
	for _, h := range hosts {
		for _, p := range paths {
			out = append(out, h+p)
		}
	}
	return out
}

func appendUnique(xs []string, s string) []string {
	for _, x := range xs {
		if x == s {
			return xs
		}
	}
	return append(xs, s)
}
