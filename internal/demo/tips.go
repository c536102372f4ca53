package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/intel"
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
	for i := 0; i < 300; i++ {
		in := intel.TipInput{Tactic: tactics[rng.IntN(len(tactics))], Province: provinces[rng.IntN(len(provinces))],
			Description: stories[rng.IntN(len(stories))], HappenedOn: fmt.Sprintf("%02d/%02d/2026", 1+rng.IntN(28), 1+rng.IntN(10)),
			MoneyLost: fmt.Sprint(rng.IntN(50) * 1_000_000), IP: fmt.Sprintf("demo-%d", i), Device: fmt.Sprintf("demo-device-%d", i)}
		switch rng.IntN(3) {
		case 0:
			in.Indicators = []string{fmt.Sprintf("0389 000 %03d", rng.IntN(120))}
		case 1:
			in.Indicators = []string{fmt.Sprintf("0709000%03d", rng.IntN(80)), fmt.Sprintf("https://dang-nhap-%d.vi-du-lua-dao.vn/tai-khoan", rng.IntN(40))}
		default:
			in.Indicators = []string{fmt.Sprintf("%s 9999%06d", banks[rng.IntN(len(banks))], rng.IntN(60))}
		}
		if _, err := s.Submit(ctx, in); err != nil {
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
	_, err = s.Checker().Refresh(ctx)
	return err
}
