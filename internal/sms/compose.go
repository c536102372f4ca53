package sms

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// BrandnameMax is the longest alphanumeric sender id, in characters.
const BrandnameMax = 11

// ValidBrandname checks s as the brandname (alphanumeric sender id) a
// message is sent under: 1 to 11 characters, each an unaccented letter, a
// digit, a space, '.', '-' or '_', not starting or ending with a space.
// Handsets show the sender id as GSM-7 text of at most 11 characters, and
// operators register brandnames with the same limits.
func ValidBrandname(s string) error {
	const what = "Tên thương hiệu (brandname)"
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		return refuse(ErrBrandname, what+" không được để trống.")
	case n > BrandnameMax:
		return refuse(ErrBrandname, fmt.Sprintf("%s tối đa %d ký tự; “%s” có %d.", what, BrandnameMax, s, n))
	case s[0] == ' ' || s[len(s)-1] == ' ':
		return refuse(ErrBrandname, what+" không được bắt đầu hoặc kết thúc bằng dấu cách.")
	}
	for _, r := range s {
		if !brandnameRune(r) {
			return refuse(ErrBrandname, fmt.Sprintf("%s chỉ gồm chữ cái không dấu, chữ số, dấu cách và các dấu “.”, “-”, “_”; “%c” không được dùng.", what, r))
		}
	}
	return nil
}

func brandnameRune(r rune) bool {
	switch {
	case 'A' <= r && r <= 'Z', 'a' <= r && r <= 'z', '0' <= r && r <= '9':
		return true
	}
	return r == ' ' || r == '.' || r == '-' || r == '_'
}

// Class is what a message is for, which decides the labels it must carry.
type Class uint8

const (
	// Warning is a public-interest warning about fraud or cybercrime. It
	// advertises nothing and goes out as written.
	Warning Class = iota
	// Marketing is an advertising message under Nghị định 91/2020/NĐ-CP.
	Marketing
)

func (c Class) String() string {
	switch c {
	case Warning:
		return "warning"
	case Marketing:
		return "marketing"
	}
	return fmt.Sprintf("Class(%d)", c)
}

// MarketingLabel starts every marketing message.
const MarketingLabel = "[QC]"

// Compose returns the text to send for body in class.
//
// Nghị định 91/2020/NĐ-CP, the decree against spam messages, calls, and
// e-mail, lets an advertiser send advertising SMS only to people who agreed
// beforehand to receive them; each such message must open with the label
// [QC] (quảng cáo, advertising) and must tell the recipient how to stop
// receiving them. Compose adds the label and the refusal instruction;
// sending only to those who consented, and any limits on timing and
// frequency, are for the campaign code, which knows the recipients.
//
// For Marketing, "[QC] " is put in front unless body already starts with
// [QC], and optOut (for example "Tu choi: soan TC gui 1234") is appended
// after a space unless body already ends with it; an empty optOut is
// refused. For Warning, body is returned unchanged and optOut ignored. An
// empty body is refused for both.
func Compose(body string, class Class, optOut string) (string, error) {
	if strings.TrimSpace(body) == "" {
		return "", refuse(ErrEmpty, "Nội dung tin nhắn đang trống.")
	}
	switch class {
	case Warning:
		return body, nil
	case Marketing:
		optOut = strings.TrimSpace(optOut)
		if optOut == "" {
			return "", refuse(ErrNoOptOut, "Tin nhắn quảng cáo phải có hướng dẫn từ chối nhận tin (Nghị định 91/2020/NĐ-CP), ví dụ “Tu choi: soan TC gui 1234”.")
		}
		text := strings.TrimSpace(body)
		if !strings.HasPrefix(text, MarketingLabel) {
			text = MarketingLabel + " " + text
		}
		if !strings.HasSuffix(text, optOut) {
			text += " " + optOut
		}
		return text, nil
	}
	return "", refuse(ErrClass, fmt.Sprintf("Loại tin nhắn không hợp lệ (%d).", class))
}
