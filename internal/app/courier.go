package app

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/mail"
)

// courier sends one transactional message at once, outside any campaign:
// a confirmation code by SMS through the message centre (the simulated one
// in the demonstration), a confirmation link by e-mail through SMTP.
//
// It sends within the person's request rather than through the job queue:
// a code is worth something for a quarter of an hour only, and one lost to
// a crash costs the person a new request, while a queued code could arrive
// after it expired. A failure is logged (contact masked) and not told to
// the person, whose answer is the same whatever happened.
type courier struct {
	log    *slog.Logger
	mail   mail.Sender // nil without SMTP
	withSM bool        // SMS configured: a message centre, or the simulated one

	mu  sync.RWMutex
	sms dispatch.Sender // nil until serve has connected the message centre
}

var _ audience.Courier = (*courier)(nil)

func (c *courier) Can(channel string) bool {
	switch channel {
	case "sms":
		return c.withSM
	case "email":
		return c.mail != nil
	}
	return false
}

// useSMS sets (or, with nil, clears) the connected message centre.
func (c *courier) useSMS(s dispatch.Sender) {
	c.mu.Lock()
	c.sms = s
	c.mu.Unlock()
}

var errNotConnected = errors.New("message centre not connected")

func (c *courier) Send(ctx context.Context, n audience.Note) error {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	var err error
	switch n.Channel {
	case "sms":
		c.mu.RLock()
		s := c.sms
		c.mu.RUnlock()
		if s == nil {
			err = errNotConnected
		} else {
			_, err = s.Send(ctx, dispatch.Message{To: n.To, Text: n.Text})
		}
	case "email":
		if c.mail == nil {
			err = errors.New("no SMTP server configured")
		} else {
			err = c.mail.Send(ctx, mail.Message{To: []string{n.To}, Subject: n.Subject, Text: n.Text})
		}
	default:
		err = errors.New("unknown channel " + n.Channel)
	}
	if err != nil {
		c.log.Warn("confirmation not sent", "channel", n.Channel, "to", audience.Mask(n.To), "err", err)
	}
	return err
}

// inboxOf is the simulated centre's inbox for the console (nil without one).
func inboxOf(sim *dispatch.Simulator) func() [][]dispatch.Received {
	if sim == nil {
		return nil
	}
	return sim.Inbox
}
