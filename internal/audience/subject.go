package audience

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
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

// ContactHash is how an erased contact is remembered.
func ContactHash(contact string) string {
	h := sha256.Sum256([]byte(normalContact(contact)))
	return hex.EncodeToString(h[:])
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
	Text  string    `json:"text"`
	State string    `json:"state"`
	At    time.Time `json:"at"`
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
	err = s.db.R.QueryRowContext(ctx, `SELECT province FROM subscribers WHERE (phone <> '' AND phone = $1) OR (email <> '' AND email = $1) OR (zalo <> '' AND zalo = $1) ORDER BY id LIMIT 1`, c).Scan(&province)
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
	err = s.db.R.QueryRowContext(ctx, `SELECT name, phone, email, zalo, province, groups, consent_basis, consent_text, consent_at, source, opted_out_at FROM subscribers
		WHERE (phone <> '' AND phone = $1) OR (email <> '' AND email = $1) OR (zalo <> '' AND zalo = $1)`, c).
		Scan(&r.Name, &r.Phone, &r.Email, &r.Zalo, &r.Province, &groups, &r.ConsentBasis, &r.ConsentText, &r.ConsentAt, &r.ConsentSource, &out)
	switch {
	case err == nil:
		json.Unmarshal([]byte(groups), &r.Groups)
		d.Subscription = &r
		if out.Valid {
			d.OptedOutAt = &out.Time
		}
	case err != sql.ErrNoRows:
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT text, state, created_at FROM messages WHERE recipient = $1 ORDER BY id`, c)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m Sent
		if err := rows.Scan(&m.Text, &m.State, &m.At); err != nil {
			return nil, err
		}
		d.Messages = append(d.Messages, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s.db.Transact(ctx, func(tx *sql.Tx) error {
		return audit.Record(ctx, tx, s.clock.Now(), audit.Entry{Action: "subscriber.export", Entity: "subscriber", EntityKey: Mask(c), UnitID: a.UnitID,
			Summary: "Trích xuất dữ liệu theo yêu cầu của " + Mask(c)}, nil, nil)
	})
	return d, nil
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
		contacts := []string{c}
		var phone, email, zalo string
		err := tx.QueryRowContext(ctx, `SELECT phone, email, zalo FROM subscribers WHERE (phone <> '' AND phone = $1) OR (email <> '' AND email = $1) OR (zalo <> '' AND zalo = $1)`, c).Scan(&phone, &email, &zalo)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		for _, x := range []string{phone, email, zalo} {
			if x != "" && x != c {
				contacts = append(contacts, x)
			}
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM subscribers WHERE (phone <> '' AND phone = $1) OR (email <> '' AND email = $1) OR (zalo <> '' AND zalo = $1)`, c)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		for _, x := range contacts {
			hash := ContactHash(x)
			// The texts go too (they may carry the name), and so do the
			// other contacts kept for a next channel; what was still to
			// be sent is not sent.
			res, err = tx.ExecContext(ctx, `UPDATE messages SET recipient = $1, text = '', fallback = '',
				error = CASE WHEN state = 'queued' THEN 'người nhận đã yêu cầu xóa dữ liệu' ELSE error END,
				state = CASE WHEN state = 'queued' THEN 'skipped' ELSE state END WHERE recipient = $2`, "erased:"+hash[:16], x)
			if err != nil {
				return err
			}
			m, _ := res.RowsAffected()
			n += m
			if _, err := tx.ExecContext(ctx, `DELETE FROM suppressions WHERE contact_hash = $1`, hash); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO suppressions (contact_hash, reason) VALUES ($1, 'erased')`, hash); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, s.clock.Now(), audit.Entry{Action: "subscriber.erase", Entity: "subscriber", EntityKey: Mask(c), UnitID: a.UnitID,
			Summary: "Xóa dữ liệu theo yêu cầu của " + Mask(c)}, nil, nil)
	})
	return int(n), err
}
