package content_test

import (
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/content"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// An item of a handbook entry's lists, or a short field of a warning, that
// is longer than anyone writes is refused by name, and nothing is saved.
func TestSave_OverlongListItemOrShortFieldRefusedByName(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	_, _, err := e.content.Save(e.sys, content.Input{Kind: content.KindTactic, UnitCode: "cao-bang-ca", Title: "Giả danh", Summary: "Tóm tắt.",
		Fields: content.Fields{Category: "fraud", Signs: []string{strings.Repeat("dấu hiệu ", 300)}, Protect: []string{"Gọi lại số chính thức."}, Tactic: strings.Repeat("x", 501)}})
	f := errs.FieldsOf(err)
	if !strings.Contains(f["signs"], "Một dấu hiệu nhận biết dài quá 2.000 ký tự") || !strings.Contains(f["tactic"], "Thủ đoạn dài quá 500 ký tự") {
		t.Fatalf("fields %v, want the sign and the tactic refused for their length", f)
	}
}

func TestSaveQuiz_OverlongQuestionRefusedByName(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	_, err := e.content.SaveQuiz(e.sys, content.QuizInput{Slug: "thu", Title: "Thử", UnitCode: "cao-bang-ca",
		Questions: []content.Question{{Text: strings.Repeat("câu hỏi ", 200), Choices: []string{"A", "B"}}}})
	if got := errs.FieldsOf(err)["questions.0"]; !strings.Contains(got, "Câu 1 dài quá 1.000 ký tự") {
		t.Fatalf("%q, want the question refused for its length", got)
	}
}
