package publish

import (
	"bytes"
	"encoding/xml"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/errs"
)

func testAlert() Alert {
	sent := time.Date(2025, 7, 1, 9, 30, 0, 0, ict)
	return Alert{
		Identifier:  "canhgiac-2025-0042",
		Sender:      "canhbao@canhgiac.gov.vn",
		Sent:        sent,
		MsgType:     MsgAlert,
		Category:    CategorySecurity,
		Event:       "Lừa đảo giả danh công an",
		Urgency:     "Immediate",
		Severity:    "Severe",
		Certainty:   "Observed",
		Effective:   sent,
		Expires:     sent.AddDate(0, 0, 30),
		SenderName:  "Công an tỉnh Nghệ An",
		Headline:    `Cảnh báo: đối tượng giả danh "công an" <khẩn> & đòi chuyển tiền`,
		Description: "Đối tượng gọi điện, xưng là cán bộ công an, yêu cầu chuyển tiền để \"xác minh\".\nĐã có 12 người bị lừa.",
		Instruction: "Không chuyển tiền. Gọi 113 hoặc báo tại https://canhgiac.gov.vn/to-giac?a=1&b=2.",
		Web:         "https://canhgiac.gov.vn/canh-bao/42?ref=cap&lang=vi",
		Area:        "Nghệ An",
		Geocodes:    []Geocode{{ValueName: "ISO3166-2", Value: "VN-22"}},
	}
}

func writeAlert(t *testing.T, a Alert) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteAlert(&buf, a); err != nil {
		t.Fatalf("WriteAlert: %v (fields %v)", err, errs.FieldsOf(err))
	}
	return buf.Bytes()
}

func TestWriteAlert_ValidAgainstCAP12Schema(t *testing.T) {
	earlier := Reference{Sender: "canhbao@canhgiac.gov.vn", Identifier: "canhgiac-2025-0041", Sent: time.Date(2025, 6, 30, 8, 0, 0, 0, ict)}
	for name, edit := range map[string]func(*Alert){
		"full": func(*Alert) {},
		"minimal": func(a *Alert) {
			a.Effective, a.Expires, a.Instruction, a.Web, a.Geocodes = time.Time{}, time.Time{}, "", "", nil
		},
		"nationwide": func(a *Alert) { a.Area, a.Category, a.Geocodes = Nationwide, CategorySafety, nil },
		"utc":        func(a *Alert) { a.Sent, a.Effective, a.Expires = a.Sent.UTC(), time.Time{}, a.Expires.UTC() },
		"update":     func(a *Alert) { a.MsgType, a.References = MsgUpdate, []Reference{earlier} },
		"cancel": func(a *Alert) {
			a.MsgType, a.References = MsgCancel, []Reference{earlier, {Sender: earlier.Sender, Identifier: "canhgiac-2025-0040", Sent: earlier.Sent.Add(-time.Hour)}}
		},
	} {
		t.Run(name, func(t *testing.T) {
			a := testAlert()
			edit(&a)
			doc := writeAlert(t, a)
			if err := lint(t, "--schema", "cap-1.2.xsd", doc); err != nil {
				t.Errorf("%v\n%s", err, doc)
			}
		})
	}
}

func TestCAPSchema_IsNotVacuous(t *testing.T) {
	doc := writeAlert(t, testAlert())
	for name, broken := range map[string][]byte{
		"Z time":       bytes.Replace(doc, []byte("+07:00</sent>"), []byte("Z</sent>"), 1),
		"bad severity": bytes.Replace(doc, []byte(">Severe<"), []byte(">Nghiêm trọng<"), 1),
	} {
		if bytes.Equal(broken, doc) {
			t.Fatalf("%s: nothing replaced", name)
		}
		if lint(t, "--schema", "cap-1.2.xsd", broken) == nil {
			t.Errorf("%s passed the CAP schema", name)
		}
	}
}

func TestWriteAlert_WhatAReceiverSees(t *testing.T) {
	a := testAlert()
	a.Sent = time.Date(2025, 7, 1, 2, 30, 0, 0, time.UTC)
	a.Area = "nghe an" // typed without marks
	a.MsgType, a.References = MsgUpdate, []Reference{{Sender: "canhbao@canhgiac.gov.vn", Identifier: "canhgiac-2025-0041", Sent: time.Date(2025, 6, 30, 8, 0, 0, 0, ict)}}
	s := string(writeAlert(t, a))
	for _, want := range []string{
		`<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">`,
		`<sent>2025-07-01T09:30:00+07:00</sent>`, // an instant in UTC is told in Vietnam time; CAP forbids "Z"
		`<status>Actual</status>`,
		`<scope>Public</scope>`,
		`<references>canhbao@canhgiac.gov.vn,canhgiac-2025-0041,2025-06-30T08:00:00+07:00</references>`,
		`<language>vi-VN</language>`,
		`<areaDesc>Nghệ An</areaDesc>`, // official spelling
		`&lt;khẩn&gt; &amp; đòi`,
		`?ref=cap&amp;lang=vi`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %s in\n%s", want, s)
		}
	}
	if regexp.MustCompile(`<(sent|effective|expires)>[^<]*Z<`).MatchString(s) {
		t.Errorf("a CAP time ends in Z:\n%s", s)
	}
}

func TestWriteAlert_VietnameseRoundTrips(t *testing.T) {
	a := testAlert()
	var back struct {
		Info struct {
			Event       string `xml:"event"`
			SenderName  string `xml:"senderName"`
			Headline    string `xml:"headline"`
			Description string `xml:"description"`
			Instruction string `xml:"instruction"`
			Web         string `xml:"web"`
			Area        struct {
				AreaDesc string `xml:"areaDesc"`
				Geocode  struct {
					ValueName string `xml:"valueName"`
					Value     string `xml:"value"`
				} `xml:"geocode"`
			} `xml:"area"`
		} `xml:"urn:oasis:names:tc:emergency:cap:1.2 info"`
	}
	if err := xml.Unmarshal(writeAlert(t, a), &back); err != nil {
		t.Fatal(err)
	}
	got := []string{back.Info.Event, back.Info.SenderName, back.Info.Headline, back.Info.Description,
		back.Info.Instruction, back.Info.Web, back.Info.Area.AreaDesc, back.Info.Area.Geocode.Value}
	want := []string{a.Event, a.SenderName, a.Headline, a.Description, a.Instruction, a.Web, a.Area, a.Geocodes[0].Value}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("round trip: got %q, want %q", got[i], want[i])
		}
	}
}

func TestValidate_RefusesInVietnamese(t *testing.T) {
	for _, tc := range []struct {
		name, field, want string
		edit              func(*Alert)
	}{
		{"no headline", "headline", "Cảnh báo thiếu tiêu đề.", func(a *Alert) { a.Headline = "  " }},
		{"long headline", "headline", "tối đa 160", func(a *Alert) { a.Headline = strings.Repeat("ừ", 161) }},
		{"bad severity", "severity", "Mức nghiêm trọng", func(a *Alert) { a.Severity = "Nghiêm trọng" }},
		{"bad urgency", "urgency", "Mức khẩn cấp", func(a *Alert) { a.Urgency = "" }},
		{"bad certainty", "certainty", "Mức chắc chắn", func(a *Alert) { a.Certainty = "Sure" }},
		{"bad category", "category", "Nhóm cảnh báo", func(a *Alert) { a.Category = "Fire" }},
		{"bad msgType", "msgType", "Loại thông điệp", func(a *Alert) { a.MsgType = "Ack" }},
		{"update without reference", "references", "dẫn chiếu", func(a *Alert) { a.MsgType = MsgUpdate }},
		{"no identifier", "identifier", "thiếu mã định danh", func(a *Alert) { a.Identifier = "" }},
		{"comma in identifier", "identifier", "dấu phẩy", func(a *Alert) { a.Identifier = "a,b" }},
		{"space in sender", "sender", "dấu cách", func(a *Alert) { a.Sender = "Công an" }},
		{"no sent", "sent", "thời điểm gửi", func(a *Alert) { a.Sent = time.Time{} }},
		{"no event", "event", "loại sự việc", func(a *Alert) { a.Event = "" }},
		{"no sender name", "senderName", "tên đơn vị", func(a *Alert) { a.SenderName = "" }},
		{"no description", "description", "nội dung", func(a *Alert) { a.Description = "" }},
		{"expires first", "expires", "hết hiệu lực", func(a *Alert) { a.Expires = a.Effective.Add(-time.Hour) }},
		{"relative web", "web", "https://", func(a *Alert) { a.Web = "/canh-bao/42" }},
		{"no area", "areaDesc", "thiếu địa bàn", func(a *Alert) { a.Area = "" }},
		{"unknown area", "areaDesc", "không phải tên tỉnh", func(a *Alert) { a.Area = "Atlantis" }},
		{"half geocode", "geocode", "Mã địa lý", func(a *Alert) { a.Geocodes = []Geocode{{ValueName: "ISO3166-2"}} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := testAlert()
			tc.edit(&a)
			err := a.Validate()
			if errs.KindOf(err) != errs.KindInvalid {
				t.Fatalf("Validate = %v, want an invalid-input error", err)
			}
			if msg := errs.FieldsOf(err)[tc.field]; !strings.Contains(msg, tc.want) {
				t.Errorf("message for %s = %q, want it to contain %q (all: %v)", tc.field, msg, tc.want, errs.FieldsOf(err))
			}
			var buf bytes.Buffer
			if WriteAlert(&buf, a) == nil || buf.Len() != 0 {
				t.Error("WriteAlert wrote an invalid alert")
			}
		})
	}
}

func TestValidate_AcceptsTheExample(t *testing.T) {
	if err := testAlert().Validate(); err != nil {
		t.Fatalf("%v: %v", err, errs.FieldsOf(err))
	}
}

func testIndex(alerts ...Alert) CAPIndex {
	return CAPIndex{
		ID:        "tag:canhgiac.gov.vn,2025:cap",
		Title:     "Cảnh báo lừa đảo trực tuyến",
		Self:      "https://canhgiac.gov.vn/cap/alerts.xml",
		Alternate: "https://canhgiac.gov.vn/canh-bao",
		Alerts:    alerts,
		AlertURL:  func(a Alert) string { return "https://canhgiac.gov.vn/cap/" + a.Identifier + ".xml" },
	}
}

func TestWriteCAPIndex_AtomFeedLinkingEachAlert(t *testing.T) {
	first, second := testAlert(), testAlert()
	second.Identifier, second.Sent, second.Area = "canhgiac-2025-0043", second.Sent.Add(2*time.Hour), Nationwide
	second.Effective, second.Expires = time.Time{}, time.Time{}

	var buf bytes.Buffer
	if err := WriteCAPIndex(&buf, testIndex(first, second)); err != nil {
		t.Fatalf("%v: %v", err, errs.FieldsOf(err))
	}
	doc := buf.Bytes()
	var feed struct {
		Updated string `xml:"http://www.w3.org/2005/Atom updated"`
		Entries []struct {
			ID    string `xml:"http://www.w3.org/2005/Atom id"`
			Title string `xml:"http://www.w3.org/2005/Atom title"`
			Link  struct {
				Rel  string `xml:"rel,attr"`
				Type string `xml:"type,attr"`
				Href string `xml:"href,attr"`
			} `xml:"http://www.w3.org/2005/Atom link"`
		} `xml:"http://www.w3.org/2005/Atom entry"`
	}
	if err := xml.Unmarshal(doc, &feed); err != nil {
		t.Fatal(err)
	}
	if feed.Updated != "2025-07-01T11:30:00+07:00" {
		t.Errorf("feed updated = %s, want the latest alert's sent time", feed.Updated)
	}
	if len(feed.Entries) != 2 {
		t.Fatalf("%d entries, want 2", len(feed.Entries))
	}
	// Each entry points at its alert's own CAP document; the index is valid
	// Atom and each of those documents valid CAP 1.2.
	for i, a := range []Alert{first, second} {
		e := feed.Entries[i]
		href := "https://canhgiac.gov.vn/cap/" + a.Identifier + ".xml"
		if e.Link.Rel != "alternate" || e.Link.Type != MediaTypeCAP || e.Link.Href != href || e.ID != href {
			t.Errorf("entry %d: id %s, link %+v; want %s as application/cap+xml", i, e.ID, e.Link, href)
		}
		if e.Title != a.Headline {
			t.Errorf("entry %d title = %q", i, e.Title)
		}
	}
	if err := lint(t, "--relaxng", "atom.rng", doc); err != nil {
		t.Errorf("index: %v\n%s", err, doc)
	}
	for _, a := range []Alert{first, second} {
		if err := lint(t, "--schema", "cap-1.2.xsd", writeAlert(t, a)); err != nil {
			t.Errorf("alert %s: %v", a.Identifier, err)
		}
	}
}

func TestWriteCAPIndex_RefusesAnInvalidAlert(t *testing.T) {
	bad := testAlert()
	bad.Identifier, bad.Severity = "canhgiac-2025-0099", "Rất nặng"
	var buf bytes.Buffer
	err := WriteCAPIndex(&buf, testIndex(testAlert(), bad))
	if errs.FieldsOf(err)["severity"] == "" || !strings.Contains(err.Error(), "canhgiac-2025-0099") {
		t.Errorf("err = %v, want the bad alert named and its severity refused", err)
	}
	if buf.Len() != 0 {
		t.Error("wrote an index despite the error")
	}
}

func TestWriteCAPIndex_NoCurrentAlerts(t *testing.T) {
	idx := testIndex()
	if err := WriteCAPIndex(new(bytes.Buffer), idx); err == nil {
		t.Error("an empty index without an Updated time was accepted")
	}
	idx.Updated = time.Date(2025, 7, 1, 0, 0, 0, 0, ict)
	var buf bytes.Buffer
	if err := WriteCAPIndex(&buf, idx); err != nil {
		t.Fatal(err)
	}
	if err := lint(t, "--relaxng", "atom.rng", buf.Bytes()); err != nil {
		t.Errorf("%v\n%s", err, buf.Bytes())
	}
}
