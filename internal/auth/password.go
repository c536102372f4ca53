package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters: the OWASP minimum (19 MiB, 2 passes, 1 lane), which
// keeps a login under ~50 ms on this class of machine.
const (
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

const (
	argonMemory = 19 * 1024 // KiB
	argonTime   = 2
)

// cheapHashes is set only by test harnesses outside this package.
var cheapHashes atomic.Bool

// CheapHashesForTests makes new password hashes cost 1 MiB and one pass,
// so that test suites signing in hundreds of times do not spend most of
// their time in argon2. Hashes carry their parameters, so verifying is
// unaffected. Only test helpers (internal/testutil) call it; the program
// never does.
func CheapHashesForTests() { cheapHashes.Store(true) }

// HashPassword returns the password's argon2id hash in the PHC string format.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	memory, passes := uint32(argonMemory), uint32(argonTime)
	if cheapHashes.Load() {
		memory, passes = 1024, 1
	}
	key := argon2.IDKey([]byte(pw), salt, passes, memory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, memory, passes, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("auth: malformed password hash")

// VerifyPassword reports whether pw matches the PHC-encoded hash, in
// constant time; the parameters are read from the hash so they can change.
func VerifyPassword(hash, pw string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// passwordAlphabet leaves out characters people misread (0/O, 1/l/I).
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// GeneratePassword returns a random password of 16 characters (about 93
// bits), grouped by dashes so it can be read out.
func GeneratePassword() string {
	var sb strings.Builder
	limit := 256 - 256%len(passwordAlphabet) // reject bytes that would bias the choice
	var b [1]byte
	for n := 0; n < 16; {
		if _, err := rand.Read(b[:]); err != nil {
			panic(err) // the system's random source does not fail on Linux
		}
		if int(b[0]) >= limit {
			continue
		}
		if n > 0 && n%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(passwordAlphabet[int(b[0])%len(passwordAlphabet)])
		n++
	}
	return sb.String()
}

// CheckPassword returns a Vietnamese reason a password may not be chosen
// by this user, or "": too short or too long, the username itself, or on
// the refused list (refused.go).
func CheckPassword(pw, username string) string {
	switch {
	case len([]rune(pw)) < 10:
		return "Mật khẩu cần ít nhất 10 ký tự."
	case len(pw) > 256:
		return "Mật khẩu dài quá 256 ký tự."
	case strings.EqualFold(pw, username), username != "" && passwordKey(pw) == passwordKey(username):
		return "Mật khẩu không được trùng tên đăng nhập."
	}
	return refusedReason(pw)
}
