package smpp

import (
	"errors"
	"fmt"

	"github.com/linxGnu/gosmpp/data"

	"github.com/canhgiac/canhgiac/internal/dispatch"
)

var (
	// ErrNotBound: no bind to the message centre is up right now. The
	// message was not sent; try again later (the Sender reconnects by
	// itself).
	ErrNotBound = errors.New("smpp: not bound to the message centre")
	// ErrAuth: the message centre refused the login. The Sender has
	// stopped and will not try again; someone must fix the credentials.
	ErrAuth = errors.New("smpp: message centre refused the login")
	// ErrClosed: Send after Close.
	ErrClosed = errors.New("smpp: sender closed")
)

// AuthError is the message centre refusing system_id or password (or
// system_type). It reads as a Vietnamese sentence for the operator and
// matches ErrAuth.
type AuthError struct {
	Addr     string
	SystemID string
	Status   data.CommandStatusType // ESME_RINVPASWD, ESME_RINVSYSID or ESME_RINVSYSTYP
}

func (e *AuthError) Error() string {
	what := "sai system_id hoặc mật khẩu"
	if e.Status == data.ESME_RINVSYSTYP {
		what = "sai system_type"
	}
	return fmt.Sprintf("Trung tâm tin nhắn %s từ chối đăng nhập SMPP của %q: %s (%s). Đã ngừng kết nối lại; hãy kiểm tra cấu hình.",
		e.Addr, e.SystemID, what, e.Status)
}

func (e *AuthError) Unwrap() error { return ErrAuth }

// isAuthStatus says whether a bind_resp status means the credentials are
// wrong, as opposed to a refusal that may pass (ESME_RBINDFAIL is also used
// for "too many binds" and is retried with backoff).
func isAuthStatus(st data.CommandStatusType) bool {
	switch st {
	case data.ESME_RINVPASWD, data.ESME_RINVSYSID, data.ESME_RINVSYSTYP:
		return true
	}
	return false
}

// submitError maps a submit_sm_resp (or generic_nack) command_status to
// the dispatch error kinds: 0 → nil; ESME_RTHROTTLED and ESME_RMSGQFUL →
// ErrThrottled; anything else → ErrRejected, named.
func submitError(st data.CommandStatusType) error {
	switch st {
	case data.ESME_ROK:
		return nil
	case data.ESME_RTHROTTLED, data.ESME_RMSGQFUL:
		return fmt.Errorf("%s: %w", st, dispatch.ErrThrottled)
	}
	return fmt.Errorf("%s (0x%08X): %w", st, uint32(st), dispatch.ErrRejected)
}
