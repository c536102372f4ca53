// Package mailtest starts the real SMTP server of testdata/smtp (Node's
// smtp-server with mailparser) for tests of any package that sends mail,
// and collects what it received, decoded.
//
// It is for tests only and must not be imported by program code. When node
// or testdata/smtp/node_modules is missing the test is skipped with the
// reason, unless CANHGIAC_TEST_SMTP=required (CI), where it fails instead.
package mailtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/testutil/nodepeer"
)

// RequiredEnv names the variable that turns a skip into a failure.
const RequiredEnv = "CANHGIAC_TEST_SMTP"

// Received is one message as the server got it.
type Received struct {
	From    string            `json:"from"`    // envelope sender
	To      []string          `json:"to"`      // envelope recipients
	Subject string            `json:"subject"` // decoded
	Text    string            `json:"text"`    // decoded body
	User    string            `json:"user"`    // who logged in; "" without AUTH
	TLS     bool              `json:"tls"`     // whether STARTTLS was used
	Headers map[string]string `json:"headers"` // raw header values by lower-case name
}

// Server is a running test SMTP server on 127.0.0.1.
type Server struct {
	Addr string // host:port

	t       testing.TB
	roots   *x509.CertPool
	mu      sync.Mutex
	msgs    []Received
	changed chan struct{} // closed and replaced on every message
	stderr  *nodepeer.Buffer
}

// Start starts a server without TLS; it accepts any login or none. It is
// stopped when the test ends.
func Start(t testing.TB) *Server { t.Helper(); return start(t, false) }

// StartTLS starts a server that offers STARTTLS with a certificate made for
// this test; TLSConfig returns a client configuration that trusts it.
func StartTLS(t testing.TB) *Server { t.Helper(); return start(t, true) }

// TLSConfig trusts the certificate of a StartTLS server.
func (s *Server) TLSConfig() *tls.Config {
	return &tls.Config{RootCAs: s.roots, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
}

func start(t testing.TB, withTLS bool) *Server {
	t.Helper()
	s := &Server{t: t, changed: make(chan struct{})}
	var args []string
	if withTLS {
		key, cert := s.makeCert()
		args = append(args, "--starttls", "--key", key, "--cert", cert)
	}
	p := nodepeer.Start(t, nodepeer.Spec{Name: "SMTP", Dir: "smtp", Module: "smtp-server", RequiredEnv: RequiredEnv, Args: args})
	s.Addr, s.stderr = p.Addr, p.Stderr
	go s.read(p.Lines)
	return s
}

// read takes one JSON message per line.
func (s *Server) read(lines <-chan string) {
	for line := range lines {
		var m Received
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			s.stderr.WriteString("unreadable line from server.js: " + line + "\n")
			continue
		}
		s.mu.Lock()
		s.msgs = append(s.msgs, m)
		close(s.changed)
		s.changed = make(chan struct{})
		s.mu.Unlock()
	}
}

// Messages returns what has arrived so far, in order.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// Wait returns the messages once at least n have arrived, failing the test
// that started the server when they do not within timeout (so call it from
// that test's goroutine).
func (s *Server) Wait(n int, timeout time.Duration) []Received {
	s.t.Helper()
	limit := time.NewTimer(timeout)
	defer limit.Stop()
	for {
		s.mu.Lock()
		if len(s.msgs) >= n {
			out := append([]Received(nil), s.msgs...)
			s.mu.Unlock()
			return out
		}
		ch, have := s.changed, len(s.msgs)
		s.mu.Unlock()
		select {
		case <-ch:
		case <-limit.C:
			s.t.Fatalf("test SMTP server got %d messages in %s, want %d; server said: %s", have, timeout, n, s.stderr.String())
			return nil
		}
	}
}

// makeCert writes a fresh self-signed certificate for 127.0.0.1 and keeps
// it as the only root TLSConfig trusts.
func (s *Server) makeCert() (keyFile, certFile string) {
	t := s.t
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "canhgiac test SMTP"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	s.roots = x509.NewCertPool()
	s.roots.AddCert(cert)
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	keyFile, certFile = filepath.Join(dir, "key.pem"), filepath.Join(dir, "cert.pem")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return keyFile, certFile
}
