package audience

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/seal"
)

// Consent proven (double opt-in). A form on the portal changes nothing by
// itself: Request keeps it apart, in consent_requests, and sends a code to
// the phone (SMS) and a link to the e-mail. Only Confirm, given that code
// or link by the person who received it, applies the request — to the
// subscription of that one contact — and records when and by which channel
// consent was proven. Nothing a stranger can see differs whether a
// contact is subscribed or not: Request answers the same either way, and
// the person's token, never their contact, opens their subscription.

const (
	CodeTTL      = 15 * time.Minute // how long a code or link works
	CodesPerHour = 3                // codes sent to one contact in an hour, at most
	MaxTries     = 5                // wrong codes that void a request
)

// Eligible is the condition, on the subscribers table, of a person who may
// be sent campaign messages: consent proven and not withdrawn. The
// campaign's audience query uses it, so the rule is kept here.
const Eligible = "opted_out_at IS NULL AND confirmed_at IS NOT NULL"

// Note is one transactional message to one contact, sent at once.
type Note struct {
	Channel string // "sms" or "email"
	To      string // E.164 phone or e-mail address
	Subject string // e-mail only
	Text    string
}

// Courier sends transactional messages (confirmation codes), outside any
// campaign. Can says whether a channel is configured; Send's failures are
// the courier's to log: the person asks again, and nothing else waits.
type Courier interface {
	Can(channel string) bool
	Send(ctx context.Context, n Note) error
}

// UseCourier sets how codes and links are sent, and the portal's address
// for the links.
func (s *Service) UseCourier(c Courier, baseURL string) {
	s.courier, s.base = c, strings.TrimRight(baseURL, "/")
}

func (s *Service) can(channel string) bool { return s.courier != nil && s.courier.Can(channel) }

// Request takes a subscription form from the portal and sends a code to
// its phone and a link to its e-mail — unless that contact already had
// CodesPerHour of them in the last hour, which the answer does not tell.
// It returns the reference of the confirmation page. Zalo is carried with
// a phone or e-mail, since no code can be sent to it.
func (s *Service) Request(ctx context.Context, in Input) (ref string, err error) {
	in.Source = "portal"
	in, err = clean(in)
	v := errs.NewInvalid()
	if f := errs.FieldsOf(err); f != nil {
		for k, m := range f {
			v.Field(k, m)
		}
	} else if err != nil {
		return "", err
	}
	if strings.TrimSpace(in.Phone) == "" && strings.TrimSpace(in.Email) == "" && !v.Has("phone") {
		v.Field("phone", "Hãy ghi số điện thoại hoặc thư điện tử: chúng tôi gửi mã xác nhận đến đó. Zalo chỉ ghi kèm một trong hai.")
	}
	if in.Phone != "" && !v.Has("phone") && !s.can("sms") {
		v.Field("phone", "Hiện máy chủ chưa gửi được tin nhắn xác nhận đến điện thoại; hãy đăng ký bằng thư điện tử.")
	}
	if in.Email != "" && !v.Has("email") && !s.can("email") {
		v.Field("email", "Hiện máy chủ chưa gửi được thư xác nhận; hãy đăng ký bằng số điện thoại.")
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	body, err := json.Marshal(in)
	if err != nil {
		return "", fmt.Errorf("consent request: %w", err)
	}
	sealedBody, err := s.sealed(reqBody, string(body))
	if err != nil {
		return "", err
	}
	type to struct{ channel, contact, sealed, index string }
	var tos []to
	for _, c := range []struct{ channel, to string }{{"sms", in.Phone}, {"email", in.Email}} {
		if c.to == "" {
			continue
		}
		x := to{channel: c.channel, contact: c.to}
		if x.sealed, err = s.sealed(reqContact, c.to); err != nil {
			return "", err
		}
		if x.index, err = s.index(c.to); err != nil {
			return "", err
		}
		tos = append(tos, x)
	}
	ref = randomText(16)
	now := s.clock.Now()
	var notes []Note
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		notes = nil
		// What is not confirmed within the hour is forgotten.
		if _, err := tx.ExecContext(ctx, `DELETE FROM consent_requests WHERE created_at < $1`, now.Add(-time.Hour)); err != nil {
			return err
		}
		for _, c := range tos {
			var n int
			cond, args := s.where(2, on{"contact_index", c.contact})
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM consent_requests WHERE `+cond+` AND sent AND created_at > $1`, append([]any{now.Add(-time.Hour)}, args...)...).Scan(&n); err != nil {
				return err
			}
			secret := randomText(16)
			if c.channel == "sms" {
				secret = smsCode()
			}
			sent := n < CodesPerHour
			if _, err := tx.ExecContext(ctx, `INSERT INTO consent_requests (ref, channel, contact, contact_index, secret_hash, request, sent, created_at, expires_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, ref, c.channel, c.sealed, c.index, secretHash(ref, secret), sealedBody, sent, now, now.Add(CodeTTL)); err != nil {
				return err
			}
			if sent {
				notes = append(notes, s.note(c.channel, c.contact, ref, secret))
			}
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("consent request: %w", err)
	}
	for _, n := range notes {
		s.courier.Send(ctx, n) // a failure is the courier's to log; the answer stays the same
	}
	return ref, nil
}

// ConfirmPath is the portal's page where a code is typed, and where an
// e-mail's link leads (with the secret in ?ma=).
func ConfirmPath(ref string) string { return "/dang-ky/xac-nhan/" + ref }

func (s *Service) note(channel, to, ref, secret string) Note {
	mins := int(CodeTTL / time.Minute)
	if channel == "sms" {
		// Without marks: one SMS of GSM characters rather than a Unicode one.
		return Note{Channel: "sms", To: to, Text: fmt.Sprintf("Ma xac nhan dang ky nhan canh bao Canh Giac: %s (dung trong %d phut). Khong phai ban dang ky? Bo qua tin nay.", secret, mins)}
	}
	link := s.base + ConfirmPath(ref) + "?ma=" + secret
	return Note{Channel: "email", To: to, Subject: "Xác nhận đăng ký nhận cảnh báo lừa đảo",
		Text: fmt.Sprintf("Chào bạn,\n\nCó người vừa dùng địa chỉ thư này để đăng ký nhận cảnh báo lừa đảo của Cảnh Giác. Nếu đó là bạn, hãy mở liên kết sau và bấm “Xác nhận” (liên kết dùng được trong %d phút):\n\n%s\n\nNếu không phải bạn, hãy bỏ qua thư này: khi chưa xác nhận, chúng tôi không lưu địa chỉ của bạn vào danh sách nhận tin và không gửi gì thêm.\n", mins, link)}
}

// Confirmation is a proven consent: the person's token (for their page and
// unsubscribing), and the consent record.
type Confirmation struct {
	Token   string
	Channel string // "sms" or "email"
	Contact string // masked
	At      time.Time
}

// Confirm checks a code (or an e-mail link's secret) for the request ref
// and, when it is right, applies the request to the subscription of the
// contact it was sent to. A wrong code counts against the request; after
// MaxTries wrong ones, or CodeTTL after it was sent, the request is void.
func (s *Service) Confirm(ctx context.Context, ref, code string) (*Confirmation, error) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if code == "" {
		return nil, errs.InvalidField("code", "Hãy nhập mã xác nhận trong tin nhắn (6 chữ số) hoặc mở liên kết trong thư.")
	}
	gone := errs.InvalidField("code", fmt.Sprintf("Mã này không dùng được nữa: mã chỉ dùng trong %d phút và bị hủy sau %d lần nhập sai. Hãy đăng ký lại để nhận mã mới.", int(CodeTTL/time.Minute), MaxTries))
	now := s.clock.Now()
	var done *Confirmation
	var refusal error
	err := s.db.Transact(ctx, func(tx *sql.Tx) error {
		done, refusal = nil, nil
		type pending struct {
			id                           int64
			channel, contact, hash, body string
			sent                         bool
			tries                        int
			createdAt, expiresAt         time.Time
			confirmed                    bool
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, channel, contact, secret_hash, request, sent, tries, created_at, expires_at, confirmed_at IS NOT NULL FROM consent_requests WHERE ref = $1 ORDER BY id`, ref)
		if err != nil {
			return err
		}
		var ps []pending
		tries := 0
		for rows.Next() {
			var p pending
			if err := rows.Scan(&p.id, &p.channel, &p.contact, &p.hash, &p.body, &p.sent, &p.tries, &p.createdAt, &p.expiresAt, &p.confirmed); err != nil {
				rows.Close()
				return err
			}
			ps = append(ps, p)
			tries = max(tries, p.tries)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		open := 0
		for _, p := range ps {
			if !p.confirmed && p.sent && now.Before(p.expiresAt) {
				open++
			}
		}
		if open == 0 || tries >= MaxTries {
			refusal = gone
			return nil
		}
		want := secretHash(ref, code)
		for _, p := range ps {
			if p.confirmed || !p.sent || !now.Before(p.expiresAt) || subtle.ConstantTimeCompare([]byte(p.hash), []byte(want)) != 1 {
				continue
			}
			contact, err := s.opened(reqContact, p.contact)
			if err != nil {
				return err
			}
			body, err := s.opened(reqBody, p.body)
			if err != nil {
				return err
			}
			var in Input
			if err := json.Unmarshal([]byte(body), &in); err != nil {
				return fmt.Errorf("request %d: %w", p.id, err)
			}
			token, err := s.apply(ctx, tx, ref, p.id, p.channel, contact, in, p.createdAt, now)
			if err != nil {
				return err
			}
			done = &Confirmation{Token: token, Channel: p.channel, Contact: Mask(contact), At: now}
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE consent_requests SET tries = tries + 1 WHERE ref = $1`, ref); err != nil {
			return err
		}
		if left := MaxTries - tries - 1; left > 0 {
			refusal = errs.InvalidField("code", fmt.Sprintf("Mã không đúng. Bạn còn %d lần thử.", left))
		} else {
			refusal = errs.InvalidField("code", fmt.Sprintf("Mã không đúng. Đã sai %d lần nên mã bị hủy; hãy đăng ký lại để nhận mã mới.", MaxTries))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("confirm consent: %w", err)
	}
	if refusal != nil {
		return nil, refusal
	}
	return done, nil
}

// apply makes a proven request count: the subscription of the contact
// (found by it, or made for it) takes what the person asked, with the
// consent record. A contact proven earlier on the same form joins its
// subscription: the person showed they hold both. No other subscription
// is touched.
func (s *Service) apply(ctx context.Context, tx *sql.Tx, ref string, reqID int64, channel, contact string, in Input, askedAt, now time.Time) (string, error) {
	col := map[string]string{"sms": "phone", "email": "email"}[channel]
	if col == "" {
		return "", fmt.Errorf("request %d: unknown channel %q", reqID, channel)
	}
	sealedContact, err := s.sealed(map[string]seal.Column{"phone": subPhone, "email": subEmail}[col], contact)
	if err != nil {
		return "", err
	}
	index, err := s.index(contact)
	if err != nil {
		return "", err
	}
	st, err := s.store(Input{Zalo: in.Zalo, Name: in.Name})
	if err != nil {
		return "", err
	}
	carrier := ""
	if col == "phone" {
		carrier = carrierOf(contact)
	}
	var id int64
	var token string
	cond, args := s.where(1, on{col + "_index", contact})
	err = tx.QueryRowContext(ctx, `SELECT id, token FROM subscribers WHERE `+cond, args...).Scan(&id, &token)
	if err == sql.ErrNoRows {
		err = tx.QueryRowContext(ctx, `SELECT s.id, s.token FROM subscribers s JOIN consent_requests q ON (q.channel = 'sms' AND s.phone_index = q.contact_index) OR (q.channel = 'email' AND s.email_index = q.contact_index)
			WHERE q.ref = $1 AND q.id <> $2 AND q.confirmed_at IS NOT NULL AND q.contact_index <> '' ORDER BY s.id LIMIT 1`, ref, reqID).Scan(&id, &token)
		switch {
		case err == sql.ErrNoRows:
			token = newToken()
			err = tx.QueryRowContext(ctx, `INSERT INTO subscribers (`+col+`, `+col+`_index, carrier, groups, consent_basis, consent_text, consent_at, source, token, created_at, updated_at)
				VALUES ($1, $2, $3, '[]', 'consent', $4, $5, 'portal', $6, $7, $7) RETURNING id`, sealedContact, index, carrier, ConsentText, askedAt, token, now).Scan(&id)
		case err == nil:
			_, err = tx.ExecContext(ctx, `UPDATE subscribers SET `+col+` = $1, `+col+`_index = $2, carrier = CASE WHEN $4 THEN $3 ELSE carrier END WHERE id = $5`, sealedContact, index, carrier, col == "phone", id)
		}
	}
	if err != nil {
		return "", err
	}
	gs, _ := json.Marshal(in.Groups)
	if _, err := tx.ExecContext(ctx, `UPDATE subscribers SET zalo = CASE WHEN $1 <> '' THEN $1 ELSE zalo END, province = CASE WHEN $2 <> '' THEN $2 ELSE province END, groups = $3,
		name = CASE WHEN $4 <> '' THEN $4 ELSE name END, consent_basis = 'consent', consent_text = $5, consent_at = $6, source = 'portal',
		confirmed_at = $7, confirmed_channel = $8, opted_out_at = NULL, updated_at = $7, zalo_index = CASE WHEN $10 <> '' THEN $10 ELSE zalo_index END,
		zalo_kind = CASE WHEN $1 <> '' THEN $11 ELSE zalo_kind END WHERE id = $9`,
		st.zalo, in.Province, string(gs), st.name, ConsentText, askedAt, now, channel, id, st.zaloIndex, zaloKind(in.Zalo)); err != nil {
		return "", err
	}
	// A new, proven consent after an erasure lifts the suppression.
	if err := s.unsuppress(ctx, tx, contact); err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE consent_requests SET confirmed_at = $1 WHERE id = $2`, now, reqID); err != nil {
		return "", err
	}
	return token, nil
}

// Unsubscribe withdraws the consent of the person holding token (the link
// in every e-mail and on their page). It reports whether the token is
// known; a contact in place of a token is not.
func (s *Service) Unsubscribe(ctx context.Context, token string) (bool, error) {
	if !plausibleToken(token) {
		return false, nil
	}
	now := s.clock.Now()
	res, err := s.db.W.ExecContext(ctx, `UPDATE subscribers SET opted_out_at = COALESCE(opted_out_at, $1), updated_at = $1 WHERE token = $2`, now, token)
	if err != nil {
		return false, fmt.Errorf("unsubscribe: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Mine is a person's own subscription as their page shows it (contacts
// masked: the page's address may be seen by others on the device).
type Mine struct {
	Phone, Email, Zalo string
	Province           string
	Groups             []string
	ConsentAt          time.Time
	ConfirmedAt        *time.Time
	ConfirmedChannel   string
	OptedOut           bool
}

// ByToken returns the subscription of the person holding token, or
// errs.ErrNotFound — the same for a contact given in place of a token.
func (s *Service) ByToken(ctx context.Context, token string) (*Mine, error) {
	if !plausibleToken(token) {
		return nil, errs.ErrNotFound
	}
	var m Mine
	var groups string
	var confirmed sql.NullTime
	var st contacts
	err := s.db.R.QueryRowContext(ctx, `SELECT phone, email, zalo, province, groups, consent_at, confirmed_at, confirmed_channel, opted_out_at IS NOT NULL FROM subscribers WHERE token = $1`, token).
		Scan(&st.phone, &st.email, &st.zalo, &m.Province, &groups, &m.ConsentAt, &confirmed, &m.ConfirmedChannel, &m.OptedOut)
	if err == sql.ErrNoRows {
		return nil, errs.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("subscription by token: %w", err)
	}
	o, err := s.open(st)
	if err != nil {
		return nil, fmt.Errorf("subscription by token: %w", err)
	}
	m.Phone, m.Email, m.Zalo = o.phone, o.email, o.zalo
	json.Unmarshal([]byte(groups), &m.Groups)
	for _, c := range []*string{&m.Phone, &m.Email, &m.Zalo} {
		if *c != "" {
			*c = Mask(*c)
		}
	}
	if confirmed.Valid {
		m.ConfirmedAt = &confirmed.Time
	}
	return &m, nil
}

// plausibleToken rejects at once what cannot be a token (a phone number,
// an e-mail), without a query: tokens are 24 characters of base64url.
func plausibleToken(t string) bool {
	if len(t) < 22 || len(t) > 64 {
		return false
	}
	for _, r := range t {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func secretHash(ref, secret string) string {
	h := sha256.Sum256([]byte(ref + ":" + secret))
	return hex.EncodeToString(h[:])
}

// randomText is n random bytes in base64url: 16 give 128 bits.
func randomText(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// smsCode is six random digits.
func smsCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return fmt.Sprintf("%06d", n.Int64())
}

// contactOf is the first contact of the subscription holding token.
func (s *Service) contactOf(ctx context.Context, token string) (string, error) {
	if !plausibleToken(token) {
		return "", errs.ErrNotFound
	}
	var st contacts
	err := s.db.R.QueryRowContext(ctx, `SELECT phone, email, zalo FROM subscribers WHERE token = $1`, token).Scan(&st.phone, &st.email, &st.zalo)
	if err == sql.ErrNoRows {
		return "", errs.ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("subscription by token: %w", err)
	}
	o, err := s.open(st)
	if err != nil {
		return "", fmt.Errorf("subscription by token: %w", err)
	}
	for _, c := range []string{o.phone, o.email, o.zalo} {
		if c != "" {
			return c, nil
		}
	}
	return "", errs.ErrNotFound
}

// SubjectByToken is the person's own copy of what is kept about them,
// asked for from their page: holding the token is their proof, so the
// request is served as the system's, on their behalf (and audited).
func (s *Service) SubjectByToken(ctx context.Context, token string) (*SubjectData, error) {
	c, err := s.contactOf(ctx, token)
	if err != nil {
		return nil, err
	}
	return s.Subject(access.With(ctx, access.System()), c)
}

// EraseByToken erases the person's data on their own request, from their
// page, as Erase does for a unit acting on a request.
func (s *Service) EraseByToken(ctx context.Context, token string) error {
	c, err := s.contactOf(ctx, token)
	if err != nil {
		return err
	}
	_, err = s.Erase(access.With(ctx, access.System()), c)
	return err
}
