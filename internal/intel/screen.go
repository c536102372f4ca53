package intel

import (
	"strings"

	"github.com/canhgiac/canhgiac/internal/intel/index"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
)

// CallIn is an incoming call as a telecom's switch sees it.
type CallIn struct {
	Caller        string `json:"caller"`
	VoIP          bool   `json:"voip"`
	International bool   `json:"international"`
}

// Verdict is what the telecom does with the call and what the callee reads.
type Verdict struct {
	Action  string `json:"action"` // allow, warn, block
	Message string `json:"message"`
	Reason  string `json:"reason,omitempty"`
}

// Screen decides on an incoming call from memory: verified scam numbers and
// Vietnamese numbers arriving on an international trunk (spoofed) are
// blocked; suspicious numbers (enough independent reports, see restate),
// VoIP and international calls are announced with a warning; the rest go
// through — a number with a single anonymous report among them.
func (c *Checker) Screen(in CallIn) Verdict {
	r := normalize.Phone(in.Caller)
	if r.Kind != normalize.KindPhone {
		if in.International || in.VoIP {
			return Verdict{Action: "warn", Message: "Cuộc gọi không hiển thị số hợp lệ, từ nước ngoài hoặc qua Internet: không cung cấp mã OTP, không chuyển tiền.", Reason: r.Reason}
		}
		return Verdict{Action: "warn", Message: "Cuộc gọi không hiển thị số hợp lệ: hãy thận trọng.", Reason: r.Reason}
	}
	vn := strings.HasPrefix(r.Normalized, "+84")
	if in.International && vn {
		return Verdict{Action: "block", Message: "Cuộc gọi từ nước ngoài giả mạo số điện thoại trong nước (" + r.Normalized + ") đã bị chặn."}
	}
	e, ok := c.idx.PhoneLookup(r.Phone)
	switch {
	case ok && e.Level >= index.Scam:
		return Verdict{Action: "block", Message: "Số " + r.Normalized + " đã được xác minh là lừa đảo; cuộc gọi đã bị chặn."}
	case ok && e.Level >= index.Suspicious:
		return Verdict{Action: "warn", Message: "CẢNH BÁO: số " + r.Normalized + " đã bị nhiều người tố giác lừa đảo. Không chuyển tiền, không cung cấp mã OTP."}
	case in.International:
		return Verdict{Action: "warn", Message: "Cuộc gọi từ nước ngoài (" + r.Normalized + "): cơ quan nhà nước, ngân hàng Việt Nam không gọi cho bạn từ số nước ngoài."}
	case in.VoIP:
		return Verdict{Action: "warn", Message: "Cuộc gọi qua Internet (VoIP): hãy thận trọng nếu người gọi xưng là công an, ngân hàng hay nhà mạng."}
	}
	return Verdict{Action: "allow"}
}
