package normalize

import (
	"slices"
	"strings"
	"testing"
)

// Test vectors published in the Safe Browsing v4 "URLs and hashing" guide.
func TestURLCanonicalisationSafeBrowsingVectors(t *testing.T) {
	cases := []struct{ in, want string }{
		{"http://host/%25%32%35", "http://host/%25"},
		{"http://host/%25%32%35%25%32%35", "http://host/%25%25"},
		{"http://host/%2525252525252525", "http://host/%25"},
		{"http://host/asdf%25%32%35asd", "http://host/asdf%25asd"},
		{"http://host/%%%25%32%35asd%%", "http://host/%25%25%25asd%25%25"},
		{"http://www.google.com/", "http://www.google.com/"},
		{"http://%31%36%38%2e%31%38%38%2e%39%39%2e%32%36/%2E%73%65%63%75%72%65/%77%77%77%2E%65%62%61%79%2E%63%6F%6D/", "http://168.188.99.26/.secure/www.ebay.com/"},
		{"http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/", "http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/"},
		{"http://host%23.com/%257Ea%2521b%2540c%2523d%2524e%25f%255E00%252611%252A22%252833%252944_55%252B", "http://host%23.com/~a!b@c%23d$e%25f^00&11*22(33)44_55+"},
		{"http://3279880203/blah", "http://195.127.0.11/blah"},
		{"http://www.google.com/blah/..", "http://www.google.com/"},
		{"www.google.com/", "http://www.google.com/"},
		{"www.google.com", "http://www.google.com/"},
		{"http://www.evil.com/blah#frag", "http://www.evil.com/blah"},
		{"http://www.GOOgle.com/", "http://www.google.com/"},
		{"http://www.google.com.../", "http://www.google.com/"},
		{"http://www.google.com/foo\tbar\rbaz\n2", "http://www.google.com/foobarbaz2"},
		{"http://www.google.com/q?", "http://www.google.com/q?"},
		{"http://www.google.com/q?r?", "http://www.google.com/q?r?"},
		{"http://www.google.com/q?r?s", "http://www.google.com/q?r?s"},
		{"http://evil.com/foo#bar#baz", "http://evil.com/foo"},
		{"http://evil.com/foo;", "http://evil.com/foo;"},
		{"http://evil.com/foo?bar;", "http://evil.com/foo?bar;"},
		{"http://\x01\x80.com/", "http://%01%80.com/"},
		{"http://notrailingslash.com", "http://notrailingslash.com/"},
		{"http://www.gotaport.com:1234/", "http://www.gotaport.com/"},
		{"  http://www.google.com/  ", "http://www.google.com/"},
		{"http:// leadingspace.com/", "http://%20leadingspace.com/"},
		{"http://%20leadingspace.com/", "http://%20leadingspace.com/"},
		{"%20leadingspace.com/", "http://%20leadingspace.com/"},
		{"https://www.securesite.com/", "https://www.securesite.com/"},
		{"http://host.com/ab%23cd", "http://host.com/ab%23cd"},
		{"http://host.com//twoslashes?more//slashes", "http://host.com/twoslashes?more//slashes"},
	}
	for _, c := range cases {
		r := URL(c.in)
		if r.Kind != KindURL || r.Normalized != c.want {
			t.Errorf("URL(%q) = %q (%s), want %q", c.in, r.Normalized, r.Reason, c.want)
		}
	}
}

func TestURLCanonicalisationOurDecisions(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"dot segments", "http://www.google.com/foo/./bar/../baz", "http://www.google.com/foo/baz"},
		{"dot-dot above root is dropped", "http://a.vn/../../x", "http://a.vn/x"},
		{"trailing slash kept", "http://a.vn/dir/", "http://a.vn/dir/"},
		{"scheme upper-case", "HTTPS://Evil.VN", "https://evil.vn/"},
		{"userinfo decoy dropped", "http://vietcombank.com.vn@evil.vn/login", "http://evil.vn/login"},
		{"default port dropped", "https://evil.vn:443/", "https://evil.vn/"},
		{"octal and hex IPv4", "http://0xC3.0177.0.013/", "http://195.127.0.11/"},
		{"two-part IPv4", "http://195.8323083/", "http://195.127.0.11/"},
		{"Vietnamese IDN to punycode", "http://bộcôngan.vn/", "http://xn--bcngan-jxa6332d.vn/"},
		{"upper-case IDN", "http://BỘCÔNGAN.VN/", "http://xn--bcngan-jxa6332d.vn/"},
		{"scheme-relative", "//evil.vn/a", "http://evil.vn/a"},
		{"encoded slash in host cannot re-parse", "http://a%2Fb.vn/", "http://a%2Fb.vn/"},
		{"encoded question mark in path stays in path", "http://a.vn/x%3Fy", "http://a.vn/x%3Fy"},
		{"IPv6 literal", "http://[2001:DB8::1]:8080/a", "http://[2001:db8::1]/a"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := URL(c.in)
			if r.Kind != KindURL || r.Normalized != c.want {
				t.Fatalf("URL(%q) = %q (%s), want %q", c.in, r.Normalized, r.Reason, c.want)
			}
			if again := URL(r.Normalized); again.Normalized != r.Normalized {
				t.Fatalf("not idempotent: %q -> %q", r.Normalized, again.Normalized)
			}
		})
	}
}

func TestURLRejects(t *testing.T) {
	for _, in := range []string{"", "   ", "javascript:alert(1)//x", "ftp://files.vn/", "http:///path", "http://.../"} {
		r := URL(in)
		if r.Kind != KindInvalid || r.Reason == "" {
			t.Errorf("URL(%q) = %+v, want invalid with reason", in, r)
		}
	}
}

func TestURLExpressionsSpecExample(t *testing.T) {
	r := URL("http://a.b.c/1/2.html?param=1")
	want := []string{
		"a.b.c/1/2.html?param=1", "a.b.c/1/2.html", "a.b.c/", "a.b.c/1/",
		"b.c/1/2.html?param=1", "b.c/1/2.html", "b.c/", "b.c/1/",
	}
	if !slices.Equal(r.Expressions, want) {
		t.Fatalf("expressions = %q\nwant %q", r.Expressions, want)
	}
}

func TestURLExpressionsLimits(t *testing.T) {
	r := URL("http://a.b.c.d.e.f.g/1.html")
	wantHosts := []string{"a.b.c.d.e.f.g", "c.d.e.f.g", "d.e.f.g", "e.f.g", "f.g"}
	var hosts []string
	for _, e := range r.Expressions {
		h, _, _ := strings.Cut(e, "/")
		if !slices.Contains(hosts, h) {
			hosts = append(hosts, h)
		}
	}
	if !slices.Equal(hosts, wantHosts) {
		t.Fatalf("hosts = %q, want %q", hosts, wantHosts)
	}
	r = URL("http://1.2.3.4/1/")
	if want := []string{"1.2.3.4/1/", "1.2.3.4/"}; !slices.Equal(r.Expressions, want) {
		t.Fatalf("IP expressions = %q, want %q", r.Expressions, want)
	}
	r = URL("http://a.x.vn/a/b/c/d/e/f.html?q")
	if len(r.Expressions) != 2*6 {
		t.Fatalf("want 2 hosts × 6 paths, got %q", r.Expressions)
	}
}

func TestURLDomainIsRegistrable(t *testing.T) {
	cases := map[string]string{
		"http://a.b.example.vn/x":   "example.vn",
		"https://shop.evil.com.vn/": "evil.com.vn",
		"http://1.2.3.4/":           "",
	}
	for in, want := range cases {
		r := URL(in)
		if r.Domain != want {
			t.Errorf("URL(%q).Domain = %q, want %q", in, r.Domain, want)
		}
	}
}

func FuzzURL(f *testing.F) {
	for _, s := range []string{"http://host/%25%32%35", "http://3279880203/blah", "http://\x01\x80.com/", "bộcôngan.vn/a/../b?c#d", "http://[::1]:80/", "%20x.vn", "http://a@b@c/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		r := URL(in)
		if r.Kind == KindInvalid {
			if r.Reason == "" {
				t.Fatalf("invalid without reason for %q", in)
			}
			return
		}
		again := URL(r.Normalized)
		if again.Normalized != r.Normalized {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, r.Normalized, again.Normalized)
		}
		if len(r.Expressions) == 0 || len(r.Expressions) > 30 {
			t.Fatalf("bad expression count %d for %q", len(r.Expressions), in)
		}
	})
}

func BenchmarkURL(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkResult = URL("HTTP://Login.Vietcombank-Secure.com.vn:8080/a/./b/../c/index.php?acc=%2531#frag")
	}
}
