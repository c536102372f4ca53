package intel_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// An analyst's note or question longer than anyone writes is refused by
// name before anything else is looked at, and nothing changes.
func TestNotes_OverlongNoteOrQuestionRefusedByName(t *testing.T) {
	s := intel.NewService(storetest.SQLite(t), clock.NewFixed(time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)))
	ctx := context.Background()
	long := strings.Repeat("ghi chú ", 400) // 3,200 characters
	cases := []struct {
		name, field string
		call        func() error
	}{
		{"decide", "note", func() error { _, err := s.Decide(ctx, 1, true, long); return err }},
		{"removal", "note", func() error { _, err := s.DecideRemoval(ctx, 1, true, long); return err }},
		{"ask", "question", func() error { return s.AskMore(ctx, "TG-X", long) }},
	}
	for _, c := range cases {
		msg := errs.FieldsOf(c.call())[c.field]
		if !strings.Contains(msg, "dài quá 2.000 ký tự") {
			t.Errorf("%s: %q, want the %s refused for its length", c.name, msg, c.field)
		}
	}
}
