package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/canhgiac/canhgiac/internal/activityimport"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/onboard"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// importOnboard is `canhgiac import units|users`: a file of units or
// accounts, all-or-nothing (the default) or its good rows only; or, with
// --template, the template to fill in.
func importOnboard(ctx context.Context, kind string, args []string, s IO) error {
	var mode, template string
	cfg, files, err := loadConfig("import "+kind, args, s, (*config.Config).StorageFlags, func(fs *flag.FlagSet) {
		fs.StringVar(&mode, "mode", "all", "all: không nhập gì nếu có dòng lỗi; good: nhập các dòng đúng, liệt kê dòng lỗi")
		fs.StringVar(&template, "template", "", "ghi tệp mẫu (.xlsx hoặc .csv theo đuôi tên tệp) rồi thôi")
	})
	if err != nil {
		return err
	}
	if template != "" {
		return writeTemplate(kind, template, s)
	}
	if mode != "all" && mode != "good" {
		return usageError{fmt.Errorf("--mode là all hoặc good, không phải %q", mode)}
	}
	if len(files) != 1 {
		return usageError{fmt.Errorf("cần đúng một tệp: canhgiac import %s [--mode all|good] TỆP, hoặc --template TỆP", kind)}
	}
	// The same cap as an upload through the console.
	data, err := readCapped(files[0], onboard.MaxFileBytes)
	if err != nil {
		return err
	}
	a, ctx, err := openForCommand(ctx, cfg, s)
	if err != nil {
		return err
	}
	defer a.Close()
	name := filepath.Base(files[0])
	opt := org.ImportOptions{AllOrNothing: mode == "all", Source: name}
	var res onboard.Result
	if kind == onboard.KindUnits {
		res, err = onboard.Units(ctx, a.Org, bytes.NewReader(data), name, opt)
	} else {
		res, err = onboard.Accounts(ctx, a.Auth, bytes.NewReader(data), name, opt)
	}
	if errors.Is(err, activityimport.ErrFile) {
		return fmt.Errorf("%s", err.Error())
	} else if err != nil {
		return err
	}
	printResult(s, res, opt, cfg.PublicBase())
	if len(res.Problems) > 0 && opt.AllOrNothing {
		return errors.New("tệp có dòng lỗi nên chưa nhập gì; sửa các dòng trên rồi chạy lại, hoặc dùng --mode good để nhập các dòng đúng")
	}
	return nil
}

func printResult(s IO, res onboard.Result, opt org.ImportOptions, base string) {
	for _, l := range res.Added {
		fmt.Fprintln(s.Out, "Thêm:      ", l)
	}
	for _, l := range res.Unchanged {
		fmt.Fprintln(s.Out, "Không đổi: ", l)
	}
	for _, p := range res.Problems {
		fmt.Fprintf(s.Out, "Lỗi:        dòng %d, cột “%s”: %s\n", p.Line, p.Column, p.Message)
	}
	for _, inv := range res.Invited {
		fmt.Fprintf(s.Out, "Lời mời:    %s  %s%s  (dùng một lần, hết hạn %s)\n", inv.Username, base, onboard.InvitationPath(inv.Token), vn.FormatDateTime(inv.ExpiresAt))
	}
	verb := "Đã thêm"
	if !res.Written {
		verb = "Chưa thêm"
	}
	fmt.Fprintf(s.Out, "%s %d, không đổi %d, dòng lỗi %d (tệp %s, %d dòng).\n", verb, len(res.Added), len(res.Unchanged), res.BadRows(), res.File, res.Rows)
}

func writeTemplate(kind, path string, s IO) error {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	if format != "xlsx" && format != "csv" {
		return usageError{fmt.Errorf("tệp mẫu phải có đuôi .xlsx hoặc .csv: %s", path)}
	}
	var b bytes.Buffer
	if err := onboard.Template(&b, kind, format); err != nil {
		return err
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	fmt.Fprintln(s.Out, "Đã ghi tệp mẫu", path)
	return nil
}

// readCapped reads a file of at most max bytes.
func readCapped(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("không mở được tệp %s: %w", path, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > max {
		return nil, fmt.Errorf("tệp %s quá lớn (hơn %d MB)", path, max>>20)
	}
	var b bytes.Buffer
	if _, err := b.ReadFrom(f); err != nil {
		return nil, fmt.Errorf("đọc tệp %s: %w", path, err)
	}
	return b.Bytes(), nil
}
