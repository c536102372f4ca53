package dispatch

import (
	"errors"
	"sync"
)

// ErrOutboxFull and ErrOutboxClosed are Outbox.Put's refusals.
var (
	ErrOutboxFull   = errors.New("dispatch: too many receipts waiting to be read")
	ErrOutboxClosed = errors.New("dispatch: receipts outbox closed")
)

// Outbox hands receipts to the reader of a sender's Receipts channel
// without making the channel's side wait (an SMPP session reading PDUs,
// a webhook that must answer within two seconds). Receipts wait in memory,
// in order, until read — at most Limit of them when Limit > 0; Run's end
// drops those not read and closes the channel.
type Outbox struct {
	Limit  int
	mu     sync.Mutex
	q      []Receipt
	closed bool
	wake   chan struct{}
	out    chan Receipt
}

// NewOutbox returns an outbox; start Run to deliver.
func NewOutbox(limit int) *Outbox {
	return &Outbox{Limit: limit, wake: make(chan struct{}, 1), out: make(chan Receipt)}
}

// Out is the channel receipts come out of.
func (o *Outbox) Out() <-chan Receipt { return o.out }

// Put queues a receipt; it never blocks.
func (o *Outbox) Put(r Receipt) error {
	o.mu.Lock()
	switch {
	case o.closed:
		o.mu.Unlock()
		return ErrOutboxClosed
	case o.Limit > 0 && len(o.q) >= o.Limit:
		o.mu.Unlock()
		return ErrOutboxFull
	}
	o.q = append(o.q, r)
	o.mu.Unlock()
	select {
	case o.wake <- struct{}{}:
	default:
	}
	return nil
}

// Run passes receipts on in order until stop closes, then closes Out.
func (o *Outbox) Run(stop <-chan struct{}) {
	defer close(o.out)
	defer func() {
		o.mu.Lock()
		o.closed, o.q = true, nil
		o.mu.Unlock()
	}()
	for {
		o.mu.Lock()
		var next Receipt
		have := len(o.q) > 0
		if have {
			next = o.q[0]
			o.q[0] = Receipt{}
			o.q = o.q[1:]
		}
		o.mu.Unlock()
		if !have {
			select {
			case <-o.wake:
				continue
			case <-stop:
				return
			}
		}
		select {
		case o.out <- next:
		case <-stop:
			return
		}
	}
}
