// Package dispatch sends the campaign's messages to people, one row per
// message with a state, through channels behind one Sender interface (SMS
// over SMPP, e-mail, Zalo, webhooks). It is Step 6's core: nothing queued
// is lost in a crash, nothing acknowledged is sent twice, and a message
// whose submission outcome is unknown is held for a person to decide.
package dispatch

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Message is one message to one recipient, as a channel sends it.
type Message struct {
	ID        int64  // the message row; channels use it as their own reference
	To        string // E.164 phone (SMS, Zalo by phone), e-mail address, Zalo id
	Text      string
	Brandname string // SMS sender id (≤ 11 characters)
	Channel   string // in a campaign on several channels, this message's; else ""
}

// Sender submits messages on one channel. Send returns once the channel
// has accepted the message (for SMPP: the submit_sm_resp), with the
// channel's id for it so a later delivery receipt can be matched.
//
// Errors say what the caller may do: ErrThrottled — try again after a
// pause; ErrRejected (wrapped with the reason) — the message will never
// go, mark it failed; ErrUnknown — the request may or may not have
// reached the channel (the connection broke after sending), so it must not
// be sent again blindly; anything else (not connected, context ended) —
// it was not sent and may be retried.
type Sender interface {
	Send(ctx context.Context, m Message) (channelID string, err error)
}

// Receipt is a delivery report from a channel.
type Receipt struct {
	ChannelID string    // as returned by Send
	Delivered bool      // false: failed (expired, rejected, undeliverable)
	Status    string    // the channel's own word: DELIVRD, UNDELIV, …
	At        time.Time // when the channel says it happened
	// MessageID is our message's id when the channel echoes it back (Zalo's
	// tracking_id): it settles a message whose submission outcome was
	// unknown, which has no channel id to match.
	MessageID int64
}

// Receipts is implemented by senders whose channel reports delivery later.
type Receipts interface {
	Receipts() <-chan Receipt
}

var (
	ErrThrottled = errors.New("dispatch: channel asks to slow down")
	ErrRejected  = errors.New("dispatch: channel rejected the message")
	ErrUnknown   = errors.New("dispatch: outcome unknown")
)

// ByChannel sends each message of a campaign on several channels through
// the sender of the message's channel.
type ByChannel map[string]Sender

// Send passes the message to its channel's sender.
func (b ByChannel) Send(ctx context.Context, m Message) (string, error) {
	s, ok := b[m.Channel]
	if !ok {
		return "", fmt.Errorf("dispatch: kênh %q chưa được cấu hình", m.Channel) // not sent; retried
	}
	return s.Send(ctx, m)
}

// Tag marks a sender's channel ids with the channel's name ("sms:…",
// "zalo:…"), on what Send returns and on its receipts (when it has any),
// so that ids handed out by different channels — a partner's "1001" and a
// message centre's "1001" — never match each other's messages.
func Tag(channel string, s Sender) Sender {
	t := &tagged{prefix: channel + ":", s: s}
	if r, ok := s.(Receipts); ok {
		t.out = make(chan Receipt, 256)
		go func() {
			defer close(t.out)
			for rc := range r.Receipts() {
				rc.ChannelID = t.prefix + rc.ChannelID
				t.out <- rc
			}
		}()
	}
	return t
}

type tagged struct {
	prefix string
	s      Sender
	out    chan Receipt
}

func (t *tagged) Send(ctx context.Context, m Message) (string, error) {
	id, err := t.s.Send(ctx, m)
	if err != nil {
		return "", err
	}
	return t.prefix + id, nil
}

// Receipts are the tagged sender's receipts (nil channel when it has none).
func (t *tagged) Receipts() <-chan Receipt { return t.out }
