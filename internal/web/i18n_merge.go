package web

// English for the texts that came together when the portal's pictures, its
// statistics and its English were joined (portal_item.html's headings and
// the source-check link).
var englishMerge = map[string]string{
	"Dấu hiệu nhận biết":               "Warning signs",
	"Cách phòng tránh":                 "How to protect yourself",
	"Nếu đã bị lừa":                    "If you have been scammed",
	"Ví dụ":                            "Examples",
	"trang kiểm tra nguồn của bài này": "this article's source-check page",
}

func init() { addEnglish(englishMerge, true) }
