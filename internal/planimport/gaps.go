package planimport

import (
	"fmt"
	"strings"
)

// Gap is a field of a plan the importer could not read, with where it
// looked, so that a person can find the place in the text and fill the
// field in.
type Gap struct {
	Field  string // the field's JSON name: "number", "date", "duties" …
	Label  string // its name for people
	Looked string // where the importer looked, in Vietnamese
}

// lines names a range of input lines for people.
func lines(from, to int) string {
	switch {
	case from <= 0:
		return "cả văn bản"
	case to <= from:
		return fmt.Sprintf("dòng %d", from)
	}
	return fmt.Sprintf("dòng %d–%d", from, to)
}

// bodyLines is the range of input lines of body paragraphs [i, j).
func (p *parser) bodyLines(i, j int) string {
	j = min(j, len(p.body))
	if i < 0 || i >= j {
		return "cả văn bản"
	}
	last := p.body[j-1].n
	if j < len(p.body) {
		last = p.body[j].n - 1
	}
	return lines(p.body[i].n, last)
}

// findGaps lists the fields of a plan left empty, each with where it was
// looked for.
func (p *parser) findGaps() []Gap {
	r := p.res
	var gaps []Gap
	add := func(field, label, looked string) { gaps = append(gaps, Gap{field, label, looked}) }
	hz := p.headerZone()
	header := "phần đầu văn bản"
	if len(hz) > 0 {
		header += " (" + lines(hz[0].n, hz[len(hz)-1].n) + ")"
	}
	heading := "không thấy dòng “KẾ HOẠCH” nên không biết trích yếu ở đâu"
	if p.khIdx >= 0 {
		heading = fmt.Sprintf("ngay sau dòng “KẾ HOẠCH” (dòng %d)", p.body[p.khIdx].n)
	}
	if r.Number == "" {
		add("number", "Số văn bản", header+", tìm dòng “Số: …/KH-…”")
	}
	if r.Symbol == "" {
		add("symbol", "Ký hiệu", header+", sau dấu “/” của dòng “Số:”")
	}
	if r.Issuer == "" {
		add("issuer", "Cơ quan ban hành", header+", tìm tên cơ quan viết hoa phía trên số văn bản; rồi câu “… xây dựng/ban hành Kế hoạch” và đoạn “Trên đây là Kế hoạch … của …”")
	}
	if r.Place == "" || r.Date == nil {
		if r.Place == "" {
			add("place", "Địa danh", header+", tìm dòng “<địa danh>, ngày … tháng … năm …”")
		}
		if r.Date == nil {
			add("date", "Ngày ban hành", header+", tìm dòng “<địa danh>, ngày … tháng … năm …”")
		}
	}
	if r.Title == "" {
		add("title", "Trích yếu", heading)
	}
	if len(r.Basis) == 0 {
		add("basis", "Căn cứ", "các đoạn mở đầu bằng “Căn cứ”, “Thực hiện”, “Theo” giữa trích yếu và mục đầu tiên ("+p.bodyLines(p.titleEnd, p.secStart)+")")
	}
	if len(r.Sections) == 0 {
		add("sections", "Các mục", "từ sau trích yếu đến hết nội dung ("+p.bodyLines(p.titleEnd, p.secEnd)+"): đề mục “I.”, “1.”, đề mục in hoa hoặc in đậm không đánh số")
	}
	if len(r.Duties) == 0 {
		where := "mục “Tổ chức thực hiện”, “Phân công nhiệm vụ”, “Trách nhiệm” (không thấy mục nào như vậy), câu “Giao …”, “đề nghị … thực hiện” và bảng phân công ở phụ lục"
		if parts := p.assignParts(); len(parts) > 0 {
			h, _ := splitHeading(p.body[parts[0].start])
			where = fmt.Sprintf("mục “%s” (%s): tìm tên đơn vị ở đầu mỗi đoạn, gạch đầu dòng hoặc đề mục con", truncRunes(h, 60), p.bodyLines(parts[0].start, parts[0].end))
		}
		add("duties", "Nhiệm vụ từng đơn vị", where)
	}
	if len(r.Regime.Periods) == 0 {
		add("regime", "Chế độ báo cáo", "các đoạn nói “báo cáo” kèm kỳ hạn (“định kỳ”, “hằng tháng/quý/năm”, “6 tháng”) trong nội dung ("+p.bodyLines(p.secStart, p.secEnd)+")")
	}
	after := "sau đoạn kết"
	if p.secEnd < len(p.body) {
		after += fmt.Sprintf(" (từ dòng %d)", p.body[p.secEnd].n)
	}
	if r.Signer.Title == "" && r.Signer.Authority == "" || r.Signer.Name == "" {
		add("signer", "Người ký", after+", tìm chức vụ viết hoa (“CHỦ TỊCH”, “KT. GIÁM ĐỐC”) và họ tên bên dưới")
	}
	if len(r.Recipients) == 0 {
		add("recipients", "Nơi nhận", after+", tìm dòng “Nơi nhận:”")
	}
	return gaps
}

// GapSummary is the gaps in one sentence, for a command-line summary.
func GapSummary(gaps []Gap) string {
	var names []string
	for _, g := range gaps {
		names = append(names, strings.ToLower(g.Label))
	}
	return strings.Join(names, ", ")
}
