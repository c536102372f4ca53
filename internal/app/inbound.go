package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/dispatch/zalo"
	"github.com/canhgiac/canhgiac/internal/inbound"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
	"github.com/canhgiac/canhgiac/internal/qrscan"
	"github.com/canhgiac/canhgiac/internal/upload"
)

// answerSMS takes a message a subscriber sent to the service number (an
// MO message that is not "TC"): a check ("KT …") or anything else, and
// sends the answer, if any, back to them through send.
func (a *App) answerSMS(ctx context.Context, from, text string, send func(ctx context.Context, to, text string) error) error {
	ex, err := a.Inbound.Handle(ctx, "sms", from, text)
	if err != nil {
		a.Log.Error("check by SMS", "from", audience.Mask(from), "err", err)
		return err
	}
	a.Log.Info("check by SMS", "from", audience.Mask(from), "kind", ex.Kind, "verdict", ex.Verdict)
	if ex.Reply == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := send(ctx, from, ex.Reply); err != nil {
		a.Log.Warn("check by SMS: answer not sent", "to", audience.Mask(from), "err", err)
		return err
	}
	return nil
}

// sendSMS sends one message through the connected message centre.
func (c *courier) sendSMS(ctx context.Context, to, text string) error {
	c.mu.RLock()
	s := c.sms
	c.mu.RUnlock()
	if s == nil {
		return errNotConnected
	}
	_, err := s.Send(ctx, dispatch.Message{To: to, Text: text})
	return err
}

// simulatedMO is the demonstration's way to send a message to the service
// number: the console's "Hộp thư thử" hands it to the simulated message
// centre as if a phone had sent it, and the answer lands in that phone's
// inbox. Nil without the simulated centre.
func (a *App) simulatedMO() func(ctx context.Context, from, text string) error {
	if a.sim == nil {
		return nil
	}
	return func(ctx context.Context, from, text string) error {
		p := normalize.Phone(from)
		if p.Kind != normalize.KindPhone {
			return fmt.Errorf("“%s” không phải số điện thoại", from)
		}
		return a.answerMO(ctx, p.Normalized, text, func(ctx context.Context, to, text string) error {
			_, err := a.sim.Send(ctx, dispatch.Message{To: to, Text: text})
			return err
		})
	}
}

// answerMO handles what a phone sent to the service number, through the
// real message centre or the demonstration's: "TC" opts the phone out
// (the phone itself sent it, so it proved who it is); anything else is
// answered as a check.
func (a *App) answerMO(ctx context.Context, from, text string, send func(ctx context.Context, to, text string) error) error {
	if !audience.IsOptOutReply(text) {
		return a.answerSMS(ctx, from, text, send)
	}
	ok, err := a.Audience.OptOut(ctx, from)
	switch {
	case err != nil:
		a.Log.Error("opt-out by SMS", "err", err)
	case ok:
		a.Log.Info("opted out by SMS", "from", audience.Mask(from))
	}
	return err
}

// zaloPicture bounds a picture a person sends to the OA: fetched from
// Zalo's address within zaloFetch, at most the upload guard's size.
const zaloFetch = 10 * time.Second

var qrPicture = upload.Rules{Types: []upload.Type{upload.JPEG, upload.PNG}, MaxFile: 8 << 20, MaxFiles: 1}

// answerZalo answers what a person wrote to the Official Account: a
// number, a link or an account (with or without "KT"), or a photograph of
// a QR code, whose content is checked; the answer goes back as an OA
// message. The same limits and help line as by SMS apply.
func (a *App) answerZalo(ctx context.Context, in zalo.Incoming, z *zalo.Sender) {
	var ex inbound.Exchange
	var err error
	if len(in.Images) > 0 {
		text, ok := a.readQR(ctx, in.Images[0])
		if ok {
			ex, err = a.Inbound.Handle(ctx, "zalo", in.UserID, "KT "+text)
		} else {
			ex, err = a.Inbound.Unreadable(ctx, "zalo", in.UserID)
		}
	} else {
		ex, err = a.Inbound.Handle(ctx, "zalo", in.UserID, in.Text)
	}
	if err != nil {
		a.Log.Error("check by Zalo", "err", err)
		return
	}
	a.Log.Info("check by Zalo", "kind", ex.Kind, "verdict", ex.Verdict)
	if ex.Reply == "" || z == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if _, err := z.Send(ctx, dispatch.Message{To: in.UserID, Text: ex.Reply}); err != nil {
		a.Log.Warn("check by Zalo: answer not sent", "err", err)
	}
}

// readQR fetches a picture a person sent and reads its QR code, through
// the same upload guard as the portal's.
func (a *App) readQR(ctx context.Context, addr string) (string, bool) {
	ctx, cancel := context.WithTimeout(ctx, zaloFetch)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, addr, nil)
	if err != nil || (req.URL.Scheme != "https" && req.URL.Scheme != "http") {
		return "", false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.Log.Warn("check by Zalo: picture not fetched", "err", err)
		return "", false
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", false
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, qrPicture.MaxFile+1))
	if err != nil {
		return "", false
	}
	f, err := upload.Check("qr", "anh-zalo", data, qrPicture)
	if err != nil {
		return "", false
	}
	text, err := qrscan.DecodeBytes(f.Data())
	return text, err == nil
}
