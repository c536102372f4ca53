// Package smpptest starts the real SMPP message centre of testdata/smpp
// (node-smpp as the server) for tests of any package that sends SMS, and
// lets the test steer it: throttle or fail submits, fail deliveries, go
// down and come back, and count what arrived.
//
// It is for tests only and must not be imported by program code. When node
// or testdata/smpp/node_modules is missing the test is skipped with the
// reason, unless CANHGIAC_TEST_SMPP=required (CI), where it fails instead.
//
// Control methods talk to the server over its stdin and fail the test that
// started it, so call them from that test's goroutine.
package smpptest

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/testutil/nodepeer"
)

// RequiredEnv names the variable that turns a skip into a failure.
const RequiredEnv = "CANHGIAC_TEST_SMPP"

// Options configure a server; zero values take the defaults.
type Options struct {
	SystemID     string        // default "canhgiac"
	Password     string        // default "secret"
	ReceiptDelay time.Duration // between submit_sm_resp and the receipt; default 200ms
}

// Counts is what the server has seen since it started or was Reset.
type Counts struct {
	Submits       int            `json:"submits"`       // submit_sm received, answered or not
	PerDest       map[string]int `json:"perDest"`       // submit_sm per destination_addr
	ConcatParts   int            `json:"concatParts"`   // submit_sm carrying a concatenation header
	ReceiptsSent  int            `json:"receiptsSent"`  // deliver_sm receipts written
	ReceiptsAcked int            `json:"receiptsAcked"` // deliver_sm_resp with status 0
	Binds         int            `json:"binds"`         // successful binds
	BindFailures  int            `json:"bindFailures"`  // binds refused for credentials
	EnquireLinks  int            `json:"enquireLinks"`  // enquire_link answered
	Sessions      int            `json:"sessions"`      // connections open now
	Down          bool           `json:"down"`          // between Down and Up
}

// Submit is one submit_sm as the server received it.
type Submit struct {
	Dest       string `json:"dest"`
	Src        string `json:"src"`
	ESMClass   int    `json:"esmClass"`
	DataCoding int    `json:"dataCoding"`
	Ref        *int   `json:"ref"`   // concatenation reference; nil for a single SMS
	Total      int    `json:"total"` // parts of the message (1 for a single SMS)
	Seq        int    `json:"seq"`   // this part's number, from 1
	Text       string `json:"text"`  // the part's text, decoded per data_coding
	MessageID  string `json:"messageId"`
	Status     int    `json:"status"` // command_status answered; -1 hung up, -2 not answered
}

// Server is a running test message centre on 127.0.0.1.
type Server struct {
	Addr     string // host:port
	SystemID string
	Password string // as started; SetPassword changes what the server expects

	t      testing.TB
	mu     sync.Mutex // one command at a time
	stdin  io.Writer
	lines  <-chan string // stdout lines after LISTENING
	stderr *nodepeer.Buffer
}

// Start starts a server that stops when the test ends.
func Start(t testing.TB, opt Options) *Server {
	t.Helper()
	if opt.SystemID == "" {
		opt.SystemID = "canhgiac"
	}
	if opt.Password == "" {
		opt.Password = "secret"
	}
	if opt.ReceiptDelay == 0 {
		opt.ReceiptDelay = 200 * time.Millisecond
	}
	p := nodepeer.Start(t, nodepeer.Spec{Name: "SMPP", Dir: "smpp", Module: "smpp", RequiredEnv: RequiredEnv,
		Args: []string{"--system-id", opt.SystemID, "--password", opt.Password, "--receipt-delay", strconv.FormatInt(opt.ReceiptDelay.Milliseconds(), 10)}})
	return &Server{Addr: p.Addr, SystemID: opt.SystemID, Password: opt.Password, t: t, stdin: p.Stdin, lines: p.Lines, stderr: p.Stderr}
}

// do sends one command and decodes its answer into v (if not nil).
func (s *Server) do(v any, command string, args ...any) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	line := command
	for _, a := range args {
		line += " " + fmt.Sprint(a)
	}
	if _, err := io.WriteString(s.stdin, line+"\n"); err != nil {
		s.t.Fatalf("test SMPP server: %s: %v; server said: %s", line, err, s.stderr.String())
	}
	var answer string
	select {
	case l, ok := <-s.lines:
		if !ok {
			s.t.Fatalf("test SMPP server: %s: server exited; it said: %s", line, s.stderr.String())
		}
		answer = l
	case <-time.After(10 * time.Second):
		s.t.Fatalf("test SMPP server: %s: no answer in 10s; server said: %s", line, s.stderr.String())
	}
	var status struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	if err := json.Unmarshal([]byte(answer), &status); err != nil {
		s.t.Fatalf("test SMPP server: %s: unreadable answer %q", line, answer)
	}
	if !status.OK {
		s.t.Fatalf("test SMPP server: %s: %s", line, status.Error)
	}
	if v != nil {
		if err := json.Unmarshal([]byte(answer), v); err != nil {
			s.t.Fatalf("test SMPP server: %s: %v", line, err)
		}
	}
}

// Pass answers the next n submit_sm normally, so that what is scripted
// after it (Throttle, Fail, …) hits later submits: Pass(1) then Throttle(1)
// throttles the second part of a long message.
func (s *Server) Pass(n int) { s.t.Helper(); s.do(nil, "pass", n) }

// Throttle answers the next n submit_sm with ESME_RTHROTTLED (0x58).
func (s *Server) Throttle(n int) { s.t.Helper(); s.do(nil, "throttle", n) }

// QueueFull answers the next n submit_sm with ESME_RMSGQFUL (0x14).
func (s *Server) QueueFull(n int) { s.t.Helper(); s.do(nil, "queuefull", n) }

// Fail answers the next n submit_sm with status, a name such as
// "ESME_RINVDSTADR" or a number.
func (s *Server) Fail(n int, status string) { s.t.Helper(); s.do(nil, "fail", n, status) }

// HangUp closes the connection on each of the next n submit_sm, after
// reading it and without answering.
func (s *Server) HangUp(n int) { s.t.Helper(); s.do(nil, "hangup", n) }

// Mute never answers the next n submit_sm.
func (s *Server) Mute(n int) { s.t.Helper(); s.do(nil, "mute", n) }

// FailPrefix makes receipts for destinations starting with prefix report
// stat (UNDELIV if empty); an empty prefix delivers everything again.
// MO sends the client a subscriber's reply from the number (digits, no +).
func (s *Server) MO(from, text string) { s.t.Helper(); s.do(nil, "mo "+from+" "+text) }

func (s *Server) FailPrefix(prefix, stat string) {
	s.t.Helper()
	if prefix == "" {
		s.do(nil, "failprefix")
		return
	}
	if stat == "" {
		stat = "UNDELIV"
	}
	s.do(nil, "failprefix", prefix, stat)
}

// SetPassword changes the password binds need from now on.
func (s *Server) SetPassword(p string) { s.t.Helper(); s.do(nil, "password", p) }

// Kick closes every connection; the server keeps listening.
func (s *Server) Kick() { s.t.Helper(); s.do(nil, "kick") }

// Down closes every connection and refuses new ones until Up.
func (s *Server) Down() { s.t.Helper(); s.do(nil, "down") }

// Up listens again on the same address.
func (s *Server) Up() { s.t.Helper(); s.do(nil, "up") }

// Reset forgets counts and submits, not settings.
func (s *Server) Reset() { s.t.Helper(); s.do(nil, "reset") }

// Counts returns what the server has seen so far.
func (s *Server) Counts() Counts {
	s.t.Helper()
	var c Counts
	s.do(&c, "counts")
	return c
}

// Submits returns every submit_sm received for dest, or all of them when
// dest is empty, in arrival order.
func (s *Server) Submits(dest string) []Submit {
	s.t.Helper()
	var v struct {
		Submits []Submit `json:"submits"`
	}
	if dest == "" {
		s.do(&v, "submits")
	} else {
		s.do(&v, "submits", dest)
	}
	return v.Submits
}

// Times returns when each submit_sm arrived, as offsets on the server's
// monotonic clock.
func (s *Server) Times() []time.Duration {
	s.t.Helper()
	var v struct {
		Times []float64 `json:"times"`
	}
	s.do(&v, "times")
	out := make([]time.Duration, len(v.Times))
	for i, ms := range v.Times {
		out[i] = time.Duration(ms * float64(time.Millisecond))
	}
	return out
}

// WaitCounts polls Counts until ok accepts them, failing the test when
// that does not happen within timeout.
func (s *Server) WaitCounts(timeout time.Duration, ok func(Counts) bool) Counts {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		c := s.Counts()
		if ok(c) {
			return c
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("test SMPP server: counts not as expected after %s: %+v", timeout, c)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stderr returns what the server wrote to stderr, for failure messages.
func (s *Server) Stderr() string { return s.stderr.String() }
