package report_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/demo"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/report"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// TestReview_ByTheReceivingUnitAndNeverByAnAuthor walks reports through
// write → sign → submit and checks who may then accept or return them.
func TestReview_ByTheReceivingUnitAndNeverByAnAuthor(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := clock.NewFixed(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
		o := org.NewService(db, clk)
		r := report.NewService(db, clk, o, activity.NewService(db, clk, o), plan.NewService(db, clk, o))
		if err := demo.LoadUnits(ctx, o); err != nil {
			t.Fatal(err)
		}
		sys := access.With(ctx, access.System())
		id := func(code string) int64 {
			n, err := o.IDByCode(sys, code)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		var next int64 = 100
		as := func(unit, scope string, role access.Role) context.Context {
			next++
			return access.With(ctx, &access.Actor{UserID: next, Username: unit + "-" + string(role), UnitID: id(unit), Grants: []access.Grant{{Role: role, ScopeUnit: id(scope)}}})
		}
		standing := as("cao-bang-ca", "cao-bang", access.RoleCoordinator)         // PA05, the province's standing body
		policeLeader := as("cao-bang-ca", "cao-bang", access.RoleLeader)          // the provincial police's deputy director
		provLeader := as("cao-bang", "cao-bang", access.RoleLeader)               // the province's people's committee
		national := as("bca-a05", "bca", access.RoleCoordinator)                  // the ministry's bureau
		schoolLeader := as("cao-bang-sgddt", "cao-bang-sgddt", access.RoleLeader) // Sở GD&ĐT's director
		anGiang := as("an-giang-ca", "an-giang", access.RoleCoordinator)

		// send writes the report as writer, signs it as signer and
		// submits it as submitter.
		send := func(unit string, writer, signer, submitter context.Context) int64 {
			t.Helper()
			rep, err := r.Open(writer, unit, "2025-Y")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := r.SaveNarrative(writer, rep.ID, report.Narrative{Results: "Tổ chức 12 buổi tuyên truyền."}); err != nil {
				t.Fatal(err)
			}
			if _, err := r.Sign(signer, rep.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := r.Submit(submitter, rep.ID); err != nil {
				t.Fatal(err)
			}
			return rep.ID
		}
		province := send("cao-bang", standing, provLeader, standing)
		school := send("cao-bang-sgddt", standing, schoolLeader, schoolLeader)

		cases := []struct {
			name   string
			ctx    context.Context
			report int64
			refuse string // part of the refusal; "" when allowed
		}{
			{"the standing body accepts the province's report it wrote and submitted", standing, province, "Chỉ Bộ Công an (nơi nhận báo cáo)"},
			{"the provincial police's leader accepts the province's report", policeLeader, province, "Chỉ Bộ Công an (nơi nhận báo cáo)"},
			{"the province's leader accepts the report it signed", provLeader, province, "Chỉ Bộ Công an (nơi nhận báo cáo)"},
			{"the department accepts its own report", schoolLeader, school, "Chỉ Ủy ban nhân dân tỉnh Cao Bằng (nơi nhận báo cáo)"},
			{"the standing body accepts a department's report it wrote", standing, school, "Bạn đã soạn, ký hoặc gửi báo cáo này"},
			{"another province's standing body accepts it", anGiang, school, "không có quyền"},
			{"the province's leader, who did not write it, accepts the department's report", provLeader, school, ""},
			{"the ministry accepts the province's report", national, province, ""},
		}
		for _, c := range cases {
			_, err := r.Accept(c.ctx, c.report)
			if c.refuse == "" {
				if err != nil {
					t.Errorf("%s: %v, want it accepted", c.name, err)
				}
				continue
			}
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.KindForbidden || !strings.Contains(e.VI, c.refuse) {
				t.Errorf("%s: %v, want a refusal saying %q", c.name, err, c.refuse)
			}
			if got, _ := r.Get(sys, c.report); got.Status != report.StatusSubmitted {
				t.Errorf("%s: the refusal left the report %s", c.name, got.Status)
			}
			if _, err := r.Return(c.ctx, c.report, "Bổ sung số liệu."); err == nil {
				t.Errorf("%s: returning it was allowed", c.name)
			}
		}
	})
}
