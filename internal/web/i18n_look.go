package web

// English for the picture-led home page, the pictures' alt texts, the
// severity words, the plain source-check page and the citizens' footer.
var englishLook = map[string]string{
	// Home page (home.html) and the title (layout.html).
	"tra cứu, tố giác, cảnh báo lừa đảo": "check, report and be warned about scams",
	"Dừng lại, kiểm tra, rồi mới tin":    "Stop, check, then trust",
	"Tra cứu:": "Check:",
	"số điện thoại, đường link, tài khoản ngân hàng": "a phone number, a link, a bank account",
	"Tra cứu":                         "Check",
	"Tố giác lừa đảo":                 "Report a scam",
	"Nhận cảnh báo qua tin nhắn, thư": "Get warnings by text or e-mail",
	"Lừa đảo bị tố giác nhiều nhất tuần này": "This week's most reported scams",
	"tố giác":     "reports",
	"đã xác minh": "verified",
	"Tính theo tố giác của người dân trong 7 ngày qua; số dưới 5 ghi là “< 5”.": "Counted from people's reports over the last 7 days; numbers under 5 read “< 5”.",
	"Tuần này chưa có số liệu tố giác.":                                         "No reports this week yet.",
	"Tố giác theo tỉnh, thành phố":                                              "Reports by province and city",
	"Xem thống kê":                                                              "See the statistics",
	"Cảnh báo mới":                                                              "Latest warnings",
	"Chưa có cảnh báo nào đang hiệu lực.":                                       "No warning is in force.",
	"Tất cả cảnh báo":                                                           "All warnings",
	"Thủ đoạn mới":                                                              "New tactics",
	"mới":                                                                       "new",
	"Cẩm nang nhận diện thủ đoạn":                                               "Handbook of scam tactics",
	"Xem cả cẩm nang":                                                           "See the whole handbook",
	"Tìm kiếm":                                                                  "Search",
	"Nếu đã lỡ chuyển tiền:":                                                    "If you have already sent money:",
	"gọi ngay tổng đài ngân hàng của bạn để khóa tài khoản, giữ lại tin nhắn và ảnh chụp màn hình, báo Công an nơi gần nhất (113) và": "call your bank's hotline at once to block the account, keep the messages and screenshots, tell the nearest police (113) and",
	"tố giác tại đây": "report it here",

	// Severity words beside their icons.
	"Đặc biệt nghiêm trọng": "Extreme",
	"Nghiêm trọng":          "Severe",
	"Trung bình":            "Moderate",
	"Nhẹ":                   "Minor",

	// Tactic categories (the week's top scams).
	"Lừa đảo chiếm đoạt tài sản":                      "Fraud",
	"Tổ chức đánh bạc, đánh bạc trực tuyến":           "Gambling, online gambling",
	"Quảng cáo trực tuyến sai sự thật":                "False online advertising",
	"Truyền bá, phát tán ấn phẩm đồi trụy, khiêu dâm": "Spreading obscene material",
	"Lừa đảo qua thương mại điện tử":                  "E-commerce fraud",
	"Kinh doanh đa cấp trái phép":                     "Illegal multi-level selling",
	"Tiền ảo, tiền điện tử":                           "Crypto-currencies",
	"Giao dịch ngoại hối, chứng khoán trái phép":      "Unlicensed forex and securities trading",
	"Mua bán vũ khí, công cụ hỗ trợ, vật liệu nổ":     "Trading weapons and explosives",

	// Pictures' alt texts (pictures.go).
	"Hình minh họa: lưỡi câu kéo tiền ra từ điện thoại":              "Illustration: a hook pulling money out of a phone",
	"Hình minh họa: xúc xắc và lá bài trên điện thoại":               "Illustration: dice and a card beside a phone",
	"Hình minh họa: loa quảng cáo và lọ thuốc “thần kỳ”":             "Illustration: a loudspeaker and a “miracle” medicine",
	"Hình minh họa: màn hình bị chặn":                                "Illustration: a blocked screen",
	"Hình minh họa: giỏ hàng đã trả tiền và hộp hàng không rõ":       "Illustration: a paid shopping cart and a doubtful parcel",
	"Hình minh họa: kim tự tháp người, tiền dồn lên người trên cùng": "Illustration: a pyramid of people, money flowing to the top",
	"Hình minh họa: đồng tiền ảo và biểu đồ lao dốc":                 "Illustration: a crypto coin and a falling chart",
	"Hình minh họa: biểu đồ giá trên sàn giao dịch":                  "Illustration: a price chart on a trading screen",
	"Hình minh họa: vũ khí bị cấm":                                   "Illustration: a forbidden weapon",
	"Hình minh họa: cuộc gọi của người giả danh cán bộ":              "Illustration: a call from someone posing as an official",
	"Hình minh họa: điện thoại bị dụ cài ứng dụng lạ":                "Illustration: a phone talked into installing an unknown app",
	"Hình minh họa: tin nhắn kèm đường link giả":                     "Illustration: a message with a fake link",
	"Hình minh họa: cuộc gọi video giả mặt người quen":               "Illustration: a video call faking a relative's face",
	"Hình minh họa: tay cầm trò chơi và thẻ cào":                     "Illustration: a game controller and a top-up card",
	"Hình minh họa: việc làm trên điện thoại đòi nạp tiền":           "Illustration: a phone job that asks for deposits",
	"Hình minh họa: trả tiền để “lấy lại tiền” rồi mất thêm":         "Illustration: paying to “recover” money and losing more",
	"Hình minh họa: trái tim và món quà đòi phí nhận":                "Illustration: a heart and a gift with a fee to collect",
	"Hình minh họa: biển cảnh báo":                                   "Illustration: a warning sign",

	// Source check (portal_verify.html).
	"Kiểm tra nguồn chính thống":             "Check an official source",
	"Mã xác minh in trên bản tin (10 ký tự)": "Verification code printed on the notice (10 characters)",
	"ví dụ":    "e.g.",
	"Kiểm tra": "Check",
	"Mã đúng, nhưng nội dung này đã được gỡ khỏi cổng":              "The code is genuine, but this content was taken off the portal",
	"Nội dung không còn là thông tin hiện hành; đừng chia sẻ tiếp.": "It is no longer current; do not share it further.",
	"Đây là nội dung chính thống":                                   "This is official content",
	"đã đăng":                                                       "published",
	"lúc":                                                           "on",
	"giờ Việt Nam":                                                  "Vietnam time",
	"bản cập nhật lần":                                              "update no.",
	"Nội dung khớp với bản đã công bố.":                             "The text matches the published version.",
	"Bản bạn nhận được phải giống hệt nội dung dưới đây; khác một chữ là không chính thống.":     "What you received must be exactly the text below; one word different and it is not official.",
	"Nội dung lưu tại cổng không khớp với dấu vân tay đã công bố. Xin báo cho cơ quan đăng bài.": "The text kept on the portal does not match its published fingerprint. Please tell the publishing office.",
	"Xem trên cổng thông tin": "See it on the portal",
	"Nội dung đã công bố":     "The published text",
	"Mã QR của trang này":     "QR code of this page",
	"Tải mã QR (PNG)":         "Download the QR code (PNG)",
	"Chi tiết kỹ thuật":       "Technical details",
	"phiên bản":               "version",
	"dạng chuẩn hóa":          "canonical form",
	"Cảnh Giác gắn mã xác minh cho mọi cảnh báo, bài viết đã đăng. Thông tin không có mã, hoặc khác với bản gốc ở đây, là không chính thống — đừng chia sẻ tiếp.": "Cảnh Giác gives every published warning and article a verification code. Information without a code, or different from the original here, is not official — do not share it further.",

	// The citizens' footer (layout.html).
	"Cần giúp ngay?": "Need help now?",
	"Đã lỡ chuyển tiền: gọi ngay tổng đài ngân hàng của bạn để khóa tài khoản.": "Already sent money: call your bank's hotline at once to block the account.",
	"Gọi":                "Call",
	"Công an":            "police",
	"bảo vệ trẻ em":      "child protection",
	"Dành cho người dân": "For citizens",
	"Nhận cảnh báo":      "Get warnings",
	"Cẩm nang":           "Handbook",
	"Trắc nghiệm":        "Quizzes",
	"Thống kê":           "Statistics",
	"Văn bản pháp luật":  "Legal documents",
	"Điển hình":          "Good practices",
	"Dành cho đối tác":   "For partners",
	"Nhà mạng, ngân hàng, báo chí nhận cảnh báo tự động:": "Telecoms, banks and newsrooms can receive warnings automatically:",
	"nguồn tin Atom":        "Atom feed",
	"cảnh báo CAP 1.2":      "CAP 1.2 alerts",
	"API tra cứu (OpenAPI)": "Check API (OpenAPI)",
	"Cán bộ đăng nhập":      "Staff sign-in",
	"Cảnh Giác — cổng thông tin phòng, chống tội phạm trên không gian mạng": "Cảnh Giác — the portal against online crime",
}

// init adds these entries to the English table (kept in their own file so
// parallel work on i18n.go does not collide).
func init() {
	for vi, en := range englishLook {
		if _, ok := english[vi]; !ok {
			english[vi] = en
		}
	}
}
