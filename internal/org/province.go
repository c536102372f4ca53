package org

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Some things belong to a province rather than to a unit's subtree: the
// citizens who subscribe, the tips they send. A unit answers for the
// province it lies in; a unit in no province (the ministry and its bureaux)
// answers for the whole country.

// ProvinceOf returns the province unit id lies in today, read from the
// names of the unit and its ancestors ("Công an tỉnh Cao Bằng" → "Cao
// Bằng"); "" for a national unit. It does not check the actor's scope.
func (s *Service) ProvinceOf(ctx context.Context, id int64) (string, error) {
	p, _, err := s.ProvinceRoot(ctx, id)
	return p, err
}

// ProvinceRoot returns the province unit id lies in today and the highest
// unit whose name gives it (the province's top in this tree, as "Công an
// tỉnh Cao Bằng" is for its bureaux): the name nearest the root decides, so
// a sub-unit named after another province ("Tổ công tác An Giang" under a
// Cao Bằng department) stays in Cao Bằng. "" and 0 for a national unit.
func (s *Service) ProvinceRoot(ctx context.Context, id int64) (string, int64, error) {
	today := s.Today()
	seen := map[int64]bool{}
	province, root := "", int64(0)
	for id != 0 && !seen[id] {
		seen[id] = true
		u, err := s.Unit(ctx, id, today)
		if err != nil {
			return "", 0, fmt.Errorf("province of unit %d: %w", id, err)
		}
		if p := provinceIn(u.Name); p != "" {
			province, root = p, u.ID
		}
		id = u.ParentID
	}
	return province, root, nil
}

// provinceIn finds a province's name in a unit's name, the longest match
// winning ("Thành phố Hồ Chí Minh" over a shorter name inside it).
func provinceIn(name string) string {
	best, bestLen := "", 0
	for _, p := range vn.Provinces() {
		bare := strings.TrimPrefix(p, "Thành phố ")
		if len(bare) > bestLen && strings.Contains(name, bare) {
			best, bestLen = p, len(bare)
		}
	}
	return best
}

// Area is where an actor acts with one permission, counted in provinces:
// every province (the national level, the system) or a list of them.
type Area struct {
	All       bool
	Provinces []string
}

// Has reports whether the area covers province p. A record without a
// province belongs to the national level only.
func (a Area) Has(p string) bool { return a.All || (p != "" && slices.Contains(a.Provinces, p)) }

// Name says the area in words, for messages: "tỉnh Cao Bằng",
// "Thành phố Hồ Chí Minh", "toàn quốc".
func (a Area) Name() string {
	if a.All {
		return "toàn quốc"
	}
	names := make([]string, len(a.Provinces))
	for i, p := range a.Provinces {
		names[i] = ProvinceLabel(p)
	}
	return strings.Join(names, ", ")
}

// ProvinceLabel writes a province's name as a sentence needs it: "tỉnh
// Cao Bằng", "Thành phố Hà Nội".
func ProvinceLabel(p string) string {
	if strings.HasPrefix(p, "Thành phố ") {
		return p
	}
	return "tỉnh " + p
}

// AreaOf returns the provinces in which the actor in ctx holds p: the
// province of each granting unit, or all of them when one grant lies in no
// province. An actor without p gets a forbidden error.
func (s *Service) AreaOf(ctx context.Context, p access.Permission) (Area, error) {
	a := access.From(ctx)
	if a == nil {
		return Area{}, errs.ErrUnauthenticated
	}
	roots, all := a.ScopesFor(p)
	if all {
		return Area{All: true}, nil
	}
	if len(roots) == 0 {
		return Area{}, errs.ErrForbidden
	}
	var out Area
	for _, r := range roots {
		prov, err := s.ProvinceOf(ctx, r)
		if err != nil {
			return Area{}, err
		}
		if prov == "" {
			return Area{All: true}, nil
		}
		if !slices.Contains(out.Provinces, prov) {
			out.Provinces = append(out.Provinces, prov)
		}
	}
	slices.Sort(out.Provinces)
	return out, nil
}
