package app

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/canhgiac/canhgiac/internal/config"
)

// reporterKeyFile is the name of the key file in the data folder.
const reporterKeyFile = "reporter.key"

// ReporterKey returns the key of the reporter hashes (tips' addresses and
// devices). It is kept outside the database, so a copy of the database
// alone cannot link a hash to an address by trying them all:
// CANHGIAC_REPORTER_KEY when set, else DATA/reporter.key, made with 32
// random bytes on first start (mode 0600). Several instances on one
// PostgreSQL database must share it; otherwise each counts the same
// reporter again.
func ReporterKey(cfg config.Config) ([]byte, error) {
	if cfg.ReporterKey != "" {
		return []byte(cfg.ReporterKey), nil
	}
	path := filepath.Join(cfg.DataDir, reporterKeyFile)
	b, err := os.ReadFile(path)
	if err == nil {
		k, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(k) < 32 {
			return nil, fmt.Errorf("reporter key %s: not 64 hex digits", path)
		}
		return k, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("reporter key: %w", err)
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("reporter key: %w", err)
	}
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("reporter key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) { // another instance made it first
		return ReporterKey(cfg)
	} else if err != nil {
		return nil, fmt.Errorf("reporter key: %w", err)
	}
	if _, err := f.WriteString(hex.EncodeToString(k) + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("reporter key: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("reporter key: %w", err)
	}
	return k, nil
}
