package app_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/dispatch/smpp/smpptest"
	"github.com/canhgiac/canhgiac/internal/seal"
)

// The crash test: the real server sends a 100,000-message campaign
// to the real test message centre, is killed with SIGKILL midway, is
// started again and finishes. Counted at the centre, every number got its
// message exactly once, except those the program lists as unknown (in
// flight at the kill: at most once).
func TestServe_SIGKILLMidCampaignLosesNothingAndSendsNothingTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the 100,000-message crash test takes about a minute")
	}
	const total = 100_000
	peer := smpptest.Start(t, smpptest.Options{ReceiptDelay: 50 * time.Millisecond})
	dir := t.TempDir()
	cfg := config.Default()
	cfg.DataDir = dir
	if _, err := seal.CreateFile(filepath.Join(dir, seal.FileName)); err != nil { // serve finds it in its data folder
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.Open(context.Background(), cfg, app.Options{Out: io.Discard, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	st := a.Campaigns
	rs := make([]dispatch.Recipient, total)
	for i := range rs {
		rs[i] = dispatch.Recipient{Row: i + 2, To: fmt.Sprintf("+849%08d", 30000000+i)}
	}
	c, err := st.Create(context.Background(), dispatch.Campaign{Name: "100.000 tin", Template: "Canh bao lua dao: khong chuyen tien cho nguoi la.", State: dispatch.StateRunning}, rs)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()

	bin := filepath.Join(t.TempDir(), "canhgiac")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/canhgiac/canhgiac/cmd/canhgiac").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	serve := func() *exec.Cmd {
		cmd := exec.Command(bin, "serve", "--data", dir, "--addr", "127.0.0.1:0", "--log-level", "warn")
		cmd.Env = append(os.Environ(), "CANHGIAC_SMPP_URL=smpp://"+peer.SystemID+":"+peer.Password+"@"+peer.Addr)
		out, _ := cmd.StdoutPipe()
		cmd.Stderr = io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go io.Copy(io.Discard, bufio.NewReader(out))
		return cmd
	}
	first := serve()
	peer.WaitCounts(2*time.Minute, func(c smpptest.Counts) bool { return c.Submits >= total/3 })
	first.Process.Signal(syscall.SIGKILL)
	first.Wait()
	killedAt := peer.Counts().Submits
	if killedAt >= total {
		t.Fatalf("the campaign finished before the kill (%d submits): nothing was tested", killedAt)
	}

	second := serve()
	defer func() { second.Process.Signal(syscall.SIGTERM); second.Wait() }()
	deadline := time.Now().Add(3 * time.Minute)
	var n dispatch.Counts
	for {
		b, err := app.Open(context.Background(), withMigrateNo(cfg), app.Options{Out: io.Discard, Logger: quiet})
		if err == nil {
			n, _ = b.Campaigns.Counts(context.Background(), c.ID)
			b.Close()
		}
		if n.Finished() && n.Total == total {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the campaign did not finish after the restart: %+v", n)
		}
		time.Sleep(time.Second)
	}
	b, err := app.Open(context.Background(), withMigrateNo(cfg), app.Options{Out: io.Discard, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	unknown, _ := b.Campaigns.Unknown(context.Background(), c.ID)
	b.Close()
	held := map[string]bool{}
	for _, u := range unknown {
		held[strings.TrimPrefix(u, "+")] = true
	}
	got := peer.Counts()
	twice, missing := 0, 0
	for _, r := range rs {
		d := strings.TrimPrefix(r.To, "+")
		switch k := got.PerDest[d]; {
		case held[d] && k <= 1:
		case k == 1:
		case k == 0:
			missing++
		default:
			twice++
		}
	}
	t.Logf("killed after %d submits; %d held as unknown; %+v", killedAt, len(unknown), n)
	if twice > 0 || missing > 0 {
		t.Fatalf("%d numbers got the message more than once, %d never (and not listed as unknown)", twice, missing)
	}
	if n.Unknown != len(unknown) || n.Unknown > 2000 {
		t.Fatalf("unknown: %d listed, counts %+v", len(unknown), n)
	}
}

// withMigrateNo opens the database of a running server without touching
// its schema.
func withMigrateNo(cfg config.Config) config.Config {
	cfg.Migrate = "no"
	return cfg
}
