// Package email sends campaign messages as e-mail through internal/mail,
// behind dispatch.Sender. Every message carries its recipient's one-click
// unsubscribe link, in the text and in the List-Unsubscribe header.
package email

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/mail"
)

// Sender sends one e-mail per message.
type Sender struct {
	Mail    mail.Sender
	Subject string
	// Unsubscribe returns the recipient's unsubscribe address ("" when the
	// recipient is not a subscriber, e.g. a one-off list).
	Unsubscribe func(ctx context.Context, to string) string
}

// Send submits the message to the mail server. A refused address is
// rejected for good; anything else (server down, timeout) may be retried.
func (s *Sender) Send(ctx context.Context, m dispatch.Message) (string, error) {
	text := m.Text
	headers := map[string]string{}
	if s.Unsubscribe != nil {
		if u := s.Unsubscribe(ctx, m.To); u != "" {
			text = strings.TrimRight(text, "\n") + "\n\n—\nKhông muốn nhận thư này nữa: " + u + "\n"
			headers["List-Unsubscribe"] = "<" + u + ">"
			headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
		}
	}
	var b [8]byte
	rand.Read(b[:])
	id := fmt.Sprintf("m%d-%s", m.ID, hex.EncodeToString(b[:]))
	headers["X-Canhgiac-Message"] = id
	err := s.Mail.Send(ctx, mail.Message{To: []string{m.To}, Subject: s.Subject, Text: text, Headers: headers})
	switch {
	case err == nil:
		return id, nil
	case mail.IsPermanent(err):
		return "", fmt.Errorf("%w: %v", dispatch.ErrRejected, err)
	}
	return "", err
}
