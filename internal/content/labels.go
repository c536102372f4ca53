package content

import (
	"strings"

	"github.com/canhgiac/canhgiac/internal/sanitize"
)

// fieldLabels name the structured fields of an item as the editor shows
// them.
var fieldLabels = map[string]string{"signs": "Dấu hiệu nhận biết", "protect": "Cách phòng tránh", "if_caught": "Nếu đã bị lừa", "examples": "Ví dụ",
	"legal_basis": "Căn cứ pháp lý", "number": "Số, ký hiệu", "doc_kind": "Loại văn bản", "issuer": "Cơ quan ban hành", "issued": "Ngày ban hành", "effective": "Ngày hiệu lực"}

// FieldLabel names a structured field (its form name, e.g. "if_caught"),
// "" for one it does not know.
func FieldLabel(name string) string { return fieldLabels[name] }

// Legal is one of a legal document's fields by its form name ("number",
// "doc_kind", "issuer", "issued", "effective"), "" for any other.
func (f Fields) Legal(name string) string {
	switch name {
	case "number":
		return f.Number
	case "doc_kind":
		return f.DocKind
	case "issuer":
		return f.Issuer
	case "issued":
		return f.Issued
	case "effective":
		return f.Effective
	}
	return ""
}

// Excerpt is what a list shows of an item: its summary, or else the first
// paragraph of its text, cut at 240 characters.
func (it *Item) Excerpt() string {
	t := it.Summary
	if t == "" {
		t, _, _ = strings.Cut(strings.TrimSpace(sanitize.Text(it.BodyHTML)), "\n\n")
	}
	if r := []rune(t); len(r) > 240 {
		return string(r[:239]) + "…"
	}
	return t
}
