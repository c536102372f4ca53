package planimport

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// textBox is a run of text on a PDF page, in points with the origin at the
// bottom left (top > bottom).
type textBox struct {
	text                     string
	left, right, top, bottom float64
}

func (b textBox) height() float64 { return b.top - b.bottom }

// charWidth estimates the width of one character of the box.
func (b textBox) charWidth() float64 {
	n := utf8.RuneCountInString(b.text)
	if n == 0 {
		return 0
	}
	return (b.right - b.left) / float64(n)
}

func countLetters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// row is one printed line of a page: its cells from left to right. Boxes
// far apart on one line (the two halves of a header) are separate cells.
type row struct {
	cells       []textBox
	top, bottom float64
}

func (r row) text() string {
	parts := make([]string, len(r.cells))
	for i, c := range r.cells {
		parts[i] = c.text
	}
	return strings.Join(parts, " | ")
}

// layoutPages turns the boxes of each page into text: lines in reading
// order (top to bottom, left to right), cells of one line separated by
// " | ", the two columns of the header block written one after the other
// (issuer block first, then the national motto and place-date, each
// column's wrapped lines re-joined), and running headers, footers and page
// numbers dropped.
func layoutPages(pages [][]textBox) string {
	rows := make([][]row, len(pages))
	for i, boxes := range pages {
		rows[i] = pageRows(boxes)
	}
	furniture := repeatedEdges(rows)
	var out strings.Builder
	for i, rs := range rows {
		rs = dropFurniture(rs, furniture)
		if i > 0 && len(rs) > 1 && smallPrint(rs[0], rs) {
			rs = rs[1:] // a running header in small print at the top of a page
		}
		if i == 0 {
			rs = splitHeaderColumns(rs, pageMiddle(pages[0]), &out)
		}
		for _, r := range rs {
			out.WriteString(r.text())
			out.WriteByte('\n')
		}
	}
	return out.String()
}

// pageRows groups boxes into lines: a box belongs to a line when most of
// its height lies within the line's band.
func pageRows(boxes []textBox) []row {
	var bs []textBox
	for _, b := range boxes {
		if strings.TrimSpace(b.text) != "" {
			bs = append(bs, b)
		}
	}
	sort.SliceStable(bs, func(i, j int) bool { return bs[i].top > bs[j].top })
	var rows []row
	for _, b := range bs {
		placed := false
		for k := len(rows) - 1; k >= 0 && k >= len(rows)-3; k-- {
			r := &rows[k]
			overlap := min(r.top, b.top) - max(r.bottom, b.bottom)
			if overlap > 0.5*min(r.top-r.bottom, b.height()) {
				r.cells = append(r.cells, b)
				r.top, r.bottom = max(r.top, b.top), min(r.bottom, b.bottom)
				placed = true
				break
			}
		}
		if !placed {
			rows = append(rows, row{cells: []textBox{b}, top: b.top, bottom: b.bottom})
		}
	}
	for k := range rows {
		rows[k].cells = mergeCells(rows[k].cells)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].top > rows[j].top })
	return rows
}

// mergeCells orders a line's boxes left to right and joins those that
// touch or sit a word space apart; a gap of several characters separates
// two cells (table columns, the two halves of a header).
func mergeCells(bs []textBox) []textBox {
	sort.SliceStable(bs, func(i, j int) bool { return bs[i].left < bs[j].left })
	var out []textBox
	for _, b := range bs {
		if k := len(out) - 1; k >= 0 {
			prev := &out[k]
			cw := max(prev.charWidth(), b.charWidth(), 2)
			gap := b.left - prev.right
			if gap < 3*cw {
				sep := ""
				if gap > 0.2*cw && !strings.HasSuffix(prev.text, " ") && !strings.HasPrefix(b.text, " ") {
					sep = " "
				}
				prev.text += sep + b.text
				prev.right = max(prev.right, b.right)
				prev.top, prev.bottom = max(prev.top, b.top), min(prev.bottom, b.bottom)
				continue
			}
		}
		out = append(out, b)
	}
	for k := range out {
		out[k].text = strings.Join(strings.Fields(out[k].text), " ")
	}
	return out
}

var pageNumberRe = regexp.MustCompile(`^(?i:trang\s+)?[-–—]?\s*\d{1,3}\s*(?:/\s*\d{1,3})?\s*[-–—]?$`)

// repeatedEdges returns the texts (folded) that stand first or last on two
// or more pages: running headers and footers.
func repeatedEdges(pages [][]row) map[string]bool {
	seen := map[string]int{}
	for _, rs := range pages {
		edge := map[string]bool{}
		for _, k := range []int{0, len(rs) - 1} {
			if k >= 0 && k < len(rs) {
				edge[fold(rs[k].text())] = true
			}
		}
		for t := range edge {
			seen[t]++
		}
	}
	out := map[string]bool{}
	for t, n := range seen {
		if n >= 2 && len(pages) >= 2 {
			out[t] = true
		}
	}
	return out
}

// dropFurniture removes page numbers and running headers and footers from
// the top and bottom of a page.
func dropFurniture(rs []row, furniture map[string]bool) []row {
	edge := func(r row) bool {
		t := r.text()
		return pageNumberRe.MatchString(t) || furniture[fold(t)]
	}
	for len(rs) > 0 && edge(rs[0]) {
		rs = rs[1:]
	}
	for len(rs) > 0 && edge(rs[len(rs)-1]) {
		rs = rs[:len(rs)-1]
	}
	return rs
}

// smallPrint reports whether r is printed noticeably smaller than most
// lines of its page.
func smallPrint(r row, rs []row) bool {
	hs := make([]float64, 0, len(rs))
	for _, x := range rs {
		hs = append(hs, x.top-x.bottom)
	}
	sort.Float64s(hs)
	median := hs[len(hs)/2]
	return r.top-r.bottom < 0.85*median
}

// pageMiddle is the horizontal middle of the printed area of a page.
func pageMiddle(boxes []textBox) float64 {
	if len(boxes) == 0 {
		return 0
	}
	lo, hi := boxes[0].left, boxes[0].right
	for _, b := range boxes {
		lo, hi = min(lo, b.left), max(hi, b.right)
	}
	return (lo + hi) / 2
}

// splitHeaderColumns writes the header block of the first page column by
// column: the rows before the first line that crosses the middle of the
// page (usually "KẾ HOẠCH"), when at least one of them has two cells. The
// left column's lines come first, then the right column's; a line of a
// column that plainly carries on the line above ("năm 2024" under "Bảo
// Lạc, ngày 06 tháng 5") is joined to it. It returns the rows left.
func splitHeaderColumns(rs []row, middle float64, out *strings.Builder) []row {
	end, twoCells := 0, false
	for end < len(rs) && end < 14 {
		r := rs[end]
		// A line of the body is one piece centred on the page or running
		// across it; the motto, wide as it is, sits in the right half.
		if c := r.cells[0]; len(r.cells) == 1 && c.left < middle-10 && c.right > middle+10 && math.Abs((c.left+c.right)/2-middle) < 30 {
			break
		}
		if len(r.cells) >= 2 {
			twoCells = true
		}
		end++
	}
	if !twoCells || end == len(rs) {
		return rs
	}
	var left, right []string
	add := func(col *[]string, t string) {
		if k := len(*col) - 1; k >= 0 && carriesOn((*col)[k], t) {
			(*col)[k] += " " + t
			return
		}
		*col = append(*col, t)
	}
	for _, r := range rs[:end] {
		for _, c := range r.cells {
			if (c.left+c.right)/2 < middle {
				add(&left, c.text)
			} else {
				add(&right, c.text)
			}
		}
	}
	for _, t := range append(left, right...) {
		out.WriteString(t)
		out.WriteByte('\n')
	}
	return rs[end:]
}

// carriesOn reports whether line t of a header column continues line prev:
// it starts in lower case or with a digit, or prev stops on a word that
// cannot end a line ("ngày", "tháng", "và").
func carriesOn(prev, t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	if unicode.IsLower(r) {
		return true
	}
	w := strings.Fields(prev)
	return len(w) > 0 && connectives[strings.ToLower(w[len(w)-1])] && !isCaps(prev)
}
