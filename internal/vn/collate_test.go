package vn_test

import (
	"slices"
	"sync"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/canhgiac/canhgiac/internal/vn"
)

var vietnameseOrder = []string{"Anh", "Ăn", "Ân", "Dũng", "Đức", "Ô", "Ơn", "Ý", "Yến"}

func shuffled() []string {
	// A fixed permutation keeps failures reproducible; reversed plus a
	// swap avoids any accidental near-sorted input.
	xs := slices.Clone(vietnameseOrder)
	slices.Reverse(xs)
	xs[0], xs[4] = xs[4], xs[0]
	return xs
}

func TestCollatorSortStringsVietnameseAlphabet(t *testing.T) {
	xs := shuffled()
	vn.NewCollator().SortStrings(xs)
	if !slices.Equal(xs, vietnameseOrder) {
		t.Errorf("SortStrings = %q, want %q", xs, vietnameseOrder)
	}
}

func TestCollatorCompare(t *testing.T) {
	c := vn.NewCollator()
	tests := []struct {
		name string
		a, b string
		want int
	}{
		{"a before ă", "Anh", "Ăn", -1},
		{"ă before â", "Ăn", "Ân", -1},
		{"d before đ", "Dũng", "Đức", -1},
		{"đ before e", "Đức", "Em", -1},
		{"ô before ơ", "Ô", "Ơn", -1},
		{"ơ before p", "Ơn", "Phúc", -1},
		{"u before ư", "Uyên", "Ưng", -1},
		{"shorter prefix first", "Ý", "Yến", -1},
		{"reverse order", "Đức", "Dũng", 1},
		{"equal", "Nguyễn", "Nguyễn", 0},
		{"NFC equals NFD", "Nguyễn", norm.NFD.String("Nguyễn"), 0},
		{"empty before anything", "", "a", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Compare(tt.a, tt.b); got != tt.want {
				t.Errorf("Compare(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestSortByKeyIsStable(t *testing.T) {
	type person struct {
		name string
		id   int
	}
	xs := []person{{"Đức", 1}, {"Anh", 2}, {"Đức", 3}, {"Ơn", 4}, {"Anh", 5}, {"Ăn", 6}}
	vn.SortBy(vn.NewCollator(), xs, func(p person) string { return p.name })
	var ids []int
	for _, p := range xs {
		ids = append(ids, p.id)
	}
	want := []int{2, 5, 6, 1, 3, 4}
	if !slices.Equal(ids, want) {
		t.Errorf("SortBy ids = %v, want %v", ids, want)
	}
}

func TestSortByEmptyAndSingle(t *testing.T) {
	c := vn.NewCollator()
	var empty []string
	vn.SortBy(c, empty, func(s string) string { return s })
	one := []string{"Đ"}
	c.SortStrings(one)
	if one[0] != "Đ" {
		t.Errorf("single element changed: %q", one)
	}
}

func TestCollatorConcurrentUse(t *testing.T) {
	// Run with -race: the Collator documents that it may be shared.
	c := vn.NewCollator()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				xs := shuffled()
				c.SortStrings(xs)
				if !slices.Equal(xs, vietnameseOrder) {
					t.Errorf("concurrent SortStrings = %q", xs)
					return
				}
				if c.Compare("Dũng", "Đức") != -1 {
					t.Error("concurrent Compare wrong")
					return
				}
			}
		})
	}
	wg.Wait()
}
