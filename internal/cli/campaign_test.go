package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/dispatch/smpp/smpptest"
	"github.com/canhgiac/canhgiac/internal/seal"
	"github.com/canhgiac/canhgiac/internal/sms"
)

// campaign send, as the issue describes it, against the real test message
// centre: bad rows listed by number, every good row sent exactly once, the
// receipts counted in the last line.
func TestCampaignSend_ThroughARealMessageCentre(t *testing.T) {
	peer := smpptest.Start(t, smpptest.Options{SystemID: "canhgiac", Password: "bimat"})
	data := t.TempDir()
	if _, err := seal.CreateFile(filepath.Join(data, seal.FileName)); err != nil { // messages are sealed at rest
		t.Fatal(err)
	}
	csv := filepath.Join(t.TempDir(), "nguoi-nhan.csv")
	var b strings.Builder
	b.WriteString("phone,ten\n")
	for i := range 300 {
		fmt.Fprintf(&b, "09%08d,Bạn %d\n", 10000000+i, i)
	}
	b.WriteString("0912 34,Sai số\n")   // row 302
	b.WriteString("0987654321,\n")      // row 303: {ten} missing
	b.WriteString("0910000000,Trùng\n") // row 304: duplicate of row 2
	os.WriteFile(csv, []byte(b.String()), 0o644)
	code, out, errOut := run(t, "", "campaign", "send", "--data", data, "--smpp", "smpp://canhgiac:bimat@"+peer.Addr, "--tps", "200",
		"--text", "Chào {ten}: công an không gọi điện bắt chuyển tiền. Gặp nghi ngờ, gọi 113.", "--to", csv, "--wait", "20s")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"dòng 302:", "dòng 303: thiếu giá trị cho {ten}", "dòng 304: trùng người nhận với dòng 2"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	last := regexp.MustCompile(`sent=(\d+) delivered=(\d+) failed=(\d+) unknown=(\d+)\n$`).FindStringSubmatch(out)
	if last == nil || last[1] != "300" || last[2] != "300" || last[3] != "0" || last[4] != "0" {
		t.Fatalf("last line: %q\n%s", last, out)
	}
	c := peer.WaitCounts(5*time.Second, func(c smpptest.Counts) bool { return c.Submits >= 300 })
	if len(c.PerDest) != 300 {
		t.Fatalf("the centre saw %d numbers", len(c.PerDest))
	}
	// Each message is one submit per part (this Vietnamese text is UCS-2 in
	// two parts): so each number must show exactly its parts, once.
	for i := range 300 {
		text := fmt.Sprintf("Chào Bạn %d: công an không gọi điện bắt chuyển tiền. Gặp nghi ngờ, gọi 113.", i)
		dest := fmt.Sprintf("849%08d", 10000000+i)[:11]
		if n, want := c.PerDest[dest], sms.Analyze(text).Parts; n != want {
			t.Errorf("%s received %d submits, want %d (one message of %d parts)", dest, n, want, want)
		}
	}
	// Wrong credentials: one clear message, no retry storm.
	code, _, errOut = run(t, "", "campaign", "send", "--data", data, "--smpp", "smpp://canhgiac:sai@"+peer.Addr, "--text", "x", "--to", csv)
	if code == 0 || !strings.Contains(errOut, "sai system_id hoặc mật khẩu") || strings.Contains(errOut, "bimat") {
		t.Fatalf("wrong password: %d %s", code, errOut)
	}
	if c := peer.Counts(); c.BindFailures > 2 {
		t.Fatalf("%d refused binds: a retry storm", c.BindFailures)
	}
}
