package dispatch

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/seal"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// A message's recipient, its text (which may carry the person's name) and
// the later channels kept for a refusal are sealed at rest (seal). The
// recipient has a blind index, for a person's copy of their data, its
// erasure and the daily cap; receipts find messages by the channel's id.
// The carrier of an SMS recipient is kept in clear, for the figures.
var (
	msgRecipient = seal.Column{Table: "messages", ID: "id", Name: "recipient", Index: "recipient_index", Normal: audience.NormalContact}
	msgText      = seal.Column{Table: "messages", ID: "id", Name: "text"}
	msgFallback  = seal.Column{Table: "messages", ID: "id", Name: "fallback"}
)

// SealedColumns are dispatch's sealed columns, for the start-up check, the
// start-up pass that seals values written before sealing, and rotation.
func SealedColumns() []seal.Column { return []seal.Column{msgRecipient, msgText, msgFallback} }

// Audience is what dispatch asks of the package that keeps the people
// (audience): who may be messaged, and the standing of a contact (opted
// out, consent proven, erased). Dispatch never reads the subscribers or
// suppressions tables itself.
type Audience interface {
	// EachReachable hands fn the people of a segment who may be messaged,
	// a page at a time, in the order they subscribed.
	EachReachable(ctx context.Context, seg audience.Segment, size int, fn func([]audience.Person) error) error
	// ReachablePage reads one page of them after a subscriber id (and not
	// after until): the runner writes a large campaign's messages so.
	ReachablePage(ctx context.Context, seg audience.Segment, after, until int64, size int) ([]audience.Person, int64, bool, error)
	// LastID is the newest subscriber's id: where a prepared audience ends.
	LastID(ctx context.Context) (int64, error)
	// Tally counts them by what a preview needs (contacts, name), in SQL.
	Tally(ctx context.Context, seg audience.Segment) ([]audience.Shape, error)
	// StandingOf reads, in tx, the standing of a page's contacts.
	StandingOf(ctx context.Context, tx *sql.Tx, contacts []string) (*audience.Standing, error)
}

// errNoKey: nothing is stored in clear.
var errNoKey = errs.InvalidField("template", "Máy chủ chưa được cấu hình khóa bảo vệ dữ liệu cá nhân (CANHGIAC_KEY_FILE hoặc CANHGIAC_KEY) nên chưa thể lưu tin nhắn cho người nhận; hãy báo quản trị hệ thống.")

// sealedRow is a message's recipient and text as written.
type sealedRow struct{ to, index, text, fallback, carrier string }

// sealRow seals what a message row carries about its recipient.
func (s *Service) sealRow(channel, to, text, fallback string) (sealedRow, error) {
	r := sealedRow{}
	var err error
	if r.to, err = s.keys.Seal(msgRecipient.Where(), to); err != nil {
		return r, noKey(err)
	}
	if r.index, err = s.keys.Index(audience.NormalContact(to)); err != nil {
		return r, noKey(err)
	}
	if r.text, err = s.keys.Seal(msgText.Where(), text); err != nil {
		return r, noKey(err)
	}
	if r.fallback, err = s.keys.Seal(msgFallback.Where(), fallback); err != nil {
		return r, noKey(err)
	}
	if channel == "sms" || channel == "webhook" || channel == "" {
		if c, ok := vn.CarrierOf(to); ok {
			r.carrier = c.Code
		}
	}
	return r, nil
}

func noKey(err error) error {
	if errors.Is(err, seal.ErrNoKey) {
		return errNoKey
	}
	return err
}

// open is the plain text of a value of a message column.
func (s *Service) open(c seal.Column, v string) (string, error) {
	if v == "" {
		return "", nil
	}
	out, err := s.keys.Open(c.Where(), v)
	if err != nil {
		return "", fmt.Errorf("open %s: %w", c.Where(), err)
	}
	return out, nil
}

// carrierName is the name of a carrier code ("Khác" when unknown).
func carrierName(code, to string) string {
	for _, c := range vn.Carriers {
		if c.Code == code {
			return c.Name
		}
	}
	if c, ok := vn.CarrierOf(to); ok { // a row written before carriers were kept
		return c.Name
	}
	return "Khác"
}

// inList is "col IN ($from, …)" over ixs; with none it matches nothing.
func inList(col string, ixs []string, from int) (string, []any) {
	if len(ixs) == 0 {
		return "1 = 0", nil
	}
	ph := make([]string, len(ixs))
	args := make([]any, len(ixs))
	for i, x := range ixs {
		ph[i], args[i] = fmt.Sprintf("$%d", from+i), x
	}
	return col + " IN (" + strings.Join(ph, ", ") + ")", args
}

// SentTo lists the messages to the contacts with these blind indexes,
// opened, for the person's copy of their data (audience.Messages).
func (s *Service) SentTo(ctx context.Context, indexes []string) ([]audience.Sent, error) {
	cond, args := inList("recipient_index", indexes, 1)
	rows, err := s.db.R.QueryContext(ctx, `SELECT recipient, channel, text, state, created_at FROM messages WHERE `+cond+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("messages of a person: %w", err)
	}
	defer rows.Close()
	var out []audience.Sent
	for rows.Next() {
		var m audience.Sent
		if err := rows.Scan(&m.To, &m.Channel, &m.Text, &m.State, &m.At); err != nil {
			return nil, fmt.Errorf("messages of a person: %w", err)
		}
		if m.To, err = s.open(msgRecipient, m.To); err != nil {
			return nil, err
		}
		if m.Text, err = s.open(msgText, m.Text); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// EraseTo removes the recipient, text and later channels of the messages
// to the contacts with these indexes; what was still queued is skipped
// (audience.Messages, in the erasure's transaction).
func (s *Service) EraseTo(ctx context.Context, tx *sql.Tx, indexes []string) (int, error) {
	cond, args := inList("recipient_index", indexes, 1)
	res, err := tx.ExecContext(ctx, `UPDATE messages SET recipient = '', recipient_index = '', text = '', fallback = '',
		error = CASE WHEN state = 'queued' THEN 'người nhận đã yêu cầu xóa dữ liệu' ELSE error END,
		state = CASE WHEN state = 'queued' THEN 'skipped' ELSE state END WHERE `+cond, args...)
	if err != nil {
		return 0, fmt.Errorf("erase messages: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
