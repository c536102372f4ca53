package planimport

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	pdferrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// PDFs are read with PDFium, the engine of Chromium's PDF viewer, compiled
// to WebAssembly and run by wazero: no cgo, so the binary stays
// self-contained, and PDFium gives every piece of text with its position,
// which is what putting a two-column header back into its columns needs.
// Compiling the module costs seconds; the compiled code is cached on disk
// (CacheDir) so that only the first start of a machine pays it.

const (
	// maxPDFPages bounds the pages read: a plan runs to a few dozen pages
	// with its appendices; a longer file is something else (a report, a
	// book) and is refused before any page is read.
	maxPDFPages = 80
	// pdfBudget bounds the time spent on the pages of one file.
	pdfBudget = 5 * time.Second
	// minTextRunes is how much text a PDF must carry to be read: below it,
	// the pages are images (a scan).
	minTextRunes = 40
)

// PDFReader reads the text layer of PDF files. The zero value is not
// usable; make one with NewPDFReader and Close it when done. It is safe
// for concurrent use.
type PDFReader struct {
	cacheDir string

	mu   sync.Mutex
	pool pdfium.Pool
	err  error
}

// NewPDFReader returns a reader that starts PDFium on first use, keeping
// its compiled code under cacheDir ("" for no cache: every start then
// compiles again, which takes seconds).
func NewPDFReader(cacheDir string) *PDFReader {
	return &PDFReader{cacheDir: cacheDir}
}

// DefaultPDFCache is where the CLI keeps PDFium's compiled code when no
// data folder is at hand: the user's cache folder, else the temp folder.
func DefaultPDFCache() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "canhgiac", "pdfium")
	}
	return filepath.Join(os.TempDir(), "canhgiac-pdfium")
}

func (r *PDFReader) start() (pdfium.Pool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pool != nil || r.err != nil {
		return r.pool, r.err
	}
	rc := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling)
	if r.cacheDir != "" {
		if cache, err := wazero.NewCompilationCacheWithDir(r.cacheDir); err == nil {
			rc = rc.WithCompilationCache(cache)
		}
	}
	r.pool, r.err = webassembly.Init(webassembly.Config{MinIdle: 0, MaxIdle: 1, MaxTotal: 2, RuntimeConfig: rc})
	if r.err != nil {
		r.err = fmt.Errorf("start PDFium: %w", r.err)
	}
	return r.pool, r.err
}

// Warm starts PDFium now, so that the first PDF a person uploads is not
// the one that waits seconds for it to be compiled (the compiled code is
// kept in the cache folder, so later starts take a fraction of a second).
func (r *PDFReader) Warm() error {
	_, err := r.start()
	return err
}

// Close ends PDFium, if it was started.
func (r *PDFReader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pool == nil {
		return nil
	}
	err := r.pool.Close()
	r.pool = nil
	return err
}

// Text returns the text of a PDF in reading order, in the shape Parse
// expects (see layoutPages). A file that cannot be read as a plan — a
// password, too many pages, no text layer — is a *Refusal saying why in
// Vietnamese.
func (r *PDFReader) Text(ctx context.Context, data []byte) (string, error) {
	pool, err := r.start()
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, pdfBudget)
	defer cancel()
	inst, err := pool.GetInstanceWithContext(ctx)
	if err != nil {
		return "", fmt.Errorf("PDFium instance: %w", err)
	}
	defer inst.Close()
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	switch {
	case errors.Is(err, pdferrors.ErrPassword) || errors.Is(err, pdferrors.ErrSecurity):
		return "", refuse("Tệp PDF này được khóa bằng mật khẩu nên không đọc được. Hãy mở khóa (hoặc xin bản không khóa, tốt nhất là bản Word .docx) rồi tải lên lại.")
	case err != nil:
		return "", refuse("Tệp không phải là PDF đọc được (tệp hỏng hoặc chỉ có phần đầu của một PDF). Hãy tải lại bản gốc, hoặc dùng bản Word .docx.")
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return "", fmt.Errorf("PDF page count: %w", err)
	}
	if count.PageCount > maxPDFPages {
		return "", refuse(fmt.Sprintf("Tệp PDF dài %d trang; một kế hoạch (kể cả phụ lục) thường không quá %d trang, nên tệp này không được đọc. Nếu đúng là kế hoạch, hãy tải lên riêng phần kế hoạch.", count.PageCount, maxPDFPages))
	}
	if count.PageCount == 0 {
		return "", refuse("Tệp PDF không có trang nào.")
	}
	var pages [][]textBox
	runes := 0
	for i := range count.PageCount {
		if ctx.Err() != nil {
			return "", refuse(fmt.Sprintf("Đọc tệp PDF quá lâu (đã đọc %d/%d trang trong %d giây) nên dừng lại. Hãy dùng bản Word .docx.", i, count.PageCount, int(pdfBudget/time.Second)))
		}
		page, err := inst.GetPageTextStructured(&requests.GetPageTextStructured{
			Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}},
			Mode: requests.GetPageTextStructuredModeRects,
		})
		if err != nil {
			return "", fmt.Errorf("PDF page %d text: %w", i+1, err)
		}
		var boxes []textBox
		for _, rc := range page.Rects {
			b := textBox{text: rc.Text, left: rc.PointPosition.Left, right: rc.PointPosition.Right, top: rc.PointPosition.Top, bottom: rc.PointPosition.Bottom}
			if b.top < b.bottom {
				b.top, b.bottom = b.bottom, b.top
			}
			runes += countLetters(b.text)
			boxes = append(boxes, b)
		}
		pages = append(pages, boxes)
	}
	if runes < minTextRunes {
		return "", refuse(fmt.Sprintf("Tệp PDF này (%d trang) là ảnh chụp hoặc bản quét, không có lớp chữ nên không đọc được. Hãy tải lên bản Word (.docx) của kế hoạch, hoặc bản PDF xuất từ Word.", count.PageCount))
	}
	return layoutPages(pages), nil
}
