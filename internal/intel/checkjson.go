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
	dst = c.appendHit(dst, q, &h, nil)
	return append(dst, '\n')
}

// AppendBatch appends {"results":[…]} for items, in order. It normalises
// every item first, then does every lookup as a pass of its own (the
// lookups are independent memory reads the processor overlaps), then writes.
func (c *Checker) AppendBatch(dst []byte, items []string) []byte {
	return c.appendBatch(dst, items, false)
}

// AppendBatchCompact is AppendBatch in the compact form: each result names
// its advice by code ("advice_code") instead of carrying the text, and the
// texts follow once each, by code, in "advice":
// {"results":[…],"advice":{"unknown":"…","scam_phone":"…"}}. Otherwise each
// result is the same as in the full form.
func (c *Checker) AppendBatchCompact(dst []byte, items []string) []byte {
	return c.appendBatch(dst, items, true)
}

func (c *Checker) appendBatch(dst []byte, items []string, compact bool) []byte {
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
			c.lookAccounts(q, &hs[i]) // digits also reported as an account
			pending = append(pending, int32(i))
			continue
		}
		hs[i] = c.look(q)
	}
	for _, i := range pending {
		hs[i].e, hs[i].ok = c.idx.PhoneLookup(hs[i].phone)
	}
	var cp *adviceCodes
	if compact {
		cp = &sc.codes
		defer clear(sc.codes.list)
		cp.list = cp.list[:0]
	}
	dst = append(dst, `{"results":[`...)
	for i, q := range items {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = c.appendHit(dst, q, &hs[i], cp)
	}
	dst = append(dst, ']')
	if compact {
		dst = append(dst, `,"advice":{`...)
		for i, a := range cp.list {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, a.code)
			dst = append(dst, ':')
			dst = appendString(dst, a.text)
		}
		dst = append(dst, '}')
	}
	return append(dst, "}\n"...)
}

// adviceCodes gathers the advice texts a compact batch named, in the
// order they first appear.
type adviceCodes struct{ list []adviceText }

type adviceText struct{ code, text string }

// add notes code (with its text, made only the first time) and returns it.
func (a *adviceCodes) add(code string, text func() string) string {
	for _, x := range a.list {
		if x.code == code {
			return code
		}
	}
	a.list = append(a.list, adviceText{code, text()})
	return code
}

// batchScratch is AppendBatch's working memory, reused between requests.
type batchScratch struct {
	hs      []hit
	pending []int32
	codes   adviceCodes
}

var batchPool = sync.Pool{New: func() any { return &batchScratch{} }}

// appendHit writes one answer; with cp, in the compact form (the advice by
// code, its text noted in cp).
func (c *Checker) appendHit(dst []byte, q string, h *hit, cp *adviceCodes) []byte {
	if h.kind != normalize.KindPhone || len(h.accts) > 0 {
		a := c.answer(q, h)
		code := ""
		if cp != nil {
			code, _ = adviceOf(h, a.Verdict, len(a.Accounts) > 0)
			code = cp.add(code, func() string { return a.Advice })
		}
		return appendAnswer(dst, &a, code)
	}
	// A phone: written straight from the hit, without building an Answer
	// (the API's hot path).
	dst = append(dst, `{"query":`...)
	dst = appendString(dst, q)
	dst = append(dst, `,"kind":"`...)
	dst = append(dst, h.kind...)
	dst = append(dst, `","normalized":`...)
	if h.norm == "" {
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
	tb := c.tactics.Load()
	flagged := v != "unknown" && h.e.Tactics != 0
	dst = append(dst, `,"tactics":[`...)
	if flagged {
		dst = appendTactics(dst, tb, h.e.Tactics, &tb.codes)
	}
	if cp != nil {
		code := "unknown"
		switch v {
		case "scam":
			code = "scam_phone"
		case "suspicious":
			code = "suspicious_phone"
		}
		cp.add(code, func() string { _, t := adviceOf(h, v, false); return t })
		dst = append(dst, `],"advice_code":"`...)
		dst = append(dst, code...)
	} else {
		dst = append(dst, `],"advice":"`...)
		dst = appendAdvice(dst, v, h.kind)
	}
	dst = append(dst, '"')
	if h.reason != "" {
		dst = append(dst, `,"reason":`...)
		dst = appendString(dst, h.reason)
	}
	dst = append(dst, `,"display":"`...)
	dst = normalize.AppendDisplayPhone(dst, h.phone)
	dst = append(dst, '"')
	if flagged && tb.list(h.e.Tactics, &tb.names) != nil {
		dst = append(dst, `,"scam_kinds":[`...)
		dst = appendTactics(dst, tb, h.e.Tactics, &tb.names)
		dst = append(dst, ']')
	}
	return append(dst, '}')
}

// appendAdvice writes a phone's advice text for its verdict (without quotes).
func appendAdvice(dst []byte, v string, k normalize.Kind) []byte {
	switch v {
	case "scam":
		dst = append(dst, adviceScamHead...)
		dst = append(dst, what(k)...)
		return append(dst, adviceScamTail...)
	case "suspicious":
		dst = append(dst, adviceSuspHead...)
		dst = append(dst, what(k)...)
		return append(dst, adviceSuspTail...)
	}
	return append(dst, adviceUnknown...)
}

// appendTactics writes the codes or names of a tactic mask as JSON strings.
func appendTactics(dst []byte, tb *tacticBits, m uint16, from *[16]string) []byte {
	first := true
	for i := range 16 {
		if m&(1<<i) != 0 && tb.codes[i] != "" && from[i] != "" {
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = appendString(dst, from[i])
		}
	}
	return dst
}

// appendAnswer writes a whole Answer as encoding/json would; with a code,
// the advice is named by it ("advice_code") instead of written out.
func appendAnswer(dst []byte, a *Answer, code string) []byte {
	dst = append(dst, `{"query":`...)
	dst = appendString(dst, a.Query)
	dst = append(dst, `,"kind":`...)
	dst = appendString(dst, a.Kind)
	dst = append(dst, `,"normalized":`...)
	dst = appendString(dst, a.Normalized)
	dst = append(dst, `,"verdict":`...)
	dst = appendString(dst, a.Verdict)
	dst = append(dst, `,"verified":`...)
	dst = strconv.AppendBool(dst, a.Verified)
	dst = append(dst, `,"tactics":`...)
	dst = appendStrings(dst, a.Tactics)
	if code != "" {
		dst = append(dst, `,"advice_code":`...)
		dst = appendString(dst, code)
	} else {
		dst = append(dst, `,"advice":`...)
		dst = appendString(dst, a.Advice)
	}
	if a.Reason != "" {
		dst = append(dst, `,"reason":`...)
		dst = appendString(dst, a.Reason)
	}
	if a.Display != "" {
		dst = append(dst, `,"display":`...)
		dst = appendString(dst, a.Display)
	}
	if len(a.ScamKinds) > 0 {
		dst = append(dst, `,"scam_kinds":`...)
		dst = appendStrings(dst, a.ScamKinds)
	}
	if a.Site {
		dst = append(dst, `,"site":true`...)
	}
	if a.Shortener {
		dst = append(dst, `,"shortener":true`...)
	}
	if a.Lookalike != nil {
		dst = append(dst, `,"lookalike":{"brand":`...)
		dst = appendString(dst, a.Lookalike.Brand)
		dst = append(dst, `,"official":`...)
		dst = appendString(dst, a.Lookalike.Official)
		dst = append(dst, '}')
	}
	if len(a.Accounts) > 0 {
		dst = append(dst, `,"accounts":[`...)
		for i, x := range a.Accounts {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"bank":`...)
			dst = appendString(dst, x.Bank)
			dst = append(dst, `,"bin":`...)
			dst = appendString(dst, x.BIN)
			dst = append(dst, `,"normalized":`...)
			dst = appendString(dst, x.Normalized)
			dst = append(dst, `,"display":`...)
			dst = appendString(dst, x.Display)
			dst = append(dst, `,"verdict":`...)
			dst = appendString(dst, x.Verdict)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	if a.Province != "" {
		dst = append(dst, `,"province":`...)
		dst = appendString(dst, a.Province)
	}
	if a.FirstReport != "" {
		dst = append(dst, `,"first_report":`...)
		dst = appendString(dst, a.FirstReport)
	}
	return append(dst, '}')
}

func appendStrings(dst []byte, xs []string) []byte {
	if xs == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, x := range xs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, x)
	}
	return append(dst, ']')
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
