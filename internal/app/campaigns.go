package app

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/dispatch/email"
	"github.com/canhgiac/canhgiac/internal/dispatch/smpp"
	"github.com/canhgiac/canhgiac/internal/dispatch/webhook"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
)

// channel is one configured way of sending: a sender for a campaign (the
// e-mail sender carries the campaign's subject), and which of its errors
// mean a person must act (wrong credentials) rather than a retry.
type channel struct {
	sender func(c *dispatch.Campaign) dispatch.Sender
	fatal  func(error) bool
}

// readyChannels says which campaign channels the configuration allows,
// for the console (before serve has connected anything).
// In the demonstration without a message centre, SMS goes to the
// simulated one.
func readyChannels(cfg config.Config) map[string]bool {
	return map[string]bool{"sms": cfg.SMPPURL != "" || cfg.Demo, "email": cfg.SMTPAddr != "", "zalo": cfg.ZaloToken != "", "webhook": cfg.WebhookURL != ""}
}

// zaloChannel is the Zalo sender with its delivery receipts, which Zalo
// posts to our webhook.
type zaloChannel struct {
	sender   dispatch.Sender
	fatal    func(error) bool
	receipts <-chan dispatch.Receipt
}

// httpChannels are the channels that need no connection kept open.
func (a *App) httpChannels() map[string]channel {
	out := map[string]channel{}
	cfg := a.Config
	if a.mailer != nil {
		m := a.mailer
		out["email"] = channel{sender: func(c *dispatch.Campaign) dispatch.Sender {
			return dispatch.Tag("email", &email.Sender{Mail: m, Subject: c.Subject, Unsubscribe: func(ctx context.Context, to string) string {
				return a.Audience.UnsubscribeLink(ctx, cfg.BaseURL, to)
			}})
		}, fatal: func(error) bool { return false }}
	}
	if cfg.WebhookURL != "" {
		s := dispatch.Tag("webhook", &webhook.Sender{URL: cfg.WebhookURL, Secret: cfg.WebhookSecret})
		out["webhook"] = channel{sender: func(*dispatch.Campaign) dispatch.Sender { return s }, fatal: func(err error) bool { return errors.Is(err, webhook.ErrAuth) }}
	}
	if z := a.zalo; z != nil {
		out["zalo"] = channel{sender: func(*dispatch.Campaign) dispatch.Sender { return z.sender }, fatal: z.fatal}
	}
	return out
}

// smsChannel connects to the configured message centres: one, or one per
// carrier with numbers routed by prefix and the ported-number list.
func (a *App) smsChannel(onReply func(from, text string)) (dispatch.Sender, <-chan dispatch.Receipt, func(), error) {
	centres, err := smpp.ParseCentres(a.Config.SMPPURL, a.Config.SMPPTPS)
	if err != nil {
		return nil, nil, nil, err
	}
	senders := map[string]*smpp.Sender{}
	closeAll := func() {
		for _, s := range senders {
			s.Close()
		}
	}
	for _, c := range centres {
		c.Config.Logger, c.Config.OnReply = a.Log, onReply
		s, err := smpp.New(c.Config)
		if err != nil {
			closeAll()
			return nil, nil, nil, fmt.Errorf("trung tâm tin nhắn %s: %w", c.Config.Addr, err)
		}
		senders[c.Name] = s
	}
	if len(centres) == 1 && len(centres[0].Carriers) == 0 {
		s := senders[centres[0].Name]
		return s, s.Receipts(), closeAll, nil
	}
	ported, err := readPorted(a.Config.SMPPPorted)
	if err != nil {
		closeAll()
		return nil, nil, nil, err
	}
	rt := smpp.NewRouted(smpp.RouterFor(centres, ported), senders)
	return rt, rt.Receipts(), closeAll, nil
}

// readPorted reads the ported numbers: a CSV of phone,carrier rows.
func readPorted(path string) (map[string]string, error) {
	out := map[string]string{}
	if path == "" {
		return out, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("CANHGIAC_SMPP_PORTED: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("CANHGIAC_SMPP_PORTED: không đọc được tệp CSV: %w", err)
	}
	for i, row := range rows {
		if len(row) < 2 {
			continue
		}
		p := normalize.Phone(row[0])
		if p.Kind != normalize.KindPhone {
			if i == 0 {
				continue // a header
			}
			return nil, fmt.Errorf("CANHGIAC_SMPP_PORTED dòng %d: “%s” không phải số điện thoại", i+1, row[0])
		}
		out[p.Normalized] = strings.ToLower(strings.TrimSpace(row[1]))
	}
	return out, nil
}

// RunCampaigns sends campaigns until ctx ends, as serve does; for tests
// that serve pages through their own server.
func (a *App) RunCampaigns(ctx context.Context) { a.runCampaigns(ctx) }

// runCampaigns is serve's share of Step 6: at start, messages left in
// flight by a previous run are held as unknown (never resent blindly);
// then every running campaign whose channel is configured is sent by a
// runner, and receipts are applied as they come. A campaign whose channel
// is not configured waits, saying so. Several instances may run it: they
// claim different messages.
func (a *App) runCampaigns(ctx context.Context) {
	st := a.Campaigns
	if n, err := st.Recover(ctx); err != nil {
		a.Log.Error("campaigns: recovery", "err", err)
	} else if n > 0 {
		a.Log.Warn("campaigns: messages in flight at the last stop are held as unknown", "messages", n)
	}
	channels := a.httpChannels()
	if a.zalo != nil {
		go st.Deliveries(ctx, a.zalo.receipts)
	}
	if a.sim != nil {
		tagged := dispatch.Tag("sms", a.sim)
		go st.Deliveries(ctx, tagged.(dispatch.Receipts).Receipts())
		channels["sms"] = channel{sender: func(*dispatch.Campaign) dispatch.Sender { return tagged }, fatal: func(error) bool { return false }}
	}
	if a.Config.SMPPURL != "" {
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
		sender, receipts, closeSMS, err := a.smsChannel(onReply)
		if err != nil {
			a.Log.Error("campaigns: SMS channel not started", "err", err)
		} else {
			defer closeSMS()
			a.courier.useSMS(sender)
			defer a.courier.useSMS(nil)
			tagged := dispatch.Tag("sms", receiptsOf{sender, receipts})
			go st.Deliveries(ctx, tagged.(dispatch.Receipts).Receipts())
			channels["sms"] = channel{sender: func(*dispatch.Campaign) dispatch.Sender { return tagged }, fatal: func(err error) bool { return errors.Is(err, smpp.ErrAuth) }}
		}
	}
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
			mu.Unlock()
			if busy {
				continue
			}
			c, err := st.Get(ctx, id)
			if err != nil {
				continue
			}
			ch, missing := pick(channels, c)
			if missing != "" {
				st.SetNote(ctx, id, "Máy chủ chưa cấu hình kênh "+strings.ToLower(dispatch.ChannelLabel(missing))+"; chiến dịch chờ đến khi kênh được cấu hình.")
				continue
			}
			mu.Lock()
			running[id] = true
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { mu.Lock(); delete(running, id); mu.Unlock() }()
				r := &dispatch.Runner{Store: st, Sender: ch.sender(c), Log: a.Log, Fatal: ch.fatal}
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

// pick is the channel a campaign is sent on: its one channel, or, on
// several, one that passes each message to its own; missing names a
// channel the configuration lacks.
func pick(channels map[string]channel, c *dispatch.Campaign) (ch channel, missing string) {
	list := c.ChannelList()
	for _, name := range list {
		if _, ok := channels[name]; !ok {
			return channel{}, name
		}
	}
	if len(list) == 1 {
		return channels[list[0]], ""
	}
	return channel{
		sender: func(c *dispatch.Campaign) dispatch.Sender {
			by := dispatch.ByChannel{}
			for _, name := range list {
				by[name] = channels[name].sender(c)
			}
			return by
		},
		fatal: func(err error) bool {
			for _, name := range list {
				if channels[name].fatal(err) {
					return true
				}
			}
			return false
		},
	}, ""
}

// receiptsOf pairs a sender with its receipts channel.
type receiptsOf struct {
	dispatch.Sender
	rc <-chan dispatch.Receipt
}

func (r receiptsOf) Receipts() <-chan dispatch.Receipt { return r.rc }
