package upload

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
)

// ZipLimits bound what a zip container (.xlsx, .docx) may hold. The sizes
// are those the archive declares; archive/zip refuses to read an entry
// past its declared size, so they hold while the entries are read.
type ZipLimits struct {
	MaxEntries  int    // entries in the archive
	MaxUnpacked uint64 // bytes of all entries together, unpacked
	MaxEntry    uint64 // bytes of one entry, unpacked
	MaxRatio    uint64 // unpacked ÷ packed for any entry over 1 MB unpacked
}

// OfficeLimits fit the workbooks and documents people upload here: a
// 5,000-row activity sheet or a 100-page plan is a few MB unpacked, and
// XML packs 5–30 times; a bomb packs hundreds of times.
var OfficeLimits = ZipLimits{MaxEntries: 1000, MaxUnpacked: 48 << 20, MaxEntry: 16 << 20, MaxRatio: 100}

// ErrZip is wrapped by every refusal of OpenZip; its message (after the
// wrap) is Vietnamese and completes a sentence starting with the file's
// name.
var ErrZip = errors.New("zip refused")

type zipError struct{ vi string }

func (e *zipError) Error() string { return e.vi }
func (e *zipError) Unwrap() error { return ErrZip }

// OpenZip opens a zip archive of size bytes and refuses it, before any
// entry is unpacked, when it breaks lim: too many entries, an entry or the
// whole too large unpacked, or an entry packed suspiciously well (a
// decompression bomb). Entries are read through archive/zip, which stops
// at each entry's declared size, so the limits hold while reading too.
func OpenZip(r io.ReaderAt, size int64, lim ZipLimits) (*zip.Reader, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, &zipError{"không mở được dạng nén (zip) của tệp: tệp bị hỏng hoặc không phải tệp Office (.xlsx, .docx)"}
	}
	if len(zr.File) > lim.MaxEntries {
		return nil, &zipError{fmt.Sprintf("chứa %d tệp con, quá giới hạn %d", len(zr.File), lim.MaxEntries)}
	}
	var total uint64
	for _, f := range zr.File {
		u := f.UncompressedSize64
		if u > lim.MaxEntry {
			return nil, &zipError{fmt.Sprintf("có phần “%s” giải nén ra %s, quá giới hạn %s", f.Name, size64(u), size64(lim.MaxEntry))}
		}
		total += u
		if total > lim.MaxUnpacked {
			return nil, &zipError{fmt.Sprintf("giải nén ra hơn %s, quá giới hạn; hãy chia nhỏ tệp", size64(lim.MaxUnpacked))}
		}
		if u > 1<<20 && (f.CompressedSize64 == 0 || u/f.CompressedSize64 > lim.MaxRatio) {
			return nil, &zipError{fmt.Sprintf("có phần “%s” nén bất thường (%s nén thành %s) — dấu hiệu của tệp phá hoại (zip bomb)", f.Name, size64(u), size64(f.CompressedSize64))}
		}
	}
	return zr, nil
}

// ReadEntry reads a whole entry of a zip opened by OpenZip, or nil and
// false when there is none by that name.
func ReadEntry(zr *zip.Reader, name string) ([]byte, bool, error) {
	f := entry(zr, name)
	if f == nil {
		return nil, false, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, true, fmt.Errorf("zip entry %s: %w", name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return nil, true, fmt.Errorf("zip entry %s: %w", name, err)
	}
	return b, true, nil
}

func entry(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

func size64(n uint64) string {
	if n > 1<<62 {
		n = 1 << 62
	}
	return size(int64(n))
}
