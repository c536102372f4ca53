package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/qrscan/qrtest"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// On /tra-cuu a person photographs a QR code: a VietQR transfer code is
// checked as its bank account, a link as a link, a phone as a phone; a
// picture with no readable code is told so, with the tip, the form kept.
func TestCheckPage_PhotographedQRIsReadAndChecked(t *testing.T) {
	e := testutil.Start(t, "")
	sys := access.With(context.Background(), access.System())
	_, key, err := e.App.Auth.CreateAPIKey(sys, "cao-bang-vcb", "ngân hàng", []string{"report"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if code, body := e.API(t, http.MethodPost, "/api/v1/reports", key,
		`{"reports":[{"indicators":["VCB 0071001234567","https://vcb-hoantien.xyz/nhan-tien","0389 000 002"],"tactic":"fraud","province":"Cao Bằng"}]}`); code != 200 {
		t.Fatalf("partner report: %d %s", code, body)
	}
	if _, err := e.App.Intel.Checker().Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := e.NewClient(t)
	if r := c.Get("/tra-cuu"); !strings.Contains(r.Body, `accept="image/*" capture="environment"`) {
		t.Fatalf("no photograph field on /tra-cuu")
	}
	for _, tc := range []struct {
		name, content string
		want          []string
	}{
		{"VietQR", qrtest.VietQR("970436", "0071001234567"), []string{"CÓ TỐ GIÁC", "Mã QR chứa", "Vietcombank · 0071 001 234 567"}},
		{"link", "https://vcb-hoantien.xyz/nhan-tien", []string{"CÓ TỐ GIÁC", "vcb-hoantien.xyz/nhan-tien"}},
		{"phone", "tel:0389000002", []string{"CÓ TỐ GIÁC", "0389 000 002"}},
		{"unknown number", "tel:0389000123", []string{"Chưa có tố giác"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Post("/tra-cuu", url.Values{"@qr": {"anh.jpg|" + string(qrtest.JPEG(t, tc.content, qrtest.Hand))}})
			text := html.UnescapeString(r.Body)
			for _, w := range tc.want {
				if r.Status != 200 || !strings.Contains(text, w) {
					t.Errorf("status %d, no %q", r.Status, w)
				}
			}
		})
	}
	r := c.Post("/tra-cuu", url.Values{"q": {"0912 345 678"}, "@qr": {"anh.jpg|" + string(qrtest.Blank(t))}})
	text := html.UnescapeString(r.Body)
	if r.Status != 422 || !strings.Contains(text, "Không đọc được mã QR — hãy chụp thẳng, đủ sáng, mã nằm trọn trong khung") || !strings.Contains(text, `value="0912 345 678"`) {
		t.Errorf("no code: %d, want the tip and the typed text kept: %.2000s", r.Status, text)
	}
	if r := c.Post("/tra-cuu", url.Values{"@qr": {"ma.txt|không phải ảnh"}}); r.Status != 422 || !strings.Contains(html.UnescapeString(r.Body), "chỉ nhận") {
		t.Errorf("a text file: %d", r.Status)
	}
}
