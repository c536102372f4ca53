package app

import (
	"context"
	"fmt"
	"time"

	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
)

// answerSMS takes a message a subscriber sent to the service number (an
// MO message that is not "TC"): a check ("KT …") or anything else, and
// sends the answer, if any, back to them through send.
func (a *App) answerSMS(ctx context.Context, from, text string, send func(ctx context.Context, to, text string) error) error {
	ex, err := a.Inbound.Handle(ctx, "sms", from, text)
	if err != nil {
		a.Log.Error("check by SMS", "from", audience.Mask(from), "err", err)
		return err
	}
	a.Log.Info("check by SMS", "from", audience.Mask(from), "kind", ex.Kind, "verdict", ex.Verdict)
	if ex.Reply == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := send(ctx, from, ex.Reply); err != nil {
		a.Log.Warn("check by SMS: answer not sent", "to", audience.Mask(from), "err", err)
		return err
	}
	return nil
}

// sendSMS sends one message through the connected message centre.
func (c *courier) sendSMS(ctx context.Context, to, text string) error {
	c.mu.RLock()
	s := c.sms
	c.mu.RUnlock()
	if s == nil {
		return errNotConnected
	}
	_, err := s.Send(ctx, dispatch.Message{To: to, Text: text})
	return err
}

// simulatedMO is the demonstration's way to send a message to the service
// number: the console's "Hộp thư thử" hands it to the simulated message
// centre as if a phone had sent it, and the answer lands in that phone's
// inbox. Nil without the simulated centre.
func (a *App) simulatedMO() func(ctx context.Context, from, text string) error {
	if a.sim == nil {
		return nil
	}
	return func(ctx context.Context, from, text string) error {
		p := normalize.Phone(from)
		if p.Kind != normalize.KindPhone {
			return fmt.Errorf("“%s” không phải số điện thoại", from)
		}
		return a.answerSMS(ctx, p.Normalized, text, func(ctx context.Context, to, text string) error {
			_, err := a.sim.Send(ctx, dispatch.Message{To: to, Text: text})
			return err
		})
	}
}
