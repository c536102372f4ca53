package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Kind is the kind of a restructure.
type Kind string

const (
	KindRename    Kind = "rename"     // đổi tên
	KindMove      Kind = "move"       // chuyển đơn vị cấp trên
	KindMergeInto Kind = "merge_into" // sáp nhập A (B, …) vào một đơn vị có sẵn
	KindMergeNew  Kind = "merge_new"  // hợp nhất A + B → đơn vị mới C
	KindSplit     Kind = "split"      // chia tách A → C1, C2, …
	KindDissolve  Kind = "dissolve"   // giải thể
)

// Kinds lists every restructure in display order.
var Kinds = []Kind{KindRename, KindMove, KindMergeInto, KindMergeNew, KindSplit, KindDissolve}

var kindLabels = map[Kind][2]string{
	KindRename:    {"Đổi tên", "Rename"},
	KindMove:      {"Chuyển cấp trên", "Move"},
	KindMergeInto: {"Sáp nhập vào đơn vị khác", "Merge into another unit"},
	KindMergeNew:  {"Hợp nhất thành đơn vị mới", "Merge into a new unit"},
	KindSplit:     {"Chia tách", "Split"},
	KindDissolve:  {"Giải thể", "Dissolve"},
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { _, ok := kindLabels[k]; return ok }

// Label is the kind's name in lang.
func (k Kind) Label(lang string) string {
	l, ok := kindLabels[k]
	if !ok {
		return string(k)
	}
	if lang == "en" {
		return l[1]
	}
	return l[0]
}

// Operation is a restructure as a person asks for it.
type Operation struct {
	Kind      Kind
	Effective string   // date as typed
	Basis     string   // legal basis
	Note      string   //
	Units     []string // codes of the units restructured (A, B, …)
	Target    string   // merge_into: the absorbing unit; move: the new parent; dissolve: the successor (default: the parent)
	NewName   string   // rename
	NewShort  string   // rename
	New       []UnitInput
}

// Change is one line of a restructure's outcome.
type Change struct {
	Code string
	Name string
	What string // Vietnamese
}

// Outcome is what a restructure did, or would do in a preview.
type Outcome struct {
	Event   Event
	Changes []Change
	Preview bool
}

var errPreview = errors.New("preview: roll back")

// Restructure applies op, or with preview set runs it and rolls it back, so
// the preview shows exactly what applying would do.
func (s *Service) Restructure(ctx context.Context, op Operation, preview bool) (*Outcome, error) {
	lengths := errs.NewInvalid().MaxLen("basis", "Căn cứ", op.Basis, 1000).MaxLen("note", "Ghi chú", op.Note, 2000).
		MaxLen("new_name", "Tên mới", op.NewName, 300).MaxLen("new_short", "Tên viết tắt mới", op.NewShort, 100)
	if err := lengths.Err(); err != nil {
		return nil, err
	}
	var out *Outcome
	err := s.tx(ctx, func(tx *sql.Tx) error {
		r := &restructuring{s: s, ctx: ctx, tx: tx, op: op, v: errs.NewInvalid()}
		o, err := r.run()
		if err != nil {
			return err
		}
		out = o
		if preview {
			o.Preview = true
			return errPreview
		}
		return nil
	})
	if errors.Is(err, errPreview) {
		err = nil
	}
	return out, err
}

// restructuring carries one operation through validation and application.
type restructuring struct {
	s       *Service
	ctx     context.Context
	tx      *sql.Tx
	op      Operation
	v       *errs.Invalid
	d       string
	eventID int64
	out     Outcome
}

func (r *restructuring) run() (*Outcome, error) {
	op := &r.op
	if !op.Kind.Valid() {
		r.v.Field("kind", "Vui lòng chọn loại sắp xếp.")
		return nil, r.v.Err()
	}
	if strings.TrimSpace(op.Effective) == "" {
		r.v.Field("effective", "Vui lòng nhập ngày có hiệu lực.")
	} else if t, err := vn.ParseDate(op.Effective); err != nil {
		r.v.Field("effective", err.Error())
	} else {
		r.d = vn.ISODate(t)
	}
	op.Basis = strings.TrimSpace(op.Basis)
	var subjects []Unit
	for _, c := range op.Units {
		if c = strings.ToLower(strings.TrimSpace(c)); c == "" {
			continue
		}
		u, ok, err := r.subject(c)
		if err != nil {
			return nil, err
		}
		if ok {
			subjects = append(subjects, u)
		}
	}
	if len(subjects) == 0 && !r.v.Has("units") {
		r.v.Field("units", "Vui lòng chọn đơn vị cần sắp xếp.")
	}
	if err := r.v.Err(); err != nil {
		return nil, err
	}
	r.out.Event = Event{Kind: op.Kind, Effective: r.d, Basis: op.Basis, Note: strings.TrimSpace(op.Note), CreatedAt: r.s.now()}
	var actorID int64
	if a := access.From(r.ctx); a != nil {
		actorID = a.UserID
	}
	id, err := insertEvent(r.ctx, r.tx, r.out.Event, actorID)
	if err != nil {
		return nil, err
	}
	r.eventID, r.out.Event.ID = id, id
	switch op.Kind {
	case KindRename:
		err = r.rename(subjects[0])
	case KindMove:
		err = r.move(subjects[0])
	case KindMergeInto:
		err = r.mergeInto(subjects)
	case KindMergeNew:
		err = r.mergeNew(subjects)
	case KindSplit:
		err = r.split(subjects[0])
	case KindDissolve:
		err = r.dissolve(subjects[0])
	}
	if err != nil {
		return nil, err
	}
	if err := r.v.Err(); err != nil {
		return nil, err
	}
	codes := make([]string, len(subjects))
	for i, u := range subjects {
		codes[i] = u.Code
	}
	summary := fmt.Sprintf("%s: %s, từ ngày %s", op.Kind.Label("vi"), strings.Join(codes, ", "), displayDate(r.d))
	if err := audit.Record(r.ctx, r.tx, r.s.now(), audit.Entry{Action: "unit." + string(op.Kind), Entity: "unit",
		EntityKey: strings.Join(codes, ","), UnitID: subjects[0].ID, Summary: summary}, nil, r.out); err != nil {
		return nil, err
	}
	return &r.out, nil
}

// subject resolves a unit being restructured: it must exist, be the actor's
// to restructure, be in force on the date, and have no later change.
func (r *restructuring) subject(code string) (Unit, bool, error) {
	id, err := unitIDByCode(r.ctx, r.tx, code)
	if err != nil {
		r.v.Fieldf("units", "Không có đơn vị mã %q.", code)
		return Unit{}, false, nil
	}
	if err := r.s.authorize(r.ctx, r.tx, access.UnitRestructure, id); err != nil {
		return Unit{}, false, err
	}
	if r.d == "" {
		return Unit{}, false, nil
	}
	return r.inForce(id, "units", r.op.Kind == KindRename || r.op.Kind == KindMove)
}

// inForce returns the version of id in force on the operation's date and
// records why it cannot be restructured then, if it cannot. sameDay allows a
// rename or move on the day another restructure already changed the unit.
func (r *restructuring) inForce(id int64, field string, sameDay bool) (Unit, bool, error) {
	last, err := lastVersion(r.ctx, r.tx, id)
	if err != nil {
		return Unit{}, false, err
	}
	first, err := versions(r.ctx, r.tx, id)
	if err != nil {
		return Unit{}, false, err
	}
	switch {
	case r.d <= first[0].ValidFrom:
		r.v.Fieldf(field, "Ngày hiệu lực phải sau ngày %s, khi %s bắt đầu hoạt động.", displayDate(first[0].ValidFrom), last.Name)
	case last.ValidTo != vn.Forever && r.d >= last.ValidTo:
		r.v.Fieldf(field, "%s đã kết thúc hoạt động từ ngày %s.", last.Name, displayDate(last.ValidTo))
	case r.d < last.ValidFrom || (r.d == last.ValidFrom && !sameDay):
		r.v.Fieldf(field, "%s đã có thay đổi từ ngày %s; ngày hiệu lực phải sau ngày đó.", last.Name, displayDate(last.ValidFrom))
	case last.ValidTo != vn.Forever:
		r.v.Fieldf(field, "%s đã được sắp xếp lại từ ngày %s.", last.Name, displayDate(last.ValidTo))
	default:
		return last, true, nil
	}
	return Unit{}, false, nil
}

// target resolves a unit the operation points at (new parent, absorbing
// unit, successor); it must be the actor's and in force on the date.
func (r *restructuring) target(code, field string) (Unit, bool, error) {
	code = strings.ToLower(strings.TrimSpace(code))
	if code == "" {
		r.v.Field(field, "Vui lòng chọn đơn vị.")
		return Unit{}, false, nil
	}
	id, err := unitIDByCode(r.ctx, r.tx, code)
	if err != nil {
		r.v.Fieldf(field, "Không có đơn vị mã %q.", code)
		return Unit{}, false, nil
	}
	if err := r.s.authorize(r.ctx, r.tx, access.UnitRestructure, id); err != nil {
		if errors.Is(err, errs.ErrForbidden) {
			r.v.Field(field, "Đơn vị này nằm ngoài phạm vi bạn quản lý.")
			return Unit{}, false, nil
		}
		return Unit{}, false, err
	}
	u, err := versionAt(r.ctx, r.tx, id, r.d)
	if errors.Is(err, errs.ErrNotFound) {
		r.v.Fieldf(field, "Đơn vị mã %q không tồn tại vào ngày %s.", code, displayDate(r.d))
		return Unit{}, false, nil
	}
	return u, err == nil, err
}

// descendantOf reports whether candidate is in the subtree of root on the
// operation's date (root included).
func (r *restructuring) descendantOf(candidate, root int64) (bool, error) {
	sub, err := subtreeAt(r.ctx, r.tx, root, r.d)
	return slices.Contains(sub, candidate), err
}

// change starts a new version of u from the date with the fields of next;
// a version that already starts on the date is amended instead.
func (r *restructuring) change(u, next Unit, what string) error {
	if u.ValidFrom == r.d {
		if err := correctVersion(r.ctx, r.tx, next); err != nil {
			return err
		}
		r.out.Changes = append(r.out.Changes, Change{Code: u.Code, Name: next.Name, What: what})
		return nil
	}
	if err := closeVersion(r.ctx, r.tx, u.VersionID, r.d); err != nil {
		return err
	}
	if err := openVersion(r.ctx, r.tx, u.ID, next, r.d, r.eventID); err != nil {
		return err
	}
	r.out.Changes = append(r.out.Changes, Change{Code: u.Code, Name: next.Name, What: what})
	return nil
}

// end closes u on the date and hands its history to successors.
func (r *restructuring) end(u Unit, successors []Unit, what string) error {
	if err := closeVersion(r.ctx, r.tx, u.VersionID, r.d); err != nil {
		return err
	}
	for _, s := range successors {
		if err := insertSuccession(r.ctx, r.tx, u.ID, s.ID, r.eventID, r.d); err != nil {
			return err
		}
	}
	r.out.Changes = append(r.out.Changes, Change{Code: u.Code, Name: u.Name, What: what})
	return nil
}

// moveChildren moves every child of from (on the date) under to.
func (r *restructuring) moveChildren(from, to Unit) error {
	kids, err := childrenAt(r.ctx, r.tx, from.ID, r.d)
	if err != nil {
		return err
	}
	for _, k := range kids {
		if k.ValidTo != vn.Forever {
			r.v.Fieldf("units", "Đơn vị trực thuộc %s đã có thay đổi sau ngày này; hãy sắp xếp đơn vị đó trước.", k.Name)
			continue
		}
		next := k
		next.ParentID = to.ID
		if err := r.change(k, next, fmt.Sprintf("chuyển từ %s về %s", from.Name, to.Name)); err != nil {
			return err
		}
	}
	return nil
}

// create makes a new unit in force from the date.
func (r *restructuring) create(in UnitInput, defaultParent Unit, field string) (Unit, error) {
	v := errs.NewInvalid()
	validateFields(&in, v, true)
	for f, msg := range errs.FieldsOf(v.Err()) {
		r.v.Field(field+"."+f, msg)
	}
	parent := defaultParent
	if in.ParentCode != "" {
		p, ok, err := r.target(in.ParentCode, field+".parent")
		if err != nil || !ok {
			return Unit{}, err
		}
		parent = p
	}
	if r.v.Err() != nil {
		return Unit{}, nil
	}
	id, err := insertUnit(r.ctx, r.tx, in.Code, r.s.now())
	if fields := errs.FieldsOf(err); fields != nil {
		r.v.Field(field+".code", fields["code"])
		return Unit{}, nil
	} else if err != nil {
		return Unit{}, err
	}
	u := Unit{ID: id, Code: in.Code, Name: in.Name, ShortName: in.ShortName, Type: in.Type, ParentID: parent.ID, ParentCode: parent.Code}
	if err := openVersion(r.ctx, r.tx, id, u, r.d, r.eventID); err != nil {
		return Unit{}, err
	}
	u, err = versionAt(r.ctx, r.tx, id, r.d)
	if err != nil {
		return Unit{}, err
	}
	r.out.Changes = append(r.out.Changes, Change{Code: u.Code, Name: u.Name, What: "thành lập, trực thuộc " + parent.Name})
	return u, nil
}

func (r *restructuring) rename(u Unit) error {
	name := strings.Join(strings.Fields(r.op.NewName), " ")
	if name == "" {
		r.v.Field("new_name", "Vui lòng nhập tên mới.")
		return nil
	}
	next := u
	next.Name, next.ShortName = name, strings.TrimSpace(r.op.NewShort)
	return r.change(u, next, fmt.Sprintf("đổi tên từ %q thành %q", u.Name, name))
}

func (r *restructuring) move(u Unit) error {
	p, ok, err := r.target(r.op.Target, "target")
	if err != nil || !ok {
		return err
	}
	if in, err := r.descendantOf(p.ID, u.ID); err != nil {
		return err
	} else if in {
		r.v.Field("target", "Không thể chuyển một đơn vị về dưới chính nó hoặc đơn vị cấp dưới của nó.")
		return nil
	}
	next := u
	next.ParentID = p.ID
	return r.change(u, next, "chuyển về trực thuộc "+p.Name)
}

func (r *restructuring) mergeInto(subjects []Unit) error {
	into, ok, err := r.target(r.op.Target, "target")
	if err != nil || !ok {
		return err
	}
	return r.absorb(subjects, into)
}

// absorb ends each subject into the absorbing unit, moving its children.
func (r *restructuring) absorb(subjects []Unit, into Unit) error {
	for _, a := range subjects {
		if in, err := r.descendantOf(into.ID, a.ID); err != nil {
			return err
		} else if in {
			r.v.Fieldf("target", "Không thể sáp nhập %s vào chính nó hoặc vào đơn vị cấp dưới của nó.", a.Name)
			return nil
		}
	}
	for _, a := range subjects {
		if err := r.moveChildren(a, into); err != nil {
			return err
		}
		if err := r.end(a, []Unit{into}, "sáp nhập vào "+into.Name); err != nil {
			return err
		}
	}
	return nil
}

func (r *restructuring) mergeNew(subjects []Unit) error {
	if len(subjects) < 2 {
		r.v.Field("units", "Hợp nhất cần ít nhất hai đơn vị.")
		return nil
	}
	if len(r.op.New) == 0 {
		r.v.Field("new.0.name", "Vui lòng nhập thông tin đơn vị mới.")
		return nil
	}
	parent, err := r.parentOf(subjects[0])
	if err != nil {
		return err
	}
	c, err := r.create(r.op.New[0], parent, "new.0")
	if err != nil || c.ID == 0 {
		return err
	}
	return r.absorb(subjects, c)
}

func (r *restructuring) split(u Unit) error {
	if len(r.op.New) < 2 {
		r.v.Field("new.1.name", "Chia tách cần ít nhất hai đơn vị mới.")
		return nil
	}
	parent, err := r.parentOf(u)
	if err != nil {
		return err
	}
	var parts []Unit
	for i, in := range r.op.New {
		p, err := r.create(in, parent, fmt.Sprintf("new.%d", i))
		if err != nil {
			return err
		}
		if p.ID != 0 {
			parts = append(parts, p)
		}
	}
	if r.v.Err() != nil {
		return nil
	}
	for _, p := range parts {
		if in, err := r.descendantOf(p.ParentID, u.ID); err != nil {
			return err
		} else if in {
			r.v.Field("new.0.parent", "Đơn vị mới không thể trực thuộc đơn vị bị chia tách.")
			return nil
		}
	}
	if err := r.moveChildren(u, parts[0]); err != nil {
		return err
	}
	return r.end(u, parts, "chia tách thành "+joinNames(parts))
}

func (r *restructuring) dissolve(u Unit) error {
	var succ Unit
	if strings.TrimSpace(r.op.Target) != "" {
		t, ok, err := r.target(r.op.Target, "target")
		if err != nil || !ok {
			return err
		}
		succ = t
	} else if u.ParentID != 0 {
		p, err := r.parentOf(u)
		if err != nil {
			return err
		}
		succ = p
	} else {
		r.v.Field("target", "Đơn vị cấp cao nhất chỉ giải thể khi có đơn vị tiếp nhận.")
		return nil
	}
	if in, err := r.descendantOf(succ.ID, u.ID); err != nil {
		return err
	} else if in {
		r.v.Field("target", "Đơn vị tiếp nhận không thể là chính đơn vị bị giải thể hoặc cấp dưới của nó.")
		return nil
	}
	if err := r.moveChildren(u, succ); err != nil {
		return err
	}
	return r.end(u, []Unit{succ}, "giải thể; nhiệm vụ và lịch sử chuyển về "+succ.Name)
}

// parentOf returns u's parent on the date (the zero Unit for a root).
func (r *restructuring) parentOf(u Unit) (Unit, error) {
	if u.ParentID == 0 {
		return Unit{}, nil
	}
	p, err := versionAt(r.ctx, r.tx, u.ParentID, r.d)
	if errors.Is(err, errs.ErrNotFound) {
		r.v.Fieldf("units", "Đơn vị cấp trên của %s không còn tồn tại vào ngày %s.", u.Name, displayDate(r.d))
		return Unit{}, nil
	}
	return p, err
}

func joinNames(us []Unit) string {
	names := make([]string, len(us))
	for i, u := range us {
		names[i] = u.Name
	}
	return strings.Join(names, ", ")
}
