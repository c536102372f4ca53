package intel

import (
	"errors"
	"fmt"
	"strings"

	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
	"github.com/canhgiac/canhgiac/internal/seal"
)

// The personal data intel keeps, sealed at rest (seal): the contact a
// reporter may leave on a tip, the victim's own account of what happened
// (the tip's description and what they added later), and the contact and
// reason of an owner asking to have a warning removed. The removal contact
// has a blind index, so requests from one contact can be counted without
// reading any; the narratives are never searched, only read by the
// analysts of the area.
var (
	tipContact     = seal.Column{Table: "tips", ID: "id", Name: "contact"}
	tipDescription = seal.Column{Table: "tips", ID: "id", Name: "description"}
	tipAddition    = seal.Column{Table: "tip_additions", ID: "id", Name: "text"}
	removalContact = seal.Column{Table: "removal_requests", ID: "id", Name: "contact", Index: "contact_index", Normal: NormalContact}
	removalReason  = seal.Column{Table: "removal_requests", ID: "id", Name: "reason"}
)

// SealedColumns are intel's sealed columns, for the start-up check, the
// start-up pass that seals values written before sealing, and rotation.
func SealedColumns() []seal.Column {
	return []seal.Column{tipContact, tipDescription, tipAddition, removalContact, removalReason}
}

// UseKeys gives the service the keys that seal personal data. Without
// keys, a report or request that carries a contact is refused (nothing is
// stored in clear).
func (s *Service) UseKeys(k *seal.Keys) { s.keys = k }

// NormalContact is the form a contact is indexed by: an e-mail in lower
// case, a phone as E.164, anything else trimmed with single spaces.
func NormalContact(c string) string {
	c = strings.Join(strings.Fields(c), " ")
	if strings.Contains(c, "@") && !strings.Contains(c, " ") {
		return strings.ToLower(c)
	}
	if r := normalize.Phone(c); r.Kind == normalize.KindPhone {
		return r.Normalized
	}
	return strings.ToLower(c)
}

// noKey is what a person sees when the server has no sealing key: the
// form is shown again with what they typed, and nothing is stored.
func noKey(field string, err error) error {
	if errors.Is(err, seal.ErrNoKey) {
		return errs.InvalidField(field, "Máy chủ chưa được cấu hình khóa bảo vệ dữ liệu cá nhân nên chưa thể lưu thông tin liên hệ; vui lòng thử lại sau hoặc để trống liên hệ nếu được phép.")
	}
	return err
}

// sealTipContact is the stored form of a tip's contact ("" stays "").
func (s *Service) sealTipContact(contact string) (string, error) {
	v, err := s.keys.Seal(tipContact.Where(), contact)
	return v, noKey("contact", err)
}

// sealText is the stored form of a narrative typed in field; without a
// key it is refused (the form keeps it), since nothing is stored in clear.
func (s *Service) sealText(c seal.Column, field, text string) (string, error) {
	v, err := s.keys.Seal(c.Where(), text)
	if errors.Is(err, seal.ErrNoKey) {
		return "", errs.InvalidField(field, "Máy chủ chưa được cấu hình khóa bảo vệ dữ liệu cá nhân nên chưa thể lưu nội dung này; nội dung bạn viết vẫn còn trên trang, vui lòng thử lại sau.")
	}
	return v, err
}

// openText is the plain text of a narrative stored in column c.
func (s *Service) openText(c seal.Column, stored string) (string, error) {
	if stored == "" {
		return "", nil
	}
	v, err := s.keys.Open(c.Where(), stored)
	if err != nil {
		return "", fmt.Errorf("open %s: %w", c.Where(), err)
	}
	return v, nil
}
