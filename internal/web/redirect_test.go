package web

import "testing"

func TestLocalPath_KeepsRedirectsOnThisSite(t *testing.T) {
	cases := []struct {
		target string
		local  bool
	}{
		{"/", true},
		{"/to-giac", true},
		{"/quan-tri/don-vi?ngay=2024-06-30", true},
		{"/quan-tri/don-vi?q=giao%20duc", true},
		{"/tim-kiem?q=l%E1%BB%ABa+%C4%91%E1%BA%A3o", true},
		{"/cẩm-nang/mạo-danh", true},
		{"", false},
		{"evil.example", false},
		{"//evil.example", false},
		{"/\\evil.example", false},
		{"\\\\evil.example", false},
		{"/\t/evil.example", false},
		{"/\n/evil.example", false},
		{"/\r\n/evil.example", false},
		{"/ /evil.example", false},
		{"/\u00a0/evil.example", false},
		{"/\x00/evil.example", false},
		{"https://evil.example/", false},
		{"javascript:alert(1)", false},
		{"/%5Cevil.example", false},
		{"/%5cevil.example", false},
		{"/%2F/evil.example", false},
		{"/%2f%2fevil.example", false},
		{"/quan-tri/%2F%2F..%2F%2Fevil.example", false},
		{"/quan-tri/a%2Fb", false},
		{"/%09/evil.example", false},
		{"/%0d%0a/evil.example", false},
		{"/%252F%252Fevil.example", false},
		{"/%25252F%25252Fevil.example", false},
		{"/%zz", false},
		{"/a\\b", false},
	}
	for _, c := range cases {
		got := localPath(c.target, "FALLBACK")
		if c.local && got != c.target {
			t.Errorf("%q: refused (got %q), want kept", c.target, got)
		}
		if !c.local && got != "FALLBACK" {
			t.Errorf("%q: kept, want the fallback", c.target)
		}
	}
}
