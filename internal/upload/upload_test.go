package upload

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/errs"
)

func refusal(t *testing.T, err error) string {
	t.Helper()
	msg := errs.FieldsOf(err)["files"]
	if msg == "" {
		t.Fatalf("want a refusal on files, got %v", err)
	}
	return msg
}

func TestCheck_RefusesByContentNamingTheFile(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"polyglot.png", []byte("\x89PNG\r\n\x1a\n<?php system($_GET['c']); ?>"), "bị hỏng"},
		{"polyglot2.png", append(hugePNG(10, 10)[:33], []byte("<script>alert(1)</script>")...), "hỏng"},
		{"anh.jpg", []byte("<html>not a picture</html>"), "chỉ nhận ảnh JPEG, ảnh PNG hoặc tệp PDF"},
		{"bom.png", hugePNG(6000, 6600), "6000×6600"},
		{"dai.png", hugePNG(20000, 10), "quá giới hạn 10000 điểm mỗi chiều"},
		{"catmat.pdf", []byte("%PDF-1.7\n1 0 obj << >> endobj\n"), "thiếu phần kết"},
		{"gia.pdf", []byte("%PDF-garbage and then nothing at all......"), "không phải tệp PDF đúng chuẩn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := Check("files", tt.name, tt.data, Evidence)
			msg := refusal(t, err)
			if !strings.Contains(msg, "“"+tt.name+"”") || !strings.Contains(msg, tt.want) {
				t.Errorf("refusal %q: want the file's name and %q", msg, tt.want)
			}
			if d := time.Since(start); d > 200*time.Millisecond {
				t.Errorf("took %v: the header alone should decide", d)
			}
		})
	}
}

func TestCheck_TooLargeFileNamedWithItsSize(t *testing.T) {
	data := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 9<<20)...)
	msg := refusal(t, func() error { _, err := Check("files", "to.pdf", data, Evidence); return err }())
	if !strings.Contains(msg, "“to.pdf”") || !strings.Contains(msg, "8 MB") {
		t.Errorf("refusal %q", msg)
	}
}

func TestCheck_SevenMegabytePDFPassesWhole(t *testing.T) {
	data := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 7<<20)...)
	data = append(data, "\nstartxref\n123\n%%EOF\n"...)
	f, err := Check("files", "bien-ban.pdf", data, Evidence)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(f.Data(), data) || f.Type() != PDF {
		t.Errorf("stored %d bytes of type %s, want all %d as PDF", f.Size(), f.Type(), len(data))
	}
}

func TestCheck_JPEGComesBackWithoutExifGPS(t *testing.T) {
	in := withExif(jpegOf(t, 64, 48))
	if _, err := jpeg.Decode(bytes.NewReader(in)); err != nil {
		t.Fatalf("test photo does not decode: %v", err)
	}
	f, err := Check("files", "ảnh chụp.jpg", in, Evidence)
	if err != nil {
		t.Fatal(err)
	}
	out := f.Data()
	if bytes.Contains(out, []byte("Exif")) || bytes.Contains(out, []byte("GPS")) {
		t.Error("the cleaned photo still carries Exif/GPS")
	}
	img, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil || img.Bounds().Dx() != 64 || img.Bounds().Dy() != 48 {
		t.Errorf("cleaned photo: %v, err %v", img.Bounds(), err)
	}
	if f.Name() != "ảnh chụp.jpg" {
		t.Errorf("name %q", f.Name())
	}
}

func TestCheck_PNGLosesTextChunksAndAppendedData(t *testing.T) {
	p := pngOf(t, 8, 8)
	// A tEXt chunk before IEND and a payload after it.
	iend := len(p) - 12
	in := append(append(append([]byte{}, p[:iend]...), chunk("tEXt", []byte("Location\x0021.02,105.85"))...), p[iend:]...)
	in = append(in, "PK\x03\x04 hidden zip"...)
	if _, err := png.Decode(bytes.NewReader(in)); err != nil {
		t.Fatalf("test picture does not decode: %v", err)
	}
	f, err := Check("files", "a.png", in, Evidence)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(f.Data(), []byte("Location")) || bytes.Contains(f.Data(), []byte("hidden zip")) {
		t.Error("metadata or appended payload survived")
	}
}

func TestCheckAll_NamesEveryRefusedFileAndTheCount(t *testing.T) {
	_, err := CheckAll("files", []Raw{{"a.exe", []byte("MZ")}, {"b.png", pngOf(t, 2, 2)}, {"c.txt", []byte("hi")}}, Evidence)
	msg := refusal(t, err)
	if !strings.Contains(msg, "“a.exe”") || !strings.Contains(msg, "“c.txt”") || strings.Contains(msg, "b.png") {
		t.Errorf("refusal %q", msg)
	}
	many := make([]Raw, 6)
	_, err = CheckAll("files", many, Evidence)
	if msg := refusal(t, err); !strings.Contains(msg, "tối đa 5 tệp") {
		t.Errorf("refusal %q", msg)
	}
}

func TestOpenZip_RefusesBombsBeforeUnpacking(t *testing.T) {
	zeros := func(n int) string { return string(make([]byte, n)) }
	tests := []struct {
		name string
		zip  func() []byte
		want string
	}{
		{"ratio", func() []byte { return zipOf(t, "xl/worksheets/sheet1.xml", zeros(8<<20)) }, "zip bomb"},
		{"entry", func() []byte { return zipOf(t, "a", strings.Repeat("abcdefghij", 2<<20)) }, "quá giới hạn 16 MB"},
		{"entries", func() []byte {
			var es []string
			for i := range 1001 {
				es = append(es, fmt.Sprint(i), "x")
			}
			return zipOf(t, es...)
		}, "1001 tệp con"},
		{"not a zip", func() []byte { return []byte("PK\x03\x04 not really") }, "không mở được"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.zip()
			_, err := OpenZip(bytes.NewReader(b), int64(len(b)), OfficeLimits)
			if !errors.Is(err, ErrZip) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v, want ErrZip saying %q", err, tt.want)
			}
		})
	}
}

func TestOpenZip_DeclaredSizeIsEnforcedWhileReading(t *testing.T) {
	// An entry whose header claims 10 bytes but unpacks to 1 MB.
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.CreateRaw(&zip.FileHeader{Name: "a", Method: zip.Store, CompressedSize64: 1 << 20, UncompressedSize64: 10})
	w.Write(make([]byte, 1<<20))
	zw.Close()
	zr, err := OpenZip(bytes.NewReader(b.Bytes()), int64(b.Len()), OfficeLimits)
	if err != nil {
		t.Fatal(err)
	}
	if data, _, err := ReadEntry(zr, "a"); err == nil {
		t.Errorf("read %d bytes past the declared 10", len(data))
	}
}

func TestWorkbook_StreamsRowsWithTypesAndStopsAtTheCap(t *testing.T) {
	data := xlsxOf(t, `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>`+
		`<row r="3"><c r="A3" s="1"><v>45292</v></c><c r="B3" t="inlineStr"><is><t>1.250</t></is></c><c r="C3" s="2"><v>1250</v></c></row>`+
		`<row r="4"><c r="A4" t="b"><v>1</v></c></row><row r="5"><c r="A5"><v>7</v></c></row>`)
	wb, err := OpenWorkbook(bytes.NewReader(data), int64(len(data)), Sheets(2))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	err = wb.Rows(func(row int, cells []Cell) error {
		var parts []string
		for _, c := range cells {
			parts = append(parts, fmt.Sprintf("%s/%v/%v", c.Text, c.IsNum, c.Date))
		}
		got = append(got, fmt.Sprint(row, parts))
		return nil
	})
	want := []string{"1 [Ngày/false/false /false/false Số người/false/false]", "3 [45292/true/true 1.250/false/false 1250/true/false]"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows\n got %q\nwant %q", got, want)
	}
	if !errors.Is(err, ErrTooManyRows) {
		t.Errorf("err %v, want ErrTooManyRows at the third row", err)
	}
}

func TestDateFormat(t *testing.T) {
	for code, want := range map[string]bool{"dd/mm/yyyy": true, "#,##0": false, `"Ngày" 0`: false, "[Red]0.00": false, "h:mm": true, `0\d`: false} {
		if got := dateFormat(code); got != want {
			t.Errorf("dateFormat(%q) = %v", code, got)
		}
	}
}
