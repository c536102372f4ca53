package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/edge"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/upload"
)

// UserListPage lists the accounts the actor may see.
type UserListPage struct {
	Page
	Users     []auth.User
	CanManage bool
}

func (s *Server) userList(w http.ResponseWriter, r *http.Request) error {
	us, err := s.auth.List(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "users", &UserListPage{Page: Page{Title: "Tài khoản", Nav: "users"}, Users: us,
		CanManage: access.From(r.Context()).Has(access.UserManage)})
}

// UserForm is what the account form holds, kept when refused.
type UserForm struct {
	Username, FullName, Email, Unit, Scope string
	Roles                                  []string
	Disabled                               bool
}

// UserFormPage creates or edits an account.
type UserFormPage struct {
	Page
	Editing   bool
	F         UserForm
	Fields    map[string]string
	Roles     []access.Role
	Choices   []org.Unit
	Account   auth.User
	Password  string // a generated password, shown once
	CanManage bool
}

func userForm(w http.ResponseWriter, r *http.Request) (UserForm, error) {
	if err := upload.ParseForm(w, r); err != nil {
		return UserForm{}, err
	}
	return UserForm{Username: r.PostFormValue("username"), FullName: r.PostFormValue("full_name"), Email: r.PostFormValue("email"), Unit: r.PostFormValue("unit"),
		Scope: r.PostFormValue("scope"), Roles: r.PostForm["roles"], Disabled: r.PostFormValue("disabled") == "on"}, nil
}

func roles(rs []string) []access.Role {
	out := make([]access.Role, len(rs))
	for i, r := range rs {
		out[i] = access.Role(r)
	}
	return out
}

func (s *Server) userFormPage(r *http.Request, title string, f UserForm) *UserFormPage {
	return &UserFormPage{Page: Page{Title: title, Nav: "users"}, F: f, Roles: access.Roles, Choices: s.choices(r, access.UserManage), CanManage: true}
}

func (s *Server) userNewForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "user_form", s.userFormPage(r, "Thêm tài khoản", UserForm{Unit: r.URL.Query().Get("don-vi"), Roles: []string{"officer"}}))
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := userForm(w, r)
	if err != nil {
		return err
	}
	u, pw, err := s.auth.Create(r.Context(), auth.NewUser{Username: f.Username, FullName: f.FullName, Email: f.Email, UnitCode: f.Unit, ScopeCode: f.Scope, Roles: roles(f.Roles)})
	if fields := errs.FieldsOf(err); fields != nil {
		p := s.userFormPage(r, "Thêm tài khoản", f)
		p.Fields = fields
		return s.render(w, r, http.StatusUnprocessableEntity, "user_form", p)
	} else if err != nil {
		return err
	}
	// The generated password is rendered once, in this response, never
	// stored or sent through a redirect.
	p := s.userFormPage(r, "Đã tạo tài khoản", f)
	p.Editing, p.Account, p.Password = true, u, pw
	p.F = formOf(u)
	p.Flash = &Flash{Kind: "ok", Text: fmt.Sprintf("Đã tạo tài khoản %s.", u.Username)}
	return s.render(w, r, http.StatusCreated, "user_form", p)
}

func formOf(u auth.User) UserForm {
	f := UserForm{Username: u.Username, FullName: u.FullName, Email: u.Email, Unit: u.UnitCode, Disabled: u.Disabled}
	for _, g := range u.Grants {
		f.Roles = append(f.Roles, string(g.Role))
		f.Scope = g.ScopeCode
	}
	return f
}

func (s *Server) userPage(w http.ResponseWriter, r *http.Request) error {
	u, err := s.auth.Get(r.Context(), r.PathValue("username"))
	if err != nil {
		return err
	}
	p := s.userFormPage(r, u.Username, formOf(u))
	p.Editing, p.Account = true, u
	p.CanManage = s.org.Authorize(r.Context(), access.UserManage, u.UnitID) == nil
	return s.render(w, r, http.StatusOK, "user_form", p)
}

func (s *Server) userUpdate(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("username")
	f, err := userForm(w, r)
	if err != nil {
		return err
	}
	f.Username = name
	u, err := s.auth.Update(r.Context(), name, auth.UserUpdate{FullName: f.FullName, Email: f.Email, UnitCode: f.Unit, ScopeCode: f.Scope, Roles: roles(f.Roles), Disabled: f.Disabled})
	if fields := errs.FieldsOf(err); fields != nil {
		cur, gerr := s.auth.Get(r.Context(), name)
		if gerr != nil {
			return gerr
		}
		p := s.userFormPage(r, name, f)
		p.Editing, p.Account, p.Fields = true, cur, fields
		return s.render(w, r, http.StatusUnprocessableEntity, "user_form", p)
	} else if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/tai-khoan/"+u.Username, "ok", "Đã lưu tài khoản "+u.Username+".")
}

func (s *Server) userResetPassword(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("username")
	pw, err := s.auth.ResetPassword(r.Context(), name)
	if err != nil {
		return err
	}
	u, err := s.auth.Get(r.Context(), name)
	if err != nil {
		return err
	}
	p := s.userFormPage(r, u.Username, formOf(u))
	p.Editing, p.Account, p.Password = true, u, pw
	p.Flash = &Flash{Kind: "ok", Text: "Đã đặt lại mật khẩu; các phiên đăng nhập cũ của tài khoản đã bị đóng."}
	return s.render(w, r, http.StatusOK, "user_form", p)
}

func (s *Server) userClearTOTP(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("username")
	if err := s.auth.ClearTOTP(r.Context(), name); err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/tai-khoan/"+name, "ok", "Đã xóa xác thực hai lớp của "+name+"; các phiên đăng nhập của tài khoản đã bị đóng. Người dùng sẽ thiết lập lại khi đăng nhập.")
}

// AccountPage is the signed-in user's own page: password and second factor.
type AccountPage struct {
	Page
	Me     auth.User
	Setup  *auth.TOTPSetup
	QR     template.URL // data: URL of the QR code (built here, so trusted)
	Fields map[string]string
	// TOTPRequired: the roles see personal data, so the second factor
	// cannot be turned off.
	TOTPRequired bool
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, http.StatusOK, nil, "")
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, fields map[string]string, secret string) error {
	me, err := s.auth.Get(r.Context(), access.From(r.Context()).Username)
	if err != nil {
		return err
	}
	p := &AccountPage{Page: Page{Title: "Cá nhân", Nav: "me"}, Me: me, Fields: fields, TOTPRequired: auth.NeedsSecondFactor(me.Grants)}
	if !me.TOTPEnabled {
		var setup *auth.TOTPSetup
		if secret != "" { // keep the secret the person already scanned
			setup, err = s.auth.TOTPSetupFor(r.Context(), secret)
		}
		if setup == nil || err != nil {
			setup, err = s.auth.NewTOTP(r.Context())
		}
		if err != nil {
			return err
		}
		p.Setup = setup
		if len(setup.QRPNG) > 0 {
			p.QR = qrURL(setup.QRPNG)
		}
	}
	return s.render(w, r, status, "account", p)
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	err := s.auth.ChangePassword(r.Context(), auth.PasswordChange{Old: r.PostFormValue("old_password"), New: r.PostFormValue("new_password"),
		IP: edge.ClientIP(r), Token: state(r).token})
	if f := passwordFields(err); f != nil {
		return s.renderAccount(w, r, edge.Status(err), f, "")
	} else if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/ca-nhan", "ok", "Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn (trên máy khác, trình duyệt khác) đã bị đóng.")
}

func (s *Server) totpEnable(w http.ResponseWriter, r *http.Request) error {
	secret := strings.TrimSpace(r.PostFormValue("secret"))
	err := s.auth.ConfirmTOTP(r.Context(), state(r).token, secret, r.PostFormValue("code"))
	if f := errs.FieldsOf(err); f != nil {
		return s.renderAccount(w, r, http.StatusUnprocessableEntity, f, secret)
	} else if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/ca-nhan", "ok", "Đã bật xác thực hai lớp. Từ lần đăng nhập sau, hãy nhập mã trên ứng dụng xác thực.")
}

func (s *Server) totpDisable(w http.ResponseWriter, r *http.Request) error {
	err := s.auth.DisableTOTP(r.Context(), r.PostFormValue("password"), edge.ClientIP(r))
	if f := passwordFields(err); f != nil {
		return s.renderAccount(w, r, edge.Status(err), f, "")
	} else if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/quan-tri/ca-nhan", "ok", "Đã tắt xác thực hai lớp.")
}

// AuditPage is the audit trail.
type AuditPage struct {
	Page
	Entries []audit.Entry
	Action  string
	Pager   Pager
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) error {
	action := r.URL.Query().Get("loai")
	page := pageOf(r)
	es, total, err := s.org.AuditLog(r.Context(), action, (page-1)*pageSize, pageSize)
	if err != nil {
		return err
	}
	p := &AuditPage{Page: Page{Title: "Nhật ký thay đổi", Nav: "audit"}, Entries: es, Action: action, Pager: newPager(r, page, total)}
	if p.Pager.Page != page {
		if p.Entries, _, err = s.org.AuditLog(r.Context(), action, p.Pager.Offset(), pageSize); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "audit", p)
}
