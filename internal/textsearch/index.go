// Package textsearch is the in-memory full-text index behind the portal's
// search box: a few thousand published documents (handbook entries,
// warnings, articles, legal documents), rebuilt whenever something is
// published.
//
// Matching ignores Vietnamese diacritics and case, so "lua dao" and
// "LỪA ĐẢO" both find "lừa đảo"; ranking still prefers documents whose
// words carry the same diacritics as the query, rewards query words that
// appear next to each other (Vietnamese words are several one-syllable
// tokens), and lets the last query word match as a prefix while the user
// is still typing. Hits carry a snippet with the original diacritics and
// byte ranges of the matched words.
//
// The package owns only the index; it does not load documents, know what
// they are, or render HTML beyond escaping a snippet.
//
// # Concurrency
//
// Search is safe for concurrent use. The intended way to rebuild is to
// build a fresh index off to the side with New and Add, then swap it in
// (e.g. through an atomic.Pointer[textsearch.Index]) so searches never wait
// on a rebuild. Add is nevertheless guarded by a lock, so calling it while
// searches run is race-free, just slower.
package textsearch

import (
	"sort"
	"strings"
	"sync"
)

// Doc is one searchable document. Fields are scored separately by weight;
// a title typically gets 3 and a body 1.
type Doc struct {
	ID     string
	Fields []Field
}

// Field is one part of a document. Weight multiplies how much a match in
// this field counts; a field with Weight <= 0 is stored for snippets but
// never matches.
type Field struct {
	Text   string
	Weight float64
}

// Index is an inverted index over folded tokens. The zero value is not
// usable; call New.
type Index struct {
	mu sync.RWMutex

	docs []doc
	byID map[string]int // live document index by ID

	termID  map[string]int32 // folded token → id
	terms   []term           // by id
	exacts  []string         // exact forms by id
	exactID map[string]int32 // exact form → id
	words   map[string]word  // cache of keys by token as written

	live     int     // documents not replaced
	totalLen float64 // sum of weighted lengths of live documents

	// sorted lists folded terms in order for prefix lookups. It is rebuilt
	// lazily by the first search after an Add.
	sorted      []int32
	sortedStale bool
}

type doc struct {
	id     string
	fields []field
	wlen   float64 // Σ weight × token count
	dead   bool    // replaced by a later Add with the same ID
}

type field struct {
	text   string // NFC
	weight float64
	toks   []tok
}

type tok struct {
	start, end int32
	term       int32 // id of the folded form
	exact      int32 // index into Index.exacts
	// joined: only white space separates this token from the next, so
	// the two may be one multi-syllable word.
	joined bool
}

// word is the keys of one token as written, cached because a corpus uses
// the same few thousand syllables over and over.
type word struct{ term, exact int32 }

type term struct {
	fold     string
	df       int   // documents containing the term
	lastDoc  int32 // the last document counted in df
	postings []posting
}

// A posting lists where a term occurs in one field of one document.
// Postings of a term are ordered by document, because documents are only
// ever appended.
type posting struct {
	doc, field int32
	pos        []int32 // token positions in the field
}

// New returns an empty index.
func New() *Index {
	return &Index{
		byID:    map[string]int{},
		termID:  map[string]int32{},
		exactID: map[string]int32{},
		words:   map[string]word{},
	}
}

// Len reports how many documents the index holds.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.live
}

// Add indexes d. Adding a Doc whose ID is already present replaces the
// earlier one.
func (ix *Index) Add(d Doc) {
	ix.mu.Lock()
	defer ix.mu.Unlock()

	if old, ok := ix.byID[d.ID]; ok {
		ix.docs[old].dead = true
		ix.live--
		ix.totalLen -= ix.docs[old].wlen
	}
	di := int32(len(ix.docs))
	nd := doc{id: d.ID, fields: make([]field, len(d.Fields))}
	for fi, f := range d.Fields {
		text := normalizeText(f.Text)
		bounds := wordBounds(text)
		fd := field{text: text, weight: f.Weight, toks: make([]tok, 0, len(bounds))}
		for _, bd := range bounds {
			w, ok := ix.lookup(text[bd[0]:bd[1]])
			if !ok {
				continue
			}
			fd.toks = append(fd.toks, tok{start: int32(bd[0]), end: int32(bd[1]), term: w.term, exact: w.exact})
		}
		for pi := range fd.toks {
			if pi+1 < len(fd.toks) {
				fd.toks[pi].joined = onlySpace(text[fd.toks[pi].end:fd.toks[pi+1].start])
			}
			id := fd.toks[pi].term
			if f.Weight <= 0 {
				continue
			}
			t := &ix.terms[id]
			if n := len(t.postings); n > 0 && t.postings[n-1].doc == di && t.postings[n-1].field == int32(fi) {
				t.postings[n-1].pos = append(t.postings[n-1].pos, int32(pi))
			} else {
				t.postings = append(t.postings, posting{doc: di, field: int32(fi), pos: []int32{int32(pi)}})
			}
			if t.df == 0 || t.lastDoc != di {
				t.lastDoc = di
				t.df++
			}
		}
		if f.Weight > 0 {
			nd.wlen += f.Weight * float64(len(fd.toks))
		}
		nd.fields[fi] = fd
	}
	ix.docs = append(ix.docs, nd)
	ix.byID[d.ID] = int(di)
	ix.live++
	ix.totalLen += nd.wlen
}

// lookup returns the keys of token w, interning new ones; ok is false for
// a token that folds to nothing (a lone combining mark).
func (ix *Index) lookup(w string) (word, bool) {
	if k, ok := ix.words[w]; ok {
		return k, k.term >= 0
	}
	fold, exact := keys(w)
	k := word{term: -1}
	if fold != "" {
		id, ok := ix.exactID[exact]
		if !ok {
			id = int32(len(ix.exacts))
			ix.exactID[exact] = id
			ix.exacts = append(ix.exacts, exact)
		}
		k = word{term: ix.intern(fold), exact: id}
	}
	ix.words[w] = k
	return k, k.term >= 0
}

func (ix *Index) intern(fold string) int32 {
	if id, ok := ix.termID[fold]; ok {
		return id
	}
	id := int32(len(ix.terms))
	ix.termID[fold] = id
	ix.terms = append(ix.terms, term{fold: fold})
	ix.sortedStale = true
	return id
}

// prepare rebuilds the sorted term list if Add has run since the last
// search. It takes the write lock only when there is work to do.
func (ix *Index) prepare() {
	ix.mu.RLock()
	stale := ix.sortedStale
	ix.mu.RUnlock()
	if !stale {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.sortedStale {
		return
	}
	ids := make([]int32, len(ix.terms))
	for i := range ids {
		ids[i] = int32(i)
	}
	sort.Slice(ids, func(a, b int) bool { return ix.terms[ids[a]].fold < ix.terms[ids[b]].fold })
	ix.sorted = ids
	ix.sortedStale = false
}

// withPrefix returns the ids of terms that start with p, other than p
// itself, at most max of them, most widespread first. Called under RLock.
func (ix *Index) withPrefix(p string, max int) []int32 {
	lo := sort.Search(len(ix.sorted), func(i int) bool { return ix.terms[ix.sorted[i]].fold >= p })
	var ids []int32
	for i := lo; i < len(ix.sorted); i++ {
		t := &ix.terms[ix.sorted[i]]
		if !strings.HasPrefix(t.fold, p) {
			break
		}
		if t.fold != p && t.df > 0 {
			ids = append(ids, ix.sorted[i])
		}
	}
	if len(ids) > max {
		sort.SliceStable(ids, func(a, b int) bool { return ix.terms[ids[a]].df > ix.terms[ids[b]].df })
		ids = ids[:max]
	}
	return ids
}

// postingsOf returns the postings of term id in document d. Called under
// RLock.
func (ix *Index) postingsOf(id, d int32) []posting {
	ps := ix.terms[id].postings
	lo := sort.Search(len(ps), func(i int) bool { return ps[i].doc >= d })
	hi := lo
	for hi < len(ps) && ps[hi].doc == d {
		hi++
	}
	return ps[lo:hi]
}
