package normalize

import "strconv"

// parseIPv4 recognises every IPv4 spelling browsers accept — decimal,
// octal (leading 0), hex (0x), and fewer than four parts where the last
// part fills the remaining bytes ("3279880203", "0xC3.0177.11") — and
// returns dotted decimal. Phishing links use these spellings precisely to
// dodge naive blocklists.
func parseIPv4(h string) (string, bool) {
	var parts [4]uint64
	n := 0
	start := 0
	for i := 0; i <= len(h); i++ {
		if i < len(h) && h[i] != '.' {
			continue
		}
		if n == 4 {
			return "", false
		}
		v, ok := parseIPPart(h[start:i])
		if !ok {
			return "", false
		}
		parts[n] = v
		n++
		start = i + 1
	}
	var ip uint64
	for k := 0; k < n-1; k++ {
		if parts[k] > 255 {
			return "", false
		}
		ip = ip<<8 | parts[k]
	}
	rem := uint(5 - n) // bytes the last part covers
	if parts[n-1] >= 1<<(8*rem) {
		return "", false
	}
	ip = ip<<(8*rem) | parts[n-1]
	return strconv.FormatUint(ip>>24&255, 10) + "." + strconv.FormatUint(ip>>16&255, 10) + "." +
		strconv.FormatUint(ip>>8&255, 10) + "." + strconv.FormatUint(ip&255, 10), true
}

func parseIPPart(p string) (uint64, bool) {
	if p == "" || len(p) > 20 {
		return 0, false
	}
	base := 10
	switch {
	case len(p) > 2 && p[0] == '0' && p[1]|0x20 == 'x':
		base, p = 16, p[2:]
	case len(p) > 1 && p[0] == '0':
		base, p = 8, p[1:]
	}
	v, err := strconv.ParseUint(p, base, 64)
	if err != nil {
		return 0, false
	}
	return v, true
}
