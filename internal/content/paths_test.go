package content_test

import (
	"testing"

	"github.com/canhgiac/canhgiac/internal/content"
)

// Paths written in texts read as named links: nobody has to type "/to-giac".
func TestLinkPaths_NamesPortalPagesAsLinks(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Tố giác tại /to-giac: ghi số.", `Tố giác tại <a href="/to-giac">trang Tố giác</a>: ghi số.`},
		{"cổng Cảnh Giác, mục /to-giac. Xong", `cổng Cảnh Giác, mục <a href="/to-giac">Tố giác</a>. Xong`},
		{"Dán vào ô tra cứu /tra-cuu của cổng", `Dán vào ô <a href="/tra-cuu">tra cứu</a> của cổng`},
		{"/to-giac", `<a href="/to-giac">trang Tố giác</a>`},
		{"giữ nguyên /khong-biet và a/to-giac", "giữ nguyên /khong-biet và a/to-giac"},
		{"<b> & /to-giac/ABC", "&lt;b&gt; &amp; /to-giac/ABC"},
	} {
		if got := content.LinkPaths(tc.in); got != tc.want {
			t.Errorf("LinkPaths(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}
