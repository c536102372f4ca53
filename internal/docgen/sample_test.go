package docgen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// samplePlan is a realistic KẾ HOẠCH of a provincial People's Committee,
// long enough to run over two pages.
func samplePlan() Document {
	date := time.Date(2024, 4, 22, 0, 0, 0, 0, time.UTC)
	d := Document{
		IssuingBody: "ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG",
		Number:      "940/KH-UBND",
		Place:       "Cao Bằng",
		Date:        &date,
		Year:        2024,
		Kind:        "Kế hoạch",
		Title:       "Triển khai chuyển đổi số trong các trường phổ thông trên địa bàn tỉnh năm học 2024 - 2025",
		Basis: []string{
			"Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
			"Căn cứ Chương trình chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030;",
			"Xét đề nghị của Giám đốc Sở Giáo dục và Đào tạo, Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai chuyển đổi số trong các trường phổ thông năm học 2024 - 2025 như sau:",
		},
		Blocks: []Block{
			{Kind: Heading1, Text: "I. MỤC ĐÍCH, YÊU CẦU"},
			{Kind: Heading2, Text: "1. Mục đích"},
			{Kind: Paragraph, Text: "Đẩy mạnh ứng dụng công nghệ thông tin trong dạy học, quản lý và kiểm tra, đánh giá; từng bước hình thành môi trường học tập số ở mọi trường phổ thông, kể cả các điểm trường vùng cao, vùng đặc biệt khó khăn của tỉnh."},
			{Kind: Paragraph, Text: "Nâng cao năng lực số cho cán bộ quản lý, giáo viên và học sinh; bảo đảm mỗi giáo viên sử dụng thành thạo ít nhất một nền tảng dạy học trực tuyến và hồ sơ điện tử."},
			{Kind: Heading2, Text: "2. Yêu cầu"},
			{Kind: Bullet, Text: "- Việc triển khai phải bám sát điều kiện thực tế của từng địa phương, không chạy theo hình thức, không làm tăng gánh nặng hồ sơ, sổ sách cho giáo viên."},
			{Kind: Bullet, Text: "- Bảo đảm an toàn, an ninh thông tin và bảo vệ dữ liệu cá nhân của học sinh, cha mẹ học sinh theo quy định của pháp luật."},
			{Kind: Bullet, Text: "- Phân công rõ trách nhiệm của từng cơ quan, đơn vị; có lộ trình, kết quả cụ thể để kiểm tra, đánh giá."},
			{Kind: Heading1, Text: "II. NỘI DUNG VÀ NHIỆM VỤ CHỦ YẾU"},
			{Kind: Heading2, Text: "1. Hoàn thiện hạ tầng và nền tảng số"},
			{Kind: Paragraph, Text: "Rà soát, bổ sung đường truyền Internet tốc độ cao đến tất cả các trường; ưu tiên 47 điểm trường lẻ chưa có kết nối ổn định. Mỗi trường bố trí tối thiểu một phòng học đa phương tiện đáp ứng yêu cầu dạy học theo chương trình giáo dục phổ thông 2018."},
			{Kind: Bullet, Text: "+ Thời gian thực hiện: từ tháng 5 đến tháng 9 năm 2024."},
			{Kind: Bullet, Text: "+ Đơn vị chủ trì: Sở Giáo dục và Đào tạo; đơn vị phối hợp: Sở Khoa học và Công nghệ, các doanh nghiệp viễn thông."},
			{Kind: Heading2, Text: "2. Số hóa hồ sơ, học bạ và quản lý nhà trường"},
			{Kind: Paragraph, Text: "Triển khai học bạ số, sổ điểm điện tử và hồ sơ quản lý nhà trường trên cơ sở dữ liệu ngành giáo dục; kết nối, chia sẻ dữ liệu với Cổng dịch vụ công của tỉnh để giải quyết thủ tục hành chính về tuyển sinh, chuyển trường trực tuyến toàn trình."},
			{Kind: Paragraph, Text: "Các trường tổ chức tập huấn cho giáo viên chủ nhiệm và nhân viên văn thư về quy trình ký số, lưu trữ điện tử; hoàn thành việc cấp chữ ký số cho hiệu trưởng trước ngày 30 tháng 8 năm 2024."},
			{Kind: Heading2, Text: "3. Bồi dưỡng năng lực số cho giáo viên và học sinh"},
			{Kind: Paragraph, Text: "Tổ chức các lớp bồi dưỡng theo cụm trường, kết hợp trực tiếp và trực tuyến; chú trọng kỹ năng thiết kế bài giảng điện tử, khai thác học liệu số dùng chung và phòng, chống lừa đảo trên không gian mạng. Giáo viên cốt cán của từng môn học có trách nhiệm hướng dẫn, hỗ trợ đồng nghiệp tại trường."},
			{Kind: Paragraph, Text: "Đưa nội dung kỹ năng số, an toàn thông tin vào hoạt động trải nghiệm, hướng nghiệp; khuyến khích học sinh tham gia cuộc thi sáng tạo thanh thiếu niên, nhi đồng và các câu lạc bộ tin học."},
			{Kind: Heading1, Text: "III. TỔ CHỨC THỰC HIỆN"},
			{Kind: Paragraph, Text: "Sở Giáo dục và Đào tạo là cơ quan thường trực, chủ trì hướng dẫn, đôn đốc, kiểm tra việc thực hiện Kế hoạch; tổng hợp, báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện trước ngày 15 tháng 6 năm 2025."},
			{Kind: Paragraph, Text: "Sở Tài chính tham mưu bố trí kinh phí thực hiện từ nguồn sự nghiệp giáo dục và các chương trình mục tiêu; Sở Khoa học và Công nghệ hướng dẫn bảo đảm an toàn thông tin cho các hệ thống dùng chung."},
			{Kind: Paragraph, Text: "Ủy ban nhân dân các xã, phường chỉ đạo, tạo điều kiện cho các trường trên địa bàn triển khai Kế hoạch. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh về Sở Giáo dục và Đào tạo để tổng hợp, báo cáo Ủy ban nhân dân tỉnh xem xét, quyết định./."},
		},
		Signer: Signer{Authority: "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", Title: "PHÓ CHỦ TỊCH", Name: "Nông Thị Hạnh"},
		Recipients: []string{
			"Bộ Giáo dục và Đào tạo (b/c)",
			"TT Tỉnh ủy, TT HĐND tỉnh (b/c)",
			"Chủ tịch, các PCT UBND tỉnh",
			"Các sở, ban, ngành tỉnh",
			"UBND các xã, phường",
			"Lưu: VT, KGVX.",
		},
	}
	return d
}

// sampleDraft is an undated, unnumbered draft of a department under the
// provincial committee, with the parent body line and the draft label.
func sampleDraft() Document {
	return Document{
		ParentBody:  "UBND tỉnh Cao Bằng",
		IssuingBody: "Sở Nông nghiệp và Môi trường",
		SymbolHint:  "KH-SNNMT",
		Place:       "Cao Bằng",
		Year:        2026,
		Kind:        "KẾ HOẠCH",
		Title:       "Phòng, chống thiên tai năm 2026",
		Blocks: []Block{
			{Kind: Heading1, Text: "I. MỤC ĐÍCH, YÊU CẦU"},
			{Kind: Paragraph, Text: "Chủ động phòng ngừa, ứng phó kịp thời, khắc phục khẩn trương, hiệu quả hậu quả thiên tai; giảm thiểu thiệt hại về người và tài sản."},
		},
		Signer:     Signer{Authority: "KT. GIÁM ĐỐC", Title: "PHÓ GIÁM ĐỐC", Name: "Lục Văn Quang"},
		Recipients: []string{"- Như trên;", "UBND tỉnh (b/c)"},
		Draft:      true,
	}
}

// sampleLong stresses pagination: a paragraph longer than a page and a
// word (a URL) longer than a line.
func sampleLong() Document {
	d := sampleDraft()
	d.Blocks = append(d.Blocks,
		Block{Kind: Paragraph, Text: strings.Repeat("Nội dung kế hoạch được triển khai đồng bộ. ", 400)},
		Block{Kind: Bullet, Text: "- Địa chỉ: https://" + strings.Repeat("caobang", 30) + ".gov.vn"})
	return d
}

// TestWriteSamples writes both samples as .docx and .pdf into the folder
// named by CANHGIAC_DOCGEN_SAMPLES, for looking at them (for example after
// converting the .docx with LibreOffice). It does nothing otherwise.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("CANHGIAC_DOCGEN_SAMPLES")
	if dir == "" {
		t.Skip("set CANHGIAC_DOCGEN_SAMPLES=/tmp/docgen to write sample files")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, d := range map[string]Document{"plan": samplePlan(), "draft": sampleDraft(), "long": sampleLong()} {
		for ext, write := range map[string]func(*os.File, Document) error{
			"docx": func(f *os.File, d Document) error { return WriteDOCX(f, d) },
			"pdf":  func(f *os.File, d Document) error { return WritePDF(f, d) },
		} {
			path := filepath.Join(dir, fmt.Sprintf("%s.%s", name, ext))
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := write(f, d); err != nil {
				t.Fatal(err)
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
			t.Log("wrote", path)
		}
	}
}
