package org_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// A restructure's legal basis or note longer than anyone writes is refused
// by name, before the preview or the change is run.
func TestRestructure_OverlongBasisRefusedByName(t *testing.T) {
	s := org.NewService(storetest.SQLite(t), clock.NewFixed(time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)))
	_, err := s.Restructure(context.Background(), org.Operation{Basis: strings.Repeat("Nghị quyết ", 200), Note: strings.Repeat("x", 2001)}, true)
	f := errs.FieldsOf(err)
	if !strings.Contains(f["basis"], "Căn cứ dài quá 1.000 ký tự") || !strings.Contains(f["note"], "Ghi chú dài quá 2.000 ký tự") {
		t.Errorf("fields %v, want basis and note refused for their length", f)
	}
}
