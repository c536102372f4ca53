package upload

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// budget is what one request may add to the server's memory.
const budget = 100 << 20

// peakHeap runs fn and returns how far the heap (live and not yet
// collected) rose above where it started, sampled every millisecond.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > base && m.HeapAlloc-base > peak.Load() {
				peak.Store(m.HeapAlloc - base)
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	<-done
	return peak.Load()
}

func TestCheck_TheLargestImageAcceptedStaysWithinTheMemoryBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 12-megapixel picture")
	}
	// 12 megapixels of RGBA, the most MaxDecoded lets through, compressible
	// enough to fit in 8 MB.
	img := image.NewNRGBA(image.Rect(0, 0, 4000, 3000))
	for y := range 3000 {
		for x := range 4000 {
			o := img.PixOffset(x, y)
			img.Pix[o], img.Pix[o+1], img.Pix[o+2], img.Pix[o+3] = uint8(x), uint8(y), uint8(x+y), 255
		}
	}
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	img = nil
	if b.Len() > int(Evidence.MaxFile) {
		t.Fatalf("test picture is %d bytes, over the file limit", b.Len())
	}
	data := b.Bytes()
	var err error
	peak := peakHeap(func() { _, err = Check("files", "lon.png", data, Evidence) })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("peak heap above start: %d MB", peak>>20)
	if peak > budget {
		t.Errorf("cleaning one image took %d MB above idle, over the %d MB budget", peak>>20, budget>>20)
	}
}

func TestOpenWorkbook_TheLargestSheetAcceptedStaysWithinTheMemoryBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 20 MB of XML")
	}
	// Shared strings filling their entry limit with the shortest strings
	// (they are what a reader must hold), and a sheet of rows streamed past
	// them (rows are not held, so a few MB show the same peak as 16).
	var sst strings.Builder
	sst.WriteString(`<sst>`)
	for i := 0; sst.Len() < 15<<20; i++ {
		fmt.Fprintf(&sst, "<si><t>%x</t></si>", i%4096)
	}
	sst.WriteString(`</sst>`)
	var rows strings.Builder
	for i := 1; rows.Len() < 4<<20; i++ {
		fmt.Fprintf(&rows, `<row r="%d"><c t="s"><v>%d</v></c><c><v>%d</v></c><c t="inlineStr"><is><t>Họp dân</t></is></c></row>`, i, i%1000, i)
	}
	data := zipOf(t, "xl/workbook.xml", workbookXML, "xl/_rels/workbook.xml.rels", relsXML, "xl/sharedStrings.xml", sst.String(),
		"xl/styles.xml", stylesXML, "xl/worksheets/sheet1.xml", `<worksheet><sheetData>`+rows.String()+`</sheetData></worksheet>`)
	sst.Reset()
	rows.Reset()
	var err error
	n := 0
	peak := peakHeap(func() {
		var wb *Workbook
		if wb, err = OpenWorkbook(bytes.NewReader(data), int64(len(data)), Sheets(1_000_000)); err != nil {
			return
		}
		err = wb.Rows(func(int, []Cell) error { n++; return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d rows; peak heap above start: %d MB", n, peak>>20)
	if peak > budget {
		t.Errorf("reading one workbook took %d MB above idle, over the %d MB budget", peak>>20, budget>>20)
	}
}
