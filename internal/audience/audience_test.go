package audience_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"github.com/canhgiac/canhgiac/internal/access"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

func TestSubscribe_ConsentContactsAndOptOut(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := audience.NewService(db, clock.NewFixed(time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)))
		keys := testutil.Keys(t)
		s.UseKeys(keys)
		_, err := s.Subscribe(ctx, audience.Input{Phone: "0912 34", Email: "khong-hop-le", Province: "Gotham", Groups: []string{"aliens"}})
		f := errs.FieldsOf(err)
		for _, k := range []string{"phone", "email", "province", "groups", "consent"} {
			if f[k] == "" {
				t.Errorf("no message for %s: %v", k, f)
			}
		}
		if _, err := s.Subscribe(ctx, audience.Input{Consent: true}); !strings.Contains(errs.FieldsOf(err)["phone"], "ít nhất một cách liên lạc") {
			t.Fatalf("no contact: %v", err)
		}
		a, err := s.Subscribe(ctx, audience.Input{Phone: "0168 812 3456", Province: "bình dương", Groups: []string{"elderly", "elderly"}, Consent: true})
		if err != nil {
			t.Fatal(err)
		}
		if a.Phone != "+84388123456" || a.Province != "Thành phố Hồ Chí Minh" || len(a.Groups) != 1 {
			t.Fatalf("stored as %+v", a)
		}
		// The same person again, now with an e-mail: one row, updated.
		b, err := s.Subscribe(ctx, audience.Input{Phone: "+84 388 123 456", Email: "Ba.Noi@Example.VN", Consent: true})
		if err != nil || b.ID != a.ID {
			t.Fatalf("resubscribe: %+v %v", b, err)
		}
		if n, _, _ := s.Count(access.With(ctx, access.System())); n != 1 {
			t.Fatalf("%d subscribers, want 1", n)
		}
		if ok, err := s.OptOut(ctx, "038 812 3456"); !ok || err != nil {
			t.Fatalf("opt out by phone: %v %v", ok, err)
		}
		if active, out, _ := s.Count(access.With(ctx, access.System())); active != 0 || out != 1 {
			t.Fatalf("after opting out: %d active, %d out", active, out)
		}
		if ok, _ := s.OptOut(ctx, "0999999999"); ok {
			t.Fatal("opting out a stranger found someone")
		}
		if m := audience.Mask("+84388123456"); m != "+84388***456" {
			t.Fatalf("mask = %q", m)
		}
		if m := audience.Mask("ba.noi@example.vn"); m != "b***@example.vn" {
			t.Fatalf("mask = %q", m)
		}
	})
}

func TestImport_ListsBadRowsKeepsGoodOnes(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := access.With(context.Background(), access.System())
		s := audience.NewService(db, clock.NewFixed(time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)))
		keys := testutil.Keys(t)
		s.UseKeys(keys)
		var b strings.Builder
		b.WriteString("\ufeffSố điện thoại,Email,Tỉnh,Nhóm,Đồng ý\n")
		for i := range 10000 {
			fmt.Fprintf(&b, "09%08d,,Cao Bằng,elderly,có\n", i)
		}
		b.WriteString("0912 34,,Cao Bằng,,có\n")        // row 10002: too short
		b.WriteString("0987654321,,Gotham,,có\n")       // 10003: unknown province
		b.WriteString("0987654322,,,,\n")               // 10004: no consent
		b.WriteString(",,,,\n")                         // blank: ignored
		b.WriteString("0987654323,ba@example.vn,,,x\n") // 10006: fine
		res, err := s.Import(ctx, "nguoi-nhan.csv", []byte(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		if res.Added != 10001 || len(res.Problems) != 3 {
			t.Fatalf("added %d, problems %+v", res.Added, res.Problems)
		}
		if res.Problems[0].Row != 10002 || !strings.Contains(res.Problems[0].Msg, "thiếu chữ số") ||
			res.Problems[1].Row != 10003 || !strings.Contains(res.Problems[1].Msg, "Gotham") ||
			res.Problems[2].Row != 10004 || !strings.Contains(res.Problems[2].Msg, "không có đồng ý") {
			t.Fatalf("problems: %+v", res.Problems)
		}
		if n, _, _ := s.Count(ctx); n != 10001 {
			t.Fatalf("%d subscribers", n)
		}
		if _, err := s.Import(ctx, "anh.png", []byte("\x89PNG\r\n\x1a\n....")); err == nil {
			t.Fatal("an image was imported")
		}
	})
}

func TestIsOptOutReply(t *testing.T) {
	for in, want := range map[string]bool{"TC": true, " tc ": true, "Hủy": true, "từ chối": true, "STOP": true, "ok": false, "TC 123": false, "": false} {
		if got := audience.IsOptOutReply(in); got != want {
			t.Errorf("%q → %v", in, got)
		}
	}
}

func TestSubject_ExportAndErase(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		s, as := scoped(t, db)
		ctx := as("cao-bang-ca", "cao-bang")
		if _, err := s.Subject(context.Background(), "0912345678"); err == nil {
			t.Fatal("a stranger read a subscriber's data")
		}
		if _, err := s.Subscribe(ctx, audience.Input{Phone: "0912 345 678", Email: "ba@example.vn", Province: "Cao Bằng", Consent: true, Source: "portal"}); err != nil {
			t.Fatal(err)
		}
		d, err := s.Subject(ctx, "+84 912 345 678")
		if err != nil || d.Subscription == nil || d.Subscription.Email != "ba@example.vn" || d.Subscription.ConsentText != audience.ConsentText {
			t.Fatalf("export: %+v %v", d, err)
		}
		if n, err := s.Erase(ctx, "BA@example.vn"); err != nil || n != 1 {
			t.Fatalf("erase: %d %v", n, err)
		}
		if d, err := s.Subject(access.With(context.Background(), access.System()), "0912345678"); err != nil || d.Subscription != nil {
			t.Fatalf("after erasure: %+v %v; want no subscription", d, err)
		}
		var n int
		db.R.QueryRow(`SELECT COUNT(*) FROM suppressions`).Scan(&n)
		if n != 2 { // the e-mail given and the phone on the same row
			t.Fatalf("%d suppressions", n)
		}
	})
}

func TestMaskContacts(t *testing.T) {
	for in, want := range map[string]string{
		"máy chủ thư từ chối người nhận <an.nguyen@example.vn>: 550": "máy chủ thư từ chối người nhận <a***@example.vn>: 550",
		"Zalo: số 84912345678 không có tài khoản (-118)":             "Zalo: số 84912***678 không có tài khoản (-118)",
		"ESME_RINVDSTADR (0x0000000B)":                               "ESME_RINVDSTADR (0x0000000B)",
	} {
		if got := audience.MaskContacts(in); got != want {
			t.Errorf("MaskContacts(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestImport_DecompressionBombRefusedByName(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	chunk := bytes.Repeat([]byte("<row><c><v>1</v></c></row>"), 40000)
	for range 120 {
		w.Write(chunk)
	}
	zw.Close()
	start := time.Now()
	_, _, err := audience.ParseFile("nguoi-nhan.xlsx", b.Bytes())
	msg := errs.FieldsOf(err)["file"]
	if !strings.Contains(msg, "“nguoi-nhan.xlsx”") || !strings.Contains(msg, "giải nén ra") {
		t.Fatalf("refusal %q (err %v)", msg, err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
}
