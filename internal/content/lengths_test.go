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
