package sms_test

import (
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/sms"
)

// FuzzSplit checks that any text splits into parts that each decode on
// their own, re-join to the text, and fit their limit.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"",
		"Cảnh báo: Đừng chuyển tiền!",
		strings.Repeat("a", 152) + "€x",
		strings.Repeat("ạ", 66) + "😀",
		strings.Repeat("😀", 67),
		"a\xff\x1b\f€",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		info := sms.Analyze(text)
		enc, parts := sms.Split(text)
		if enc != info.Encoding || len(parts) != info.Parts {
			t.Fatalf("Split = %v in %d parts, Analyze = %v in %d", enc, len(parts), info.Encoding, info.Parts)
		}
		total := 0
		for i, p := range parts {
			n := unitsOf(enc, p)
			total += n
			if n == 0 || n > info.PerPart {
				t.Errorf("part %d has %d units, limit %d", i+1, n, info.PerPart)
			}
			if enc == sms.UCS2 && len(p)%2 != 0 {
				t.Errorf("UCS-2 part %d has odd length %d", i+1, len(p))
			}
		}
		if total != info.Units {
			t.Errorf("parts hold %d units, Analyze says %d", total, info.Units)
		}
		got, err := decode(enc, parts) // fails on a split escape or surrogate pair
		if err != nil {
			t.Fatal(err)
		}
		// Split sends each invalid UTF-8 byte as U+FFFD, as []rune does.
		if want := string([]rune(text)); got != want {
			t.Errorf("parts re-join to %q, want %q", got, want)
		}
	})
}
