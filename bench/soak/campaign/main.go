// Command campaign starts an SMS campaign for the soak test: it opens the
// program's database (as `canhgiac serve` would, the key from the data
// folder), and stores a campaign already approved and running, with N
// synthetic recipients at a given rate, so the running server's campaign
// runner sends it through the demonstration's simulated message centre
// while the soak load goes on. It prints the campaign's number; with
// -status N, that campaign's counts.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/dispatch"
)

func main() {
	data := flag.String("data", "./data", "data folder")
	db := flag.String("db", "", "postgres://… (empty: the SQLite file in the data folder)")
	n := flag.Int("n", 36000, "recipients")
	tps := flag.Int("tps", 20, "messages a second")
	status := flag.Int64("status", 0, "print this campaign's counts instead of starting one")
	flag.Parse()

	cfg := config.Default()
	cfg.DataDir, cfg.DB = *data, *db
	ctx := context.Background()
	a, err := app.Open(ctx, cfg, app.Options{Out: io.Discard, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()
	if *status != 0 {
		c, err := a.Campaigns.Counts(ctx, *status)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("total=%d sent=%d queued=%d sending=%d failed=%d unknown=%d skipped=%d\n",
			c.Total, c.Sent(), c.Queued, c.Sending, c.Failed, c.Unknown, c.Skipped)
		return
	}
	rs := make([]dispatch.Recipient, *n)
	for i := range rs {
		rs[i] = dispatch.Recipient{To: fmt.Sprintf("+8491%07d", 3_000_000+i), Vars: map[string]string{"ten": fmt.Sprintf("Người nhận %d", i)}}
	}
	sys := access.With(ctx, access.System())
	c, err := a.Campaigns.Create(sys, dispatch.Campaign{
		Name:     "Soak: cảnh báo lừa đảo",
		Template: "{ten}: Canh giac cuoc goi gia danh cong an, khong chuyen tien cho nguoi la.",
		State:    dispatch.StateRunning, TPS: *tps,
		QuietStart: 0, QuietEnd: 0, // no quiet hours: the soak runs at any time of day
		DailyCap: 1000,
	}, rs)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.ID)
}
