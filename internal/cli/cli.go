// Package cli is the command line: it reads the subcommand and its flags,
// builds the configuration and calls the program. Errors become one clear
// line on stderr and a non-zero exit status; nothing here calls os.Exit.
package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/onboard"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/store"
)

// IO is where a command reads and writes.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
}

const usage = `canhgiac — nền tảng chiến dịch phòng, chống tội phạm trên không gian mạng

Cách dùng:
  canhgiac serve    [--addr 127.0.0.1:8080] [--data ./data] [--db postgres://…] [--demo]
  canhgiac migrate  [--data ./data] [--db postgres://…]
  canhgiac user add --username U --unit MÃ_ĐƠN_VỊ --role VAI_TRÒ [--scope MÃ] [--name "Họ tên"] [--password-stdin] [--totp]
  canhgiac unit list [--as-of YYYY-MM-DD]
  canhgiac import plan [--json] [--unit MÃ] TỆP…     (đọc văn bản kế hoạch .docx/.pdf/.txt)
  canhgiac import units [--mode all|good] TỆP | --template TỆP   (nhập đơn vị từ .xlsx/.csv: code,name,type,parent,valid_from)
  canhgiac import users [--mode all|good] TỆP | --template TỆP   (nhập tài khoản: username,full_name,email,phone,unit,role; in đường dẫn mời đặt mật khẩu)
  canhgiac export plan SỐ/KÝ-HIỆU --format docx|pdf -o TỆP
  canhgiac export report --unit MÃ|TÊN --period 2024-H1 --format docx|xlsx -o TỆP
  canhgiac period set 2024-H1 [--from …] [--to …] [--due …] [--internal-due …] [--on-time-until …]
  canhgiac apikey add --unit MÃ --scopes check,screen,report [--quota N]   (khóa API cho nhà mạng, ngân hàng)
  canhgiac apikey list | revoke SỐ | rotate SỐ      (xem, thu hồi, đổi khóa API; khóa mới chỉ hiện một lần)
  canhgiac campaign send --smpp smpp://SYSTEM_ID:MẬT_KHẨU@MÁY:CỔNG --tps N --text NỘI_DUNG --to TỆP.csv   (gửi tin nhắn SMS)
  canhgiac backup   --out TỆP.db [--data ./data]      (sao lưu tệp SQLite khi đang chạy)
  canhgiac keys status [--key-file TỆP]               (số giá trị dữ liệu cá nhân niêm phong theo từng khóa)
  canhgiac keys rotate [--drop-old] [--key-file TỆP]  (thêm khóa mới và niêm phong lại; --drop-old: bỏ khóa cũ)
  canhgiac keys new                                   (in một khóa mới, base64, cho CANHGIAC_KEY)
  canhgiac version

Vai trò: admin, coordinator, leader, officer, editor, analyst.
Mọi lệnh nhận --data, --db và --key-file như serve; biến môi trường CANHGIAC_ADDR, CANHGIAC_DATA, CANHGIAC_DB, CANHGIAC_KEY_FILE, CANHGIAC_KEY.
`

// Run runs the command in args (without the program name) and returns the
// exit status.
func Run(ctx context.Context, args []string, s IO) int {
	if len(args) == 0 {
		fmt.Fprint(s.Err, usage)
		return 2
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		err = serve(ctx, rest, s)
	case "migrate":
		err = migrate(ctx, rest, s)
	case "user":
		if len(rest) == 0 || rest[0] != "add" {
			fmt.Fprint(s.Err, usage)
			return 2
		}
		err = userAdd(ctx, rest[1:], s)
	case "unit":
		if len(rest) == 0 || rest[0] != "list" {
			fmt.Fprint(s.Err, usage)
			return 2
		}
		err = unitList(ctx, rest[1:], s)
	case "import", "export":
		switch {
		case len(rest) > 0 && cmd == "import" && rest[0] == "plan":
			err = importPlan(ctx, rest[1:], s)
		case len(rest) > 0 && cmd == "import" && (rest[0] == onboard.KindUnits || rest[0] == onboard.KindAccounts):
			err = importOnboard(ctx, rest[0], rest[1:], s)
		case len(rest) > 0 && cmd == "export" && rest[0] == "plan":
			err = exportPlan(ctx, rest[1:], s)
		case len(rest) > 0 && cmd == "export" && rest[0] == "report":
			err = exportReport(ctx, rest[1:], s)
		default:
			fmt.Fprint(s.Err, usage)
			return 2
		}
	case "campaign":
		if len(rest) == 0 || rest[0] != "send" {
			fmt.Fprint(s.Err, usage)
			return 2
		}
		err = campaignSend(ctx, rest[1:], s)
	case "apikey":
		err = apikey(ctx, rest, s)
	case "period":
		if len(rest) == 0 || rest[0] != "set" {
			fmt.Fprint(s.Err, usage)
			return 2
		}
		err = setPeriod(ctx, rest[1:], s)
	case "keys":
		if len(rest) == 0 {
			fmt.Fprint(s.Err, usage)
			return 2
		}
		err = keysCommand(ctx, rest[0], rest[1:], s)
	case "backup":
		err = backup(ctx, rest, s)
	case "version", "--version", "-v":
		fmt.Fprintln(s.Out, "canhgiac", app.Version)
	case "help", "--help", "-h":
		fmt.Fprint(s.Out, usage)
	default:
		fmt.Fprintf(s.Err, "lệnh không có: %q\n\n%s", cmd, usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(s.Err, "canhgiac:", describe(err))
		if errs.KindOf(err) == errs.KindInvalid || isUsage(err) {
			return 2
		}
		return 1
	}
	return 0
}

type usageError struct{ error }

func isUsage(err error) bool { var u usageError; return errors.As(err, &u) }

// describe turns an error into the one line a person reads.
func describe(err error) string {
	var e *errs.Error
	switch {
	case errors.Is(err, app.ErrSchemaBehind):
		return strings.TrimPrefix(err.Error(), app.ErrSchemaBehind.Error()+": ") + "; hãy chạy: canhgiac migrate --db … (một lần, từ máy chủ mới nhất), rồi khởi động lại"
	case errors.Is(err, store.ErrSchemaAhead):
		return strings.TrimPrefix(err.Error(), store.ErrSchemaAhead.Error()+": ")
	case errors.Is(err, store.ErrOpen):
		return "không mở được cơ sở dữ liệu: " + err.Error()
	case errors.As(err, &e) && len(e.Fields) > 0:
		var parts []string
		for f, m := range e.Fields {
			parts = append(parts, f+": "+m)
		}
		return strings.Join(parts, "; ")
	case errors.As(err, &e):
		return e.VI
	}
	return err.Error()
}

// loadConfig parses a subcommand's flags over the environment. Flags may
// come before or after the other arguments (files, plan numbers), which it
// returns.
func loadConfig(name string, args []string, s IO, register func(*config.Config, *flag.FlagSet), extra func(*flag.FlagSet)) (config.Config, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(s.Err)
	if extra != nil {
		extra(fs)
	}
	c, err := config.Load(fs, flagsFirst(args, func(n string) (bool, bool) {
		probe := flag.NewFlagSet(name, flag.ContinueOnError)
		cc := config.Default()
		register(&cc, probe)
		if extra != nil {
			extra(probe)
		}
		f := probe.Lookup(n)
		if f == nil {
			return false, false
		}
		b, ok := f.Value.(interface{ IsBoolFlag() bool })
		return true, ok && b.IsBoolFlag()
	}), register)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		return c, nil, usageError{err}
	}
	return c, fs.Args(), err
}

// flagsFirst moves flags (and their values) ahead of the other arguments,
// because the flag package stops at the first non-flag.
func flagsFirst(args []string, lookup func(name string) (known, isBool bool)) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if known, isBool := lookup(name); known && !isBool && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return append(flags, rest...)
}

func serve(ctx context.Context, args []string, s IO) error {
	cfg, _, err := loadConfig("serve", args, s, (*config.Config).ServeFlags, nil)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	log := app.NewLogger(cfg, s.Err)
	a, err := app.Open(ctx, cfg, app.Options{Out: s.Out, Logger: log})
	if err != nil {
		return err
	}
	defer a.Close()
	keys := "(none)"
	if a.Keys != nil {
		keys = a.Keys.Source() + " " + strings.Join(a.Keys.IDs(), ",") // where and which ids, never the keys
	}
	log.Info("starting", "config", cfg.String(), "version", app.Version, "personal_data_keys", keys)
	return a.Serve(ctx, func(addr string) {
		fmt.Fprintf(s.Out, "Cảnh Giác đang chạy: http://%s/quan-tri/ (cơ sở dữ liệu: %s)\n", addr, a.DB.Where())
		go func() {
			// Once, ahead of the first upload: PDFium is compiled (seconds on a
			// fresh machine, then cached in the data folder), so the first PDF
			// plan a person uploads is answered at once.
			if err := a.Web.WarmPDF(); err != nil {
				log.Warn("PDF reader not ready; PDF plans will be refused", "err", err)
			}
		}()
	})
}

func migrate(ctx context.Context, args []string, s IO) error {
	cfg, _, err := loadConfig("migrate", args, s, (*config.Config).StorageFlags, nil)
	if err != nil {
		return err
	}
	db, err := app.OpenStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx, clock.Real{}.Now())
	for _, m := range applied {
		fmt.Fprintln(s.Out, "đã áp dụng", m.Name)
	}
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintln(s.Out, "cơ sở dữ liệu đã ở phiên bản mới nhất:", db.Where())
	}
	return nil
}

// openForCommand opens the program for a one-off command, as the system.
func openForCommand(ctx context.Context, cfg config.Config, s IO) (*app.App, context.Context, error) {
	a, err := app.Open(ctx, cfg, app.Options{Out: s.Out, Logger: app.NewLogger(config.Config{LogLevel: "warn", LogFormat: cfg.LogFormat}, s.Err)})
	if err != nil {
		return nil, ctx, err
	}
	return a, access.With(ctx, access.System()), nil
}

func userAdd(ctx context.Context, args []string, s IO) error {
	var username, unit, role, scope, name string
	var pwStdin, withTOTP bool
	cfg, _, err := loadConfig("user add", args, s, (*config.Config).StorageFlags, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "tên đăng nhập")
		fs.StringVar(&unit, "unit", "", "mã đơn vị của tài khoản")
		fs.StringVar(&role, "role", "", "vai trò (nhiều vai trò cách nhau bởi dấu phẩy)")
		fs.StringVar(&scope, "scope", "", "mã đơn vị mà vai trò áp dụng (mặc định: đơn vị của tài khoản)")
		fs.StringVar(&name, "name", "", "họ và tên")
		fs.BoolVar(&pwStdin, "password-stdin", false, "đọc mật khẩu từ dòng đầu của đầu vào chuẩn (mật khẩu của chính người dùng; không có: tạo ngẫu nhiên, phải đổi khi đăng nhập lần đầu)")
		fs.BoolVar(&withTOTP, "totp", false, "bật luôn xác thực hai lớp và in khóa bí mật một lần (bắt buộc với admin, coordinator, analyst; không có: người dùng tự thiết lập khi đăng nhập lần đầu)")
	})
	if err != nil {
		return err
	}
	if username == "" || unit == "" || role == "" {
		return usageError{errors.New("cần --username, --unit và --role")}
	}
	pw := ""
	if pwStdin {
		line, err := bufio.NewReader(s.In).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if pw = strings.TrimRight(line, "\r\n"); pw == "" {
			return usageError{errors.New("--password-stdin: không đọc được mật khẩu từ đầu vào")}
		}
	}
	var roles []access.Role
	for _, r := range strings.Split(role, ",") {
		roles = append(roles, access.Role(strings.TrimSpace(r)))
	}
	a, ctx, err := openForCommand(ctx, cfg, s)
	if err != nil {
		return err
	}
	defer a.Close()
	if withTOTP && a.Keys == nil {
		// Checked before the account is made, so a refusal leaves nothing.
		return errors.New("--totp: chưa cấu hình khóa bảo vệ dữ liệu (CANHGIAC_KEY_FILE hoặc CANHGIAC_KEY) nên không thể lưu khóa xác thực hai lớp; tạo khóa bằng `canhgiac keys rotate` rồi chạy lại (chưa tạo tài khoản nào)")
	}
	u, generated, err := a.Auth.Create(ctx, auth.NewUser{Username: username, FullName: name, UnitCode: unit, ScopeCode: scope, Roles: roles, Password: pw})
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Out, "đã tạo tài khoản %s tại %s\n", u.Username, u.UnitName)
	if generated != "" {
		fmt.Fprintf(s.Out, "mật khẩu (chỉ hiện một lần): %s\n", generated)
		fmt.Fprintln(s.Out, "người dùng phải đổi mật khẩu này khi đăng nhập lần đầu")
	}
	if withTOTP {
		setup, err := a.Auth.EnrolTOTP(ctx, u.Username)
		if err != nil {
			return err
		}
		fmt.Fprintf(s.Out, "khóa xác thực hai lớp (chỉ hiện một lần): %s\n", setup.Secret)
		fmt.Fprintf(s.Out, "địa chỉ cho ứng dụng xác thực: %s\n", setup.URL)
	} else if auth.NeedsSecondFactor(u.Grants) {
		fmt.Fprintln(s.Out, "vai trò này bắt buộc xác thực hai lớp: người dùng sẽ thiết lập khi đăng nhập lần đầu")
	}
	return nil
}

func unitList(ctx context.Context, args []string, s IO) error {
	var asOf string
	cfg, _, err := loadConfig("unit list", args, s, (*config.Config).StorageFlags, func(fs *flag.FlagSet) {
		fs.StringVar(&asOf, "as-of", "", "ngày xem cơ cấu, YYYY-MM-DD (mặc định: hôm nay)")
	})
	if err != nil {
		return err
	}
	a, ctx, err := openForCommand(ctx, cfg, s)
	if err != nil {
		return err
	}
	defer a.Close()
	d, err := a.Org.ParseDate("as-of", asOf)
	if err != nil {
		return err
	}
	roots, err := a.Org.Tree(ctx, d)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(s.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MÃ\tTÊN\tLOẠI\tCẤP TRÊN")
	var walk func([]*org.Node, string)
	walk = func(ns []*org.Node, parent string) {
		for _, n := range ns {
			p := parent
			if p == "" {
				p = "-"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", n.Code, n.Name, n.Type, p)
			walk(n.Children, n.Code)
		}
	}
	walk(roots, "")
	return tw.Flush()
}

// backup writes a consistent copy of the embedded database while the server
// may be running (SQLite's VACUUM INTO reads one snapshot). PostgreSQL is
// backed up with its own tools.
func backup(ctx context.Context, args []string, s IO) error {
	var out string
	cfg, _, err := loadConfig("backup", args, s, (*config.Config).StorageFlags, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "tệp sao lưu sẽ tạo (chưa tồn tại)")
	})
	if err != nil {
		return err
	}
	if cfg.DB != "" {
		return usageError{errors.New("backup chỉ dành cho SQLite; với PostgreSQL hãy dùng pg_dump")}
	}
	if out == "" {
		return usageError{errors.New("cần --out TỆP.db")}
	}
	if _, err := os.Stat(out); err == nil {
		return usageError{fmt.Errorf("tệp %s đã có; chọn tên khác để không ghi đè", out)}
	}
	db, err := app.OpenStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.W.ExecContext(ctx, `VACUUM INTO $1`, out); err != nil {
		return fmt.Errorf("sao lưu vào %s: %w", out, err)
	}
	fmt.Fprintf(s.Out, "đã sao lưu %s vào %s\n", db.Where(), out)
	return nil
}
