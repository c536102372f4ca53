package report_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/content"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/report"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// A reason for returning a report or a piece of content is refused by name
// when it is longer than anyone writes, before anything is looked at.
func TestReturn_OverlongReasonRefusedByName(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	clk := clock.NewFixed(time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC))
	o := org.NewService(db, clk)
	a := activity.NewService(db, clk, o)
	r := report.NewService(db, clk, o, a, plan.NewService(db, clk, o))
	c := content.NewService(db, clk, o, a, nil)
	long := strings.Repeat("cần sửa ", 400) // 3,200 characters
	_, errReport := r.Return(ctx, 1, long)
	_, errContent := c.Return(ctx, 1, long)
	for name, got := range map[string]string{"report": errs.FieldsOf(errReport)["comment"], "content": errs.FieldsOf(errContent)["note"]} {
		if !strings.Contains(got, "Lý do trả lại dài quá 2.000 ký tự") {
			t.Errorf("%s: %q, want the reason refused for its length", name, got)
		}
	}
}

func TestRequestReports_OverlongNameRefusedByName(t *testing.T) {
	db := storetest.SQLite(t)
	clk := clock.NewFixed(time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC))
	o := org.NewService(db, clk)
	a := activity.NewService(db, clk, o)
	r := report.NewService(db, clk, o, a, plan.NewService(db, clk, o))
	_, err := r.RequestReports(context.Background(), report.Request{Unit: "cao-bang", Name: strings.Repeat("Báo cáo ", 100)})
	if got := errs.FieldsOf(err)["name"]; !strings.Contains(got, "Tên báo cáo dài quá 300 ký tự") {
		t.Errorf("%q, want the name refused for its length", got)
	}
}
