package audience_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// TestSegment_SQLChoosesWhomTheGoFilterChose: a campaign's segment, now
// chosen in SQL a page at a time, gives exactly the people the old filter
// gave (every eligible row of the province read and opened, groups,
// carrier and contacts filtered in Go), in the same order, for each
// dimension alone and combined; the preview's grouped count agrees with
// them; and the standing asked page by page (opted out, consent proven,
// erased) agrees with the standing of every contact read whole —
// including a contact erased or opted out on one row and still given as
// another person's Zalo contact, and suppressions written before they were
// keyed.
func TestSegment_SQLChoosesWhomTheGoFilterChose(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		s, _ := scoped(t, db)
		ctx := context.Background()
		sys := access.With(ctx, access.System())
		seed := int64(20261207)
		rng := rand.New(rand.NewSource(seed))
		t.Logf("seed %d", seed)
		provinces := []string{"Cao Bằng", "An Giang", "Hà Nội"}
		prefixes := []string{"098", "091", "090", "092", "099", "087", "086"} // Viettel, VinaPhone, MobiFone, Vietnamobile, Gmobile, iTel, Viettel
		names := []string{"", "Nguyễn Văn An", "Tran Thi Binh", "Lò Thị Mai", "Nông Đức Mạnh"}
		var phones []string
		const n = 240
		for i := range n {
			in := audience.Input{Province: provinces[rng.Intn(len(provinces))], Name: names[rng.Intn(len(names))], Consent: true, Source: "segment_test"}
			if rng.Intn(10) < 8 {
				in.Phone = fmt.Sprintf("%s%07d", prefixes[rng.Intn(len(prefixes))], 1000000+i)
				phones = append(phones, in.Phone)
			}
			if rng.Intn(2) == 0 || in.Phone == "" {
				in.Email = fmt.Sprintf("nguoi%d@example.vn", i)
			}
			switch rng.Intn(6) {
			case 0:
				in.Zalo = fmt.Sprintf("zl%d", i)
			case 1:
				in.Zalo = fmt.Sprintf("097%07d", 2000000+i) // a number given as the Zalo contact
			case 2:
				if len(phones) > 3 {
					in.Zalo = phones[rng.Intn(len(phones)-1)] // someone else's phone, as this person's Zalo
				}
			}
			for _, g := range audience.Groups {
				if rng.Intn(3) == 0 {
					in.Groups = append(in.Groups, g.Code)
				}
			}
			if _, err := s.Subscribe(ctx, in); err != nil {
				t.Fatalf("subscriber %d %+v: %v", i, in, err)
			}
		}
		// Opted out, erased, never confirmed, written before the kind of
		// the Zalo contact was kept.
		var erased []string
		for i, p := range phones {
			switch i % 13 {
			case 3:
				if _, err := s.OptOut(ctx, p); err != nil {
					t.Fatal(err)
				}
			case 7:
				if _, err := s.Erase(sys, p); err != nil {
					t.Fatal(err)
				}
				erased = append(erased, p)
			}
		}
		mustExec(t, db, `UPDATE subscribers SET confirmed_at = NULL WHERE id % 17 = 5`)
		mustExec(t, db, `UPDATE subscribers SET zalo_kind = '' WHERE id % 5 = 1`)
		mustExec(t, db, `INSERT INTO suppressions (contact_hash, reason) VALUES ($1, 'erasure')`, audience.ContactHash(phones[1])) // of the old kind: a clear digest

		type seg = audience.Segment
		segments := []seg{{}}
		for _, p := range provinces {
			segments = append(segments, seg{Province: p})
		}
		for _, g := range audience.Groups {
			segments = append(segments, seg{Groups: []string{g.Code}})
		}
		segments = append(segments,
			seg{Groups: []string{"elderly", "business"}},
			seg{Groups: []string{"nobody"}},
			seg{Carriers: []string{"viettel"}},
			seg{Carriers: []string{"mobifone", "vinaphone"}},
			seg{Contacts: []string{"phone"}},
			seg{Contacts: []string{"email"}},
			seg{Contacts: []string{"zalo"}},
			seg{Contacts: []string{"email", "zalo"}},
			seg{Province: "Cao Bằng", Groups: []string{"students", "officials"}, Carriers: []string{"viettel", "itel"}, Contacts: []string{"phone", "zalo"}},
			seg{Province: "An Giang", Groups: []string{"elderly"}, Contacts: []string{"email"}},
		)
		for _, sg := range segments {
			old, err := s.ReachableInGo(ctx, sg.Province, sg.Groups)
			if err != nil {
				t.Fatal(err)
			}
			want := []audience.Person{}
			for _, p := range old {
				has := len(sg.Contacts) == 0
				for _, c := range sg.Contacts {
					has = has || map[string]string{"phone": p.Phone, "email": p.Email, "zalo": p.Zalo}[c] != ""
				}
				if has && (len(sg.Carriers) == 0 || slices.Contains(sg.Carriers, p.Carrier)) {
					want = append(want, p)
				}
			}
			got := []audience.Person{}
			pages := 0
			if err := s.EachReachable(ctx, sg, 7, func(ps []audience.Person) error {
				pages++
				if len(ps) > 7 {
					t.Errorf("%+v: a page of %d, asked 7", sg, len(ps))
				}
				got = append(got, ps...)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("segment %+v: SQL chose %d people, the Go filter %d\nSQL: %v\nGo:  %v", sg, len(got), len(want), got, want)
			}
			if len(want) > 14 && pages < 3 {
				t.Errorf("segment %+v: %d people read in %d pages", sg, len(want), pages)
			}
			// The preview's count, grouped in SQL, against the people.
			shapes, err := s.Tally(ctx, sg)
			if err != nil {
				t.Fatal(err)
			}
			gotShapes, wantShapes := map[audience.Shape]int{}, map[audience.Shape]int{}
			for _, sh := range shapes {
				n := sh.N
				sh.N = 0
				gotShapes[sh] += n
			}
			for _, p := range want {
				wantShapes[audience.Shape{Province: p.Province, Phone: p.Phone != "", Email: p.Email != "", Zalo: p.Zalo != "",
					ZaloIsPhone: p.Zalo != "" && normalize.Phone(p.Zalo).Kind == normalize.KindPhone, Named: p.Name != ""}]++
			}
			if !reflect.DeepEqual(gotShapes, wantShapes) {
				t.Errorf("segment %+v: tally %v, want %v", sg, gotShapes, wantShapes)
			}
		}

		// Standing, page by page, against every contact's standing read whole.
		everyone, err := s.ReachableInGo(ctx, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		asked := append([]string{"0912 999 888", "ai@example.vn", "zl-khong-co"}, erased...)
		asked = append(asked, phones[1], phones[3])
		for _, p := range everyone {
			asked = append(asked, p.Phone, p.Email, p.Zalo)
		}
		seen := map[string]int{}
		err = db.Transact(ctx, func(tx *sql.Tx) error {
			all, err := s.StandingOfEveryone(ctx, tx)
			if err != nil {
				return err
			}
			for i := 0; i < len(asked); i += 9 {
				page := asked[i:min(i+9, len(asked))]
				st, err := s.StandingOf(ctx, tx, page)
				if err != nil {
					return err
				}
				for _, c := range page {
					if c == "" {
						continue
					}
					o1, c1, e1 := st.Of(c)
					o2, c2, e2 := all.Of(c)
					if o1 != o2 || c1 != c2 || e1 != e2 {
						t.Errorf("%s: page standing (opted out %t, consented %t, erased %t), whole (%t, %t, %t)", c, o1, c1, e1, o2, c2, e2)
					}
					switch {
					case o1:
						seen["opted out"]++
					case e1:
						seen["erased"]++
					case c1:
						seen["consented"]++
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// The data must have exercised every standing, the erased and
		// opted-out contacts given as someone's Zalo among them.
		for _, k := range []string{"opted out", "erased", "consented"} {
			if seen[k] == 0 {
				t.Errorf("no contact was %s: the test data do not exercise it (%v)", k, seen)
			}
		}
		crossed := 0
		for _, p := range everyone {
			if p.Zalo != "" && (slices.Contains(erased, p.Zalo) || slices.Contains(phones, p.Zalo)) {
				crossed++
			}
		}
		if crossed == 0 {
			t.Error("no eligible person gives another's phone as their Zalo contact")
		}
	})
}

func mustExec(t *testing.T, db *store.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.W.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
