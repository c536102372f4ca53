package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// A Cao Bằng tip is seen and decided by Cao Bằng's analysts and the
// national level; An Giang's analyst neither sees it nor changes it.
func TestTriage_AnotherProvincesAnalystCannotSeeOrDecideATip(t *testing.T) {
	e := testutil.Start(t, "")
	e.AddUser(t, "xm-angiang", "an-giang-ca", "an-giang", access.RoleAnalyst)
	e.AddUser(t, "xm-caobang", "cao-bang-ca", "cao-bang", access.RoleAnalyst)
	citizen := e.NewClient(t)
	citizen.Get("/to-giac")
	if r := citizen.Post("/to-giac", url.Values{"indicators": {"0912 777 001"}, "province": {"Cao Bằng"}, "description": {"Gọi giả danh công an Cao Bằng."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("report: %d", r.Status)
	}
	login := func(name string) *testutil.Client {
		c := e.NewClient(t)
		c.Login(name, "mat-khau-thu-nghiem-"+name)
		return c
	}
	ag, cb := login("xm-angiang"), login("xm-caobang")
	if q := ag.Get("/quan-tri/xac-minh"); q.Status != 200 || strings.Contains(q.Body, "84912777001") || strings.Contains(q.Body, "Gọi giả danh công an Cao Bằng") {
		t.Fatalf("An Giang's queue shows Cao Bằng's tip: %d", q.Status)
	}
	q := cb.Get("/quan-tri/xac-minh")
	m := regexp.MustCompile(`84912777001[\s\S]*?action="/quan-tri/xac-minh/(\d+)"`).FindStringSubmatch(q.Body)
	if m == nil || !strings.Contains(q.Body, "Gọi giả danh công an Cao Bằng") {
		t.Fatalf("Cao Bằng's queue lacks its tip: %.2000s", q.Body)
	}
	if st := ag.Get("/quan-tri/thong-ke-to-giac"); strings.Contains(st.Body, "Cao Bằng") {
		t.Errorf("An Giang's statistics count Cao Bằng's reports")
	}
	r := ag.Post("/quan-tri/xac-minh/"+m[1], url.Values{"decision": {"verify"}})
	if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "Chỉ cán bộ xác minh của tỉnh Cao Bằng được quyết định tố giác này") {
		t.Fatalf("An Giang verifies Cao Bằng's number: %d %.600s", r.Status, r.Body)
	}
	e.App.Intel.Checker().Refresh(context.Background())
	if a := e.App.Intel.Checker().Check("0912777001"); a.Verdict != "unknown" {
		t.Fatalf("a refused decision changed the verdict: %+v", a)
	}
	if r := cb.Post("/quan-tri/xac-minh/"+m[1], url.Values{"decision": {"khong-ro"}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "không rõ") {
		t.Fatalf("an unknown decision: %d", r.Status)
	}
	if q := cb.Get("/quan-tri/xac-minh"); !strings.Contains(q.Body, "84912777001") {
		t.Fatal("an unknown decision rejected the indicator")
	}
	if r := cb.Post("/quan-tri/xac-minh/"+m[1], url.Values{"decision": {"verify"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("Cao Bằng verifies: %d", r.Status)
	}
	e.App.Intel.Checker().Refresh(context.Background())
	if a := e.App.Intel.Checker().Check("0912777001"); a.Verdict != "scam" {
		t.Fatalf("after Cao Bằng's decision: %+v", a)
	}

	// A partner in Cao Bằng (Viettel Cao Bằng) reports without a province:
	// the report is Cao Bằng's.
	_, key, err := e.App.Auth.CreateAPIKey(access.With(context.Background(), access.System()), "cao-bang-viettel", "tổng đài", []string{"report"}, 100)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, e.Server.URL+"/api/v1/reports", strings.NewReader(`{"reports":[{"indicators":["0912 777 002"],"tactic":"fraud"}]}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("partner report: %d", resp.StatusCode)
	}
	if q := ag.Get("/quan-tri/xac-minh"); strings.Contains(q.Body, "84912777002") {
		t.Error("An Giang's queue shows a Cao Bằng partner's report")
	}
	if q := cb.Get("/quan-tri/xac-minh"); !strings.Contains(q.Body, "84912777002") {
		t.Error("Cao Bằng's queue lacks its partner's report")
	}
}
