package onboard_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/demo"
	"github.com/canhgiac/canhgiac/internal/onboard"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

type fixture struct {
	o     *org.Service
	a     *auth.Service
	clk   *clock.Fixed
	admin context.Context // an administrator of the province's education department
}

func newFixture(t *testing.T, db *store.DB) fixture {
	t.Helper()
	auth.CheapHashesForTests()
	clk := clock.NewFixed(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	o := org.NewService(db, clk)
	if err := demo.LoadUnits(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	a := auth.NewService(db, clk, o)
	a.UseKeys(testutil.Keys(t)) // staff phones are sealed
	sys := access.With(context.Background(), access.System())
	if _, _, err := a.Create(sys, auth.NewUser{Username: "quantri.sgd", UnitCode: "cao-bang-sgddt", Roles: []access.Role{access.RoleAdmin}, Password: "mat-khau-quan-tri-sgd"}); err != nil {
		t.Fatal(err)
	}
	return fixture{o: o, a: a, clk: clk, admin: signIn(t, a, "quantri.sgd", "mat-khau-quan-tri-sgd")}
}

// signIn returns the context of an account, past the password (the second
// factor is not what these tests are about).
func signIn(t *testing.T, a *auth.Service, username, pw string) context.Context {
	t.Helper()
	tok, _, err := a.Login(context.Background(), username, pw, "10.0.0.1")
	if err != nil {
		t.Fatalf("login %s: %v", username, err)
	}
	sess, err := a.Session(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	sess.Stage = auth.StageReady
	act, err := a.Actor(context.Background(), sess)
	if err != nil {
		t.Fatal(err)
	}
	return access.With(context.Background(), act)
}

func csvFile(lines ...string) *bytes.Reader {
	return bytes.NewReader([]byte(strings.Join(lines, "\n") + "\n"))
}

// has reports whether a problem names the row, the column and a word of
// the reason.
func has(ps []org.RowProblem, line int, col, word string) bool {
	for _, p := range ps {
		if p.Line == line && p.Column == col && strings.Contains(p.Message, word) {
			return true
		}
	}
	return false
}

var badUnits = []string{
	"code,name,type,parent,valid_from",
	"cb-th-a,Trường Tiểu học A,subunit,cao-bang-sgddt,2025-07-01", // 2: good
	"cb-th-b,Trường Tiểu học B,truong,cao-bang-sgddt,",            // 3: unknown type
	"cb-th-c,Trường Tiểu học C,subunit,khong-co,",                 // 4: parent nowhere
	"cb-th-d,Trường Tiểu học D,subunit,cao-bang-ca,",              // 5: parent outside the admin's unit
	"cb-th-e,Trường Tiểu học E,subunit,cao-bang-sgddt,",           // 6: code twice
	"cb-th-e,Trường Tiểu học E bis,subunit,cao-bang-sgddt,",       // 7
	"cb-th-f,Trường Tiểu học F,subunit,cb-th-a,31/02/2025",        // 8: no such date
	"cao-bang-thpt-chuyen,Trường khác,subunit,cao-bang-sgddt,",    // 9: existing code, other data
	"cb-mn-g,Trường Mầm non G,subunit,cb-th-a,2025-07-01",         // 10: good, under row 2
	"bca,Trường Bộ,subunit,cao-bang-sgddt,",                       // 11: a code taken outside the admin's scope
}

func TestUnits_BadRowsAreListedByRowAndColumn(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		res, err := onboard.Units(f.admin, f.o, csvFile(badUnits...), "truong.csv", org.ImportOptions{AllOrNothing: true, Source: "truong.csv"})
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []struct {
			line      int
			col, word string
		}{
			{3, "type", "truong"}, {4, "parent", "không có đơn vị mã “khong-co”"}, {5, "parent", "ngoài phạm vi"},
			{6, "code", "lặp lại ở các dòng 6, 7"}, {7, "code", "lặp lại"}, {8, "valid_from", "31/02/2025"},
			{9, "code", "đã có đơn vị mã “cao-bang-thpt-chuyen”"},
			{11, "code", "đã được dùng cho một đơn vị khác"},
		} {
			if !has(res.Problems, want.line, want.col, want.word) {
				t.Errorf("no problem at row %d, column %s, saying %q; got %+v", want.line, want.col, want.word, res.Problems)
			}
		}
		if fmt.Sprint(res.Problems) != "" && strings.Contains(fmt.Sprint(res.Problems), "Bộ Công an") {
			t.Errorf("a unit outside the admin's scope is described: %+v", res.Problems)
		}
		if res.Written || len(res.Added) != 0 {
			t.Fatalf("all-or-nothing with bad rows wrote %v", res.Added)
		}
		if _, err := f.o.Lookup(f.admin, "cb-th-a", f.o.Today()); err == nil {
			t.Fatal("a good row was imported although the file had bad rows and the mode was all-or-nothing")
		}
		if u, err := f.o.Lookup(f.admin, "cao-bang-thpt-chuyen", f.o.Today()); err != nil || u.Name == "Trường khác" {
			t.Fatalf("the existing unit was changed: %+v %v", u, err)
		}

		res, err = onboard.Units(f.admin, f.o, csvFile(badUnits...), "truong.csv", org.ImportOptions{Source: "truong.csv"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Added) != 2 || !res.Written {
			t.Fatalf("good rows only: added %v, want the two good rows; problems %+v", res.Added, res.Problems)
		}
		if u, err := f.o.Lookup(f.admin, "cb-mn-g", f.o.Today()); err != nil || u.ParentCode != "cb-th-a" || u.ValidFrom != "2025-07-01" {
			t.Fatalf("a unit under a unit of the same file: %+v %v", u, err)
		}
	})
}

func TestUnits_ReimportingTheSameFileChangesNothing(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		file := []string{"type;parent;code;name", // any order, semicolons as Excel writes them in Vietnam
			"subunit;cao-bang-sgddt;cb-thcs-1;Trường THCS số 1", "Đơn vị trực thuộc;cb-thcs-1;cb-thcs-1-pho;Phân hiệu trường THCS số 1"}
		first, err := onboard.Units(f.admin, f.o, csvFile(file...), "a.csv", org.ImportOptions{AllOrNothing: true})
		if err != nil || len(first.Added) != 2 || len(first.Problems) != 0 {
			t.Fatalf("first import: %+v %v", first, err)
		}
		again, err := onboard.Units(f.admin, f.o, csvFile(file...), "a.csv", org.ImportOptions{AllOrNothing: true})
		if err != nil || len(again.Added) != 0 || len(again.Unchanged) != 2 || len(again.Problems) != 0 || again.Written {
			t.Fatalf("second import should change nothing: %+v %v", again, err)
		}
	})
}

func TestAccounts_RefusedByRowAndInvitedOtherwise(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		file := []string{"username,full_name,email,phone,unit,role",
			"gv.an,Nguyễn Văn An,an@caobang.edu.vn,0912 345 678,cao-bang-thpt-chuyen,officer", // 2: good
			"gv.binh,Trần Bình,,,khong-co,officer",                                            // 3: no such unit
			"gv.cuong,Lê Cường,,,cao-bang-ca,officer",                                         // 4: unit outside the admin's
			"gv.dung,Phạm Dũng,,,cao-bang-sgddt,admin",                                        // 5: a role only the province's admin grants
			"gv.em,Hoàng Em,khong-phai-thu,,cao-bang-sgddt,officer",                           // 6: e-mail
			"gv.giang,Vũ Giang,,,cao-bang-sgddt,thu-ky",                                       // 7: no such role
			"gv.hoa,Đỗ Hoa,,12345,cao-bang-thpt-chuyen,Lãnh đạo",                              // 8: phone
		}
		res, err := onboard.Accounts(f.admin, f.a, csvFile(file...), "gv.csv", org.ImportOptions{AllOrNothing: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []struct {
			line      int
			col, word string
		}{{3, "unit", "khong-co"}, {4, "unit", "ngoài phạm vi"}, {5, "role", "chỉ quản trị viên"}, {6, "email", "khong-phai-thu"},
			{7, "role", "thu-ky"}, {8, "phone", "12345"}} {
			if !has(res.Problems, want.line, want.col, want.word) {
				t.Errorf("no problem at row %d, column %s, saying %q; got %+v", want.line, want.col, want.word, res.Problems)
			}
		}
		if res.Written || len(res.Invited) != 0 {
			t.Fatalf("all-or-nothing with bad rows invited %+v", res.Invited)
		}
		if _, _, err := f.a.Login(context.Background(), "gv.an", "bat-ky-mat-khau-nao", "10.0.0.2"); err == nil {
			t.Fatal("an account of a refused file exists")
		}

		res, err = onboard.Accounts(f.admin, f.a, csvFile(file...), "gv.csv", org.ImportOptions{})
		if err != nil || len(res.Invited) != 1 || res.Invited[0].Username != "gv.an" || res.Invited[0].Token == "" {
			t.Fatalf("good rows only: %+v %v", res, err)
		}
		tok := res.Invited[0].Token
		if _, _, err := f.a.Login(context.Background(), "gv.an", "", "10.0.0.2"); err == nil {
			t.Fatal("an invited account signs in without a password")
		}
		if _, err := f.a.AcceptInvitation(context.Background(), tok, "ngan"); err == nil {
			t.Fatal("a too short password was accepted")
		}
		if name, err := f.a.AcceptInvitation(context.Background(), tok, "mat-khau-cua-gv-an"); err != nil || name != "gv.an" {
			t.Fatalf("accept: %q %v", name, err)
		}
		if _, _, err := f.a.Login(context.Background(), "gv.an", "mat-khau-cua-gv-an", "10.0.0.2"); err != nil {
			t.Fatalf("sign in with the password set from the invitation: %v", err)
		}
		if _, err := f.a.AcceptInvitation(context.Background(), tok, "mat-khau-khac-cua-ke-gian"); err == nil {
			t.Fatal("an invitation was used twice")
		}

		again, err := onboard.Accounts(f.admin, f.a, csvFile(file[:3]...), "gv.csv", org.ImportOptions{})
		if err != nil || len(again.Invited) != 0 || len(again.Unchanged) != 1 {
			t.Fatalf("re-import: %+v %v", again, err)
		}
	})
}

func TestInvitation_ExpiresAfterAWeek(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		res, err := onboard.Accounts(f.admin, f.a, csvFile("username,full_name,unit,role", "gv.muon,Người Đến Muộn,cao-bang-sgddt,officer"), "x.csv", org.ImportOptions{})
		if err != nil || len(res.Invited) != 1 {
			t.Fatalf("%+v %v", res, err)
		}
		f.clk.Advance(auth.InvitationTTL + time.Minute)
		if _, err := f.a.AcceptInvitation(context.Background(), res.Invited[0].Token, "mat-khau-qua-han-roi"); err == nil {
			t.Fatal("an expired invitation set a password")
		}
	})
}

// An invitation sets a first password only: once an administrator has
// reset the account's password, the old link no longer takes it over.
func TestInvitation_DeadOnceTheAccountHasAPassword(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		res, err := onboard.Accounts(f.admin, f.a, csvFile("username,full_name,unit,role", "gv.cu,Người Có Mật Khẩu,cao-bang-sgddt,officer"), "x.csv", org.ImportOptions{})
		if err != nil || len(res.Invited) != 1 {
			t.Fatalf("%+v %v", res, err)
		}
		if _, err := f.a.ResetPassword(f.admin, "gv.cu"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.a.OpenInvitation(context.Background(), res.Invited[0].Token); err == nil {
			t.Error("the invitation page still opens for an account that has a password")
		}
		if _, err := f.a.AcceptInvitation(context.Background(), res.Invited[0].Token, "mat-khau-cua-ke-khac"); err == nil {
			t.Fatal("an old invitation overwrote the password of an account in use")
		}
	})
}

// The templates import as they are; the .xlsx one holds the same rows as
// the .csv one, so after the .csv it changes nothing.
func TestTemplate_ImportsAsItIs(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		sys := access.With(context.Background(), access.System())
		for i, format := range []string{"csv", "xlsx"} {
			var u, a bytes.Buffer
			if err := onboard.Template(&u, onboard.KindUnits, format); err != nil {
				t.Fatal(err)
			}
			if err := onboard.Template(&a, onboard.KindAccounts, format); err != nil {
				t.Fatal(err)
			}
			units, err := onboard.Units(sys, f.o, &u, "mau."+format, org.ImportOptions{AllOrNothing: true})
			if err != nil || len(units.Added)+len(units.Unchanged) != 2 || len(units.Added) != 2*(1-i) || len(units.Problems) != 0 {
				t.Fatalf("%s units template: %+v %v", format, units, err)
			}
			accs, err := onboard.Accounts(sys, f.a, &a, "mau."+format, org.ImportOptions{AllOrNothing: true})
			if err != nil || len(accs.Invited)+len(accs.Unchanged) != 2 || len(accs.Invited) != 2*(1-i) || len(accs.Problems) != 0 {
				t.Fatalf("%s accounts template: %+v %v", format, accs, err)
			}
		}
	})
}

// A staff phone from the account file is personal data: sealed at rest,
// and a re-import of the same row still reads as unchanged.
func TestAccounts_PhoneIsSealedAtRest(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		file := []string{"username,full_name,email,phone,unit,role", "gv.so,Người Có Số,so@caobang.edu.vn,0912 777 123,cao-bang-sgddt,officer"}
		if res, err := onboard.Accounts(f.admin, f.a, csvFile(file...), "x.csv", org.ImportOptions{}); err != nil || len(res.Invited) != 1 {
			t.Fatalf("%+v %v", res, err)
		}
		var stored string
		if err := db.R.QueryRow(`SELECT phone FROM users WHERE username = 'gv.so'`).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored == "" || strings.Contains(stored, "912777123") {
			t.Errorf("the phone is stored as %q", stored)
		}
		if again, err := onboard.Accounts(f.admin, f.a, csvFile(file...), "x.csv", org.ImportOptions{}); err != nil || len(again.Unchanged) != 1 {
			t.Errorf("re-import: %+v %v", again, err)
		}
	})
}
