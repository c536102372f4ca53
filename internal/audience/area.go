package audience

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Subscribers belong to a province, not to a unit's subtree: staff with
// audience.manage import, count, copy out and erase the people of the
// province their unit lies in (org.AreaOf); the national level all of
// them. A person without a province belongs to the national level.

// ScopeWith gives the service the organisation, so that it can tell the
// staff's province. Until it is given, every staff request is refused.
func (s *Service) ScopeWith(o *org.Service) { s.org = o }

// area is where the actor in ctx manages subscribers.
func (s *Service) area(ctx context.Context) (org.Area, error) {
	a := access.From(ctx)
	switch {
	case a == nil:
		return org.Area{}, errs.ErrUnauthenticated
	case a.IsSystem():
		return org.Area{All: true}, nil
	case s.org == nil:
		return org.Area{}, errs.ErrForbidden
	}
	area, err := s.org.AreaOf(ctx, access.AudienceManage)
	if err != nil {
		return org.Area{}, err
	}
	return area, nil
}

// areaWhere is the SQL condition that keeps the area's subscribers.
func areaWhere(area org.Area) (string, []any) {
	if area.All {
		return "", nil
	}
	ph := make([]string, len(area.Provinces))
	args := make([]any, len(area.Provinces))
	for i, p := range area.Provinces {
		ph[i], args[i] = fmt.Sprintf("$%d", i+1), p
	}
	return " WHERE province IN (" + strings.Join(ph, ",") + ")", args
}

// outsideArea is the refusal for a person the actor does not answer for.
// It reads the same whether the person is elsewhere or nowhere, so it
// tells nobody where (or whether) someone subscribed.
func outsideArea(area org.Area) error {
	return errs.Forbidden("Không có người nhận tin nào với liên lạc này ở "+area.Name()+"; chỉ đơn vị của tỉnh nơi người đó đăng ký, hoặc cấp trung ương, được trích xuất hay xóa dữ liệu của họ.",
		"No subscriber with this contact in your area; only their province's units or the national level may export or erase their data.")
}

// importGuard settles an imported row's province and refuses a row the
// actor's unit does not answer for: a row naming another province, or a
// person already on record in its area under another province than the
// row's (an import never moves a person). A person on record outside the
// area is left untouched with errElsewhere, which Import answers like any
// received row: what a unit is told must not depend on other provinces'
// data.
func importGuard(area org.Area, in *Input) func(found bool, was string) error {
	if strings.TrimSpace(in.Province) == "" && len(area.Provinces) == 1 {
		in.Province = area.Provinces[0] // a unit's file lists its own people
	}
	now := in.Province
	if name, ok := vn.Province(now); ok {
		now = name
	}
	return func(found bool, was string) error {
		if now != "" && !area.Has(now) {
			return errs.Forbidden(fmt.Sprintf("người nhận ở %s, ngoài địa bàn của đơn vị bạn (%s); chỉ đơn vị của %s hoặc cấp trung ương được nhập người này",
				org.ProvinceLabel(now), area.Name(), org.ProvinceLabel(now)), "outside your area")
		}
		switch {
		case found && !area.Has(was):
			// Said apart, this row would tell the unit that the contact is
			// subscribed in another province. It is received like a row
			// of a new person, and the subscription stays where it is.
			return errElsewhere
		case found && now != "" && was != "" && now != was:
			return errs.Forbidden("liên lạc này đã đăng ký nhận tin ở "+org.ProvinceLabel(was)+"; nhập tệp không chuyển người nhận sang tỉnh khác",
				"already subscribed in another province")
		}
		return nil
	}
}

// errElsewhere: the imported contact is subscribed outside the unit's area;
// the row is received and nothing is written.
var errElsewhere = errors.New("subscribed outside the importing unit's area")
