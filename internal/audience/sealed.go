package audience

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/seal"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// The personal data audience keeps, sealed at rest (seal): a subscriber's
// contacts and name, and a pending request's contact and what the form
// carried. Each contact that is looked up has a blind index of its normal
// form (NormalContact), which answers "who has this phone?" and holds the
// unique constraints without the contact being stored in clear. What
// campaigns filter on (province, groups, carrier, consent, opt-out) stays
// in clear beside it, so a segment is one SQL query.
var (
	subPhone   = seal.Column{Table: "subscribers", ID: "id", Name: "phone", Index: "phone_index", Normal: NormalContact}
	subEmail   = seal.Column{Table: "subscribers", ID: "id", Name: "email", Index: "email_index", Normal: NormalContact}
	subZalo    = seal.Column{Table: "subscribers", ID: "id", Name: "zalo", Index: "zalo_index", Normal: NormalContact}
	subName    = seal.Column{Table: "subscribers", ID: "id", Name: "name"}
	reqContact = seal.Column{Table: "consent_requests", ID: "id", Name: "contact", Index: "contact_index", Normal: NormalContact}
	reqBody    = seal.Column{Table: "consent_requests", ID: "id", Name: "request"}
	// An erased contact is remembered only as its SHA-256 (ContactHash),
	// sealed, with a blind index of that digest for the lookups: a copy of
	// the database cannot be asked whether a known number was erased, and a
	// rotation re-seals and re-indexes it like any sealed value.
	supHash = seal.Column{Table: "suppressions", ID: "id", Name: "contact_hash", Index: "contact_index"}
)

// SealedColumns are audience's sealed columns, for the start-up check, the
// start-up pass that seals values written before sealing, and rotation.
func SealedColumns() []seal.Column {
	return []seal.Column{subPhone, subEmail, subZalo, subName, reqContact, reqBody, supHash}
}

// UseKeys gives the service the keys that seal subscribers' data. Without
// keys no subscription can be stored (nothing is stored in clear).
func (s *Service) UseKeys(k *seal.Keys) { s.keys = k }

// NormalContact is the form a contact is indexed by: a phone as E.164, an
// e-mail in lower case, anything else (a Zalo id) trimmed.
func NormalContact(contact string) string { return normalContact(contact) }

// errNoKey is what a person sees when the server has no sealing key.
func errNoKey(field string) error {
	return errs.InvalidField(field, "Máy chủ chưa được cấu hình khóa bảo vệ dữ liệu cá nhân nên chưa thể lưu đăng ký; vui lòng thử lại sau.")
}

// sealed is v sealed for column c.
func (s *Service) sealed(c seal.Column, v string) (string, error) {
	out, err := s.keys.Seal(c.Where(), v)
	if errors.Is(err, seal.ErrNoKey) {
		return "", errNoKey("phone")
	}
	return out, err
}

// opened is the plain text of a value stored in column c.
func (s *Service) opened(c seal.Column, v string) (string, error) {
	if v == "" {
		return "", nil
	}
	out, err := s.keys.Open(c.Where(), v)
	if err != nil {
		return "", fmt.Errorf("open %s: %w", c.Where(), err)
	}
	return out, nil
}

// index is the blind index of a contact under the current key, as it is
// written beside the contact ("" for no contact).
func (s *Service) index(contact string) (string, error) {
	if contact == "" {
		return "", nil
	}
	out, err := s.keys.Index(NormalContact(contact))
	if errors.Is(err, seal.ErrNoKey) {
		return "", errNoKey("phone")
	}
	return out, err
}

// indexes are a contact's blind indexes under every loaded key: a lookup
// asks for any of them, since rows not yet re-sealed in a rotation carry
// their old key's index. No key: no index, and nothing can match.
func (s *Service) indexes(contact string) []string {
	if contact == "" || s.keys == nil {
		return nil
	}
	ix, err := s.keys.Indexes(NormalContact(contact))
	if err != nil {
		return nil
	}
	return ix
}

// on is a column of blind indexes and the contact looked up in it.
type on struct{ col, contact string }

// where is the SQL condition "one of these columns holds its contact's
// index under one of the loaded keys", with its placeholders numbered from
// $from. A column whose contact is empty is left out (so the other terms
// keep their indexes); with nothing to look up it matches nothing.
func (s *Service) where(from int, ons ...on) (string, []any) {
	var terms []string
	var args []any
	for _, o := range ons {
		ixs := s.indexes(o.contact)
		if len(ixs) == 0 {
			continue
		}
		ph := make([]string, len(ixs))
		for i, x := range ixs {
			ph[i] = fmt.Sprintf("$%d", from+len(args))
			args = append(args, x)
		}
		// "<> ''" lets SQLite use the partial indexes on these columns.
		terms = append(terms, "("+o.col+" <> '' AND "+o.col+" IN ("+strings.Join(ph, ", ")+"))")
	}
	if len(terms) == 0 {
		return "1 = 0", nil
	}
	return "(" + strings.Join(terms, " OR ") + ")", args
}

// anyContact is the condition on subscribers "has this contact" (phone,
// e-mail or Zalo id), numbered from $from.
func (s *Service) anyContact(contact string, from int) (string, []any) {
	return s.where(from, on{"phone_index", contact}, on{"email_index", contact}, on{"zalo_index", contact})
}

// carrierOf is the carrier code of a phone ("" when unknown), kept in
// clear so that campaigns can count and route by carrier without the phone.
func carrierOf(phone string) string {
	if c, ok := vn.CarrierOf(phone); ok {
		return c.Code
	}
	return ""
}

// contacts are a subscriber's contacts as stored, and their opening.
type contacts struct{ phone, email, zalo, name string }

func (s *Service) open(c contacts) (contacts, error) {
	var out contacts
	var err error
	if out.phone, err = s.opened(subPhone, c.phone); err != nil {
		return out, err
	}
	if out.email, err = s.opened(subEmail, c.email); err != nil {
		return out, err
	}
	if out.zalo, err = s.opened(subZalo, c.zalo); err != nil {
		return out, err
	}
	out.name, err = s.opened(subName, c.name)
	return out, err
}

// Messages is what audience asks of the package that keeps the messages
// sent to people (dispatch), for a person's copy of their data and its
// erasure; audience never reads the messages table itself.
type Messages interface {
	// SentTo lists the messages to any contact with one of these blind
	// indexes, texts opened, oldest first.
	SentTo(ctx context.Context, indexes []string) ([]Sent, error)
	// EraseTo removes the contact and text of those messages, in tx, and
	// skips what was still to be sent; it returns how many it changed.
	EraseTo(ctx context.Context, tx *sql.Tx, indexes []string) (int, error)
}

// UseMessages gives the service the messages' keeper.
func (s *Service) UseMessages(m Messages) { s.messages = m }
