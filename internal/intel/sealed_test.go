package intel_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/seal"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

func sealedService(t *testing.T, db *store.DB) *intel.Service {
	t.Helper()
	k, err := seal.CreateFile(filepath.Join(t.TempDir(), seal.FileName))
	if err != nil {
		t.Fatal(err)
	}
	s := intel.NewService(db, clock.NewFixed(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)))
	s.UseKeys(k)
	return s
}

// warned makes "0912345678" a number with a warning, so its owner may ask.
func warned(t *testing.T, s *intel.Service, contact string) {
	t.Helper()
	// Three distinct reporters (address and device) make it suspicious.
	for i := range 3 {
		in := intel.TipInput{Indicators: []string{"0912345678"}, Tactic: "fraud", IP: fmt.Sprintf("10.0.%d.9", 9+i), Device: fmt.Sprintf("thiet-bi-%d", i)}
		if i == 0 {
			in.Contact, in.Consent = contact, contact != ""
		}
		if _, err := s.Submit(context.Background(), in); err != nil {
			t.Fatal(err)
		}
	}
}

const ownerReason = "Số của cửa hàng chúng tôi, bị kẻ gian mạo danh trên mạng xã hội."

func TestSealedContacts_TheSQLiteFileHoldsNoContactInClear(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	s := sealedService(t, db)
	warned(t, s, "nguoi.to.giac@example.vn 0987 654 321")
	rm, err := s.RequestRemoval(ctx, "0912345678", ownerReason, "chu.so@example.vn, 0933 222 111", true)
	if err != nil {
		t.Fatal(err)
	}
	testutil.NotInClear(t, db, dir, rm.Code, ownerReason, "nguoi.to.giac@example.vn", "0987 654 321", "chu.so@example.vn", "0933 222 111", "+84933222111", "84933222111")
}

func TestRemovals_ListMasksTheContactAndOpeningItIsAudited(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := sealedService(t, db)
		warned(t, s, "")
		rm, err := s.RequestRemoval(ctx, "0912345678", ownerReason, "chu.so@example.vn, 0933 222 111", true)
		if err != nil {
			t.Fatal(err)
		}
		analyst := access.With(ctx, &access.Actor{UserID: 7, Username: "xacminh", UnitID: 3, Grants: []access.Grant{{Role: access.RoleAnalyst, ScopeUnit: 1}}})
		list, err := s.Removals(analyst)
		if err != nil || len(list) != 1 {
			t.Fatalf("list: %+v %v", list, err)
		}
		if list[0].Contact != "" || list[0].Masked != "c***@example.vn, 093*****11" {
			t.Fatalf("the list shows contact %q, masked %q", list[0].Contact, list[0].Masked)
		}
		if pub, _ := s.RemovalByCode(ctx, rm.Code); pub.Contact != "" || pub.Masked != "" {
			t.Fatal("the public page must not carry the contact, even masked")
		}
		if _, err := s.RemovalForReview(ctx, rm.ID); err == nil {
			t.Fatal("opening a contact without an analyst must be refused")
		}
		one, err := s.RemovalForReview(analyst, rm.ID)
		if err != nil || one.Contact != "chu.so@example.vn, 0933 222 111" {
			t.Fatalf("the request's page: %+v %v", one, err)
		}
		log, err := audit.List(ctx, db.R, audit.Filter{All: true, Action: "tip.removal_contact_read"})
		if err != nil || len(log) != 1 {
			t.Fatalf("audit: %+v %v", log, err)
		}
		if e := log[0]; e.Actor != "xacminh" || e.EntityKey != rm.Code || e.UnitID != 3 || !strings.Contains(e.Summary, rm.Code) || strings.Contains(e.Summary, "example.vn") {
			t.Fatalf("audit entry %+v", e)
		}
	})
}

func TestRemoval_OneContactMayAskOnlyAFewTimesADay(t *testing.T) {
	ctx := context.Background()
	s := sealedService(t, storetest.SQLite(t))
	warned(t, s, "")
	for i, c := range []string{"0933 222 111", "+84933222111", "0933.222.111", "84 933 222 111", "(093) 3222111", "0933222111"} {
		_, err := s.RequestRemoval(ctx, "0912345678", ownerReason, c, true)
		if i < 5 && err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
		if i == 5 && errs.KindOf(err) != errs.KindTooMany {
			t.Fatalf("the sixth request of one phone in a day: %v", err)
		}
	}
	if _, err := s.RequestRemoval(ctx, "0912345678", ownerReason, "khac@example.vn", true); err != nil {
		t.Fatalf("another contact is not limited: %v", err)
	}
}

func TestSealedContacts_WithoutAKeyNothingIsStoredAndTheFormSaysWhy(t *testing.T) {
	ctx := context.Background()
	s := intel.NewService(storetest.SQLite(t), clock.NewFixed(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)))
	_, err := s.Submit(ctx, intel.TipInput{Indicators: []string{"0912345678"}, Contact: "0987 654 321", Consent: true, IP: "10.0.0.9"})
	if f := errs.FieldsOf(err); !strings.Contains(f["contact"], "khóa bảo vệ dữ liệu cá nhân") {
		t.Fatalf("a contact without a key: %v", err)
	}
	if _, err := s.Submit(ctx, intel.TipInput{Indicators: []string{"0912345678"}, IP: "10.0.0.9"}); err != nil {
		t.Fatalf("a tip without a contact needs no key: %v", err)
	}
}

// TestSealedNarratives_TheSQLiteFileHoldsNoVictimsAccountInClear: a tip's
// description, what its author added later and an owner's reason for a
// removal request are sealed at rest — also those written in clear before
// sealing began, which the start-up pass seals — and the area's analysts
// still read them.
func TestSealedNarratives_TheSQLiteFileHoldsNoVictimsAccountInClear(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	k := testutil.Keys(t)
	s := intel.NewService(db, clock.NewFixed(verdictDay))
	s.UseKeys(k)
	const (
		story   = "Tôi bị gọi giả danh công an phường Ngọc Hà, chuyển 48 triệu vào tài khoản lạ"
		more    = "Bổ sung: người gọi xưng là thiếu tá Trần Văn Bình, gọi lúc 14 giờ"
		reason  = "Số này là của tiệm may Hoa Sen ở Cao Bằng, chúng tôi bị mạo danh"
		earlier = "Câu chuyện cũ được ghi trước khi niêm phong"
	)
	warned(t, s, "")
	tip, err := s.Submit(ctx, intel.TipInput{Indicators: []string{"0912345678"}, Description: story, IP: "192.0.2.1"})
	if err != nil {
		t.Fatal(err)
	}
	analyst := access.With(ctx, &access.Actor{UserID: 7, Username: "xacminh", UnitID: 3, Grants: []access.Grant{{Role: access.RoleAnalyst, ScopeUnit: 1}}})
	if err := s.AskMore(analyst, tip.Code, "Anh chị cho biết thêm tên người gọi?"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddToTip(ctx, tip.Code, more); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RequestRemoval(ctx, "0912345678", reason, "chu.so@example.vn", true); err != nil {
		t.Fatal(err)
	}
	// A row written before sealing began: the start-up pass seals it.
	if _, err := db.W.ExecContext(ctx, `UPDATE tips SET description = $1 WHERE id = (SELECT MIN(id) FROM tips)`, earlier); err != nil {
		t.Fatal(err)
	}
	if _, err := seal.Reseal(ctx, db, k, intel.SealedColumns(), true, 0); err != nil {
		t.Fatal(err)
	}
	testutil.NotInClear(t, db, dir, tip.Code, story, more, reason, earlier)

	q, err := s.Queue(analyst)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, p := range q {
		for _, tp := range p.Tips {
			seen = append(seen, tp.Description)
			for _, a := range tp.Additions {
				seen = append(seen, a.Text)
			}
		}
	}
	for _, want := range []string{story, more, earlier} {
		if !slices.Contains(seen, want) {
			t.Errorf("the analyst does not read %q; reads %q", want, seen)
		}
	}
	rms, err := s.Removals(analyst)
	if err != nil || len(rms) != 1 || rms[0].Reason != reason {
		t.Fatalf("the analyst reads the removal request as %+v, %v", rms, err)
	}
}

// TestSealedNarratives_WithoutAKeyTheFormKeepsWhatWasTyped: a server with
// no sealing key refuses to store a narrative rather than keep it in clear.
func TestSealedNarratives_WithoutAKeyTheFormKeepsWhatWasTyped(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		s := intel.NewService(db, clock.NewFixed(verdictDay))
		_, err := s.Submit(context.Background(), intel.TipInput{Indicators: []string{"0912345678"}, Description: "Bị lừa chuyển tiền", IP: "192.0.2.1"})
		if msg := errs.FieldsOf(err)["description"]; !strings.Contains(msg, "chưa được cấu hình khóa") {
			t.Fatalf("a description without a key: %v", err)
		}
		if _, err := s.Submit(context.Background(), intel.TipInput{Indicators: []string{"0912345678"}, IP: "192.0.2.1"}); err != nil {
			t.Fatalf("a tip without a description needs no key: %v", err)
		}
	})
}
