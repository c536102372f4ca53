package demo

import (
	"context"
	"fmt"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/report"
)

// act is a demo activity: unit, date, form, what, tactics, audience, reach.
type act struct {
	unit, date, form, title string
	tactics                 []string
	audience                string
	participants, copies    int64
	views, messages         int64
}

// demoActivities are outreach of the kinds the seeds ask for, written for
// the demo (the figures are invented, of a plausible size).
var demoActivities = []act{
	{"cao-bang-ca", "2024-03-12", "conference", "Hội nghị triển khai chiến dịch tuyên truyền đấu tranh phòng, chống tội phạm trên không gian mạng", []string{"fraud", "gambling"}, "Cán bộ, công chức, viên chức", 180, 0, 0, 0},
	{"cao-bang-ca", "2024-04-25", "web-article", "Cảnh báo thủ đoạn giả danh công an gọi điện yêu cầu chuyển tiền", []string{"fraud"}, "Nhân dân khu dân cư", 0, 0, 15400, 0},
	{"cao-bang-ca", "2024-05-20", "press", "Phóng sự truyền hình: những cái bẫy việc nhẹ lương cao", []string{"fraud", "e-commerce"}, "Nhân dân khu dân cư", 0, 0, 32000, 0},
	{"cao-bang-ca", "2024-09-10", "training", "Tập huấn kỹ năng nhận diện lừa đảo cho cán bộ ngân hàng", []string{"fraud", "crypto"}, "Người lao động", 95, 0, 0, 0},
	{"cao-bang-stttt", "2024-04-05", "sms", "Tin nhắn cảnh báo lừa đảo gửi thuê bao trên địa bàn tỉnh", []string{"fraud"}, "Nhân dân khu dân cư", 0, 0, 0, 210000},
	{"cao-bang-stttt", "2024-05-02", "web-article", "Chuyên mục an toàn thông tin trên Cổng thông tin điện tử tỉnh", []string{"online-ads"}, "Nhân dân khu dân cư", 0, 0, 8700, 0},
	{"cao-bang-sgddt", "2024-03-28", "school", "Ngoại khóa “Học sinh với an toàn trên không gian mạng”", []string{"gambling", "pornography"}, "Học sinh, sinh viên", 620, 0, 0, 0},
	{"cao-bang-thpt-chuyen", "2024-04-16", "school", "Sinh hoạt dưới cờ: nhận diện lừa đảo trên mạng xã hội", []string{"fraud", "gambling"}, "Học sinh, sinh viên", 540, 0, 0, 0},
	{"cao-bang-sgddt", "2024-10-14", "infographic", "Bộ infographic cảnh báo cho phụ huynh", []string{"fraud"}, "Nhân dân khu dân cư", 0, 3000, 4200, 0},
	{"cao-bang-sct", "2024-05-15", "banner", "Treo băng rôn tuyên truyền tại chợ trung tâm và siêu thị", []string{"e-commerce"}, "Doanh nghiệp, hộ kinh doanh", 0, 40, 0, 0},
	{"cao-bang-mttq", "2024-04-20", "meeting", "Lồng ghép tuyên truyền trong họp khu dân cư", []string{"fraud", "multi-level"}, "Người cao tuổi", 260, 0, 0, 0},
	{"cao-bang-tp", "2024-05-08", "leaflet", "Phát tờ rơi cảnh báo lừa đảo tại các tổ dân phố", []string{"fraud"}, "Nhân dân khu dân cư", 0, 5000, 0, 0},
	{"cao-bang-snnptnt-vp", "2024-05-10", "party-cell", "Sinh hoạt chi bộ chuyên đề phòng, chống lừa đảo qua mạng", []string{"fraud"}, "Đảng viên", 32, 0, 0, 0},
	{"cao-bang-snnptnt-vp", "2024-05-22", "social-post", "Chia sẻ cảnh báo chính thống trên nhóm Zalo của cơ quan", []string{"fraud", "crypto"}, "Cán bộ, công chức, viên chức", 0, 0, 410, 0},
	{"cao-bang-cc-kiem-lam", "2024-05-17", "meeting", "Họp cơ quan, phổ biến thủ đoạn giả danh cơ quan nhà nước", []string{"fraud"}, "Cán bộ, công chức, viên chức", 48, 0, 0, 0},
	{"cao-bang-cc-chan-nuoi", "2024-04-30", "banner", "Treo khẩu hiệu tại trụ sở chi cục", nil, "Cán bộ, công chức, viên chức", 0, 2, 0, 0},
	{"cao-bang-snnptnt", "2024-05-29", "web-article", "Bài viết trên trang thông tin điện tử của Sở", []string{"fraud"}, "Nhân dân khu dân cư", 0, 0, 1250, 0},
	{"cao-bang-snnptnt-vp", "2024-11-05", "training", "Bồi dưỡng kỹ năng an toàn thông tin cho công chức", []string{"fraud", "online-ads"}, "Cán bộ, công chức, viên chức", 60, 0, 0, 0},
}

// submitted are the demo's reports of 2024: who sent theirs when; one is
// returned with a comment; the rest are missing. Sở NN&PTNT's own report
// (now Sở Nông nghiệp và Môi trường's) is left as a draft for the demo
// leader to sign.
var submitted = []struct {
	unit, period, on, returned string
}{
	{"cao-bang-snnptnt-vp", "2024-H1", "2024-05-30", ""},
	{"cao-bang-cc-chan-nuoi", "2024-H1", "2024-05-28", ""},
	{"cao-bang-cc-kiem-lam", "2024-H1", "2024-06-04", ""},
	{"cao-bang-ca", "2024-H1", "2024-06-03", ""},
	{"cao-bang-sgddt", "2024-H1", "2024-06-04", ""},
	{"cao-bang-sct", "2024-H1", "2024-06-11", ""},
	{"cao-bang-tp", "2024-H1", "2024-06-05", ""},
	{"cao-bang-stttt", "2024-H1", "2024-06-05", "Thiếu số liệu tin nhắn SMS theo từng nhà mạng; đề nghị bổ sung và gửi lại."},
	{"cao-bang-ca", "2024-Y", "2024-12-04", ""},
	{"cao-bang-sgddt", "2024-Y", "2024-12-09", ""},
}

// LoadActivities logs the demo activities and files the demo reports.
func LoadActivities(ctx context.Context, a *activity.Service, r *report.Service) error {
	ctx = access.With(ctx, access.System())
	for _, x := range demoActivities {
		in := activity.Input{UnitCode: x.unit, Date: x.date, Form: x.form, Title: x.title, Tactics: x.tactics, Audience: []string{x.audience},
			Participants: fmt.Sprint(x.participants), Copies: fmt.Sprint(x.copies), Views: fmt.Sprint(x.views), Messages: fmt.Sprint(x.messages)}
		if _, err := a.Log(ctx, in); err != nil {
			return fmt.Errorf("demo activity %q: %w", x.title, err)
		}
	}
	for _, x := range submitted {
		rep, err := r.Open(ctx, x.unit, x.period)
		if err != nil {
			return err
		}
		n := report.Narrative{Results: "Đã triển khai các hoạt động tuyên truyền theo kế hoạch; số liệu chi tiết tại phần tổng hợp.",
			Shortcomings: "Một số hoạt động chưa có minh chứng đầy đủ.", NextTasks: "Tiếp tục cập nhật thủ đoạn mới, tăng tuyên truyền trên mạng xã hội."}
		if _, err := r.SaveNarrative(ctx, rep.ID, n); err != nil {
			return err
		}
		if _, err := r.Sign(ctx, rep.ID); err != nil {
			return err
		}
		if _, err := r.Submit(ctx, rep.ID); err != nil {
			return err
		}
		if err := r.SetSubmittedOn(ctx, rep.ID, x.on); err != nil {
			return err
		}
		if x.returned != "" {
			if _, err := r.Return(ctx, rep.ID, x.returned); err != nil {
				return err
			}
		}
	}
	// Sở Nông nghiệp và Môi trường's 2024-H1 report, drafted but not signed.
	rep, err := r.Open(ctx, "cao-bang-snnmt", "2024-H1")
	if err != nil {
		return err
	}
	_, err = r.SaveNarrative(ctx, rep.ID, report.Narrative{Results: "Sở đã ban hành kế hoạch thực hiện Kế hoạch 940/KH-UBND, tổ chức sinh hoạt chi bộ chuyên đề, chia sẻ cảnh báo trên nhóm Zalo cơ quan.",
		Shortcomings: "Trung tâm Khuyến nông chưa gửi báo cáo.", Proposals: "Đề nghị Công an tỉnh cung cấp thêm tài liệu tuyên truyền cho vùng nông thôn."})
	return err
}
