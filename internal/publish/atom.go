package publish

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"time"

	"github.com/canhgiac/canhgiac/internal/errs"
)

// MediaTypeAtom is the Content-Type of an Atom feed.
const MediaTypeAtom = "application/atom+xml"

// Feed is an Atom 1.0 feed (RFC 4287) of published items.
type Feed struct {
	// ID is the feed's permanent identifier, an absolute IRI that never
	// changes when the portal moves: a tag URI such as
	// "tag:canhgiac.gov.vn,2025:canh-bao" or a urn:uuid.
	ID        string
	Title     string
	Subtitle  string    // optional
	Self      string    // the feed's own address (rel="self")
	Alternate string    // the HTML page the feed mirrors (rel="alternate")
	Author    string    // the publisher; needed unless every entry has one
	Updated   time.Time // zero: the latest entry's Updated; required when there are no entries
	Entries   []Entry
}

// Entry is one item of a feed. Title, Summary and Content are plain text
// (Atom type="text"): markup in them is escaped and shown as typed.
type Entry struct {
	ID         string // absolute IRI, permanent (a tag URI is a good choice)
	Title      string
	Summary    string // optional
	Content    string // optional if URL is set
	URL        string // the item's page (rel="alternate"); optional if Content is set
	Updated    time.Time
	Published  time.Time // optional
	Author     string    // optional if the feed has an Author
	Categories []string  // terms, e.g. the tactic ("Lừa đảo đầu tư tiền ảo")
}

// WriteAtom writes feed as an Atom 1.0 document in Vietnamese
// (xml:lang="vi"), dates in RFC 3339. It checks the rules of RFC 4287 that
// the schema alone cannot (an author for every entry, a link or content in
// every entry) and writes nothing if the feed breaks one.
func WriteAtom(w io.Writer, feed Feed) error {
	doc, err := atomDocument(feed, "")
	if err != nil {
		return err
	}
	return writeXML(w, doc)
}

// atomDocument checks feed and builds its XML tree; linkType, if set, is
// the media type of every entry's alternate link.
func atomDocument(feed Feed, linkType string) (*atomFeed, error) {
	if err := checkFeed(feed); err != nil {
		return nil, err
	}
	if err := checkEntries(feed); err != nil {
		return nil, err
	}
	updated := feed.Updated
	if updated.IsZero() {
		for _, e := range feed.Entries {
			if e.Updated.After(updated) {
				updated = e.Updated
			}
		}
	}
	if updated.IsZero() {
		return nil, errors.New("atom: feed has no Updated time and no entries to take it from")
	}
	doc := &atomFeed{
		Lang:     "vi",
		ID:       feed.ID,
		Title:    atomText{Text: feed.Title},
		Subtitle: optionalText(feed.Subtitle),
		Updated:  atomTime(updated),
		Author:   optionalPerson(feed.Author),
	}
	if feed.Self != "" {
		doc.Links = append(doc.Links, atomLink{Rel: "self", Type: MediaTypeAtom, Href: feed.Self})
	}
	if feed.Alternate != "" {
		doc.Links = append(doc.Links, atomLink{Rel: "alternate", Type: "text/html", Href: feed.Alternate})
	}
	for _, e := range feed.Entries {
		x := atomEntry{
			ID:      e.ID,
			Title:   atomText{Text: e.Title},
			Updated: atomTime(e.Updated),
			Summary: optionalText(e.Summary),
			Author:  optionalPerson(e.Author),
		}
		if !e.Published.IsZero() {
			x.Published = atomTime(e.Published)
		}
		if e.Content != "" {
			x.Content = &atomText{Type: "text", Text: e.Content}
		}
		if e.URL != "" {
			x.Links = []atomLink{{Rel: "alternate", Type: linkType, Href: e.URL}}
		}
		for _, c := range e.Categories {
			if c != "" {
				x.Categories = append(x.Categories, atomCategory{Term: c})
			}
		}
		doc.Entries = append(doc.Entries, x)
	}
	return doc, nil
}

// checkFeed catches wiring mistakes: these come from code, not editors.
func checkFeed(feed Feed) error {
	switch {
	case !isIRI(feed.ID):
		return fmt.Errorf("atom: feed ID %q is not an absolute IRI", feed.ID)
	case feed.Title == "":
		return errors.New("atom: feed has no title")
	case feed.Self != "" && !isIRI(feed.Self):
		return fmt.Errorf("atom: self link %q is not absolute", feed.Self)
	case feed.Alternate != "" && !isIRI(feed.Alternate):
		return fmt.Errorf("atom: alternate link %q is not absolute", feed.Alternate)
	}
	return nil
}

// checkEntries reports, in Vietnamese, entries an editor left incomplete;
// the field names are "entries[i].field".
func checkEntries(feed Feed) error {
	v := errs.NewInvalid()
	for i, e := range feed.Entries {
		field := func(name string) string { return fmt.Sprintf("entries[%d].%s", i, name) }
		if !isIRI(e.ID) {
			v.Fieldf(field("id"), "Mục %d có mã định danh không hợp lệ (%q).", i+1, e.ID)
		}
		if e.Title == "" {
			v.Fieldf(field("title"), "Mục %d thiếu tiêu đề.", i+1)
		}
		if e.Updated.IsZero() {
			v.Fieldf(field("updated"), "Mục %d thiếu thời điểm cập nhật.", i+1)
		}
		if e.URL == "" && e.Content == "" {
			v.Fieldf(field("url"), "Mục %d cần có đường dẫn hoặc nội dung.", i+1)
		}
		if e.URL != "" && !isIRI(e.URL) {
			v.Fieldf(field("url"), "Mục %d có đường dẫn không hợp lệ (%q).", i+1, e.URL)
		}
		if e.Author == "" && feed.Author == "" {
			v.Fieldf(field("author"), "Mục %d thiếu tác giả hoặc đơn vị đăng.", i+1)
		}
	}
	return v.Err()
}

// isIRI reports whether s is absolute: it has a scheme and something after
// it ("tag:…", "urn:…", "https://…").
func isIRI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Opaque != "" || u.Host != "")
}

// atomTime formats t as RFC 3339 to the second, in t's own zone.
func atomTime(t time.Time) string { return t.Format(time.RFC3339) }

func optionalText(s string) *atomText {
	if s == "" {
		return nil
	}
	return &atomText{Text: s}
}

func optionalPerson(name string) *atomPerson {
	if name == "" {
		return nil
	}
	return &atomPerson{Name: name}
}

// writeXML marshals doc with an XML declaration into memory and only then
// writes it, so that an encoding error leaves w untouched.
func writeXML(w io.Writer, doc any) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("xml: %w", err)
	}
	buf.WriteByte('\n')
	_, err := w.Write(buf.Bytes())
	return err
}

// The XML tree of an Atom document. Child elements carry no namespace of
// their own and so inherit the Atom default namespace from <feed>.
type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID       string      `xml:"id"`
	Title    atomText    `xml:"title"`
	Subtitle *atomText   `xml:"subtitle"`
	Updated  string      `xml:"updated"`
	Author   *atomPerson `xml:"author"`
	Links    []atomLink  `xml:"link"`
	Entries  []atomEntry `xml:"entry"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Author     *atomPerson    `xml:"author"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary"`
	Content    *atomText      `xml:"content"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Text string `xml:",chardata"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}
