package cli_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/cli"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(context.Background(), args, cli.IO{In: strings.NewReader(stdin), Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

// demoData makes a data folder holding the demo database.
func demoData(t *testing.T) string {
	t.Helper()
	return testutil.DemoDir(t)
}

func TestUnitList_PrintsTheTreeAsOfADate(t *testing.T) {
	dir := demoData(t)
	code, out, errs := run(t, "", "unit", "list", "--data", dir, "--as-of", "2024-06-30")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "kien-giang-sldtbxh") || !strings.Contains(out, "Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang") {
		t.Fatalf("2024 list lacks Sở LĐTBXH Kiên Giang:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "kg-tc-nghe-u-minh-thuong ") && !strings.HasSuffix(strings.TrimSpace(line), "kien-giang-sldtbxh") {
			t.Fatalf("the school's parent in 2024 should be the labour department: %q", line)
		}
	}
	_, today, _ := run(t, "", "unit", "list", "--data", dir)
	if strings.Contains(today, "kien-giang-sldtbxh") || !strings.Contains(today, "an-giang-snv") {
		t.Fatalf("today's list should show An Giang's Sở Nội vụ and not Kiên Giang's labour department:\n%s", today)
	}
	if code, _, e := run(t, "", "unit", "list", "--data", dir, "--as-of", "31/02/2024"); code == 0 || !strings.Contains(e, "không hợp lệ") {
		t.Fatalf("bad date: exit %d, %q", code, e)
	}
}

func TestUserAdd_GeneratesOrReadsThePassword(t *testing.T) {
	dir := demoData(t)
	code, out, errs := run(t, "", "user", "add", "--data", dir, "--username", "nguyenvana", "--unit", "cao-bang-sgddt", "--role", "officer")
	if code != 0 || !strings.Contains(out, "mật khẩu (chỉ hiện một lần)") {
		t.Fatalf("exit %d, out %q, err %q", code, out, errs)
	}
	code, out, errs = run(t, "mot-mat-khau-du-dai\n", "user", "add", "--data", dir, "--username", "tranthib", "--unit", "cao-bang-ca",
		"--role", "coordinator", "--scope", "cao-bang", "--password-stdin")
	if code != 0 || strings.Contains(out, "mật khẩu (chỉ hiện") {
		t.Fatalf("with --password-stdin: exit %d, out %q, err %q", code, out, errs)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--username", "nguyenvana", "--unit", "cao-bang-sgddt", "--role", "officer"}, "đã có người dùng"},
		{[]string{"--username", "x1y2z3", "--unit", "khong-co", "--role", "officer"}, "Không có đơn vị"},
		{[]string{"--username", "x1y2z3", "--unit", "cao-bang-sgddt", "--role", "vua"}, "không tồn tại"},
		{[]string{"--username", "x1y2z3", "--unit", "kien-giang-sldtbxh", "--role", "officer"}, "ngừng hoạt động"},
		{[]string{"--username", "x1y2z3"}, "cần --username, --unit và --role"},
	}
	for _, c := range cases {
		code, _, e := run(t, "", append([]string{"user", "add", "--data", dir}, c.args...)...)
		if code != 2 || !strings.Contains(e, c.want) {
			t.Errorf("user add %v: exit %d, stderr %q; want 2 and %q", c.args, code, e, c.want)
		}
	}
}

func TestUserAdd_TOTPEnrolsTheFactorAndPrintsItsSecretOnce(t *testing.T) {
	dir := demoData(t)
	code, out, errs := run(t, "mot cau mat khau du dai\n", "user", "add", "--data", dir, "--username", "xacminh-ab", "--unit", "cao-bang-ca",
		"--role", "analyst", "--password-stdin", "--totp")
	m := regexp.MustCompile(`khóa xác thực hai lớp \(chỉ hiện một lần\): ([A-Z2-7]+)\n`).FindStringSubmatch(out)
	if code != 0 || m == nil || !strings.Contains(out, "otpauth://totp/") || !strings.Contains(out, "secret="+m[1]) {
		t.Fatalf("exit %d, out %q, err %q; want the secret and the otpauth:// address", code, out, errs)
	}
	cfg := config.Default()
	cfg.DataDir = dir
	a, err := app.Open(context.Background(), cfg, app.Options{Out: io.Discard, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx := context.Background()
	tok, sess, err := a.Auth.Login(ctx, "xacminh-ab", "mot cau mat khau du dai", "10.0.0.1")
	if err != nil || sess.Stage != auth.StageCode {
		t.Fatalf("sign-in: %v, %+v; want the code asked (the factor is on, the password is the person's own)", err, sess)
	}
	c, _ := totp.GenerateCode(m[1], time.Now())
	if err := a.Auth.VerifyTOTP(ctx, tok, c, "10.0.0.1"); err != nil {
		t.Fatalf("a code from the printed secret: %v", err)
	}
	// Without --totp the analyst is told the factor comes at first sign-in,
	// and a generated password must be changed then.
	_, out, _ = run(t, "", "user", "add", "--data", dir, "--username", "xacminh-cd", "--unit", "cao-bang-ca", "--role", "analyst")
	if !strings.Contains(out, "phải đổi mật khẩu này khi đăng nhập lần đầu") || !strings.Contains(out, "thiết lập khi đăng nhập lần đầu") {
		t.Fatalf("without --totp: %q", out)
	}
}

func TestOpen_ADatabaseThatCannotBeOpenedIsOneClearLine(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "canhgiac.db"), bytes.Repeat([]byte("not a database "), 20), 0o600)
	code, _, e := run(t, "", "unit", "list", "--data", dir)
	if code != 1 || !strings.Contains(e, "không mở được cơ sở dữ liệu") || strings.Count(strings.TrimSpace(e), "\n") != 0 {
		t.Fatalf("exit %d, stderr %q; want 1 and one line", code, e)
	}
	code, _, e = run(t, "", "serve", "--data", dir, "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(e, "không mở được cơ sở dữ liệu") {
		t.Fatalf("serve: exit %d, stderr %q", code, e)
	}
}

func TestServe_OnPostgresRefusesASchemaThatIsBehind(t *testing.T) {
	url := storetest.PostgresURL(t)
	code, _, e := run(t, "", "serve", "--db", url, "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(e, "canhgiac migrate") {
		t.Fatalf("serve on an empty PostgreSQL: exit %d, stderr %q; want a refusal that says to run migrate", code, e)
	}
	code, out, e := run(t, "", "migrate", "--db", url)
	if code != 0 || !strings.Contains(out, "đã áp dụng") {
		t.Fatalf("migrate: exit %d, %q %q", code, out, e)
	}
	cfg := config.Default()
	cfg.DB, cfg.Demo = url, true
	a, err := app.Open(context.Background(), cfg, app.Options{Out: io.Discard, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatalf("open after migrate: %v", err)
	}
	a.Close()
	code, out, _ = run(t, "", "unit", "list", "--db", url, "--as-of", "2025-07-01")
	if code != 0 || !strings.Contains(out, "cb-p-thuc-phan") {
		t.Fatalf("unit list on PostgreSQL: exit %d\n%s", code, out)
	}
}

func TestVersionAndUsage(t *testing.T) {
	if code, out, _ := run(t, "", "version"); code != 0 || !strings.HasPrefix(out, "canhgiac ") {
		t.Fatalf("version: %d %q", code, out)
	}
	if code, _, e := run(t, "", "bay-bong"); code != 2 || !strings.Contains(e, "lệnh không có") {
		t.Fatalf("unknown command: %d %q", code, e)
	}
}

func TestBackup_WritesAUsableCopy(t *testing.T) {
	dir := demoData(t)
	copyPath := filepath.Join(t.TempDir(), "saoluu.db")
	if code, out, e := run(t, "", "backup", "--data", dir, "--out", copyPath); code != 0 || !strings.Contains(out, "đã sao lưu") {
		t.Fatalf("backup: %d %q %q", code, out, e)
	}
	restored := t.TempDir()
	b, err := os.ReadFile(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(restored, "canhgiac.db"), b, 0o600)
	// The copy's sealed personal data needs its key, kept apart from it.
	k, err := os.ReadFile(filepath.Join(dir, "canhgiac.key"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(restored, "canhgiac.key"), k, 0o600)
	if code, out, e := run(t, "", "unit", "list", "--data", restored); code != 0 || !strings.Contains(out, "cao-bang-snnmt") {
		t.Fatalf("list from the restored copy: %d %q", code, e)
	}
	if code, _, e := run(t, "", "backup", "--data", dir, "--out", copyPath); code != 2 || !strings.Contains(e, "đã có") {
		t.Fatalf("backup over an existing file: %d %q", code, e)
	}
}
