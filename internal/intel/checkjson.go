package intel

import (
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/canhgiac/canhgiac/internal/intel/normalize"
)

// The check API writes its JSON by hand: at millions of answers a second
// encoding/json's reflection is most of the cost. The output is the same
// document encoding/json makes of Answer (field order, HTML-safe escaping);
// TestAppendCheckMatchesEncodingJSON holds the two together.

// AppendCheck appends the JSON answer for q (with a trailing newline, as
// json.Encoder writes it).
func (c *Checker) AppendCheck(dst []byte, q string) []byte {
	h := c.look(q)
	dst = c.appendHit(dst, q, &h)
	return append(dst, '\n')
}

// AppendBatch appends {"results":[…]} for items, in order. It normalises
// every item first, then does every lookup as a pass of its own (the
// lookups are independent memory reads the processor overlaps), then writes.
func (c *Checker) AppendBatch(dst []byte, items []string) []byte {
	sc := batchPool.Get().(*batchScratch)
	defer batchPool.Put(sc)
	if cap(sc.hs) < len(items) {
		sc.hs, sc.pending = make([]hit, len(items)), make([]int32, 0, len(items))
	}
	hs, pending := sc.hs[:len(items)], sc.pending[:0]
	defer clear(hs) // drop the strings the hits point at
	for i, q := range items {
		if v, ok := normalize.FastPhone(q); ok {
			hs[i] = hit{kind: normalize.KindPhone, phone: v}
			pending = append(pending, int32(i))
			continue
		}
		hs[i] = c.look(q)
	}
	for _, i := range pending {
		hs[i].e, hs[i].ok = c.idx.PhoneLookup(hs[i].phone)
	}
	dst = append(dst, `{"results":[`...)
	for i, q := range items {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = c.appendHit(dst, q, &hs[i])
	}
	return append(dst, "]}\n"...)
}

// batchScratch is AppendBatch's working memory, reused between requests.
type batchScratch struct {
	hs      []hit
	pending []int32
}

var batchPool = sync.Pool{New: func() any { return &batchScratch{} }}

func (c *Checker) appendHit(dst []byte, q string, h *hit) []byte {
	dst = append(dst, `{"query":`...)
	dst = appendString(dst, q)
	dst = append(dst, `,"kind":"`...)
	dst = append(dst, h.kind...)
	dst = append(dst, `","normalized":`...)
	if h.norm == "" && h.kind == normalize.KindPhone {
		dst = append(dst, `"+`...)
		dst = strconv.AppendUint(dst, h.phone, 10)
		dst = append(dst, '"')
	} else {
		dst = appendString(dst, h.norm)
	}
	v := h.verdict()
	dst = append(dst, `,"verdict":"`...)
	dst = append(dst, v...)
	dst = append(dst, `","verified":`...)
	dst = strconv.AppendBool(dst, v == "scam")
	dst = append(dst, `,"tactics":[`...)
	if v != "unknown" && h.e.Tactics != 0 {
		tb := c.tactics.Load()
		first := true
		for i := range 16 {
			if h.e.Tactics&(1<<i) != 0 && tb.codes[i] != "" {
				if !first {
					dst = append(dst, ',')
				}
				first = false
				dst = appendString(dst, tb.codes[i])
			}
		}
	}
	dst = append(dst, `],"advice":"`...)
	switch v {
	case "scam":
		dst = append(dst, adviceScamHead...)
		dst = append(dst, what(h.kind)...)
		dst = append(dst, adviceScamTail...)
	case "suspicious":
		dst = append(dst, adviceSuspHead...)
		dst = append(dst, what(h.kind)...)
		dst = append(dst, adviceSuspTail...)
	default:
		if h.kind == normalize.KindInvalid {
			dst = append(dst, adviceInvalid...)
		} else {
			dst = append(dst, adviceUnknown...)
		}
	}
	dst = append(dst, '"')
	if h.reason != "" {
		dst = append(dst, `,"reason":`...)
		dst = appendString(dst, h.reason)
	}
	return append(dst, '}')
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string the way encoding/json does:
// quotes, backslashes and control characters escaped, <, > and & as \u003c
// etc., U+2028/2029 escaped, invalid UTF-8 replaced by U+FFFD.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
