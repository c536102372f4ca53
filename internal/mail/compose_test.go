package mail

import (
	"strings"
	"testing"
	"time"
)

// The message on the wire is 7-bit ASCII with CRLF line ends and short
// lines, whatever the Vietnamese in it: old relays mangle anything else.
func TestComposeIsSevenBitWithShortLines(t *testing.T) {
	long := strings.Repeat("Sở Nông nghiệp và Môi trường tỉnh Cao Bằng; ", 6)
	c, err := compose("Cảnh Giác <canhgiac@congan.gov.vn>", Message{
		To:      []string{"Văn phòng Ủy ban nhân dân tỉnh Cao Bằng <vp@caobang.gov.vn>", "Sở Nội vụ <snv@caobang.gov.vn>", "x@caobang.gov.vn"},
		Subject: "Nhắc hạn\r\nbáo cáo: " + long,
		Text:    "Dòng một\nDòng hai\r\n" + long + "\n",
		Headers: map[string]string{"X-Ghi-Chu": long},
	}, time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	data := string(c.data)
	for i := 0; i < len(data); i++ {
		if data[i] > '~' || (data[i] < ' ' && data[i] != '\r' && data[i] != '\n' && data[i] != '\t') {
			t.Fatalf("byte %#x at %d is not 7-bit text", data[i], i)
		}
	}
	if strings.Contains(strings.ReplaceAll(data, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(data, "\r\n", ""), "\r") {
		t.Fatal("a line end that is not CRLF")
	}
	for _, line := range strings.Split(data, "\r\n") {
		// Longer only as "Name: word", where there is no space to break at.
		if f := strings.Fields(line); len(line) > 78 && !(len(f) == 2 && strings.HasSuffix(f[0], ":")) {
			t.Errorf("line of %d characters: %s", len(line), line)
		}
	}
	head, _, _ := strings.Cut(data, "\r\n\r\n")
	for _, want := range []string{"Date: Sun, 01 Jun 2025 08:00:00 +0000\r\n", "Subject: =?utf-8?b?", "To: =?utf-8?b?"} {
		if !strings.Contains(head, want) {
			t.Errorf("headers lack %q:\n%s", want, head)
		}
	}
	if strings.Join(c.rcpt, " ") != "vp@caobang.gov.vn snv@caobang.gov.vn x@caobang.gov.vn" || c.from != "canhgiac@congan.gov.vn" {
		t.Errorf("envelope %s → %v", c.from, c.rcpt)
	}
}

func TestComposeRefusesUnsafeHeaders(t *testing.T) {
	for name, h := range map[string]map[string]string{
		"line break in value": {"X-A": "a\r\nBcc: evil@example.com"},
		"replaces From":       {"from": "evil@example.com"},
		"replaces type":       {"Content-Type": "text/html"},
		"colon in name":       {"X-A:b": "c"},
		"empty name":          {"": "c"},
	} {
		if _, err := compose("a@b.vn", Message{To: []string{"c@d.vn"}, Headers: h}, time.Now()); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Subject: ngắn", "Subject: ngắn\r\n"},
		{"To: " + strings.Repeat("abcdefghij@k.vn, ", 6), "To: abcdefghij@k.vn, abcdefghij@k.vn, abcdefghij@k.vn, abcdefghij@k.vn,\r\n abcdefghij@k.vn, abcdefghij@k.vn, \r\n"},
	} {
		if got := fold(c.in); got != c.want {
			t.Errorf("fold(%q) =\n%q\nwant\n%q", c.in, got, c.want)
		}
	}
}
