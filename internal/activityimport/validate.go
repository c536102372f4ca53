package activityimport

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/canhgiac/canhgiac/internal/vn"
)

// maxCount is the largest participant, copy, view or message count we
// believe. Larger figures are almost always a pasted phone number, a date
// or a slip of the keyboard, not a real audience.
const maxCount = 100_000_000

// validator holds the Options in the form validation needs them.
type validator struct {
	forms           map[string]string // vn.Fold(label or code) → code
	labels          []string          // accepted labels, in Vietnamese order, for hints
	from, to, today time.Time         // zero when not set
	maxRows         int
	date1904        bool // set per file: how the workbook counts date serials
}

func newValidator(opt Options) (*validator, error) {
	if len(opt.Forms) == 0 {
		return nil, errors.New("activityimport: Options.Forms is empty, so no row could be valid")
	}
	v := &validator{forms: map[string]string{}, maxRows: opt.MaxRows}
	if v.maxRows <= 0 {
		v.maxRows = defaultMaxRows
	}
	// Codes first, then labels, so that a label wins over a code that
	// happens to fold to the same key.
	for _, code := range opt.Forms {
		v.forms[vn.Fold(code)] = code
	}
	byLabel := map[string]string{}
	for label, code := range opt.Forms {
		k := vn.Fold(label)
		if prev, ok := byLabel[k]; ok && prev != code {
			return nil, fmt.Errorf("activityimport: form labels for %q and %q differ only in accents or case", prev, code)
		}
		byLabel[k] = code
		v.forms[k] = code
		v.labels = append(v.labels, label)
	}
	vn.NewCollator().SortStrings(v.labels)

	for _, f := range []struct {
		name string
		in   string
		out  *time.Time
	}{{"WindowFrom", opt.WindowFrom, &v.from}, {"WindowTo", opt.WindowTo, &v.to}, {"Today", opt.Today, &v.today}} {
		if f.in == "" {
			continue
		}
		t, err := time.Parse(isoDate, f.in)
		if err != nil {
			return nil, fmt.Errorf("activityimport: Options.%s %q is not YYYY-MM-DD: %w", f.name, f.in, err)
		}
		*f.out = t
	}
	return v, nil
}

// formHint lists a few accepted labels for an unknown-form message; the
// full list is on the template's guide sheet.
func (v *validator) formHint() string {
	const shown = 5
	if len(v.labels) <= shown {
		return quoteList(v.labels)
	}
	return quoteList(v.labels[:shown]) + ", … (xem đủ ở trang “Hướng dẫn” của tệp mẫu)"
}

// date reads a date cell and checks it against today and the window. It
// returns a Vietnamese message instead of the date when the cell is wrong.
func (v *validator) date(c cell) (time.Time, string) {
	var d time.Time
	if c.isNum {
		// A number in a date column is Excel's date serial: the cell was
		// typed as a date. Its displayed text depends on the cell format
		// (often US m/d/yy), so it must not be re-parsed as text.
		t, err := excelize.ExcelDateToTime(c.num, v.date1904)
		if err != nil || t.Year() < 1990 {
			return d, fmt.Sprintf("ô chứa số “%s” chứ không phải một ngày; hãy ghi dạng 22/04/2024", c.text)
		}
		d = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	} else {
		t, err := vn.ParseDate(c.text)
		if err != nil {
			return d, fmt.Sprintf("ngày “%s” không hợp lệ; hãy ghi dạng 22/04/2024", c.text)
		}
		d = t
	}
	if !v.today.IsZero() && d.After(v.today) {
		return time.Time{}, fmt.Sprintf("ngày %s chưa tới (hôm nay là %s); chỉ nhập hoạt động đã thực hiện",
			vn.FormatDate(d), vn.FormatDate(v.today))
	}
	if (!v.from.IsZero() && d.Before(v.from)) || (!v.to.IsZero() && d.After(v.to)) {
		return time.Time{}, fmt.Sprintf("ngày %s ngoài kỳ báo cáo (%s)", vn.FormatDate(d), v.window())
	}
	return d, ""
}

func (v *validator) window() string {
	switch {
	case v.from.IsZero():
		return "đến hết " + vn.FormatDate(v.to)
	case v.to.IsZero():
		return "từ " + vn.FormatDate(v.from)
	}
	return "từ " + vn.FormatDate(v.from) + " đến " + vn.FormatDate(v.to)
}

// parseCount reads a count cell: a whole number from 0 to maxCount, empty
// meaning 0. It returns a Vietnamese message instead when the cell is wrong.
func parseCount(c cell) (int64, string) {
	if c.isNum {
		switch {
		case c.num < 0:
			return 0, fmt.Sprintf("“%s” là số âm; chỉ nhận số từ 0 trở lên", c.text)
		case c.num != math.Trunc(c.num):
			return 0, fmt.Sprintf("“%s” không phải số nguyên; hãy ghi số không có phần thập phân", c.text)
		case c.num > maxCount:
			return 0, "con số quá lớn, hãy kiểm tra lại"
		}
		return int64(c.num), ""
	}
	s := c.text
	if s == "" {
		return 0, ""
	}
	body, neg := strings.CutPrefix(s, "-")
	if !neg {
		body, neg = strings.CutPrefix(s, "\u2212") // the typographic minus
	}
	body = strings.TrimSpace(body)
	digits, isInt := ungroup(body)
	// Not an integer: perhaps a decimal with the Vietnamese decimal comma
	// ("12,5"), which deserves its own explanation.
	intPart, frac, hasFrac := strings.Cut(body, ",")
	_, intOK := ungroup(strings.TrimSpace(intPart))
	isDecimal := !isInt && hasFrac && intOK && allDigits(frac)
	switch {
	case !isInt && !isDecimal:
		return 0, fmt.Sprintf("“%s” không phải là số; hãy ghi số nguyên, ví dụ 1250 hoặc 1.250", s)
	case neg:
		return 0, fmt.Sprintf("“%s” là số âm; chỉ nhận số từ 0 trở lên", s)
	case isDecimal:
		return 0, fmt.Sprintf("“%s” không phải số nguyên (dấu phẩy là phần thập phân); "+
			"hàng nghìn ngăn cách bằng dấu chấm: 1.250", s)
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n > maxCount {
		return 0, "con số quá lớn, hãy kiểm tra lại"
	}
	return n, ""
}

// ungroup strips thousands separators from s and returns its digits. The
// Vietnamese separator is a dot or a space (also the no-break spaces Excel
// and Word insert). A comma is accepted too, though Vietnamese reads it as
// the decimal mark: a spreadsheet in an English locale exports the
// template's "#,##0" cells as "1,250", and since counts are whole numbers
// that can only mean 1250. Groups after the first must have exactly three
// digits, which is what tells "1.250" (1250) from a decimal like "1.25" or
// "12,5", and a number may not mix dots and commas.
func ungroup(s string) (string, bool) {
	if s == "" || !isDigit(s[0]) || !isDigit(s[len(s)-1]) ||
		(strings.Contains(s, ".") && strings.Contains(s, ",")) ||
		strings.ContainsAny(s, "+-") {
		return "", false
	}
	for _, bad := range []string{"..", ",,", ". ", " .", ", ", " ,"} {
		if strings.Contains(s, bad) {
			return "", false
		}
	}
	groups := strings.FieldsFunc(s, func(r rune) bool {
		return r == '.' || r == ',' || unicode.IsSpace(r) || r == '\u00A0' || r == '\u202F'
	})
	for i, g := range groups {
		if !allDigits(g) || (i > 0 && len(g) != 3) || (i == 0 && len(groups) > 1 && len(g) > 3) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// splitList splits a multi-value cell on ";" or line breaks (Alt+Enter in
// Excel), trimming each value and dropping empty ones.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' || r == '\r' }) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// splitLinks is splitList that also splits on spaces: a URL cannot contain
// one, and users often separate pasted links with a space.
func splitLinks(s string) []string {
	var out []string
	for _, part := range splitList(s) {
		out = append(out, strings.Fields(part)...)
	}
	return out
}

// isWebURL reports whether s is an absolute http(s) address, the only kind
// a reviewer can open as evidence.
func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
