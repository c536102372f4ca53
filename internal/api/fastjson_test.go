package api

import (
	"encoding/json"
	"net/url"
	"slices"
	"testing"
)

func TestParseItems(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		ok   bool
	}{
		{`{"items":["0912345678","https://x.vn/a"]}`, []string{"0912345678", "https://x.vn/a"}, true},
		{" {\n \"items\" : [ \"a\" , \"\" ] } \n", []string{"a", ""}, true},
		{`{"items":[]}`, []string{}, true},
		{`{"items":["a\"b"]}`, nil, false},    // escapes go to encoding/json
		{`{"items":["a"],"x":1}`, nil, false}, // other keys too
		{`{"items":["a",]}`, nil, false},      // and anything malformed
		{`{"items":["a"]} x`, nil, false},     // trailing garbage
		{`{"items":["\xff"]}`, nil, false},    // invalid UTF-8
		{`{"items":[1]}`, nil, false},
		{`{"items":["a"`, nil, false},
	} {
		got, ok := parseItems([]byte(tc.in), nil)
		if ok != tc.ok || (ok && !slices.Equal(got, tc.want)) {
			t.Errorf("%q → %q %v, want %q %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// Whenever the fast reader accepts a document, encoding/json must read the
// same items from it.
func FuzzParseItems(f *testing.F) {
	for _, s := range []string{`{"items":["a","b"]}`, `{"items":[]}`, ` { "items" : [ "x" ] } `, `{"items":["\u00e0"]}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, ok := parseItems([]byte(in), nil)
		if !ok {
			return
		}
		var req struct {
			Items []string `json:"items"`
		}
		if err := json.Unmarshal([]byte(in), &req); err != nil {
			t.Fatalf("fast path accepted %q, encoding/json refused: %v", in, err)
		}
		if !slices.Equal(got, req.Items) && !(len(got) == 0 && len(req.Items) == 0) {
			t.Fatalf("%q: fast %q, encoding/json %q", in, got, req.Items)
		}
	})
}

func TestQueryParam_AgreesWithURLQuery(t *testing.T) {
	for _, raw := range []string{"q=0912345678", "a=1&q=%2B84%20912", "q=a+b&q=second", "x=1", "", "q=", "q=%zz", "%71=encoded-name", "q=%E1%BB%ABa&other=2", ";q=1"} {
		want := ""
		if v, err := url.ParseQuery(raw); err == nil || len(v["q"]) > 0 {
			want = v.Get("q")
		}
		if got := queryParam(raw, "q"); got != want {
			t.Errorf("%q: got %q, url.Query says %q", raw, got, want)
		}
	}
}
