// Package audience keeps the people the campaign may message: subscribers
// with their contacts (phone, e-mail, Zalo), area and groups, and the
// basis, time, source and wording of their consent (Nghị định 13/2023 on
// personal data; Nghị định 91/2020 on unsolicited messages). Opting out is
// honoured for good: an opted-out contact is kept only so that it is never
// messaged again. Step 6 sends to these people; this package only decides
// who they are.
package audience

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/seal"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// ConsentText is the sentence a person agrees to on the portal's form; it
// is stored with each subscription so the wording they saw is on record.
const ConsentText = "Tôi đồng ý để Cảnh Giác lưu số điện thoại, thư điện tử hoặc Zalo tôi ghi ở trên và gửi cho tôi cảnh báo, tin tuyên truyền phòng, chống lừa đảo. Tôi có thể hủy bất cứ lúc nào (nhắn TC, hoặc bấm liên kết hủy trong thư)."

// Groups a person may choose on the portal.
var Groups = []struct{ Code, Label string }{
	{"elderly", "Người cao tuổi và gia đình"},
	{"students", "Học sinh, sinh viên, phụ huynh"},
	{"business", "Chủ cơ sở kinh doanh"},
	{"officials", "Cán bộ, công chức"},
}

// Service stores subscribers.
type Service struct {
	db       *store.DB
	clock    clock.Clock
	org      *org.Service // the staff's area; without it staff are refused
	courier  Courier      // sends confirmation codes; nil: none can be sent
	base     string       // the portal's address, for links in e-mails
	keys     *seal.Keys   // seal contacts and names; nil: none can be stored
	messages Messages     // the messages sent to people (dispatch); nil: none
}

// NewService returns the service.
func NewService(db *store.DB, clk clock.Clock) *Service { return &Service{db: db, clock: clk} }

// Input is what a person typed on the form (or one row of an import).
type Input struct {
	Phone, Email, Zalo string
	Province           string
	Name               string // optional: how messages may address the person
	Groups             []string
	Consent            bool
	Source             string // "portal", an import's file name, …
}

// Subscriber is a stored subscription, contacts masked for display.
type Subscriber struct {
	ID        int64
	Phone     string
	Email     string
	Zalo      string
	Province  string
	Groups    []string
	ConsentAt time.Time
	Source    string
	OptedOut  bool
}

// clean checks and normalises what a person typed (or an import row):
// phones to E.164, e-mails to lower case, provinces to their names, groups
// known and once each. Every refusal names its field.
func clean(in Input) (Input, error) {
	v := errs.NewInvalid()
	in.Phone, in.Email, in.Zalo = strings.TrimSpace(in.Phone), strings.TrimSpace(in.Email), strings.TrimSpace(in.Zalo)
	if in.Phone == "" && in.Email == "" && in.Zalo == "" {
		v.Field("phone", "Hãy ghi ít nhất một cách liên lạc: số điện thoại, thư điện tử hoặc Zalo.")
	}
	v.MaxLen("phone", "Số điện thoại", in.Phone, 30).MaxLen("email", "Thư điện tử", in.Email, 254).MaxLen("zalo", "Mã Zalo", in.Zalo, 64).
		MaxLen("name", "Họ tên", in.Name, 100).MaxLen("province", "Tỉnh, thành phố", in.Province, 100)
	if in.Phone != "" {
		if r := normalize.Phone(in.Phone); r.Kind != normalize.KindPhone {
			v.Field("phone", r.Reason+".")
		} else if !strings.HasPrefix(r.Normalized, "+84") {
			v.Fieldf("phone", "“%s” là số nước ngoài; chỉ nhận số điện thoại Việt Nam.", in.Phone)
		} else {
			in.Phone = r.Normalized
		}
	}
	if in.Email != "" {
		a, err := mail.ParseAddress(in.Email)
		if err != nil || a.Name != "" || !strings.Contains(a.Address, ".") {
			v.Fieldf("email", "“%s” không phải địa chỉ thư điện tử hợp lệ (ví dụ ten@example.vn).", in.Email)
		} else {
			in.Email = strings.ToLower(a.Address)
		}
	}
	in.Name = strings.Join(strings.Fields(in.Name), " ")
	if utf8.RuneCountInString(in.Name) > 100 {
		v.Field("name", "Họ tên dài quá 100 ký tự.")
	}
	if in.Zalo != "" && (utf8.RuneCountInString(in.Zalo) > 64 || strings.ContainsAny(in.Zalo, " <>\"")) {
		v.Field("zalo", "Mã Zalo không hợp lệ.")
	}
	if p := strings.TrimSpace(in.Province); p != "" {
		if name, ok := vn.Province(p); ok {
			in.Province = name
		} else {
			v.Fieldf("province", "Không nhận ra tỉnh, thành phố “%s”.", p)
		}
	}
	var groups []string
	for _, g := range in.Groups {
		known := false
		for _, x := range Groups {
			known = known || x.Code == g
		}
		if !known {
			v.Fieldf("groups", "Không có nhóm “%s”.", g)
		} else if !contains(groups, g) {
			groups = append(groups, g)
		}
	}
	if !in.Consent {
		v.Field("consent", "Hãy đánh dấu đồng ý nhận tin; không có sự đồng ý, chúng tôi không lưu và không gửi gì cho bạn.")
	}
	if err := v.Err(); err != nil {
		return in, err
	}
	if groups == nil {
		groups = []string{}
	}
	in.Groups = groups
	return in, nil
}

// Subscribe records a consent collected elsewhere (a paper form, an
// event) and attested by the unit that imports it: such a row is counted
// as confirmed, by "import". The portal never calls it: a person on the
// portal goes through Request and Confirm (consent.go), which prove that
// they own the contact. Contacts are normalised (phones to E.164); a
// person already known by phone or e-mail is updated rather than added,
// and subscribing again after opting out is a new consent, so it clears
// the opt-out.
func (s *Service) Subscribe(ctx context.Context, in Input) (*Subscriber, error) {
	return s.subscribe(ctx, in, nil)
}

// subscribe is Subscribe with a check of the person already on record
// (by their province), run in the transaction before they are updated.
func (s *Service) subscribe(ctx context.Context, in Input, keep func(found bool, province string) error) (*Subscriber, error) {
	in, err := clean(in)
	if err != nil {
		return nil, err
	}
	groups := in.Groups
	gs, _ := json.Marshal(groups)
	src := in.Source
	if src == "" {
		src = "portal"
	}
	now := s.clock.Now()
	sub := &Subscriber{Phone: in.Phone, Email: in.Email, Zalo: in.Zalo, Province: in.Province, Groups: groups, ConsentAt: now, Source: src}
	var st stored
	if st, err = s.store(in); err != nil {
		return nil, err
	}
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		// A new consent after an erasure lifts the suppression.
		for _, c := range []string{in.Phone, in.Email, in.Zalo} {
			if c != "" {
				if err := s.unsuppress(ctx, tx, c); err != nil {
					return err
				}
			}
		}
		var id int64
		var was string
		cond, args := s.where(1, on{"phone_index", in.Phone}, on{"email_index", in.Email})
		err := tx.QueryRowContext(ctx, `SELECT id, province FROM subscribers WHERE `+cond+` ORDER BY id LIMIT 1`, args...).Scan(&id, &was)
		switch {
		case err == sql.ErrNoRows:
			if keep != nil {
				if err := keep(false, ""); err != nil {
					return err
				}
			}
			return tx.QueryRowContext(ctx, `INSERT INTO subscribers (phone, email, zalo, province, groups, consent_basis, consent_text, consent_at, source, token, created_at, updated_at, name, confirmed_at, confirmed_channel,
				phone_index, email_index, zalo_index, carrier, zalo_kind)
				VALUES ($1, $2, $3, $4, $5, 'consent', $6, $7, $8, $9, $7, $7, $10, $7, 'import', $11, $12, $13, $14, $15) RETURNING id`,
				st.phone, st.email, st.zalo, in.Province, string(gs), ConsentText, now, src, newToken(), st.name, st.phoneIndex, st.emailIndex, st.zaloIndex, carrierOf(in.Phone), zaloKind(in.Zalo)).Scan(&sub.ID)
		case err != nil:
			return err
		}
		if keep != nil {
			if err := keep(true, was); err != nil {
				return err
			}
		}
		sub.ID = id
		_, err = tx.ExecContext(ctx, `UPDATE subscribers SET phone = CASE WHEN $1 <> '' THEN $1 ELSE phone END, email = CASE WHEN $2 <> '' THEN $2 ELSE email END,
			zalo = CASE WHEN $3 <> '' THEN $3 ELSE zalo END, province = CASE WHEN $4 <> '' THEN $4 ELSE province END, groups = $5,
			consent_basis = 'consent', consent_text = $6, consent_at = $7, source = $8, opted_out_at = NULL, updated_at = $7,
			confirmed_at = COALESCE(confirmed_at, $7), confirmed_channel = CASE WHEN confirmed_at IS NULL THEN 'import' ELSE confirmed_channel END,
			name = CASE WHEN $10 <> '' THEN $10 ELSE name END,
			phone_index = CASE WHEN $11 <> '' THEN $11 ELSE phone_index END, email_index = CASE WHEN $12 <> '' THEN $12 ELSE email_index END,
			zalo_index = CASE WHEN $13 <> '' THEN $13 ELSE zalo_index END, carrier = CASE WHEN $1 <> '' THEN $14 ELSE carrier END,
			zalo_kind = CASE WHEN $3 <> '' THEN $15 ELSE zalo_kind END WHERE id = $9`,
			st.phone, st.email, st.zalo, in.Province, string(gs), ConsentText, now, src, id, st.name, st.phoneIndex, st.emailIndex, st.zaloIndex, carrierOf(in.Phone), zaloKind(in.Zalo))
		if store.IsUniqueViolation(err) {
			return errs.Conflict("Số điện thoại và thư điện tử này đang thuộc hai đăng ký khác nhau; hãy đăng ký từng cái một.", "Phone and e-mail belong to different subscriptions.")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return sub, nil
}

// stored is a subscription's contacts and name as they are written:
// sealed, each contact with its blind index.
type stored struct {
	phone, email, zalo, name          string
	phoneIndex, emailIndex, zaloIndex string
}

func (s *Service) store(in Input) (stored, error) {
	var st stored
	var err error
	for _, x := range []struct {
		col        seal.Column
		plain      string
		out, index *string
	}{{subPhone, in.Phone, &st.phone, &st.phoneIndex}, {subEmail, in.Email, &st.email, &st.emailIndex}, {subZalo, in.Zalo, &st.zalo, &st.zaloIndex}, {subName, in.Name, &st.name, nil}} {
		if *x.out, err = s.sealed(x.col, x.plain); err != nil {
			return st, err
		}
		if x.index != nil {
			if *x.index, err = s.index(x.plain); err != nil {
				return st, err
			}
		}
	}
	return st, nil
}

// OptOut records that the owner of a phone wants nothing more: the phone
// itself replied "TC" to the message centre, so it proved who it is. (On
// the web, people opt out by their token: Unsubscribe.) It reports
// whether anyone was found; it is idempotent.
func (s *Service) OptOut(ctx context.Context, phone string) (bool, error) {
	r := normalize.Phone(strings.TrimSpace(phone))
	if r.Kind != normalize.KindPhone {
		return false, nil
	}
	cond, args := s.where(2, on{"phone_index", r.Normalized})
	res, err := s.db.W.ExecContext(ctx, `UPDATE subscribers SET opted_out_at = COALESCE(opted_out_at, $1), updated_at = $1 WHERE `+cond, append([]any{s.clock.Now()}, args...)...)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Count says how many people of the actor's area may be messaged (consent
// proven and not withdrawn), and how many opted out.
func (s *Service) Count(ctx context.Context) (active, optedOut int, err error) {
	area, err := s.area(ctx)
	if err != nil {
		return 0, 0, err
	}
	where, args := areaWhere(area)
	err = s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FILTER (WHERE `+Eligible+`), COUNT(*) FILTER (WHERE opted_out_at IS NOT NULL) FROM subscribers`+where, args...).Scan(&active, &optedOut)
	return
}

// Mask shows a contact without giving it away: +84912***678, t***@example.vn.
func Mask(contact string) string {
	if at := strings.IndexByte(contact, '@'); at > 0 {
		return contact[:1] + "***" + contact[at:]
	}
	if len(contact) > 7 {
		return contact[:len(contact)-6] + "***" + contact[len(contact)-3:]
	}
	return "***"
}

func newToken() string {
	var b [18]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func asErr(err error, target **errs.Error) bool { return errors.As(err, target) }

// IsOptOutReply reports whether a subscriber's SMS reply asks to stop:
// "TC" (từ chối), "HUY", "TU CHOI", "STOP", with or without marks or case.
func IsOptOutReply(text string) bool {
	switch strings.Join(strings.Fields(strings.ToUpper(vn.Fold(text))), " ") {
	case "TC", "HUY", "TU CHOI", "STOP", "HUY DK", "HUY DANG KY":
		return true
	}
	return false
}

// UnsubscribeLink returns the one-click unsubscribe address of the
// subscriber with this e-mail (or phone), or "" when there is none.
func (s *Service) UnsubscribeLink(ctx context.Context, base, contact string) string {
	var token string
	cond, args := s.where(1, on{"email_index", contact}, on{"phone_index", contact})
	if err := s.db.R.QueryRowContext(ctx, `SELECT token FROM subscribers WHERE `+cond+` LIMIT 1`, args...).Scan(&token); err != nil {
		return ""
	}
	return strings.TrimRight(base, "/") + "/huy-dang-ky/" + token
}

var (
	emailInText = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	phoneInText = regexp.MustCompile(`\+?\d[\d ]{7,}\d`)
)

// MaskContacts masks every e-mail address and phone number or long id in
// a text (a channel's refusal that quotes the recipient), so that reasons
// can be shown and exported without the contact.
func MaskContacts(text string) string {
	text = emailInText.ReplaceAllStringFunc(text, Mask)
	return phoneInText.ReplaceAllStringFunc(text, func(s string) string { return Mask(strings.ReplaceAll(s, " ", "")) })
}
