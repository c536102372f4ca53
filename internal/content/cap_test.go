package content_test

import (
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/content"
	"github.com/canhgiac/canhgiac/internal/publish"
)

// A published warning becomes a CAP alert the alerting systems can match:
// CAP's words for severity and urgency, the portal's host as sender, the
// whole country when no province is named, an Update of the first alert
// from the second version on, and an end at the last second of the last valid day in Vietnam.
func TestAlertOf_MapsAWarningToCAP(t *testing.T) {
	first := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name                        string
		fields                      content.Fields
		version                     int
		id, msgType, sev, urg, area string
		expires                     time.Time
	}{
		{"first version, nationwide", content.Fields{Severity: "severe", Urgency: "immediate"}, 1,
			"canhgiac-CG7K2", publish.MsgAlert, "Severe", "Immediate", publish.Nationwide, time.Time{}},
		{"second version, one province, an end", content.Fields{Severity: "minor", Urgency: "future", Area: "Cao Bằng", ValidUntil: "2026-12-31"}, 2,
			"canhgiac-CG7K2-v2", publish.MsgUpdate, "Minor", "Future", "Cao Bằng", time.Date(2026, 12, 31, 16, 59, 59, 0, time.UTC)},
		{"no severity or urgency given", content.Fields{}, 1,
			"canhgiac-CG7K2", publish.MsgAlert, "Unknown", "Unknown", publish.Nationwide, time.Time{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			it := &content.Item{Kind: content.KindWarning, Slug: "gia-danh-cong-an", Code: "CG7K2", Title: "Giả danh công an", Summary: "Tóm tắt.",
				BodyHTML: "<p>Nội dung.</p>", Fields: tc.fields, PublishedVersion: tc.version, FirstPublishedAt: first, PublishedAt: first.Add(time.Hour), Issuer: "Công an tỉnh Cao Bằng"}
			a := content.AlertOf("https://canhgiac.gov.vn:8443/", it)
			if a.Identifier != tc.id || a.MsgType != tc.msgType || a.Severity != tc.sev || a.Urgency != tc.urg || a.Area != tc.area || !a.Expires.Equal(tc.expires) {
				t.Fatalf("alert = %s %s %s %s %q %v", a.Identifier, a.MsgType, a.Severity, a.Urgency, a.Area, a.Expires)
			}
			if a.Sender != "canhgiac@canhgiac.gov.vn" || a.SenderName != it.Issuer || a.Headline != it.Title {
				t.Fatalf("sender %q %q, headline %q", a.Sender, a.SenderName, a.Headline)
			}
			if tc.version > 1 && (len(a.References) != 1 || a.References[0].Identifier != "canhgiac-CG7K2" || !a.References[0].Sent.Equal(first)) {
				t.Fatalf("an update must refer to the first alert: %+v", a.References)
			}
			if err := a.Validate(); err != nil {
				t.Fatalf("the alert is not valid CAP: %v", err)
			}
		})
	}
}
