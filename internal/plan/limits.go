package plan

import (
	"fmt"

	"github.com/canhgiac/canhgiac/internal/errs"
)

// Lengths an editor may type, in characters. A longer field is refused by
// name, never cut: a plan is an official text.
const (
	maxTitleRunes = 500    // trích yếu
	maxTextRunes  = 20_000 // a section's text, a duty, the budget
	maxLineRunes  = 1000   // a basis, a theme, a recipient, a signer's line
)

// contentLengths checks every text of a plan's body.
func contentLengths(v *errs.Invalid, c Content) {
	for i, s := range c.Sections {
		v.MaxLen("content", fmt.Sprintf("Tiêu đề mục %d", i+1), s.Heading, maxLineRunes).MaxLen("content", fmt.Sprintf("Nội dung mục %d", i+1), s.Text, maxTextRunes)
	}
	for i, b := range c.Basis {
		v.MaxLen("basis", fmt.Sprintf("Căn cứ %d", i+1), b.Text, maxLineRunes).MaxLen("basis", fmt.Sprintf("Số hiệu căn cứ %d", i+1), b.Number, 100).
			MaxLen("basis", fmt.Sprintf("Cơ quan ban hành căn cứ %d", i+1), b.Issuer, 300)
	}
	for _, l := range []struct {
		field, label string
		xs           []string
	}{{"themes", "Một chủ đề", c.Themes}, {"channels", "Một kênh tuyên truyền", c.Channels}, {"recipients", "Một dòng nơi nhận", c.Recipients}} {
		for _, x := range l.xs {
			v.MaxLen(l.field, l.label, x, maxLineRunes)
		}
	}
	v.MaxLen("budget", "Kinh phí", c.Budget, maxTextRunes).
		MaxLen("signer", "Thẩm quyền ký", c.Signer.Authority, 300).MaxLen("signer", "Chức vụ người ký", c.Signer.Title, 300).
		MaxLen("signer", "Họ tên người ký", c.Signer.Name, 200)
	for i, ph := range c.Phases {
		v.MaxLen("phases", fmt.Sprintf("Giai đoạn %d", i+1), ph.Name, maxLineRunes)
	}
}
