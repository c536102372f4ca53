package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

// What a new user pastes into /tra-cuu, tried over HTTP: a link a partner
// reported with www. found without it and by its bare domain, an account
// number typed alone, an old Hà Nội landline, a site dressed as a bank, a
// short link; each answer shows what was typed, the friendly form, the
// kind of scam, where and when it was last reported, and what to do.
func TestCheckPage_WhatPeoplePasteIsReadAndExplained(t *testing.T) {
	e := testutil.Start(t, "")
	sys := access.With(context.Background(), access.System())
	_, key, err := e.App.Auth.CreateAPIKey(sys, "cao-bang-vcb", "ngân hàng", []string{"report"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	code, body := e.API(t, http.MethodPost, "/api/v1/reports", key,
		`{"reports":[{"indicators":["https://www.vcb-hoantien.xyz/nhan-tien","VCB 0071001234567","024 3812 3456"],"tactic":"fraud","province":"Cao Bằng"}]}`)
	if code != 200 {
		t.Fatalf("partner report: %d %s", code, body)
	}
	if _, err := e.App.Intel.Checker().Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := e.NewClient(t)
	cases := []struct {
		q    string
		want []string
	}{
		{"vcb-hoantien.xyz/nhan-tien", []string{"CÓ TỐ GIÁC", "Bạn đã nhập", "vcb-hoantien.xyz/nhan-tien", "Bị tố giác từ", ", Cao Bằng</dd>", "Nên làm gì"}},
		{"vcb-hoantien.xyz", []string{"CÓ TỐ GIÁC", "Cả trang web này"}},
		{"0071001234567", []string{"CÓ TỐ GIÁC", "0071 001 234 567", "Số tài khoản bị tố giác tại", "Vietcombank · 0071 001 234 567"}},
		{"04 3812 3456", []string{"CÓ TỐ GIÁC", "Đọc là", "024 3812 3456"}},
		{"https://vietcombank-xacthuc.com/login", []string{"NGHI GIẢ MẠO Vietcombank", "Trang chính thức", "vietcombank.com.vn", "Không đăng nhập"}},
		{"bit.ly/qua-tang", []string{"Link rút gọn: không biết đích đến"}},
		{"0389 000 123", []string{"Chưa có tố giác", "Bạn đã nhập"}},
		{"VCB 0071 0012 34567", []string{"CÓ TỐ GIÁC", "Vietcombank · 0071 001 234 567"}},
	}
	for _, tc := range cases {
		p := c.Get("/tra-cuu?q=" + url.QueryEscape(tc.q))
		text := html.UnescapeString(p.Body)
		for _, w := range tc.want {
			if p.Status != http.StatusOK || !strings.Contains(text, w) {
				t.Errorf("/tra-cuu %q: status %d, no %q", tc.q, p.Status, w)
			}
		}
		if strings.Contains(text, "+842438123456") || strings.Contains(text, "970436:") {
			t.Errorf("/tra-cuu %q shows a machine form", tc.q)
		}
		if strings.Contains(text, "chưa rõ ngân hàng") && strings.Contains(text, "Vietcombank ·") {
			t.Errorf("/tra-cuu %q says the bank is unknown beside the bank it named", tc.q)
		}
	}
	// The look-alike answer offers no "wrongly flagged" request: no report
	// is behind it to remove.
	if p := c.Get("/tra-cuu?q=vietcombank-xacthuc.com"); strings.Contains(p.Body, "yeu-cau-go-canh-bao") {
		t.Error("a look-alike answer offers a removal request")
	}
}
