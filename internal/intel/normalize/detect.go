package normalize

import "strings"

// Detect decides what kind of indicator a free-text input is, by shape
// alone, and normalises it. The order matters and is chosen so that each
// test cannot steal the others' inputs:
//
//  1. VietQR payloads start "000201", which no phone or URL does;
//  2. wallets have unmistakable prefixes and lengths (26+ characters, so
//     never a phone);
//  3. social references ("@x", "zalo:…", facebook/tiktok/t.me links) come
//     before URLs because they are URLs with a better key;
//  4. bank accounts: "970436:0011…" or a bank name followed by digits;
//  5. phones: only digits and grouping characters — tried before URLs so
//     "0912.345.678" is a phone, and kept if valid;
//  6. URLs: a scheme or a dotted host with a letter TLD (or an IPv4 host).
func Detect(input string) Result {
	s := strings.TrimSpace(input)
	switch {
	case s == "":
		return invalid("chưa nhập thông tin cần kiểm tra")
	case strings.HasPrefix(s, "000201"):
		return VietQR(s)
	case looksWallet(s):
		return Wallet(s)
	case looksSocial(s):
		return Social(s)
	}
	if name, acc, ok := splitBank(s); ok {
		return Bank(name, acc)
	}
	if looksPhone(s) {
		p := Phone(s)
		if p.Kind == KindPhone || !looksURL(s) {
			return p
		}
	}
	if looksURL(s) {
		r := URL(s)
		if r.Kind == KindURL && socialPlatform(r.Host) != "" {
			// An escaped or oddly spelt social link ("f%62.com/x") only
			// shows its platform once canonicalised; key it as social so
			// both spellings meet.
			return Social(r.Normalized)
		}
		return r
	}
	return invalid("không nhận ra " + quote(s) + ": hãy nhập số điện thoại, đường dẫn (URL), " +
		"tên ngân hàng kèm số tài khoản (ví dụ \"VCB 0011004455667\"), tài khoản mạng xã hội " +
		"(facebook.com/…, zalo:…, @tên) hoặc địa chỉ ví (0x…, bc1…, T…)")
}

// splitBank recognises "BIN:account" and "<bank name> <account digits>".
// It only claims the input when the bank part names a known bank, so
// "Nguyen Van A 0912345678" is not mistaken for an account.
func splitBank(s string) (name, account string, ok bool) {
	if bin, acc, found := strings.Cut(s, ":"); found && len(bin) == 6 && allDigits(bin) {
		return bin, acc, true
	}
	i := strings.IndexAny(s, "0123456789")
	if i <= 0 {
		return "", "", false
	}
	name = strings.TrimRight(s[:i], " :-,/")
	if name == "" || lookupBank(name) == nil {
		return "", "", false
	}
	return name, s[i:], true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// looksPhone: digits plus the grouping characters, '+', a "tel:" prefix
// or full-width digits, and at least one digit.
func looksPhone(s string) bool {
	if len(s) >= 4 && strings.EqualFold(s[:4], "tel:") {
		return true
	}
	digit := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= '０' && r <= '９':
			digit = true
		case r == ' ' || r == '.' || r == '-' || r == '(' || r == ')' || r == '+' || r == '\u00a0':
		default:
			return false
		}
	}
	return digit
}

// looksURL: an explicit scheme, or a host part with a dot whose last label
// is alphabetic (a TLD) or which is a dotted IPv4 address.
func looksURL(s string) bool {
	if i := strings.Index(s, "://"); i > 0 && isScheme(s[:i]) {
		return true
	}
	host := s
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	if j := strings.LastIndexByte(host, '@'); j >= 0 {
		host = host[j+1:]
	}
	if j := strings.LastIndexByte(host, ':'); j >= 0 {
		host = host[:j]
	}
	host = strings.TrimRight(host, ".")
	if strings.ContainsAny(host, " \t") || !strings.Contains(host, ".") {
		return false
	}
	if _, ok := parseIPv4(host); ok && strings.Count(host, ".") == 3 {
		return true
	}
	tld := host[strings.LastIndexByte(host, '.')+1:]
	if strings.HasPrefix(tld, "xn--") {
		return true
	}
	letters := 0
	for _, r := range tld {
		if r >= '0' && r <= '9' || r == '-' {
			return false
		}
		letters++
	}
	return letters >= 2
}
