package activityimport

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// bombXLSX is a workbook whose sheet unpacks to n bytes of one repeated
// row while the file itself stays a few hundred KB, the shape of the
// 358 KB → 122 MB file that took 22 s and a gigabyte before.
func bombXLSX(t *testing.T, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	put := func(name, s string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(s))
	}
	put("xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(`<worksheet><sheetData>`))
	row := []byte(`<row><c t="inlineStr"><is><t>22/04/2024</t></is></c><c t="inlineStr"><is><t>Họp</t></is></c></row>`)
	chunk := bytes.Repeat(row, 1<<20/len(row))
	for written := 0; written < n; written += len(chunk) {
		w.Write(chunk)
	}
	w.Write([]byte(`</sheetData></worksheet>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestParse_DecompressionBombRefusedBeforeUnpacking(t *testing.T) {
	data := bombXLSX(t, 122<<20)
	start := time.Now()
	_, _, err := Parse(bytes.NewReader(data), "bom.xlsx", testOptions())
	took := time.Since(start)
	if !errors.Is(err, ErrFile) || !strings.Contains(err.Error(), "“bom.xlsx”") || !strings.Contains(err.Error(), "giải nén ra") {
		t.Fatalf("err = %v; want the file refused by name for what it unpacks to", err)
	}
	if took > time.Second {
		t.Errorf("took %v; the archive's directory alone should decide", took)
	}
}

func TestParse_XLSXStopsReadingPastTheRowCap(t *testing.T) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	sw.SetRow("A1", []any{"Ngày", "Hình thức", "Nội dung hoạt động"})
	for i := 2; i <= 3000; i++ {
		sw.SetRow(fmt.Sprintf("A%d", i), []any{"22/04/2024", "Họp", fmt.Sprintf("Họp dân %d", i)})
	}
	sw.Flush()
	var b bytes.Buffer
	f.Write(&b)
	opt := testOptions()
	opt.MaxRows = 10
	_, _, err = Parse(bytes.NewReader(b.Bytes()), "nhieu.xlsx", opt)
	if !errors.Is(err, ErrFile) || !strings.Contains(err.Error(), "có hơn 120 dòng") {
		t.Fatalf("err = %v; want a refusal once 120 rows were read", err)
	}
}
