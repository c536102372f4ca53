package org_test

import (
	"slices"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// The units an actor deals with: those their roles are granted on, in the
// order granted, then their own unit, each once; the system, which belongs
// to no unit, deals with none by this list.
func TestUnitsOf_GrantedUnitsThenOwnUnitEachOnce(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		o, sys := withDemo(t, db)
		id := func(code string) int64 {
			u, err := o.Lookup(sys, code, "2026-11-22")
			if err != nil {
				t.Fatal(err)
			}
			return u.ID
		}
		prov, dept, edu := id("cao-bang"), id("cao-bang-snnmt"), id("cao-bang-sgddt")
		for _, tc := range []struct {
			name  string
			actor *access.Actor
			want  []string
		}{
			{"an officer of their own department", &access.Actor{UnitID: dept, Grants: []access.Grant{{Role: access.RoleOfficer, ScopeUnit: dept}}},
				[]string{"cao-bang-snnmt"}},
			{"a department's member coordinating the province", &access.Actor{UnitID: dept, Grants: []access.Grant{{Role: access.RoleCoordinator, ScopeUnit: prov}, {Role: access.RoleOfficer, ScopeUnit: dept}}},
				[]string{"cao-bang", "cao-bang-snnmt"}},
			{"two roles on one unit, another's member", &access.Actor{UnitID: edu, Grants: []access.Grant{{Role: access.RoleLeader, ScopeUnit: prov}, {Role: access.RoleAnalyst, ScopeUnit: prov}}},
				[]string{"cao-bang", "cao-bang-sgddt"}},
			{"no actor", nil, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				units, err := o.UnitsOf(sys, tc.actor)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, u := range units {
					got = append(got, u.Code)
				}
				if !slices.Equal(got, tc.want) {
					t.Fatalf("UnitsOf = %v, want %v", got, tc.want)
				}
			})
		}
		if units, err := o.UnitsOf(sys, access.System()); err != nil || len(units) != 0 {
			t.Fatalf("the system's units = %v, %v; want none", units, err)
		}
	})
}
