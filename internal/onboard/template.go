package onboard

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activityimport"
	"github.com/canhgiac/canhgiac/internal/csvsafe"
	"github.com/canhgiac/canhgiac/internal/org"
)

// Kinds of file, as the CLI and the console name them.
const (
	KindUnits    = "units"
	KindAccounts = "users"
)

// guide explains each column, for the template's second sheet.
var guide = map[string]string{
	"code":       "Mã đơn vị (bắt buộc): chữ thường không dấu, chữ số, dấu chấm, gạch ngang; 2–40 ký tự. Ví dụ: cao-bang-thpt-hoa-an.",
	"name":       "Tên đầy đủ của đơn vị (bắt buộc).",
	"type":       "Loại đơn vị (bắt buộc), ghi mã như lệnh “canhgiac unit list” in ra hoặc tên tiếng Việt; xem danh sách bên dưới.",
	"parent":     "Mã đơn vị cấp trên (bắt buộc): một đơn vị đã có trong phạm vi bạn quản lý, hoặc một đơn vị ở dòng khác của tệp.",
	"valid_from": "Ngày bắt đầu hoạt động, dạng 2025-07-01 (để trống: hôm nay).",
	"username":   "Tên đăng nhập (bắt buộc): 3–40 ký tự, chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang.",
	"full_name":  "Họ và tên (bắt buộc).",
	"email":      "Thư điện tử công vụ: lời mời đặt mật khẩu được gửi tới đây khi hệ thống có máy chủ thư.",
	"phone":      "Số điện thoại (10 chữ số), không bắt buộc.",
	"unit":       "Mã đơn vị của tài khoản (bắt buộc), trong phạm vi bạn quản lý.",
	"role":       "Vai trò (bắt buộc), ghi mã như lệnh “canhgiac user add” nhận hoặc tên tiếng Việt; xem danh sách bên dưới.",
}

func examples(kind string) [][]string {
	if kind == KindUnits {
		return [][]string{
			{"cao-bang-xa-hoa-an", "Ủy ban nhân dân xã Hòa An", string(org.TypeCommune), "cao-bang", "2025-07-01"},
			{"cao-bang-th-hoa-an", "Trường Tiểu học xã Hòa An", string(org.TypeSubunit), "cao-bang-xa-hoa-an", "2025-07-01"},
		}
	}
	return [][]string{
		{"nguyenvana.hoaan", "Nguyễn Văn A", "nguyenvana@caobang.edu.vn", "0912345678", "cao-bang-th-hoa-an", string(access.RoleOfficer)},
		{"tranthib.hoaan", "Trần Thị B", "", "", "cao-bang-th-hoa-an", string(access.RoleLeader)},
	}
}

func columnsOf(kind string) ([]activityimport.Column, error) {
	switch kind {
	case KindUnits:
		return UnitColumns, nil
	case KindAccounts:
		return AccountColumns, nil
	}
	return nil, fmt.Errorf("onboard: unknown kind %q (want units or users)", kind)
}

// Template writes the template of kind (KindUnits or KindAccounts) in
// format "csv" (UTF-8 with a byte-order mark, so Excel reads Vietnamese) or
// "xlsx" (with a guide sheet): the header row and two example rows, which
// import as they are.
func Template(w io.Writer, kind, format string) error {
	cols, err := columnsOf(kind)
	if err != nil {
		return err
	}
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.Header
	}
	rows := append([][]string{header}, examples(kind)...)
	switch format {
	case "csv":
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return err
		}
		cw := csvsafe.NewWriter(w)
		cw.UseCRLF = true
		for _, r := range rows {
			if err := cw.Write(r); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	case "xlsx":
		return templateXLSX(w, kind, cols, rows)
	}
	return fmt.Errorf("onboard: unknown template format %q (want xlsx or csv)", format)
}

func templateXLSX(w io.Writer, kind string, cols []activityimport.Column, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	const data, help = "Dữ liệu", "Hướng dẫn"
	if err := f.SetSheetName("Sheet1", data); err != nil {
		return err
	}
	for i, r := range rows {
		for j, v := range r {
			// Text cells: a code like "0912345678" must keep its zero and a
			// date must stay as written.
			if err := set(f, data, j+1, i+1, v); err != nil {
				return err
			}
		}
	}
	if _, err := f.NewSheet(help); err != nil {
		return err
	}
	line := 1
	put := func(a, b string) error {
		if err := set(f, help, 1, line, a); err != nil {
			return err
		}
		line++
		return set(f, help, 2, line-1, b)
	}
	if err := put("Cột", "Ý nghĩa"); err != nil {
		return err
	}
	for _, c := range cols {
		if err := put(c.Header, guide[c.Key]); err != nil {
			return err
		}
	}
	line++
	if kind == KindUnits {
		if err := put("Loại (type)", "Tên"); err != nil {
			return err
		}
		for _, t := range org.Types {
			if err := put(string(t), t.Label("vi")); err != nil {
				return err
			}
		}
	} else {
		if err := put("Vai trò (role)", "Tên"); err != nil {
			return err
		}
		for _, r := range access.Roles {
			if err := put(string(r), r.LabelVI()); err != nil {
				return err
			}
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

func set(f *excelize.File, sheet string, col, row int, v string) error {
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	return f.SetCellStr(sheet, cell, v)
}
