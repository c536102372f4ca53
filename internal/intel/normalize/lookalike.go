package normalize

import (
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"

	"github.com/canhgiac/canhgiac/internal/vn"
)

// Look-alike sites: a host that dresses as a bank, a carrier, a ministry or
// a public service, before anyone has reported it.
//
// The brands come from the protected registry's domains (the national
// level edits it): each owner is a brand, its domains are the official
// ones, and its names are the first label of each official domain
// ("vietcombank" from vietcombank.com.vn) plus the owner's name when it is
// one word ("MB", "VinaPhone"). A host imitates a brand when, after
// punycode is decoded, Vietnamese marks folded and look-alike letters
// (Cyrillic о, Greek ο, the digit 0 …) read as the Latin ones they copy:
//   - one of its words (labels cut at dots and hyphens, the public suffix
//     left out) is a brand name: vietcombank-xacthuc.com, acb-online.net,
//     vietcombank.com.vn.evil.xyz;
//   - for names of six letters or more, a label contains the name
//     (vietcombankonline.com) or a word or label is within one edit (six or
//     seven letters) or two edits (eight or more) of it: vietcornbank.com.
//     Short names (acb, vib, mb) are too easily hit by chance for this.
//
// Official domains and every name under any of them never match.

// BrandSource is one official domain of the registry and its owner.
// OfficialOnly keeps the domain official (it never matches) without making
// its owner a brand to imitate.
type BrandSource struct {
	Owner        string
	Domain       string
	OfficialOnly bool
}

// Brand is one imitated brand.
type Brand struct {
	Name     string   // the owner as the registry writes it
	Official []string // its official domains
	names    []string // folded names a host is compared with
}

// Brands is the compiled list; the zero value matches nothing.
type Brands struct {
	list      []*Brand
	officials []string // every official domain, brand or not (gov.vn)
}

// NewBrands groups the registry's domains by owner.
func NewBrands(src []BrandSource) *Brands {
	bs := &Brands{}
	byOwner := map[string]*Brand{}
	for _, s := range src {
		d := strings.ToLower(strings.TrimSpace(s.Domain))
		if d == "" {
			continue
		}
		bs.officials = append(bs.officials, d)
		if s.OfficialOnly {
			continue
		}
		etld1, err := publicsuffix.EffectiveTLDPlusOne(d)
		if err != nil {
			continue // a public suffix itself (gov.vn): official, but no brand name
		}
		label := d[:strings.IndexByte(d, '.')]
		if etld1 != d {
			label = etld1[:strings.IndexByte(etld1, '.')]
		}
		b := byOwner[s.Owner]
		if b == nil {
			b = &Brand{Name: s.Owner}
			byOwner[s.Owner] = b
			bs.list = append(bs.list, b)
			if w := skeleton(foldWord(s.Owner)); len(w) >= 2 && !strings.ContainsAny(strings.TrimSpace(s.Owner), " \t") {
				b.names = append(b.names, w)
			}
		}
		b.Official = append(b.Official, d)
		if w := skeleton(foldWord(label)); len(w) >= 2 && !contains(b.names, w) {
			b.names = append(b.names, w)
		}
	}
	return bs
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// foldWord keeps the ASCII letters and digits of s after folding.
func foldWord(s string) string {
	f := vn.Fold(s)
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if c := f[i]; c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Lookalike returns the brand host imitates, nil when none (or when host
// is official).
func (bs *Brands) Lookalike(host string) *Brand {
	if bs == nil || len(bs.list) == 0 || host == "" {
		return nil
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if _, ok := parseIPv4(host); ok || strings.HasPrefix(host, "[") {
		return nil
	}
	for _, o := range bs.officials {
		if host == o || strings.HasSuffix(host, "."+o) {
			return nil
		}
	}
	suffix, _ := publicsuffix.PublicSuffix(host)
	rest := strings.TrimSuffix(strings.TrimSuffix(host, suffix), ".")
	if rest == "" {
		return nil
	}
	// The brand's own name under another suffix (viettel.com.vn beside
	// viettel.vn, vietcombank.com) is the brand's, registered to keep it
	// from others, not a disguise: only a name spelled in plain letters.
	if !strings.Contains(rest, ".") {
		for _, b := range bs.list {
			if contains(b.names, rest) {
				return nil
			}
		}
	}
	var labels, words []string
	for _, l := range strings.Split(rest, ".") {
		s := skeleton(l)
		joined := strings.NewReplacer("-", "", "_", "").Replace(s)
		if joined != "" {
			labels = append(labels, joined)
		}
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' }) {
			words = append(words, w)
		}
	}
	// Exact names first, so vpbank-… is VPBank and not a typo of TPBank.
	for _, b := range bs.list {
		for _, n := range b.names {
			if contains(words, n) {
				return b
			}
			if len(n) >= 6 {
				for _, l := range labels {
					if strings.Contains(l, n) {
						return b
					}
				}
			}
		}
	}
	for _, b := range bs.list {
		for _, n := range b.names {
			if len(n) < 6 {
				continue
			}
			limit := 1
			if len(n) >= 8 {
				limit = 2
			}
			for _, w := range append(words, labels...) {
				if editWithin(w, n, limit) {
					return b
				}
			}
		}
	}
	return nil
}

// skeleton decodes a punycode label and reads look-alike characters as the
// ASCII letters they imitate; what is left outside a–z, 0–9, '-' is kept
// as is (and so matches no name).
func skeleton(label string) string {
	if strings.HasPrefix(label, "xn--") {
		if u, err := idna.Punycode.ToUnicode(label); err == nil {
			label = u
		}
	}
	label = vn.Fold(label)
	var b strings.Builder
	for _, r := range label {
		if c, ok := homoglyphs[r]; ok {
			b.WriteByte(c)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// homoglyphs maps characters that pass for Latin letters in a host to the
// letter they copy: Cyrillic and Greek look-alikes, dotless i, and the
// digits people use for letters (0 for o, 1 for l).
var homoglyphs = map[rune]byte{
	'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'һ': 'h', 'і': 'i', 'ї': 'i', 'ј': 'j', 'к': 'k', 'м': 'm', 'н': 'h',
	'о': 'o', 'р': 'p', 'с': 'c', 'т': 't', 'у': 'y', 'х': 'x', 'ѕ': 's', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'ɡ': 'g',
	'α': 'a', 'β': 'b', 'ε': 'e', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'τ': 't', 'υ': 'u', 'χ': 'x',
	'ı': 'i', 'ł': 'l', 'ɩ': 'i',
	'0': 'o', '1': 'l',
}

// editWithin reports whether a and b are at most limit edits apart
// (insert, delete, substitute, or swap two neighbours).
func editWithin(a, b string, limit int) bool {
	if d := len(a) - len(b); d > limit || -d > limit {
		return false
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return false
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)] <= limit
}

// shorteners are link-shortening services: where their links lead is not
// known without following them, which the check never does.
var shorteners = map[string]bool{
	"bit.ly": true, "tinyurl.com": true, "t.ly": true, "s.id": true, "cutt.ly": true, "rb.gy": true,
	"shorturl.at": true, "is.gd": true, "goo.gl": true, "tiny.cc": true, "ow.ly": true, "t.co": true,
	"buff.ly": true, "rebrand.ly": true, "bitly.com": true, "v.gd": true, "shorte.st": true, "adf.ly": true,
	"bl.ink": true, "lnkd.in": true, "qrco.de": true, "short.io": true, "urlz.fr": true, "tny.im": true,
	"x.gd": true, "surl.li": true, "shorturl.asia": true, "s.net.vn": true, "link.vn": true,
}

// shared are hosts whose paths belong to many unrelated people (link
// pages, forms, file and page builders, messengers' links): a report on
// one path says nothing of the host, so a bare query for it is never
// answered for its worst path, or a few reports of one page would put
// "suspicious" on the whole service for every partner. Shorteners are
// shared too.
var shared = map[string]bool{
	"linktr.ee": true, "beacons.ai": true, "bio.link": true, "lnk.bio": true, "linkin.bio": true, "carrd.co": true,
	"forms.gle": true, "docs.google.com": true, "drive.google.com": true, "sites.google.com": true, "script.google.com": true,
	"forms.office.com": true, "onedrive.live.com": true, "1drv.ms": true, "dropbox.com": true, "mediafire.com": true,
	"t.me": true, "telegram.me": true, "wa.me": true, "zalo.me": true, "m.me": true, "fb.com": true, "facebook.com": true,
	"tiktok.com": true, "youtube.com": true, "youtu.be": true, "instagram.com": true, "x.com": true, "twitter.com": true,
	"github.com": true, "gitlab.com": true, "medium.com": true, "notion.so": true, "pastebin.com": true,
	"shopee.vn": true, "lazada.vn": true, "tiki.vn": true, "chotot.com": true,
}

// Shared reports whether host (with or without www. or m.) carries many
// unrelated people's pages by path; every shortener does.
func Shared(host string) bool {
	h := strings.TrimPrefix(strings.TrimPrefix(host, "www."), "m.")
	return shared[h] || shorteners[h]
}

// Shortener reports whether host (with or without www.) is a
// link-shortening service.
func Shortener(host string) bool {
	return shorteners[strings.TrimPrefix(host, "www.")]
}
