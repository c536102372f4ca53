package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// inboxOf returns what Hộp thư thử shows for one phone.
func inboxOf(t *testing.T, c *testutil.Client, phone string) string {
	t.Helper()
	r := c.Get("/quan-tri/hop-thu-thu")
	_, section, ok := strings.Cut(html.UnescapeString(r.Body), "<h2>"+audience.Mask(phone)+"</h2>")
	if !ok {
		return ""
	}
	section, _, _ = strings.Cut(section, "</section>")
	return section
}

// In the demonstration a staff member sends "KT 0389 000 002" through the
// simulated message centre, as a basic phone would, and reads the answer
// in Hộp thư thử: the verdict and the hotline in one unaccented part. Not
// a check gets the help line once; a refused form keeps what was typed.
func TestCheckBySMS_DemoCentreAnswersInTheInbox(t *testing.T) {
	e := testutil.Start(t, "")
	sys := access.With(context.Background(), access.System())
	_, key, err := e.App.Auth.CreateAPIKey(sys, "cao-bang-vcb", "ngân hàng", []string{"report"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if code, body := e.API(t, http.MethodPost, "/api/v1/reports", key, `{"reports":[{"indicators":["0389 000 002"],"tactic":"fraud","province":"Cao Bằng"}]}`); code != 200 {
		t.Fatalf("partner report: %d %s", code, body)
	}
	if _, err := e.App.Intel.Checker().Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := e.NewClient(t)
	c.Login("thuongtruc", e.Passwords["thuongtruc"])
	if r := c.Get("/quan-tri/hop-thu-thu"); !strings.Contains(r.Body, `action="/quan-tri/hop-thu-thu"`) {
		t.Fatalf("no form to send a message to the service number: %.1500s", r.Body)
	}
	for _, tc := range []struct {
		name, from, text string
		want, notWant    string
	}{
		{"a reported number", "0912 000 001", "KT 0389 000 002", "Canh Giac: 0389 000 002 CO TO GIAC, NGHI LUA DAO", ""},
		{"not a check", "0912 000 003", "xin chao", "nhan KT", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Post("/quan-tri/hop-thu-thu", url.Values{"from": {tc.from}, "text": {tc.text}})
			if r.Status != 303 {
				t.Fatalf("send: %d %.800s", r.Status, r.Body)
			}
			got := inboxOf(t, c, "+84"+strings.ReplaceAll(tc.from, " ", "")[1:])
			if !strings.Contains(got, tc.want) || !strings.Contains(got, "Bao 113 hoac 156.") {
				t.Errorf("inbox of %s: %q, want %q and the hotline", tc.from, got, tc.want)
			}
		})
	}
	// The help line comes once a day.
	c.Post("/quan-tri/hop-thu-thu", url.Values{"from": {"0912 000 003"}, "text": {"alo"}})
	if got := inboxOf(t, c, "+84912000003"); strings.Count(got, "<li>") != 1 {
		t.Errorf("help line sent again the same day: %q", got)
	}
	r := c.Post("/quan-tri/hop-thu-thu", url.Values{"from": {"12ab"}, "text": {"KT 0389 000 002"}})
	if r.Status != 422 || !strings.Contains(html.UnescapeString(r.Body), "không phải số điện thoại") || !strings.Contains(r.Body, `value="KT 0389 000 002"`) {
		t.Errorf("a bad number: %d, want the reason and the text kept: %.1500s", r.Status, r.Body)
	}
	if r := e.NewClient(t).Post("/quan-tri/hop-thu-thu", url.Values{"from": {"0912000009"}, "text": {"KT 1"}}); r.Status == 200 {
		t.Error("a stranger sent through the test centre")
	}
}

// In the demonstration, "TC" sent from a subscriber's phone through the
// simulated message centre opts that phone out, as it does through a real
// one: nothing more is sent to it.
func TestCheckBySMS_DemoCentreTCOptsOut(t *testing.T) {
	e := testutil.Start(t, "")
	sys := access.With(context.Background(), access.System())
	if _, err := e.App.Audience.Subscribe(sys, audience.Input{Phone: "0918 077 001", Province: "Cao Bằng", Consent: true}); err != nil {
		t.Fatal(err)
	}
	active, opted, err := e.App.Audience.Count(sys)
	if err != nil {
		t.Fatal(err)
	}
	c := e.NewClient(t)
	c.Login("thuongtruc", e.Passwords["thuongtruc"])
	if r := c.Post("/quan-tri/hop-thu-thu", url.Values{"from": {"0918 077 001"}, "text": {"tc"}}); r.Status != 303 {
		t.Fatalf("send: %d %.800s", r.Status, r.Body)
	}
	a2, o2, err := e.App.Audience.Count(sys)
	if err != nil {
		t.Fatal(err)
	}
	if a2 != active-1 || o2 != opted+1 {
		t.Errorf("after TC: %d may be messaged, %d opted out; before %d and %d", a2, o2, active, opted)
	}
}
