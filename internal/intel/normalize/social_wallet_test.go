package normalize

import (
	"strings"
	"testing"
)

func TestSocialCollapsesSpellingsToOneKey(t *testing.T) {
	cases := []struct{ in, want string }{
		{"https://www.facebook.com/Profile.ID", "facebook:profile.id"},
		{"facebook.com/profile.id/", "facebook:profile.id"},
		{"m.facebook.com/profile.id?ref=bookmarks", "facebook:profile.id"},
		{"fb.com/profile.id", "facebook:profile.id"},
		{"https://web.facebook.com/profile.php?id=100012345678901&sk=about", "facebook:100012345678901"},
		{"https://www.facebook.com/people/Nguyen-Van-A/100012345678901/", "facebook:100012345678901"},
		{"facebook.com/groups/LuaDaoOnline", "facebook:groups/luadaoonline"},
		{"https://www.facebook.com/share/1AbCdEf/", "facebook:share/1AbCdEf"},
		{"facebook:profile.id", "facebook:profile.id"},
		{"fb:Profile.ID", "facebook:profile.id"},
		{"zalo.me/0912345678", "zalo:+84912345678"},
		{"https://zalo.me/84912345678", "zalo:+84912345678"},
		{"zalo:0912 345 678", "zalo:+84912345678"},
		{"zalo.me/g/abcXYZ123", "zalo:g/abcXYZ123"},
		{"https://www.tiktok.com/@Scam.Shop_01?lang=vi", "tiktok:scam.shop_01"},
		{"tiktok:@scam.shop_01", "tiktok:scam.shop_01"},
		{"t.me/Lua_Dao_Bot", "telegram:lua_dao_bot"},
		{"https://telegram.me/lua_dao_bot", "telegram:lua_dao_bot"},
		{"@Lua_Dao_Bot", "telegram:lua_dao_bot"},
		{"tg:lua_dao_bot", "telegram:lua_dao_bot"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			r := Social(c.in)
			if r.Kind != KindSocial || r.Normalized != c.want {
				t.Fatalf("Social(%q) = %+v, want %q", c.in, r, c.want)
			}
			if d := Detect(c.in); d.Normalized != c.want {
				t.Fatalf("Detect(%q) = %+v, want %q", c.in, d, c.want)
			}
			if again := Social(r.Normalized); again.Normalized != r.Normalized {
				t.Fatalf("not idempotent: %q -> %q", r.Normalized, again.Normalized)
			}
		})
	}
}

func TestSocialRejects(t *testing.T) {
	for _, in := range []string{"facebook.com/", "https://www.facebook.com/profile.php", "tiktok.com/", "t.me/", "@", "example.com/x", "facebook:<script>"} {
		if r := Social(in); r.Kind != KindInvalid || r.Reason == "" {
			t.Errorf("Social(%q) = %+v, want invalid", in, r)
		}
	}
}

func TestWalletVerifiesChecksums(t *testing.T) {
	cases := []struct{ in, want string }{
		// EIP-55 examples from the EIP itself.
		{"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "eth:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"},
		{"0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "eth:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359"},
		{"0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "eth:0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb"},
		{"0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", "eth:0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb"},
		{"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "eth:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"},
		// Bitcoin: genesis P2PKH, wiki P2SH example, BIP 173/350 segwit.
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "btc:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
		{"3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "btc:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"},
		{"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "btc:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"},
		{"BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ", "btc:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"},
		{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "btc:bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"},
		// TRON: the USDT contract address.
		{"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			r := Wallet(c.in)
			if c.want == "" {
				if r.Kind != KindInvalid {
					t.Fatalf("Wallet(%q) = %+v, want invalid", c.in, r)
				}
				return
			}
			if r.Kind != KindWallet || r.Normalized != c.want {
				t.Fatalf("Wallet(%q) = %+v, want %q", c.in, r, c.want)
			}
			if d := Detect(c.in); d.Normalized != c.want {
				t.Fatalf("Detect(%q) = %+v", c.in, d)
			}
			if again := Wallet(r.Normalized); again.Normalized != r.Normalized {
				t.Fatalf("not idempotent: %q -> %q", r.Normalized, again.Normalized)
			}
		})
	}
}

func TestWalletRejectsTypos(t *testing.T) {
	for _, in := range []string{
		"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", // one case flipped
		"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae",  // 39 hex
		"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",         // last char changed
		"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u",         // last char changed
		"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp", // last char changed
		"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mDQ", // mixed case
		"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0",         // '0' not base58
	} {
		if r := Wallet(in); r.Kind != KindInvalid || !strings.Contains(r.Reason, "ví") {
			t.Errorf("Wallet(%q) = %+v, want invalid", in, r)
		}
	}
}

func TestDetectRoutesByShape(t *testing.T) {
	cases := []struct {
		in   string
		kind Kind
		want string
	}{
		{"0912.345.678", KindPhone, "+84912345678"},
		{"+84 912 345 678", KindPhone, "+84912345678"},
		{"tel:1900 1234", KindPhone, "+8419001234"},
		{"VCB 0011004455667", KindBank, "970436:0011004455667"},
		{"Vietcombank: 0011 0044 55667", KindBank, "970436:0011004455667"},
		{"970436:0011004455667", KindBank, "970436:0011004455667"},
		{"Techcombank 19031234567890", KindBank, "970407:19031234567890"},
		{"example.vn", KindURL, "http://example.vn/"},
		{"https://vietcombank-xacthuc.com/login", KindURL, "https://vietcombank-xacthuc.com/login"},
		{"bộcôngan.vn/tra-cuu", KindURL, "http://xn--bcngan-jxa6332d.vn/tra-cuu"},
		{"http://1.2.3.4/", KindURL, "http://1.2.3.4/"},
		{"1.2.3.4/x", KindURL, "http://1.2.3.4/x"},
		{"fb.com/profile.id", KindSocial, "facebook:profile.id"},
		{"@scam_bot", KindSocial, "telegram:scam_bot"},
		{"zalo:0912345678", KindSocial, "zalo:+84912345678"},
		{"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", KindWallet, "eth:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"},
		{"0912 34", KindInvalid, ""},
		{"Nguyễn Văn A", KindInvalid, ""},
		{"", KindInvalid, ""},
		{"XYZ 0011004455667", KindInvalid, ""},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			r := Detect(c.in)
			if r.Kind != c.kind || r.Normalized != c.want {
				t.Fatalf("Detect(%q) = %+v, want %s %q", c.in, r, c.kind, c.want)
			}
			if r.Kind == KindInvalid && r.Reason == "" {
				t.Fatalf("invalid without reason")
			}
			if r.Kind != KindInvalid {
				if again := Detect(r.Normalized); again.Normalized != r.Normalized || again.Kind != r.Kind {
					t.Fatalf("Detect not idempotent: %q -> %+v", r.Normalized, again)
				}
			}
		})
	}
}

func TestDetectPhoneReasonMentionsDigits(t *testing.T) {
	r := Detect("0912 34")
	if want := `"0912 34" không phải số điện thoại hợp lệ (thiếu chữ số)`; r.Reason != want {
		t.Fatalf("reason = %q, want %q", r.Reason, want)
	}
}

func FuzzDetect(f *testing.F) {
	for _, s := range []string{"VCB 0011004455667", "fb.com/a.b", "@x_bot", "zalo.me/0912345678", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
		"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "example.vn/a", "0912.345.678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		r := Detect(in)
		// The check service trusts FastPhone before Detect: they must agree.
		if v, ok := FastPhone(in); ok && (r.Kind != KindPhone || r.Phone != v) {
			t.Fatalf("FastPhone(%q) = %d but Detect says %s %q", in, v, r.Kind, r.Normalized)
		}
		if r.Kind == KindInvalid {
			if r.Reason == "" {
				t.Fatalf("invalid without reason for %q", in)
			}
			return
		}
		if again := Detect(r.Normalized); again.Normalized != r.Normalized || again.Kind != r.Kind {
			t.Fatalf("not idempotent: %q -> %s %q -> %+v", in, r.Kind, r.Normalized, again)
		}
	})
}
