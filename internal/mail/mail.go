// Package mail owns sending e-mail: composing a plain-text UTF-8 message
// that keeps Vietnamese intact (encoded headers, quoted-printable body) and
// handing it to an SMTP server. It validates addresses before it connects.
//
// It must not decide who gets what or when (that is the callers', through
// the job queue), retry (the queue does), keep state, or log secrets: it
// logs nothing at all and its errors never contain the password.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"sort"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/errs"
)

// Message is one plain-text e-mail. To entries may carry a display name
// ("Sở Nông nghiệp <vp@snn.gov.vn>"). Headers adds headers of the caller's
// own (e.g. "Reply-To", "X-Canhgiac-Job"); it may not replace those Send
// writes itself.
type Message struct {
	To      []string
	Subject string
	Text    string
	Headers map[string]string
}

// Sender sends a message; SMTP is the real one, tests may use their own.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// badAddress is the error for an address that cannot be used. It is an
// invalid-input error with a Vietnamese message, since the address usually
// comes from a person's form.
func badAddress(a string) error {
	return &errs.Error{Kind: errs.KindInvalid, VI: fmt.Sprintf("địa chỉ thư %q không hợp lệ", a)}
}

// ErrNoRecipient is returned for a message with nobody in To.
var ErrNoRecipient = &errs.Error{Kind: errs.KindInvalid, VI: "thư không có người nhận"}

// parseAddress accepts one address, with or without a display name.
func parseAddress(s string) (*mail.Address, error) {
	a, err := mail.ParseAddress(strings.TrimSpace(s))
	if err != nil || !strings.Contains(a.Address, "@") {
		return nil, badAddress(s)
	}
	return a, nil
}

// formatAddress writes an address for a header. Non-ASCII display names use
// the B encoding: for Vietnamese it is far shorter than Q (which net/mail
// would use), since nearly every other letter carries a diacritic.
func formatAddress(a *mail.Address) string {
	if a.Name == "" || !needsEncoding(a.Name) {
		return a.String()
	}
	return mime.BEncoding.Encode("utf-8", a.Name) + " <" + a.Address + ">"
}

func needsEncoding(s string) bool {
	for _, r := range s {
		if r < ' ' || r > '~' {
			return true
		}
	}
	return false
}

// reserved are the headers compose writes; Message.Headers may not set them.
var reserved = map[string]bool{
	"From": true, "To": true, "Cc": true, "Bcc": true, "Subject": true, "Date": true, "Message-Id": true,
	"Mime-Version": true, "Content-Type": true, "Content-Transfer-Encoding": true,
}

// composed is a validated message ready for the SMTP conversation.
type composed struct {
	from string   // envelope sender
	rcpt []string // envelope recipients
	data []byte   // the message with CRLF line ends, not dot-stuffed
}

// compose validates m and writes it out. Everything that can be refused is
// refused here, before any connection is made.
func compose(fromHeader string, m Message, now time.Time) (*composed, error) {
	from, err := parseAddress(fromHeader)
	if err != nil {
		return nil, err
	}
	if len(m.To) == 0 {
		return nil, ErrNoRecipient
	}
	c := &composed{from: from.Address}
	to := make([]string, 0, len(m.To))
	for _, s := range m.To {
		a, err := parseAddress(s)
		if err != nil {
			return nil, err
		}
		c.rcpt = append(c.rcpt, a.Address)
		to = append(to, formatAddress(a))
	}

	var b bytes.Buffer
	header := func(name, value string) { b.WriteString(fold(name + ": " + value)) }
	header("From", formatAddress(from))
	header("To", strings.Join(to, ", "))
	// Line breaks in a subject would end the header; they are spaces there.
	subject := strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(m.Subject)
	header("Subject", mime.BEncoding.Encode("utf-8", subject))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", messageID(from.Address))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	names := make([]string, 0, len(m.Headers))
	for k := range m.Headers {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v := m.Headers[k]
		if !validHeaderName(k) || reserved[textproto.CanonicalMIMEHeaderKey(k)] {
			return nil, fmt.Errorf("mail: header %q cannot be set by the caller", k)
		}
		if strings.ContainsAny(v, "\r\n") {
			return nil, fmt.Errorf("mail: header %s: value contains a line break", k)
		}
		header(k, mime.BEncoding.Encode("utf-8", v))
	}
	b.WriteString("\r\n")

	// Normalise line ends first: quoted-printable keeps them as they are,
	// and SMTP wants CRLF.
	text := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(m.Text)
	text = strings.ReplaceAll(text, "\n", "\r\n")
	if !strings.HasSuffix(text, "\r\n") {
		text += "\r\n"
	}
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(text)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	c.data = b.Bytes()
	return c, nil
}

func validHeaderName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; c < '!' || c > '~' || c == ':' {
			return false
		}
	}
	return true
}

// messageID makes a unique id in the sender's domain, as RFC 5322 asks.
func messageID(from string) string {
	domain := from[strings.LastIndexByte(from, '@')+1:]
	var r [16]byte
	rand.Read(r[:])
	return "<" + hex.EncodeToString(r[:]) + "@" + domain + ">"
}

// fold breaks a header line at spaces so lines stay under 78 characters
// where the text allows (encoded words are at most 75 long, and the mime
// encoder separates them with spaces), and ends it with CRLF. The first word
// stays beside the field name even when that line is a little longer: a
// name alone on its line is legal but trips up some old readers.
func fold(line string) string {
	const limit = 78
	if len(line) <= limit {
		return line + "\r\n"
	}
	var out strings.Builder
	cur := 0 // length of the current output line
	for i, word := range strings.Split(line, " ") {
		switch {
		case i == 0:
		case cur+1+len(word) > limit && i > 1:
			out.WriteString("\r\n")
			cur = 0
			fallthrough
		default:
			out.WriteByte(' ')
			cur++
		}
		out.WriteString(word)
		cur += len(word)
	}
	out.WriteString("\r\n")
	return out.String()
}

// IsPermanent reports whether sending again cannot help: the address was
// refused before sending, or the server rejected a recipient for good (a
// 5xx reply to RCPT). Other failures (connection, timeout, 4xx, a login the
// administrator may still fix) are worth retrying.
func IsPermanent(err error) bool {
	if errs.KindOf(err) == errs.KindInvalid {
		return true
	}
	var re *rcptError
	return errors.As(err, &re) && re.code >= 500
}

// rcptError is a recipient the server refused.
type rcptError struct {
	addr string
	code int
	err  error
}

func (e *rcptError) Error() string {
	return fmt.Sprintf("máy chủ thư từ chối người nhận %s: %v", e.addr, e.err)
}

func (e *rcptError) Unwrap() error { return e.err }
