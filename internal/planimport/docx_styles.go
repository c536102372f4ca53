package planimport

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

// paraStyle is what the importer needs of a Word paragraph style: whether
// it is a heading (1–3), whether its text is bold, and the automatic
// numbering it carries (Word numbers headings through their style, so the
// "I." is neither in the text nor in the paragraph's own properties).
type paraStyle struct {
	heading int
	bold    bool
	numID   string
	ilvl    int
}

// rawStyle is a style as written, before basedOn is resolved.
type rawStyle struct {
	paraStyle
	name, basedOn   string
	outline         int // w:outlineLvl + 1, 0 if none
	hasBold, hasNum bool
}

// readStyles parses word/styles.xml into the paragraph styles by id; a
// missing or unreadable part just means no heading is known by its style.
func readStyles(f *zip.File) map[string]paraStyle {
	out := map[string]paraStyle{}
	if f == nil {
		return out
	}
	rc, err := f.Open()
	if err != nil {
		return out
	}
	defer rc.Close()
	raw := map[string]*rawStyle{}
	dec := xml.NewDecoder(io.LimitReader(rc, maxDocumentXML))
	var cur *rawStyle
	inRPr := false
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "style":
				cur = nil
				if attr(t, "type") == "paragraph" {
					cur = &rawStyle{}
					raw[attr(t, "styleId")] = cur
				}
			case "name":
				if cur != nil {
					cur.name = attr(t, "val")
				}
			case "basedOn":
				if cur != nil {
					cur.basedOn = attr(t, "val")
				}
			case "outlineLvl":
				if cur != nil {
					v, err := strconv.Atoi(attr(t, "val"))
					if err == nil && v < 9 {
						cur.outline = v + 1
					}
				}
			case "numId":
				if cur != nil {
					cur.numID, cur.hasNum = attr(t, "val"), true
				}
			case "ilvl":
				if cur != nil {
					cur.ilvl, _ = strconv.Atoi(attr(t, "val"))
				}
			case "rPr":
				inRPr = true
			case "b":
				if cur != nil && inRPr {
					v := attr(t, "val")
					cur.bold, cur.hasBold = v == "" || v == "1" || v == "true" || v == "on", true
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "rPr":
				inRPr = false
			case "style":
				cur = nil
			}
		}
	}
	for id := range raw {
		out[id] = resolveStyle(raw, id)
	}
	return out
}

// resolveStyle follows basedOn (at most a few steps: chains are short, and
// a loop must not hang the reader) and names the heading level.
func resolveStyle(raw map[string]*rawStyle, id string) paraStyle {
	var ps paraStyle
	boldSet, numSet := false, false
	level := 0
	for k, cur := 0, raw[id]; cur != nil && k < 10; k, cur = k+1, raw[cur.basedOn] {
		if level == 0 {
			level = headingLevel(cur.name)
			if level == 0 && cur.outline > 0 {
				level = cur.outline
			}
		}
		if !boldSet && cur.hasBold {
			ps.bold, boldSet = cur.bold, true
		}
		if !numSet && cur.hasNum {
			ps.numID, ps.ilvl, numSet = cur.numID, cur.ilvl, true
		}
	}
	if level > 3 {
		level = 0
	}
	ps.heading = level
	return ps
}

// headingLevel reads "heading 2" (Word's built-in name in every language)
// as 2; other names as 0. The Title style is not a section heading: plans
// use it for "KẾ HOẠCH" or the trích yếu.
func headingLevel(name string) int {
	rest, ok := strings.CutPrefix(strings.ToLower(strings.TrimSpace(name)), "heading ")
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(rest)
	if err != nil {
		return 0
	}
	return n
}

// readNotes parses word/footnotes.xml into the text of each note by id,
// leaving out Word's separator notes.
func readNotes(f *zip.File) map[string]string {
	out := map[string]string{}
	if f == nil {
		return out
	}
	rc, err := f.Open()
	if err != nil {
		return out
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, maxDocumentXML))
	id, inText := "", false
	var b strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "footnote":
				id = ""
				if typ := attr(t, "type"); typ == "" || typ == "normal" {
					id = attr(t, "id")
				}
				b.Reset()
			case "t":
				inText = true
			case "p":
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "footnote":
				if id != "" {
					out[id] = strings.Join(strings.Fields(b.String()), " ")
				}
			}
		case xml.CharData:
			if inText && id != "" {
				b.Write(t)
			}
		}
	}
	return out
}
