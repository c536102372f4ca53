package textsearch_test

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/canhgiac/canhgiac/internal/textsearch"
	"github.com/canhgiac/canhgiac/internal/vn"
)

const (
	titleWeight = 3
	bodyWeight  = 1
)

// handbook is a small corpus of scam warnings written for these tests.
var handbook = []struct{ id, title, body string }{
	{"ngan-hang", "Giả danh nhân viên ngân hàng để lừa đảo",
		"Kẻ gian gọi điện tự xưng là nhân viên ngân hàng, thông báo tài khoản của bạn bị khóa và yêu cầu cung cấp mã OTP. Ngân hàng không bao giờ hỏi mã OTP qua điện thoại."},
	{"danh-bac", "Trang đánh bạc trực tuyến trá hình",
		"Các trang web đánh bạc hứa hẹn thắng lớn, nhưng thực chất chiếm đoạt tiền nạp của người chơi. Tham gia đánh bạc là vi phạm pháp luật."},
	{"bac-si", "Giả danh bác sĩ báo người thân cấp cứu",
		"Đối tượng tự nhận là bác sĩ bệnh viện, báo con bạn bị tai nạn và cần chuyển tiền mổ gấp. Hãy gọi lại cho người thân trước khi chuyển tiền."},
	{"cong-an", "Giả mạo công an yêu cầu chuyển tiền",
		"Công an không làm việc qua điện thoại và không yêu cầu người dân chuyển tiền vào tài khoản để “xác minh”. Hãy cảnh giác với cuộc gọi video giả mạo."},
	{"viec-nhe", "Tuyển cộng tác viên việc nhẹ lương cao",
		"Lời mời làm nhiệm vụ thả tim, đánh giá sản phẩm để nhận hoa hồng thường là bẫy. Sau vài lần trả thưởng nhỏ, kẻ gian yêu cầu nạp tiền lớn rồi chiếm đoạt."},
	{"tien-ao", "Đầu tư tiền ảo lãi suất cao",
		"Sàn giao dịch tiền ảo không phép cam kết lợi nhuận cố định mỗi ngày. Đây là hình thức lừa đảo theo mô hình đa cấp."},
	{"mang-xa-hoi", "Chiếm đoạt tài khoản mạng xã hội",
		"Kẻ gian dụ bạn bấm vào đường link giả, đánh cắp mật khẩu Facebook rồi nhắn tin vay tiền bạn bè. Lừa đảo qua mạng ngày càng tinh vi."},
	{"luat-anm", "Luật An ninh mạng 2018",
		"Luật quy định về hoạt động bảo vệ an ninh quốc gia và bảo đảm trật tự, an toàn xã hội trên không gian mạng."},
	{"sim-4g", "Cảnh giác khi nâng cấp SIM 4G",
		"Tin nhắn mời nâng cấp SIM lên 4G thực chất là để chiếm quyền số điện thoại, nhận mã OTP của ngân hàng."},
	{"mua-hang", "Mua hàng trực tuyến không nhận được hàng",
		"Người bán yêu cầu chuyển khoản trước rồi chặn liên lạc. Nên thanh toán khi nhận hàng."},
	{"ca-do", "Cá độ bóng đá qua mạng",
		"Cá độ bóng đá là hành vi đánh bạc trái phép, có thể bị xử lý hình sự."},
	{"tour-dao", "Tour du lịch ra đảo giá rẻ",
		"Kẻ gian lừa khách đặt cọc tour ra đảo Phú Quốc rồi biến mất."},
}

func newHandbook(t testing.TB) *textsearch.Index {
	t.Helper()
	ix := textsearch.New()
	for _, d := range handbook {
		ix.Add(textsearch.Doc{ID: d.id, Fields: []textsearch.Field{
			{Text: d.title, Weight: titleWeight},
			{Text: d.body, Weight: bodyWeight},
		}})
	}
	return ix
}

func ids(hits []textsearch.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.ID
	}
	return out
}

func rank(hits []textsearch.Hit, id string) int {
	return slices.Index(ids(hits), id)
}

func TestSearch_Ranking(t *testing.T) {
	ix := newHandbook(t)
	tests := []struct {
		name  string
		query string
		// before lists pairs (a, b): a must be found and rank above b;
		// b == "" means a must be first.
		before [][2]string
		absent []string
	}{
		{"exact diacritics prefer gambling over doctor", "bạc",
			[][2]string{{"danh-bac", ""}, {"danh-bac", "bac-si"}, {"ca-do", "bac-si"}}, nil},
		{"diacritics prefer doctor over gambling", "bác sĩ",
			[][2]string{{"bac-si", ""}, {"bac-si", "danh-bac"}}, nil},
		{"phrase beats scattered syllables", "lừa đảo",
			[][2]string{{"ngan-hang", "tour-dao"}, {"tien-ao", "tour-dao"}, {"mang-xa-hoi", "tour-dao"}}, nil},
		{"folded query finds the same phrase docs", "lua dao",
			[][2]string{{"ngan-hang", "tour-dao"}, {"tien-ao", "tour-dao"}, {"mang-xa-hoi", "tour-dao"}}, nil},
		{"title outranks body", "ngân hàng",
			[][2]string{{"ngan-hang", ""}, {"ngan-hang", "sim-4g"}}, []string{"danh-bac"}},
		{"all words beat some words", "giả danh bác sĩ",
			[][2]string{{"bac-si", ""}, {"bac-si", "ngan-hang"}}, nil},
		{"multi-word law title", "an ninh mạng",
			[][2]string{{"luat-anm", ""}, {"luat-anm", "mang-xa-hoi"}}, nil},
		{"ascii code", "OTP",
			[][2]string{{"ngan-hang", "sim-4g"}}, []string{"danh-bac"}},
		{"whole word beats prefix", "ca",
			[][2]string{{"ca-do", ""}, {"ca-do", "sim-4g"}}, nil},
		{"finished word is not a prefix", "ca ",
			[][2]string{{"ca-do", ""}}, []string{"sim-4g", "cong-an"}},
		{"prefix of a longer syllable", "cảnh gi",
			[][2]string{{"sim-4g", ""}, {"sim-4g", "cong-an"}}, nil},
		{"digits", "2018", [][2]string{{"luat-anm", ""}}, []string{"ngan-hang"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := ix.Search(tt.query, 0)
			got := ids(hits)
			for _, p := range tt.before {
				ra := rank(hits, p[0])
				if ra < 0 {
					t.Fatalf("Search(%q) = %v, want %s among hits", tt.query, got, p[0])
				}
				if p[1] == "" {
					if ra != 0 {
						t.Errorf("Search(%q) = %v, want %s first", tt.query, got, p[0])
					}
					continue
				}
				if rb := rank(hits, p[1]); rb >= 0 && rb < ra {
					t.Errorf("Search(%q) = %v, want %s above %s", tt.query, got, p[0], p[1])
				}
			}
			for _, id := range tt.absent {
				if rank(hits, id) >= 0 {
					t.Errorf("Search(%q) = %v, want no %s", tt.query, got, id)
				}
			}
		})
	}
}

func TestSearch_DiacriticsOnlyBreakTies(t *testing.T) {
	ix := textsearch.New()
	ix.Add(textsearch.Doc{ID: "bạc", Fields: []textsearch.Field{{Text: "Chuyện đánh bạc", Weight: 1}}})
	ix.Add(textsearch.Doc{ID: "bác", Fields: []textsearch.Field{{Text: "Chuyện đánh bác", Weight: 1}}})

	plain := ix.Search("bac", 0)
	if len(plain) != 2 || plain[0].Score != plain[1].Score {
		t.Fatalf("Search(bac) = %+v, want both docs with equal scores", plain)
	}
	for _, q := range []string{"bạc", "BẠC", "đánh bạc"} {
		if got := ids(ix.Search(q, 0)); !slices.Equal(got, []string{"bạc", "bác"}) {
			t.Errorf("Search(%q) = %v, want [bạc bác]", q, got)
		}
	}
	if got := ids(ix.Search("bác", 0)); !slices.Equal(got, []string{"bác", "bạc"}) {
		t.Errorf("Search(bác) = %v, want [bác bạc]", got)
	}
}

func TestSearch_IgnoresCaseAndDiacritics(t *testing.T) {
	ix := newHandbook(t)
	want := ids(ix.Search("lừa đảo", 0))
	if len(want) == 0 {
		t.Fatal("Search(lừa đảo) found nothing")
	}
	slices.Sort(want)
	for _, q := range []string{"lua dao", "LỪA ĐẢO", "Lua Dao", norm.NFD.String("lừa đảo"), norm.NFD.String("LỪA ĐẢO")} {
		got := ids(ix.Search(q, 0))
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("Search(%q) = %v, want %v", q, got, want)
		}
	}
}

func TestSearch_NFDQueryScoresLikeNFC(t *testing.T) {
	ix := newHandbook(t)
	nfc := ix.Search("đánh bạc", 0)
	nfd := ix.Search(norm.NFD.String("đánh bạc"), 0)
	if len(nfc) == 0 || !slices.EqualFunc(nfc, nfd, func(a, b textsearch.Hit) bool {
		return a.ID == b.ID && a.Score == b.Score && a.Snippet == b.Snippet
	}) {
		t.Errorf("NFD query hits %+v differ from NFC %+v", nfd, nfc)
	}
}

func TestSearch_NFDDocumentIndexedAsNFC(t *testing.T) {
	ix := textsearch.New()
	ix.Add(textsearch.Doc{ID: "nfd", Fields: []textsearch.Field{{Text: norm.NFD.String("Cảnh giác lừa đảo"), Weight: 1}}})
	hits := ix.Search("lừa đảo", 0)
	if len(hits) != 1 || hits[0].Snippet != "Cảnh giác lừa đảo" {
		t.Fatalf("Search = %+v, want one hit with an NFC snippet", hits)
	}
	if m := hits[0].Marks; len(m) != 1 || hits[0].Snippet[m[0][0]:m[0][1]] != "lừa đảo" {
		t.Errorf("Marks = %v, want one mark on %q", m, "lừa đảo")
	}
}

func TestSearch_NothingToSearch(t *testing.T) {
	ix := newHandbook(t)
	for _, q := range []string{"", "   ", "?!.,;", " — … “ ” ", "\u0301\u0300", "\xff\xfe"} {
		if hits := ix.Search(q, 10); hits != nil {
			t.Errorf("Search(%q) = %v, want nil", q, hits)
		}
		if n := textsearch.Normalize(q); n != "" {
			t.Errorf("Normalize(%q) = %q, want empty", q, n)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := map[string]string{
		"Lừa  ĐẢO!":                  "lua dao",
		norm.NFD.String("Cảnh giác"): "canh giac",
		"SIM-4G, OTP.":               "sim 4g otp",
		"zzz":                        "zzz",
	}
	for in, want := range tests {
		if got := textsearch.Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSearch_Limit(t *testing.T) {
	ix := newHandbook(t)
	all := ix.Search("tiền", 0)
	if len(all) < 3 {
		t.Fatalf("Search(tiền) = %v, want at least 3 hits", ids(all))
	}
	if got := ids(ix.Search("tiền", 2)); !slices.Equal(got, ids(all)[:2]) {
		t.Errorf("Search(tiền, 2) = %v, want %v", got, ids(all)[:2])
	}
}

func TestSearch_NoMatch(t *testing.T) {
	ix := newHandbook(t)
	if hits := ix.Search("xyzzy", 10); len(hits) != 0 {
		t.Errorf("Search(xyzzy) = %v, want none", ids(hits))
	}
	if hits := textsearch.New().Search("lừa đảo", 10); len(hits) != 0 {
		t.Errorf("empty index Search = %v, want none", hits)
	}
}

func TestAdd_SameIDReplaces(t *testing.T) {
	ix := textsearch.New()
	ix.Add(textsearch.Doc{ID: "a", Fields: []textsearch.Field{{Text: "bản nháp cũ", Weight: 1}}})
	ix.Add(textsearch.Doc{ID: "a", Fields: []textsearch.Field{{Text: "bản đã xuất bản", Weight: 1}}})
	if ix.Len() != 1 {
		t.Errorf("Len = %d, want 1", ix.Len())
	}
	if hits := ix.Search("nháp", 0); len(hits) != 0 {
		t.Errorf("Search(nháp) = %v, want none after replacement", ids(hits))
	}
	if hits := ix.Search("bản", 0); !slices.Equal(ids(hits), []string{"a"}) {
		t.Errorf("Search(bản) = %v, want [a] once", ids(hits))
	}
}

func TestSearch_ConcurrentWithAdd(t *testing.T) {
	ix := newHandbook(t)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				if g == 0 && i%5 == 0 {
					ix.Add(textsearch.Doc{ID: "moi", Fields: []textsearch.Field{{Text: "Cảnh báo mới về lừa đảo", Weight: 1}}})
				}
				ix.Search("lừa đ", 5)
			}
		}()
	}
	wg.Wait()
}

// checkHit asserts the invariants every hit must satisfy.
func checkHit(t testing.TB, h textsearch.Hit) {
	t.Helper()
	if !utf8.ValidString(h.Snippet) {
		t.Errorf("%s: snippet %q is not valid UTF-8", h.ID, h.Snippet)
	}
	prev := 0
	for _, m := range h.Marks {
		if m[0] < prev || m[0] >= m[1] || m[1] > len(h.Snippet) {
			t.Fatalf("%s: mark %v out of order or bounds in %q (len %d)", h.ID, m, h.Snippet, len(h.Snippet))
		}
		if !utf8.RuneStart(h.Snippet[m[0]]) || (m[1] < len(h.Snippet) && !utf8.RuneStart(h.Snippet[m[1]])) {
			t.Errorf("%s: mark %v splits a rune in %q", h.ID, m, h.Snippet)
		}
		prev = m[1]
	}
}

func TestSearch_SnippetMarksMatchedWords(t *testing.T) {
	ix := newHandbook(t)
	tests := []struct {
		query, id string
		marked    []string
	}{
		{"lua dao", "mang-xa-hoi", []string{"Lừa đảo"}},
		{"mã otp", "ngan-hang", []string{"mã OTP", "mã OTP"}},
		{"đánh bạc", "danh-bac", []string{"đánh bạc", "đánh bạc"}},
		{"chuyển ti", "cong-an", []string{"chuyển tiền"}},
		{"ĐẢO", "tour-dao", []string{"đảo"}},
	}
	for _, tt := range tests {
		hits := ix.Search(tt.query, 0)
		i := rank(hits, tt.id)
		if i < 0 {
			t.Errorf("Search(%q) = %v, want %s", tt.query, ids(hits), tt.id)
			continue
		}
		h := hits[i]
		checkHit(t, h)
		var got []string
		for _, m := range h.Marks {
			got = append(got, h.Snippet[m[0]:m[1]])
		}
		if !slices.Equal(got, tt.marked) {
			t.Errorf("Search(%q) %s snippet %q marks %q, want %q", tt.query, tt.id, h.Snippet, got, tt.marked)
		}
	}
}

func TestSearch_SnippetPrefersFieldWithMostQueryWords(t *testing.T) {
	ix := newHandbook(t)
	hits := ix.Search("mã otp ngân hàng", 1)
	if len(hits) != 1 || !strings.HasPrefix(hits[0].Snippet, "Kẻ gian gọi điện") {
		t.Errorf("Search = %+v, want the body snippet of ngan-hang", hits)
	}
}

func TestSearch_SnippetCutsLongTextOnWordBoundaries(t *testing.T) {
	filler := strings.Repeat("Người dân cần chủ động cập nhật thông tin về các thủ đoạn mới. ", 12)
	body := filler + "Đặc biệt cảnh giác với lừa đảo “đầu tư chứng khoán” qua Zalo.\n\n" + filler
	ix := textsearch.New()
	ix.Add(textsearch.Doc{ID: "dai", Fields: []textsearch.Field{{Text: body, Weight: 1}}})

	hits := ix.Search("lừa đảo đầu tư", 1)
	if len(hits) != 1 {
		t.Fatalf("Search = %v, want one hit", hits)
	}
	h := hits[0]
	checkHit(t, h)
	if !strings.HasPrefix(h.Snippet, "…") || !strings.HasSuffix(h.Snippet, "…") {
		t.Errorf("snippet %q should be cut on both sides", h.Snippet)
	}
	if n := utf8.RuneCountInString(h.Snippet); n > 165 {
		t.Errorf("snippet has %d runes, want at most ~160", n)
	}
	inner := strings.TrimSuffix(strings.TrimPrefix(h.Snippet, "…"), "…")
	if !strings.Contains(strings.Join(strings.Fields(body), " "), inner) {
		t.Errorf("snippet %q is not a whole-word excerpt of the body", inner)
	}
	// Starts at a word, and the word before the cut is complete.
	words := strings.Fields(inner)
	if !strings.Contains(filler, words[0]+" ") && !strings.Contains(body, " "+words[0]) {
		t.Errorf("snippet starts mid-word: %q", inner)
	}
	var got []string
	for _, m := range h.Marks {
		got = append(got, h.Snippet[m[0]:m[1]])
	}
	if want := []string{"lừa đảo", "đầu tư"}; !slices.Equal(got, want) {
		t.Errorf("marks %q, want %q", got, want)
	}
	if strings.Contains(h.Snippet, "\n") || strings.Contains(h.Snippet, "  ") {
		t.Errorf("snippet %q should have white space collapsed", h.Snippet)
	}
}

func TestSearch_SnippetOfGiantTokenStaysOnRuneBoundary(t *testing.T) {
	giant := strings.Repeat("ệ", 500)
	ix := textsearch.New()
	ix.Add(textsearch.Doc{ID: "g", Fields: []textsearch.Field{{Text: giant, Weight: 1}}})
	hits := ix.Search(vn.Fold(giant[:30]), 0) // prefix of the only token
	if len(hits) != 1 {
		t.Fatalf("Search = %v, want one hit", hits)
	}
	checkHit(t, hits[0])
	if len(hits[0].Marks) != 1 {
		t.Errorf("Marks = %v, want the clipped token marked", hits[0].Marks)
	}
}

func TestHit_HighlightEscapes(t *testing.T) {
	ix := textsearch.New()
	ix.Add(textsearch.Doc{ID: "x", Fields: []textsearch.Field{{Text: `Mẹo <script>alert("lừa")</script> & lừa đảo`, Weight: 1}}})
	hits := ix.Search("lừa", 1)
	if len(hits) != 1 {
		t.Fatalf("Search = %v", hits)
	}
	got := string(hits[0].Highlight())
	want := `Mẹo &lt;script&gt;alert(&#34;<mark>lừa</mark>&#34;)&lt;/script&gt; &amp; <mark>lừa</mark> đảo`
	if got != want {
		t.Errorf("Highlight = %s\nwant        %s", got, want)
	}
}
