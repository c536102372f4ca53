// Package seal keeps personal data unreadable at rest: it seals values with
// AES-256-GCM under keys that live outside the database (a key file or an
// environment variable), computes keyed blind indexes (HMAC-SHA256) so that
// sealed values can still be found by equality, derives named HMAC keys for
// other keyed hashes, masks contacts for lists, and re-seals the columns
// domain packages declare when a key is rotated. It does not decide who may
// read a value, and it never logs one.
package seal

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// KeySize is the length of a key: AES-256.
const KeySize = 32

// FileName is the key file `serve --demo` creates in the data folder.
const FileName = "canhgiac.key"

var (
	// ErrNoKey: no key is configured, so nothing personal can be sealed.
	ErrNoKey = errors.New("chưa cấu hình khóa niêm phong dữ liệu cá nhân (CANHGIAC_KEY_FILE hoặc CANHGIAC_KEY) / no personal-data key configured")
	// ErrKey: the key file or variable cannot be read or is malformed.
	ErrKey = errors.New("khóa niêm phong không dùng được / sealing key unusable")
	// ErrUnknownKey: a value was sealed under a key that is not loaded.
	ErrUnknownKey = errors.New("dữ liệu được niêm phong bằng khóa không có trong cấu hình / data sealed under a key that is not configured")
)

// key is one master key and what is derived from it. Each use has its own
// derived key (HKDF-SHA256 with a label), so the blind index key is never
// the encryption key.
type key struct {
	id     string // 8 hex characters, derived from the key: never reveals it
	master []byte
	aead   cipher.AEAD
	index  []byte
}

func newKey(master []byte) (*key, error) {
	if len(master) != KeySize {
		return nil, fmt.Errorf("%w: một khóa phải dài %d byte (đang có %d) / a key must be %d bytes", ErrKey, KeySize, len(master), KeySize)
	}
	derive := func(label string, n int) []byte {
		b, err := hkdf.Key(sha256.New, master, nil, "canhgiac seal v1 "+label, n)
		if err != nil {
			panic(err) // only for lengths HKDF cannot give, which ours are not
		}
		return b
	}
	block, err := aes.NewCipher(derive("aead", 32))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &key{id: hex.EncodeToString(derive("id", 4)), master: master, aead: aead, index: derive("index", 32)}, nil
}

// keySet is the keys in force, the current one first.
type keySet struct {
	keys []*key
	byID map[string]*key
}

func newKeySet(masters [][]byte) (*keySet, error) {
	s := &keySet{byID: map[string]*key{}}
	for _, m := range masters {
		k, err := newKey(m)
		if err != nil {
			return nil, err
		}
		if _, dup := s.byID[k.id]; dup {
			return nil, fmt.Errorf("%w: khóa %s có hai lần / key %s twice", ErrKey, k.id, k.id)
		}
		s.keys = append(s.keys, k)
		s.byID[k.id] = k
	}
	if len(s.keys) == 0 {
		return nil, fmt.Errorf("%w: không có khóa nào / no key", ErrKey)
	}
	return s, nil
}

// Keys are the loaded keys. A nil *Keys is valid: it has no key, and every
// method that needs one returns ErrNoKey. Keys read from a file notice when
// the file changes (checked at most every ReloadEvery), so a running server
// learns a rotated key without a restart.
type Keys struct {
	set    atomic.Pointer[keySet]
	file   string
	source string // for messages: the file or the variable

	mu      sync.Mutex
	checked time.Time
	stamp   string // the file's size and time when last read
}

// ReloadEvery is how often a key file is checked for a change.
var ReloadEvery = 10 * time.Second

// FromConfig loads the keys the configuration names: a key file, or the
// base64 keys of an environment variable (several separated by commas or
// spaces, the current one first). Both empty gives nil keys and no error.
func FromConfig(file, env string) (*Keys, error) {
	switch {
	case file != "" && env != "":
		return nil, fmt.Errorf("%w: chỉ đặt một trong CANHGIAC_KEY_FILE và CANHGIAC_KEY / set only one of CANHGIAC_KEY_FILE and CANHGIAC_KEY", ErrKey)
	case file != "":
		return LoadFile(file)
	case env != "":
		masters, err := parseKeys(env, "CANHGIAC_KEY")
		if err != nil {
			return nil, err
		}
		set, err := newKeySet(masters)
		if err != nil {
			return nil, fmt.Errorf("CANHGIAC_KEY: %w", err)
		}
		k := &Keys{source: "CANHGIAC_KEY"}
		k.set.Store(set)
		return k, nil
	}
	return nil, nil
}

// LoadFile reads a key file: one base64 key per line, the current key
// first; blank lines and lines starting with # are skipped.
func LoadFile(path string) (*Keys, error) {
	k := &Keys{file: path, source: path}
	if err := k.reload(); err != nil {
		return nil, err
	}
	return k, nil
}

func (k *Keys) reload() error {
	st, err := os.Stat(k.file)
	if err != nil {
		return fmt.Errorf("%w: không đọc được tệp khóa %s / cannot read key file: %v", ErrKey, k.file, err)
	}
	b, err := os.ReadFile(k.file)
	if err != nil {
		return fmt.Errorf("%w: không đọc được tệp khóa %s / cannot read key file: %v", ErrKey, k.file, err)
	}
	masters, err := parseKeys(string(b), k.file)
	if err != nil {
		return err
	}
	set, err := newKeySet(masters)
	if err != nil {
		return fmt.Errorf("%s: %w", k.file, err)
	}
	k.set.Store(set)
	k.stamp = fmt.Sprint(st.Size(), st.ModTime().UnixNano())
	return nil
}

// parseKeys reads base64 keys, one per line or separated by commas.
func parseKeys(text, source string) ([][]byte, error) {
	var out [][]byte
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for _, f := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			b, err := base64.StdEncoding.DecodeString(f)
			if err != nil {
				b, err = base64.RawURLEncoding.DecodeString(f)
			}
			if err != nil || len(b) != KeySize {
				return nil, fmt.Errorf("%w: %s dòng %d không phải một khóa base64 %d byte / line %d is not a base64 %d-byte key", ErrKey, source, n+1, KeySize, n+1, KeySize)
			}
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: %s không chứa khóa nào / holds no key", ErrKey, source)
	}
	return out, nil
}

// current returns the key set, re-reading the file if it has changed.
func (k *Keys) current() (*keySet, error) {
	if k == nil {
		return nil, ErrNoKey
	}
	if k.file != "" && k.mu.TryLock() {
		if time.Since(k.checked) >= ReloadEvery {
			k.checked = time.Now()
			if st, err := os.Stat(k.file); err == nil && fmt.Sprint(st.Size(), st.ModTime().UnixNano()) != k.stamp {
				// A file caught half-written keeps the keys we have.
				_ = k.reload()
			}
		}
		k.mu.Unlock()
	}
	return k.set.Load(), nil
}

// Source says where the keys come from (a file path or the variable name).
func (k *Keys) Source() string {
	if k == nil {
		return ""
	}
	return k.source
}

// File is the key file, or "" when the keys come from the environment.
func (k *Keys) File() string {
	if k == nil {
		return ""
	}
	return k.file
}

// IDs are the loaded keys' ids, the current one first.
func (k *Keys) IDs() []string {
	set, err := k.current()
	if err != nil {
		return nil
	}
	ids := make([]string, len(set.keys))
	for i, x := range set.keys {
		ids[i] = x.id
	}
	return ids
}

// Has says whether a key with this id is loaded.
func (k *Keys) Has(id string) bool {
	set, err := k.current()
	return err == nil && set.byID[id] != nil
}

// NewKey returns a fresh random key, base64.
func NewKey() string {
	b := make([]byte, KeySize)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

const fileHeader = `# Cảnh Giác — khóa niêm phong dữ liệu cá nhân (AES-256-GCM).
# Dòng khóa đầu tiên là khóa đang dùng; các dòng sau là khóa cũ, giữ để đọc dữ liệu chưa niêm phong lại.
# Giữ bí mật (quyền 0600) và sao lưu RIÊNG, không để cùng bản sao lưu cơ sở dữ liệu: mất tệp này là mất dữ liệu cá nhân.
# Personal-data sealing keys. First key line = current. Keep secret; back up separately from the database.
`

// CreateFile writes a new key file holding one fresh key, readable by its
// owner only. It refuses to overwrite an existing file.
func CreateFile(path string) (*Keys, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKey, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("%w: không tạo được tệp khóa %s / cannot create key file: %v", ErrKey, path, err)
	}
	_, err = f.WriteString(fileHeader + NewKey() + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("%w: ghi tệp khóa %s / write key file: %v", ErrKey, path, err)
	}
	return LoadFile(path)
}

// WriteFile replaces the key file with these keys (base64, current first),
// atomically: a new file beside it, synced, then renamed over it.
func (k *Keys) WriteFile(masters []string) error {
	if k == nil || k.file == "" {
		return fmt.Errorf("%w: chỉ đổi được khóa trong tệp khóa (CANHGIAC_KEY_FILE) / only a key file can be rewritten", ErrKey)
	}
	var buf bytes.Buffer
	buf.WriteString(fileHeader)
	for _, m := range masters {
		buf.WriteString(m + "\n")
	}
	if _, err := parseKeys(buf.String(), k.file); err != nil {
		return err
	}
	tmp := k.file + ".new"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("ghi tệp khóa %s: %w", tmp, err)
	}
	if _, err = f.Write(buf.Bytes()); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, k.file)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("ghi tệp khóa %s: %w", k.file, err)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.reload()
}

// Masters returns the loaded keys in base64, current first: for rewriting
// the key file at rotation, never for display.
func (k *Keys) Masters() []string {
	set, err := k.current()
	if err != nil {
		return nil
	}
	out := make([]string, len(set.keys))
	for i, x := range set.keys {
		out[i] = base64.StdEncoding.EncodeToString(x.master)
	}
	return out
}
