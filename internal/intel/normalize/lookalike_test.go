package normalize

import "testing"

func testBrands() *Brands {
	return NewBrands([]BrandSource{
		{Owner: "Cơ quan nhà nước (mọi tên miền .gov.vn)", Domain: "gov.vn"},
		{Owner: "Vietcombank", Domain: "vietcombank.com.vn"},
		{Owner: "BIDV", Domain: "bidv.com.vn"},
		{Owner: "Techcombank", Domain: "techcombank.com.vn"},
		{Owner: "MB", Domain: "mbbank.com.vn"},
		{Owner: "ACB", Domain: "acb.com.vn"},
		{Owner: "Viettel", Domain: "viettel.vn"},
		{Owner: "Cổng Dịch vụ công quốc gia", Domain: "dichvucong.gov.vn"},
		{Owner: "Google", Domain: "google.com", OfficialOnly: true},
	})
}

func TestLookalike_NamesTheImitatedBrand(t *testing.T) {
	bs := testBrands()
	cases := []struct{ name, host, want string }{
		{"hyphen trick", "vietcombank-xacthuc.com", "Vietcombank"},
		{"extra words joined", "vietcombankonline.com", "Vietcombank"},
		{"official name as a subdomain", "vietcombank.com.vn.xacthuc.xyz", "Vietcombank"},
		{"Cyrillic o", "vietcоmbank.com", "Vietcombank"},
		{"Cyrillic o in punycode", "xn--vietcmbank-ivi.com", "Vietcombank"},
		{"digit zero for o", "vietc0mbank.net", "Vietcombank"},
		{"one typo", "vietcombnk.com", "Vietcombank"},
		{"two typos on a long name", "vietconbamk.com", "Vietcombank"},
		{"typo with extra word", "techcombnk-hotro.vn", "Techcombank"},
		{"short name as a word", "acb-online.net", "ACB"},
		{"owner's short name as a word", "mb-xacthuc.com", "MB"},
		{"label of the official domain", "mbbank-hotro.com", "MB"},
		{"public service", "dichvucong-gov.com", "Cổng Dịch vụ công quốc gia"},
		{"carrier typo", "vietel.com.vn", "Viettel"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := bs.Lookalike(c.host)
			if b == nil || b.Name != c.want {
				t.Fatalf("Lookalike(%q) = %v, want %s", c.host, b, c.want)
			}
		})
	}
}

func TestLookalike_OfficialAndUnrelatedHostsDoNotMatch(t *testing.T) {
	bs := testBrands()
	for _, host := range []string{
		"vietcombank.com.vn", "www.vietcombank.com.vn", "ib.vietcombank.com.vn",
		"dichvucong.gov.vn", "bocongan.gov.vn", "mbbank.com.vn",
		"acbonline.net",   // a short name hides in a word only by chance
		"acd.vn", "mc.vn", // short names take no typos
		"vnexpress.net", "shopee.vn", "google.com",
		"vcb-hoantien.xyz", // reported or not, not a look-alike of a name in the list
		"192.168.1.1",
		// The brand's own name under another suffix is the brand's
		// (registered to keep it from others), not a disguise.
		"vietcombank.com", "viettel.com.vn",
		// An owner kept official only (a global platform with many
		// domains of its own) is no brand to imitate.
		"googleusercontent.com", "google-search.vn",
	} {
		if b := bs.Lookalike(host); b != nil {
			t.Errorf("Lookalike(%q) = %s, want none", host, b.Name)
		}
	}
}

func TestDisplay_FriendlyForms(t *testing.T) {
	cases := []struct{ name, got, want string }{
		{"mobile", DisplayPhone(84389000000), "0389 000 000"},
		{"Hà Nội landline", DisplayPhone(842438123456), "024 3812 3456"},
		{"provincial landline", DisplayPhone(842063852123), "0206 3852 123"},
		{"1900 short", DisplayPhone(8419001234), "1900 1234"},
		{"foreign", DisplayPhone(442079460018), "+442079460018"},
		{"bank", DisplayBank("970436:9999000005"), "Vietcombank · 9999 000 005"},
		{"long account", GroupDigits("0071001234567"), "0071 001 234 567"},
		{"bare host", DisplayURL("http://vcb-hoantien.xyz/"), "vcb-hoantien.xyz"},
		{"path", DisplayURL("https://vcb-hoantien.xyz/nhan-tien"), "vcb-hoantien.xyz/nhan-tien"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.name, c.got, c.want)
		}
	}
}
