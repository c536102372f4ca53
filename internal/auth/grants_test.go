package auth_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// actorOf acts as an account created by the system, with its grants.
func actorOf(t *testing.T, f fixture, u auth.User) context.Context {
	t.Helper()
	a := &access.Actor{UserID: u.ID, Username: u.Username, UnitID: u.UnitID}
	for _, g := range u.Grants {
		a.Grants = append(a.Grants, access.Grant{Role: g.Role, ScopeUnit: g.ScopeID})
	}
	return access.With(context.Background(), a)
}

func roleList(u auth.User) []string {
	var out []string
	for _, g := range u.Grants {
		out = append(out, string(g.Role)+"@"+g.ScopeCode)
	}
	slices.Sort(out)
	return out
}

func TestGrants_NobodyRaisesTheirOwnAndReachingRolesNeedAnAdminAbove(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		mk := func(name, unit, scope string, r access.Role) auth.User {
			u, _, err := f.a.Create(f.sys, auth.NewUser{Username: name, UnitCode: unit, ScopeCode: scope, Roles: []access.Role{r}, Password: "mot-mat-khau-dung"})
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		deptAdmin := actorOf(t, f, mk("qt-so", "cao-bang-snnmt", "", access.RoleAdmin))
		provAdmin := actorOf(t, f, mk("qt-tinh", "cao-bang", "cao-bang", access.RoleAdmin))
		mk("cb-so", "cao-bang-snnmt", "", access.RoleOfficer)
		mk("xm-so", "cao-bang-snnmt", "", access.RoleAnalyst) // made by the system
		// A sub-unit a department's admin may make, named after another
		// province: it stays in Cao Bằng, and a province-wide role on it
		// is still the province's to grant.
		if _, err := org.NewService(db, f.clk).Create(f.sys, org.UnitInput{Code: "cb-snnmt-to-ag", Name: "Tổ công tác An Giang", Type: org.TypeSubunit, ParentCode: "cao-bang-snnmt", ValidFrom: "2026-01-01"}); err != nil {
			t.Fatal(err)
		}
		mk("xm-to", "cb-snnmt-to-ag", "", access.RoleAnalyst)

		cases := []struct {
			name   string
			ctx    context.Context
			do     func(ctx context.Context) error
			refuse string // a part of the refusal; "" when allowed
		}{
			{"a department's admin grants itself coordinator", deptAdmin, func(ctx context.Context) error {
				_, err := f.a.Update(ctx, "qt-so", auth.UserUpdate{UnitCode: "cao-bang-snnmt", Roles: []access.Role{access.RoleAdmin, access.RoleCoordinator}})
				return err
			}, "không thể tự cấp"},
			{"a department's admin widens its own scope to the province", deptAdmin, func(ctx context.Context) error {
				_, err := f.a.Update(ctx, "qt-so", auth.UserUpdate{UnitCode: "cao-bang-snnmt", ScopeCode: "cao-bang", Roles: []access.Role{access.RoleAdmin}})
				return err
			}, "ngoài phạm vi bạn quản lý"},
			{"a department's admin grants coordinator to a colleague", deptAdmin, func(ctx context.Context) error {
				_, err := f.a.Update(ctx, "cb-so", auth.UserUpdate{UnitCode: "cao-bang-snnmt", Roles: []access.Role{access.RoleCoordinator}})
				return err
			}, "Chỉ quản trị viên của đơn vị cấp trên Sở Nông nghiệp và Môi trường tỉnh Cao Bằng"},
			{"a department's admin creates an analyst of its department", deptAdmin, func(ctx context.Context) error {
				_, _, err := f.a.Create(ctx, auth.NewUser{Username: "xm-so", UnitCode: "cao-bang-snnmt", Roles: []access.Role{access.RoleAnalyst}})
				return err
			}, "Chỉ quản trị viên của đơn vị cấp trên"},
			{"a department's admin creates an analyst on a sub-unit of its department", deptAdmin, func(ctx context.Context) error {
				_, _, err := f.a.Create(ctx, auth.NewUser{Username: "xm-to-2", UnitCode: "cb-snnmt-to-ag", Roles: []access.Role{access.RoleAnalyst}})
				return err
			}, "xem được dữ liệu của cả tỉnh Cao Bằng"},
			{"a department's admin creates a coordinator on a sub-unit of its department", deptAdmin, func(ctx context.Context) error {
				_, _, err := f.a.Create(ctx, auth.NewUser{Username: "dp-to", UnitCode: "cb-snnmt-to-ag", Roles: []access.Role{access.RoleCoordinator}})
				return err
			}, "chỉ quản trị viên cấp tỉnh"},
			{"a department's admin resets the password of an analyst on its sub-unit", deptAdmin, func(ctx context.Context) error {
				_, err := f.a.ResetPassword(ctx, "xm-to")
				return err
			}, "xem được dữ liệu của cả tỉnh"},
			{"a province's admin creates an analyst on a department's sub-unit", provAdmin, func(ctx context.Context) error {
				_, _, err := f.a.Create(ctx, auth.NewUser{Username: "xm-to-3", UnitCode: "cb-snnmt-to-ag", Roles: []access.Role{access.RoleAnalyst}})
				return err
			}, ""},
			{"a province's admin creates a peer admin of the province", provAdmin, func(ctx context.Context) error {
				_, _, err := f.a.Create(ctx, auth.NewUser{Username: "qt-tinh-2", UnitCode: "cao-bang", ScopeCode: "cao-bang", Roles: []access.Role{access.RoleAdmin}})
				return err
			}, "Chỉ quản trị viên của đơn vị cấp trên Ủy ban nhân dân tỉnh Cao Bằng"},
			{"a department's admin renames itself, keeping its roles", deptAdmin, func(ctx context.Context) error {
				_, err := f.a.Update(ctx, "qt-so", auth.UserUpdate{FullName: "Tên mới", UnitCode: "cao-bang-snnmt", Roles: []access.Role{access.RoleAdmin}})
				return err
			}, ""},
			{"a department's admin creates an officer of its department", deptAdmin, func(ctx context.Context) error {
				_, _, err := f.a.Create(ctx, auth.NewUser{Username: "cb-so-2", UnitCode: "cao-bang-snnmt", Roles: []access.Role{access.RoleOfficer}})
				return err
			}, ""},
			// What would let an admin sign in as someone else follows the
			// rule of grants: a peer who may not grant the analyst's role may
			// not take over the analyst's account either.
			{"a department's admin resets its analyst's password", deptAdmin, func(ctx context.Context) error {
				_, err := f.a.ResetPassword(ctx, "xm-so")
				return err
			}, "chỉ quản trị viên của đơn vị cấp trên Sở Nông nghiệp và Môi trường tỉnh Cao Bằng được đặt lại mật khẩu"},
			{"a department's admin clears its analyst's second factor", deptAdmin, func(ctx context.Context) error {
				return f.a.ClearTOTP(ctx, "xm-so")
			}, "được xóa xác thực hai lớp"},
			{"a department's admin resets its officer's password", deptAdmin, func(ctx context.Context) error {
				_, err := f.a.ResetPassword(ctx, "cb-so")
				return err
			}, ""},
			{"a province's admin resets a department analyst's password", provAdmin, func(ctx context.Context) error {
				_, err := f.a.ResetPassword(ctx, "xm-so")
				return err
			}, ""},
			{"a province's admin makes a department's officer its coordinator", provAdmin, func(ctx context.Context) error {
				_, err := f.a.Update(ctx, "cb-so", auth.UserUpdate{UnitCode: "cao-bang-snnmt", Roles: []access.Role{access.RoleCoordinator}})
				return err
			}, ""},
		}
		for _, c := range cases {
			before, _ := f.a.List(f.sys)
			err := c.do(c.ctx)
			if c.refuse == "" {
				if err != nil {
					t.Errorf("%s: %v, want it allowed", c.name, err)
				}
				continue
			}
			var e *errs.Error
			if !errors.As(err, &e) || (e.Kind != errs.KindForbidden && e.Kind != errs.KindInvalid) || !strings.Contains(e.VI+strings.Join(fieldMessages(err), " "), c.refuse) {
				t.Errorf("%s: %v, want a refusal saying %q", c.name, err, c.refuse)
			}
			after, _ := f.a.List(f.sys)
			if len(after) != len(before) {
				t.Errorf("%s: the refusal still added an account", c.name)
			}
			for i := range before {
				if i < len(after) && !slices.Equal(roleList(before[i]), roleList(after[i])) {
					t.Errorf("%s: the refusal changed %s's roles: %v → %v", c.name, before[i].Username, roleList(before[i]), roleList(after[i]))
				}
			}
		}
	})
}

func fieldMessages(err error) []string {
	var out []string
	for _, m := range errs.FieldsOf(err) {
		out = append(out, m)
	}
	return out
}
