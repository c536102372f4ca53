package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/seal"
)

// withContacts opens the demo data folder and leaves a tip and a removal
// request, each with a contact; it returns the removal request's id.
func withContacts(t *testing.T, dir string) int64 {
	t.Helper()
	ctx := context.Background()
	a := open(t, dir)
	defer a.Close()
	// Three distinct reporters make the number suspicious, so its owner may
	// ask for removal; only the first leaves a contact.
	for i := range 3 {
		in := intel.TipInput{Indicators: []string{"0912345678"}, IP: fmt.Sprintf("10.0.%d.1", i+1), Device: fmt.Sprintf("thiet-bi-%d", i)}
		if i == 0 {
			in.Contact, in.Consent = "to.giac@example.vn", true
		}
		if _, err := a.Intel.Submit(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	rm, err := a.Intel.RequestRemoval(ctx, "0912345678", removalReason, "0933 222 111", true)
	if err != nil {
		t.Fatal(err)
	}
	return rm.ID
}

// withTOTP adds an analyst whose second factor is enrolled at once (user
// add --totp) and returns the secret printed.
func withTOTP(t *testing.T, dir string) string {
	t.Helper()
	code, out, e := run(t, "mot cau mat khau du dai\n", "user", "add", "--data", dir, "--username", "xoay-khoa", "--unit", "cao-bang-ca",
		"--role", "analyst", "--password-stdin", "--totp")
	m := regexp.MustCompile(`khóa xác thực hai lớp \(chỉ hiện một lần\): ([A-Z2-7]+)\n`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("user add --totp: exit %d %s\n%s", code, e, out)
	}
	return m[1]
}

// signsInWithCode checks the analyst of withTOTP signs in with a code
// made from the secret.
func signsInWithCode(t *testing.T, dir, secret string) {
	t.Helper()
	a := open(t, dir)
	defer a.Close()
	ctx := context.Background()
	tok, _, err := a.Auth.Login(ctx, "xoay-khoa", "mot cau mat khau du dai", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	c, _ := totp.GenerateCode(secret, time.Now())
	if err := a.Auth.VerifyTOTP(ctx, tok, c, "10.0.0.1"); err != nil {
		t.Fatalf("a code after rotation: %v", err)
	}
}

func open(t *testing.T, dir string) *app.App {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = dir
	a, err := app.Open(context.Background(), cfg, app.Options{Out: io.Discard, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// contactOf reads the removal request's contact as an analyst would.
func contactOf(t *testing.T, dir string, id int64) string {
	t.Helper()
	a := open(t, dir)
	defer a.Close()
	rm, err := a.Intel.RemovalForReview(access.With(context.Background(), access.System()), id)
	if err != nil {
		t.Fatal(err)
	}
	if rm.Reason != removalReason {
		t.Fatalf("the removal request's reason reads %q", rm.Reason)
	}
	return rm.Contact
}

const removalReason = "Số của cửa hàng chúng tôi, bị kẻ gian mạo danh."

var keyRow = regexp.MustCompile(`(?m)^([0-9a-f]{8})\s+(đang dùng|khóa cũ)\s+(\d+)$`)

func keyRows(out string) [][]string { return keyRow.FindAllStringSubmatch(out, -1) }

func TestKeysRotate_ResealsEverythingAndDropsTheOldKey(t *testing.T) {
	dir := demoData(t)
	id := withContacts(t, dir)
	secret := withTOTP(t, dir)
	code, out, e := run(t, "", "keys", "status", "--data", dir)
	rows := keyRows(out)
	// The demo's tips carry descriptions, sealed like the contacts.
	m := regexp.MustCompile(`tips\.description: [0-9a-f]{8}=(\d+)`).FindStringSubmatch(out)
	if m == nil || m[1] == "0" {
		t.Fatalf("the demo's tip descriptions are not sealed:\n%s", out)
	}
	n, _ := strconv.Atoi(m[1])
	total := fmt.Sprint(n + 4) // + a tip's contact, a removal request's contact and reason, a second factor
	if code != 0 || len(rows) != 1 || rows[0][2] != "đang dùng" || rows[0][3] != total || !strings.Contains(out, "removal_requests.reason: "+rows[0][1]+"=1") || !strings.Contains(out, "removal_requests.contact: "+rows[0][1]+"=1") ||
		!strings.Contains(out, "users.totp_secret: "+rows[0][1]+"=1") {
		t.Fatalf("status before: exit %d %s\n%s", code, e, out)
	}
	old := rows[0][1]
	code, out, e = run(t, "", "keys", "rotate", "--data", dir, "--batch", "1")
	if code != 0 || !strings.Contains(out, "đã niêm phong lại 1 giá trị của tips.contact") || !strings.Contains(out, "đã niêm phong lại 1 giá trị của removal_requests.contact") ||
		!strings.Contains(out, "đã niêm phong lại 1 giá trị của users.totp_secret") || !strings.Contains(out, "đã niêm phong lại 1 giá trị của removal_requests.reason") ||
		!strings.Contains(out, "đã niêm phong lại "+m[1]+" giá trị của tips.description") {
		t.Fatalf("rotate: exit %d %s\n%s", code, e, out)
	}
	rows = keyRows(out)
	if len(rows) != 2 || rows[0][1] == old || rows[0][3] != total || rows[1][1] != old || rows[1][3] != "0" {
		t.Fatalf("after rotate, the new key seals every value and the old none:\n%s", out)
	}
	if c := contactOf(t, dir, id); c != "0933 222 111" {
		t.Fatalf("contact after rotation: %q", c)
	}
	code, out, e = run(t, "", "keys", "rotate", "--drop-old", "--data", dir)
	if code != 0 || !strings.Contains(out, "đã bỏ khóa cũ ["+old+"]") {
		t.Fatalf("drop old: exit %d %s\n%s", code, e, out)
	}
	b, _ := os.ReadFile(filepath.Join(dir, seal.FileName))
	if k, err := seal.LoadFile(filepath.Join(dir, seal.FileName)); err != nil || len(k.IDs()) != 1 || k.Has(old) || !bytes.Contains(b, []byte("# ")) {
		t.Fatalf("key file after dropping: %v", err)
	}
	if c := contactOf(t, dir, id); c != "0933 222 111" {
		t.Fatalf("contact after dropping the old key: %q", c)
	}
	signsInWithCode(t, dir, secret)
}

func TestServe_RefusesToStartWithSealedDataItCannotRead(t *testing.T) {
	dir := demoData(t)
	withContacts(t, dir)
	keyFile := filepath.Join(dir, seal.FileName)
	bad := filepath.Join(t.TempDir(), "bad.key")
	os.WriteFile(bad, []byte("khong-phai-khoa\n"), 0o600)
	unreadable := t.TempDir() // a folder cannot be read as a file, even by root
	other := filepath.Join(t.TempDir(), "other.key")
	os.WriteFile(other, []byte(seal.NewKey()+"\n"), 0o600)
	moved := filepath.Join(t.TempDir(), "moved.key")
	cases := []struct {
		name  string
		args  []string
		setup func()
		want  []string
	}{
		{"missing key file", []string{"--key-file", filepath.Join(dir, "khong-co.key")}, nil, []string{"không đọc được tệp khóa", "cannot read key file"}},
		{"malformed key file", []string{"--key-file", bad}, nil, []string{"dòng 1 không phải một khóa base64", "not a base64"}},
		{"another key", []string{"--key-file", other}, nil, []string{"khóa không có trong cấu hình", "not configured"}},
		{"unreadable key file", []string{"--key-file", unreadable}, nil, []string{"không đọc được tệp khóa", "cannot read key file"}},
		{"no key at all", nil, func() { os.Rename(keyFile, moved) }, []string{"chưa cấu hình khóa", "no key is configured"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.setup != nil {
				c.setup()
			}
			code, out, e := run(t, "", append([]string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, c.args...)...)
			if code == 0 || strings.Contains(out, "đang chạy") || strings.Count(strings.TrimSpace(e), "\n") > 0 {
				t.Fatalf("exit %d, out %q, err %q", code, out, e)
			}
			if c.name == "no key at all" {
				code, _, e := run(t, "", "keys", "rotate", "--data", dir)
				if _, err := os.Stat(keyFile); code == 0 || !strings.Contains(e, "chưa cấu hình khóa") || err == nil {
					t.Fatalf("keys rotate must not make a new key over sealed data: exit %d %q", code, e)
				}
			}
			for _, w := range c.want {
				if !strings.Contains(e, w) {
					t.Errorf("message %q lacks %q", e, w)
				}
			}
		})
	}
}

func TestKeysRotate_WithoutAKeyCreatesTheKeyFile(t *testing.T) {
	dir := t.TempDir()
	if code, _, e := run(t, "", "migrate", "--data", dir); code != 0 {
		t.Fatalf("migrate: %s", e)
	}
	path := filepath.Join(t.TempDir(), "etc", "canhgiac.key")
	code, out, e := run(t, "", "keys", "rotate", "--data", dir, "--key-file", path)
	st, err := os.Stat(path)
	if code != 0 || err != nil || st.Mode().Perm() != 0o600 || !strings.Contains(out, "đã tạo tệp khóa "+path) || len(keyRows(out)) != 1 {
		t.Fatalf("exit %d %s\n%s (%v)", code, e, out, err)
	}
}

func TestUserAdd_TOTPWithoutAKeyRefusesAndCreatesNoAccount(t *testing.T) {
	dir := demoData(t)
	// The demo's tips carry sealed descriptions; without them the database
	// holds nothing sealed and may run without a key.
	a := open(t, dir)
	if _, err := a.DB.W.Exec(`UPDATE tips SET description = ''`); err != nil {
		t.Fatal(err)
	}
	a.Close()
	if err := os.Remove(filepath.Join(dir, seal.FileName)); err != nil {
		t.Fatal(err)
	}
	code, out, e := run(t, "mot cau mat khau du dai\n", "user", "add", "--data", dir, "--username", "khong-khoa", "--unit", "cao-bang-ca",
		"--role", "analyst", "--password-stdin", "--totp")
	if code == 0 || !strings.Contains(e, "chưa cấu hình khóa") || strings.Contains(out, "đã tạo tài khoản") {
		t.Fatalf("user add --totp without a key: exit %d, out %q, err %q", code, out, e)
	}
	a = open(t, dir)
	defer a.Close()
	if _, err := a.Auth.Get(access.With(context.Background(), access.System()), "khong-khoa"); err == nil {
		t.Fatal("the account was created although its factor could not be stored")
	}
}
