package org_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/demo"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

var today = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

// withDemo returns an org service over the demo units and a system context.
func withDemo(t *testing.T, db *store.DB) (*org.Service, context.Context) {
	t.Helper()
	o := org.NewService(db, clock.NewFixed(today))
	if err := demo.LoadUnits(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	return o, access.With(context.Background(), access.System())
}

// find returns the node with code in the forest, or nil.
func find(ns []*org.Node, code string) *org.Node {
	for _, n := range ns {
		if n.Code == code {
			return n
		}
		if f := find(n.Children, code); f != nil {
			return f
		}
	}
	return nil
}

func childCodes(n *org.Node) []string {
	var out []string
	for _, c := range n.Children {
		out = append(out, c.Code)
	}
	return out
}

func TestTree_ShowsThe2024StructureAndTodays(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		o, ctx := withDemo(t, db)
		before, err := o.Tree(ctx, "2024-06-30")
		if err != nil {
			t.Fatal(err)
		}
		after, err := o.Tree(ctx, "2025-07-01")
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			code        string
			parent2024  string // "" = absent
			parentToday string
			nameToday   string
		}{
			{"cao-bang-sldtbxh", "cao-bang", "", ""},
			{"kien-giang", "bca", "", ""},
			{"kien-giang-sldtbxh", "kien-giang", "", ""},
			{"kg-tc-nghe-u-minh-thuong", "kien-giang-sldtbxh", "an-giang-sgddt", "Trường Trung cấp nghề vùng U Minh Thượng"},
			{"cao-bang-snnptnt", "cao-bang", "", ""},
			{"cao-bang-snnmt", "", "cao-bang", "Sở Nông nghiệp và Môi trường tỉnh Cao Bằng"},
			{"cao-bang-snnptnt-vp", "cao-bang-snnptnt", "cao-bang-snnmt", "Văn phòng Sở Nông nghiệp và Môi trường"},
			{"cao-bang-tp", "cao-bang", "", ""},
			{"cb-p-hop-giang", "cao-bang-tp", "", ""},
			{"cb-p-thuc-phan", "", "cao-bang", "Phường Thục Phán"},
			{"an-giang-snv", "an-giang", "an-giang", "Sở Nội vụ tỉnh An Giang"},
			{"dak-nong-tt-ud", "dak-nong-skhcn", "lam-dong-skhcn", "Trung tâm Thông tin, Kỹ thuật và Ứng dụng khoa học công nghệ"},
			{"quang-nam-tbatanm", "quang-nam", "", ""},
			{"cao-bang-sgddt", "cao-bang", "cao-bang", "Sở Giáo dục và Đào tạo tỉnh Cao Bằng"},
		}
		for _, c := range cases {
			check := func(forest []*org.Node, when, parent, name string) {
				n := find(forest, c.code)
				if parent == "" {
					if n != nil {
						t.Errorf("%s: %s is in the tree, want absent", when, c.code)
					}
					return
				}
				if n == nil {
					t.Errorf("%s: %s missing from the tree", when, c.code)
					return
				}
				p := find(forest, parent)
				if p == nil || !slices.Contains(childCodes(p), c.code) {
					t.Errorf("%s: %s is not under %s", when, c.code, parent)
				}
				if name != "" && n.Name != name {
					t.Errorf("%s: %s is named %q, want %q", when, c.code, n.Name, name)
				}
			}
			check(before, "2024-06-30", c.parent2024, "")
			check(after, "2025-07-01", c.parentToday, c.nameToday)
		}
	})
}

func TestSuccessor_FollowsMergersToTheDate(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		o, ctx := withDemo(t, db)
		cases := []struct{ code, date, want string }{
			{"kien-giang-sldtbxh", "2024-06-30", "kien-giang-sldtbxh"},
			{"kien-giang-sldtbxh", "2025-03-15", "kien-giang-snv"},
			{"kien-giang-sldtbxh", "2025-07-01", "an-giang-snv"},
			{"kien-giang-sldtbxh", "2026-11-22", "an-giang-snv"},
			{"cao-bang-snnptnt", "2026-11-22", "cao-bang-snnmt"},
			{"cb-x-hoang-tung", "2026-11-22", "cb-p-thuc-phan"},
			{"cao-bang-bao-lac", "2026-11-22", "cao-bang"},
			{"quang-nam-tbatanm", "2026-11-22", "da-nang-ca"},
		}
		for _, c := range cases {
			got, err := o.Successor(ctx, c.code, c.date)
			if err != nil {
				t.Fatalf("Successor(%s, %s): %v", c.code, c.date, err)
			}
			if len(got) != 1 || got[0].Code != c.want {
				t.Errorf("Successor(%s, %s) = %v, want %s", c.code, c.date, got, c.want)
			}
		}
	})
}

func TestSplit_LeavesEveryPartAsSuccessor(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		o, ctx := withDemo(t, db)
		op := org.Operation{Kind: org.KindSplit, Effective: "01/01/2026", Units: []string{"cao-bang-snnmt"}, New: []org.UnitInput{
			{Code: "cb-snn", Name: "Sở Nông nghiệp tỉnh Cao Bằng", Type: org.TypeDepartment},
			{Code: "cb-smt", Name: "Sở Môi trường tỉnh Cao Bằng", Type: org.TypeDepartment},
		}}
		prev, err := o.Restructure(ctx, op, true)
		if err != nil {
			t.Fatal(err)
		}
		if !prev.Preview || len(prev.Changes) == 0 {
			t.Fatalf("preview = %+v, want changes", prev)
		}
		if _, err := o.Lookup(ctx, "cb-snn", "2026-11-22"); errs.KindOf(err) != errs.KindNotFound {
			t.Fatalf("after a preview the new unit exists (err=%v); a preview must change nothing", err)
		}
		if _, err := o.Restructure(ctx, op, false); err != nil {
			t.Fatal(err)
		}
		got, err := o.Successor(ctx, "cao-bang-snnmt", "2026-02-01")
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, u := range got {
			codes = append(codes, u.Code)
		}
		slices.Sort(codes)
		if !slices.Equal(codes, []string{"cb-smt", "cb-snn"}) {
			t.Fatalf("successors = %v, want both parts", codes)
		}
		tree, err := o.Tree(ctx, "2026-02-01")
		if err != nil {
			t.Fatal(err)
		}
		if n := find(tree, "cb-snn"); n == nil || !slices.Contains(childCodes(n), "cao-bang-cc-kiem-lam") {
			t.Fatalf("the sub-units did not move to the first part")
		}
	})
}

func TestSearch_IgnoresDiacriticsAndCase(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		o, ctx := withDemo(t, db)
		for _, q := range []string{"so noi vu", "SỞ NỘI VỤ", "Sở Nội vụ"} {
			got, err := o.Search(ctx, q, "2026-11-22")
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, u := range got {
				codes = append(codes, u.Code)
			}
			if !slices.Contains(codes, "cao-bang-snv") || !slices.Contains(codes, "an-giang-snv") || slices.Contains(codes, "kien-giang-snv") {
				t.Errorf("Search(%q) = %v, want today's Sở Nội vụ of Cao Bằng and An Giang only", q, codes)
			}
		}
		got, err := o.Search(ctx, "lao dong", "2024-06-30")
		if err != nil || len(got) == 0 || !strings.Contains(got[0].Name, "Lao động") {
			t.Fatalf("Search(lao dong, 2024) = %v, %v", got, err)
		}
	})
}

func TestScope_OfficerSeesOnlyTheirDepartmentAndItsHistory(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		o, sys := withDemo(t, db)
		dept, err := o.Lookup(sys, "cao-bang-snnmt", "2026-11-22")
		if err != nil {
			t.Fatal(err)
		}
		ctx := access.With(context.Background(), &access.Actor{UserID: 99, Username: "canbo", UnitID: dept.ID,
			Grants: []access.Grant{{Role: access.RoleOfficer, ScopeUnit: dept.ID}}})
		now, err := o.Tree(ctx, "2026-11-22")
		if err != nil {
			t.Fatal(err)
		}
		if len(now) != 1 || now[0].Code != "cao-bang-snnmt" || len(now[0].Children) != 4 {
			t.Fatalf("today's tree for the officer = %v, want Sở NN&MT with its 4 sub-units", now)
		}
		then, err := o.Tree(ctx, "2024-06-30")
		if err != nil {
			t.Fatal(err)
		}
		var roots []string
		for _, n := range then {
			roots = append(roots, n.Code)
		}
		slices.Sort(roots)
		if !slices.Equal(roots, []string{"cao-bang-snnptnt", "cao-bang-stnmt"}) {
			t.Fatalf("2024 tree for the officer = %v, want the two predecessor departments", roots)
		}
		if _, err := o.Lookup(ctx, "cao-bang-sgddt", "2026-11-22"); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("officer looking up Sở GD&ĐT: err = %v, want forbidden", err)
		}
		if _, err := o.Update(ctx, "cao-bang-snnmt", org.UnitInput{Name: "x", Type: org.TypeDepartment, ParentCode: "cao-bang"}); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("officer editing their own unit: err = %v, want forbidden (officers cannot edit units)", err)
		}
		if _, err := o.Tree(context.Background(), "2026-11-22"); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Fatalf("tree without an actor: err = %v, want unauthenticated", err)
		}
	})
}

func TestBadInput_IsRefusedWithAMessageBesideTheField(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		o, ctx := withDemo(t, db)
		cases := []struct {
			name  string
			do    func() error
			field string
			want  string
		}{
			{"unit with no name", func() error {
				_, err := o.Create(ctx, org.UnitInput{Code: "cb-moi", Type: org.TypeSubunit, ParentCode: "cao-bang-sgddt"})
				return err
			}, "name", "Vui lòng nhập tên"},
			{"duplicate code", func() error {
				_, err := o.Create(ctx, org.UnitInput{Code: "cao-bang-sgddt", Name: "Trùng mã", Type: org.TypeSubunit, ParentCode: "cao-bang"})
				return err
			}, "code", "đã được dùng"},
			{"parent making a cycle", func() error {
				_, err := o.Update(ctx, "cao-bang", org.UnitInput{Name: "Ủy ban nhân dân tỉnh Cao Bằng", Type: org.TypeProvince, ParentCode: "cao-bang-snnmt"})
				return err
			}, "parent", "vòng lặp"},
			{"merge into own descendant", func() error {
				_, err := o.Restructure(ctx, org.Operation{Kind: org.KindMergeInto, Effective: "2026-01-01", Units: []string{"cao-bang-snnmt"}, Target: "cao-bang-cc-kiem-lam"}, false)
				return err
			}, "target", "cấp dưới"},
			{"restructure dated before the unit existed", func() error {
				_, err := o.Restructure(ctx, org.Operation{Kind: org.KindRename, Effective: "2024-01-01", Units: []string{"cao-bang-snnmt"}, NewName: "Tên mới"}, false)
				return err
			}, "units", "bắt đầu hoạt động"},
			{"malformed date", func() error {
				_, err := o.Restructure(ctx, org.Operation{Kind: org.KindRename, Effective: "31/2/2026", Units: []string{"cao-bang-snnmt"}, NewName: "Tên mới"}, false)
				return err
			}, "effective", "không hợp lệ"},
			{"restructure of a unit that has ended", func() error {
				_, err := o.Restructure(ctx, org.Operation{Kind: org.KindRename, Effective: "2026-01-01", Units: []string{"kien-giang-sldtbxh"}, NewName: "Tên mới"}, false)
				return err
			}, "units", "kết thúc hoạt động"},
		}
		for _, c := range cases {
			err := c.do()
			f := errs.FieldsOf(err)
			if f == nil || !strings.Contains(f[c.field], c.want) {
				t.Errorf("%s: err = %v, fields = %v; want field %q to say %q", c.name, err, f, c.field, c.want)
			}
		}
	})
}
