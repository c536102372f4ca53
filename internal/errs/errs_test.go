package errs_test

import (
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/errs"
)

func TestMaxLen_NamesTheFieldAndCountsCharactersNotBytes(t *testing.T) {
	cases := []struct {
		text string
		max  int
		want string
	}{
		{strings.Repeat("đ", 500), 500, ""}, // 1,000 bytes, 500 characters
		{strings.Repeat("x", 501), 500, "Tiêu đề dài quá 500 ký tự (đang có 501); hãy rút gọn."},
		{strings.Repeat("x", 900_000), 5000, "Tiêu đề dài quá 5.000 ký tự (đang có 900.000); hãy rút gọn."},
	}
	for _, c := range cases {
		got := errs.FieldsOf(errs.NewInvalid().MaxLen("title", "Tiêu đề", c.text, c.max).Err())["title"]
		if got != c.want {
			t.Errorf("%d characters, max %d: %q, want %q", len([]rune(c.text)), c.max, got, c.want)
		}
	}
}
