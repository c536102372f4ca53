package planimport

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Many plans put the assignment in an appendix table after the signature
// ("PHỤ LỤC – PHÂN CÔNG NHIỆM VỤ"): one row a task, with the unit that
// leads it, those that support it and the time it is due. Converters give
// such a row as "cell | cell | …" on one line.

// splitAppendix separates an appendix ("PHỤ LỤC" in capitals) from the
// lines after the body.
func splitAppendix(tail []line) (rest, appendix []line) {
	for i, l := range tail {
		if isCaps(l.text) && strings.HasPrefix(fold(l.text), "phu luc") {
			return tail[:i], tail[i:]
		}
	}
	return tail, nil
}

// column indexes of a duty table, -1 when the table has none.
type dutyColumns struct{ task, lead, support, due int }

// tableHeader recognises the header row of a duty table.
func tableHeader(cells []string) (dutyColumns, bool) {
	c := dutyColumns{-1, -1, -1, -1}
	for i, cell := range cells {
		f := fold(cell)
		switch {
		case strings.Contains(f, "chu tri"):
			c.lead = i
		case strings.Contains(f, "phoi hop"):
			c.support = i
		case strings.Contains(f, "thoi gian") || strings.Contains(f, "thoi han") || strings.Contains(f, "tien do"):
			c.due = i
		case strings.Contains(f, "noi dung") || strings.Contains(f, "nhiem vu") || strings.Contains(f, "cong viec"):
			c.task = i
		}
	}
	return c, c.lead >= 0 && c.task >= 0
}

var monthYearRe = regexp.MustCompile(`(?i)^(?:tháng\s+)?(\d{1,2})\s*/\s*(\d{4})$`)

// readAppendix reads the duty table of an appendix: each row is a duty of
// its lead unit and, for each supporting unit, a duty in support. A row's
// time, when it is a date, is the deadline; "Thường xuyên" and the like
// stay as written in the text.
func (p *parser) readAppendix(lines []line) {
	if len(lines) == 0 {
		return
	}
	// Cells are taken from the physical line again, so that an empty cell
	// keeps its column.
	rows := map[int][]string{}
	var order []int
	for _, l := range lines {
		if _, ok := rows[l.n]; ok {
			continue
		}
		order = append(order, l.n)
		for _, c := range splitCells(p.raw[l.n-1]) {
			rows[l.n] = append(rows[l.n], strings.Join(strings.Fields(c), " "))
		}
	}
	var cols dutyColumns
	found, read := false, 0
	for _, n := range order {
		cells := rows[n]
		if !found {
			cols, found = tableHeader(cells)
			continue
		}
		if len(cells) <= max(cols.lead, cols.task) {
			continue
		}
		lead := cleanUnit(cells[cols.lead])
		if lead == "" || !isUnitLike(lead) {
			continue
		}
		task := cells[cols.task]
		due, dueText := "", ""
		if cols.due >= 0 && cols.due < len(cells) {
			dueText = cells[cols.due]
			if d, _, ok := parseDateIn(dueText); ok {
				due = d
			} else if m := monthYearRe.FindStringSubmatch(strings.TrimSpace(dueText)); m != nil {
				dueText = "tháng " + m[1] + "/" + m[2]
			}
		}
		text := task
		if due == "" && dueText != "" {
			text += " (thời gian: " + dueText + ")"
		}
		p.tableDuty(lead, RoleLead, text, due, n)
		read++
		if cols.support >= 0 && cols.support < len(cells) {
			for _, s := range splitUnits(cells[cols.support]) {
				p.tableDuty(s, RoleSupport, "Phối hợp: "+task, due, n)
			}
		}
	}
	if found && read > 0 {
		p.source("appendix", lines[0].n)
	} else {
		p.warn("Có phụ lục (dòng %d: “%s”) nhưng không thấy bảng phân công (cột “Nội dung” và “Đơn vị chủ trì”); phụ lục không được đọc.", lines[0].n, truncRunes(lines[0].text, 60))
	}
}

// tableDuty adds one duty read from an appendix row, as a group of its own.
func (p *parser) tableDuty(unit, role, text, due string, n int) {
	g := 1
	if k := len(p.res.Duties); k > 0 {
		g = p.res.Duties[k-1].Group + 1
	}
	d := Duty{Unit: unit, Role: role, Text: text, Deadline: due, Group: g}
	p.res.Duties = append(p.res.Duties, d)
	k := len(p.res.Duties) - 1
	p.source("duties["+strconv.Itoa(k)+"]", n)
	p.fillDuty(&p.res.Duties[k], text, n)
}

// splitUnits splits a cell naming several units ("Sở Tư pháp, Công an
// tỉnh; các huyện") into units, keeping a comma that is part of a name
// ("Sở Văn hóa, Thể thao và Du lịch": the part after it is no unit).
func splitUnits(cell string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(cell, func(r rune) bool { return r == ';' || r == '\n' }) {
		var cur string
		for _, piece := range strings.Split(part, ",") {
			piece = strings.TrimSpace(piece)
			if cur != "" && isUnitLike(piece) {
				out = append(out, cleanUnit(cur))
				cur = piece
				continue
			}
			if cur != "" {
				cur += ", " + piece
			} else {
				cur = piece
			}
		}
		if cur = strings.TrimSpace(cur); cur != "" && isUnitLike(cur) {
			out = append(out, cleanUnit(cur))
		}
	}
	return out
}

// splitTailLines cuts lines of the tail where recipients and signature were
// extracted side by side ("Nơi nhận: HIỆU TRƯỞNG", "- Lưu: VT. KT. GIÁM
// ĐỐC", "- Các tổ CM; (Đã ký)") back into their pieces.
func splitTailLines(tail []line) []line {
	var out []line
	for _, l := range tail {
		t := l.text
		if loc := trailingSigned.FindStringIndex(t); loc != nil && loc[0] > 0 {
			out = append(out, line{n: l.n, text: strings.TrimSpace(t[:loc[0]])})
			continue
		}
		words := strings.Fields(t)
		cut := -1
		for k := 1; k < len(words); k++ {
			suffix := strings.Join(words[k:], " ")
			if isCaps(suffix) && (isTitleLine(suffix) || isAuthorityLine(suffix)) && hasLower(strings.Join(words[:k], " ")) {
				cut = k
				break
			}
		}
		if cut < 0 {
			out = append(out, l)
			continue
		}
		out = append(out, line{n: l.n, text: strings.Join(words[:cut], " ")}, line{n: l.n, text: strings.Join(words[cut:], " ")})
	}
	return out
}

var trailingSigned = regexp.MustCompile(`(?i)\s*\(\s*đã ký\s*\)\s*$`)

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}
