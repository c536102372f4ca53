package vn

import (
	"bytes"
	"slices"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Collator orders strings the way a Vietnamese dictionary or name list does:
// a < ă < â < b < … < d < đ < … < o < ô < ơ < … < u < ư < …, with tone marks
// only breaking ties between otherwise equal words. Plain byte order gets
// this badly wrong (it puts "Đức" after "Zô" and "Ăn" after "Yến").
//
// A Collator is safe for concurrent use. The underlying x/text
// collate.Collator keeps per-call scratch state and is not, so every use is
// serialised by a mutex; a package-level Collator can therefore be shared
// freely. Callers sorting large slices on hot paths in parallel may prefer
// one Collator per goroutine to avoid contention.
type Collator struct {
	mu sync.Mutex
	c  *collate.Collator
}

// NewCollator returns a Collator using the CLDR Vietnamese tailoring.
func NewCollator() *Collator {
	return &Collator{c: collate.New(language.Vietnamese)}
}

// Compare returns -1, 0 or +1 as a sorts before, equal to, or after b in
// Vietnamese order. NFC and NFD spellings of the same text compare equal.
func (c *Collator) Compare(a, b string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.c.CompareString(a, b)
}

// SortStrings sorts xs in place in Vietnamese order. The sort is stable, so
// strings that collate equal (e.g. NFC vs NFD spellings) keep their order.
func (c *Collator) SortStrings(xs []string) {
	SortBy(c, xs, func(s string) string { return s })
}

// SortBy sorts xs in place, stably, in Vietnamese order of key(x).
//
// It computes each element's collation key once and sorts by byte
// comparison of the keys, which is much cheaper than calling Compare
// O(n log n) times. key is called exactly once per element and outside the
// Collator's lock, so it may itself use c.
func SortBy[T any](c *Collator, xs []T, key func(T) string) {
	if len(xs) < 2 {
		return
	}
	strs := make([]string, len(xs))
	for i, x := range xs {
		strs[i] = key(x)
	}

	keys := make([][]byte, len(xs))
	var buf collate.Buffer // keys point into buf; valid until buf.Reset
	c.mu.Lock()
	for i, s := range strs {
		keys[i] = c.c.KeyFromString(&buf, s)
	}
	c.mu.Unlock()

	// Sort a permutation rather than xs directly so keys and elements
	// cannot get out of step, then apply it.
	perm := make([]int, len(xs))
	for i := range perm {
		perm[i] = i
	}
	slices.SortStableFunc(perm, func(i, j int) int {
		return bytes.Compare(keys[i], keys[j])
	})
	sorted := make([]T, len(xs))
	for i, p := range perm {
		sorted[i] = xs[p]
	}
	copy(xs, sorted)
}
