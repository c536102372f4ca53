package normalize

import (
	"fmt"
	"strings"
	"testing"
)

func TestBankMatchesNamesShortNamesAndBINs(t *testing.T) {
	cases := []struct{ bank, acc, want string }{
		{"VCB", "0011004455667", "970436:0011004455667"},
		{"vietcombank", "0011 0044 55667", "970436:0011004455667"},
		{"Ngân hàng TMCP Ngoại thương Việt Nam", "0011-0044-55667", "970436:0011004455667"},
		{"970436", "0011004455667", "970436:0011004455667"},
		{"Viettinbank", "123456", ""}, // misspelt: must not match anything
		{"VietinBank", "123456", "970415:123456"},
		{"ICB", "123456", "970415:123456"},
		{"CTG", "123456", "970415:123456"},
		{"MB Bank", "0912345678", "970422:0912345678"},
		{"Quân Đội", "0912345678", "970422:0912345678"},
		{"NGÂN HÀNG Á CHÂU", "12345678", "970416:12345678"},
		{"Bắc Á", "12345678", "970409:12345678"},
		{"nh agribank", "12345678", "970405:12345678"},
		{"LienVietPostBank", "12345678", "970449:12345678"},
		{"Timo", "12345678", "963388:12345678"},
	}
	for _, c := range cases {
		t.Run(c.bank, func(t *testing.T) {
			r := Bank(c.bank, c.acc)
			if c.want == "" {
				if r.Kind != KindInvalid || !strings.Contains(r.Reason, "VCB") {
					t.Fatalf("Bank(%q) = %+v, want invalid with how-to", c.bank, r)
				}
				return
			}
			if r.Kind != KindBank || r.Normalized != c.want {
				t.Fatalf("Bank(%q, %q) = %+v, want %q", c.bank, c.acc, r, c.want)
			}
		})
	}
}

func TestBankRejectsBadAccounts(t *testing.T) {
	for _, acc := range []string{"", "12345", "12345678901234567890", "0011abc", "１２３４５６"} {
		r := Bank("VCB", acc)
		if r.Kind != KindInvalid || !strings.Contains(r.Reason, "6 đến 19") {
			t.Errorf("Bank(VCB, %q) = %+v, want invalid account", acc, r)
		}
	}
}

func TestBankTableHasNoAmbiguousKeys(t *testing.T) {
	seen := map[string]string{}
	for _, b := range banks {
		keys := []string{b.BIN, bankKey(b.Name)}
		for _, a := range b.Aliases {
			keys = append(keys, bankKey(a))
		}
		for _, k := range keys {
			if other, ok := seen[k]; ok && other != b.BIN {
				t.Errorf("key %q maps to both %s and %s", k, other, b.BIN)
			}
			seen[k] = b.BIN
		}
		if BankName(b.BIN) != b.Name {
			t.Errorf("BankName(%s) = %q", b.BIN, BankName(b.BIN))
		}
	}
}

// field renders one EMVCo TLV field.
func field(id, val string) string { return fmt.Sprintf("%s%02d%s", id, len(val), val) }

// buildVietQR assembles a payload the way banking apps do and seals it with
// its CRC, so tests do not depend on a captured real customer's QR.
func buildVietQR(bin, account string) string {
	beneficiary := field("00", bin) + field("01", account)
	merchant := field("00", vietQRGUID) + field("01", beneficiary) + field("02", "QRIBFTTA")
	body := field("00", "01") + field("01", "12") + field("38", merchant) +
		field("53", "704") + field("54", "50000") + field("58", "VN") +
		field("62", field("08", "CHUYEN TIEN")) + "6304"
	return body + fmt.Sprintf("%04X", crc16CCITTFalse(body))
}

func TestCRC16CCITTFalseCheckValue(t *testing.T) {
	// The catalogued check value of CRC-16/CCITT-FALSE.
	if got := crc16CCITTFalse("123456789"); got != 0x29B1 {
		t.Fatalf("crc = %04X, want 29B1", got)
	}
}

func TestVietQRDecodesBeneficiary(t *testing.T) {
	p := buildVietQR("970436", "0011004455667")
	r := VietQR(p)
	if r.Kind != KindBank || r.Normalized != "970436:0011004455667" {
		t.Fatalf("VietQR(%q) = %+v", p, r)
	}
	// Lower-case CRC hex is accepted too.
	lower := p[:len(p)-4] + strings.ToLower(p[len(p)-4:])
	if r := VietQR(lower); r.Kind != KindBank {
		t.Fatalf("lower-case CRC rejected: %+v", r)
	}
	if r := Detect(p); r.Normalized != "970436:0011004455667" {
		t.Fatalf("Detect did not route VietQR: %+v", r)
	}
}

func TestVietQRRejectsCorruptedPayloads(t *testing.T) {
	p := buildVietQR("970436", "0011004455667")
	flipped := strings.Replace(p, "0011004455667", "0011004455668", 1)
	cases := map[string]string{
		"one digit of the account changed": flipped,
		"CRC missing":                      p[:len(p)-8],
		"CRC truncated":                    p[:len(p)-1],
		"bytes after CRC":                  p + "00",
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			if r := VietQR(in); r.Kind != KindInvalid || r.Reason != qrBadCRC {
				t.Fatalf("VietQR = %+v, want %q", r, qrBadCRC)
			}
		})
	}
	if r := VietQR("hello"); r.Kind != KindInvalid {
		t.Fatalf("non-QR accepted: %+v", r)
	}
}

func TestVietQRUnknownBankIsInvalid(t *testing.T) {
	if r := VietQR(buildVietQR("999999", "0011004455667")); r.Kind != KindInvalid {
		t.Fatalf("unknown BIN accepted: %+v", r)
	}
}

func FuzzVietQR(f *testing.F) {
	f.Add(buildVietQR("970436", "0011004455667"))
	f.Add(buildVietQR("970422", "0912345678"))
	f.Add("000201010211")
	f.Fuzz(func(t *testing.T, in string) {
		r := VietQR(in)
		if r.Kind == KindInvalid {
			if r.Reason == "" {
				t.Fatalf("invalid without reason for %q", in)
			}
			return
		}
		if again := Detect(r.Normalized); again.Normalized != r.Normalized {
			t.Fatalf("not idempotent: %q -> %q -> %+v", in, r.Normalized, again)
		}
	})
}
