package demo

import "github.com/canhgiac/canhgiac/internal/org"

// Legal bases of the 2025 restructure, as the events cite them. Sources
// checked for the demo (search of stored public pages, 11/2026):
//   - Nghị định 45/2025/NĐ-CP of 28/02/2025 lists the 12 standard provincial
//     departments, with no Sở TT&TT, GTVT, NN&PTNT, TN&MT or LĐTBXH
//     (xaydungchinhsach.chinhphu.vn/chinh-phu-quy-dinh-ve-co-quan-chuyen-mon-thuoc-ubnd-cap-tinh-119250303080831107.htm).
//     The merged departments started work on 01/03/2025 in most provinces;
//     Cao Bằng's own decisions were not found, so the demo uses that date.
//   - Sở LĐTBXH's vocational schools went to Sở GD&ĐT, its labour duties to
//     Sở Nội vụ (confirmed for Ho Chi Minh City: dantri.com.vn, 28/02/2025).
//   - The State Bank's 63 provincial branches became 15 regional branches on
//     01/03/2025 (sbv.gov.vn/w/sbv624657); Branch 5 sits in Thái Nguyên and
//     covers six northern mountain provinces. That Cao Bằng is one of them is
//     from memory, not from a source.
//   - Nghị quyết 202/2025/QH15 of 12/6/2025: Kiên Giang into An Giang,
//     Đắk Nông (with Bình Thuận) into Lâm Đồng, Quảng Nam into Đà Nẵng; Cao
//     Bằng unchanged; new provincial governments from 01/07/2025.
//   - Nghị quyết 203/2025/QH15 (amending the Constitution): no district level
//     from 01/07/2025.
//   - Nghị quyết 1657/NQ-UBTVQH15 of 16/6/2025: Cao Bằng's communes; the
//     wards of the city became Thục Phán, Nùng Trí Cao and Tân Giang.
//   - Where the Quảng Nam cyber-security subcommittee's duties went is an
//     assumption of the demo: to the police of the merged city.
const (
	basisND45   = "Nghị định 45/2025/NĐ-CP ngày 28/02/2025 của Chính phủ"
	basisSBV    = "Tổ chức lại hệ thống chi nhánh Ngân hàng Nhà nước thành 15 chi nhánh khu vực (từ 01/03/2025)"
	basisNQ202  = "Nghị quyết 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh"
	basisNQ203  = "Nghị quyết 203/2025/QH15 ngày 16/6/2025 của Quốc hội sửa đổi, bổ sung Hiến pháp (kết thúc cấp huyện)"
	basisNQ1657 = "Nghị quyết 1657/NQ-UBTVQH15 ngày 16/6/2025 về sắp xếp đơn vị hành chính cấp xã tỉnh Cao Bằng"
	march2025   = "2025-03-01"
	july2025    = "2025-07-01"
)

// extraUnits are created at a date during the restructure, before the events
// that hand them work.
var extraUnits = []org.UnitInput{
	{Code: "nhnn-kv5", Name: "Ngân hàng Nhà nước Chi nhánh Khu vực 5", ShortName: "NHNN KV5", Type: org.TypeDepartment, ParentCode: "cao-bang", ValidFrom: march2025},
}

func merge(date, basis, into string, units ...string) org.Operation {
	return org.Operation{Kind: org.KindMergeInto, Effective: date, Basis: basis, Units: units, Target: into}
}

func mergeNew(date, basis string, c org.UnitInput, units ...string) org.Operation {
	return org.Operation{Kind: org.KindMergeNew, Effective: date, Basis: basis, Units: units, New: []org.UnitInput{c}}
}

func dissolve(date, basis, successor, unit string) org.Operation {
	return org.Operation{Kind: org.KindDissolve, Effective: date, Basis: basis, Units: []string{unit}, Target: successor}
}

// events is the 2025 restructure in the order it is applied. On a date,
// departments merge before their provinces do, so that each merge sees the
// units still in place.
var events = []org.Operation{
	merge(march2025, basisND45, "cao-bang-skhcn", "cao-bang-stttt"),
	merge(march2025, basisND45, "cao-bang-sxd", "cao-bang-sgtvt"),
	mergeNew(march2025, basisND45, org.UnitInput{Code: "cao-bang-snnmt", Name: "Sở Nông nghiệp và Môi trường tỉnh Cao Bằng", ShortName: "Sở NN&MT", Type: org.TypeDepartment, ParentCode: "cao-bang"},
		"cao-bang-snnptnt", "cao-bang-stnmt"),
	{Kind: org.KindRename, Effective: march2025, Basis: basisND45, Units: []string{"cao-bang-snnptnt-vp"}, NewName: "Văn phòng Sở Nông nghiệp và Môi trường", NewShort: "Văn phòng Sở"},
	merge(march2025, basisND45, "cao-bang-snv", "cao-bang-sldtbxh"),
	dissolve(march2025, basisSBV, "nhnn-kv5", "cao-bang-nhnn"),
	{Kind: org.KindMove, Effective: march2025, Basis: basisND45, Units: []string{"kg-tc-nghe-u-minh-thuong"}, Target: "kien-giang-sgddt"},
	{Kind: org.KindMove, Effective: march2025, Basis: basisND45, Units: []string{"kg-tc-nghe-dtnt"}, Target: "kien-giang-sgddt"},
	merge(march2025, basisND45, "kien-giang-snv", "kien-giang-sldtbxh"),
	merge(march2025, basisND45, "dak-nong-skhcn", "dak-nong-stttt"),

	mergeNew(july2025, basisNQ1657, org.UnitInput{Code: "cb-p-thuc-phan", Name: "Phường Thục Phán", Type: org.TypeCommune, ParentCode: "cao-bang"},
		"cb-p-song-hien", "cb-p-de-tham", "cb-p-hop-giang", "cb-x-hung-dao", "cb-x-hoang-tung"),
	mergeNew(july2025, basisNQ1657, org.UnitInput{Code: "cb-p-nung-tri-cao", Name: "Phường Nùng Trí Cao", Type: org.TypeCommune, ParentCode: "cao-bang"},
		"cb-p-ngoc-xuan", "cb-p-song-bang", "cb-x-vinh-quang"),
	mergeNew(july2025, basisNQ1657, org.UnitInput{Code: "cb-p-tan-giang-2025", Name: "Phường Tân Giang", Type: org.TypeCommune, ParentCode: "cao-bang"},
		"cb-p-tan-giang", "cb-p-duyet-trung", "cb-p-hoa-chung", "cb-x-chu-trinh", "cb-x-le-chung"),
	dissolve(july2025, basisNQ203, "", "cao-bang-tp"),
	dissolve(july2025, basisNQ203, "", "cao-bang-hoa-an"),
	dissolve(july2025, basisNQ203, "", "cao-bang-trung-khanh"),
	dissolve(july2025, basisNQ203, "", "cao-bang-bao-lac"),

	merge(july2025, basisNQ202, "an-giang-snv", "kien-giang-snv"),
	merge(july2025, basisNQ202, "an-giang-sgddt", "kien-giang-sgddt"),
	merge(july2025, basisNQ202, "an-giang-ca", "kien-giang-ca"),
	merge(july2025, basisNQ202, "an-giang", "kien-giang"),

	merge(july2025, basisNQ202, "lam-dong-skhcn", "dak-nong-skhcn"),
	merge(july2025, basisNQ202, "lam-dong", "dak-nong"),

	merge(july2025, basisNQ202, "da-nang-ca", "quang-nam-ca"),
	dissolve(july2025, basisNQ202, "da-nang-ca", "quang-nam-tbatanm"),
	merge(july2025, basisNQ202, "da-nang", "quang-nam"),
}
