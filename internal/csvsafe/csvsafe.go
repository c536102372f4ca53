// Package csvsafe writes CSV that a spreadsheet opens as text: a cell that
// starts like a formula (=, +, -, @ or their full-width forms, also behind
// leading spaces or control characters, or a tab or a carriage return) gets a
// leading single quote, so "=HYPERLINK(…)" typed into a campaign name or an
// error text from a partner shows as written instead of running when an
// officer opens the export. Every CSV the program writes goes through it.
package csvsafe

import (
	"encoding/csv"
	"io"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Writer is a csv.Writer whose Write and WriteAll escape every cell.
type Writer struct {
	*csv.Writer
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer { return &Writer{csv.NewWriter(w)} }

// Write writes one record with its cells escaped.
func (w *Writer) Write(record []string) error {
	safe := make([]string, len(record))
	for i, c := range record {
		safe[i] = Cell(c)
	}
	return w.Writer.Write(safe)
}

// WriteAll writes records with their cells escaped, then flushes.
func (w *Writer) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// number is a plain figure, which a spreadsheet reads as a number and never
// as a formula ("-5", "1.234,5"): it is left alone so figures stay figures.
var number = regexp.MustCompile(`^-?[0-9]+([.,][0-9]+)*$`)

// Cell returns the cell as a spreadsheet should show it. A spreadsheet skips
// leading blanks and control characters before it decides that a cell is a
// formula, and some accept the full-width signs an IME types (＝ ＋ － ＠), so
// the test looks past those to the first visible character.
func Cell(s string) string {
	if s == "" {
		return s
	}
	if s[0] == '\t' || s[0] == '\r' {
		return "'" + s
	}
	rest := strings.TrimLeftFunc(s, invisible)
	if rest == "" {
		return s
	}
	first, _ := utf8.DecodeRuneInString(rest)
	switch first {
	case '=', '+', '-', '@', '＝', '＋', '－', '＠':
		if first == '-' && number.MatchString(rest) {
			return s
		}
		return "'" + s
	}
	return s
}

// invisible reports a character a spreadsheet passes over at the start of a
// cell: spaces of every kind, control characters and format characters such
// as the zero-width space or the byte-order mark.
func invisible(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}
