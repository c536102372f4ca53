// Package errs holds the error kinds every service returns, so that the web
// edge can turn them into a status and a Vietnamese sentence in one place.
// It owns no messages about internals: those go to the log, never to users.
package errs

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Kind classifies an error for the edge (HTTP status, exit code).
type Kind int

const (
	KindInternal        Kind = iota
	KindInvalid              // the input is wrong; Fields says where
	KindNotFound             // nothing with that key (or not visible to the actor)
	KindForbidden            // the actor may not do this
	KindUnauthenticated      // nobody is signed in
	KindConflict             // the state does not allow it (duplicate, stale)
	KindTooMany              // rate limited
	KindTooLarge             // the request is over a size limit
)

// Sentinels for errors.Is.
var (
	ErrNotFound        = &Error{Kind: KindNotFound, VI: "Không tìm thấy.", EN: "Not found."}
	ErrForbidden       = &Error{Kind: KindForbidden, VI: "Bạn không có quyền thực hiện thao tác này.", EN: "You are not allowed to do this."}
	ErrUnauthenticated = &Error{Kind: KindUnauthenticated, VI: "Vui lòng đăng nhập.", EN: "Please sign in."}
)

// Error is a user-facing error: a kind, a message in Vietnamese and English,
// and for invalid input the message for each field.
type Error struct {
	Kind   Kind
	VI, EN string
	Fields map[string]string // field name → Vietnamese message
	Err    error             // wrapped cause, for the log
}

func (e *Error) Error() string {
	msg := e.EN
	if msg == "" {
		msg = e.VI
	}
	if e.Err != nil {
		return msg + ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Is matches any *Error of the same kind, so errors.Is(err, ErrNotFound) works
// for every not-found error whatever its message.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind && (t == ErrNotFound || t == ErrForbidden || t == ErrUnauthenticated)
}

// Message returns the text for lang ("en" or anything else for Vietnamese).
func (e *Error) Message(lang string) string {
	if lang == "en" && e.EN != "" {
		return e.EN
	}
	return e.VI
}

// KindOf reports the kind of err, KindInternal for errors not made here.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// NotFound says that what was asked for does not exist.
func NotFound(vi, en string) *Error { return &Error{Kind: KindNotFound, VI: vi, EN: en} }

// Forbidden refuses an action with a reason.
func Forbidden(vi, en string) *Error { return &Error{Kind: KindForbidden, VI: vi, EN: en} }

// Conflict refuses an action the current state does not allow.
func Conflict(vi, en string) *Error { return &Error{Kind: KindConflict, VI: vi, EN: en} }

// TooMany refuses because of a rate limit.
func TooMany(vi, en string) *Error { return &Error{Kind: KindTooMany, VI: vi, EN: en} }

// Invalid collects field errors. Add fields with Field, then return it only
// if it has any (use Err()).
type Invalid struct{ e *Error }

// NewInvalid starts a collection of field errors.
func NewInvalid() *Invalid {
	return &Invalid{e: &Error{Kind: KindInvalid, VI: "Dữ liệu chưa hợp lệ, vui lòng xem lại các ô được đánh dấu.", EN: "Some fields need attention.", Fields: map[string]string{}}}
}

// Field records the Vietnamese message for a field; the first one wins.
func (v *Invalid) Field(name, vi string) *Invalid {
	if _, ok := v.e.Fields[name]; !ok {
		v.e.Fields[name] = vi
	}
	return v
}

// Fieldf is Field with formatting.
func (v *Invalid) Fieldf(name, format string, args ...any) *Invalid {
	return v.Field(name, fmt.Sprintf(format, args...))
}

// Has reports whether field has an error already.
func (v *Invalid) Has(name string) bool { _, ok := v.e.Fields[name]; return ok }

// Err returns the error, or nil when no field failed.
func (v *Invalid) Err() error {
	if len(v.e.Fields) == 0 {
		return nil
	}
	return v.e
}

// InvalidField is a shortcut for a single field error.
func InvalidField(name, vi string) error { return NewInvalid().Field(name, vi).Err() }

// FieldsOf returns the field messages of an invalid-input error, or nil.
func FieldsOf(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) && e.Kind == KindInvalid {
		return e.Fields
	}
	return nil
}

// MaxLen records "<label> dài quá N ký tự" for a field whose text (counted
// in characters, not bytes) is longer than max; label is the field's name
// as the form shows it ("Tiêu đề"). The first message of a field wins.
func (v *Invalid) MaxLen(name, label, text string, max int) *Invalid {
	if n := utf8.RuneCountInString(text); n > max {
		v.Fieldf(name, "%s dài quá %s ký tự (đang có %s); hãy rút gọn.", label, thousands(max), thousands(n))
	}
	return v
}

// thousands writes n with dots between groups of three, the Vietnamese way.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}
