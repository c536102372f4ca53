package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/dispatch/zalo/zalotest"
	"github.com/canhgiac/canhgiac/internal/qrscan/qrtest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// A person writes to the Zalo Official Account a number, a link, or sends
// a photograph of a QR code: the signed event reaches our webhook and the
// answer comes back as an OA message (through the fake that follows the
// published API). Not a check gets the help line once; an unreadable
// picture gets the tip; a flood is answered up to the day's limit.
func TestCheckByZalo_MessagesAndQRPhotosAreAnswered(t *testing.T) {
	fake := zalotest.Start(t)
	e := testutil.StartWith(t, "", func(c *config.Config) {
		c.ZaloToken, c.ZaloOAAPI, c.ZaloZNSAPI, c.ZaloTemplate, c.ZaloAppID, c.ZaloSecret = fake.Token(), fake.URL(), fake.URL(), fake.TemplateID(), fake.AppID(), fake.SecretKey()
		c.CheckMessagesPerDay = 3
	})
	fake.SetWebhook(e.Server.URL + "/api/v1/zalo/events")
	sys := access.With(context.Background(), access.System())
	_, key, err := e.App.Auth.CreateAPIKey(sys, "cao-bang-vcb", "ngân hàng", []string{"report"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if code, body := e.API(t, http.MethodPost, "/api/v1/reports", key, `{"reports":[{"indicators":["0389 000 002","VCB 0071001234567"],"tactic":"fraud","province":"Cao Bằng"}]}`); code != 200 {
		t.Fatalf("partner report: %d %s", code, body)
	}
	if _, err := e.App.Intel.Checker().Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	pictures := map[string][]byte{"/vietqr.jpg": qrtest.JPEG(t, qrtest.VietQR("970436", "0071001234567"), qrtest.Hand), "/trang.jpg": qrtest.Blank(t)}
	cdn := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(pictures[r.URL.Path]) }))
	defer cdn.Close()

	answers := func(user string, n int) []string {
		t.Helper()
		var out []string
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			out = out[:0]
			for _, m := range fake.Messages() {
				if m.UserID == user {
					out = append(out, m.Text)
				}
			}
			if len(out) >= n || time.Now().After(deadline) {
				return out
			}
		}
	}
	for _, tc := range []struct {
		name, user, text, image, want string
	}{
		{"a number without KT", "4242000001", "0389 000 002", "", "Canh Giac: 0389 000 002 CO TO GIAC, NGHI LUA DAO"},
		{"a VietQR photograph", "4242000002", "", "/vietqr.jpg", "Vietcombank - 0071 001 234 567 CO TO GIAC"},
		{"an unreadable photograph", "4242000003", "", "/trang.jpg", "khong doc duoc ma QR"},
		{"not a check", "4242000004", "xin chào", "", "nhan KT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var images []string
			if tc.image != "" {
				images = []string{cdn.URL + tc.image}
			}
			if st := fake.UserWrites(tc.user, tc.text, images...); st != 200 {
				t.Fatalf("webhook: %d", st)
			}
			got := answers(tc.user, 1)
			if len(got) != 1 || !strings.Contains(got[0], tc.want) {
				t.Errorf("answers %q, want one with %q", got, tc.want)
			}
		})
	}
	fake.UserWrites("4242000004", "alo")
	for range 4 {
		fake.UserWrites("4242000001", "KT 0389000002")
	}
	time.Sleep(time.Second)
	if got := answers("4242000004", 2); len(got) != 1 {
		t.Errorf("the help line came %d times", len(got))
	}
	if got := answers("4242000001", 4); len(got) != 3 {
		t.Errorf("a flood of 5 checks got %d answers, want 3", len(got))
	}
}
