package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"text/tabwriter"

	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/seal"
)

// keysCommand runs `canhgiac keys new|status|rotate`.
func keysCommand(ctx context.Context, sub string, args []string, s IO) error {
	switch sub {
	case "new":
		fmt.Fprintln(s.Out, seal.NewKey())
		return nil
	case "status":
		return keysStatus(ctx, args, s)
	case "rotate":
		return keysRotate(ctx, args, s)
	}
	return usageError{fmt.Errorf("keys %q: chọn new, status hoặc rotate", sub)}
}

func keysStatus(ctx context.Context, args []string, s IO) error {
	cfg, _, err := loadConfig("keys status", args, s, (*config.Config).StorageFlags, nil)
	if err != nil {
		return err
	}
	db, err := app.OpenStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	keys, err := app.OpenKeys(cfg, s.Out)
	if err != nil {
		return err
	}
	counts, err := seal.Status(ctx, db, app.SealedColumns())
	if err != nil {
		return err
	}
	printStatus(s, keys, counts)
	return nil
}

// printStatus says how many values each key seals, over all columns and
// per column, and how many are in clear or under a key that is not loaded.
func printStatus(s IO, keys *seal.Keys, counts []seal.Count) {
	total, plain := map[string]int{}, 0
	for _, c := range counts {
		for id, n := range c.ByKey {
			total[id] += n
		}
		plain += c.Plain
	}
	tw := tabwriter.NewWriter(s.Out, 0, 4, 2, ' ', 0)
	if keys == nil {
		fmt.Fprintln(s.Out, "Chưa cấu hình khóa (CANHGIAC_KEY_FILE, CANHGIAC_KEY hoặc <data>/canhgiac.key).")
	} else {
		fmt.Fprintf(s.Out, "Khóa lấy từ %s:\n", keys.Source())
		fmt.Fprintln(tw, "KHÓA\tVAI TRÒ\tSỐ GIÁ TRỊ")
		for i, id := range keys.IDs() {
			role := "khóa cũ"
			if i == 0 {
				role = "đang dùng"
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\n", id, role, total[id])
		}
	}
	var unknown []string
	for id := range total {
		if !keys.Has(id) {
			unknown = append(unknown, id)
		}
	}
	sort.Strings(unknown)
	for _, id := range unknown {
		fmt.Fprintf(tw, "%s\tKHÔNG CÓ TRONG CẤU HÌNH\t%d\n", id, total[id])
	}
	fmt.Fprintf(tw, "(chưa niêm phong)\t\t%d\n", plain)
	tw.Flush()
	fmt.Fprintln(s.Out, "Theo cột:")
	for _, c := range counts {
		ids := make([]string, 0, len(c.ByKey))
		for id := range c.ByKey {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		line := ""
		for _, id := range ids {
			line += fmt.Sprintf(" %s=%d", id, c.ByKey[id])
		}
		if c.Plain > 0 {
			line += fmt.Sprintf(" chưa-niêm-phong=%d", c.Plain)
		}
		if line == "" {
			line = " (trống)"
		}
		fmt.Fprintf(s.Out, "  %s:%s\n", c.Column, line)
	}
}

// keysRotate adds a new current key to the key file and re-seals every
// sealed column with it; with --drop-old it re-seals once more (values a
// running server wrote meanwhile) and then removes the old keys from the
// file, refusing while any value is still under one of them. With no key
// yet, it creates the key file and seals what is in clear.
func keysRotate(ctx context.Context, args []string, s IO) error {
	var dropOld bool
	var batch int
	cfg, _, err := loadConfig("keys rotate", args, s, (*config.Config).StorageFlags, func(fs *flag.FlagSet) {
		fs.BoolVar(&dropOld, "drop-old", false, "niêm phong lại rồi bỏ các khóa cũ khỏi tệp khóa")
		fs.IntVar(&batch, "batch", 500, "số giá trị mỗi giao dịch")
	})
	if err != nil {
		return err
	}
	if cfg.Key == "" {
		path := cfg.KeyFile
		if path == "" {
			path = filepath.Join(cfg.DataDir, seal.FileName)
		}
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			// A new key is only for a database that has no sealed data yet;
			// otherwise the key that sealed it is missing, not to be replaced.
			db, err := app.OpenStore(ctx, cfg)
			if err != nil {
				return err
			}
			err = seal.Check(ctx, db, nil, app.SealedColumns())
			db.Close()
			if err != nil {
				return err
			}
			if _, err := seal.CreateFile(path); err != nil {
				return err
			}
			fmt.Fprintf(s.Out, "đã tạo tệp khóa %s (quyền 0600); hãy sao lưu nó riêng, không cùng bản sao lưu cơ sở dữ liệu\n", path)
			cfg.KeyFile = path
			a, _, err := openForCommand(ctx, cfg, s) // the start-up pass seals what is in clear
			if err != nil {
				return err
			}
			defer a.Close()
			counts, err := seal.Status(ctx, a.DB, app.SealedColumns())
			if err != nil {
				return err
			}
			printStatus(s, a.Keys, counts)
			return nil
		}
	}
	a, ctx, err := openForCommand(ctx, cfg, s)
	if err != nil {
		return err
	}
	defer a.Close()
	keys := a.Keys
	if keys == nil {
		return seal.ErrNoKey
	}
	fromEnv := keys.File() == ""
	if !dropOld && !fromEnv {
		if err := keys.WriteFile(append([]string{seal.NewKey()}, keys.Masters()...)); err != nil {
			return err
		}
		fmt.Fprintf(s.Out, "đã thêm khóa mới %s vào %s và dùng nó từ nay\n", keys.IDs()[0], keys.File())
	}
	done, err := seal.Reseal(ctx, a.DB, keys, app.SealedColumns(), false, batch)
	for _, r := range done {
		fmt.Fprintf(s.Out, "đã niêm phong lại %d giá trị của %s\n", r.Values, r.Column)
	}
	if err != nil {
		return err
	}
	counts, err := seal.Status(ctx, a.DB, app.SealedColumns())
	if err != nil {
		return err
	}
	if dropOld {
		cur, left := keys.IDs()[0], 0
		for _, c := range counts {
			for id, n := range c.ByKey {
				if id != cur {
					left += n
				}
			}
			left += c.Plain
		}
		if left > 0 {
			printStatus(s, keys, counts)
			return fmt.Errorf("còn %d giá trị chưa ở khóa %s nên chưa bỏ khóa cũ; chạy lại lệnh sau ít phút / %d values are not under the current key yet", left, cur, left)
		}
		if fromEnv {
			fmt.Fprintf(s.Out, "mọi giá trị đã ở khóa %s: bỏ các khóa cũ khỏi CANHGIAC_KEY (chỉ giữ khóa đầu tiên) rồi khởi động lại\n", cur)
		} else if len(keys.IDs()) > 1 {
			old := keys.IDs()[1:]
			if err := keys.WriteFile(keys.Masters()[:1]); err != nil {
				return err
			}
			fmt.Fprintf(s.Out, "đã bỏ khóa cũ %v khỏi %s\n", old, keys.File())
		}
	} else if fromEnv {
		fmt.Fprintln(s.Out, "khóa lấy từ CANHGIAC_KEY: đã niêm phong lại theo khóa đầu tiên; để thêm khóa mới, tạo bằng `canhgiac keys new`, đặt CANHGIAC_KEY=\"MỚI,CŨ\", khởi động lại rồi chạy lại lệnh này")
	}
	printStatus(s, keys, counts)
	return nil
}
