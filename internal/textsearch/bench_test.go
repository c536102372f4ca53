package textsearch_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/textsearch"
)

// phrases are recombined into synthetic handbook entries for benchmarks.
var phrases = []string{
	"kẻ gian giả danh công an", "yêu cầu chuyển tiền vào tài khoản", "cung cấp mã OTP",
	"lừa đảo qua mạng xã hội", "đầu tư tiền ảo lãi suất cao", "việc nhẹ lương cao",
	"đánh bạc trực tuyến", "giả danh bác sĩ bệnh viện", "người thân gặp tai nạn",
	"nâng cấp SIM 4G", "đường link giả mạo", "chiếm đoạt tài khoản ngân hàng",
	"mua hàng không nhận được hàng", "cá độ bóng đá", "Luật An ninh mạng",
	"hãy gọi lại cho người thân", "không cung cấp thông tin cá nhân", "báo ngay cho cơ quan công an",
	"tin nhắn thông báo trúng thưởng", "vay tiền nhanh không cần thế chấp", "ứng dụng giả mạo",
	"cuộc gọi video giả mạo", "khóa tài khoản định danh điện tử", "hoàn tiền đơn hàng",
}

func corpus(n int) []textsearch.Doc {
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(k int) string {
		parts := make([]string, k)
		for i := range parts {
			parts[i] = phrases[r.IntN(len(phrases))]
		}
		return strings.Join(parts, ", ")
	}
	docs := make([]textsearch.Doc, n)
	for i := range docs {
		body := make([]string, 6+r.IntN(10))
		for j := range body {
			body[j] = pick(3) + "."
		}
		docs[i] = textsearch.Doc{ID: fmt.Sprint(i), Fields: []textsearch.Field{
			{Text: pick(2), Weight: 3},
			{Text: strings.Join(body, " "), Weight: 1},
		}}
	}
	return docs
}

func BenchmarkAdd5000(b *testing.B) {
	docs := corpus(5000)
	b.ResetTimer()
	for b.Loop() {
		ix := textsearch.New()
		for _, d := range docs {
			ix.Add(d)
		}
		ix.Search("x", 1) // includes the lazy prefix table
	}
}

func BenchmarkSearch5000(b *testing.B) {
	ix := textsearch.New()
	for _, d := range corpus(5000) {
		ix.Add(d)
	}
	for _, q := range []string{"lừa đảo", "lua dao qua mang", "OTP", "giả danh công a", "c", "xyzzy"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				ix.Search(q, 20)
			}
		})
	}
}
