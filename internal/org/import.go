package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// RowProblem is one refused cell of a bulk import: the file's row number,
// the column as the file names it, and why, in Vietnamese.
type RowProblem struct {
	Line    int
	Column  string
	Message string
}

// ImportOptions say how a bulk import treats the rows it refuses.
type ImportOptions struct {
	// AllOrNothing imports nothing when any row is refused; otherwise the
	// good rows are imported and the refused ones listed.
	AllOrNothing bool
	// Preview checks everything, as the import would, and changes nothing.
	Preview bool
	Source  string // the file's name, for the audit trail
}

// ImportUnit is one row of a unit import, as typed in the file.
type ImportUnit struct {
	Line       int
	Code       string
	Name       string
	Type       string // a type code as `unit list` prints it, or its Vietnamese name
	ParentCode string
	ValidFrom  string // YYYY-MM-DD (or 01/07/2025); empty: today
}

// UnitsOutcome is what a unit import did (or, in a preview or a refused
// all-or-nothing import, would have done).
type UnitsOutcome struct {
	Added     []Unit
	Unchanged []Unit
	Problems  []RowProblem
}

// errUndo rolls back a preview, or an all-or-nothing import with problems.
var errUndo = errors.New("import: undo")

// ImportUnits adds the units of the rows under parents the actor may edit.
// A parent may be an existing unit or a unit of an earlier or later row. A
// code already in use is unchanged when name, type and parent are the
// same, and refused otherwise: an import never edits a unit (corrections
// and restructures keep their history elsewhere). A code given twice in the
// file refuses every row with it.
func (s *Service) ImportUnits(ctx context.Context, rows []ImportUnit, opt ImportOptions) (UnitsOutcome, error) {
	var out UnitsOutcome
	bad := func(line int, col, format string, args ...any) {
		out.Problems = append(out.Problems, RowProblem{Line: line, Column: col, Message: fmt.Sprintf(format, args...)})
	}
	today := s.Today()
	lines := map[string][]int{}
	for i := range rows {
		r := &rows[i]
		r.Code = strings.ToLower(strings.TrimSpace(r.Code))
		if r.Code != "" {
			lines[r.Code] = append(lines[r.Code], r.Line)
		}
	}
	type item struct {
		row  ImportUnit
		in   Unit
		from string
		done bool
		ok   bool  // added or unchanged
		id   int64 // once ok
	}
	var items []*item
	byCode := map[string]*item{}
	for _, r := range rows {
		before := len(out.Problems)
		in := UnitInput{Code: r.Code, Name: r.Name, ParentCode: r.ParentCode}
		t, okType := parseType(r.Type)
		in.Type = t
		v := errs.NewInvalid()
		validateFields(&in, v, true)
		f := errs.FieldsOf(v.Err())
		if m := f["code"]; m != "" {
			bad(r.Line, "code", "%s", lowerFirst(m))
		}
		if m := f["name"]; m != "" {
			bad(r.Line, "name", "%s", lowerFirst(m))
		}
		if !okType {
			if strings.TrimSpace(r.Type) == "" {
				bad(r.Line, "type", "bắt buộc, không được để trống; dùng một trong: %s", typeHint())
			} else {
				bad(r.Line, "type", "loại “%s” không có; dùng một trong: %s", r.Type, typeHint())
			}
		}
		from := today
		if txt := strings.TrimSpace(r.ValidFrom); txt != "" {
			if d, err := vn.ParseDate(txt); err != nil {
				bad(r.Line, "valid_from", "ngày “%s” không hợp lệ; hãy ghi dạng 2025-07-01", txt)
			} else {
				from = vn.ISODate(d)
			}
		}
		if ls := lines[in.Code]; len(ls) > 1 {
			bad(r.Line, "code", "mã “%s” lặp lại ở các dòng %s của tệp; không dòng nào trong số đó được nhập", in.Code, joinLines(ls))
		}
		it := &item{row: r, in: Unit{Code: in.Code, Name: in.Name, Type: in.Type, ParentCode: in.ParentCode}, from: from}
		it.done = len(out.Problems) > before
		if len(lines[in.Code]) == 1 {
			byCode[in.Code] = it
		}
		items = append(items, it)
	}

	err := s.tx(ctx, func(tx *sql.Tx) error {
		out.Added, out.Unchanged = nil, nil
		sc, err := s.scopeOf(ctx, tx, access.UnitEdit)
		if err != nil {
			return err
		}
		added := map[int64]bool{} // made by this import, under a unit in scope
		// settle imports one row whose parent, if in the file, is settled.
		settle := func(it *item) error {
			line, u := it.row.Line, &it.in
			id, err := unitIDByCode(ctx, tx, u.Code)
			if err == nil {
				cur, err := lastVersion(ctx, tx, id)
				if err != nil {
					return err
				}
				if cur.Name == u.Name && cur.Type == u.Type && cur.ParentCode == u.ParentCode && cur.ValidTo == vn.Forever {
					it.ok, it.id = true, id
					out.Unchanged = append(out.Unchanged, cur)
					return nil
				}
				if !sc.Contains(id) {
					// Outside the importer's scope: say the code is taken,
					// not whose it is.
					bad(line, "code", "mã đơn vị “%s” đã được dùng cho một đơn vị khác; hãy chọn mã khác", u.Code)
					return nil
				}
				bad(line, "code", "đã có đơn vị mã “%s” (%s, %s, cấp trên “%s”) khác với dòng này; nhập tệp không sửa đơn vị có sẵn — hãy sửa ở trang của đơn vị",
					u.Code, cur.Name, cur.Type.Label("vi"), cur.ParentCode)
				return nil
			} else if !errors.Is(err, errs.ErrNotFound) {
				return err
			}
			if u.ParentCode == "" {
				if !sc.All {
					bad(line, "parent", "bắt buộc: mã đơn vị cấp trên, trong phạm vi bạn quản lý")
					return nil
				}
			} else {
				var pid int64
				if p := byCode[u.ParentCode]; p != nil {
					if !p.ok {
						bad(line, "parent", "đơn vị cấp trên “%s” (dòng %d) có lỗi nên dòng này chưa nhập được", u.ParentCode, p.row.Line)
						return nil
					}
					pid = p.id
				} else if pid, err = unitIDByCode(ctx, tx, u.ParentCode); errors.Is(err, errs.ErrNotFound) {
					bad(line, "parent", "không có đơn vị mã “%s”, trong hệ thống cũng như trong tệp", u.ParentCode)
					return nil
				} else if err != nil {
					return err
				}
				if !sc.Contains(pid) && !added[pid] {
					bad(line, "parent", "đơn vị “%s” nằm ngoài phạm vi bạn quản lý; chỉ nhập được đơn vị dưới đơn vị của mình", u.ParentCode)
					return nil
				}
				if _, err := versionAt(ctx, tx, pid, it.from); errors.Is(err, errs.ErrNotFound) {
					bad(line, "parent", "đơn vị cấp trên “%s” không hoạt động vào ngày %s", u.ParentCode, displayDate(it.from))
					return nil
				} else if err != nil {
					return err
				}
				u.ParentID = pid
			}
			if id, err = insertUnit(ctx, tx, u.Code, s.now()); err != nil {
				return err
			}
			if err := openVersion(ctx, tx, id, *u, it.from, 0); err != nil {
				return err
			}
			u.ID, u.ValidFrom, u.ValidTo = id, it.from, vn.Forever
			it.ok, it.id, added[id] = true, id, true
			out.Added = append(out.Added, *u)
			return audit.Record(ctx, tx, s.now(), audit.Entry{Action: "unit.create", Entity: "unit", EntityKey: u.Code, UnitID: id,
				Summary: fmt.Sprintf("Thêm đơn vị %s (%s) từ ngày %s, nhập từ tệp %s", u.Name, u.Code, displayDate(it.from), opt.Source)}, nil, snapshot(*u))
		}
		// Each pass settles the rows whose parent is settled; what is left
		// after a pass that settles nothing waits on itself (a cycle).
		for progress := true; progress; {
			progress = false
			for _, it := range items {
				if it.done {
					continue
				}
				if p, inFile := byCode[it.in.ParentCode]; inFile && it.in.ParentCode != "" && !p.done {
					continue
				}
				it.done, progress = true, true
				if err := settle(it); err != nil {
					return err
				}
			}
		}
		for _, it := range items {
			if !it.done {
				it.done = true
				bad(it.row.Line, "parent", "đơn vị cấp trên “%s” lại nằm dưới đơn vị này trong tệp (vòng lặp)", it.in.ParentCode)
			}
		}
		if opt.Preview || (opt.AllOrNothing && len(out.Problems) > 0) {
			return errUndo
		}
		return audit.Record(ctx, tx, s.now(), audit.Entry{Action: "unit.import", Entity: "import", EntityKey: opt.Source,
			Summary: fmt.Sprintf("Nhập đơn vị từ tệp %s: %d đơn vị mới, %d không đổi, %d dòng lỗi", opt.Source, len(out.Added), len(out.Unchanged), problemLines(out.Problems))}, nil, nil)
	})
	slices.SortStableFunc(out.Problems, func(a, b RowProblem) int { return a.Line - b.Line })
	if errors.Is(err, errUndo) {
		if !opt.Preview {
			out.Added = nil
		}
		return out, nil
	}
	if err != nil {
		return UnitsOutcome{}, fmt.Errorf("import units from %s: %w", opt.Source, err)
	}
	return out, nil
}

// parseType reads a unit type by its code or its Vietnamese name.
func parseType(s string) (Type, bool) {
	f := vn.Fold(s)
	for _, t := range Types {
		if f == string(t) || f == vn.Fold(t.Label("vi")) {
			return t, true
		}
	}
	return "", false
}

func typeHint() string {
	var out []string
	for _, t := range Types {
		out = append(out, fmt.Sprintf("%s (%s)", t, t.Label("vi")))
	}
	return strings.Join(out, ", ")
}

func joinLines(ls []int) string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = strconv.Itoa(l)
	}
	return strings.Join(out, ", ")
}

func problemLines(ps []RowProblem) int {
	seen := map[int]bool{}
	for _, p := range ps {
		seen[p.Line] = true
	}
	return len(seen)
}

// lowerFirst turns a form's sentence into a cell's reason.
func lowerFirst(s string) string {
	s = strings.TrimSuffix(s, ".")
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToLower(string(r[0])) + string(r[1:])
}
