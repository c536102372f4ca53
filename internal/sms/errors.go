package sms

import "errors"

// Kinds of refusal, for errors.Is. The errors returned wrap one of these and
// read as a Vietnamese sentence that the form can show as it is.
var (
	ErrEmpty     = errors.New("sms: empty message")
	ErrTooLong   = errors.New("sms: more parts than concatenation allows")
	ErrBrandname = errors.New("sms: invalid brandname")
	ErrNoOptOut  = errors.New("sms: marketing message without opt-out instruction")
	ErrClass     = errors.New("sms: unknown message class")
)

// InputError is a refusal of the caller's input: Err says which kind, VI
// says what is wrong in words the user understands.
type InputError struct {
	Err error
	VI  string
}

func (e *InputError) Error() string { return e.VI }
func (e *InputError) Unwrap() error { return e.Err }

func refuse(kind error, vi string) error { return &InputError{Err: kind, VI: vi} }
