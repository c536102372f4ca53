package web_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

// pdfOf is a small PDF as far as the upload guard looks: the header and the
// end of a cross-reference section.
func pdfOf(text string) string { return "%PDF-1.4\n" + text + "\nstartxref\n0\n%%EOF\n" }

// pdfSized is a PDF of exactly n bytes.
func pdfSized(n int) string {
	p := pdfOf("")
	return p[:9] + strings.Repeat("x", n-len(p)) + p[9:]
}

// hugePNG is a valid PNG header claiming 6000×6600 pixels of 16-bit RGB:
// a few hundred bytes that decode into 600 MB.
func hugePNG() string {
	chunk := func(typ string, data []byte) []byte {
		var b bytes.Buffer
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
		return b.Bytes()
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 6000)
	binary.BigEndian.PutUint32(ihdr[4:], 6600)
	ihdr[8], ihdr[9] = 16, 2
	out := append([]byte("\x89PNG\r\n\x1a\n"), chunk("IHDR", ihdr)...)
	out = append(out, chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0, 0, 0, 0, 1})...)
	return string(append(out, chunk("IEND", nil)...))
}

// gpsJPEG is a phone photo as far as metadata goes: a JPEG with an Exif
// segment carrying a location.
func gpsJPEG(t *testing.T) string {
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	img.Set(1, 1, color.RGBA{200, 10, 10, 255})
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	j := b.Bytes()
	payload := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08GPSLatitude 22.6657N GPSLongitude 106.2639E")
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	return string(j[:2]) + string(seg) + string(payload) + string(j[2:])
}

// polyglot starts like a PNG and is a script.
const polyglot = "\x89PNG\r\n\x1a\n<?php system($_GET['c']); ?>"

// bombXLSX is a workbook of a few hundred KB whose sheet unpacks to 122 MB.
func bombZip(t *testing.T, entry string) string {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	put := func(name, s string) {
		w, _ := zw.Create(name)
		w.Write([]byte(s))
	}
	put("xl/workbook.xml", `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, _ := zw.Create(entry)
	chunk := bytes.Repeat([]byte(`<row><c t="inlineStr"><is><t>0912345678</t></is></c></row>`), 1<<20/56)
	for range 122 {
		w.Write(chunk)
	}
	zw.Close()
	return b.String()
}

// tempFiles lists the multipart temp files left in dir.
func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "multipart-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// send posts a multipart form the way a script would: the CSRF token in the
// X-CSRF-Token header (header true) or in the form, and one file whose
// content is head followed by filler up to n bytes, streamed so a test can
// send far more than it holds.
func send(t *testing.T, c *testutil.Client, base, path string, fields url.Values, file, name, head string, n int64, header bool) (int, string) {
	t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		if !header {
			mw.WriteField("csrf_token", c.CSRF)
		}
		for k, vs := range fields {
			for _, v := range vs {
				mw.WriteField(k, v)
			}
		}
		fw, _ := mw.CreateFormFile(file, name)
		if _, err := io.WriteString(fw, head); err != nil {
			pw.CloseWithError(err)
			return
		}
		filler := bytes.Repeat([]byte{'x'}, 64<<10)
		for left := n - int64(len(head)); left > 0; left -= int64(len(filler)) {
			if _, err := fw.Write(filler[:min(int64(len(filler)), left)]); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		mw.Close()
		pw.Close()
	}()
	req, _ := http.NewRequest(http.MethodPost, base+path, pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if header {
		req.Header.Set("X-CSRF-Token", c.CSRF)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatalf("post %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestUpload_BodyOverTheLimitRefusedOnBothTokenPathsLeavingNoTempFile(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Get("/to-giac")
	for _, header := range []bool{true, false} {
		start := time.Now()
		status, body := send(t, c, e.Server.URL, "/to-giac", url.Values{"indicators": {"0912 345 678"}, "description": {"Gọi giả danh công an."}},
			"files", "to.pdf", "%PDF-1.4\n", 300<<20, header)
		if status != http.StatusRequestEntityTooLarge || !strings.Contains(body, "quá lớn: tối đa 48 MB") {
			t.Errorf("header token %v: status %d, want 413 saying the limit; %.300s", header, status, body)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("header token %v: took %v to refuse", header, d)
		}
		if left := tempFiles(t, tmp); len(left) > 0 {
			t.Errorf("header token %v: temp files left: %v", header, left)
		}
	}
}

func TestTip_FileOverEightMBRefusedByNameKeepingTheFormAndNoTempFile(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Get("/to-giac")
	form := url.Values{"indicators": {"0912 345 678"}, "description": {"Gọi giả danh công an, đòi chuyển tiền."}}
	status, body := send(t, c, e.Server.URL, "/to-giac", form, "files", "bien-lai.pdf", "%PDF-1.4\n", 12<<20, true)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "“bien-lai.pdf” nặng 12 MB, quá giới hạn 8 MB") || !strings.Contains(body, "Gọi giả danh công an, đòi chuyển tiền.") {
		t.Errorf("12 MB file: status %d; want 422 naming the file and keeping the text; %.400s", status, body)
	}
	if left := tempFiles(t, tmp); len(left) > 0 {
		t.Errorf("temp files left after a 422: %v", left)
	}
	e.App.Intel.MaxTipsPerHour = 0
	status, body = send(t, c, e.Server.URL, "/to-giac", form, "files", "bien-lai.pdf", "%PDF-1.4\n", 12<<20, true)
	if status != http.StatusTooManyRequests || !strings.Contains(body, "Gọi giả danh công an, đòi chuyển tiền.") {
		t.Errorf("over the hourly limit: status %d; want 429 keeping the text", status)
	}
	if left := tempFiles(t, tmp); len(left) > 0 {
		t.Errorf("temp files left after a 429: %v", left)
	}
}

func TestTip_EvidenceOfSevenMBStoredWhole(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Get("/to-giac")
	doc := pdfSized(7 << 20)
	r := c.Post("/to-giac", url.Values{"indicators": {"0912 345 679"}, "province": {"Cao Bằng"}, "description": {"Biên lai chuyển tiền."}, "@files": {"bien-lai.pdf|" + doc}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("7 MB PDF: %d %.300s", r.Status, r.Body)
	}
	analyst := e.NewClient(t)
	analyst.Login("xacminh", e.Passwords["xacminh"])
	sum := sha256.Sum256([]byte(doc))
	resp, err := analyst.HTTP.Get(e.Server.URL + "/quan-tri/xac-minh/tep/" + hex.EncodeToString(sum[:]))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(b) != len(doc) {
		t.Fatalf("stored evidence: status %d, %d bytes; want all %d", resp.StatusCode, len(b), len(doc))
	}
}

func TestTip_HugeImageRefusedFromItsHeaderAndOnlyAfterTheAddressLimit(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Get("/to-giac")
	form := url.Values{"indicators": {"0912 345 680"}, "description": {"Ảnh chụp tin nhắn lừa đảo."}, "@files": {"bom.png|" + hugePNG()}}
	start := time.Now()
	r := c.Post("/to-giac", form)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "“bom.png” có 6000×6600 điểm ảnh") || !strings.Contains(r.Body, "Ảnh chụp tin nhắn lừa đảo.") {
		t.Errorf("huge image: %d; want 422 naming the file and its size, keeping the text; %.500s", r.Status, r.Body)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v: the header alone should refuse it", d)
	}
	e.App.Intel.MaxTipsPerHour = 0
	if r := c.Post("/to-giac", form); r.Status != http.StatusTooManyRequests {
		t.Errorf("over the limit: %d; the limit must answer before the image is looked at", r.Status)
	}
}

func TestStaffUpload_PhotoLosesItsLocationAndPolyglotsAreRefused(t *testing.T) {
	e := testutil.Start(t, "")
	officer := e.NewClient(t)
	officer.Login("canbo", e.Passwords["canbo"])
	officer.Get("/quan-tri/hoat-dong")
	act := url.Values{"unit": {"cao-bang-snnmt"}, "date": {"13/11/2026"}, "form": {"banner"}, "title": {"Treo băng rôn cảnh báo lừa đảo"}}
	act["@files"] = []string{"anh.png|" + polyglot}
	if r := officer.Post("/quan-tri/hoat-dong", act); r.Status != 422 || !strings.Contains(r.Body, "“anh.png”") || !strings.Contains(r.Body, "Treo băng rôn cảnh báo lừa đảo") {
		t.Errorf("a PNG-signature script as evidence: %d; want 422 naming it and keeping the title", r.Status)
	}
	act["@files"] = []string{"bang-ron.jpg|" + gpsJPEG(t)}
	if r := officer.Post("/quan-tri/hoat-dong", act); r.Status != http.StatusSeeOther {
		t.Fatalf("a photo as evidence: %d %.300s", r.Status, r.Body)
	}
	list := officer.Get("/quan-tri/hoat-dong").Body
	i := strings.Index(list, "/quan-tri/hoat-dong/tep/")
	if i < 0 {
		t.Fatal("no evidence link")
	}
	resp, err := officer.HTTP.Get(e.Server.URL + list[i:i+len("/quan-tri/hoat-dong/tep/")+64])
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || bytes.Contains(b, []byte("GPSLatitude")) || bytes.Contains(b, []byte("Exif")) {
		t.Errorf("the stored photo (status %d) still carries its Exif location", resp.StatusCode)
	}
	if _, err := jpeg.Decode(bytes.NewReader(b)); err != nil {
		t.Errorf("the stored photo does not decode: %v", err)
	}

	editor := e.NewClient(t)
	editor.Login("bientap", e.Passwords["bientap"])
	editor.Get("/quan-tri/noi-dung/moi?loai=warning")
	r := editor.Post("/quan-tri/noi-dung", url.Values{"kind": {"warning"}, "unit": {"cao-bang-ca"}, "title": {"Cảnh báo thử"}, "summary": {"Tóm tắt."},
		"body": {"<p>Nội dung.</p>"}, "severity": {"severe"}, "urgency": {"immediate"}, "area": {"Cao Bằng"}, "channels": {"web"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("save: %d", r.Status)
	}
	editor.Get(r.Location)
	if r := editor.Post(r.Location+"/tep", url.Values{"@files": {"infographic.png|" + polyglot}}); r.Status != 422 || !strings.Contains(r.Body, "“infographic.png”") {
		t.Errorf("a PNG-signature script as content: %d", r.Status)
	}
}

func TestImports_ZipBombsRefusedByNameBeforeUnpacking(t *testing.T) {
	e := testutil.Start(t, "")
	sheet, doc := bombZip(t, "xl/worksheets/sheet1.xml"), bombZip(t, "word/document.xml")
	officer := e.NewClient(t)
	officer.Login("canbo", e.Passwords["canbo"])
	officer.Get("/quan-tri/hoat-dong")
	coord := e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])
	coord.Get("/quan-tri/nguoi-nhan")
	for _, tt := range []struct {
		name string
		c    *testutil.Client
		path string
		form url.Values
	}{
		{"activities", officer, "/quan-tri/hoat-dong/nhap", url.Values{"unit": {"cao-bang-snnmt"}, "mode": {"all"}, "@file": {"hd.xlsx|" + sheet}}},
		{"subscribers", coord, "/quan-tri/nguoi-nhan/nhap", url.Values{"@file": {"ds.xlsx|" + sheet}}},
		{"plan", officer, "/quan-tri/ke-hoach/nhap", url.Values{"unit": {"cao-bang-snnmt"}, "action": {"preview"}, "@file": {"kh.docx|" + doc}}},
	} {
		start := time.Now()
		r := tt.c.Post(tt.path, tt.form)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "giải nén ra") {
			t.Errorf("%s: %d; want 422 saying what it unpacks to; %.400s", tt.name, r.Status, r.Body)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: took %v", tt.name, d)
		}
	}
}

func TestForms_AnUnreadableBodyIsRefusedInVietnamese(t *testing.T) {
	e := testutil.Start(t, "")
	for user, path := range map[string]string{"quantri": "/quan-tri/tai-khoan", "thuongtruc": "/quan-tri/bao-cao/yeu-cau"} {
		c := e.NewClient(t)
		c.Login(user, e.Passwords[user])
		req, _ := http.NewRequest(http.MethodPost, e.Server.URL+path, strings.NewReader("username=%zz&unit=cao-bang"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-CSRF-Token", c.CSRF)
		resp, err := c.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), "Không đọc được nội dung biểu mẫu") {
			t.Errorf("%s: %d; want 422 saying the form could not be read", path, resp.StatusCode)
		}
	}
}
