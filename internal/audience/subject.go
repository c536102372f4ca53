package audience

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
)

// Requests of a data subject (Nghị định 13/2023): what is kept about a
// contact, a copy of it, and its erasure.

// normalContact reads a phone or an e-mail the way they are stored.
func normalContact(contact string) string {
	c := strings.TrimSpace(contact)
	if strings.Contains(c, "@") {
		return strings.ToLower(c)
	}
	if r := normalize.Phone(c); r.Kind == normalize.KindPhone {
		return r.Normalized
	}
	return c
}

// ContactHash is the digest an erased contact is remembered by; it is
// stored sealed, and looked up by its blind index (suppressionIndexes).
func ContactHash(contact string) string {
	h := sha256.Sum256([]byte(normalContact(contact)))
	return hex.EncodeToString(h[:])
}

// suppressionIndexes are the blind indexes of a contact's digest under
// every loaded key, as suppressions.contact_index holds them.
func (s *Service) suppressionIndexes(contact string) []string {
	if contact == "" || s.keys == nil {
		return nil
	}
	ix, err := s.keys.Indexes(ContactHash(contact))
	if err != nil {
		return nil
	}
	return ix
}

// suppress remembers that contact was erased, so it is never messaged
// again unless the person consents anew.
func (s *Service) suppress(ctx context.Context, tx *sql.Tx, contact string) error {
	if err := s.unsuppress(ctx, tx, contact); err != nil {
		return err
	}
	h := ContactHash(contact)
	sealed, err := s.sealed(supHash, h)
	if err != nil {
		return err
	}
	ix, err := s.keys.Index(h)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO suppressions (contact_hash, contact_index, reason) VALUES ($1, $2, 'erased')`, sealed, ix); err != nil {
		return fmt.Errorf("suppress: %w", err)
	}
	return nil
}

// unsuppress forgets a contact's erasure (a new, proven consent). A row
// still holding the digest in clear (written before suppressions were
// keyed, on a server without a key) is matched by the digest itself.
func (s *Service) unsuppress(ctx context.Context, tx *sql.Tx, contact string) error {
	args := []any{ContactHash(contact)}
	cond := "contact_hash = $1"
	if ixs := s.suppressionIndexes(contact); len(ixs) > 0 {
		ph := make([]string, len(ixs))
		for i, x := range ixs {
			args = append(args, x)
			ph[i] = fmt.Sprintf("$%d", i+2)
		}
		cond += " OR contact_index IN (" + strings.Join(ph, ", ") + ")"
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM suppressions WHERE `+cond, args...); err != nil {
		return fmt.Errorf("unsuppress: %w", err)
	}
	return nil
}

// SubjectData is everything kept about one contact.
type SubjectData struct {
	Contact      string     `json:"contact"`
	Subscription *Record    `json:"subscription,omitempty"`
	Messages     []Sent     `json:"messages"`
	ExportedAt   time.Time  `json:"exported_at"`
	OptedOutAt   *time.Time `json:"opted_out_at,omitempty"`
}

// Record is a subscription as stored.
type Record struct {
	Name          string    `json:"name,omitempty"`
	Phone         string    `json:"phone,omitempty"`
	Email         string    `json:"email,omitempty"`
	Zalo          string    `json:"zalo,omitempty"`
	Province      string    `json:"province,omitempty"`
	Groups        []string  `json:"groups"`
	ConsentBasis  string    `json:"consent_basis"`
	ConsentText   string    `json:"consent_text"`
	ConsentAt     time.Time `json:"consent_at"`
	ConsentSource string    `json:"consent_source"`
}

// Sent is a message sent to the contact.
type Sent struct {
	To      string    `json:"to"`
	Channel string    `json:"channel"`
	Text    string    `json:"text"`
	State   string    `json:"state"`
	At      time.Time `json:"at"`
}

// manager returns the actor when they may answer a data subject's request
// about contact c: the person is on record in the actor's area (the
// national level also answers for contacts with no record, such as a
// message's recipient who never subscribed).
func (s *Service) manager(ctx context.Context, c string) (*access.Actor, error) {
	area, err := s.area(ctx)
	if err != nil {
		return nil, err
	}
	if area.All {
		return access.From(ctx), nil
	}
	var province string
	cond, args := s.anyContact(c, 1)
	err = s.db.R.QueryRowContext(ctx, `SELECT province FROM subscribers WHERE `+cond+` ORDER BY id LIMIT 1`, args...).Scan(&province)
	if err != nil && err != sql.ErrNoRows {
		return nil, err
	}
	if err == sql.ErrNoRows || !area.Has(province) {
		return nil, outsideArea(area)
	}
	return access.From(ctx), nil
}

// Subject returns what is kept about a contact (for the person's copy).
func (s *Service) Subject(ctx context.Context, contact string) (*SubjectData, error) {
	c := normalContact(contact)
	if c == "" {
		return nil, errs.InvalidField("contact", "Nhập số điện thoại hoặc thư điện tử của người yêu cầu.")
	}
	a, err := s.manager(ctx, c)
	if err != nil {
		return nil, err
	}
	d := &SubjectData{Contact: c, ExportedAt: s.clock.Now(), Messages: []Sent{}}
	var r Record
	var groups string
	var out sql.NullTime
	var st contacts
	cond, args := s.anyContact(c, 1)
	err = s.db.R.QueryRowContext(ctx, `SELECT name, phone, email, zalo, province, groups, consent_basis, consent_text, consent_at, source, opted_out_at FROM subscribers
		WHERE `+cond+` ORDER BY id LIMIT 1`, args...).
		Scan(&st.name, &st.phone, &st.email, &st.zalo, &r.Province, &groups, &r.ConsentBasis, &r.ConsentText, &r.ConsentAt, &r.ConsentSource, &out)
	switch {
	case err == nil:
		o, err := s.open(st)
		if err != nil {
			return nil, err
		}
		r.Name, r.Phone, r.Email, r.Zalo = o.name, o.phone, o.email, o.zalo
		json.Unmarshal([]byte(groups), &r.Groups)
		d.Subscription = &r
		if out.Valid {
			d.OptedOutAt = &out.Time
		}
	case err != sql.ErrNoRows:
		return nil, err
	}
	// The messages to every contact of the person, not only the one given.
	if s.messages != nil {
		var ixs []string
		for _, x := range personContacts(c, d.Subscription) {
			ixs = append(ixs, s.indexes(x)...)
		}
		if d.Messages, err = s.messages.SentTo(ctx, ixs); err != nil {
			return nil, err
		}
		if d.Messages == nil {
			d.Messages = []Sent{}
		}
	}
	what := "Trích xuất dữ liệu theo yêu cầu của " + Mask(c)
	if a.IsSystem() {
		what = "Người đăng ký tự tải bản sao dữ liệu của mình (" + Mask(c) + ")"
	}
	if err := s.db.Transact(ctx, func(tx *sql.Tx) error {
		return audit.Record(ctx, tx, s.clock.Now(), audit.Entry{Action: "subscriber.export", Entity: "subscriber", EntityKey: Mask(c), UnitID: a.UnitID, Summary: what}, nil, nil)
	}); err != nil {
		return nil, fmt.Errorf("export %s: audit: %w", Mask(c), err)
	}
	return d, nil
}

// personContacts are the contact given and the others on the person's
// subscription, each once.
func personContacts(c string, r *Record) []string {
	out := []string{c}
	if r != nil {
		for _, x := range []string{r.Phone, r.Email, r.Zalo} {
			if x != "" && !contains(out, x) {
				out = append(out, x)
			}
		}
	}
	return out
}

// Erase deletes a subscription and the contact from sent messages,
// keeping only its hash so the person is never messaged again.
func (s *Service) Erase(ctx context.Context, contact string) (int, error) {
	c := normalContact(contact)
	if c == "" {
		return 0, errs.InvalidField("contact", "Nhập số điện thoại hoặc thư điện tử của người yêu cầu.")
	}
	a, err := s.manager(ctx, c)
	if err != nil {
		return 0, err
	}
	var n int64
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		// Every contact of the person: the one given and those on their row.
		var st contacts
		cond, args := s.anyContact(c, 1)
		err := tx.QueryRowContext(ctx, `SELECT phone, email, zalo, name FROM subscribers WHERE `+cond+` ORDER BY id LIMIT 1`, args...).Scan(&st.phone, &st.email, &st.zalo, &st.name)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		o, err := s.open(st)
		if err != nil {
			return err
		}
		contacts := personContacts(c, &Record{Phone: o.phone, Email: o.email, Zalo: o.zalo})
		res, err := tx.ExecContext(ctx, `DELETE FROM subscribers WHERE `+cond, args...)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		for _, x := range contacts {
			// The messages' texts go too (they may carry the name), and so
			// do the other contacts kept for a next channel; what was still
			// to be sent is not sent.
			if s.messages != nil {
				m, err := s.messages.EraseTo(ctx, tx, s.indexes(x))
				if err != nil {
					return err
				}
				n += int64(m)
			}
			if err := s.suppress(ctx, tx, x); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, s.clock.Now(), audit.Entry{Action: "subscriber.erase", Entity: "subscriber", EntityKey: Mask(c), UnitID: a.UnitID,
			Summary: "Xóa dữ liệu theo yêu cầu của " + Mask(c)}, nil, nil)
	})
	return int(n), err
}
