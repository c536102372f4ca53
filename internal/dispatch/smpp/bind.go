package smpp

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/linxGnu/gosmpp"
	"github.com/linxGnu/gosmpp/data"
	"github.com/linxGnu/gosmpp/pdu"

	"github.com/canhgiac/canhgiac/internal/dispatch"
)

// bind keeps one of the Sender's connections up: it binds, and when the
// connection ends it waits (100ms doubling to ReconnectMax, with jitter)
// and binds again, until the Sender stops. gosmpp's own rebinding is not
// used: it retries a refused login forever at a fixed interval.
type bind struct {
	s   *Sender
	n   int
	cur atomic.Pointer[session] // nil while down
}

// run keeps the bind up. first is a session already bound (or nil); wait
// says the first attempt already failed, so start with a pause.
func (b *bind) run(first *session, wait bool) {
	s := b.s
	defer s.wg.Done()
	log := s.log.With("bind", b.n)
	backoff := reconnectFirst
	ss := first
	for {
		if ss == nil {
			if wait {
				if !s.pause(jitter(backoff)) {
					return
				}
				backoff = min(2*backoff, s.cfg.ReconnectMax)
			}
			wait = true
			var err error
			ss, err = s.dial(b.n)
			if ae := (*AuthError)(nil); errors.As(err, &ae) {
				s.refused(ae)
				return
			}
			if err != nil {
				s.setBindErr(err)
				log.Warn("SMPP bind failed", "err", err, "retry_in", backoff)
				continue
			}
			s.setBindErr(nil)
		}
		b.cur.Store(ss)
		up := time.Now()
		log.Info("SMPP bound")
		select {
		case <-ss.done:
		case <-s.stop:
		}
		b.cur.Store(nil)
		ss.close()
		select {
		case <-s.stop:
			return
		default:
		}
		if time.Since(up) > stableBind {
			backoff = reconnectFirst
		}
		log.Warn("SMPP connection lost; reconnecting", "retry_in", backoff)
		ss, wait = nil, true
	}
}

func jitter(d time.Duration) time.Duration {
	return d + rand.N(d/4+1)
}

// session is one bound connection: gosmpp's session plus the submits
// awaiting their answer on it.
type session struct {
	s     *Sender
	gs    *gosmpp.Session
	slots chan struct{} // the window: one token per submit awaiting its answer
	done  chan struct{} // closed when the connection has ended

	mu      sync.Mutex
	pending map[int32]*submit // by sequence_number; nil once ended
	ended   sync.Once
}

// submit is one submit_sm awaiting its submit_sm_resp.
type submit struct {
	written atomic.Bool // its bytes went to the socket
	part    *multipart  // the long message it belongs to, or nil
	res     chan result // receives exactly one result
}

type result struct {
	id  string
	err error
}

// dial connects and binds as a transceiver. A refused login is returned
// as *AuthError. gosmpp's session keeps the connection going from there;
// its reconnecting is not used (rebinding interval 0).
func (s *Sender) dial(n int) (*session, error) {
	ss := &session{
		s:       s,
		slots:   make(chan struct{}, s.cfg.Window),
		done:    make(chan struct{}),
		pending: make(map[int32]*submit),
	}
	settings := gosmpp.Settings{
		EnquireLink: s.cfg.EnquireLink,
		// Silence for this long (enquire_link unanswered) ends the bind.
		ReadTimeout:  2*s.cfg.EnquireLink + 10*time.Second,
		WriteTimeout: writeTimeout,
		OnAllPDU:     ss.onPDU,
		OnClosed:     func(gosmpp.State) { ss.end() },
		OnReceivingError: func(err error) {
			s.log.Debug("SMPP read failed", "bind", n, "err", err)
		},
	}
	gs, err := gosmpp.NewSession(connector{s: s, ss: ss}, settings, 0)
	if err != nil {
		var be gosmpp.BindError
		if errors.As(err, &be) && isAuthStatus(be.CommandStatus) {
			return nil, &AuthError{Addr: s.cfg.Addr, SystemID: s.cfg.SystemID, Status: be.CommandStatus}
		}
		return nil, err
	}
	ss.gs = gs
	return ss, nil
}

// submit sends p, with a window slot already taken, and waits for its
// answer. It gives the slot back.
func (ss *session) submit(ctx context.Context, p *pdu.SubmitSM, mp *multipart) (string, error) {
	seq := p.SequenceNumber
	sub := &submit{part: mp, res: make(chan result, 1)}
	ss.mu.Lock()
	if ss.pending == nil {
		ss.mu.Unlock()
		ss.release()
		return "", ss.s.notBound()
	}
	ss.pending[seq] = sub
	ss.mu.Unlock()

	if err := ss.gs.Transceiver().Submit(p); err != nil {
		if ss.take(seq) != nil {
			ss.release()
			return "", fmt.Errorf("%w: %v", ErrNotBound, err)
		}
		r := <-sub.res // the connection ended and answered for it
		return r.id, r.err
	}
	timer := time.NewTimer(ss.s.cfg.RespTimeout)
	defer timer.Stop()
	var gaveUp error
	select {
	case r := <-sub.res:
		return r.id, r.err
	case <-timer.C:
		gaveUp = fmt.Errorf("no submit_sm_resp in %s: %w", ss.s.cfg.RespTimeout, dispatch.ErrUnknown)
	case <-ctx.Done():
		// It may already be on its way: not knowing is not "not sent".
		gaveUp = fmt.Errorf("gave up waiting for submit_sm_resp (%v): %w", ctx.Err(), dispatch.ErrUnknown)
	}
	if ss.take(seq) == nil {
		r := <-sub.res // answered meanwhile
		return r.id, r.err
	}
	ss.release()
	return "", gaveUp
}

// take removes and returns the submit awaiting seq, or nil. Whoever takes
// it answers it and gives its slot back (except end: the window goes with
// the connection).
func (ss *session) take(seq int32) *submit {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	sub := ss.pending[seq]
	delete(ss.pending, seq)
	return sub
}

func (ss *session) release() { <-ss.slots }

func (ss *session) isClosed() bool {
	select {
	case <-ss.done:
		return true
	default:
		return false
	}
}

// onPDU handles every PDU the message centre sends, on gosmpp's reader
// goroutine; what it returns is sent back.
func (ss *session) onPDU(p pdu.PDU) (pdu.PDU, bool) {
	switch p := p.(type) {
	case *pdu.SubmitSMResp:
		ss.answer(p.SequenceNumber, p.CommandStatus, p.MessageID)
		return nil, false
	case *pdu.GenericNack:
		st := p.CommandStatus
		if st == data.ESME_ROK {
			st = data.ESME_RUNKNOWNERR // a nack is never success
		}
		ss.answer(p.SequenceNumber, st, "")
		return nil, false
	case *pdu.DeliverSM:
		ss.s.onDeliver(p)
		return p.GetResponse(), false
	case *pdu.EnquireLink:
		return p.GetResponse(), false
	case *pdu.Unbind:
		return p.GetResponse(), true
	}
	if p.CanResponse() {
		return p.GetResponse(), false
	}
	return nil, false
}

// answer settles the submit awaiting seq. A part's id is recorded for its
// message before the next PDU is read, so a receipt on this bind always
// finds it.
func (ss *session) answer(seq int32, st data.CommandStatusType, id string) {
	sub := ss.take(seq)
	if sub == nil {
		ss.s.log.Debug("SMPP: answer for a submit no longer awaited", "seq", seq, "status", st.String(), "message_id", id)
		return
	}
	ss.release()
	if err := submitError(st); err != nil {
		sub.res <- result{err: err}
		return
	}
	if sub.part != nil {
		ss.s.book.add(sub.part, id)
	}
	sub.res <- result{id: id}
}

// end runs once when gosmpp reports the connection closed, after its
// writer has stopped: a submit whose bytes were written gets ErrUnknown,
// one that never left gets ErrNotBound.
func (ss *session) end() {
	ss.ended.Do(func() {
		ss.mu.Lock()
		pending := ss.pending
		ss.pending = nil
		ss.mu.Unlock()
		// Closed first, so that whoever is told below already sees the
		// bind as down (Bound, acquire).
		close(ss.done)
		for _, sub := range pending {
			if sub.written.Load() {
				sub.res <- result{err: fmt.Errorf("connection lost before submit_sm_resp: %w", dispatch.ErrUnknown)}
			} else {
				sub.res <- result{err: fmt.Errorf("%w: connection lost before the submit was written", ErrNotBound)}
			}
		}
	})
}

// close unbinds (if still bound) and stops gosmpp's goroutines.
func (ss *session) close() {
	_ = ss.gs.Close()
	ss.end()
}

// markWritten records whether the submit_sm with seq has left.
func (ss *session) markWritten(seq int32, v bool) {
	ss.mu.Lock()
	sub := ss.pending[seq]
	ss.mu.Unlock()
	if sub != nil {
		sub.written.Store(v)
	}
}

// watchConn notes which submit_sm reached the socket, so that a
// connection lost before the answer can tell "maybe sent" (ErrUnknown)
// from "never sent". gosmpp writes each PDU with one Write.
type watchConn struct {
	net.Conn
	ss *session
}

func (c *watchConn) Write(b []byte) (int, error) {
	isSubmit := len(b) >= 16 && binary.BigEndian.Uint32(b[4:8]) == uint32(data.SUBMIT_SM)
	var seq int32
	if isSubmit {
		seq = int32(binary.BigEndian.Uint32(b[12:16]))
		c.ss.markWritten(seq, true) // before: the answer may come at once
	}
	n, err := c.Conn.Write(b)
	if isSubmit && n == 0 && err != nil {
		c.ss.markWritten(seq, false)
	}
	return n, err
}
