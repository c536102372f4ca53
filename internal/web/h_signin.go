package web

import (
	"context"
	"encoding/base64"
	"html/template"
	"net/http"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/edge"
	"github.com/canhgiac/canhgiac/internal/errs"
)

// The steps of signing in after the password, each on its own page and
// each reachable only while the session is at that step: the code of the
// second factor, enrolling a second factor (required for the roles that see
// personal data), replacing a password someone else set. Until the last
// step is done the session has no actor, so no console page opens.

// stagePath is where a session at stage goes next, keeping the page the
// person asked for.
func stagePath(stage auth.Stage, next string) string {
	q := ""
	if next != "" && safeNext(next) == next { // only a console page is carried on
		q = "?next=" + urlQueryEscape(next)
	}
	switch stage {
	case auth.StageCode:
		return "/dang-nhap/xac-thuc" + q
	case auth.StageEnrol:
		return "/dang-nhap/thiet-lap-xac-thuc" + q
	case auth.StageNewPassword:
		return "/dang-nhap/doi-mat-khau" + q
	}
	return safeNext(next)
}

// atStage checks that the request's session is at stage. Otherwise it sends
// the browser where the session belongs and returns false.
func (s *Server) atStage(w http.ResponseWriter, r *http.Request, stage auth.Stage) bool {
	st := state(r)
	switch {
	case st.sess == nil:
		http.Redirect(w, r, "/dang-nhap", http.StatusSeeOther)
		return false
	case st.sess.Stage != stage:
		http.Redirect(w, r, stagePath(st.sess.Stage, r.FormValue("next")), http.StatusSeeOther)
		return false
	}
	return true
}

// stageActor is the account of a session still signing in, for the
// services that act on one's own account.
func (s *Server) stageActor(r *http.Request) (context.Context, error) {
	a, err := s.auth.Actor(r.Context(), state(r).sess)
	if err != nil {
		return nil, err
	}
	return access.With(r.Context(), a), nil
}

// nextStage sends the browser on after a step, reading the session again.
func (s *Server) nextStage(w http.ResponseWriter, r *http.Request, next string) error {
	sess, err := s.auth.Session(r.Context(), state(r).token)
	if err != nil {
		return err
	}
	http.Redirect(w, r, stagePath(sess.Stage, next), http.StatusSeeOther)
	return nil
}

// TOTPPage asks for the code of the authenticator app.
type TOTPPage struct {
	Page
	Next   string
	Fields map[string]string
}

func (s *Server) totpForm(w http.ResponseWriter, r *http.Request) error {
	if !s.atStage(w, r, auth.StageCode) {
		return nil
	}
	return s.render(w, r, http.StatusOK, "totp", &TOTPPage{Page: Page{Title: "Xác thực hai lớp", Bare: true}, Next: r.URL.Query().Get("next")})
}

func (s *Server) totpVerify(w http.ResponseWriter, r *http.Request) error {
	if !s.atStage(w, r, auth.StageCode) {
		return nil
	}
	next := r.PostFormValue("next")
	if err := s.auth.VerifyTOTP(r.Context(), state(r).token, r.PostFormValue("code"), edge.ClientIP(r)); err != nil {
		f := errs.FieldsOf(err)
		if f == nil && errs.KindOf(err) == errs.KindTooMany {
			f = map[string]string{"code": err.(*errs.Error).Message(state(r).lang)}
		}
		if f != nil {
			return s.render(w, r, edge.Status(err), "totp", &TOTPPage{Page: Page{Title: "Xác thực hai lớp", Bare: true}, Next: next, Fields: f})
		}
		return err
	}
	return s.nextStage(w, r, next)
}

// EnrolPage shows a new second factor to add to an authenticator app.
type EnrolPage struct {
	Page
	Next   string
	Setup  *auth.TOTPSetup
	QR     template.URL // data: URL of the QR code (built here, so trusted)
	Fields map[string]string
}

func (s *Server) enrolForm(w http.ResponseWriter, r *http.Request) error {
	if !s.atStage(w, r, auth.StageEnrol) {
		return nil
	}
	return s.renderEnrol(w, r, http.StatusOK, r.URL.Query().Get("next"), "", nil)
}

func (s *Server) renderEnrol(w http.ResponseWriter, r *http.Request, status int, next, secret string, fields map[string]string) error {
	ctx, err := s.stageActor(r)
	if err != nil {
		return err
	}
	var setup *auth.TOTPSetup
	if secret != "" { // keep the secret the person already scanned
		setup, err = s.auth.TOTPSetupFor(ctx, secret)
	}
	if setup == nil || err != nil {
		if setup, err = s.auth.NewTOTP(ctx); err != nil {
			return err
		}
	}
	p := &EnrolPage{Page: Page{Title: "Thiết lập xác thực hai lớp", Bare: true}, Next: next, Setup: setup, Fields: fields}
	if len(setup.QRPNG) > 0 {
		p.QR = qrURL(setup.QRPNG)
	}
	return s.render(w, r, status, "totp_enrol", p)
}

func (s *Server) enrol(w http.ResponseWriter, r *http.Request) error {
	if !s.atStage(w, r, auth.StageEnrol) {
		return nil
	}
	ctx, err := s.stageActor(r)
	if err != nil {
		return err
	}
	next, secret := r.PostFormValue("next"), strings.TrimSpace(r.PostFormValue("secret"))
	if err := s.auth.ConfirmTOTP(ctx, state(r).token, secret, r.PostFormValue("code")); err != nil {
		if f := errs.FieldsOf(err); f != nil {
			return s.renderEnrol(w, r, http.StatusUnprocessableEntity, next, secret, f)
		}
		return err
	}
	return s.nextStage(w, r, next)
}

// NewPasswordPage makes the person replace a password someone else set.
type NewPasswordPage struct {
	Page
	Next   string
	Fields map[string]string
}

func (s *Server) newPasswordForm(w http.ResponseWriter, r *http.Request) error {
	if !s.atStage(w, r, auth.StageNewPassword) {
		return nil
	}
	return s.render(w, r, http.StatusOK, "password_new", &NewPasswordPage{Page: Page{Title: "Đặt mật khẩu của bạn", Bare: true}, Next: r.URL.Query().Get("next")})
}

func (s *Server) newPassword(w http.ResponseWriter, r *http.Request) error {
	if !s.atStage(w, r, auth.StageNewPassword) {
		return nil
	}
	ctx, err := s.stageActor(r)
	if err != nil {
		return err
	}
	next := r.PostFormValue("next")
	err = s.auth.ChangePassword(ctx, auth.PasswordChange{Old: r.PostFormValue("old_password"), New: r.PostFormValue("new_password"),
		IP: edge.ClientIP(r), Token: state(r).token})
	if f := passwordFields(err); f != nil {
		return s.render(w, r, edge.Status(err), "password_new", &NewPasswordPage{Page: Page{Title: "Đặt mật khẩu của bạn", Bare: true}, Next: next, Fields: f})
	} else if err != nil {
		return err
	}
	s.setCookie(w, flashCookie, base64.RawURLEncoding.EncodeToString([]byte("ok|Đã đặt mật khẩu mới. Từ nay hãy đăng nhập bằng mật khẩu này.")), 60)
	return s.nextStage(w, r, next)
}

// passwordFields are the messages of a refused password check, a lock of
// too many wrong passwords included (the service names its field), to show
// beside the form.
func passwordFields(err error) map[string]string {
	if f := errs.FieldsOf(err); f != nil {
		return f
	}
	if e, ok := err.(*errs.Error); ok && e.Kind == errs.KindTooMany && e.Fields != nil {
		return e.Fields
	}
	return nil
}

// qrURL is the data: URL of a QR code image we drew. html/template would
// blank a data: URL of unknown origin in src; this one is ours.
func qrURL(png []byte) template.URL { return template.URL("data:image/png;base64," + b64(png)) }
