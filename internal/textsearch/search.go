package textsearch

import (
	"math"
	"math/bits"
	"sort"
	"strings"
	"unicode"
)

// Hit is one search result. Snippet is a short excerpt of the document's
// best-matching field with its original diacritics; Marks are byte ranges
// [start, end) into Snippet of the matched words, in order and never
// overlapping, for the caller to wrap in <mark> (see Highlight).
type Hit struct {
	ID      string
	Score   float64
	Snippet string
	Marks   [][2]int
}

// Scoring constants. bm25K1 and bm25B are the usual BM25 k1 and b. The
// boosts are relative to a plain folded match of the same word counting 1.
const (
	bm25K1 = 1.2
	bm25B  = 0.75

	// exactBoost adds this share of a word's score again for occurrences
	// whose diacritics equal the query's, so "bạc" prefers "đánh bạc" to
	// "bác sĩ". Queries typed without diacritics get no boost.
	exactBoost = 1.0
	// phraseBoost weighs a pair of query words found next to each other,
	// in query order, against a single word.
	phraseBoost = 2.0
	// prefixWeight discounts a word that only starts with the last query
	// word ("ca" → "cảnh"), below a whole-word match.
	prefixWeight = 0.5

	maxQueryTerms  = 32 // distinct words; the rest of a longer query is ignored
	maxQueryTokens = 64
	maxPrefixTerms = 64 // expansions of the last query word
)

// qterm is one distinct query word.
type qterm struct {
	fold, exact string
	marked      bool  // typed with diacritics: exact differs from fold
	id          int32 // term id, or -1 if no document has the word
	exactID     int32 // exact form id, or -1 if no document has it
	prefix      []int32
	prefixSet   map[int32]bool
}

type query struct {
	terms []qterm
	seq   []int // query word order, as indexes into terms
}

// parseQuery tokenises q like a document. The last word is also matched as
// a prefix unless q ends in a space or punctuation, i.e. the user has
// finished typing it. Called under RLock.
func (ix *Index) parseQuery(q string) query {
	qn := normalizeText(q)
	spans := tokenize(qn)
	// Only a word the user may still be typing is matched as a prefix.
	typing := len(spans) > 0 && spans[len(spans)-1].end == len(qn)
	if len(spans) > maxQueryTokens {
		spans, typing = spans[:maxQueryTokens], false
	}
	var qu query
	byFold := map[string]int{}
	for _, sp := range spans {
		i, ok := byFold[sp.fold]
		if !ok {
			if len(qu.terms) == maxQueryTerms {
				typing = false
				break
			}
			i = len(qu.terms)
			byFold[sp.fold] = i
			qu.terms = append(qu.terms, qterm{fold: sp.fold})
		}
		// Keep the diacritics of whichever occurrence has them.
		if qt := &qu.terms[i]; !qt.marked {
			qt.exact, qt.marked = sp.exact, sp.exact != sp.fold
		}
		qu.seq = append(qu.seq, i)
	}
	for i := range qu.terms {
		qt := &qu.terms[i]
		qt.id, qt.exactID = -1, -1
		if id, ok := ix.termID[qt.fold]; ok {
			qt.id = id
		}
		if id, ok := ix.exactID[qt.exact]; ok {
			qt.exactID = id
		}
	}
	if typing {
		last := &qu.terms[qu.seq[len(qu.seq)-1]]
		last.prefix = ix.withPrefix(last.fold, maxPrefixTerms)
		if len(last.prefix) > 0 {
			last.prefixSet = make(map[int32]bool, len(last.prefix))
			for _, id := range last.prefix {
				last.prefixSet[id] = true
			}
		}
	}
	return qu
}

// anyKnown reports whether some query word occurs in the index, whole or
// as a prefix.
func (qu query) anyKnown() bool {
	for _, qt := range qu.terms {
		if qt.id >= 0 || len(qt.prefix) > 0 {
			return true
		}
	}
	return false
}

// Search returns up to limit documents matching q, best first; limit <= 0
// means all. Documents match when they contain at least one query word;
// those containing more of them rank higher. Equal scores keep the order
// in which documents were added.
func (ix *Index) Search(q string, limit int) []Hit {
	ix.prepare()
	ix.mu.RLock()
	defer ix.mu.RUnlock()

	qu := ix.parseQuery(q)
	if !qu.anyKnown() || ix.live == 0 {
		return nil
	}
	s := newScorer(ix)
	for i := range qu.terms {
		qt := &qu.terms[i]
		if qt.id >= 0 {
			s.collect([]int32{qt.id}, qt, false)
			s.flush(i, 1)
		}
		if len(qt.prefix) > 0 {
			s.collect(qt.prefix, qt, true)
			s.flush(i, prefixWeight)
		}
	}
	s.addPhrases(qu)
	for _, d := range s.touched {
		s.score[d] *= float64(bits.OnesCount32(s.matched[d])) / float64(len(qu.terms))
	}

	order := s.touched
	sort.Slice(order, func(i, j int) bool {
		si, sj := s.score[order[i]], s.score[order[j]]
		if si != sj {
			return si > sj
		}
		return order[i] < order[j]
	})
	if limit > 0 && len(order) > limit {
		order = order[:limit]
	}
	hits := make([]Hit, len(order))
	for i, d := range order {
		text, marks := ix.snippet(d, qu)
		hits[i] = Hit{ID: ix.docs[d].id, Score: s.score[d], Snippet: text, Marks: marks}
	}
	return hits
}

// scorer holds the per-search accumulators, indexed by document.
type scorer struct {
	ix      *Index
	avg     float64 // mean weighted document length
	score   []float64
	matched []uint32 // bit i set: query word i occurs
	touched []int32  // documents with a score

	// Scratch frequencies of the word being scored.
	tf, exact []float64
	docs      []int32
}

func newScorer(ix *Index) *scorer {
	n := len(ix.docs)
	avg := ix.totalLen / float64(ix.live)
	if avg <= 0 {
		avg = 1
	}
	return &scorer{
		ix: ix, avg: avg,
		score: make([]float64, n), matched: make([]uint32, n),
		tf: make([]float64, n), exact: make([]float64, n),
	}
}

// bm25 is the saturated, length-normalised weight of frequency tf.
func (s *scorer) bm25(tf, idf float64, d int32) float64 {
	if tf <= 0 {
		return 0
	}
	return idf * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*s.ix.docs[d].wlen/s.avg))
}

// idf is the BM25 inverse document frequency of a word found in df live
// documents.
func (s *scorer) idf(df int) float64 {
	n := float64(s.ix.live)
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// note adds weighted frequencies for document d to the scratch space.
func (s *scorer) note(d int32, tf, exact float64) {
	if s.tf[d] == 0 && s.exact[d] == 0 {
		s.docs = append(s.docs, d)
	}
	s.tf[d] += tf
	s.exact[d] += exact
}

// collect sums the weighted frequencies of the given terms per live
// document into the scratch space. Occurrences whose diacritics match the
// query word (equal, or starting with it for prefix expansions) are counted
// again in exact, but only if the query word was typed with diacritics.
func (s *scorer) collect(ids []int32, qt *qterm, prefix bool) {
	ix := s.ix
	for _, id := range ids {
		for _, p := range ix.terms[id].postings {
			d := &ix.docs[p.doc]
			if d.dead {
				continue
			}
			f := &d.fields[p.field]
			var exact float64
			if qt.marked {
				for _, pos := range p.pos {
					e := f.toks[pos].exact
					if e == qt.exactID || (prefix && strings.HasPrefix(ix.exacts[e], qt.exact)) {
						exact += f.weight
					}
				}
			}
			s.note(p.doc, f.weight*float64(len(p.pos)), exact)
		}
	}
}

// flush scores the scratch frequencies as query word qi, scaled by weight,
// and clears the scratch space.
func (s *scorer) flush(qi int, weight float64) {
	s.flushAs(weight, func(d int32) { s.matched[d] |= 1 << qi })
}

func (s *scorer) flushAs(weight float64, mark func(d int32)) {
	idf := s.idf(len(s.docs))
	for _, d := range s.docs {
		if s.score[d] == 0 && s.matched[d] == 0 {
			s.touched = append(s.touched, d)
		}
		s.score[d] += weight * (s.bm25(s.tf[d], idf, d) + exactBoost*s.bm25(s.exact[d], idf, d))
		if mark != nil {
			mark(d)
		}
		s.tf[d], s.exact[d] = 0, 0
	}
	s.docs = s.docs[:0]
}

// addPhrases rewards consecutive query words that stand next to each other
// in a document, separated only by white space. Each such pair is scored
// like one more word (BM25 over the pair's own frequency), because a
// Vietnamese word is several syllables and the pair means more than its
// parts: "lừa đảo" (scam) versus "đảo" (island) on its own.
func (s *scorer) addPhrases(qu query) {
	done := map[[2]int]bool{}
	for k := 0; k+1 < len(qu.seq); k++ {
		ai, bi := qu.seq[k], qu.seq[k+1]
		if done[[2]int{ai, bi}] || qu.terms[ai].id < 0 {
			continue
		}
		done[[2]int{ai, bi}] = true
		both := uint32(1)<<ai | uint32(1)<<bi
		for _, d := range s.touched {
			if s.matched[d]&both == both {
				s.pair(d, &qu.terms[ai], &qu.terms[bi])
			}
		}
		s.flushAs(phraseBoost, nil)
	}
}

// pair notes, weighted by field, where word a is directly followed by word
// b (or a word b is a prefix of) in document d. Occurrences agree on
// diacritics when every word of the pair typed with them matches exactly.
func (s *scorer) pair(d int32, a, b *qterm) {
	ix := s.ix
	for _, p := range ix.postingsOf(a.id, d) {
		f := &ix.docs[d].fields[p.field]
		for _, pos := range p.pos {
			if !f.toks[pos].joined {
				continue
			}
			nt := f.toks[pos+1]
			w := f.weight
			isPrefix := nt.term != b.id
			if isPrefix {
				if !b.prefixSet[nt.term] {
					continue
				}
				w *= prefixWeight
			}
			var exact float64
			exactA := !a.marked || f.toks[pos].exact == a.exactID
			exactB := !b.marked || nt.exact == b.exactID || (isPrefix && strings.HasPrefix(ix.exacts[nt.exact], b.exact))
			if (a.marked || b.marked) && exactA && exactB {
				exact = w
			}
			s.note(d, w, exact)
		}
	}
}

func onlySpace(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}
