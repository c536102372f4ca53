package zalo

import (
	"errors"
	"fmt"

	"github.com/canhgiac/canhgiac/internal/dispatch"
)

var (
	// ErrAuth: Zalo refused the access token (invalid, expired or
	// revoked). Every message would fail the same way, so the campaign is
	// paused (see Fatal) until someone issues a new token.
	ErrAuth = errors.New("zalo: access token refused")
	// ErrConfig: the Official Account, the app or the ZNS template cannot
	// send (template not approved, no balance, API not granted, wrong
	// address…). Like ErrAuth it holds for every message: pause, fix, resume.
	ErrConfig = errors.New("zalo: account or template cannot send")
)

// Fatal says whether err means the channel cannot be used until a person
// acts (ErrAuth, ErrConfig); it fits dispatch.Runner.Fatal. Neither wraps
// a dispatch error, so without Fatal such messages are only re-queued.
func Fatal(err error) bool {
	return errors.Is(err, ErrAuth) || errors.Is(err, ErrConfig)
}

// Error is Zalo refusing a message: its own code and message, and the
// reason in Vietnamese for the operator. It matches (errors.Is) one of
// ErrAuth, ErrConfig, dispatch.ErrThrottled or dispatch.ErrRejected, or
// none of them when the message may simply be sent again (Zalo's -100).
type Error struct {
	API        string // "OA" (message API v3) or "ZNS"
	Code       int    // Zalo's "error"; 0 when only an HTTP status came back
	Message    string // Zalo's "message", as received
	HTTPStatus int    // set when the HTTP status, not a Zalo code, decided
	Reason     string // in Vietnamese
	kind       kind
}

func (e *Error) Error() string {
	var src string
	switch {
	case e.Code != 0 && e.Message != "":
		src = fmt.Sprintf("%s, mã lỗi Zalo %d: %q", e.API, e.Code, e.Message)
	case e.Code != 0:
		src = fmt.Sprintf("%s, mã lỗi Zalo %d", e.API, e.Code)
	default:
		src = fmt.Sprintf("%s, HTTP %d", e.API, e.HTTPStatus)
	}
	switch e.kind {
	case kindAuth:
		return fmt.Sprintf("Zalo từ chối mã truy cập (access token) của Official Account: %s (%s). Đã tạm dừng gửi: hãy cấp lại mã truy cập rồi tiếp tục chiến dịch.", e.Reason, src)
	case kindConfig:
		return fmt.Sprintf("Tài khoản Zalo chưa gửi được: %s (%s). Đã tạm dừng gửi: hãy kiểm tra cấu hình Official Account / mẫu ZNS.", e.Reason, src)
	case kindThrottled:
		return fmt.Sprintf("Zalo yêu cầu gửi chậm lại: %s (%s).", e.Reason, src)
	case kindRetry:
		return fmt.Sprintf("Zalo tạm thời chưa gửi được: %s (%s); sẽ thử lại.", e.Reason, src)
	}
	return fmt.Sprintf("Zalo không nhận tin này: %s (%s).", e.Reason, src)
}

// Unwrap gives the kind of refusal: ErrAuth, ErrConfig,
// dispatch.ErrThrottled, dispatch.ErrRejected, or nil (send again later).
func (e *Error) Unwrap() error {
	switch e.kind {
	case kindAuth:
		return ErrAuth
	case kindConfig:
		return ErrConfig
	case kindThrottled:
		return dispatch.ErrThrottled
	case kindRejected:
		return dispatch.ErrRejected
	}
	return nil
}

type kind int

const (
	kindRejected  kind = iota // this message will never go: failed
	kindThrottled             // slow down, try again later
	kindAuth                  // the access token: pause the campaign
	kindConfig                // the account or template: pause the campaign
	kindRetry                 // not sent, nothing wrong with it: try again
)

type zaloCode struct {
	kind   kind
	reason string
}

// codes maps Zalo's error codes to what the campaign does about them, the
// one place that does. Both APIs answer HTTP 200 with {"error": <code>,
// "message": "..."}; the codes do not overlap (OA -2xx, ZNS -1xx, both -32).
//
// Sources, as published by Zalo (written from their tables, without
// network access here; check against the current pages when a new code
// shows up as "mã lỗi chưa biết"):
//   - OA API: developers.zalo.me/docs/official-account/phu-luc/ma-loi
//   - ZNS:    developers.zalo.me/docs/zalo-notification-service/phu-luc/bang-ma-loi
//
// Codes missing here are rejections that name the code (codeError).
var codes = map[int]zaloCode{
	// Both APIs.
	-32: {kindThrottled, "vượt giới hạn số yêu cầu mỗi phút (rate limit)"},

	// Official Account message API v3.
	-201: {kindRejected, "tham số không hợp lệ (mã người dùng hoặc nội dung tin)"},
	-204: {kindConfig, "Official Account đã bị xóa"},
	-205: {kindConfig, "Official Account không tồn tại"},
	-209: {kindConfig, "API không được hỗ trợ cho Official Account này"},
	-210: {kindRejected, "tham số vượt quá giới hạn (nội dung tin quá dài?)"},
	-211: {kindThrottled, "Official Account đã hết hạn mức gửi tin (quota)"},
	-212: {kindConfig, "Official Account chưa đăng ký dùng API này"},
	-213: {kindRejected, "người dùng chưa quan tâm (follow) Official Account"},
	-216: {kindAuth, "mã truy cập không hợp lệ"},
	-217: {kindRejected, "người dùng đã chặn tin từ Official Account"},
	-218: {kindRejected, "người dùng đã nhận đủ số tin Official Account được phép gửi"},
	-220: {kindAuth, "mã truy cập đã hết hạn hoặc bị thu hồi"},
	-230: {kindRejected, "người dùng không tương tác với Official Account trong 7 ngày qua"},
	-232: {kindRejected, "người dùng chưa tương tác với Official Account hoặc lượt tương tác đã hết hạn"},
	-233: {kindConfig, "loại tin nhắn không được hỗ trợ hoặc không khả dụng"},
	-234: {kindThrottled, "loại tin nhắn này không được gửi vào buổi tối"},

	// ZNS (Zalo Notification Service).
	-100: {kindRetry, "lỗi không xác định phía Zalo"},
	-101: {kindConfig, "ứng dụng gửi ZNS không hợp lệ"},
	-102: {kindConfig, "ứng dụng gửi ZNS không tồn tại"},
	-103: {kindConfig, "ứng dụng gửi ZNS chưa được kích hoạt"},
	-104: {kindConfig, "khóa bí mật (secret key) của ứng dụng không hợp lệ"},
	-105: {kindConfig, "ứng dụng gửi ZNS chưa liên kết với Official Account"},
	-106: {kindConfig, "phương thức không được hỗ trợ"},
	-108: {kindRejected, "số điện thoại không hợp lệ"},
	-109: {kindConfig, "mã mẫu ZNS (template_id) không hợp lệ"},
	-110: {kindRejected, "phiên bản Zalo của người nhận không hỗ trợ ZNS"},
	-111: {kindConfig, "mẫu ZNS không có dữ liệu"},
	-112: {kindRejected, "dữ liệu mẫu (template_data) không hợp lệ"},
	-113: {kindConfig, "nút bấm trong mẫu ZNS không hợp lệ"},
	-114: {kindRejected, "người nhận không nhận được ZNS (trạng thái tài khoản, tùy chọn nhận ZNS hoặc Zalo phiên bản cũ)"},
	-115: {kindConfig, "tài khoản ZNS không đủ số dư"},
	-116: {kindRejected, "nội dung không hợp lệ"},
	-117: {kindConfig, "Official Account hoặc ứng dụng chưa được cấp quyền dùng mẫu ZNS này"},
	-118: {kindRejected, "số điện thoại không có tài khoản Zalo hoặc tài khoản đã bị vô hiệu hóa"},
	-119: {kindRejected, "tài khoản Zalo này không thể nhận ZNS"},
	-120: {kindConfig, "Official Account chưa được cấp quyền dùng tính năng này"},
	-121: {kindConfig, "mẫu ZNS không có nội dung"},
	-122: {kindRejected, "yêu cầu không đúng định dạng JSON"},
	-124: {kindAuth, "mã truy cập không hợp lệ hoặc đã hết hạn"},
	-125: {kindConfig, "mã Official Account không hợp lệ"},
	-126: {kindConfig, "ví (chế độ phát triển) không đủ số dư"},
	-127: {kindRejected, "mẫu đang thử chỉ gửi được cho quản trị viên Official Account"},
	-130: {kindRejected, "nội dung vượt quá giới hạn ký tự của mẫu ZNS"},
	-131: {kindConfig, "mẫu ZNS chưa được duyệt"},
	-132: {kindRejected, "tham số không hợp lệ"},
	-133: {kindThrottled, "mẫu ZNS này không được gửi vào ban đêm (22h–6h)"},
	-134: {kindRejected, "người dùng chưa đồng ý nhận ZNS từ Official Account"},
	-135: {kindConfig, "Official Account chưa có quyền gửi ZNS (chưa xác thực hoặc đang dùng gói miễn phí)"},
	-136: {kindConfig, "cần kết nối Zalo Cloud Account (ZCA) để dùng gói trả phí"},
	-137: {kindConfig, "thanh toán qua Zalo Cloud Account thất bại"},
	-138: {kindConfig, "ứng dụng gửi ZNS chưa có quyền dùng tính năng này"},
	-139: {kindRejected, "người dùng từ chối nhận loại ZNS này"},
	-140: {kindRejected, "Official Account chưa được phép gửi ZNS hậu mãi cho người dùng này"},
	-141: {kindRejected, "người dùng từ chối nhận ZNS từ Official Account"},
	-144: {kindThrottled, "Official Account đã vượt hạn mức gửi ZNS trong ngày (daily quota)"},
	-145: {kindConfig, "Official Account không được phép gửi loại nội dung ZNS này"},
	-146: {kindConfig, "mẫu ZNS đã bị vô hiệu hóa do chất lượng gửi thấp"},
	-147: {kindThrottled, "mẫu ZNS đã vượt hạn mức gửi trong ngày"},
	-153: {kindRejected, "dữ liệu gửi lên sai quy định"},
}

// codeError turns a non-zero Zalo error code into an *Error.
func codeError(api string, code int, msg string) *Error {
	c, ok := codes[code]
	if !ok {
		c = zaloCode{kindRejected, "mã lỗi chưa biết"}
	}
	return &Error{API: api, Code: code, Message: msg, Reason: c.reason, kind: c.kind}
}
