package audience_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/seal"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// TestErasure_SuppressionKeepsNoUnkeyedHashOfTheContact: what remains of an
// erased person must not let anyone holding a copy of the database test
// whether a known number was erased (an unkeyed SHA-256 of a phone is
// found by trying every number); the person is still never messaged again,
// also when the suppression was written before it was keyed.
func TestErasure_SuppressionKeepsNoUnkeyedHashOfTheContact(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		s, as := scoped(t, db)
		keys := testutil.Keys(t)
		s.UseKeys(keys)
		ctx := as("cao-bang-ca", "cao-bang")
		if _, err := s.Subscribe(ctx, audience.Input{Phone: "0912 345 678", Email: "ba@example.vn", Province: "Cao Bằng", Consent: true, Source: "portal"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Erase(ctx, "0912345678"); err != nil {
			t.Fatal(err)
		}
		// A suppression of the old kind, written before this change.
		old := sha256.Sum256([]byte("+84988777666"))
		oldHash := hex.EncodeToString(old[:])
		if _, err := db.W.ExecContext(context.Background(), `INSERT INTO suppressions (contact_hash, reason) VALUES ($1, 'erased')`, oldHash); err != nil {
			t.Fatal(err)
		}
		if _, err := seal.Reseal(context.Background(), db, keys, audience.SealedColumns(), true, 0); err != nil {
			t.Fatal(err)
		}
		var stored []string
		rows, err := db.R.Query(`SELECT contact_hash, contact_index FROM suppressions`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var h, ix string
			rows.Scan(&h, &ix)
			stored = append(stored, h, ix)
		}
		rows.Close()
		if len(stored) != 6 {
			t.Fatalf("suppressions: %q, want three rows", stored)
		}
		for _, c := range []string{"+84912345678", "ba@example.vn", "+84988777666"} {
			h := sha256.Sum256([]byte(c))
			hx := hex.EncodeToString(h[:])
			for _, v := range stored {
				if strings.Contains(v, hx[:16]) || strings.Contains(v, c) {
					t.Errorf("the suppression %q gives away %s", v, c)
				}
			}
		}
		want := map[string]bool{"0912 345 678": true, "BA@example.vn": true, "0988 777 666": true, "0912 000 999": false}
		var asked []string
		for c := range want {
			asked = append(asked, c)
		}
		var st *audience.Standing
		if err := db.Transact(context.Background(), func(tx *sql.Tx) (err error) {
			st, err = s.StandingOf(context.Background(), tx, asked)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		for c, want := range want {
			if _, _, erased := st.Of(c); erased != want {
				t.Errorf("%s erased = %t, want %t", c, erased, want)
			}
		}
	})
}
