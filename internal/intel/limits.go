package intel

import (
	"unicode/utf8"

	"github.com/canhgiac/canhgiac/internal/errs"
)

// Lengths a person may type, in characters; a longer field is refused by
// name ("Liên hệ dài quá 200 ký tự"), never cut.
const (
	maxIndicatorRunes = 2000 // one number, link or account (links can be long)
	maxContactRunes   = 200
	maxNoteRunes      = 2000 // an analyst's note, question or reason
)

// noteLength refuses an analyst's note or question longer than maxNoteRunes.
func noteLength(field, label, text string) error {
	return errs.NewInvalid().MaxLen(field, label, text, maxNoteRunes).Err()
}

// tipLengths refuses the fields of a report that are longer than anyone
// honest types. An indicator line that is too long is refused here and
// left out of further reading.
func tipLengths(v *errs.Invalid, in *TipInput) {
	v.MaxLen("contact", "Liên hệ", in.Contact, maxContactRunes).
		MaxLen("description", "Phần mô tả", in.Description, 5000).
		MaxLen("money_lost", "Số tiền bị mất", in.MoneyLost, 40).
		MaxLen("happened_on", "Ngày xảy ra", in.HappenedOn, 40).
		MaxLen("commune", "Xã, phường", in.Commune, 200).
		MaxLen("province", "Tỉnh, thành phố", in.Province, 100).
		MaxLen("tactic", "Thủ đoạn", in.Tactic, 100)
	kept := in.Indicators[:0:0]
	for _, raw := range in.Indicators {
		if utf8.RuneCountInString(raw) > maxIndicatorRunes {
			v.MaxLen("indicators", "Một dòng số, đường link hoặc tài khoản", raw, maxIndicatorRunes)
			continue
		}
		kept = append(kept, raw)
	}
	in.Indicators = kept
}
