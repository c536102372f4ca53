package api

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// The batch check reads {"items":[…]} without encoding/json: a thousand
// short strings per request is where reflection and per-item allocation
// would cost more than the lookups themselves.

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

func getBuf() *[]byte { return bufPool.Get().(*[]byte) }

func putBuf(b *[]byte) {
	if cap(*b) <= 4<<20 { // do not keep the odd huge one
		bufPool.Put(b)
	}
}

// readBody reads all of r into dst.
func readBody(r io.Reader, dst []byte) ([]byte, error) {
	for {
		if len(dst) == cap(dst) {
			dst = append(dst, 0)[:len(dst)]
		}
		n, err := r.Read(dst[len(dst):cap(dst)])
		dst = dst[:len(dst)+n]
		if err == io.EOF {
			return dst, nil
		}
		if err != nil {
			return dst, err
		}
	}
}

func writeJSONBytes(w http.ResponseWriter, b []byte) error {
	h := w.Header()
	h["Content-Type"] = jsonType
	if len(b) > smallAnswer {
		h["Content-Length"] = []string{strconv.Itoa(len(b))}
	} // a smaller answer is written whole before net/http sends the header, so it sets the length itself, without allocating

	_, err := w.Write(b)
	return err
}

var jsonType = []string{"application/json; charset=utf-8"}

// smallAnswer is below net/http's buffer before chunking (2,048 bytes): an
// answer up to it gets its Content-Length from net/http.
const smallAnswer = 2000

// parseItems reads exactly {"items":["…",…]} (any whitespace) and returns
// the strings, which point into b: they are valid only while b is. It
// says false for anything else — other keys, escapes, invalid UTF-8 — and
// the caller then asks encoding/json, which handles every valid document.
func parseItems(b []byte, out []string) ([]string, bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, false
	}
	i = skipSpace(b, i+1)
	const key = `"items"`
	if len(b)-i < len(key) || string(b[i:i+len(key)]) != key {
		return nil, false
	}
	i = skipSpace(b, i+len(key))
	if i >= len(b) || b[i] != ':' {
		return nil, false
	}
	i = skipSpace(b, i+1)
	if i >= len(b) || b[i] != '[' {
		return nil, false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		i++
	} else {
		for {
			if i >= len(b) || b[i] != '"' {
				return nil, false
			}
			j := i + 1
			for j < len(b) && b[j] != '"' {
				if c := b[j]; c == '\\' || c < 0x20 {
					return nil, false
				}
				j++
			}
			if j >= len(b) {
				return nil, false
			}
			s := b[i+1 : j]
			if !utf8.Valid(s) {
				return nil, false
			}
			if len(s) == 0 {
				out = append(out, "")
			} else {
				out = append(out, unsafe.String(&s[0], len(s)))
			}
			i = skipSpace(b, j+1)
			if i >= len(b) {
				return nil, false
			}
			if b[i] == ']' {
				i++
				break
			}
			if b[i] != ',' {
				return nil, false
			}
			i = skipSpace(b, i+1)
		}
	}
	i = skipSpace(b, i)
	if i >= len(b) || b[i] != '}' {
		return nil, false
	}
	return out, skipSpace(b, i+1) == len(b)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// queryParam is r.URL.Query().Get(name) without building the whole map:
// the check's GET carries one parameter, at tens of thousands a second.
func queryParam(raw, name string) string {
	for raw != "" {
		var kv string
		kv, raw, _ = strings.Cut(raw, "&")
		k, v, _ := strings.Cut(kv, "=")
		if k != name {
			if k2, err := url.QueryUnescape(k); err != nil || k2 != name {
				continue
			}
		}
		if strings.IndexByte(v, '%') < 0 && strings.IndexByte(v, '+') < 0 {
			return v
		}
		if u, err := url.QueryUnescape(v); err == nil {
			return u
		}
		return ""
	}
	return ""
}
