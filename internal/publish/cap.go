package publish

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// MediaTypeCAP is the Content-Type of a CAP alert document.
const MediaTypeCAP = "application/cap+xml"

// Message types of an alert (CAP msgType).
const (
	MsgAlert  = "Alert"  // a new warning
	MsgUpdate = "Update" // replaces the alerts in References
	MsgCancel = "Cancel" // withdraws the alerts in References
)

// Categories an alert of this campaign can carry (CAP category).
const (
	CategorySecurity = "Security" // crime: fraud, intrusion, extortion
	CategorySafety   = "Safety"   // general public safety online
)

// Nationwide is the area of an alert for the whole country.
const Nationwide = "Toàn quốc"

// maxHeadline is CAP's advice for a headline, short enough for one SMS
// segment of unaccented text.
const maxHeadline = 160

var (
	urgencies   = []string{"Immediate", "Expected", "Future", "Past", "Unknown"}
	severities  = []string{"Extreme", "Severe", "Moderate", "Minor", "Unknown"}
	certainties = []string{"Observed", "Likely", "Possible", "Unlikely", "Unknown"}
)

// Alert is a public warning as an OASIS Common Alerting Protocol 1.2
// message: status Actual, scope Public, one info block in Vietnamese
// (vi-VN) and one area. The CAP element each field becomes is named in
// its comment; the values of Urgency, Severity and Certainty are CAP's own
// English words, which alerting systems match on.
type Alert struct {
	Identifier string      // identifier: unique for Sender, no spaces, commas, < or &
	Sender     string      // sender: the issuing system, e.g. "canhbao@canhgiac.gov.vn"; same rule
	Sent       time.Time   // sent
	MsgType    string      // msgType: MsgAlert, MsgUpdate or MsgCancel
	References []Reference // references: the earlier alerts an Update or Cancel is about

	Category    string    // category: CategorySecurity or CategorySafety
	Event       string    // event: the kind of threat, e.g. "Lừa đảo giả danh công an"
	Urgency     string    // urgency: Immediate, Expected, Future, Past, Unknown
	Severity    string    // severity: Extreme, Severe, Moderate, Minor, Unknown
	Certainty   string    // certainty: Observed, Likely, Possible, Unlikely, Unknown
	Effective   time.Time // effective: optional
	Expires     time.Time // expires: optional
	SenderName  string    // senderName: the unit, e.g. "Công an tỉnh Nghệ An"
	Headline    string    // headline: at most 160 characters
	Description string    // description
	Instruction string    // instruction: what to do; optional
	Web         string    // web: the warning's page on the portal; optional

	Area     string    // area/areaDesc: a province or city, or Nationwide
	Geocodes []Geocode // area/geocode: optional
}

// Reference names an earlier alert: CAP's "sender,identifier,sent".
type Reference struct {
	Sender, Identifier string
	Sent               time.Time
}

// Geocode is a coded area, e.g. {"ISO3166-2", "VN-HN"}.
type Geocode struct {
	ValueName, Value string
}

// Validate reports everything an editor must fix before a can be
// published, as an errs.KindInvalid error whose field messages (keyed by
// the CAP element name) are in Vietnamese. It covers what the CAP 1.2
// schema requires and the rules of this campaign on top (a headline, a
// description, a known area).
func (a Alert) Validate() error {
	v := errs.NewInvalid()
	checkToken(v, "identifier", a.Identifier, "Cảnh báo thiếu mã định danh.")
	checkToken(v, "sender", a.Sender, "Cảnh báo thiếu mã đơn vị gửi.")
	if a.Sent.IsZero() {
		v.Field("sent", "Cảnh báo thiếu thời điểm gửi.")
	}
	switch a.MsgType {
	case MsgAlert:
	case MsgUpdate, MsgCancel:
		if len(a.References) == 0 {
			v.Field("references", "Bản cập nhật hoặc thu hồi phải dẫn chiếu cảnh báo trước đó.")
		}
	default:
		v.Fieldf("msgType", "Loại thông điệp %q không hợp lệ; chọn Alert, Update hoặc Cancel.", a.MsgType)
	}
	for _, r := range a.References {
		if r.Sender == "" || r.Identifier == "" || r.Sent.IsZero() ||
			strings.ContainsAny(r.Sender+r.Identifier, " ,<&") {
			v.Field("references", "Dẫn chiếu cảnh báo trước phải có mã đơn vị gửi, mã định danh và thời điểm gửi.")
		}
	}
	if a.Category != CategorySecurity && a.Category != CategorySafety {
		v.Fieldf("category", "Nhóm cảnh báo %q không hợp lệ; chọn Security (an ninh, tội phạm) hoặc Safety (an toàn).", a.Category)
	}
	if strings.TrimSpace(a.Event) == "" {
		v.Field("event", "Cảnh báo thiếu loại sự việc.")
	}
	checkOneOf(v, "urgency", a.Urgency, urgencies, "Mức khẩn cấp")
	checkOneOf(v, "severity", a.Severity, severities, "Mức nghiêm trọng")
	checkOneOf(v, "certainty", a.Certainty, certainties, "Mức chắc chắn")
	if !a.Expires.IsZero() {
		start := a.Sent
		if !a.Effective.IsZero() {
			start = a.Effective
		}
		if !a.Expires.After(start) {
			v.Field("expires", "Thời điểm hết hiệu lực phải sau thời điểm có hiệu lực.")
		}
	}
	if strings.TrimSpace(a.SenderName) == "" {
		v.Field("senderName", "Cảnh báo thiếu tên đơn vị phát hành.")
	}
	switch n := utf8.RuneCountInString(a.Headline); {
	case strings.TrimSpace(a.Headline) == "":
		v.Field("headline", "Cảnh báo thiếu tiêu đề.")
	case n > maxHeadline:
		v.Fieldf("headline", "Tiêu đề cảnh báo dài %d ký tự; tối đa %d.", n, maxHeadline)
	}
	if strings.TrimSpace(a.Description) == "" {
		v.Field("description", "Cảnh báo thiếu nội dung mô tả.")
	}
	if a.Web != "" {
		if u, err := url.Parse(a.Web); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			v.Field("web", "Đường dẫn web phải là địa chỉ đầy đủ, bắt đầu bằng https://.")
		}
	}
	if strings.TrimSpace(a.Area) == "" {
		v.Field("areaDesc", "Cảnh báo thiếu địa bàn.")
	} else if _, ok := areaName(a.Area); !ok {
		v.Fieldf("areaDesc", "Địa bàn %q không phải tên tỉnh, thành phố hay %q.", a.Area, Nationwide)
	}
	for _, g := range a.Geocodes {
		if strings.TrimSpace(g.ValueName) == "" || strings.TrimSpace(g.Value) == "" {
			v.Field("geocode", "Mã địa lý cần có cả tên hệ mã và giá trị.")
		}
	}
	return v.Err()
}

// checkToken enforces CAP's rule for identifiers and senders, which are
// joined with commas and spaces in references.
func checkToken(v *errs.Invalid, field, s, missing string) {
	switch {
	case s == "":
		v.Field(field, missing)
	case strings.ContainsAny(s, " \t\n,<&"):
		v.Fieldf(field, "%q không được chứa dấu cách, dấu phẩy, < hoặc &.", s)
	}
}

func checkOneOf(v *errs.Invalid, field, s string, allowed []string, label string) {
	if !slices.Contains(allowed, s) {
		v.Fieldf(field, "%s %q không hợp lệ; chọn %s.", label, s, strings.Join(allowed, ", "))
	}
}

// areaName returns the official spelling of an area: Nationwide, or the
// current name of the province or city s names.
func areaName(s string) (string, bool) {
	if vn.Fold(strings.TrimSpace(s)) == vn.Fold(Nationwide) {
		return Nationwide, true
	}
	return vn.Province(s)
}

// capTime formats t the one way CAP 1.2 allows: to the second with a
// numeric offset, read in Vietnam ("+07:00", never "Z").
func capTime(t time.Time) string { return t.In(vn.Zone).Format("2006-01-02T15:04:05-07:00") }

// WriteAlert validates a and writes it as a CAP 1.2 document, the body of
// /cap/{identifier}.xml. Nothing is written if a is invalid.
func WriteAlert(w io.Writer, a Alert) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return writeXML(w, capDocument(a))
}

// CAPIndex describes the list of current alerts at /cap/alerts.xml.
//
// CAP has no element for a list of alerts: a CAP document is exactly one
// <alert>. Alerting authorities therefore publish, and aggregators such as
// the WMO Alert Hub read, an Atom (or RSS) feed whose entries each link,
// with type application/cap+xml, to one alert's own CAP document; the US
// National Weather Service's alert feeds are built the same way. That is
// what [WriteCAPIndex] writes. Each entry's id and link are the alert's
// address, its title the headline, its summary the description, its
// updated and published time the alert's sent time, its author the sender
// name and its category the event.
type CAPIndex struct {
	ID        string    // the feed's permanent IRI
	Title     string    // e.g. "Cảnh báo lừa đảo trực tuyến"
	Subtitle  string    // optional
	Self      string    // the address of the index itself
	Alternate string    // the HTML page of warnings; optional
	Updated   time.Time // zero: the latest alert's Sent; required when there are no alerts
	Alerts    []Alert

	// AlertURL gives the absolute address of an alert's CAP document,
	// normally the portal's /cap/{identifier}.xml.
	AlertURL func(Alert) string
}

// WriteCAPIndex validates every alert and writes the index as an Atom
// feed (see [CAPIndex]). Nothing is written if any alert is invalid; the
// error then names the alert.
func WriteCAPIndex(w io.Writer, idx CAPIndex) error {
	if idx.AlertURL == nil {
		return errors.New("cap index: no AlertURL")
	}
	feed := Feed{
		ID: idx.ID, Title: idx.Title, Subtitle: idx.Subtitle,
		Self: idx.Self, Alternate: idx.Alternate, Updated: idx.Updated,
	}
	for _, a := range idx.Alerts {
		if err := a.Validate(); err != nil {
			return fmt.Errorf("cap index: alert %q: %w", a.Identifier, err)
		}
		u := idx.AlertURL(a)
		feed.Entries = append(feed.Entries, Entry{
			ID: u, URL: u,
			Title:      a.Headline,
			Summary:    a.Description,
			Updated:    a.Sent,
			Published:  a.Sent,
			Author:     a.SenderName,
			Categories: []string{a.Event},
		})
	}
	doc, err := atomDocument(feed, MediaTypeCAP)
	if err != nil {
		return fmt.Errorf("cap index: %w", err)
	}
	return writeXML(w, doc)
}

func capDocument(a Alert) *capAlert {
	area, _ := areaName(a.Area)
	doc := &capAlert{
		Identifier: a.Identifier,
		Sender:     a.Sender,
		Sent:       capTime(a.Sent),
		Status:     "Actual",
		MsgType:    a.MsgType,
		Scope:      "Public",
		Info: capInfo{
			Language:    "vi-VN",
			Category:    a.Category,
			Event:       a.Event,
			Urgency:     a.Urgency,
			Severity:    a.Severity,
			Certainty:   a.Certainty,
			SenderName:  a.SenderName,
			Headline:    a.Headline,
			Description: a.Description,
			Instruction: a.Instruction,
			Web:         a.Web,
			Area:        capArea{AreaDesc: area},
		},
	}
	refs := make([]string, len(a.References))
	for i, r := range a.References {
		refs[i] = r.Sender + "," + r.Identifier + "," + capTime(r.Sent)
	}
	doc.References = strings.Join(refs, " ")
	if !a.Effective.IsZero() {
		doc.Info.Effective = capTime(a.Effective)
	}
	if !a.Expires.IsZero() {
		doc.Info.Expires = capTime(a.Expires)
	}
	for _, g := range a.Geocodes {
		doc.Info.Area.Geocodes = append(doc.Info.Area.Geocodes, capValue(g))
	}
	return doc
}

// The XML tree of a CAP alert, fields in the order the schema's
// sequences require.
type capAlert struct {
	XMLName    xml.Name `xml:"urn:oasis:names:tc:emergency:cap:1.2 alert"`
	Identifier string   `xml:"identifier"`
	Sender     string   `xml:"sender"`
	Sent       string   `xml:"sent"`
	Status     string   `xml:"status"`
	MsgType    string   `xml:"msgType"`
	Scope      string   `xml:"scope"`
	References string   `xml:"references,omitempty"`
	Info       capInfo  `xml:"info"`
}

type capInfo struct {
	Language    string  `xml:"language"`
	Category    string  `xml:"category"`
	Event       string  `xml:"event"`
	Urgency     string  `xml:"urgency"`
	Severity    string  `xml:"severity"`
	Certainty   string  `xml:"certainty"`
	Effective   string  `xml:"effective,omitempty"`
	Expires     string  `xml:"expires,omitempty"`
	SenderName  string  `xml:"senderName"`
	Headline    string  `xml:"headline"`
	Description string  `xml:"description"`
	Instruction string  `xml:"instruction,omitempty"`
	Web         string  `xml:"web,omitempty"`
	Area        capArea `xml:"area"`
}

type capArea struct {
	AreaDesc string     `xml:"areaDesc"`
	Geocodes []capValue `xml:"geocode"`
}

type capValue struct {
	ValueName string `xml:"valueName"`
	Value     string `xml:"value"`
}
