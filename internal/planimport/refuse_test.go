package planimport

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"
)

// A file that is not a plan gets a plain answer in Vietnamese, quickly,
// and nothing from it is kept: either ReadFile refuses it, or Parse reads
// it as "not a plan" with no field filled.
func TestReadFile_FilesThatAreNotPlansGetAClearAnswerInTime(t *testing.T) {
	testPDF() // start PDFium before timing, as a server does once
	warm := pdfText(t, "KẾ HOẠCH", "Tuyên truyền phòng, chống lừa đảo trực tuyến trên địa bàn xã năm 2025")
	if _, err := ReadFile(context.Background(), warm, testPDF()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		data    []byte
		refused string // a *Refusal saying this, or
		warning string // a result of kind unknown warning this
	}{
		{"encrypted PDF", encryptedPDF(t), "khóa bằng mật khẩu", ""},
		{"200-page PDF", longPDF(t, 200), "dài 200 trang", ""},
		{"scanned PDF without text", scannedPDF(t), "bản quét, không có lớp chữ", ""},
		{"spreadsheet renamed .docx", spreadsheet(t), "bảng tính Excel (.xlsx)", ""},
		{"truncated PDF", pdfText(t, "KẾ HOẠCH")[:400], "không phải là PDF đọc được", ""},
		{"old Word .doc", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 512)...), "Office 97–2003", ""},
		{"image", pngImage(t), "không phải văn bản .docx, .pdf hay .txt", ""},
		{"over the size limit", bytes.Repeat([]byte("a"), MaxFileSize+1), "quá giới hạn 10 MB", ""},
		{"a decision", []byte(decisionText), "", "là một Quyết định"},
		{"a news item", []byte(newsText), "", ""},
		{"a recipe", []byte("Cách làm bánh chưng\nGạo nếp ngâm qua đêm, đỗ xanh đãi sạch vỏ.\nLá dong rửa sạch, lau khô."), "", "Không thấy dấu hiệu của một kế hoạch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			d, err := ReadFile(context.Background(), tt.data, testPDF())
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("answered in %v, want within 5 s", took)
			}
			if tt.refused != "" {
				var r *Refusal
				if !errors.As(err, &r) || !strings.Contains(r.Reason, tt.refused) {
					t.Fatalf("err = %v, want a refusal saying %q", err, tt.refused)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			res := d.Result
			if tt.name == "a news item" {
				if res.Kind != KindNews {
					t.Errorf("kind = %s, want news", res.Kind)
				}
				return
			}
			if res.Kind != KindUnknown || res.Number != "" || res.Issuer != "" || len(res.Duties) != 0 || len(res.Sections) != 0 {
				t.Errorf("a text that is not a plan kept fields: %+v", res)
			}
			requireWarning(t, res, tt.warning)
		})
	}
}

const decisionText = `ỦY BAN NHÂN DÂN
XÃ PHÚ HÒA
Số: 245/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Phú Hòa, ngày 04 tháng 11 năm 2025
QUYẾT ĐỊNH
Về việc kiện toàn Tổ công nghệ số cộng đồng xã Phú Hòa
CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHÚ HÒA
Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;
QUYẾT ĐỊNH:
Điều 1. Kiện toàn Tổ công nghệ số cộng đồng xã gồm các ông, bà có tên sau.
Điều 2. Quyết định có hiệu lực kể từ ngày ký./.
`

const newsText = `Xã Phú Hòa triển khai kế hoạch phòng, chống lừa đảo trực tuyến
Thứ Hai, 10/11/2025 09:30
Ngày 04/11/2025, Ủy ban nhân dân xã Phú Hòa ban hành Kế hoạch số 246/KH-UBND về phòng, chống lừa đảo trực tuyến năm 2025.
Theo kế hoạch, Công an xã chủ trì tuyên truyền tại các thôn; Văn phòng xã đăng tin cảnh báo trên trang thông tin điện tử.
Tin liên quan
`

// pdfText is a one-page PDF with a text layer.
func pdfText(t *testing.T, lines ...string) []byte {
	f := pdfDoc(t)
	f.AddPage()
	bodyText(f, "", lines...)
	return pdfBytes(t, f)
}

func encryptedPDF(t *testing.T) []byte {
	f := pdfDoc(t)
	f.SetProtection(fpdf.CnProtectPrint, "matkhau", "chuso")
	f.AddPage()
	bodyText(f, "", "KẾ HOẠCH", "Tuyên truyền phòng, chống lừa đảo")
	return pdfBytes(t, f)
}

func longPDF(t *testing.T, pages int) []byte {
	f := pdfDoc(t)
	for i := range pages {
		f.AddPage()
		bodyText(f, "", "Báo cáo thống kê trang "+itoa(i+1))
	}
	return pdfBytes(t, f)
}

func pngImage(t *testing.T) []byte {
	img := image.NewGray(image.Rect(0, 0, 600, 800))
	for y := 0; y < 800; y += 20 {
		for x := 40; x < 560; x++ {
			img.SetGray(x, y, color.Gray{Y: 200})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// scannedPDF is two pages that are only pictures, as a scanner makes.
func scannedPDF(t *testing.T) []byte {
	f := pdfDoc(t)
	f.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(pngImage(t)))
	for range 2 {
		f.AddPage()
		f.ImageOptions("scan", 0, 0, 210, 297, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	}
	return pdfBytes(t, f)
}

func spreadsheet(t *testing.T) []byte {
	x := excelize.NewFile()
	defer x.Close()
	_ = x.SetCellValue("Sheet1", "A1", "Đơn vị")
	_ = x.SetCellValue("Sheet1", "B1", "Số buổi tuyên truyền")
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
