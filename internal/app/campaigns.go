package app

import (
	"context"
	"errors"
	"net/url"
	"sync"
	"time"

	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/dispatch/smpp"
)

// runCampaigns is serve's share of Step 6: at start, messages left in
// flight by a previous run are held as unknown (never resent blindly);
// then, when a message centre is configured (CANHGIAC_SMPP_URL), every
// running campaign is sent by a runner, and receipts are applied as they
// come. Several instances may run it: they claim different messages.
func (a *App) runCampaigns(ctx context.Context) {
	st := dispatch.NewStore(a.DB, a.Clock)
	if n, err := st.Recover(ctx); err != nil {
		a.Log.Error("campaigns: recovery", "err", err)
	} else if n > 0 {
		a.Log.Warn("campaigns: messages in flight at the last stop are held as unknown", "messages", n)
	}
	if a.Config.SMPPURL == "" {
		return
	}
	u, err := url.Parse(a.Config.SMPPURL)
	if err != nil || u.User == nil {
		a.Log.Error("campaigns: CANHGIAC_SMPP_URL must be smpp://SYSTEM_ID:PASSWORD@HOST:PORT")
		return
	}
	pw, _ := u.User.Password()
	onReply := func(from, text string) {
		if !audience.IsOptOutReply(text) {
			a.Log.Info("SMS reply", "from", audience.Mask(from))
			return
		}
		if ok, err := a.Audience.OptOut(context.WithoutCancel(ctx), from); err != nil {
			a.Log.Error("opt-out by SMS", "err", err)
		} else if ok {
			a.Log.Info("opted out by SMS", "from", audience.Mask(from))
		}
	}
	sender, err := smpp.New(smpp.Config{Addr: u.Host, SystemID: u.User.Username(), Password: pw, Conns: 2, TPS: a.Config.SMPPTPS, Logger: a.Log, OnReply: onReply})
	if err != nil {
		a.Log.Error("campaigns: SMPP", "err", err)
		return
	}
	defer sender.Close()
	go st.Deliveries(ctx, sender.Receipts())
	var mu sync.Mutex
	var wg sync.WaitGroup // serve stops after the runners have recorded what they sent
	defer wg.Wait()
	running := map[int64]bool{}
	for {
		ids, err := st.Running(ctx)
		if err != nil && ctx.Err() == nil {
			a.Log.Error("campaigns", "err", err)
		}
		for _, id := range ids {
			mu.Lock()
			busy := running[id]
			running[id] = true
			mu.Unlock()
			if busy {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { mu.Lock(); delete(running, id); mu.Unlock() }()
				r := &dispatch.Runner{Store: st, Sender: sender, Log: a.Log, Fatal: func(err error) bool { return errors.Is(err, smpp.ErrAuth) }}
				if err := r.Run(ctx, id); err != nil && ctx.Err() == nil {
					a.Log.Error("campaign stopped", "campaign", id, "err", err)
				}
			}()
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(2 * time.Second):
		}
	}
}
