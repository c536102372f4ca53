package seal_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/seal"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

func keysIn(t *testing.T, lines ...string) *seal.Keys {
	t.Helper()
	path := filepath.Join(t.TempDir(), "k")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	k, err := seal.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSeal_OpensOnlyInItsOwnColumnAndHidesTheText(t *testing.T) {
	k := keysIn(t, seal.NewKey())
	v, err := k.Seal("tips.contact", "0912 345 678")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(v, "0912") || !seal.IsSealed(v) {
		t.Fatalf("sealed value %q", v)
	}
	if id, _ := seal.KeyID(v); id != k.IDs()[0] {
		t.Fatalf("key id %q, want %q", id, k.IDs()[0])
	}
	if again, _ := k.Seal("tips.contact", "0912 345 678"); again == v {
		t.Fatal("two seals of one text must differ (fresh nonce)")
	}
	if p, err := k.Open("tips.contact", v); err != nil || p != "0912 345 678" {
		t.Fatalf("open: %q %v", p, err)
	}
	if _, err := k.Open("removal_requests.contact", v); err == nil {
		t.Fatal("a value moved to another column must not open")
	}
	// Change one character well inside the ciphertext: the last characters of
	// unpadded base64 may carry only padding bits, which decoding ignores.
	i := len(v) - 10
	swap := byte('A')
	if v[i] == 'A' {
		swap = 'B'
	}
	tampered := v[:i] + string(swap) + v[i+1:]
	if _, err := k.Open("tips.contact", tampered); err == nil {
		t.Fatal("a changed value must not open")
	}
	if p, _ := k.Open("tips.contact", "legacy plain"); p != "legacy plain" {
		t.Fatal("a value written before sealing reads as it is")
	}
	if e, _ := k.Seal("tips.contact", ""); e != "" {
		t.Fatal("no value stays no value")
	}
	other := keysIn(t, seal.NewKey())
	if _, err := other.Open("tips.contact", v); !errors.Is(err, seal.ErrUnknownKey) {
		t.Fatalf("another key's value: %v", err)
	}
	var none *seal.Keys
	if _, err := none.Seal("tips.contact", "x"); !errors.Is(err, seal.ErrNoKey) {
		t.Fatalf("no keys: %v", err)
	}
}

func TestIndex_EqualValuesMatchAndTheIndexKeyIsNotTheHMACKey(t *testing.T) {
	a := seal.NewKey()
	k := keysIn(t, a)
	i1, _ := k.Index("+84912345678")
	i2, _ := k.Index("+84912345678")
	i3, _ := k.Index("+84912345679")
	if i1 != i2 || i1 == i3 || len(i1) != 32 {
		t.Fatalf("indexes %q %q %q", i1, i2, i3)
	}
	rotated := keysIn(t, seal.NewKey(), a)
	all, _ := rotated.Indexes("+84912345678")
	if len(all) != 2 || all[1] != i1 || all[0] == i1 {
		t.Fatalf("indexes under every key: %v (old %s)", all, i1)
	}
	h1, _ := k.HMAC("reporter")
	h2, _ := k.HMAC("subscriber")
	if len(h1) != 32 || string(h1) == string(h2) {
		t.Fatal("named HMAC keys must differ per name")
	}
}

func TestLoad_RefusesKeysThatCannotBeUsed(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short")
	os.WriteFile(short, []byte("# c\nc2hvcnQ=\n"), 0o600)
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, []byte("# only a comment\n"), 0o600)
	k := seal.NewKey()
	dup := filepath.Join(dir, "dup")
	os.WriteFile(dup, []byte(k+"\n"+k+"\n"), 0o600)
	for _, c := range []struct{ name, file, env, want string }{
		{"missing file", filepath.Join(dir, "nope"), "", "không đọc được tệp khóa"},
		{"short key", short, "", "dòng 2"},
		{"no key", empty, "", "không chứa khóa"},
		{"same key twice", dup, "", "hai lần"},
		{"both sources", short, k, "chỉ đặt một"},
		{"bad variable", "", "not-base64!", "CANHGIAC_KEY"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := seal.FromConfig(c.file, c.env)
			if !errors.Is(err, seal.ErrKey) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
	if k, err := seal.FromConfig("", ""); k != nil || err != nil {
		t.Fatal("no configuration: no keys, no error")
	}
	if k, err := seal.FromConfig("", seal.NewKey()+","+seal.NewKey()); err != nil || len(k.IDs()) != 2 {
		t.Fatalf("two keys from the variable: %v", err)
	}
}

func TestCreateFile_IsPrivateAndNeverOverwritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", seal.FileName)
	k, err := seal.CreateFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, want 0600", st.Mode().Perm())
	}
	if _, err := seal.CreateFile(path); err == nil {
		t.Fatal("an existing key file must not be replaced")
	}
	if again, _ := seal.LoadFile(path); again.IDs()[0] != k.IDs()[0] {
		t.Fatal("the file does not hold the key it was created with")
	}
}

func TestMask_ShowsNoContactInFull(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"chu@lua-dao.vn", "c***@lua-dao.vn"},
		{"0912 345 678 (anh Hùng)", "091*****78"},
		{"+84 912.345.678", "849******78"},
		{"Nguyễn Văn A, 0987654321, a.b@gmail.com", "a***@gmail.com, 098*****21"},
		{"gặp anh Hùng", "g***"},
		{"", ""},
	} {
		if got := seal.Mask(c.in); got != c.want {
			t.Errorf("Mask(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// table is a sealed column of a scratch table, to test the passes alone.
var table = seal.Column{Table: "seal_scratch", ID: "id", Name: "v", Index: "ix", Normal: strings.ToLower}

func TestReseal_MovesEveryValueToTheCurrentKeyAndStatusCountsThem(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.W.ExecContext(ctx, `CREATE TABLE seal_scratch (id INTEGER PRIMARY KEY, v TEXT NOT NULL DEFAULT '', ix TEXT NOT NULL DEFAULT '')`); err != nil {
			t.Fatal(err)
		}
		old := seal.NewKey()
		k1 := keysIn(t, old)
		for i := 1; i <= 7; i++ {
			v := ""
			switch {
			case i <= 4:
				v, _ = k1.Seal(table.Where(), "A@x.vn")
			case i <= 6:
				v = "plain@x.vn" // written before sealing
			}
			if _, err := db.W.ExecContext(ctx, `INSERT INTO seal_scratch (id, v) VALUES ($1, $2)`, i, v); err != nil {
				t.Fatal(err)
			}
		}
		// The start-up pass seals only what is in clear.
		if r, err := seal.Reseal(ctx, db, k1, []seal.Column{table}, true, 2); err != nil || r[0].Values != 2 {
			t.Fatalf("start-up pass: %+v %v", r, err)
		}
		st, _ := seal.Status(ctx, db, []seal.Column{table})
		if st[0].Plain != 0 || st[0].ByKey[k1.IDs()[0]] != 6 {
			t.Fatalf("after start-up pass: %+v", st)
		}
		k2 := keysIn(t, seal.NewKey(), old)
		if err := seal.Check(ctx, db, k2, []seal.Column{table}); err != nil {
			t.Fatalf("old key still loaded: %v", err)
		}
		if r, err := seal.Reseal(ctx, db, k2, []seal.Column{table}, false, 4); err != nil || r[0].Values != 6 {
			t.Fatalf("rotation: %+v %v", r, err)
		}
		st, _ = seal.Status(ctx, db, []seal.Column{table})
		if len(st[0].ByKey) != 1 || st[0].ByKey[k2.IDs()[0]] != 6 {
			t.Fatalf("after rotation: %+v", st)
		}
		onlyNew := keysIn(t, k2.Masters()[0])
		if err := seal.Check(ctx, db, onlyNew, []seal.Column{table}); err != nil {
			t.Fatalf("old key dropped after rotation: %v", err)
		}
		want, _ := onlyNew.Index("a@x.vn")
		var v, ix string
		if err := db.R.QueryRowContext(ctx, `SELECT v, ix FROM seal_scratch WHERE id = 1`).Scan(&v, &ix); err != nil {
			t.Fatal(err)
		}
		if p, err := onlyNew.Open(table.Where(), v); err != nil || p != "A@x.vn" || ix != want {
			t.Fatalf("row 1 after rotation: %q %v, index %q want %q", p, err, ix, want)
		}
		if err := seal.Check(ctx, db, nil, []seal.Column{table}); !errors.Is(err, seal.ErrSealedWithoutKey) {
			t.Fatalf("sealed data without a key: %v", err)
		}
		if err := seal.Check(ctx, db, k1, []seal.Column{table}); !errors.Is(err, seal.ErrUnknownKey) {
			t.Fatalf("sealed data under a key not loaded: %v", err)
		}
		var n int
		db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM seal_scratch WHERE v = ''`).Scan(&n)
		if n != 1 {
			t.Fatal("an empty value must stay empty")
		}
	})
}

func TestOpen_ReadsAKeyAddedToTheFileByAnotherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), seal.FileName)
	server, err := seal.CreateFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rotation, _ := seal.LoadFile(path)
	if err := rotation.WriteFile(append([]string{seal.NewKey()}, rotation.Masters()...)); err != nil {
		t.Fatal(err)
	}
	v, _ := rotation.Seal("tips.contact", "a@b.vn")
	if p, err := server.Open("tips.contact", v); err != nil || p != "a@b.vn" {
		t.Fatalf("a running server reading a value sealed under the new key: %q %v", p, err)
	}
	if server.IDs()[0] != rotation.IDs()[0] {
		t.Fatal("the server should now seal under the new key too")
	}
}
