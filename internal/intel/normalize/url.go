package normalize

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// URLs are canonicalised exactly as Google Safe Browsing v4 ("URLs and
// hashing") prescribes, so that our keys and expressions can be matched
// against Safe Browsing-style hash-prefix lists and so that the thousand
// spellings of one phishing page collapse to one key.
//
// Decisions beyond the spec's letter:
//   - Every port is dropped, not only the default one: the spec's own
//     example drops ":1234", and a phishing kit moved to another port is
//     still the same indicator.
//   - Userinfo ("user:pass@") is dropped: "http://vietcombank.com.vn@evil.vn"
//     is evil.vn, and keying it on the decoy would hide it.
//   - Only http and https are accepted; anything else is not a web page a
//     citizen can be lured to, and javascript:/data: would only add noise.
//   - Non-ASCII hosts become punycode (IDNA lookup profile), so
//     "bộcôngan.vn" and "xn--bcngan-….vn" are one key; if IDNA rejects a
//     host we keep its escaped bytes rather than guess.
//   - Besides the spec's escape set, '/', '?', '@', ':', '[' and ']' are
//     escaped in the host and '?' in the path, so a host or path decoded
//     from "%2F" or "%3F" cannot re-parse differently (canonical forms must
//     be fixed points). Real-world URLs never hit this.

// URL canonicalises a web address and computes its lookup expressions.
func URL(input string) Result {
	c, host, isIP, reason := canonicalURL(input)
	if reason != "" {
		return invalid(reason)
	}
	r := Result{Kind: KindURL, Normalized: c, Host: host}
	if !isIP {
		if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
			r.Domain = d
		}
	}
	r.Expressions = expressions(host, isIP, c[strings.Index(c, "://")+3+len(host):])
	return r
}

func canonicalURL(input string) (canon, host string, isIP bool, reason string) {
	// Tab, CR and LF are removed anywhere (copy-paste across lines).
	// Byte-wise, not strings.Map: hosts like "\x01\x80.com" are not UTF-8
	// and must keep their bytes, not become U+FFFD.
	s := input
	if strings.ContainsAny(s, "\t\r\n") {
		b := make([]byte, 0, len(s))
		for i := 0; i < len(s); i++ {
			if c := s[i]; c != '\t' && c != '\r' && c != '\n' {
				b = append(b, c)
			}
		}
		s = string(b)
	}
	s = strings.Trim(s, " \f\v\u00a0")
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return "", "", false, "đường dẫn (URL) để trống"
	}
	scheme := "http"
	if i := strings.Index(s, "://"); i > 0 && isScheme(s[:i]) {
		scheme = strings.ToLower(s[:i])
		s = s[i+3:]
	} else {
		s = strings.TrimPrefix(s, "//") // scheme-relative "//host/"
	}
	if scheme != "http" && scheme != "https" {
		return "", "", false, quote(input) + " không phải đường dẫn web hợp lệ (chỉ chấp nhận http và https)"
	}
	end := strings.IndexAny(s, "/?")
	if end < 0 {
		end = len(s)
	}
	authority, rest := s[:end], s[end:]
	path, query, hasQuery := rest, "", false
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		path, query, hasQuery = rest[:i], rest[i+1:], true
	}
	host, isIP = canonicalHost(authority)
	if host == "" || !portOK(authority) {
		return "", "", false, quote(input) + " không phải đường dẫn web hợp lệ (thiếu tên miền)"
	}
	var b strings.Builder
	b.Grow(len(scheme) + 3 + len(host) + len(rest) + 8)
	b.WriteString(scheme)
	b.WriteString("://")
	b.WriteString(host)
	b.WriteString(escape(cleanPath(unescapeAll(path)), "?"))
	if hasQuery {
		b.WriteByte('?')
		b.WriteString(escape(unescapeAll(query), ""))
	}
	return b.String(), host, isIP, ""
}

// portOK rejects "host:notaport", which is how "javascript:alert(1)" and
// "mailto:x" would otherwise sneak in as a host named "javascript".
func portOK(authority string) bool {
	if i := strings.LastIndexByte(authority, '@'); i >= 0 {
		authority = authority[i+1:]
	}
	if j := strings.LastIndexByte(authority, ']'); j >= 0 {
		authority = authority[j+1:]
	}
	i := strings.LastIndexByte(authority, ':')
	if i < 0 {
		return true
	}
	for _, c := range []byte(authority[i+1:]) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if !(c >= 'a' && c <= 'z') && !(i > 0 && (s[i] >= '0' && s[i] <= '9' || s[i] == '+' || s[i] == '-' || s[i] == '.')) {
			return false
		}
	}
	return true
}

// canonicalHost applies the spec's host rules and reports IP hosts, which
// get no suffix expressions.
func canonicalHost(authority string) (string, bool) {
	if i := strings.LastIndexByte(authority, '@'); i >= 0 {
		authority = authority[i+1:]
	}
	if strings.HasPrefix(authority, "[") {
		// IPv6 literal: keep it, lower-cased, without the port.
		if j := strings.IndexByte(authority, ']'); j > 0 {
			return strings.ToLower(authority[:j+1]), true
		}
	}
	if i := strings.LastIndexByte(authority, ':'); i >= 0 {
		authority = authority[:i]
	}
	h := lowerASCII(unescapeAll(authority))
	h = cleanDots(h)
	if h == "" {
		return "", false
	}
	if ip, ok := parseIPv4(h); ok {
		return ip, true
	}
	if !isASCII(h) && utf8.ValidString(h) {
		if a, err := idna.Lookup.ToASCII(h); err == nil && a != "" {
			h = cleanDots(lowerASCII(a))
		}
	}
	return escape(h, "/?@:[]"), false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// lowerASCII lower-cases ASCII only; other bytes may not even be UTF-8.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// cleanDots strips leading/trailing dots and collapses runs of dots.
func cleanDots(h string) string {
	h = strings.Trim(h, ".")
	for strings.Contains(h, "..") {
		h = strings.ReplaceAll(h, "..", ".")
	}
	return h
}

// cleanPath resolves "." and ".." segments and collapses "//", keeping a
// trailing slash because "/a/" and "/a" are different resources.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	trailing := false
	for i, seg := range segs {
		last := i == len(segs)-1
		switch seg {
		case "", ".":
			trailing = last
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			trailing = last
		default:
			out = append(out, seg)
			trailing = false
		}
	}
	if len(out) == 0 {
		return "/"
	}
	r := "/" + strings.Join(out, "/")
	if trailing {
		r += "/"
	}
	return r
}

// unescapeAll percent-decodes until nothing changes, as the spec requires:
// "%2525" → "%25" → "%". Invalid escapes are left as literal '%'.
func unescapeAll(s string) string {
	for strings.IndexByte(s, '%') >= 0 {
		u := unescapeOnce(s)
		if u == s {
			break
		}
		s = u
	}
	return s
}

func unescapeOnce(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f'
}

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

// escape percent-encodes bytes <= 0x20, >= 0x7F, '#', '%' (the spec's set)
// plus any byte in extra, with upper-case hex.
func escape(s, extra string) string {
	const hexdig = "0123456789ABCDEF"
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c >= 0x7F || c == '#' || c == '%' || strings.IndexByte(extra, c) >= 0 {
			if b == nil {
				b = append(make([]byte, 0, len(s)+8), s[:i]...)
			}
			b = append(b, '%', hexdig[c>>4], hexdig[c&15])
		} else if b != nil {
			b = append(b, c)
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}
