// Package smpp sends SMS through a telecom's message centre (SMSC) over
// SMPP 3.4, as a dispatch.Sender and dispatch.Receipts, on top of
// github.com/linxGnu/gosmpp. It owns the binds (several transceiver
// connections, reconnected with backoff), the pace of submits (TPS), the
// window of submits awaiting an answer, the mapping of answers to
// dispatch's error kinds, and turning delivery receipts for parts into
// receipts for messages. Router picks a message centre by number.
//
// It must not decide what to send or to whom, nor store anything: the
// dispatch package keeps the message rows and their states. Text encoding
// and concatenation headers come from package sms.
package smpp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/linxGnu/gosmpp/data"
	"github.com/linxGnu/gosmpp/pdu"

	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/sms"
)

// Config describes one account on one message centre.
type Config struct {
	Addr       string // host:port of the message centre
	SystemID   string
	Password   string
	SystemType string

	// Conns is how many transceiver binds to keep open (default 1); the
	// carrier says how many an account may have.
	Conns int
	// TPS limits submit_sm per second for this Sender, all binds together;
	// each part of a long message counts. 0 = no limit. Submits are spread
	// evenly, never in bursts.
	TPS int
	// Window is how many submits may await their submit_sm_resp on each
	// bind (default 10, at most 255).
	Window int
	// EnquireLink is how often an idle bind is checked (default 30s).
	EnquireLink time.Duration
	// SourceAddr is the brandname (or number) sent from when a Message has
	// no Brandname of its own.
	SourceAddr string

	// RespTimeout is how long to wait for a submit_sm_resp before the
	// outcome is declared unknown (default 10s).
	RespTimeout time.Duration
	// ReconnectMax is the longest pause between reconnection attempts
	// (default 30s); pauses start at 100ms and double.
	ReconnectMax time.Duration
	// ReceiptTTL is how long a long message waits for the receipts of all
	// its parts before it is forgotten (default 72h).
	ReceiptTTL time.Duration

	Logger *slog.Logger // default slog.Default()
	// OnReply, when set, receives subscribers' replies (MO messages: "TC"
	// to opt out), each in a goroutine of its own, as E.164 and text.
	OnReply func(from, text string)
}

const (
	dialTimeout    = 10 * time.Second // connect and bind
	writeTimeout   = 10 * time.Second
	reconnectFirst = 100 * time.Millisecond
	// A bind that stayed up this long was healthy: reconnect promptly.
	stableBind = 30 * time.Second
)

func (c *Config) setDefaults() error {
	if c.Addr == "" || c.SystemID == "" {
		return errors.New("smpp: config needs Addr and SystemID")
	}
	if c.Conns <= 0 {
		c.Conns = 1
	}
	if c.TPS < 0 {
		return fmt.Errorf("smpp: TPS %d < 0", c.TPS)
	}
	if c.Window <= 0 {
		c.Window = 10
	}
	if c.Window > 255 {
		c.Window = 255
	}
	if c.EnquireLink <= 0 {
		c.EnquireLink = 30 * time.Second
	}
	if c.RespTimeout <= 0 {
		c.RespTimeout = 10 * time.Second
	}
	if c.ReconnectMax <= 0 {
		c.ReconnectMax = 30 * time.Second
	}
	if c.ReceiptTTL <= 0 {
		c.ReceiptTTL = 72 * time.Hour
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return nil
}

// Sender is one account on one message centre: a dispatch.Sender and
// dispatch.Receipts. It is safe for concurrent use; send from several
// goroutines to fill the window.
type Sender struct {
	cfg    Config
	log    *slog.Logger
	pace   *pacer
	binds  []*bind
	rr     atomic.Uint32 // round robin over binds
	ref    atomic.Uint32 // concatenation reference of the next message
	book   *receiptBook
	outbox *dispatch.Outbox

	stop     chan struct{} // closed by Close or a refused login: binds stop
	stopOnce sync.Once
	wg       sync.WaitGroup

	mu      sync.Mutex
	fatal   error // the AuthError that stopped the Sender
	closed  bool
	lastErr error // the last bind failure, for ErrNotBound's message
}

var (
	_ dispatch.Sender   = (*Sender)(nil)
	_ dispatch.Receipts = (*Sender)(nil)
)

// New binds to the message centre and keeps cfg.Conns binds up until
// Close. The first bind is made before New returns: if the centre refuses
// the login, New returns an *AuthError (errors.Is ErrAuth) and nothing
// keeps running. If the centre cannot be reached, New still returns a
// Sender, which keeps trying in the background while Send returns
// ErrNotBound.
func New(cfg Config) (*Sender, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	s := &Sender{
		cfg:    cfg,
		log:    cfg.Logger.With("smsc", cfg.Addr, "system_id", cfg.SystemID),
		pace:   newPacer(cfg.TPS),
		book:   newReceiptBook(cfg.ReceiptTTL),
		outbox: dispatch.NewOutbox(0),
		stop:   make(chan struct{}),
	}
	first, err := s.dial(0)
	if ae := (*AuthError)(nil); errors.As(err, &ae) {
		s.log.Error("SMPP login refused", "status", ae.Status.String())
		return nil, ae
	}
	if err != nil {
		s.log.Warn("SMPP bind failed; retrying in the background", "err", err)
		s.setBindErr(err)
	}
	go s.outbox.Run(s.stop)
	s.binds = make([]*bind, cfg.Conns)
	for i := range s.binds {
		s.binds[i] = &bind{s: s, n: i}
	}
	for i, b := range s.binds {
		s.wg.Add(1)
		if i == 0 {
			go b.run(first, err != nil)
		} else {
			go b.run(nil, false)
		}
	}
	return s, nil
}

// Close unbinds and stops reconnecting. Sends still waiting for an answer
// end with ErrUnknown (or ErrNotBound if their submit never left), and the
// Receipts channel is closed; receipts not yet read are dropped.
func (s *Sender) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.halt()
	s.wg.Wait()
	return nil
}

// Receipts returns the channel of delivery receipts, one per message
// (see receiptBook for long messages). It is closed when the Sender stops:
// Close, or a refused login.
func (s *Sender) Receipts() <-chan dispatch.Receipt { return s.outbox.Out() }

// Bound returns how many binds are up now.
func (s *Sender) Bound() int {
	n := 0
	for _, b := range s.binds {
		if ss := b.cur.Load(); ss != nil && !ss.isClosed() {
			n++
		}
	}
	return n
}

// Err returns why the Sender stopped by itself (an *AuthError), or nil.
func (s *Sender) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fatal
}

// Send submits m and returns once the message centre has answered every
// part, with the message_id of the last part (which its receipt will
// carry). Parts go one after the other, each waiting for its answer.
//
// Errors follow dispatch.Sender. For the first part they mean what they
// say. Once a part has been accepted the message is on its way to the
// handset, so a later part that is throttled or finds no bind is retried
// until ctx ends; if it cannot be sent, Send returns ErrUnknown (a person
// decides whether to send the whole message again), and a later part
// rejected for good returns ErrRejected.
func (s *Sender) Send(ctx context.Context, m dispatch.Message) (string, error) {
	if err := s.stopped(); err != nil {
		return "", err
	}
	dest, err := destAddr(m.To)
	if err != nil {
		return "", fmt.Errorf("smpp: message %d: %w", m.ID, err)
	}
	from := m.Brandname
	if from == "" {
		from = s.cfg.SourceAddr
	}
	src, err := sourceAddr(from)
	if err != nil {
		return "", fmt.Errorf("smpp: message %d: %w", m.ID, err)
	}
	parts, err := sms.Parts(m.Text, uint8(s.ref.Add(1)))
	if err != nil {
		return "", fmt.Errorf("smpp: message %d: %w: %w", m.ID, dispatch.ErrRejected, err)
	}
	var mp *multipart
	if len(parts) > 1 {
		mp = s.book.begin(len(parts))
	}
	var id string
	for i, part := range parts {
		if id, err = s.submitPart(ctx, src, dest, part, mp, i > 0); err != nil {
			if mp != nil {
				s.book.abandon(mp)
			}
			if len(parts) > 1 {
				return "", fmt.Errorf("smpp: message %d part %d/%d: %w", m.ID, i+1, len(parts), err)
			}
			return "", fmt.Errorf("smpp: message %d: %w", m.ID, err)
		}
	}
	if mp != nil {
		if r, ok := s.book.finish(mp, id); ok {
			s.outbox.Put(r)
		}
	}
	return id, nil
}

// submitPart submits one part; see Send for why later parts are retried.
func (s *Sender) submitPart(ctx context.Context, src, dest pdu.Address, part sms.Part, mp *multipart, later bool) (string, error) {
	pause := 100 * time.Millisecond
	for {
		id, err := s.submitOnce(ctx, src, dest, part, mp)
		if err == nil || !later || errors.Is(err, dispatch.ErrRejected) || errors.Is(err, dispatch.ErrUnknown) {
			return id, err
		}
		if !errors.Is(err, dispatch.ErrThrottled) && !errors.Is(err, ErrNotBound) {
			return "", fmt.Errorf("earlier parts were sent, this one not (%v): %w", err, dispatch.ErrUnknown)
		}
		if sleepCtx(ctx, pause) != nil {
			return "", fmt.Errorf("earlier parts were sent, this one not (%v): %w", err, dispatch.ErrUnknown)
		}
		pause = min(2*pause, 5*time.Second)
	}
}

// submitOnce takes a window slot on a bind, waits for its turn at the
// pace, and submits.
func (s *Sender) submitOnce(ctx context.Context, src, dest pdu.Address, part sms.Part, mp *multipart) (string, error) {
	ss, err := s.acquire(ctx)
	if err != nil {
		return "", err
	}
	if err := s.pace.wait(ctx); err != nil {
		ss.release()
		return "", err
	}
	p := pdu.NewSubmitSM().(*pdu.SubmitSM)
	p.SourceAddr, p.DestAddr = src, dest
	p.RegisteredDelivery = 1 // a receipt for success and failure
	if part.UDH != nil {
		p.EsmClass |= sms.ESMClassUDHI
	}
	if p.Message, err = pdu.NewBinaryShortMessageWithEncoding(part.ShortMessage(), rawCoding(part.DataCoding)); err != nil {
		ss.release()
		return "", fmt.Errorf("%v: %w", err, dispatch.ErrRejected)
	}
	return ss.submit(ctx, p, mp)
}

// acquire returns a bind that is up, with a window slot taken on it.
// Binds are tried round robin; when every window is full it waits on one.
func (s *Sender) acquire(ctx context.Context) (*session, error) {
	for {
		if err := s.stopped(); err != nil {
			return nil, err
		}
		start := int(s.rr.Add(1))
		var first *session
		for i := range s.binds {
			ss := s.binds[(start+i)%len(s.binds)].cur.Load()
			if ss == nil || ss.isClosed() {
				continue
			}
			if first == nil {
				first = ss
			}
			select {
			case ss.slots <- struct{}{}:
				return ss, nil
			default:
			}
		}
		if first == nil {
			return nil, s.notBound()
		}
		select {
		case first.slots <- struct{}{}:
			return first, nil
		case <-first.done:
		case <-s.stop:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// stopped returns the error that Send gives once the Sender has stopped.
func (s *Sender) stopped() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fatal != nil {
		return s.fatal
	}
	if s.closed {
		return ErrClosed
	}
	return nil
}

func (s *Sender) notBound() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lastErr != nil {
		return fmt.Errorf("%w (%s; last bind attempt: %v)", ErrNotBound, s.cfg.Addr, s.lastErr)
	}
	return fmt.Errorf("%w (%s)", ErrNotBound, s.cfg.Addr)
}

func (s *Sender) setBindErr(err error) {
	s.mu.Lock()
	s.lastErr = err
	s.mu.Unlock()
}

// refused stops the Sender for good after a refused login: retrying with
// the same credentials cannot succeed and may get the account locked.
func (s *Sender) refused(err *AuthError) {
	s.mu.Lock()
	if s.fatal == nil {
		s.fatal = err
		s.log.Error("SMPP login refused; stopped reconnecting", "status", err.Status.String())
	}
	s.mu.Unlock()
	s.halt()
}

func (s *Sender) halt() { s.stopOnce.Do(func() { close(s.stop) }) }

// pause waits d, or returns false when the Sender stops first.
func (s *Sender) pause(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.stop:
		return false
	}
}

// onDeliver handles a deliver_sm: receipts are matched and passed on;
// messages from subscribers (MO) are acknowledged and logged, since
// nothing here takes replies yet.
func (s *Sender) onDeliver(p *pdu.DeliverSM) {
	if p.EsmClass&0x3C != data.SM_SMSC_DLV_RCPT_TYPE {
		if s.cfg.OnReply == nil {
			s.log.Info("SMPP: message from a subscriber ignored", "from", p.SourceAddr.Address())
			return
		}
		from, text := "+"+strings.TrimPrefix(p.SourceAddr.Address(), "+"), deliverText(p)
		go s.cfg.OnReply(from, text)
		return
	}
	r, ok := receiptOf(p)
	if !ok {
		s.log.Warn("SMPP: unreadable delivery receipt", "text", deliverText(p))
		return
	}
	if !r.final() {
		return
	}
	if m, ok := s.book.report(r); ok {
		s.outbox.Put(m)
	}
}

// destAddr makes an E.164 number ("+84912345678") a destination address:
// international, ISDN numbering plan, digits without "+".
func destAddr(to string) (pdu.Address, error) {
	digits, ok := strings.CutPrefix(to, "+")
	if !ok || len(digits) < 8 || len(digits) > 15 || strings.Trim(digits, "0123456789") != "" {
		return pdu.Address{}, fmt.Errorf("recipient %q is not an E.164 number: %w", to, dispatch.ErrRejected)
	}
	return pdu.NewAddressWithTonNpiAddr(1, 1, digits)
}

// sourceAddr makes a brandname an alphanumeric address (TON 5), a long
// number an international one, a short number a network-specific short
// code (TON 3).
func sourceAddr(from string) (pdu.Address, error) {
	var ton, npi byte = 5, 0
	if from != "" && strings.Trim(from, "0123456789") == "" {
		ton, npi = 3, 0
		if len(from) >= 10 {
			ton, npi = 1, 1
		}
	}
	a, err := pdu.NewAddressWithTonNpiAddr(ton, npi, from)
	if err != nil {
		return a, fmt.Errorf("sender %q: %v: %w", from, err, dispatch.ErrRejected)
	}
	return a, nil
}

// rawCoding carries a data_coding for payloads package sms has already
// encoded; gosmpp only needs its DataCoding to marshal them.
type rawCoding byte

func (c rawCoding) DataCoding() byte { return byte(c) }

func (c rawCoding) Encode(string) ([]byte, error) {
	return nil, errors.New("smpp: payloads are encoded by package sms")
}

func (c rawCoding) Decode([]byte) (string, error) {
	return "", errors.New("smpp: payloads are encoded by package sms")
}
