package normalize

import "strings"

// Social accounts are keyed "platform:id". Scammers share the same account
// as a full URL, a mobile link, a short domain or a bare handle; all of
// those must collapse to one key.
//
// Decisions:
//   - Usernames are lower-cased: Facebook, TikTok and Telegram treat them
//     case-insensitively. Facebook "share/…" links are opaque tokens and
//     keep their case.
//   - A bare "@handle" is taken as Telegram, the platform where scam
//     contacts are passed around as "@name"; "tiktok:@name" or a TikTok URL
//     says otherwise explicitly.
//   - "zalo.me/<phone>" becomes "zalo:+84…" so it meets the phone key's
//     E.164 spelling (a Zalo account is looked up by phone number).
//   - Short links we cannot resolve offline (fb.me excepted, vt.tiktok.com)
//     are not guessed: they are invalid with a reason.

// socialHosts maps a host (after dropping www./m./mobile./web./mbasic.) to
// its platform.
var socialHosts = map[string]string{
	"facebook.com": "facebook", "fb.com": "facebook", "fb.me": "facebook",
	"zalo.me": "zalo", "chat.zalo.me": "zalo",
	"tiktok.com": "tiktok",
	"t.me":       "telegram", "telegram.me": "telegram", "telegram.dog": "telegram",
}

// socialPrefixes are the "platform:" spellings people and partners use.
var socialPrefixes = []struct{ prefix, platform string }{
	{"facebook:", "facebook"}, {"fb:", "facebook"},
	{"zalo:", "zalo"},
	{"tiktok:", "tiktok"},
	{"telegram:", "telegram"}, {"tg:", "telegram"},
}

// Social normalises a social-network account reference.
func Social(input string) Result {
	s := strings.TrimSpace(input)
	lower := strings.ToLower(s)
	for _, p := range socialPrefixes {
		if strings.HasPrefix(lower, p.prefix) {
			return socialID(input, p.platform, s[len(p.prefix):], "")
		}
	}
	if strings.HasPrefix(s, "@") {
		return socialID(input, "telegram", s[1:], "")
	}
	platform, path, query := splitSocialURL(s)
	if platform == "" {
		return invalid(quote(s) + " không phải tài khoản mạng xã hội được hỗ trợ (Facebook, Zalo, TikTok, Telegram)")
	}
	return socialID(input, platform, path, query)
}

// splitSocialURL returns the platform, path (no leading '/') and query of
// a social URL, or "" when the host is not a known platform.
func splitSocialURL(s string) (platform, path, query string) {
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	end := strings.IndexAny(s, "/?")
	if end < 0 {
		end = len(s)
	}
	host, rest := s[:end], s[end:]
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	platform = socialPlatform(host)
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		rest, query = rest[:i], rest[i+1:]
	}
	return platform, strings.Trim(rest, "/"), query
}

// socialPlatform maps a host to its platform, "" when not a social site.
// Matching mirrors URL host canonicalisation (case, trailing dots) so that
// Detect routes a URL and its canonical form the same way.
func socialPlatform(host string) string {
	host = strings.Trim(strings.ToLower(host), ".")
	for _, p := range []string{"www.", "m.", "mobile.", "web.", "mbasic."} {
		host = strings.TrimPrefix(host, p)
	}
	return socialHosts[host]
}

func socialID(input, platform, path, query string) Result {
	bad := func(why string) Result {
		return invalid(quote(strings.TrimSpace(input)) + " không phải tài khoản " + platform + " hợp lệ (" + why + ")")
	}
	path = strings.Trim(strings.TrimSpace(path), "/")
	var id string
	switch platform {
	case "facebook":
		segs := strings.Split(path, "/")
		switch {
		case strings.EqualFold(path, "profile.php"):
			id = queryParam(query, "id")
		case strings.EqualFold(segs[0], "people") && len(segs) == 3:
			id = segs[2] // /people/<display name>/<numeric id>
		case strings.EqualFold(segs[0], "share") && len(segs) >= 2:
			id = "share/" + strings.Join(segs[1:], "/")
			if !validID(id, "_-/") {
				return bad("đường dẫn chia sẻ không hợp lệ")
			}
			return Result{Kind: KindSocial, Normalized: "facebook:" + id}
		case strings.EqualFold(segs[0], "groups") && len(segs) >= 2:
			id = "groups/" + segs[1]
		default:
			id = path
		}
		id = strings.ToLower(id)
		if !validID(id, "._-/") || strings.Count(id, "/") > 1 {
			return bad("thiếu tên hoặc mã tài khoản")
		}
	case "zalo":
		if p := Phone(path); p.Kind == KindPhone {
			return Result{Kind: KindSocial, Normalized: "zalo:" + p.Normalized, Phone: p.Phone}
		}
		id = path // Zalo OA and group ids are case-sensitive tokens
		if !validID(id, "_-/") || strings.Count(id, "/") > 1 {
			return bad("thiếu số điện thoại hoặc mã Zalo")
		}
	case "tiktok":
		id = strings.ToLower(strings.TrimPrefix(strings.Split(path, "/")[0], "@"))
		if !validID(id, "._") {
			return bad("thiếu tên người dùng dạng @ten")
		}
	case "telegram":
		id = strings.ToLower(strings.TrimPrefix(strings.Split(path, "/")[0], "@"))
		if !validID(id, "_") {
			return bad("thiếu tên người dùng")
		}
	}
	return Result{Kind: KindSocial, Normalized: platform + ":" + id}
}

// validID accepts ASCII letters, digits and the given punctuation, at most
// 100 bytes; everything else is a typo or an injection attempt.
func validID(id, punct string) bool {
	if id == "" || len(id) > 100 || id[0] == '/' || id[len(id)-1] == '/' {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(punct, c) >= 0) {
			return false
		}
	}
	return true
}

func queryParam(query, key string) string {
	for _, kv := range strings.Split(query, "&") {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v
		}
	}
	return ""
}

// looksSocial reports whether Detect should route s to Social.
func looksSocial(s string) bool {
	lower := strings.ToLower(s)
	for _, p := range socialPrefixes {
		if strings.HasPrefix(lower, p.prefix) {
			return true
		}
	}
	if strings.HasPrefix(s, "@") && len(s) > 1 && !strings.ContainsAny(s, " .") {
		return true
	}
	platform, _, _ := splitSocialURL(s)
	return platform != ""
}
