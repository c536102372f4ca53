package auth_test

import (
	"slices"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// remind asks auth which units have someone to tell, instead of reading
// users and user_roles itself.
func TestUnitsWithRoles_OnlyActiveAccountsHoldingTheRoles(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db) // nguoidung: an officer of cao-bang-snnmt
		mk := func(name, unit string, r access.Role) auth.User {
			u, _, err := f.a.Create(f.sys, auth.NewUser{Username: name, UnitCode: unit, Roles: []access.Role{r}, Password: "mot-mat-khau-dung"})
			if err != nil {
				t.Fatalf("%s: %v %v", name, err, fieldMessages(err))
			}
			return u
		}
		officer, err := f.a.Get(f.sys, "nguoidung")
		if err != nil {
			t.Fatal(err)
		}
		leader := mk("lanhdao", "cao-bang-ca", access.RoleLeader)
		editor := mk("bientap", "cao-bang-sgddt", access.RoleEditor)
		gone := mk("danghi", "cao-bang", access.RoleCoordinator)
		if _, err := f.a.Update(f.sys, gone.Username, auth.UserUpdate{UnitCode: "cao-bang", Roles: []access.Role{access.RoleCoordinator}, Disabled: true}); err != nil {
			t.Fatal(err)
		}
		reporting := []access.Role{access.RoleOfficer, access.RoleLeader, access.RoleCoordinator}
		cases := []struct {
			name  string
			roles []access.Role
			want  []int64
		}{
			{"the reporting roles skip the editor's unit and the disabled account's", reporting, sorted(officer.UnitID, leader.UnitID)},
			{"the editor's role finds only the editor's unit", []access.Role{access.RoleEditor}, []int64{editor.UnitID}},
			{"no role finds no unit", nil, nil},
		}
		for _, c := range cases {
			got, err := f.a.UnitsWithRoles(f.sys, c.roles...)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("%s: got units %v, want %v", c.name, got, c.want)
			}
		}
	})
}

func sorted(ids ...int64) []int64 {
	slices.Sort(ids)
	return ids
}
