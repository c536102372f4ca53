package textsearch_test

import (
	"testing"
	"unicode/utf8"

	"github.com/canhgiac/canhgiac/internal/textsearch"
)

func FuzzSearch(f *testing.F) {
	f.Add("Giả danh nhân viên ngân hàng", "Kẻ gian yêu cầu cung cấp mã OTP để lừa đảo.", "lua dao")
	f.Add("Cảnh giác", "cảnh  giác\n\nvới   lừa đảo", "CẢNH gi")
	f.Add("", "", "")
	f.Add("\xff\xfe", "a\u0301\u0301 b", "\u0301a")
	f.Add("ệệệệệệệệ", "x", "ệ")
	f.Add("Đ\u00d0đ", "dđD", "Đ")
	f.Fuzz(func(t *testing.T, title, body, q string) {
		ix := textsearch.New()
		ix.Add(textsearch.Doc{ID: "1", Fields: []textsearch.Field{{Text: title, Weight: 3}, {Text: body, Weight: 1}}})
		ix.Add(textsearch.Doc{ID: "2", Fields: []textsearch.Field{{Text: body + " " + title, Weight: 1}}})
		ix.Add(textsearch.Doc{ID: "3", Fields: []textsearch.Field{{Text: q, Weight: 1}}})

		hits := ix.Search(q, 0)
		if textsearch.Normalize(q) == "" && len(hits) > 0 {
			t.Fatalf("Search(%q) with empty Normalize returned %d hits", q, len(hits))
		}
		if textsearch.Normalize(q) != "" && len(hits) == 0 {
			t.Fatalf("Search(%q) found nothing, not even the doc that is the query", q)
		}
		for _, h := range hits {
			if !utf8.ValidString(h.Snippet) {
				t.Fatalf("snippet %q is not valid UTF-8", h.Snippet)
			}
			prev := 0
			for _, m := range h.Marks {
				if m[0] < prev || m[0] >= m[1] || m[1] > len(h.Snippet) {
					t.Fatalf("mark %v out of order or bounds of snippet %q (len %d)", m, h.Snippet, len(h.Snippet))
				}
				if !utf8.RuneStart(h.Snippet[m[0]]) || (m[1] < len(h.Snippet) && !utf8.RuneStart(h.Snippet[m[1]])) {
					t.Fatalf("mark %v splits a rune in %q", m, h.Snippet)
				}
				prev = m[1]
			}
			_ = h.Highlight()
		}
	})
}
