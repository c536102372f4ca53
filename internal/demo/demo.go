package demo

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/auth"
	"github.com/canhgiac/canhgiac/internal/content"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/report"
)

// Account is a demo login, one per role.
type Account struct {
	Username, FullName, Unit, Scope string
	Role                            access.Role
}

// Accounts are the demo logins. The officer and the leader belong to one
// department, so that signing in as them shows a department's view.
var Accounts = []Account{
	{"quantri", "Nguyễn Văn Quản (quản trị)", "bca-a05", "bca", access.RoleAdmin},
	{"thuongtruc", "Hoàng Thị Thu (PA05, Công an tỉnh)", "cao-bang-ca", "cao-bang", access.RoleCoordinator},
	{"lanhdao", "Nông Văn Lâm (Giám đốc Sở)", "cao-bang-snnmt", "", access.RoleLeader},
	{"lanhdaoca", "Mã Văn Hùng (Phó Giám đốc Công an tỉnh)", "cao-bang-ca", "cao-bang", access.RoleLeader},
	{"canbo", "Lương Thị Cúc (cán bộ Văn phòng Sở)", "cao-bang-snnmt", "", access.RoleOfficer},
	{"bientap", "Bế Minh Tâm (biên tập viên)", "cao-bang-ca", "", access.RoleEditor},
	{"xacminh", "Đàm Quốc Việt (cán bộ xác minh)", "cao-bang-ca", "", access.RoleAnalyst},
}

// LoadUnits builds the 2024 structure and applies the 2025 restructure.
func LoadUnits(ctx context.Context, o *org.Service) error {
	ctx = access.With(ctx, access.System())
	for _, x := range units2024 {
		if _, err := o.Create(ctx, org.UnitInput{Code: x.code, Name: x.name, ShortName: x.short, Type: x.typ, ParentCode: x.parent, ValidFrom: since}); err != nil {
			return fmt.Errorf("demo unit %s: %w", x.code, err)
		}
	}
	for _, in := range extraUnits {
		if _, err := o.Create(ctx, in); err != nil {
			return fmt.Errorf("demo unit %s: %w", in.Code, err)
		}
	}
	for i, op := range events {
		if _, err := o.Restructure(ctx, op, false); err != nil {
			return fmt.Errorf("demo event %d (%s %v): %w", i+1, op.Kind, op.Units, err)
		}
	}
	return nil
}

// Services are what the demo loads through.
type Services struct {
	Org      *org.Service
	Auth     *auth.Service
	Plan     *plan.Service
	Activity *activity.Service
	Report   *report.Service
	Intel    *intel.Service
	Content  *content.Service
}

// Load fills an empty database with the demo units, plans, activities,
// reports and accounts, and writes the accounts' generated passwords to w:
// they are shown this once.
func Load(ctx context.Context, sv Services, w io.Writer) error {
	o, a := sv.Org, sv.Auth
	if err := LoadUnits(ctx, o); err != nil {
		return err
	}
	if _, err := LoadProvince(ctx, o); err != nil {
		return err
	}
	if err := LoadPlans(ctx, sv.Plan); err != nil {
		return err
	}
	if err := LoadActivities(ctx, sv.Activity, sv.Report); err != nil {
		return err
	}
	if sv.Intel != nil {
		if err := LoadTips(ctx, sv.Intel); err != nil {
			return err
		}
	}
	if sv.Content != nil {
		if err := LoadContent(ctx, sv.Content); err != nil {
			return err
		}
	}
	ctx = access.With(ctx, access.System())
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "Tài khoản demo (mật khẩu chỉ hiện một lần, hãy lưu lại):")
	fmt.Fprintln(tw, "  tên đăng nhập\tmật khẩu\tvai trò\tđơn vị")
	for _, acc := range Accounts {
		u, pw, err := a.Create(ctx, auth.NewUser{Username: acc.Username, FullName: acc.FullName, UnitCode: acc.Unit, ScopeCode: acc.Scope,
			Email: acc.Username + "@canhgiac.example", Roles: []access.Role{acc.Role}, KeepGenerated: true})
		if err != nil {
			return fmt.Errorf("demo account %s: %w", acc.Username, err)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", u.Username, pw, acc.Role.LabelVI(), u.UnitName)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// The printed passwords are the demo user's own: no change is forced.
	// The roles that see personal data still enrol a second factor.
	_, err := fmt.Fprintln(w, "Các mật khẩu trên không phải đổi khi đăng nhập (ngoại lệ của bản demo). Quản trị, thường trực và xác minh\n"+
		"phải thiết lập xác thực hai lớp ở lần đăng nhập đầu: trang đó hiện mã QR và khóa bí mật để thêm vào ứng dụng xác thực.")
	return err
}
