package content

import (
	"fmt"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/publish"
	"github.com/canhgiac/canhgiac/internal/sanitize"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// AlertOf is a published warning as a CAP 1.2 alert, for the portal at
// base (its public address): a second version is an Update of the first,
// and the alert expires at the end of the warning's last valid day.
func AlertOf(base string, it *Item) publish.Alert {
	a := publish.Alert{Identifier: "canhgiac-" + it.Code, Sender: senderOf(base), Sent: it.PublishedAt, MsgType: publish.MsgAlert,
		Category: publish.CategorySecurity, Event: "Cảnh báo lừa đảo", Urgency: capUrgency(it.Fields.Urgency), Severity: capSeverity(it.Fields.Severity), Certainty: "Likely",
		SenderName: it.Issuer, Headline: it.Title, Description: strings.TrimSpace(it.Summary + "\n\n" + sanitize.Text(it.BodyHTML)),
		Instruction: "Không chuyển tiền, không cung cấp mã OTP. Tra cứu tại " + base + "/tra-cuu, tố giác tại " + base + "/to-giac.",
		Web:         base + "/" + it.Kind.Path() + "/" + it.Slug, Area: it.Fields.Area}
	if a.Area == "" {
		a.Area = publish.Nationwide
	}
	if it.PublishedVersion > 1 {
		a.MsgType = publish.MsgUpdate
		a.References = []publish.Reference{{Sender: a.Sender, Identifier: a.Identifier, Sent: it.FirstPublishedAt}}
		a.Identifier = fmt.Sprintf("canhgiac-%s-v%d", it.Code, it.PublishedVersion)
	}
	if end, err := vn.DayEnd(it.Fields.ValidUntil); err == nil {
		a.Expires = end.Add(-time.Second) // the last second of that day in Vietnam
	}
	return a
}

// senderOf is the CAP sender of the portal at base: canhgiac@its host.
func senderOf(base string) string {
	host := base
	if i := strings.Index(host, "://"); i >= 0 {
		host = host[i+3:]
	}
	host, _, _ = strings.Cut(host, "/")
	host, _, _ = strings.Cut(host, ":")
	return "canhgiac@" + host
}

// capSeverity is a warning's severity in CAP's words.
func capSeverity(s string) string {
	switch s {
	case "extreme":
		return "Extreme"
	case "severe":
		return "Severe"
	case "minor":
		return "Minor"
	case "moderate":
		return "Moderate"
	}
	return "Unknown"
}

// capUrgency is a warning's urgency in CAP's words.
func capUrgency(s string) string {
	switch s {
	case "immediate":
		return "Immediate"
	case "expected":
		return "Expected"
	case "future":
		return "Future"
	}
	return "Unknown"
}
