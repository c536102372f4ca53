package web

// The public statistics' English (stats.html, layout/tilemap.html,
// h_stats.go), merged into english at start.
var englishStats = map[string]string{
	"Thống kê":                            "Statistics",
	"Thống kê lừa đảo":                    "Scam statistics",
	"Bản đồ tố giác":                      "Map of reports",
	"Bản đồ tố giác theo tỉnh, thành phố": "Map of reports by province and city",
	"Mỗi thanh là số tố giác; số dưới 5 ghi “< 5”. Số liệu đầy đủ ở bảng bên cạnh.":                                                              "Each bar is a number of reports; numbers under 5 read “< 5”. The full figures are in the table beside it.",
	"Mỗi ô là một tỉnh, thành phố, đặt theo vị trí gần đúng; số trong ô là số tố giác trên 100.000 dân. Chọn một ô để xem cảnh báo của tỉnh đó.": "Each square is a province or city, placed roughly where it lies; the number in it is reports per 100,000 people. Choose a square to see that province's warnings.",
	"Số liệu lúc": "Figures as of",
	"Số tiền bị mất (theo người tố giác)": "Money lost (as reported)",
	"Số tố giác người dân gửi đến Cảnh Giác và số vụ cán bộ đã xác minh là lừa đảo. Để không ai bị nhận ra, số dưới 5 được ghi “< 5” và không ghi số tiền của nhóm đó.": "Reports people sent to Cảnh Giác and the cases officers verified as scams. So that nobody can be recognised, numbers under 5 read “< 5” and the money of such a group is not shown.",
	"Số tố giác trên 100.000 dân, 12 tuần gần nhất. Dân số theo Nghị quyết 202/2025/QH15.":                                                                              "Reports per 100,000 people, last 12 weeks. Population as stated with Resolution 202/2025/QH15.",
	"Tháng này chưa có số liệu.":     "No figures yet this month.",
	"Thủ đoạn bị tố giác nhiều nhất": "Most reported tactics",
	"Trong khoảng":              "From",
	"Tải bảng này (CSV)":        "Download this table (CSV)",
	"Tố giác":                   "Reports",
	"Tối đa 2 năm mỗi lần xem.": "At most 2 years at a time.",
	"Từ ngày":                   "From",
	"Đến ngày":                  "To",
	"Xem":                       "Show",
	"bảng số liệu":              "table of figures",
	"chưa có số liệu":           "no data yet",
	"người tố giác cho biết đã mất": "reporters said they lost",
	"trên 100.000 dân":              "per 100,000 people",
	"tố giác trên 100.000 dân":      "reports per 100,000 people",
	"tố giác":                       "reports",
	"từ":                            "from",
	"đến":                           "to",
	"Đã xác minh lừa đảo":           "Verified scams",
	"đã xác minh lừa đảo":           "verified scams",
	"“< 5”: dưới 5 tố giác, không tính tỷ lệ":         "“< 5”: under 5 reports, no rate computed",
	"“—”: chưa có số liệu":                            "“—”: no data yet",
	"Tố giác theo tuần":                               "Reports by week",
	"Tố giác theo thủ đoạn":                           "Reports by tactic",
	"Tố giác theo tỉnh, thành phố":                    "Reports by province and city",
	"Tuần":                                            "Week",
	"Thủ đoạn":                                        "Tactic",
	"Tỉnh, thành phố":                                 "Province or city",
	"Tổng cộng":                                       "Total",
	"Không ghi thủ đoạn":                              "Tactic not given",
	"Không ghi tỉnh, thành phố":                       "Province not given",
	"Lừa đảo chiếm đoạt tài sản":                      "Fraud",
	"Tổ chức đánh bạc, đánh bạc trực tuyến":           "Gambling, online gambling",
	"Quảng cáo trực tuyến sai sự thật":                "False online advertising",
	"Truyền bá, phát tán ấn phẩm đồi trụy, khiêu dâm": "Spreading pornography",
	"Lừa đảo qua thương mại điện tử":                  "E-commerce fraud",
	"Kinh doanh đa cấp trái phép":                     "Illegal multi-level marketing",
	"Tiền ảo, tiền điện tử":                           "Crypto-currencies",
	"Giao dịch ngoại hối, chứng khoán trái phép":      "Illegal forex and securities trading",
	"Mua bán vũ khí, công cụ hỗ trợ, vật liệu nổ":     "Trade in weapons and explosives",
}

func init() {
	for vi, en := range englishStats {
		if _, ok := english[vi]; !ok {
			english[vi] = en
		}
	}
}
