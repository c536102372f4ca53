package planimport

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

// Word plans often number their parts with automatic numbering ("I.",
// "1.", "a)", bullets) that is not in the text of the paragraphs but in
// word/numbering.xml. Without it the importer would see no parts at all, so
// DocxText renders each numbered paragraph's label the way Word shows it.

// numLevel is one level of a numbering definition.
type numLevel struct {
	start int
	fmt   string // decimal, upperRoman, lowerLetter, bullet, …
	text  string // "%1.", "%1.%2.", "-"
}

// numbering holds the definitions and the running counters.
type numbering struct {
	abstract map[string]map[int]numLevel // abstractNumId → level → definition
	nums     map[string]string           // numId → abstractNumId
	starts   map[string]map[int]int      // numId → level → start override
	counters map[string][]int            // numId → counter per level
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// readNumbering parses word/numbering.xml; a missing or unreadable part
// just means labels are not rendered.
func readNumbering(f *zip.File) *numbering {
	n := &numbering{abstract: map[string]map[int]numLevel{}, nums: map[string]string{}, starts: map[string]map[int]int{}, counters: map[string][]int{}}
	if f == nil {
		return n
	}
	rc, err := f.Open()
	if err != nil {
		return n
	}
	defer rc.Close()
	n.parse(io.LimitReader(rc, maxDocumentXML))
	return n
}

func (n *numbering) parse(r io.Reader) {
	dec := xml.NewDecoder(r)
	var abs, num string
	lvl, overrideLvl := -1, -1
	var cur numLevel
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "abstractNum":
				abs, num = attr(t, "abstractNumId"), ""
				n.abstract[abs] = map[int]numLevel{}
			case "num":
				num, abs = attr(t, "numId"), ""
			case "abstractNumId":
				if num != "" {
					n.nums[num] = attr(t, "val")
				}
			case "lvlOverride":
				overrideLvl, _ = strconv.Atoi(attr(t, "ilvl"))
			case "startOverride":
				if num != "" {
					if n.starts[num] == nil {
						n.starts[num] = map[int]int{}
					}
					n.starts[num][overrideLvl], _ = strconv.Atoi(attr(t, "val"))
				}
			case "lvl":
				if abs != "" {
					lvl, _ = strconv.Atoi(attr(t, "ilvl"))
					cur = numLevel{start: 1, fmt: "decimal"}
				}
			case "start":
				if lvl >= 0 {
					cur.start, _ = strconv.Atoi(attr(t, "val"))
				}
			case "numFmt":
				if lvl >= 0 {
					cur.fmt = attr(t, "val")
				}
			case "lvlText":
				if lvl >= 0 {
					cur.text = attr(t, "val")
				}
			}
		case xml.EndElement:
			if t.Name.Local == "lvl" && lvl >= 0 && abs != "" {
				n.abstract[abs][lvl] = cur
				lvl = -1
			}
		}
	}
}

// label advances the counter of (numId, ilvl) and returns the label Word
// shows for it, with a trailing space; "" when there is no such list.
func (n *numbering) label(numID string, ilvl int) string {
	if n == nil || numID == "" || numID == "0" || ilvl < 0 || ilvl > 8 {
		return ""
	}
	levels, ok := n.abstract[n.nums[numID]]
	if !ok {
		return ""
	}
	def, ok := levels[ilvl]
	if !ok {
		return ""
	}
	if def.fmt == "bullet" {
		return "- "
	}
	if def.fmt == "none" {
		return ""
	}
	c := n.counters[numID]
	if c == nil {
		c = make([]int, 9)
		for k := range c {
			c[k] = -1
		}
		n.counters[numID] = c
	}
	if c[ilvl] < 0 {
		c[ilvl] = levels[ilvl].start
		if s, ok := n.starts[numID][ilvl]; ok {
			c[ilvl] = s
		}
	} else {
		c[ilvl]++
	}
	for k := ilvl + 1; k < len(c); k++ {
		c[k] = -1 // a deeper level restarts under a new parent
	}
	text := def.text
	for k := 0; k <= ilvl; k++ {
		v := c[k]
		if v < 0 {
			v = levels[k].start
		}
		text = strings.ReplaceAll(text, "%"+strconv.Itoa(k+1), formatNum(v, levels[k].fmt))
	}
	if strings.TrimSpace(text) == "" {
		return ""
	}
	return text + " "
}

// formatNum writes v in a Word number format.
func formatNum(v int, format string) string {
	switch format {
	case "upperRoman":
		return roman(v)
	case "lowerRoman":
		return strings.ToLower(roman(v))
	case "lowerLetter":
		return letter(v)
	case "upperLetter":
		return strings.ToUpper(letter(v))
	}
	return strconv.Itoa(v)
}

func roman(v int) string {
	if v <= 0 || v >= 4000 {
		return strconv.Itoa(v)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, n := range vals {
		for v >= n {
			b.WriteString(syms[i])
			v -= n
		}
	}
	return b.String()
}

func letter(v int) string {
	if v <= 0 {
		return strconv.Itoa(v)
	}
	// Word repeats the letter past z: aa, bb, …
	return strings.Repeat(string(rune('a'+(v-1)%26)), (v-1)/26+1)
}
