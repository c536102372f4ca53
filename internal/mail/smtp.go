package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"time"
)

// SMTP sends through one SMTP server (a relay: the province's mail server,
// or a provider's submission port).
type SMTP struct {
	Addr     string // host:port
	From     string // sender, optionally with a display name
	Username string // AUTH PLAIN when set
	Password string
	StartTLS bool          // upgrade with STARTTLS when the server offers it
	Timeout  time.Duration // for connecting and for the whole conversation; default 30s

	LocalName string      // name given in EHLO; default "localhost"
	TLSConfig *tls.Config // for STARTTLS; default: system roots, ServerName from Addr
}

var _ Sender = SMTP{}

// Send validates m, connects, and delivers it in one SMTP session. The
// envelope recipients are the To addresses.
//
// When StartTLS is set but the server does not offer it the message goes
// unencrypted; a password is then still safe, because net/smtp refuses to
// send PLAIN credentials over a plain connection to anything but localhost.
func (s SMTP) Send(ctx context.Context, m Message) error {
	c, err := compose(s.From, m, time.Now())
	if err != nil {
		return err
	}
	host, _, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return fmt.Errorf("địa chỉ máy chủ thư %q không hợp lệ (cần host:cổng): %w", s.Addr, err)
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return s.fail(ctx, "không kết nối được máy chủ thư", timeout, err)
	}
	// One deadline for the whole conversation, so a server that accepts the
	// connection and then says nothing cannot hold the worker.
	deadline := time.Now().Add(timeout)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	client, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return s.fail(ctx, "máy chủ thư không chào", timeout, err)
	}
	defer client.Close()
	if err := s.session(client, host, c); err != nil {
		return s.fail(ctx, "gửi thư không thành công", timeout, err)
	}
	// The message is accepted once DATA is; a failed QUIT changes nothing.
	client.Quit()
	return nil
}

// session runs the SMTP commands after the greeting.
func (s SMTP) session(client *smtp.Client, host string, c *composed) error {
	local := s.LocalName
	if local == "" {
		local = "localhost"
	}
	if err := client.Hello(local); err != nil {
		return fmt.Errorf("EHLO: %w", err)
	}
	if s.StartTLS {
		if ok, _ := client.Extension("STARTTLS"); ok {
			cfg := &tls.Config{MinVersion: tls.VersionTLS12}
			if s.TLSConfig != nil {
				cfg = s.TLSConfig.Clone()
			}
			if cfg.ServerName == "" {
				cfg.ServerName = host
			}
			if err := client.StartTLS(cfg); err != nil {
				return fmt.Errorf("STARTTLS: %w", err)
			}
		}
	}
	if s.Username != "" {
		// The error names the user, never the password.
		if err := client.Auth(smtp.PlainAuth("", s.Username, s.Password, host)); err != nil {
			return fmt.Errorf("đăng nhập máy chủ thư với tài khoản %q: %w", s.Username, err)
		}
	}
	if err := client.Mail(c.from); err != nil {
		return fmt.Errorf("MAIL FROM <%s>: %w", c.from, err)
	}
	for _, r := range c.rcpt {
		if err := client.Rcpt(r); err != nil {
			re := &rcptError{addr: r, err: err}
			var te *textproto.Error
			if errors.As(err, &te) {
				re.code = te.Code
			}
			return re
		}
	}
	w, err := client.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(c.data); err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("DATA: máy chủ không nhận thư: %w", err)
	}
	return nil
}

// fail wraps err with what was being done and where, and says plainly when
// the cause was a timeout or a cancelled context.
func (s SMTP) fail(ctx context.Context, what string, timeout time.Duration, err error) error {
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("%s %s: hết thời hạn (%w): %v", what, s.Addr, ctx.Err(), err)
	case ctx.Err() != nil:
		return fmt.Errorf("%s %s: đã hủy (%w): %v", what, s.Addr, ctx.Err(), err)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("%s %s: máy chủ không trả lời trong %s: %w", what, s.Addr, timeout, err)
	}
	return fmt.Errorf("%s %s: %w", what, s.Addr, err)
}
