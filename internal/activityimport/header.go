package activityimport

import (
	"fmt"
	"strings"

	"github.com/canhgiac/canhgiac/internal/vn"
)

// layout says where each known column sits in the file's rows.
type layout struct {
	index   map[string]int // Column.Key → position in record.cells
	unknown []CellError    // headers we do not know, reported on the header row
}

// headerFor returns the Vietnamese header of the column with the given key.
func headerFor(key string) string { return headerIn(Columns, key) }

// headerIn returns the header of the column with the given key in cols.
func headerIn(cols []Column, key string) string {
	for _, c := range cols {
		if c.Key == key {
			return c.Header
		}
	}
	return key
}

// matchHeader returns the key of the column a header cell names, or "".
// Users retype headers, so case, diacritics and spacing are ignored, as is
// a "*" or "(bắt buộc)" they add to mark required columns.
func matchHeader(text string, cols []Column) string {
	f := vn.Fold(text)
	f = strings.TrimSpace(strings.TrimSuffix(f, "(bat buoc)"))
	f = strings.TrimSpace(strings.TrimRight(f, "*"))
	for _, c := range cols {
		if f == vn.Fold(c.Header) {
			return c.Key
		}
	}
	return ""
}

// readHeader maps the header record against the columns cols. Columns may come in any order and
// optional ones may be left out; unknown columns are ignored (and reported)
// so a unit's own extra columns, such as "STT", do not block an import.
// A missing required column or a column given twice is a file-level error:
// no row could be read correctly.
func readHeader(hdr record, cols []Column) (layout, error) {
	lay := layout{index: map[string]int{}}
	var unknownNames, duplicates []string
	for j, c := range hdr.cells {
		text := strings.TrimSpace(c.text)
		if text == "" {
			continue
		}
		key := matchHeader(text, cols)
		switch {
		case key == "":
			unknownNames = append(unknownNames, text)
			lay.unknown = append(lay.unknown, CellError{Row: hdr.line, Column: text,
				Message: "cột này không có trong mẫu nên đã bỏ qua"})
		case hasKey(lay.index, key):
			duplicates = append(duplicates, headerIn(cols, key))
		default:
			lay.index[key] = j
		}
	}

	var missing []string
	for _, c := range cols {
		if _, ok := lay.index[c.Key]; c.Required && !ok {
			missing = append(missing, c.Header)
		}
	}
	if len(missing) == 0 && len(duplicates) == 0 {
		return lay, nil
	}

	var b strings.Builder
	fmt.Fprintf(&b, "Dòng tiêu đề (dòng %d) không đúng mẫu.", hdr.line)
	if len(missing) > 0 {
		b.WriteString(" Thiếu cột bắt buộc: " + quoteList(missing) + ".")
	}
	if len(duplicates) > 0 {
		b.WriteString(" Cột bị lặp lại: " + quoteList(duplicates) + ".")
	}
	if len(unknownNames) > 0 {
		b.WriteString(" Cột không có trong mẫu: " + quoteList(unknownNames) + ".")
	}
	b.WriteString(" Các cột của mẫu: " + expectedColumns(cols) +
		". Hãy tải tệp mẫu và chép dữ liệu vào đúng cột.")
	return layout{}, fileErrorf("%s", b.String())
}

func hasKey(m map[string]int, k string) bool {
	_, ok := m[k]
	return ok
}

// expectedColumns lists the template's headers in order, marking the
// required ones, for messages about a wrong header row.
func expectedColumns(cols []Column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = "“" + c.Header + "”"
		if c.Required {
			names[i] += " (bắt buộc)"
		}
	}
	return strings.Join(names, ", ")
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = "“" + x + "”"
	}
	return strings.Join(q, ", ")
}
