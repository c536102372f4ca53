package audience_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/demo"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// scoped returns the service over the demo's units and a maker of
// coordinators: as(unit, scope).
func scoped(t *testing.T, db *store.DB) (*audience.Service, func(unit, scope string) context.Context) {
	t.Helper()
	clk := clock.NewFixed(time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC))
	o := org.NewService(db, clk)
	if err := demo.LoadUnits(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	s := audience.NewService(db, clk)
	keys := testutil.Keys(t)
	s.UseKeys(keys)
	s.ScopeWith(o)
	id := func(code string) int64 {
		n, err := o.IDByCode(context.Background(), code)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	return s, func(unit, scope string) context.Context {
		return access.With(context.Background(), &access.Actor{UserID: id(unit), Username: "dieu-phoi-" + unit, UnitID: id(unit),
			Grants: []access.Grant{{Role: access.RoleCoordinator, ScopeUnit: id(scope)}}})
	}
}

func TestAudience_AUnitImportsSeesExportsAndErasesOnlyItsProvince(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		s, as := scoped(t, db)
		sys := access.With(context.Background(), access.System())
		for _, in := range []audience.Input{
			{Phone: "0912000001", Province: "Cao Bằng"},
			{Phone: "0912000002", Province: "An Giang"},
			{Phone: "0912000003"}, // no province: the national level's
		} {
			in.Consent = true
			if _, err := s.Subscribe(sys, in); err != nil {
				t.Fatal(err)
			}
		}
		caoBang, anGiang, national := as("cao-bang-ca", "cao-bang"), as("an-giang-ca", "an-giang"), as("bca-a05", "bca")
		province := func(phone string) string {
			d, err := s.Subject(sys, phone)
			if err != nil || d.Subscription == nil {
				t.Fatalf("%s: %+v %v", phone, d, err)
			}
			return d.Subscription.Province
		}

		res, err := s.Import(anGiang, "an-giang.csv", []byte("so_dien_thoai,tinh,dong_y\n"+
			"0912000001,An Giang,có\n"+ // row 2: Cao Bằng's person, moved
			"0912000001,,có\n"+ // row 3: the same, the province left out
			"0912000009,Cao Bằng,có\n"+ // row 4: a new person of Cao Bằng
			"0912000003,An Giang,có\n"+ // row 5: the national level's person
			"0912000010,,có\n")) // row 6: a new person, of An Giang by default
		if err != nil {
			t.Fatal(err)
		}
		// Rows 2, 3 and 5 name people subscribed outside An Giang: they are
		// received like row 6 and left where they are (see
		// TestImport_AnswerDoesNotTellWhetherAContactIsSubscribedElsewhere).
		want := map[int]string{4: "chỉ đơn vị của tỉnh Cao Bằng hoặc cấp trung ương được nhập"}
		if res.Added != 4 || len(res.Problems) != len(want) {
			t.Fatalf("An Giang's import: received %d, problems %+v; want 4 received and row 4 refused", res.Added, res.Problems)
		}
		for _, p := range res.Problems {
			if !strings.Contains(p.Msg, want[p.Row]) {
				t.Errorf("row %d: %q, want it to say %q", p.Row, p.Msg, want[p.Row])
			}
		}
		if got := province("0912000001"); got != "Cao Bằng" {
			t.Errorf("Cao Bằng's subscriber is now of %q", got)
		}
		if got := province("0912000003"); got != "" {
			t.Errorf("the national subscriber is now of %q", got)
		}
		if got := province("0912000010"); got != "An Giang" {
			t.Errorf("the new person without a province is of %q, want An Giang", got)
		}

		counts := []struct {
			name string
			ctx  context.Context
			want int
		}{{"Cao Bằng", caoBang, 1}, {"An Giang", anGiang, 2}, {"the ministry", national, 4}}
		for _, c := range counts {
			if n, _, err := s.Count(c.ctx); err != nil || n != c.want {
				t.Errorf("%s counts %d subscribers (%v), want %d", c.name, n, err, c.want)
			}
		}

		refused := []struct {
			name string
			do   func() error
		}{
			{"An Giang exports Cao Bằng's person", func() error { _, err := s.Subject(anGiang, "0912000001"); return err }},
			{"An Giang erases Cao Bằng's person", func() error { _, err := s.Erase(anGiang, "0912000001"); return err }},
			{"Cao Bằng exports the national level's person", func() error { _, err := s.Subject(caoBang, "0912000003"); return err }},
			{"Cao Bằng exports someone unknown", func() error { _, err := s.Subject(caoBang, "0912999999"); return err }},
		}
		for _, c := range refused {
			err := c.do()
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.KindForbidden || !strings.Contains(e.VI, "chỉ đơn vị của tỉnh nơi người đó đăng ký") || !strings.Contains(e.VI, "ở tỉnh ") {
				t.Errorf("%s: %v; want the province rule named", c.name, err)
			}
		}
		province("0912000001") // still there after the refused erasure

		if d, err := s.Subject(caoBang, "0912000001"); err != nil || d.Subscription == nil {
			t.Errorf("Cao Bằng exporting its own subscriber: %v", err)
		}
		res, err = s.Import(national, "quoc-gia.csv", []byte("so_dien_thoai,tinh,dong_y\n0912000001,An Giang,có\n"))
		if err != nil || res.Added != 0 || len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Msg, "đã đăng ký nhận tin ở tỉnh Cao Bằng") {
			t.Errorf("the ministry moving a subscriber by import: %+v %v; want the row refused", res, err)
		}
		if n, err := s.Erase(national, "0912000002"); err != nil || n != 1 {
			t.Errorf("the ministry erasing An Giang's subscriber: %d %v", n, err)
		}
	})
}

// TestImport_AnswerDoesNotTellWhetherAContactIsSubscribedElsewhere: an
// insider importing a file learns nothing of other provinces' subscribers:
// a row naming a contact subscribed in Cao Bằng gets the same answer as a
// row naming a contact nobody has, and Cao Bằng's subscription is untouched.
func TestImport_AnswerDoesNotTellWhetherAContactIsSubscribedElsewhere(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		s, as := scoped(t, db)
		sys := access.With(context.Background(), access.System())
		if _, err := s.Subscribe(sys, audience.Input{Phone: "0912000001", Email: "ba@example.vn", Province: "Cao Bằng", Consent: true}); err != nil {
			t.Fatal(err)
		}
		anGiang := as("an-giang-ca", "an-giang")
		answer := func(row string) string {
			t.Helper()
			res, err := s.Import(anGiang, "an-giang.csv", []byte("so_dien_thoai,email,tinh,dong_y\n"+row+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("received %d, problems %v", res.Added, res.Problems)
		}
		for _, c := range []struct{ name, known, unknown string }{
			{"phone, province left out", "0912000001,,,có", "0912000077,,,có"},
			{"phone, own province", "0912000001,,An Giang,có", "0912000078,,An Giang,có"},
			{"e-mail", ",BA@example.vn,,có", ",moi@example.vn,,có"},
		} {
			if k, u := answer(c.known), answer(c.unknown); k != u {
				t.Errorf("%s: a contact subscribed in Cao Bằng gets %q, an unknown one %q", c.name, k, u)
			}
		}
		d, err := s.Subject(sys, "0912000001")
		if err != nil || d.Subscription == nil || d.Subscription.Province != "Cao Bằng" {
			t.Fatalf("Cao Bằng's subscriber after An Giang's imports: %+v %v", d.Subscription, err)
		}
	})
}
