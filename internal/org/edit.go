package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// validateFields checks what a person typed for a unit, collecting every
// problem so the form can show them all at once.
func validateFields(in *UnitInput, v *errs.Invalid, checkCode bool) {
	in.normalise()
	if checkCode {
		switch {
		case in.Code == "":
			v.Field("code", "Vui lòng nhập mã đơn vị.")
		case !codePattern.MatchString(in.Code):
			v.Field("code", "Mã chỉ gồm chữ thường không dấu, chữ số, dấu chấm và gạch ngang (2–40 ký tự), ví dụ: cao-bang-sgddt.")
		}
	}
	if in.Name == "" {
		v.Field("name", "Vui lòng nhập tên đơn vị.")
	} else if len([]rune(in.Name)) > 300 {
		v.Field("name", "Tên đơn vị dài quá 300 ký tự.")
	}
	if len([]rune(in.ShortName)) > 80 {
		v.Field("short_name", "Tên viết tắt dài quá 80 ký tự.")
	}
	if !in.Type.Valid() {
		v.Field("type", "Vui lòng chọn loại đơn vị.")
	}
}

// Create adds a unit under a parent the actor may edit, in force from the
// date given (today if none).
func (s *Service) Create(ctx context.Context, in UnitInput) (Unit, error) {
	v := errs.NewInvalid()
	validateFields(&in, v, true)
	from := s.Today()
	if in.ValidFrom != "" {
		if d, err := vn.ParseDate(in.ValidFrom); err != nil {
			v.Field("valid_from", err.Error())
		} else {
			from = vn.ISODate(d)
		}
	}
	var out Unit
	err := s.tx(ctx, func(tx *sql.Tx) error {
		u := Unit{Code: in.Code, Name: in.Name, ShortName: in.ShortName, Type: in.Type}
		if in.ParentCode == "" {
			if sc, err := s.scopeOf(ctx, tx, access.UnitEdit); err != nil {
				return err
			} else if !sc.All {
				v.Field("parent", "Vui lòng chọn đơn vị cấp trên.")
			}
		} else if pid, err := unitIDByCode(ctx, tx, in.ParentCode); err != nil {
			v.Fieldf("parent", "Không có đơn vị mã %q.", in.ParentCode)
		} else if err := s.authorize(ctx, tx, access.UnitEdit, pid); err != nil {
			if !errors.Is(err, errs.ErrForbidden) {
				return err
			}
			v.Field("parent", "Bạn chỉ có thể thêm đơn vị trong phạm vi đơn vị mình quản lý.")
		} else if p, err := versionAt(ctx, tx, pid, from); errors.Is(err, errs.ErrNotFound) {
			v.Fieldf("parent", "Đơn vị cấp trên không tồn tại vào ngày %s.", displayDate(from))
		} else if err != nil {
			return err
		} else {
			u.ParentID, u.ParentName = pid, p.Name
		}
		if err := v.Err(); err != nil {
			return err
		}
		id, err := insertUnit(ctx, tx, in.Code, s.now())
		if err != nil {
			return err
		}
		if err := openVersion(ctx, tx, id, u, from, 0); err != nil {
			return err
		}
		u.ID, u.ValidFrom, u.ValidTo, u.ParentCode = id, from, vn.Forever, in.ParentCode
		out = u
		return audit.Record(ctx, tx, s.now(), audit.Entry{Action: "unit.create", Entity: "unit", EntityKey: u.Code, UnitID: id,
			Summary: fmt.Sprintf("Thêm đơn vị %s (%s) từ ngày %s", u.Name, u.Code, displayDate(from))}, nil, snapshot(u))
	})
	return out, err
}

// Update corrects the unit's current version in place: a typo in the name,
// a wrong type or parent. Changes that happen at a date are restructures.
func (s *Service) Update(ctx context.Context, code string, in UnitInput) (Unit, error) {
	v := errs.NewInvalid()
	validateFields(&in, v, false)
	today := s.Today()
	var out Unit
	err := s.tx(ctx, func(tx *sql.Tx) error {
		id, err := unitIDByCode(ctx, tx, code)
		if err != nil {
			return errs.NotFound(fmt.Sprintf("Không có đơn vị mã %q.", code), "No such unit.")
		}
		if err := s.authorize(ctx, tx, access.UnitEdit, id); err != nil {
			return err
		}
		cur, err := lastVersion(ctx, tx, id)
		if err != nil {
			return err
		}
		if cur.ValidTo != vn.Forever {
			return errs.Conflict("Đơn vị này đã kết thúc hoạt động (sáp nhập, chia tách hoặc giải thể); không thể sửa.", "This unit has ended and cannot be edited.")
		}
		next := cur
		next.Name, next.ShortName, next.Type = in.Name, in.ShortName, in.Type
		if in.ParentCode != cur.ParentCode {
			if in.ParentCode == "" {
				if sc, err := s.scopeOf(ctx, tx, access.UnitEdit); err != nil {
					return err
				} else if !sc.All {
					v.Field("parent", "Vui lòng chọn đơn vị cấp trên.")
				}
				next.ParentID = 0
			} else if pid, err := unitIDByCode(ctx, tx, in.ParentCode); err != nil {
				v.Fieldf("parent", "Không có đơn vị mã %q.", in.ParentCode)
			} else if err := s.checkParent(ctx, tx, id, pid, []string{today, maxDate(cur.ValidFrom, today)}, v); err != nil {
				return err
			} else {
				next.ParentID, next.ParentCode = pid, in.ParentCode
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := correctVersion(ctx, tx, next); err != nil {
			return err
		}
		out = next
		return audit.Record(ctx, tx, s.now(), audit.Entry{Action: "unit.update", Entity: "unit", EntityKey: cur.Code, UnitID: id,
			Summary: fmt.Sprintf("Sửa thông tin đơn vị %s (%s)", next.Name, cur.Code)}, snapshot(cur), snapshot(next))
	})
	return out, err
}

// checkParent records on v why pid cannot be the parent of id at the dates
// given, if it cannot: outside the actor's scope, not in force, or a
// descendant of id (a cycle).
func (s *Service) checkParent(ctx context.Context, q store.Querier, id, pid int64, dates []string, v *errs.Invalid) error {
	if pid == id {
		v.Field("parent", "Một đơn vị không thể là cấp trên của chính nó.")
		return nil
	}
	if err := s.authorize(ctx, q, access.UnitEdit, pid); err != nil {
		if !errors.Is(err, errs.ErrForbidden) {
			return err
		}
		v.Field("parent", "Bạn chỉ có thể chọn đơn vị cấp trên trong phạm vi mình quản lý.")
		return nil
	}
	for _, d := range dates {
		if _, err := versionAt(ctx, q, pid, d); errors.Is(err, errs.ErrNotFound) {
			v.Fieldf("parent", "Đơn vị cấp trên không tồn tại vào ngày %s.", displayDate(d))
			return nil
		} else if err != nil {
			return err
		}
		sub, err := subtreeAt(ctx, q, id, d)
		if err != nil {
			return err
		}
		if slices.Contains(sub, pid) {
			v.Field("parent", "Không thể chọn một đơn vị cấp dưới của chính nó làm cấp trên (sẽ tạo vòng lặp).")
			return nil
		}
	}
	return nil
}

// snapshot is what the audit trail keeps of a unit.
func snapshot(u Unit) map[string]string {
	return map[string]string{"code": u.Code, "name": u.Name, "short_name": u.ShortName, "type": string(u.Type),
		"parent": u.ParentCode, "valid_from": u.ValidFrom, "valid_to": u.ValidTo}
}

func displayDate(d string) string {
	if d == vn.Beginning || d == vn.Forever {
		return "—"
	}
	t, err := vn.ParseISODate(d)
	if err != nil {
		return d
	}
	return vn.FormatDate(t)
}

func maxDate(a, b string) string {
	if a > b {
		return a
	}
	return b
}
