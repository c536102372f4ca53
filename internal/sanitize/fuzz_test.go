package sanitize_test

import (
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/sanitize"
)

func FuzzHTML(f *testing.F) {
	for _, v := range xssVectors {
		f.Add(v.in)
	}
	f.Add(entry)
	f.Add(`<p>a<button><ul><li>b</ul></button><table><caption>c</caption><tr><td>d</table>`)
	f.Add("<pre>\n\n<code>\nx</code></pre><pre>\r\n</pre>")
	f.Add(`<h2>a<span><h3>b<span><h4>c</h4></span></h3></span></h2>`)
	f.Add(`<table><tr><td><a href="/x"><table><td><a href="/y">y</a></td></table></a></td></tr></table>`)
	f.Add(strings.Repeat("<div><b>", 300) + "a\x00b<script>x</script>&amp;\r" + strings.Repeat("</b></div>", 300))
	f.Fuzz(func(t *testing.T, in string) {
		out := sanitize.HTML(in)
		if bad := unsafe(out); bad != "" {
			t.Fatalf("HTML(%q) = %q contains %s", in, out, bad)
		}
		if again := sanitize.HTML(out); again != out {
			t.Fatalf("not idempotent for %q:\nHTML(x)       = %q\nHTML(HTML(x)) = %q", in, out, again)
		}
		if txt, again := sanitize.Text(in), sanitize.Text(out); txt != again {
			t.Fatalf("Text(%q) = %q but Text(HTML(x)) = %q", in, txt, again)
		}
	})
}
