package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// LoadTips files a few hundred clearly synthetic scam reports: numbers in
// the 0389 000 xxx and 0709 000 xxx series, links under *.vi-du-lua-dao.vn
// and accounts 9999xxxxxx — none of them real — spread over tactics and
// provinces; about a third of the indicators are verified.
func LoadTips(ctx context.Context, s *intel.Service) error {
	rng := rand.New(rand.NewPCG(2026, 11))
	tactics := []string{"fraud", "fraud", "fraud", "e-commerce", "crypto", "gambling", "online-ads", "multi-level", "forex"}
	provinces := []string{"Cao Bằng", "An Giang", "Lâm Đồng", "Thành phố Đà Nẵng", "Thành phố Hà Nội", "Thành phố Hồ Chí Minh"}
	banks := []string{"Vietcombank", "BIDV", "Techcombank", "MB", "ACB"}
	stories := []string{
		"Người gọi xưng là công an, nói tôi liên quan đường dây rửa tiền và yêu cầu chuyển tiền để “xác minh”.",
		"Được mời làm cộng tác viên “việc nhẹ lương cao”, làm nhiệm vụ nạp tiền rồi không rút được.",
		"Tin nhắn giả mạo ngân hàng kèm đường link đăng nhập, sau đó tài khoản bị trừ tiền.",
		"Nhóm “chuyên gia” đầu tư tiền ảo hứa lãi cao, rút tiền thì bị đòi thêm phí.",
		"Mua hàng trên mạng, chuyển khoản đặt cọc xong người bán chặn liên lạc.",
	}
	// The times come from a generator of their own, so the reports keep
	// the tactics, provinces and indicators they always had.
	when := rand.New(rand.NewPCG(2026, 12))
	now := s.Clock().Now()
	for i := 0; i < 300; i++ {
		// Received over the last twelve weeks, so the public statistics
		// have weeks to show; it happened up to a week before.
		received := now.Add(-time.Duration(when.IntN(84*24*60)) * time.Minute)
		happened := received.Add(-time.Duration(when.IntN(7*24)) * time.Hour).In(vn.Zone)
		in := intel.TipInput{Tactic: tactics[rng.IntN(len(tactics))], Province: provinces[rng.IntN(len(provinces))],
			Description: stories[rng.IntN(len(stories))], HappenedOn: happened.Format("02/01/2006"),
			MoneyLost: fmt.Sprint(skip(rng, 28, 10) + rng.IntN(50)*1_000_000), IP: fmt.Sprintf("demo-%d", i), Device: fmt.Sprintf("demo-device-%d", i)}
		switch rng.IntN(3) {
		case 0:
			in.Indicators = []string{fmt.Sprintf("0389 000 %03d", rng.IntN(120))}
		case 1:
			in.Indicators = []string{fmt.Sprintf("0709000%03d", rng.IntN(80)), fmt.Sprintf("https://dang-nhap-%d.vi-du-lua-dao.vn/tai-khoan", rng.IntN(40))}
		default:
			in.Indicators = []string{fmt.Sprintf("%s 9999%06d", banks[rng.IntN(len(banks))], rng.IntN(60))}
		}
		if _, err := s.WithClock(clock.NewFixed(received)).Submit(ctx, in); err != nil {
			return fmt.Errorf("demo tip %d: %w", i, err)
		}
	}
	analyst := access.With(ctx, access.System())
	q, err := s.Queue(analyst)
	if err != nil {
		return err
	}
	for i, p := range q {
		if i%3 == 0 {
			if _, err := s.Decide(analyst, p.ID, true, ""); err != nil {
				return err
			}
		}
	}
	if err := loadExamples(ctx, s); err != nil {
		return err
	}
	_, err = s.Checker().Refresh(ctx)
	return err
}

// Example is an indicator the demo always holds with the same answer, so
// that the README's examples can be typed as they are written.
type Example struct {
	Indicator string // as the README writes it
	Verdict   string // what the check answers: scam, suspicious, unknown
	Reporters int    // distinct citizens who report it
	Verify    bool   // an analyst verifies it
	Tactic    string
	Story     string
}

// Examples are outside the series the random reports draw from (0389 000
// 000–119, 0709 000 000–079, dang-nhap-0…39, accounts 9999 000 000–059), so
// no random report changes their answer.
var Examples = []Example{
	{"0389 000 500", "scam", 2, true, "fraud", "Người gọi xưng là cán bộ công an, đọc đúng họ tên và số căn cước của tôi, yêu cầu chuyển tiền vào “tài khoản tạm giữ”."},
	{"0389 000 501", "suspicious", 3, false, "fraud", "Gọi báo tôi trúng thưởng, đòi nộp phí nhận quà qua chuyển khoản."},
	{"0389 000 502", "unknown", 1, false, "fraud", "Gọi nhiều lần trong ngày, không nói gì rồi tắt máy."},
	{"https://nhan-qua-tri-an.vi-du-lua-dao.vn/dang-nhap", "suspicious", 3, false, "fraud", "Tin nhắn báo tích điểm đổi quà, bấm link thì trang đòi đăng nhập tài khoản ngân hàng."},
	{"Vietcombank 9999 000 500", "scam", 2, true, "e-commerce", "Mua hàng trên mạng, chuyển khoản đặt cọc vào tài khoản này rồi người bán chặn liên lạc."},
}

// loadExamples files the examples' reports, each from a different reporter
// (address and device), and verifies those an analyst would.
func loadExamples(ctx context.Context, s *intel.Service) error {
	codes := map[string]string{} // tip code → indicator
	for i, ex := range Examples {
		for r := 0; r < ex.Reporters; r++ {
			tip, err := s.Submit(ctx, intel.TipInput{Indicators: []string{ex.Indicator}, Tactic: ex.Tactic, Province: "Cao Bằng",
				Description: ex.Story, HappenedOn: fmt.Sprintf("%02d/11/2026", 2+r), MoneyLost: "0",
				IP: fmt.Sprintf("demo-example-%d-%d", i, r), Device: fmt.Sprintf("demo-example-device-%d-%d", i, r)})
			if err != nil {
				return fmt.Errorf("demo example %s: %w", ex.Indicator, err)
			}
			codes[tip.Code] = ex.Indicator
		}
	}
	analyst := access.With(ctx, access.System())
	q, _, err := s.QueuePage(analyst, intel.QueueFilter{Limit: 100_000})
	if err != nil {
		return err
	}
	verify := map[string]bool{}
	for _, ex := range Examples {
		verify[ex.Indicator] = ex.Verify
	}
	done := map[string]bool{}
	for _, p := range q {
		for _, t := range p.Tips {
			if ind, ok := codes[t.Code]; ok && verify[ind] && !done[ind] {
				if _, err := s.Decide(analyst, p.ID, true, ""); err != nil {
					return fmt.Errorf("demo example %s: %w", ind, err)
				}
				done[ind] = true
			}
		}
	}
	for ind, v := range verify {
		if v && !done[ind] {
			return fmt.Errorf("demo example %s: not found in the queue to verify", ind)
		}
	}
	return nil
}

// skip draws what the report's day and month were once drawn from, and
// adds nothing: the draws after it stay the ones the demo always made.
func skip(rng *rand.Rand, day, month int) int {
	rng.IntN(day)
	rng.IntN(month)
	return 0
}
