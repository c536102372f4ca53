package app

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/dispatch/email"
	"github.com/canhgiac/canhgiac/internal/dispatch/smpp"
	"github.com/canhgiac/canhgiac/internal/dispatch/webhook"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
)

// readyChannels says which campaign channels the configuration allows,
// for the console (before serve has connected anything).
// In the demonstration without a message centre, SMS goes to the
// simulated one.
func readyChannels(cfg config.Config) map[string]bool {
	return map[string]bool{"sms": cfg.SMPPURL != "" || cfg.Demo, "email": cfg.SMTPAddr != "", "zalo": cfg.ZaloToken != "", "webhook": cfg.WebhookURL != ""}
}

// httpChannels are the channels that need no connection kept open (Zalo's
// receipts come to our webhook).
func (a *App) httpChannels() map[string]dispatch.Channel {
	out := map[string]dispatch.Channel{}
	cfg := a.Config
	if a.mailer != nil {
		m := a.mailer
		out["email"] = dispatch.Channel{Sender: func(c *dispatch.Campaign) dispatch.Sender {
			return dispatch.Tag("email", &email.Sender{Mail: m, Subject: c.Subject, Unsubscribe: func(ctx context.Context, to string) string {
				return a.Audience.UnsubscribeLink(ctx, cfg.PublicBase(), to)
			}})
		}}
	}
	if cfg.WebhookURL != "" {
		s := dispatch.Tag("webhook", &webhook.Sender{URL: cfg.WebhookURL, Secret: cfg.WebhookSecret})
		out["webhook"] = dispatch.Channel{Sender: func(*dispatch.Campaign) dispatch.Sender { return s }, Fatal: func(err error) bool { return errors.Is(err, webhook.ErrAuth) }}
	}
	if a.zalo.Sender != nil {
		out["zalo"] = a.zalo
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

// runCampaigns is serve's share of Step 6: it connects the configured
// channels (the demonstration's simulated message centre, or the real
// ones), hands them to the campaign service's Run, and closes the SMS
// connections once Run has returned.
func (a *App) runCampaigns(ctx context.Context) {
	channels := a.httpChannels()
	if a.sim != nil {
		tagged := dispatch.Tag("sms", a.sim)
		channels["sms"] = dispatch.Channel{Sender: func(*dispatch.Campaign) dispatch.Sender { return tagged }, Receipts: tagged.(dispatch.Receipts).Receipts()}
	}
	if a.Config.SMPPURL != "" {
		onReply := func(from, text string) {
			a.answerMO(context.WithoutCancel(ctx), from, text, a.courier.sendSMS)
		}
		sender, receipts, closeSMS, err := a.smsChannel(onReply)
		if err != nil {
			a.Log.Error("campaigns: SMS channel not started", "err", err)
		} else {
			defer closeSMS()
			a.courier.useSMS(sender)
			defer a.courier.useSMS(nil)
			tagged := dispatch.Tag("sms", receiptsOf{sender, receipts})
			channels["sms"] = dispatch.Channel{Sender: func(*dispatch.Campaign) dispatch.Sender { return tagged }, Fatal: func(err error) bool { return errors.Is(err, smpp.ErrAuth) },
				Receipts: tagged.(dispatch.Receipts).Receipts()}
		}
	}
	a.Campaigns.Run(ctx, channels)
}

// receiptsOf pairs a sender with its receipts channel.
type receiptsOf struct {
	dispatch.Sender
	rc <-chan dispatch.Receipt
}

func (r receiptsOf) Receipts() <-chan dispatch.Receipt { return r.rc }
