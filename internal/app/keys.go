package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/seal"
)

// SealedColumns are every sealed column of the program, declared by the
// packages that own them; the start-up check, the start-up pass and
// `canhgiac keys` work over this list.
func SealedColumns() []seal.Column {
	var cols []seal.Column
	for _, c := range [][]seal.Column{intel.SealedColumns(), auth.SealedColumns(), audience.SealedColumns(), dispatch.SealedColumns()} {
		cols = append(cols, c...)
	}
	return cols
}

// OpenKeys loads the sealing keys the configuration names. Without a key
// in the configuration it reads <data>/canhgiac.key when that file exists,
// and with --demo creates it (readable by its owner only) and says so on
// out. No key at all gives nil keys: the start-up check then decides
// whether the database can run without one.
func OpenKeys(cfg config.Config, out io.Writer) (*seal.Keys, error) {
	k, err := seal.FromConfig(cfg.KeyFile, cfg.Key)
	if err != nil || k != nil {
		return k, err
	}
	path := filepath.Join(cfg.DataDir, seal.FileName)
	if _, err := os.Stat(path); err == nil {
		return seal.LoadFile(path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s: %v", seal.ErrKey, path, err)
	}
	if !cfg.Demo {
		return nil, nil
	}
	k, err = seal.CreateFile(path)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "Đã tạo khóa niêm phong dữ liệu cá nhân: %s (quyền 0600; giữ bí mật, sao lưu riêng — mất khóa là mất dữ liệu cá nhân).\nCreated the personal-data key file %s; back it up apart from the database.\n", path, path)
	return k, nil
}

// checkKeys refuses to run with sealed data it cannot read, then seals
// what is still in clear (rows written before sealing began).
func (a *App) checkKeys(ctx context.Context) error {
	cols := SealedColumns()
	if err := seal.Check(ctx, a.DB, a.Keys, cols); err != nil {
		return err
	}
	if a.Keys == nil {
		a.Log.Warn("no personal-data key (CANHGIAC_KEY_FILE or CANHGIAC_KEY): forms that carry a contact will refuse it until one is set")
		return nil
	}
	done, err := seal.Reseal(ctx, a.DB, a.Keys, cols, true, 0)
	for _, r := range done {
		if r.Values > 0 {
			a.Log.Info("sealed personal data written in clear", "column", r.Column, "values", r.Values)
		}
	}
	return err
}
