package dispatch

// CampaignStateLabel says a campaign's state in Vietnamese, "" for a state
// it does not know.
func CampaignStateLabel(state string) string {
	switch state {
	case StateDraft:
		return "Nháp"
	case StatePending:
		return "Chờ duyệt"
	case StateRunning:
		return "Đang gửi"
	case StatePaused:
		return "Tạm dừng"
	case StateDone:
		return "Đã gửi xong"
	case StateCancelled:
		return "Đã hủy"
	}
	return ""
}
