package seal

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// A sealed value is text, so it fits the TEXT columns it replaces:
//
//	sv1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>
//
// The key id lets rotation tell old values from new and lets the start-up
// check find values under a key that is not configured. The column a value
// belongs to ("table.column") is authenticated with it, so a sealed value
// copied into another column does not open.
const (
	prefix    = "sv1:"
	headerLen = len(prefix) + 8 + 1 // what SQL groups by to count values per key
)

// IsSealed says whether a stored value is sealed (or is legacy plain text).
func IsSealed(v string) bool { _, ok := KeyID(v); return ok }

// KeyID is the id of the key v was sealed under.
func KeyID(v string) (string, bool) {
	if len(v) < headerLen || !strings.HasPrefix(v, prefix) || v[headerLen-1] != ':' {
		return "", false
	}
	return v[len(prefix) : headerLen-1], true
}

// Seal seals plain for the column named by where ("table.column") under the
// current key. The empty string stays empty: it is the absence of a value.
func (k *Keys) Seal(where, plain string) (string, error) {
	if plain == "" {
		return "", nil
	}
	set, err := k.current()
	if err != nil {
		return "", err
	}
	return set.keys[0].seal(where, plain), nil
}

func (x *key) seal(where, plain string) string {
	nonce := make([]byte, x.aead.NonceSize(), x.aead.NonceSize()+len(plain)+x.aead.Overhead())
	rand.Read(nonce)
	out := x.aead.Seal(nonce, nonce, []byte(plain), []byte(where))
	return prefix + x.id + ":" + base64.RawURLEncoding.EncodeToString(out)
}

// Open returns the plain text of a value sealed for where. A value that is
// not sealed (written before sealing began) is returned as it is; the
// start-up pass seals such values.
func (k *Keys) Open(where, stored string) (string, error) {
	id, ok := KeyID(stored)
	if !ok {
		return stored, nil
	}
	set, err := k.current()
	if err != nil {
		return "", err
	}
	x := set.byID[id]
	if x == nil && k.file != "" {
		// Sealed by a key added since we read the file (a rotation run
		// from another process): read it now rather than in ReloadEvery.
		k.mu.Lock()
		if k.reload() == nil {
			k.checked = time.Now()
		}
		k.mu.Unlock()
		x = k.set.Load().byID[id]
	}
	if x == nil {
		return "", fmt.Errorf("%s: %w (%s)", where, ErrUnknownKey, id)
	}
	return x.open(where, stored)
}

func (x *key) open(where, stored string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(stored[headerLen:])
	if err != nil || len(b) < x.aead.NonceSize()+x.aead.Overhead() {
		return "", fmt.Errorf("%s: giá trị niêm phong bị hỏng / damaged sealed value", where)
	}
	n := x.aead.NonceSize()
	plain, err := x.aead.Open(nil, b[:n], b[n:], []byte(where))
	if err != nil {
		return "", fmt.Errorf("%s: giá trị niêm phong không mở được (bị sửa hoặc không thuộc cột này) / sealed value fails authentication", where)
	}
	return string(plain), nil
}

// Index is the blind index of a normalised value under the current key:
// HMAC-SHA256 with the key's own index key, truncated to 128 bits, hex. Equal
// values give equal indexes, so a column of indexes answers "who has this
// phone?" without the phone being stored in clear. The empty value has the
// empty index.
func (k *Keys) Index(normal string) (string, error) {
	if normal == "" {
		return "", nil
	}
	set, err := k.current()
	if err != nil {
		return "", err
	}
	return set.keys[0].blind(normal), nil
}

// Indexes are the value's blind indexes under every loaded key, current
// first: a lookup during a rotation asks for any of them, because rows not
// yet re-sealed still carry their old key's index.
func (k *Keys) Indexes(normal string) ([]string, error) {
	set, err := k.current()
	if err != nil {
		return nil, err
	}
	out := make([]string, len(set.keys))
	for i, x := range set.keys {
		out[i] = x.blind(normal)
	}
	return out, nil
}

func (x *key) blind(normal string) string {
	m := hmac.New(sha256.New, x.index)
	m.Write([]byte(normal))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// HMAC returns a 32-byte key for a named use (e.g. "reporter" for hashes of
// reporters' addresses), derived from the current key apart from every
// other use. It changes when the key is rotated: use it for hashes that
// live for a while (a day's rate limit), or use HMACs to match across a
// rotation.
func (k *Keys) HMAC(name string) ([]byte, error) {
	hs, err := k.HMACs(name)
	if err != nil {
		return nil, err
	}
	return hs[0], nil
}

// HMACs is HMAC under every loaded key, current first.
func (k *Keys) HMACs(name string) ([][]byte, error) {
	set, err := k.current()
	if err != nil {
		return nil, err
	}
	out := make([][]byte, len(set.keys))
	for i, x := range set.keys {
		b, err := hkdf.Key(sha256.New, x.master, nil, "canhgiac hmac v1 "+name, 32)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}
