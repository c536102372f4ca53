package web

import (
	"github.com/canhgiac/canhgiac/internal/content"
)

// The portal's pictures: an illustration for each tactic category and for
// the scams people meet most, drawn for this project as small SVG files in
// static/ (each under 1.5 KB, so the home page keeps its 100 KB budget),
// and icons that always stand beside words for a warning's severity and a
// check's verdict — colour is never the only sign.

// Picture is a static illustration and what it shows, for its alt text.
type Picture struct {
	File string // in static/
	Alt  string // Vietnamese; the page translates it
}

// categoryPictures draw the tactic categories (codes of the tactics table).
var categoryPictures = map[string]Picture{
	"fraud":       {"tactic-fraud.svg", "Hình minh họa: lưỡi câu kéo tiền ra từ điện thoại"},
	"gambling":    {"tactic-gambling.svg", "Hình minh họa: xúc xắc và lá bài trên điện thoại"},
	"online-ads":  {"tactic-online-ads.svg", "Hình minh họa: loa quảng cáo và lọ thuốc “thần kỳ”"},
	"pornography": {"tactic-pornography.svg", "Hình minh họa: màn hình bị chặn"},
	"e-commerce":  {"tactic-e-commerce.svg", "Hình minh họa: giỏ hàng đã trả tiền và hộp hàng không rõ"},
	"multi-level": {"tactic-multi-level.svg", "Hình minh họa: kim tự tháp người, tiền dồn lên người trên cùng"},
	"crypto":      {"tactic-crypto.svg", "Hình minh họa: đồng tiền ảo và biểu đồ lao dốc"},
	"forex":       {"tactic-forex.svg", "Hình minh họa: biểu đồ giá trên sàn giao dịch"},
	"weapons":     {"tactic-weapons.svg", "Hình minh họa: vũ khí bị cấm"},
}

// kindPictures draw the scams the warnings speak of most, by the slug of
// their handbook entry.
var kindPictures = func() map[string]Picture {
	call := Picture{"kind-call.svg", "Hình minh họa: cuộc gọi của người giả danh cán bộ"}
	app := Picture{"kind-app.svg", "Hình minh họa: điện thoại bị dụ cài ứng dụng lạ"}
	sms := Picture{"kind-sms.svg", "Hình minh họa: tin nhắn kèm đường link giả"}
	video := Picture{"kind-video.svg", "Hình minh họa: cuộc gọi video giả mặt người quen"}
	game := Picture{"kind-game.svg", "Hình minh họa: tay cầm trò chơi và thẻ cào"}
	return map[string]Picture{
		"gia-danh-cong-an": call, "gia-danh-co-quan-thue": call, "bao-tin-con-cap-cuu": call,
		"ung-dung-vneid-gia": app, "gia-danh-dien-luc": app, "ung-dung-vay-tien-online": app,
		"tin-nhan-brandname-tram-bts-gia": sms, "chuyen-nham-tien": sms,
		"cuoc-goi-video-deepfake": video, "chiem-tai-khoan-muon-tien": video,
		"viec-nhe-luong-cao-lam-nhiem-vu": {"kind-job.svg", "Hình minh họa: việc làm trên điện thoại đòi nạp tiền"},
		"lay-lai-tien-bi-lua":             {"kind-recover.svg", "Hình minh họa: trả tiền để “lấy lại tiền” rồi mất thêm"},
		"the-cao-game-vat-pham":           game, "ca-cuoc-game-hoc-sinh": game,
		"lam-quen-gui-qua-phi-hai-quan": {"kind-romance.svg", "Hình minh họa: trái tim và món quà đòi phí nhận"},
	}
}()

var warningPicture = Picture{"kind-warning.svg", "Hình minh họa: biển cảnh báo"}

// categoryPicture is the picture of a tactic category.
func categoryPicture(code string) Picture {
	if p, ok := categoryPictures[code]; ok {
		return p
	}
	return warningPicture
}

// itemPicture is the picture of a handbook entry or a warning: the scam's
// own when it has one, else its category's, else a warning sign.
func itemPicture(it *content.Item) Picture {
	slug := it.Slug
	if it.Kind == content.KindWarning {
		slug = it.Fields.Tactic
	}
	if p, ok := kindPictures[slug]; ok {
		return p
	}
	if it.Fields.Category != "" {
		return categoryPicture(it.Fields.Category)
	}
	return warningPicture
}

// verdictIcon is the icon beside a check's verdict or a warning's severity.
func verdictIcon(code string) string {
	switch code {
	case "extreme", "severe", "moderate", "minor":
		return "sev-" + code + ".svg"
	case "scam":
		return "verdict-scam.svg"
	case "suspicious", "lookalike", "shortener":
		return "verdict-suspicious.svg"
	case "official":
		return "verdict-official.svg"
	}
	return "verdict-unknown.svg"
}
