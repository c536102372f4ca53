package org_test

import (
	"context"
	"errors"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

func TestArea_AUnitAnswersForItsProvinceAndTheMinistryForAll(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		o, sys := withDemo(t, db)
		id := func(code string) int64 {
			n, err := o.IDByCode(sys, code)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		for code, want := range map[string]string{"cao-bang-snnmt": "Cao Bằng", "cao-bang-ca": "Cao Bằng", "cb-p-hop-giang": "Cao Bằng", "an-giang-ca": "An Giang", "bca-a05": "", "bca": ""} {
			if got, err := o.ProvinceOf(sys, id(code)); err != nil || got != want {
				t.Errorf("province of %s = %q, %v; want %q", code, got, err, want)
			}
		}
		as := func(role access.Role, scope string) context.Context {
			return access.With(context.Background(), &access.Actor{UserID: 7, UnitID: id(scope), Grants: []access.Grant{{Role: role, ScopeUnit: id(scope)}}})
		}
		if a, err := o.AreaOf(as(access.RoleCoordinator, "cao-bang-snnmt"), access.AudienceManage); err != nil || a.All || !a.Has("Cao Bằng") || a.Has("An Giang") || a.Has("") || a.Name() != "tỉnh Cao Bằng" {
			t.Errorf("a department's coordinator: %+v %v; want Cao Bằng only", a, err)
		}
		if a, err := o.AreaOf(as(access.RoleCoordinator, "bca"), access.AudienceManage); err != nil || !a.All || !a.Has("") {
			t.Errorf("the ministry's coordinator: %+v %v; want the whole country", a, err)
		}
		if _, err := o.AreaOf(as(access.RoleOfficer, "cao-bang-snnmt"), access.AudienceManage); !errors.Is(err, errs.ErrForbidden) {
			t.Errorf("an officer: %v; want forbidden", err)
		}
	})
}

// A sub-unit named after another province stays in the province its
// parents name: the name nearest the root decides (else a department's
// admin could make a unit that reads An Giang's tips).
func TestProvinceOf_ASubUnitNamedAfterAnotherProvinceStaysInItsOwn(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		o, sys := withDemo(t, db)
		u, err := o.Create(sys, org.UnitInput{Code: "cb-to-an-giang", Name: "Tổ công tác An Giang", Type: org.TypeSubunit, ParentCode: "cao-bang-snnmt", ValidFrom: "2026-01-01"})
		if err != nil {
			t.Fatal(err)
		}
		p, root, err := o.ProvinceRoot(sys, u.ID)
		top, _ := o.IDByCode(sys, "cao-bang")
		if err != nil || p != "Cao Bằng" || root != top {
			t.Errorf("province of a Cao Bằng sub-unit named An Giang = %q (root %d), %v; want Cao Bằng (root %d)", p, root, err, top)
		}
	})
}
