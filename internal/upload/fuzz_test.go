package upload

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
)

// The fuzz tests run their seeds in every `go test`; `go test -fuzz` explores
// beyond them. Each holds the guard to: never panic, never pass something
// that is not what it claims, never leave a temp file.

func FuzzCheckImage(f *testing.F) {
	f.Add(pngOf(f, 3, 2))
	f.Add(jpegOf(f, 5, 4))
	f.Add(withExif(jpegOf(f, 2, 2)))
	f.Add(hugePNG(6000, 6600))
	f.Add([]byte("\x89PNG\r\n\x1a\n<?php ?>"))
	f.Add([]byte("\xFF\xD8\xFF\xE0 broken"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Check("files", "x", data, Evidence)
		if err != nil {
			return
		}
		switch file.Type() {
		case PNG, JPEG:
			if Sniff(file.Data()) != file.Type() {
				t.Fatalf("cleaned %s does not start as one", file.Type())
			}
			if _, err := CleanImage(file.Data()); err != nil {
				t.Fatalf("a cleaned image does not pass again: %v", err)
			}
		case PDF:
			if checkPDF(file.Data()) != "" {
				t.Fatal("a PDF passed without its structure")
			}
		}
	})
}

func FuzzOpenWorkbook(f *testing.F) {
	f.Add(xlsxOf(f, `<row r="1"><c t="s"><v>0</v></c><c s="1"><v>45292</v></c></row>`))
	f.Add(xlsxOf(f, `<row><c r="XFD1"><v>1</v></c></row><row r="0"><c r="1A" t="s"><v>99</v></c></row>`))
	f.Add(zipOf(f, "xl/workbook.xml", "<workbook/>"))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		wb, err := OpenWorkbook(bytes.NewReader(data), int64(len(data)), Sheets(50))
		if err != nil {
			return
		}
		rows := 0
		_ = wb.Rows(func(_ int, cells []Cell) error {
			rows++
			if len(cells) > 100 {
				t.Fatalf("row of %d cells past the cap", len(cells))
			}
			return nil
		})
		if rows > 50 {
			t.Fatalf("%d rows past the cap", rows)
		}
	})
}

func FuzzParseForm(f *testing.F) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("description", "Tôi bị lừa")
	fw, _ := mw.CreateFormFile("files", "a.png")
	fw.Write(pngOf(f, 2, 2))
	mw.Close()
	f.Add(b.Bytes(), mw.Boundary())
	f.Add([]byte("--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a\"\r\n\r\n%PDF-1.4\r\n--x--\r\n"), "x")
	f.Add([]byte("--x\r\n\r\n"), "x")
	tmp := f.TempDir()
	f.Fuzz(func(t *testing.T, body []byte, boundary string) {
		t.Setenv("TMPDIR", tmp)
		r := httptest.NewRequest(http.MethodPost, "/to-giac", bytes.NewReader(body))
		r.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
		w := httptest.NewRecorder()
		err := ParseForm(w, r)
		if err == nil {
			_, _ = Files(r, "files", Evidence)
		}
		Release(r)
		left, _ := filepath.Glob(filepath.Join(tmp, "multipart-*"))
		if len(left) > 0 {
			t.Fatalf("temp files left: %v", left)
		}
	})
}
