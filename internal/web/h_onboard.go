package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"

	"github.com/canhgiac/canhgiac/internal/activityimport"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/edge"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/onboard"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/upload"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Bulk onboarding: a unit file or an account file, previewed and imported
// (onboard does the reading and the checks; org and auth the rules).

// onboardKind is one of the two imports as the console shows it.
type onboardKind struct {
	Kind, Path, Title, Noun, Back, Nav string
}

var (
	unitImport    = onboardKind{Kind: onboard.KindUnits, Path: "/quan-tri/don-vi/nhap", Title: "Nhập đơn vị từ tệp", Noun: "đơn vị", Back: "/quan-tri/don-vi", Nav: "units"}
	accountImport = onboardKind{Kind: onboard.KindAccounts, Path: "/quan-tri/tai-khoan/nhap", Title: "Nhập tài khoản từ tệp", Noun: "tài khoản", Back: "/quan-tri/tai-khoan", Nav: "users"}
)

// InviteLink is an invitation as the result page shows it to the admin.
type InviteLink struct {
	Username, FullName, Email, URL, Expires string
}

// OnboardPage is the import page: the form, and after an upload what the
// preview found or the import did.
type OnboardPage struct {
	Page
	K            onboardKind
	Columns      []string
	AllOrNothing bool
	Previewed    bool // the result is a preview: nothing was written
	FileError    string
	Result       *onboard.Result
	Invites      []InviteLink
}

func (s *Server) onboardPage(k onboardKind) *OnboardPage {
	cols := onboard.UnitColumns
	if k.Kind == onboard.KindAccounts {
		cols = onboard.AccountColumns
	}
	p := &OnboardPage{Page: Page{Title: k.Title, Nav: k.Nav}, K: k, AllOrNothing: true}
	for _, c := range cols {
		p.Columns = append(p.Columns, c.Header)
	}
	return p
}

func (s *Server) onboardForm(k onboardKind) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.render(w, r, http.StatusOK, "onboard", s.onboardPage(k))
	}
}

func (s *Server) onboardTemplate(k onboardKind) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		format := r.PathValue("format")
		if format != "xlsx" && format != "csv" {
			return errs.NotFound("Mẫu có dạng .xlsx hoặc .csv.", "Templates are .xlsx or .csv.")
		}
		var buf bytes.Buffer
		if err := onboard.Template(&buf, k.Kind, format); err != nil {
			return err
		}
		ctype := map[string]string{"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv; charset=utf-8"}[format]
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Disposition", `attachment; filename="mau-nhap-`+map[string]string{onboard.KindUnits: "don-vi", onboard.KindAccounts: "tai-khoan"}[k.Kind]+`.`+format+`"`)
		_, err := w.Write(buf.Bytes())
		return err
	}
}

// onboardImport previews (action=preview) or imports an uploaded file.
func (s *Server) onboardImport(k onboardKind) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := upload.ParseForm(w, r); err != nil {
			return err
		}
		defer upload.Release(r)
		p := s.onboardPage(k)
		p.AllOrNothing = r.PostFormValue("mode") != "good"
		p.Previewed = r.PostFormValue("action") == "preview"
		file, err := upload.FirstFile(r, "file", onboard.MaxFileBytes, "Vui lòng chọn tệp .xlsx hoặc .csv theo mẫu.")
		if fields := errs.FieldsOf(err); fields != nil {
			p.FileError = fields["file"]
			return s.render(w, r, http.StatusUnprocessableEntity, "onboard", p)
		} else if err != nil {
			return err
		}
		opt := org.ImportOptions{AllOrNothing: p.AllOrNothing, Preview: p.Previewed, Source: file.Name}
		var res onboard.Result
		if k.Kind == onboard.KindUnits {
			res, err = onboard.Units(r.Context(), s.org, bytes.NewReader(file.Data), file.Name, opt)
		} else {
			res, err = onboard.Accounts(r.Context(), s.auth, bytes.NewReader(file.Data), file.Name, opt)
		}
		if errors.Is(err, activityimport.ErrFile) {
			p.FileError = err.Error()
			return s.render(w, r, http.StatusUnprocessableEntity, "onboard", p)
		} else if err != nil {
			return err
		}
		p.Result = &res
		base := s.baseURL(r)
		for _, inv := range res.Invited {
			if inv.Token == "" {
				continue
			}
			p.Invites = append(p.Invites, InviteLink{Username: inv.Username, FullName: inv.FullName, Email: inv.Email,
				URL: base + onboard.InvitationPath(inv.Token), Expires: vn.FormatDateTime(inv.ExpiresAt)})
		}
		switch {
		case p.Previewed:
			p.Flash = &Flash{Kind: "info", Text: fmt.Sprintf("Xem trước tệp %s: chưa ghi gì. %d %s sẽ được thêm, %d không đổi, %d dòng lỗi.",
				res.File, len(res.Added), k.Noun, len(res.Unchanged), res.BadRows())}
		case res.Written:
			p.Flash = &Flash{Kind: "ok", Text: fmt.Sprintf("Đã nhập tệp %s: thêm %d %s, %d không đổi.", res.File, len(res.Added), k.Noun, len(res.Unchanged))}
			if len(res.Problems) > 0 {
				p.Flash = &Flash{Kind: "warn", Text: fmt.Sprintf("Đã nhập tệp %s: thêm %d %s, %d không đổi; %d dòng lỗi chưa được nhập — sửa trong tệp rồi tải lên lại.",
					res.File, len(res.Added), k.Noun, len(res.Unchanged), res.BadRows())}
			}
		case len(res.Problems) > 0 && p.AllOrNothing:
			p.Flash = &Flash{Kind: "error", Text: fmt.Sprintf("Chưa nhập gì: tệp %s có %d dòng lỗi. Sửa các dòng dưới đây rồi tải lên lại, hoặc chọn nhập các dòng hợp lệ.", res.File, res.BadRows())}
			return s.render(w, r, http.StatusUnprocessableEntity, "onboard", p)
		default:
			p.Flash = &Flash{Kind: "ok", Text: fmt.Sprintf("Tệp %s không đổi gì: %d %s đã có sẵn với cùng thông tin.", res.File, len(res.Unchanged), k.Noun)}
		}
		return s.render(w, r, http.StatusOK, "onboard", p)
	}
}

// InvitationPage sets an invited person's first password.
type InvitationPage struct {
	Page
	Invitation auth.Invitation
	Expires    string
	Fields     map[string]string
}

func (s *Server) invitationForm(w http.ResponseWriter, r *http.Request) error {
	inv, err := s.auth.OpenInvitation(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "invitation", &InvitationPage{Page: Page{Title: "Nhận lời mời", Bare: true}, Invitation: inv, Expires: vn.FormatDateTime(inv.ExpiresAt)})
}

// invitationAccept sets the password, then signs the person in with it,
// so the roles that need a second factor go straight on to enrol one.
func (s *Server) invitationAccept(w http.ResponseWriter, r *http.Request) error {
	tok, pw := r.PathValue("token"), r.PostFormValue("password")
	inv, err := s.auth.OpenInvitation(r.Context(), tok)
	if err != nil {
		return err
	}
	fields := map[string]string{}
	if pw != r.PostFormValue("password_again") {
		fields["password_again"] = "Hai lần nhập mật khẩu không giống nhau."
	}
	var username string
	if len(fields) == 0 {
		username, err = s.auth.AcceptInvitation(r.Context(), tok, pw)
		if f := errs.FieldsOf(err); f != nil {
			fields = f
		} else if err != nil {
			return err
		}
	}
	if len(fields) > 0 {
		return s.render(w, r, http.StatusUnprocessableEntity, "invitation", &InvitationPage{Page: Page{Title: "Nhận lời mời", Bare: true}, Invitation: inv,
			Expires: vn.FormatDateTime(inv.ExpiresAt), Fields: fields})
	}
	session, sess, err := s.auth.Login(r.Context(), username, pw, edge.ClientIP(r))
	if err != nil {
		return s.redirectWithFlash(w, r, "/dang-nhap", "ok", "Đã đặt mật khẩu. Hãy đăng nhập bằng tên "+username+" và mật khẩu vừa đặt.")
	}
	if old := state(r).token; old != "" {
		s.auth.Logout(r.Context(), old)
	}
	s.setCookie(w, sessionCookie, session, 0)
	s.clearCookie(w, csrfCookie)
	http.Redirect(w, r, stagePath(sess.Stage, ""), http.StatusSeeOther)
	return nil
}
