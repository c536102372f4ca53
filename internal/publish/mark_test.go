package publish

import (
	"strings"
	"testing"
	"time"
)

var testSecret = []byte("0123456789abcdef")

func TestCode_IsStableShortAndURLSafe(t *testing.T) {
	got := Code("canh-bao", 42, testSecret)
	if got != "F8DB9CY02P" {
		t.Errorf("Code = %q, want F8DB9CY02P (a code printed on a poster must never change)", got)
	}
	for id := range int64(200) {
		c := Code("canh-bao", id, testSecret)
		if len(c) != 10 || strings.Trim(c, crockford) != "" {
			t.Fatalf("Code(%d) = %q: want 10 characters of %s", id, c, crockford)
		}
		if !ValidCode(c) {
			t.Fatalf("ValidCode(Code(%d) = %q) = false", id, c)
		}
	}
}

func TestCode_DependsOnKindIDAndSecret(t *testing.T) {
	base := Code("canh-bao", 7, testSecret)
	for name, other := range map[string]string{
		"kind":   Code("cam-nang", 7, testSecret),
		"id":     Code("canh-bao", 8, testSecret),
		"secret": Code("canh-bao", 7, []byte("another-secret-key!")),
	} {
		if other == base {
			t.Errorf("changing the %s kept the code %q", name, base)
		}
	}
	// kind and id are kept apart, so "canh-bao1" + 7 is not "canh-bao" + 17.
	if Code("canh-bao", 17, testSecret) == Code("canh-bao1", 7, testSecret) {
		t.Error("kind and id run together")
	}
}

func TestCode_PanicsOnShortSecret(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Code with a 3-byte secret did not panic")
		}
	}()
	Code("canh-bao", 1, []byte("abc"))
}

func TestNormalizeCode_ForgivesHowPeopleType(t *testing.T) {
	code := "F8DB9CY02P"
	for _, typed := range []string{
		"F8DB9CY02P",
		"f8db9cy02p",
		"F8DB9-CY02P",
		" F8DB9 CY02P ",
		"F8DB9CYO2P", // O for 0
	} {
		got, ok := NormalizeCode(typed)
		if !ok || got != code {
			t.Errorf("NormalizeCode(%q) = %q, %v; want %q, true", typed, got, ok, code)
		}
	}
	// I and L read as 1.
	c := Code("canh-bao", 3, testSecret)
	for id := int64(0); !strings.Contains(c, "1"); id++ {
		c = Code("canh-bao", id, testSecret)
	}
	for _, look := range []string{"I", "i", "L", "l"} {
		if got, ok := NormalizeCode(strings.Replace(c, "1", look, 1)); !ok || got != c {
			t.Errorf("%q with 1 typed as %s: got %q, %v", c, look, got, ok)
		}
	}
}

func TestValidCode_RejectsMalformed(t *testing.T) {
	for _, s := range []string{"", "F8DB9CY02", "F8DB9CY02PP", "F8DB9CY02U", "F8DB9CY0?P", "F8DB9CY0ỞP", "F8DB9CY02Q"} {
		if ValidCode(s) {
			t.Errorf("ValidCode(%q) = true", s)
		}
	}
}

func TestValidCode_CatchesEverySingleTypo(t *testing.T) {
	for id := range int64(50) {
		c := Code("canh-bao", id, testSecret)
		for i := range len(c) {
			for _, r := range crockford {
				if byte(r) == c[i] {
					continue
				}
				typo := c[:i] + string(r) + c[i+1:]
				if ValidCode(typo) {
					t.Fatalf("typo %q of %q passes", typo, c)
				}
			}
		}
	}
}

func TestValidCode_CatchesSwappedNeighbours(t *testing.T) {
	// Luhn mod 32 misses one swap only: the pair "0" and "Z" (values 0 and
	// 31) – and of course swapping two equal characters.
	for id := range int64(500) {
		c := Code("canh-bao", id, testSecret)
		for i := range len(c) - 1 {
			a, b := c[i], c[i+1]
			if a == b || (a == '0' && b == 'Z') || (a == 'Z' && b == '0') {
				continue
			}
			swapped := c[:i] + string(b) + string(a) + c[i+2:]
			if ValidCode(swapped) {
				t.Fatalf("swap %q of %q passes", swapped, c)
			}
		}
	}
}

func TestCanonical_Layout(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	got := string(Canonical("  Cảnh báo lừa đảo  ", "\n\nDòng một   \r\nDòng hai\t\r\n\r\n", time.Date(2025, 7, 1, 9, 30, 15, 999, ict), "Công an tỉnh Nghệ An"))
	want := "canhgiac-canonical/1\n" +
		"issuer: Công an tỉnh Nghệ An\n" +
		"published: 2025-07-01T02:30:15Z\n" +
		"title: Cảnh báo lừa đảo\n" +
		"\n" +
		"Dòng một\n" +
		"Dòng hai\n"
	if got != want {
		t.Errorf("Canonical =\n%q\nwant\n%q", got, want)
	}
}

func TestCanonical_SameTextSameHash(t *testing.T) {
	at := time.Date(2025, 7, 1, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	base := Hash(Canonical("Cảnh báo", "Không chuyển tiền.\nGọi 113.", at, "PA05"))
	for name, h := range map[string]string{
		// "ả" and "á" as base letter plus combining marks (NFD).
		"decomposed": Hash(Canonical("Ca\u0309nh ba\u0301o", "Không chuyển tiền.\nGọi 113.", at, "PA05")),
		"crlf":       Hash(Canonical("Cảnh báo", "Không chuyển tiền.\r\nGọi 113.\r\n", at, "PA05")),
		"trailing":   Hash(Canonical("Cảnh báo ", "Không chuyển tiền.  \nGọi 113.\t\n\n", at, "PA05")),
		"utc":        Hash(Canonical("Cảnh báo", "Không chuyển tiền.\nGọi 113.", at.UTC(), "PA05")),
	} {
		if h != base {
			t.Errorf("%s: hash %s, want %s", name, h, base)
		}
	}
	for name, h := range map[string]string{
		"title":  Hash(Canonical("Cảnh bao", "Không chuyển tiền.\nGọi 113.", at, "PA05")),
		"body":   Hash(Canonical("Cảnh báo", "Không chuyển tiền.\nGọi 114.", at, "PA05")),
		"time":   Hash(Canonical("Cảnh báo", "Không chuyển tiền.\nGọi 113.", at.Add(time.Second), "PA05")),
		"issuer": Hash(Canonical("Cảnh báo", "Không chuyển tiền.\nGọi 113.", at, "PA06")),
		// A line break in the title cannot fake the body.
		"header": Hash(Canonical("Cảnh báo\n\nKhông chuyển tiền.", "Gọi 113.", at, "PA05")),
	} {
		if h == base {
			t.Errorf("changing the %s kept the hash", name)
		}
	}
}

func TestHash_IsLowerHexSHA256(t *testing.T) {
	// FIPS 180-2 test vector.
	if got := Hash([]byte("abc")); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("Hash(abc) = %s", got)
	}
}
