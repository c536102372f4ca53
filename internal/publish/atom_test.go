package publish

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/errs"
)

var ict = time.FixedZone("ICT", 7*3600)

func testFeed() Feed {
	return Feed{
		ID:        "tag:canhgiac.gov.vn,2025:canh-bao",
		Title:     "Cảnh báo lừa đảo trực tuyến",
		Subtitle:  "Thông tin chính thức từ cơ quan thường trực",
		Self:      "https://canhgiac.gov.vn/canh-bao.atom",
		Alternate: "https://canhgiac.gov.vn/canh-bao",
		Author:    "Công an tỉnh Nghệ An",
		Entries: []Entry{{
			ID:         "tag:canhgiac.gov.vn,2025:canh-bao/42",
			Title:      `Giả danh "công an" gọi điện <khẩn> & yêu cầu chuyển tiền`,
			Summary:    "Không chuyển tiền cho người lạ.",
			Content:    "Đối tượng gọi điện, xưng là cán bộ công an.\nTuyệt đối không cung cấp mã OTP.",
			URL:        "https://canhgiac.gov.vn/canh-bao/42?ref=atom&lang=vi",
			Updated:    time.Date(2025, 7, 2, 8, 0, 0, 0, ict),
			Published:  time.Date(2025, 7, 1, 9, 30, 0, 0, ict),
			Categories: []string{"Lừa đảo chiếm đoạt tài sản", "Giả danh cơ quan nhà nước"},
		}, {
			ID:      "tag:canhgiac.gov.vn,2025:cam-nang/7",
			Title:   "Cẩm nang: nhận diện sàn đầu tư tiền ảo lừa đảo",
			URL:     "https://canhgiac.gov.vn/cam-nang/7",
			Updated: time.Date(2025, 6, 20, 14, 0, 0, 0, time.UTC),
			Author:  "Tiểu ban An toàn, an ninh mạng",
		}},
	}
}

func writeAtom(t *testing.T, f Feed) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteAtom(&buf, f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteAtom_ValidAgainstRFC4287Schema(t *testing.T) {
	for name, f := range map[string]Feed{
		"full":       testFeed(),
		"no entries": {ID: "urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6", Title: "Trống", Updated: time.Date(2025, 1, 1, 0, 0, 0, 0, ict)},
	} {
		t.Run(name, func(t *testing.T) {
			doc := writeAtom(t, f)
			if err := lint(t, "--relaxng", "atom.rng", doc); err != nil {
				t.Errorf("%v\n%s", err, doc)
			}
		})
	}
}

func TestAtomSchema_IsNotVacuous(t *testing.T) {
	doc := writeAtom(t, testFeed())
	broken := bytes.Replace(doc, []byte("<id>tag:canhgiac.gov.vn,2025:canh-bao</id>"), nil, 1)
	if bytes.Equal(broken, doc) {
		t.Fatal("feed id not found in output")
	}
	if lint(t, "--relaxng", "atom.rng", broken) == nil {
		t.Error("a feed without <id> passed the schema")
	}
}

func TestWriteAtom_WhatAReaderSees(t *testing.T) {
	doc := writeAtom(t, testFeed())
	s := string(doc)
	for _, want := range []string{
		`<?xml version="1.0" encoding="UTF-8"?>`,
		`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">`,
		`<updated>2025-07-02T08:00:00+07:00</updated>`, // the latest entry
		`<published>2025-07-01T09:30:00+07:00</published>`,
		`<updated>2025-06-20T14:00:00Z</updated>`,
		`<link rel="self" type="application/atom+xml" href="https://canhgiac.gov.vn/canh-bao.atom">`,
		`<link rel="alternate" type="text/html" href="https://canhgiac.gov.vn/canh-bao">`,
		`href="https://canhgiac.gov.vn/canh-bao/42?ref=atom&amp;lang=vi"`,
		`&lt;khẩn&gt; &amp; yêu cầu`,
		`<category term="Lừa đảo chiếm đoạt tài sản">`,
		`<content type="text">`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %s in\n%s", want, s)
		}
	}

	// Everything typed comes back exactly, Vietnamese and markup alike.
	var back struct {
		Lang    string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		Title   string `xml:"http://www.w3.org/2005/Atom title"`
		Entries []struct {
			Title   string `xml:"http://www.w3.org/2005/Atom title"`
			Content string `xml:"http://www.w3.org/2005/Atom content"`
			Author  string `xml:"http://www.w3.org/2005/Atom author>name"`
		} `xml:"http://www.w3.org/2005/Atom entry"`
	}
	if err := xml.Unmarshal(doc, &back); err != nil {
		t.Fatal(err)
	}
	f := testFeed()
	if back.Lang != "vi" || back.Title != f.Title || len(back.Entries) != 2 ||
		back.Entries[0].Title != f.Entries[0].Title ||
		back.Entries[0].Content != f.Entries[0].Content ||
		back.Entries[1].Author != f.Entries[1].Author {
		t.Errorf("round trip lost text: %+v", back)
	}
}

func TestWriteAtom_RefusesIncompleteEntries(t *testing.T) {
	for _, tc := range []struct {
		name, field string
		edit        func(*Feed)
	}{
		{"no title", "entries[0].title", func(f *Feed) { f.Entries[0].Title = "" }},
		{"relative id", "entries[0].id", func(f *Feed) { f.Entries[0].ID = "/canh-bao/42" }},
		{"no update time", "entries[1].updated", func(f *Feed) { f.Entries[1].Updated = time.Time{} }},
		// RFC 4287 4.1.2: an entry needs an alternate link or content.
		{"no link or content", "entries[1].url", func(f *Feed) { f.Entries[1].URL = "" }},
		// RFC 4287 4.1.1: every entry needs an author if the feed has none.
		{"no author anywhere", "entries[0].author", func(f *Feed) { f.Author = "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := testFeed()
			tc.edit(&f)
			var buf bytes.Buffer
			err := WriteAtom(&buf, f)
			msg := errs.FieldsOf(err)[tc.field]
			if msg == "" || !strings.HasPrefix(msg, "Mục ") {
				t.Errorf("err = %v (fields %v), want a Vietnamese message for %s", err, errs.FieldsOf(err), tc.field)
			}
			if buf.Len() != 0 {
				t.Error("wrote a feed despite the error")
			}
		})
	}
}

func TestWriteAtom_RefusesBadWiring(t *testing.T) {
	for name, edit := range map[string]func(*Feed){
		"no id":         func(f *Feed) { f.ID = "" },
		"relative self": func(f *Feed) { f.Self = "/canh-bao.atom" },
		"no title":      func(f *Feed) { f.Title = "" },
		"no time":       func(f *Feed) { f.Entries = nil },
	} {
		f := testFeed()
		edit(&f)
		if err := WriteAtom(new(bytes.Buffer), f); err == nil || errs.KindOf(err) == errs.KindInvalid {
			t.Errorf("%s: err = %v, want a programmer error", name, err)
		}
	}
}
