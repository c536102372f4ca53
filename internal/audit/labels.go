package audit

import "strings"

// actionLabels name the recorded actions in words, for the audit page; the
// codes stay in the table and in exports for machines.
var actionLabels = map[string]string{
	"activity.log": "Ghi hoạt động", "activity.correct": "Sửa hoạt động", "activity.delete": "Xóa hoạt động",
	"apikey.create": "Cấp khóa API", "apikey.revoke": "Thu hồi khóa API", "apikey.rotate": "Đổi khóa API",
	"content.attach": "Đính kèm tệp vào nội dung", "content.publish": "Đăng nội dung", "content.schedule": "Hẹn giờ đăng nội dung",
	"plan.issue": "Ban hành kế hoạch", "plan.record_issued": "Ghi nhận kế hoạch đã ban hành", "plan.update": "Sửa kế hoạch",
	"protected.add": "Thêm chỉ dấu chính thức", "protected.remove": "Bỏ chỉ dấu chính thức",
	"quiz.save":     "Lưu câu đố",
	"report.attach": "Đính kèm tệp vào báo cáo", "report.edit": "Sửa báo cáo", "report.request": "Yêu cầu báo cáo đột xuất",
	"subscriber.erase": "Xóa dữ liệu người nhận tin", "subscriber.export": "Xuất dữ liệu người nhận tin",
	"tip.ask": "Hỏi thêm người tố giác", "tip.merge": "Gộp tố giác", "tip.propose": "Đề xuất kết luận chỉ dấu",
	"tip.removal_contact_read": "Xem liên hệ người yêu cầu gỡ cảnh báo",
	"unit.create":              "Tạo đơn vị", "unit.import": "Nhập đơn vị từ tệp", "unit.update": "Sửa đơn vị", "unit.urge": "Đôn đốc đơn vị",
	"user.accept_invitation": "Nhận lời mời, đặt mật khẩu", "user.change_password": "Đổi mật khẩu", "user.create": "Tạo tài khoản",
	"user.import": "Nhập tài khoản từ tệp", "user.reset_password": "Đặt lại mật khẩu", "user.totp_clear": "Xóa xác thực hai lớp",
	"user.totp_off": "Tắt xác thực hai lớp", "user.totp_on": "Bật xác thực hai lớp", "user.update": "Sửa tài khoản",
}

// entityLabels name what an action is about, for actions without a label
// of their own.
var entityLabels = map[string]string{
	"activity": "Hoạt động", "apikey": "Khóa API", "content": "Nội dung", "plan": "Kế hoạch", "protected": "Chỉ dấu chính thức",
	"quiz": "Câu đố", "report": "Báo cáo", "subscriber": "Người nhận tin", "tip": "Tố giác", "unit": "Đơn vị", "user": "Tài khoản",
	"campaign": "Chiến dịch", "indicator": "Chỉ dấu",
}

// ActionLabel names an action in words ("unit.create" → "Tạo đơn vị"); an
// action without a label of its own is named by what it is about, with
// its code for the record ("Tố giác (tip.removal_accept)").
func ActionLabel(action string) string {
	if l, ok := actionLabels[action]; ok {
		return l
	}
	entity, _, _ := strings.Cut(action, ".")
	if l, ok := entityLabels[entity]; ok {
		return l + " (" + action + ")"
	}
	return action
}
