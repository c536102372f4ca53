package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/errs"
)

// reachingRoles are the roles whose holder manages accounts or sees
// personal data across a province (tips, subscribers), so a peer must not
// hand them out: only an administrator whose scope lies above the grant's.
var reachingRoles = []access.Role{access.RoleAdmin, access.RoleCoordinator, access.RoleAnalyst}

// checkGrants applies the rule of grants, beside the scope check that
// resolveUnits makes: nobody grants, raises or extends their own roles or
// scope (nor moves their own account to another unit), and the roles in
// reachingRoles need an administrator above the grant's scope unit. cur is
// the account as it stands (nil for a new one); unitID is where it goes.
// A refusal is a message beside the field, so the form keeps what was typed.
// Grants the account already holds are kept without a new check.
func (s *Service) checkGrants(ctx context.Context, cur *User, unitID int64, next []GrantView) error {
	a := access.From(ctx)
	if a == nil || a.IsSystem() {
		return nil
	}
	held := func(g GrantView) bool {
		return cur != nil && slices.ContainsFunc(cur.Grants, func(h GrantView) bool { return h.Role == g.Role && h.ScopeID == g.ScopeID })
	}
	if cur != nil && cur.ID == a.UserID {
		for _, g := range next {
			if !held(g) {
				return errs.InvalidField("roles", "Bạn không thể tự cấp, nâng hay mở rộng vai trò, phạm vi của chính mình; việc này do một quản trị viên cấp trên làm.")
			}
		}
		if unitID != cur.UnitID {
			return errs.InvalidField("unit", "Bạn không thể tự chuyển tài khoản của mình sang đơn vị khác; việc này do một quản trị viên cấp trên làm.")
		}
	}
	for _, g := range next {
		if held(g) || !slices.Contains(reachingRoles, g.Role) {
			continue
		}
		scope, above, err := s.aboveGrant(ctx, g)
		if err != nil {
			return err
		}
		if !above {
			return errs.InvalidField("roles", fmt.Sprintf("Chỉ quản trị viên của đơn vị cấp trên %s được cấp vai trò %s trên %s.", scope, g.Role.LabelVI(), scope))
		}
		if err := s.checkProvinceWide(ctx, g); err != nil {
			return err
		}
	}
	return nil
}

// provinceWide are the roles whose reach is a whole province wherever in
// it the grant sits: a coordinator's subscribers, an analyst's tips.
var provinceWide = []access.Role{access.RoleCoordinator, access.RoleAnalyst}

// checkProvinceWide: a role that reaches the whole province is granted only
// by an administrator of the whole province (its top unit) or above; a
// department's administrator, placing the grant on a school under it,
// would otherwise mint readers of every tip in the province.
func (s *Service) checkProvinceWide(ctx context.Context, g GrantView) error {
	if !slices.Contains(provinceWide, g.Role) {
		return nil
	}
	province, root, err := s.org.ProvinceRoot(ctx, g.ScopeID)
	if err != nil {
		return fmt.Errorf("grant %s: %w", g.Role, err)
	}
	if root == 0 {
		return nil // a national unit: the rule above already asks for the level above
	}
	if err := s.org.Authorize(ctx, access.UserManage, root); errors.Is(err, errs.ErrForbidden) {
		return errs.InvalidField("roles", fmt.Sprintf("Vai trò %s xem được dữ liệu của cả tỉnh %s, nên chỉ quản trị viên cấp tỉnh (hoặc cấp trên) được cấp.", g.Role.LabelVI(), province))
	} else if err != nil {
		return err
	}
	return nil
}

// aboveGrant reports whether the actor administers the unit above the
// grant's scope (the national level's scope has none: only the command
// line's system actor passes), and names the scope for refusals.
func (s *Service) aboveGrant(ctx context.Context, g GrantView) (scopeName string, above bool, err error) {
	scope, err := s.org.Unit(ctx, g.ScopeID, s.org.Today())
	if err != nil {
		return "", false, fmt.Errorf("grant %s: %w", g.Role, err)
	}
	if scope.ParentID == 0 {
		return scope.Name, false, nil
	}
	if err := s.org.Authorize(ctx, access.UserManage, scope.ParentID); errors.Is(err, errs.ErrForbidden) {
		return scope.Name, false, nil
	} else if err != nil {
		return "", false, err
	}
	return scope.Name, true, nil
}

// checkTakeover applies the rule of grants to what would let an
// administrator sign in as someone else — a new password, a cleared second
// factor: for an account holding a role in reachingRoles, only an
// administrator above that role's scope may do it. Otherwise a peer who
// may not grant the analyst's role could take over an analyst's account.
func (s *Service) checkTakeover(ctx context.Context, u *User, what string) error {
	a := access.From(ctx)
	if a == nil || a.IsSystem() {
		return nil
	}
	for _, g := range u.Grants {
		if !slices.Contains(reachingRoles, g.Role) {
			continue
		}
		scope, above, err := s.aboveGrant(ctx, g)
		if err != nil {
			return err
		}
		if !above {
			return errs.Forbidden(fmt.Sprintf("Tài khoản %s giữ vai trò %s trên %s: chỉ quản trị viên của đơn vị cấp trên %s được %s của tài khoản này.", u.Username, g.Role.LabelVI(), scope, scope, what),
				"This account holds a role only an administrator above its scope may grant; only such an administrator may do this.")
		}
		if err := s.checkProvinceWide(ctx, g); err != nil {
			return errs.Forbidden(fmt.Sprintf("Tài khoản %s giữ vai trò %s, xem được dữ liệu của cả tỉnh: chỉ quản trị viên cấp tỉnh (hoặc cấp trên) được %s của tài khoản này.", u.Username, g.Role.LabelVI(), what),
				"This account holds a province-wide role; only a province administrator may do this.")
		}
	}
	return nil
}
