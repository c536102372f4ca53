package textsearch

import (
	"html/template"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Snippet sizes, in runes. A snippet starts up to contextRunes before the
// first match and is at most snippetRunes long (plus ellipses).
const (
	snippetRunes = 160
	contextRunes = 40
	ellipsis     = "…"
)

// snippet cuts an excerpt from the field of document d that matches the
// query best: most distinct query words, then most occurrences with the
// query's diacritics, then most occurrences; the earlier field on a tie.
// Called under RLock.
func (ix *Index) snippet(d int32, qu query) (string, [][2]int) {
	which := map[int32]int{} // term id → query word
	for i, qt := range qu.terms {
		for _, id := range qt.prefix {
			which[id] = i
		}
	}
	for i, qt := range qu.terms {
		if qt.id >= 0 {
			which[qt.id] = i
		}
	}
	isMatch := func(t tok) bool { _, ok := which[t.term]; return ok }

	fields := ix.docs[d].fields
	best, bestKey := -1, [3]int{}
	for fi, f := range fields {
		var distinct uint32
		var key [3]int
		for _, t := range f.toks {
			qi, ok := which[t.term]
			if !ok {
				continue
			}
			distinct |= 1 << qi
			qt := &qu.terms[qi]
			if qt.marked && strings.HasPrefix(ix.exacts[t.exact], qt.exact) {
				key[1]++
			}
			key[2]++
		}
		key[0] = bits.OnesCount32(distinct)
		if key[2] > 0 && (best < 0 || greater(key, bestKey)) {
			best, bestKey = fi, key
		}
	}
	if best < 0 {
		if len(fields) == 0 {
			return "", nil
		}
		best = 0
	}
	return cut(&fields[best], isMatch)
}

func greater(a, b [3]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] > b[i]
		}
	}
	return false
}

// cut returns the excerpt of f around its first matching token, white
// space collapsed to single spaces, with the byte ranges of matching tokens
// in the excerpt. Window edges fall on token boundaries where possible and
// always on rune boundaries.
func cut(f *field, isMatch func(tok) bool) (string, [][2]int) {
	text, toks := f.text, f.toks
	first := -1
	for i, t := range toks {
		if isMatch(t) {
			first = i
			break
		}
	}

	// Start: back up contextRunes, then forward to the first token start.
	start := 0
	if first >= 0 {
		m := int(toks[first].start)
		s := m
		for n := 0; s > 0 && n < contextRunes; n++ {
			_, size := utf8.DecodeLastRuneInString(text[:s])
			s -= size
		}
		start = m
		if s == 0 {
			start = 0
		} else {
			for j := first; j >= 0 && int(toks[j].start) >= s; j-- {
				start = int(toks[j].start)
			}
		}
	}
	// End: snippetRunes further, then back to the last token end, unless
	// a single giant token leaves nothing to back up to.
	end := start
	for n := 0; end < len(text) && n < snippetRunes; n++ {
		_, size := utf8.DecodeRuneInString(text[end:])
		end += size
	}
	if end < len(text) {
		snapped := -1
		for _, t := range toks {
			if int(t.start) >= start && int(t.end) <= end {
				snapped = int(t.end)
			}
		}
		if snapped > start {
			end = snapped
		}
	}

	var src [][2]int // matches in text, clipped to the window
	for _, t := range toks {
		s, e := max(int(t.start), start), min(int(t.end), end)
		if s < e && isMatch(t) {
			src = append(src, [2]int{s, e})
		}
	}
	return collapse(text, start, end, src)
}

// collapse copies text[start:end] with white-space runs reduced to one
// space and trimmed, adds ellipses where the window cuts the text, and
// maps the source ranges to the copy, merging marks separated by a single
// space so "lừa đảo" is marked as one phrase.
func collapse(text string, start, end int, src [][2]int) (string, [][2]int) {
	var b strings.Builder
	b.Grow(end - start + 2*len(ellipsis))
	if start > 0 {
		b.WriteString(ellipsis)
	}
	body := b.Len() // where text starts, for trimming leading space
	marks := make([][2]int, 0, len(src))
	mi := 0
	open := false
	pendingSpace := false
	for i := start; i < end; {
		if open && src[mi][1] == i {
			marks[len(marks)-1][1] = b.Len()
			open = false
			mi++
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			pendingSpace = b.Len() > body
			i += size
			continue
		}
		if pendingSpace {
			b.WriteByte(' ')
			pendingSpace = false
		}
		if !open && mi < len(src) && src[mi][0] == i {
			marks = append(marks, [2]int{b.Len(), b.Len()})
			open = true
		}
		b.WriteString(text[i : i+size])
		i += size
	}
	if open {
		marks[len(marks)-1][1] = b.Len()
	}
	if end < len(text) {
		b.WriteString(ellipsis)
	}
	out := b.String()

	merged := marks[:0]
	for _, m := range marks {
		if n := len(merged); n > 0 && m[0] == merged[n-1][1]+1 && out[merged[n-1][1]] == ' ' {
			merged[n-1][1] = m[1]
			continue
		}
		merged = append(merged, m)
	}
	if len(merged) == 0 {
		merged = nil
	}
	return out, merged
}

// Highlight returns the snippet as HTML: text escaped, matched words
// wrapped in <mark>.
func (h Hit) Highlight() template.HTML {
	var b strings.Builder
	prev := 0
	for _, m := range h.Marks {
		if m[0] < prev || m[1] > len(h.Snippet) || m[0] > m[1] {
			continue // defensive: marks are produced ordered and in bounds
		}
		b.WriteString(template.HTMLEscapeString(h.Snippet[prev:m[0]]))
		b.WriteString("<mark>")
		b.WriteString(template.HTMLEscapeString(h.Snippet[m[0]:m[1]]))
		b.WriteString("</mark>")
		prev = m[1]
	}
	b.WriteString(template.HTMLEscapeString(h.Snippet[prev:]))
	return template.HTML(b.String())
}
