package publish

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// crockford is Douglas Crockford's base32 alphabet: digits and upper-case
// letters without I, L, O and U, so a code read aloud or copied by hand
// from a poster has no look-alike letters.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

const (
	codeBody = 9            // characters of HMAC: 45 bits
	codeLen  = codeBody + 1 // plus one check character
)

// MinSecretLen is the shortest key Code accepts.
const MinSecretLen = 16

// Code returns the verification code printed on a published item, such as
// "F8DB9CY02P": ten characters of Crockford base32. The first nine are the
// first 45 bits of HMAC-SHA256(secret, kind || 0x00 || id in ASCII
// decimal), five bits a character, most significant first; the last is a
// check character (see [ValidCode]). The code is URL-safe,
// and without the secret nobody can produce a valid code for an item, so a
// forged poster cannot point at a genuine page with a matching code.
//
// kind names the sort of item ("canh-bao", "cam-nang") so that a warning
// and a handbook entry with the same id get different codes. Code panics if
// the secret is shorter than [MinSecretLen]: that is a configuration bug.
func Code(kind string, id int64, secret []byte) string {
	if len(secret) < MinSecretLen {
		panic("publish: code secret shorter than " + strconv.Itoa(MinSecretLen) + " bytes")
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(kind))
	mac.Write([]byte{0})
	mac.Write([]byte(strconv.FormatInt(id, 10)))
	bits := binary.BigEndian.Uint64(mac.Sum(nil)[:8])

	var b [codeLen]byte
	for i := range codeBody {
		b[i] = crockford[bits>>(64-5*(i+1))&31]
	}
	b[codeBody] = crockford[checkValue(b[:codeBody])]
	return string(b[:])
}

// NormalizeCode returns s in the form [Code] produces, and whether it is a
// well-formed code with a correct check character. It forgives what people
// do when typing a code: lower case, spaces and hyphens, O for 0, and I or
// L for 1.
func NormalizeCode(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		if r > 0x7f {
			return "", false
		}
		if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		switch r {
		case ' ', '-':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		if strings.IndexByte(crockford, byte(r)) < 0 {
			return "", false
		}
		b.WriteRune(r)
	}
	code := b.String()
	if len(code) != codeLen {
		return "", false
	}
	if crockford[checkValue([]byte(code[:codeBody]))] != code[codeBody] {
		return "", false
	}
	return code, true
}

// ValidCode reports whether s is a well-formed verification code after the
// normalisation of [NormalizeCode]. It checks the check character only, so
// it needs no secret: it tells a typing mistake ("mã không đúng, xin kiểm
// tra lại") from a code that is well-formed but belongs to no item. The
// check is Luhn mod 32 over the alphabet positions, which catches every
// single wrong character and every swap of two neighbours but 0 with Z.
func ValidCode(s string) bool {
	_, ok := NormalizeCode(s)
	return ok
}

// checkValue computes the Luhn mod N check character (N = 32) for body,
// which must hold only characters of the alphabet.
func checkValue(body []byte) int {
	const n = len(crockford)
	sum, factor := 0, 2
	for i := len(body) - 1; i >= 0; i-- {
		addend := factor * strings.IndexByte(crockford, body[i])
		sum += addend/n + addend%n
		factor = 3 - factor
	}
	return (n - sum%n) % n
}

// canonicalVersion opens every canonical text, so the form can change
// later without old hashes becoming ambiguous.
const canonicalVersion = "canhgiac-canonical/1"

// Canonical returns the canonical text of a published item, the input to
// [Hash]. Anyone holding the item's title, body, publication time and
// issuer can rebuild it byte for byte:
//
//	canhgiac-canonical/1 LF
//	issuer: <issuer> LF
//	published: <published> LF
//	title: <title> LF
//	LF
//	<body> LF
//
// where LF is U+000A and:
//
//   - every text is first put in Unicode Normalization Form C (NFC), so
//     "ế" typed as one code point or as e + ̂ + ́ hashes the same;
//   - CR LF and lone CR become LF;
//   - issuer and title are one line: each LF becomes a space, then spaces
//     (U+0020) and tabs (U+0009) at both ends are removed;
//   - published is the time in UTC to the second, as 2006-01-02T15:04:05Z
//     (RFC 3339), so the server's time zone does not matter;
//   - in body, spaces and tabs at the end of every line are removed, then
//     empty lines at the start and the end, and the result ends with exactly
//     one LF (an empty body is a single LF after the blank line).
//
// The text is UTF-8 without a byte order mark.
func Canonical(title, body string, published time.Time, issuer string) []byte {
	var b strings.Builder
	b.WriteString(canonicalVersion + "\n")
	b.WriteString("issuer: " + canonicalLine(issuer) + "\n")
	b.WriteString("published: " + published.UTC().Format("2006-01-02T15:04:05Z") + "\n")
	b.WriteString("title: " + canonicalLine(title) + "\n")
	b.WriteString("\n")
	b.WriteString(canonicalBody(body))
	return []byte(b.String())
}

// Hash returns the lower-case hexadecimal SHA-256 of a canonical text, the
// fingerprint shown next to the verification code.
func Hash(canonical []byte) string {
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:])
}

func unifyNewlines(s string) string {
	s = norm.NFC.String(s)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

func canonicalLine(s string) string {
	s = strings.ReplaceAll(unifyNewlines(s), "\n", " ")
	return strings.Trim(s, " \t")
}

func canonicalBody(s string) string {
	lines := strings.Split(unifyNewlines(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n") + "\n"
}
