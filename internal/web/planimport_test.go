package web_test

import (
	"bytes"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

// An officer uploads a plan received as a Word file, one downloaded as a
// PDF and one copied from a web page: each preview shows what was read,
// the fields that were not, and the document's own text beside them.
func TestPlanImport_ReadsWordPDFAndWebCopyBesideTheText(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Login("canbo", e.Passwords["canbo"])
	c.Get("/quan-tri/ke-hoach/nhap")
	tests := []struct {
		file string
		want []string
	}{
		{"word_so_khcn_tu_dong.docx", []string{"1457/KH-SKHCN", "21/07/2025", "Sở Khoa học và Công nghệ", "Phòng Bưu chính, Viễn thông và Chuyển đổi số", "Ma Thế Hùng", `class="doc-text"`, "tệp Word .docx"}},
		{"pdf_xa_hai_cot.pdf", []string{"64/KH-UBND", "19/09/2025", "Ủy ban nhân dân xã Nam Trực", "Trưởng các thôn, tổ dân phố", "Trần Đức Thắng", "tệp PDF (lớp chữ)", `<li id="dong-1" class="read">ỦY BAN NHÂN DÂN</li>`}},
		{"web_mam_non.txt", []string{"45/KH-MNHS", "10/10/2024", "Trường Mầm non Hoa Sen II", "Nhân viên văn thư", "Hải Châu, ngà y 10 tháng 10 năm 2024"}},
	}
	for _, tt := range tests {
		b, err := os.ReadFile("../planimport/testdata/plans/" + tt.file)
		if err != nil {
			t.Fatal(err)
		}
		r := c.Post("/quan-tri/ke-hoach/nhap", url.Values{"unit": {"cao-bang-snnmt"}, "action": {"preview"}, "@file": {tt.file + "|" + string(b)}})
		if r.Status != 200 {
			t.Fatalf("%s: %d %.300s", tt.file, r.Status, r.Body)
		}
		for _, w := range tt.want {
			if !strings.Contains(r.Body, w) {
				t.Errorf("%s: the preview lacks %q", tt.file, w)
			}
		}
		if strings.Contains(r.Body, "Chưa đọc được") {
			t.Errorf("%s: a complete plan is shown with missing fields", tt.file)
		}
	}

	// A plan with empty fields names each and where it was looked for.
	r := c.Post("/quan-tri/ke-hoach/nhap", url.Values{"unit": {"cao-bang-snnmt"}, "action": {"preview"},
		"@file": {"nhap.txt|KẾ HOẠCH\nTuyên truyền\nI. MỤC ĐÍCH\nNâng cao nhận thức.\nII. NỘI DUNG\nTổ chức hội nghị.\n"}})
	for _, w := range []string{"Chưa đọc được", "Số văn bản</strong>: đã tìm ở", "Người ký</strong>: đã tìm ở", "Nhiệm vụ từng đơn vị</strong>: đã tìm ở"} {
		if !strings.Contains(r.Body, w) {
			t.Errorf("a plan with gaps: the page lacks %q", w)
		}
	}

	// A news item about a plan is shown but not saved; a spreadsheet named
	// .docx and a file over the limit are refused with the reason.
	news := "Xã Phú Hòa triển khai kế hoạch phòng, chống lừa đảo\nNgày 04/11/2025, Ủy ban nhân dân xã Phú Hòa ban hành Kế hoạch số 246/KH-UBND về phòng, chống lừa đảo trực tuyến.\nTheo kế hoạch, Công an xã chủ trì tuyên truyền.\n"
	r = c.Post("/quan-tri/ke-hoach/nhap", url.Values{"unit": {"cao-bang-snnmt"}, "action": {"save"}, "@file": {"tin.txt|" + news}})
	if r.Status != 422 || !strings.Contains(r.Body, "bản tin nói về một kế hoạch") {
		t.Errorf("saving a news item: %d; want it refused", r.Status)
	}
	x := excelize.NewFile()
	_ = x.SetCellValue("Sheet1", "A1", "Đơn vị")
	var xlsx bytes.Buffer
	if err := x.Write(&xlsx); err != nil {
		t.Fatal(err)
	}
	r = c.Post("/quan-tri/ke-hoach/nhap", url.Values{"unit": {"cao-bang-snnmt"}, "action": {"save"}, "@file": {"ke-hoach.docx|" + xlsx.String()}})
	if r.Status != 422 || !strings.Contains(r.Body, "bảng tính Excel") {
		t.Errorf("a spreadsheet named .docx: %d; want it refused as a spreadsheet", r.Status)
	}
	r = c.Post("/quan-tri/ke-hoach/nhap", url.Values{"unit": {"cao-bang-snnmt"}, "action": {"save"}, "@file": {"lon.txt|" + strings.Repeat("a", 10<<20+1)}})
	if r.Status != 422 || !strings.Contains(r.Body, "quá giới hạn") {
		t.Errorf("a file over the limit: %d; want it refused", r.Status)
	}
}
