package auth

import (
	"errors"

	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/seal"
)

// The TOTP secret of a user is sealed at rest (seal): whoever reads the
// database, or a backup of it, cannot make the user's codes without the key.
var totpSecret = seal.Column{Table: "users", ID: "id", Name: "totp_secret"}

// SealedColumns are auth's sealed columns, for the start-up check, the
// start-up pass that seals secrets written before sealing, and rotation.
func SealedColumns() []seal.Column { return []seal.Column{totpSecret, staffPhone} }

// staffPhone is an account's phone number, given by the account import:
// personal data, sealed at rest like the citizens' contacts.
var staffPhone = seal.Column{Table: "users", ID: "id", Name: "phone"}

// sealPhone is the stored form of a staff phone number ("" stays "").
func (s *Service) sealPhone(phone string) (string, error) {
	if phone == "" {
		return "", nil
	}
	return s.keys.Seal(staffPhone.Where(), phone)
}

// UseKeys gives the service the keys that seal TOTP secrets. Without keys
// no second factor can be enrolled (no secret is stored in clear); the
// ones stored in clear before sealing began still open.
func (s *Service) UseKeys(k *seal.Keys) { s.keys = k }

// sealSecret is the stored form of a TOTP secret.
func (s *Service) sealSecret(secret string) (string, error) {
	v, err := s.keys.Seal(totpSecret.Where(), secret)
	if errors.Is(err, seal.ErrNoKey) {
		return "", errs.InvalidField("code", "Máy chủ chưa được cấu hình khóa bảo vệ dữ liệu (CANHGIAC_KEY_FILE hoặc CANHGIAC_KEY) nên chưa thể lưu khóa xác thực hai lớp; hãy báo quản trị hệ thống rồi thử lại.")
	}
	return v, err
}

// openSecret is the TOTP secret of its stored form.
func (s *Service) openSecret(stored string) (string, error) {
	return s.keys.Open(totpSecret.Where(), stored)
}
