package dispatch

import (
	"context"
	"strings"
	"sync"
	"time"
)

// Channel is one configured way of sending campaigns, as the program's
// wiring connected it.
type Channel struct {
	// Sender is the sender for a campaign (the e-mail sender carries the
	// campaign's subject).
	Sender func(c *Campaign) Sender
	// Fatal says which of its errors mean a person must act (wrong
	// credentials) rather than a retry; nil: none.
	Fatal func(error) bool
	// Receipts are the channel's delivery reports; nil when it has none.
	Receipts <-chan Receipt
}

// Run sends campaigns until ctx ends: at start, messages left in flight
// by a previous run are held as unknown (never resent blindly); then
// every running campaign whose channels are all configured is sent by a
// runner, and each channel's receipts are applied as they come. A
// campaign whose channel is not configured waits, saying so. Several
// instances may run it: with an Instance name, each campaign is sent by
// the one holding its lease (renewed while it sends; taken over by
// another once it runs out, the dead holder's messages in flight held as
// unknown), and claims are made only under the lease.
//
// Run returns only when every goroutine it started (runners and receipt
// readers) has returned, so nothing it started writes after it.
func (s *Service) Run(ctx context.Context, channels map[string]Channel) {
	if n, err := s.Recover(ctx); err != nil {
		s.log.Error("campaigns: recovery", "err", err)
	} else if n > 0 {
		s.log.Warn("campaigns: messages in flight at the last stop are held as unknown", "messages", n)
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	for _, ch := range channels {
		if ch.Receipts != nil {
			wg.Go(func() { s.Deliveries(ctx, ch.Receipts) })
		}
	}
	var mu sync.Mutex
	running := map[int64]bool{}
	for {
		ids, err := s.Running(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Error("campaigns", "err", err)
		}
		for _, id := range ids {
			mu.Lock()
			busy := running[id]
			mu.Unlock()
			if busy {
				continue
			}
			c, err := s.Get(ctx, id)
			if err != nil {
				continue
			}
			ch, missing := pick(channels, c)
			if missing != "" {
				s.SetNote(ctx, id, "Máy chủ chưa cấu hình kênh "+strings.ToLower(ChannelLabel(missing))+"; chiến dịch chờ đến khi kênh được cấu hình.")
				continue
			}
			if s.owner != "" {
				ok, held, err := s.acquire(ctx, id)
				if err != nil && ctx.Err() == nil {
					s.log.Error("campaigns: lease", "campaign", id, "err", err)
				}
				if !ok {
					continue // another instance is sending it
				}
				if held > 0 {
					s.log.Warn("campaigns: taken over from an instance that stopped; its messages in flight are held as unknown", "campaign", id, "messages", held)
				}
			}
			mu.Lock()
			running[id] = true
			mu.Unlock()
			wg.Go(func() {
				defer func() { mu.Lock(); delete(running, id); mu.Unlock() }()
				rctx, cancel := context.WithCancel(ctx)
				defer cancel()
				if s.owner != "" {
					var lw sync.WaitGroup
					lw.Go(func() { s.holdLease(rctx, id, cancel) })
					defer func() {
						cancel()
						lw.Wait()
						s.release(context.WithoutCancel(ctx), id)
					}()
				}
				r := &Runner{Campaigns: s, Sender: ch.Sender(c), Log: s.log, Fatal: ch.Fatal, Owner: s.owner}
				if err := r.Run(rctx, id); err != nil && rctx.Err() == nil {
					s.log.Error("campaign stopped", "campaign", id, "err", err)
				}
			})
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
func pick(channels map[string]Channel, c *Campaign) (ch Channel, missing string) {
	list := c.ChannelList()
	for _, name := range list {
		if _, ok := channels[name]; !ok {
			return Channel{}, name
		}
	}
	if len(list) == 1 {
		return channels[list[0]], ""
	}
	return Channel{
		Sender: func(c *Campaign) Sender {
			by := ByChannel{}
			for _, name := range list {
				by[name] = channels[name].Sender(c)
			}
			return by
		},
		Fatal: func(err error) bool {
			for _, name := range list {
				if f := channels[name].Fatal; f != nil && f(err) {
					return true
				}
			}
			return false
		},
	}, ""
}
