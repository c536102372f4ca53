// Package demo builds the demonstration dataset from the seed plans: the
// units they name as they stood in 2024, today's structure reached through
// the dated restructures of 2025, and one account per role. It uses the same
// services as people do, so the demo exercises the real rules.
package demo

import "github.com/canhgiac/canhgiac/internal/org"

// since is when the demo's records begin: the earliest seed plan is of 2020.
const since = "2020-01-01"

// u is a unit of the 2024 structure: code, name, short name, type, parent.
type u struct {
	code, name, short string
	typ               org.Type
	parent            string
}

// units2024 are the units the seeds name (file names in brackets), with their
// parents before the 2025 restructure. The tree's root is the ministry that
// issued the national plan 578/KH-BCA-A05, which the province plans derive from.
var units2024 = []u{
	{"bca", "Bộ Công an", "BCA", org.TypeMinistry, ""},
	{"bca-a05", "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao", "A05", org.TypeBureau, "bca"},

	// Cao Bằng: plan 940/KH-UBND (seed 001) gives duties to these agencies.
	{"cao-bang", "Ủy ban nhân dân tỉnh Cao Bằng", "UBND tỉnh Cao Bằng", org.TypeProvince, "bca"},
	{"cao-bang-ca", "Công an tỉnh Cao Bằng", "CA tỉnh", org.TypeDepartment, "cao-bang"},
	{"cao-bang-stttt", "Sở Thông tin và Truyền thông tỉnh Cao Bằng", "Sở TT&TT", org.TypeDepartment, "cao-bang"},
	{"cao-bang-skhcn", "Sở Khoa học và Công nghệ tỉnh Cao Bằng", "Sở KH&CN", org.TypeDepartment, "cao-bang"},
	{"cao-bang-sgddt", "Sở Giáo dục và Đào tạo tỉnh Cao Bằng", "Sở GD&ĐT", org.TypeDepartment, "cao-bang"},
	{"cao-bang-thpt-chuyen", "Trường THPT Chuyên Cao Bằng", "THPT Chuyên", org.TypeSubunit, "cao-bang-sgddt"},
	{"cao-bang-sct", "Sở Công Thương tỉnh Cao Bằng", "Sở CT", org.TypeDepartment, "cao-bang"},
	{"cao-bang-sgtvt", "Sở Giao thông Vận tải tỉnh Cao Bằng", "Sở GTVT", org.TypeDepartment, "cao-bang"},
	{"cao-bang-sxd", "Sở Xây dựng tỉnh Cao Bằng", "Sở XD", org.TypeDepartment, "cao-bang"},
	{"cao-bang-stc", "Sở Tài chính tỉnh Cao Bằng", "Sở TC", org.TypeDepartment, "cao-bang"},
	{"cao-bang-snv", "Sở Nội vụ tỉnh Cao Bằng", "Sở NV", org.TypeDepartment, "cao-bang"},
	{"cao-bang-sldtbxh", "Sở Lao động - Thương binh và Xã hội tỉnh Cao Bằng", "Sở LĐTBXH", org.TypeDepartment, "cao-bang"},
	{"cao-bang-stnmt", "Sở Tài nguyên và Môi trường tỉnh Cao Bằng", "Sở TN&MT", org.TypeDepartment, "cao-bang"},
	// Seed 004: the department's own plan, addressed to its office and sub-units.
	{"cao-bang-snnptnt", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Cao Bằng", "Sở NN&PTNT", org.TypeDepartment, "cao-bang"},
	{"cao-bang-snnptnt-vp", "Văn phòng Sở Nông nghiệp và Phát triển nông thôn", "Văn phòng Sở", org.TypeSubunit, "cao-bang-snnptnt"},
	{"cao-bang-cc-kiem-lam", "Chi cục Kiểm lâm tỉnh Cao Bằng", "Chi cục Kiểm lâm", org.TypeSubunit, "cao-bang-snnptnt"},
	{"cao-bang-cc-chan-nuoi", "Chi cục Chăn nuôi và Thú y tỉnh Cao Bằng", "Chi cục CN&TY", org.TypeSubunit, "cao-bang-snnptnt"},
	{"cao-bang-tt-khuyen-nong", "Trung tâm Khuyến nông tỉnh Cao Bằng", "TT Khuyến nông", org.TypeSubunit, "cao-bang-snnptnt"},
	{"cao-bang-nhnn", "Ngân hàng Nhà nước chi nhánh tỉnh Cao Bằng", "NHNN Cao Bằng", org.TypeDepartment, "cao-bang"},
	{"cao-bang-vcb", "Vietcombank chi nhánh Cao Bằng", "Vietcombank", org.TypeBank, "cao-bang-nhnn"},
	{"cao-bang-agribank", "Agribank chi nhánh tỉnh Cao Bằng", "Agribank", org.TypeBank, "cao-bang-nhnn"},
	{"cao-bang-bidv", "BIDV chi nhánh Cao Bằng", "BIDV", org.TypeBank, "cao-bang-nhnn"},
	{"cao-bang-bao", "Báo Cao Bằng", "Báo CB", org.TypePress, "cao-bang"},
	{"cao-bang-ptth", "Đài Phát thanh - Truyền hình Cao Bằng", "Đài PT-TH", org.TypePress, "cao-bang"},
	{"cao-bang-mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Cao Bằng", "UBMTTQ tỉnh", org.TypeMassOrg, "cao-bang"},
	{"cao-bang-viettel", "Viettel Cao Bằng", "Viettel", org.TypeTelecom, "cao-bang"},
	{"cao-bang-vnpt", "VNPT Cao Bằng (VinaPhone)", "VNPT", org.TypeTelecom, "cao-bang"},
	{"cao-bang-mobifone", "MobiFone tỉnh Cao Bằng", "MobiFone", org.TypeTelecom, "cao-bang"},
	// Four of the province's ten district-level units and some of their
	// communes (names: ubndtp.caobang.gov.vn/gioi-thieu-chung).
	{"cao-bang-tp", "Ủy ban nhân dân thành phố Cao Bằng", "TP Cao Bằng", org.TypeDistrict, "cao-bang"},
	{"cao-bang-hoa-an", "Ủy ban nhân dân huyện Hòa An", "Huyện Hòa An", org.TypeDistrict, "cao-bang"},
	{"cao-bang-trung-khanh", "Ủy ban nhân dân huyện Trùng Khánh", "Huyện Trùng Khánh", org.TypeDistrict, "cao-bang"},
	{"cao-bang-bao-lac", "Ủy ban nhân dân huyện Bảo Lạc", "Huyện Bảo Lạc", org.TypeDistrict, "cao-bang"},
	{"cb-p-hop-giang", "Phường Hợp Giang", "", org.TypeCommune, "cao-bang-tp"},
	{"cb-p-song-hien", "Phường Sông Hiến", "", org.TypeCommune, "cao-bang-tp"},
	{"cb-p-de-tham", "Phường Đề Thám", "", org.TypeCommune, "cao-bang-tp"},
	{"cb-x-hung-dao", "Xã Hưng Đạo", "", org.TypeCommune, "cao-bang-tp"},
	{"cb-p-ngoc-xuan", "Phường Ngọc Xuân", "", org.TypeCommune, "cao-bang-tp"},
	{"cb-p-song-bang", "Phường Sông Bằng", "", org.TypeCommune, "cao-bang-tp"},
	{"cb-x-vinh-quang", "Xã Vĩnh Quang", "", org.TypeCommune, "cao-bang-tp"},
	{"cb-p-tan-giang", "Phường Tân Giang", "", org.TypeCommune, "cao-bang-tp"},
	{"cb-p-duyet-trung", "Phường Duyệt Trung", "", org.TypeCommune, "cao-bang-tp"},
	{"cb-p-hoa-chung", "Phường Hòa Chung", "", org.TypeCommune, "cao-bang-tp"},
	{"cb-x-chu-trinh", "Xã Chu Trinh", "", org.TypeCommune, "cao-bang-tp"},
	{"cb-x-hoang-tung", "Xã Hoàng Tung", "", org.TypeCommune, "cao-bang-hoa-an"},
	{"cb-x-le-chung", "Xã Lê Chung", "", org.TypeCommune, "cao-bang-hoa-an"},

	// Kiên Giang: plan 774/KH-LĐTBXH of the labour department (seed 000).
	{"kien-giang", "Ủy ban nhân dân tỉnh Kiên Giang", "UBND tỉnh Kiên Giang", org.TypeProvince, "bca"},
	{"kien-giang-ca", "Công an tỉnh Kiên Giang", "CA tỉnh", org.TypeDepartment, "kien-giang"},
	{"kien-giang-snv", "Sở Nội vụ tỉnh Kiên Giang", "Sở NV", org.TypeDepartment, "kien-giang"},
	{"kien-giang-sgddt", "Sở Giáo dục và Đào tạo tỉnh Kiên Giang", "Sở GD&ĐT", org.TypeDepartment, "kien-giang"},
	{"kien-giang-sldtbxh", "Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang", "Sở LĐTBXH", org.TypeDepartment, "kien-giang"},
	// Vocational schools (baokiengiang.vn, 10/2024; the second school's
	// attachment to the department is an assumption of the demo).
	{"kg-tc-nghe-u-minh-thuong", "Trường Trung cấp nghề vùng U Minh Thượng", "TC nghề U Minh Thượng", org.TypeSubunit, "kien-giang-sldtbxh"},
	{"kg-tc-nghe-dtnt", "Trường Trung cấp nghề Dân tộc nội trú tỉnh Kiên Giang", "TC nghề DTNT", org.TypeSubunit, "kien-giang-sldtbxh"},
	{"an-giang", "Ủy ban nhân dân tỉnh An Giang", "UBND tỉnh An Giang", org.TypeProvince, "bca"},
	{"an-giang-ca", "Công an tỉnh An Giang", "CA tỉnh", org.TypeDepartment, "an-giang"},
	{"an-giang-snv", "Sở Nội vụ tỉnh An Giang", "Sở NV", org.TypeDepartment, "an-giang"},
	{"an-giang-sgddt", "Sở Giáo dục và Đào tạo tỉnh An Giang", "Sở GD&ĐT", org.TypeDepartment, "an-giang"},

	// Đắk Nông: the science department's plan (seed 002) and its centre.
	{"dak-nong", "Ủy ban nhân dân tỉnh Đắk Nông", "UBND tỉnh Đắk Nông", org.TypeProvince, "bca"},
	{"dak-nong-skhcn", "Sở Khoa học và Công nghệ tỉnh Đắk Nông", "Sở KH&CN", org.TypeDepartment, "dak-nong"},
	{"dak-nong-tt-ud", "Trung tâm Thông tin, Kỹ thuật và Ứng dụng khoa học công nghệ", "Trung tâm TT-KT-UD", org.TypeSubunit, "dak-nong-skhcn"},
	{"dak-nong-stttt", "Sở Thông tin và Truyền thông tỉnh Đắk Nông", "Sở TT&TT", org.TypeDepartment, "dak-nong"},
	{"lam-dong", "Ủy ban nhân dân tỉnh Lâm Đồng", "UBND tỉnh Lâm Đồng", org.TypeProvince, "bca"},
	{"lam-dong-skhcn", "Sở Khoa học và Công nghệ tỉnh Lâm Đồng", "Sở KH&CN", org.TypeDepartment, "lam-dong"},

	// Quảng Nam: plan 89/KH-TBATANM of the cyber-security subcommittee (seed 003).
	{"quang-nam", "Ủy ban nhân dân tỉnh Quảng Nam", "UBND tỉnh Quảng Nam", org.TypeProvince, "bca"},
	{"quang-nam-tbatanm", "Tiểu ban An toàn, An ninh mạng tỉnh Quảng Nam", "Tiểu ban ATANM", org.TypeDepartment, "quang-nam"},
	{"quang-nam-ca", "Công an tỉnh Quảng Nam", "CA tỉnh", org.TypeDepartment, "quang-nam"},
	{"da-nang", "Ủy ban nhân dân thành phố Đà Nẵng", "UBND TP Đà Nẵng", org.TypeProvince, "bca"},
	{"da-nang-ca", "Công an thành phố Đà Nẵng", "CA TP", org.TypeDepartment, "da-nang"},

	// The police of the provinces the demo's warnings concern and no seed
	// plan names. A province's police is a unit of the ministry, so they
	// stand under it, not under a People's Committee.
	{"ha-noi-ca", "Công an thành phố Hà Nội", "CA TP Hà Nội", org.TypeDepartment, "bca"},
	{"ho-chi-minh-ca", "Công an Thành phố Hồ Chí Minh", "CA TP.HCM", org.TypeDepartment, "bca"},
	{"bac-ninh-ca", "Công an tỉnh Bắc Ninh", "CA tỉnh Bắc Ninh", org.TypeDepartment, "bca"},
}
