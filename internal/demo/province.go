package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/onboard"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// The province at its real size: every commune and ward of Cao Bằng from
// 1/7/2025 (from the commune list the product carries), a school in each,
// the banks' transaction points, and the Party and steering bodies the
// seeds report to. It is brought in as an administrator would, through the
// unit import (onboard), so the demo exercises that path.

// provinceBodies are the bodies above the campaign that the seeds name:
// plan 940/KH-UBND reports to the Ban Chỉ đạo 35 and the Ban Tuyên giáo.
// They receive the province's reports and send none to its People's
// Committee, so they stand apart from its tree (no parent): under it they
// would count among the units it expects a report from.
var provinceBodies = [][]string{
	{"cao-bang-btg-tu", "Ban Tuyên giáo Tỉnh ủy Cao Bằng", string(org.TypeMassOrg), "", "2020-01-01"},
	{"cao-bang-bcd35", "Ban Chỉ đạo 35 tỉnh Cao Bằng", string(org.TypeDepartment), "", "2020-01-01"},
}

// transactionPoints are a few banks' points of transaction, in the
// communes where the bank has its district-level offices.
var transactionPoints = []struct{ bank, name, commune string }{
	{"cao-bang-agribank", "Agribank Phòng giao dịch Hòa An", "Xã Hòa An"},
	{"cao-bang-agribank", "Agribank Phòng giao dịch Trùng Khánh", "Xã Trùng Khánh"},
	{"cao-bang-agribank", "Agribank Phòng giao dịch Bảo Lạc", "Xã Bảo Lạc"},
	{"cao-bang-agribank", "Agribank Phòng giao dịch Quảng Uyên", "Xã Quảng Uyên"},
	{"cao-bang-agribank", "Agribank Phòng giao dịch Trà Lĩnh", "Xã Trà Lĩnh"},
	{"cao-bang-agribank", "Agribank Phòng giao dịch Hạ Lang", "Xã Hạ Lang"},
	{"cao-bang-agribank", "Agribank Phòng giao dịch Nguyên Bình", "Xã Nguyên Bình"},
	{"cao-bang-agribank", "Agribank Phòng giao dịch Thạch An", "Xã Đông Khê"},
	{"cao-bang-agribank", "Agribank Phòng giao dịch Hà Quảng", "Xã Hà Quảng"},
	{"cao-bang-agribank", "Agribank Phòng giao dịch Bảo Lâm", "Xã Bảo Lâm"},
	{"cao-bang-vcb", "Vietcombank Phòng giao dịch Sông Bằng", "Phường Nùng Trí Cao"},
	{"cao-bang-bidv", "BIDV Phòng giao dịch Tân Giang", "Phường Tân Giang"},
	{"cao-bang-bidv", "BIDV Phòng giao dịch Hòa An", "Xã Hòa An"},
}

// existingCommunes are the wards the 2025 restructure events already made.
var existingCommunes = map[string]string{
	"Phường Thục Phán": "cb-p-thuc-phan", "Phường Nùng Trí Cao": "cb-p-nung-tri-cao", "Phường Tân Giang": "cb-p-tan-giang-2025",
}

// provinceFile is the unit file of the province.
func provinceFile() ([]byte, error) {
	used := map[string]bool{}
	for _, x := range units2024 {
		used[x.code] = true
	}
	slug := func(prefix, name string) string {
		c := prefix + strings.Join(strings.Fields(vn.Fold(name)), "-")
		for base, i := c, 2; used[c]; i++ {
			c = fmt.Sprintf("%s-%d", base, i)
		}
		used[c] = true
		return c
	}
	rows := [][]string{{"code", "name", "type", "parent", "valid_from"}}
	rows = append(rows, provinceBodies...)
	commune := map[string]string{}
	var schools [][]string
	for _, c := range vn.Communes("Cao Bằng") {
		code, ok := existingCommunes[c.Name]
		if !ok {
			code = slug("cb-", c.Name)
			rows = append(rows, []string{code, "Ủy ban nhân dân " + strings.ToLower(c.Name[:1]) + c.Name[1:], string(org.TypeCommune), "cao-bang", july2025})
		}
		commune[c.Name] = code
		bare := strings.TrimPrefix(strings.TrimPrefix(c.Name, "Xã "), "Phường ")
		level := "Trường Tiểu học và Trung học cơ sở "
		if strings.HasPrefix(c.Name, "Phường") {
			level = "Trường Tiểu học "
		}
		schools = append(schools, []string{slug("cb-truong-", bare), level + bare, string(org.TypeSubunit), code, july2025})
	}
	rows = append(rows, schools...)
	for _, p := range transactionPoints {
		// The point belongs to its bank; the commune is only where it is.
		if _, ok := commune[p.commune]; !ok {
			return nil, fmt.Errorf("demo: no commune %q for %s", p.commune, p.name)
		}
		rows = append(rows, []string{slug("cb-pgd-", strings.Replace(p.name, "Phòng giao dịch ", "", 1)), p.name, string(org.TypeBank), p.bank, july2025})
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// LoadProvince imports the province's units through the unit import, all
// or nothing, as the system.
func LoadProvince(ctx context.Context, o *org.Service) (int, error) {
	file, err := provinceFile()
	if err != nil {
		return 0, err
	}
	res, err := onboard.Units(access.With(ctx, access.System()), o, bytes.NewReader(file), "tinh-cao-bang.csv",
		org.ImportOptions{AllOrNothing: true, Source: "tinh-cao-bang.csv"})
	if err != nil {
		return 0, fmt.Errorf("demo province: %w", err)
	}
	if len(res.Problems) > 0 {
		p := res.Problems[0]
		return 0, fmt.Errorf("demo province: %d bad rows, first: row %d, %s: %s", res.BadRows(), p.Line, p.Column, p.Message)
	}
	return len(res.Added), nil
}
