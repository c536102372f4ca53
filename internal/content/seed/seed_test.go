package seed

import (
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/canhgiac/canhgiac/internal/vn"
)

func load(t *testing.T) Seed {
	t.Helper()
	s, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return s
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// optional lists the fields, by Type.Field, that may be left empty.
var optional = map[string]bool{
	"Practice.Person":    true,
	"LegalDoc.Effective": true,
}

// walk calls fn for every string in v (struct fields, slice elements),
// with a path naming where it is.
func walk(path string, v reflect.Value, fn func(path, field, s string)) {
	switch v.Kind() {
	case reflect.String:
		fn(path, "", v.String())
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walk(path+"["+strconv.Itoa(i)+"]", v.Index(i), fn)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			fv := v.Field(i)
			p := path + "." + f.Name
			if fv.Kind() == reflect.String {
				fn(p, t.Name()+"."+f.Name, fv.String())
				continue
			}
			walk(p, fv, fn)
		}
	}
}

// required checks that every string field and every slice of a struct is
// non-empty, except the optional ones, and recurses into nested structs.
func required(t *testing.T, path string, v reflect.Value) {
	t.Helper()
	typ := v.Type()
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		fv := v.Field(i)
		key := typ.Name() + "." + f.Name
		p := path + "." + f.Name
		switch fv.Kind() {
		case reflect.String:
			if strings.TrimSpace(fv.String()) == "" && !optional[key] {
				t.Errorf("%s: empty", p)
			}
		case reflect.Slice:
			if fv.Len() == 0 {
				t.Errorf("%s: empty list", p)
			}
			for j := 0; j < fv.Len(); j++ {
				el := fv.Index(j)
				switch el.Kind() {
				case reflect.String:
					if strings.TrimSpace(el.String()) == "" {
						t.Errorf("%s[%d]: empty", p, j)
					}
				case reflect.Struct:
					required(t, p+"["+strconv.Itoa(j)+"]", el)
				}
			}
		}
	}
}

func TestLoad(t *testing.T) {
	s := load(t)
	for _, c := range []struct {
		what string
		n    int
		min  int
	}{
		{"handbook entries", len(s.Handbook), 24},
		{"warnings", len(s.Warnings), 8},
		{"articles", len(s.Articles), 4},
		{"legal documents", len(s.Legal), 8},
		{"practices", len(s.Practices), 4},
		{"quizzes", len(s.Quizzes), 3},
	} {
		if c.n < c.min {
			t.Errorf("%d %s, want at least %d", c.n, c.what, c.min)
		}
	}
	if len(s.Legal) > 12 {
		t.Errorf("%d legal documents, want at most 12", len(s.Legal))
	}
	if _, ok := s.Entry("gia-danh-cong-an"); !ok {
		t.Error(`Entry("gia-danh-cong-an") not found`)
	}
	if _, ok := s.Entry("khong-co"); ok {
		t.Error(`Entry("khong-co") found`)
	}
}

func TestDecodeIsStrict(t *testing.T) {
	for _, name := range []string{"handbook.json", "warnings.json", "articles.json", "legal.json", "practices.json", "quizzes.json"} {
		b, err := files.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) == 0 || b[0] != '[' {
			t.Errorf("%s: not a JSON array", name)
		}
	}
	var v []Entry
	if err := decode("handbook.json", &v); err != nil {
		t.Fatal(err)
	}
	var wrong []struct {
		Slug string `json:"slug"`
	}
	if err := decode("handbook.json", &wrong); err == nil {
		t.Error("decode accepted fields the target does not have")
	}
}

func TestRequiredFields(t *testing.T) {
	s := load(t)
	for i, e := range s.Handbook {
		required(t, "handbook["+strconv.Itoa(i)+"] "+e.Slug, reflect.ValueOf(e))
	}
	for i, w := range s.Warnings {
		required(t, "warnings["+strconv.Itoa(i)+"] "+w.Slug, reflect.ValueOf(w))
	}
	for i, a := range s.Articles {
		required(t, "articles["+strconv.Itoa(i)+"] "+a.Slug, reflect.ValueOf(a))
	}
	for i, l := range s.Legal {
		required(t, "legal["+strconv.Itoa(i)+"] "+l.Number, reflect.ValueOf(l))
	}
	for i, p := range s.Practices {
		required(t, "practices["+strconv.Itoa(i)+"]", reflect.ValueOf(p))
	}
	for i, q := range s.Quizzes {
		required(t, "quizzes["+strconv.Itoa(i)+"] "+q.Slug, reflect.ValueOf(q))
	}
}

func TestSlugs(t *testing.T) {
	s := load(t)
	check := func(kind string, slugs []string) {
		seen := map[string]bool{}
		for _, sl := range slugs {
			if !slugRE.MatchString(sl) {
				t.Errorf("%s slug %q is not ascii-kebab", kind, sl)
			}
			if seen[sl] {
				t.Errorf("%s slug %q repeated", kind, sl)
			}
			seen[sl] = true
		}
	}
	var h, w, a, q []string
	for _, e := range s.Handbook {
		h = append(h, e.Slug)
	}
	for _, x := range s.Warnings {
		w = append(w, x.Slug)
	}
	for _, x := range s.Articles {
		a = append(a, x.Slug)
	}
	for _, x := range s.Quizzes {
		q = append(q, x.Slug)
	}
	check("handbook", h)
	check("warning", w)
	check("article", a)
	check("quiz", q)
}

func TestHandbookCategoriesAndAudiences(t *testing.T) {
	s := load(t)
	covered := map[string]int{}
	for _, e := range s.Handbook {
		if !slices.Contains(Categories, e.Category) {
			t.Errorf("%s: category %q is not one of %v", e.Slug, e.Category, Categories)
		}
		covered[e.Category]++
		seen := map[string]bool{}
		for _, a := range e.Audiences {
			if !slices.Contains(Audiences, a) {
				t.Errorf("%s: audience %q is not one of %v", e.Slug, a, Audiences)
			}
			if seen[a] {
				t.Errorf("%s: audience %q repeated", e.Slug, a)
			}
			seen[a] = true
		}
	}
	for _, c := range Categories {
		if covered[c] == 0 {
			t.Errorf("no handbook entry in category %q", c)
		}
	}
}

// The tactics in use today that the handbook must cover, by slug, and
// whether each must be flagged new.
var modern = []struct {
	slug string
	new  bool
}{
	{"gia-danh-cong-an", false},               // police / procuracy / court impersonation
	{"ung-dung-vneid-gia", true},              // fake VNeID and public-service apps
	{"tin-nhan-brandname-tram-bts-gia", true}, // bank brandname SMS from fake base stations
	{"cuoc-goi-video-deepfake", true},         // deepfake video calls
	{"nhom-chuyen-gia-tien-ao", false},        // investment / crypto "expert" groups
	{"san-ngoai-hoi-chung-khoan-khong-phep", false},
	{"viec-nhe-luong-cao-lam-nhiem-vu", false}, // task scams
	{"lay-lai-tien-bi-lua", true},              // money-recovery scams
	{"lam-quen-gui-qua-phi-hai-quan", false},   // romance and gift / customs fee
	{"gia-danh-dien-luc", false},               // electricity impersonation
	{"gia-danh-co-quan-thue", true},            // tax impersonation
	{"tong-tien-anh-ghep", false},              // sextortion with edited images
	{"the-cao-game-vat-pham", false},           // game-card lures for students
	{"ca-cuoc-game-hoc-sinh", false},           // betting lures for students
}

func TestModernTacticsCovered(t *testing.T) {
	s := load(t)
	for _, m := range modern {
		e, ok := s.Entry(m.slug)
		if !ok {
			t.Errorf("handbook lacks %q", m.slug)
			continue
		}
		if m.new && !e.New {
			t.Errorf("%s: should be flagged new", m.slug)
		}
	}
}

var firstSeenRE = regexp.MustCompile(`^(\d{4})(-(0[1-9]|1[0-2]))?$`)

func TestFirstSeenAndNew(t *testing.T) {
	s := load(t)
	now := time.Now().Year()
	nNew := 0
	for _, e := range s.Handbook {
		m := firstSeenRE.FindStringSubmatch(e.FirstSeen)
		if m == nil {
			t.Errorf("%s: first_seen %q is not YYYY or YYYY-MM", e.Slug, e.FirstSeen)
			continue
		}
		y, _ := strconv.Atoi(m[1])
		if y < 2000 || y > now {
			t.Errorf("%s: first_seen year %d out of range", e.Slug, y)
		}
		if e.New {
			nNew++
			if y < 2023 {
				t.Errorf("%s: flagged new but first seen in %d", e.Slug, y)
			}
		}
	}
	if nNew == 0 || nNew == len(s.Handbook) {
		t.Errorf("%d of %d entries flagged new; the flag must mean something", nNew, len(s.Handbook))
	}
}

// What a victim must be told to do: call the police, report on the portal,
// keep evidence; and, where money moved, call the bank.
func TestIfCaughtSaysWhomToCall(t *testing.T) {
	s := load(t)
	money := []string{"fraud", "e-commerce", "crypto", "forex"}
	for _, e := range s.Handbook {
		all := strings.ToLower(strings.Join(e.IfCaught, " "))
		if !strings.Contains(all, "113") {
			t.Errorf("%s: if_caught does not say to call 113", e.Slug)
		}
		if !strings.Contains(all, "/to-giac") {
			t.Errorf("%s: if_caught does not point to /to-giac", e.Slug)
		}
		if !strings.Contains(all, "giữ") && !strings.Contains(all, "chụp") && !strings.Contains(all, "bằng chứng") {
			t.Errorf("%s: if_caught does not say to keep evidence", e.Slug)
		}
		if slices.Contains(money, e.Category) && !strings.Contains(all, "ngân hàng") {
			t.Errorf("%s: if_caught does not say to call the bank", e.Slug)
		}
		for _, x := range e.Examples {
			if !strings.HasPrefix(x, "Minh họa: ") {
				t.Errorf("%s: example not marked illustrative: %q", e.Slug, x)
			}
		}
	}
}

// The articles of the Criminal Code the handbook may cite, with their
// titles, so an article number cannot drift from its name.
var penalCode = map[string]string{
	"147":  "Tội sử dụng người dưới 16 tuổi vào mục đích khiêu dâm",
	"155":  "Tội làm nhục người khác",
	"170":  "Tội cưỡng đoạt tài sản",
	"174":  "Tội lừa đảo chiếm đoạt tài sản",
	"197":  "Tội quảng cáo gian dối",
	"198":  "Tội lừa dối khách hàng",
	"201":  "Tội cho vay lãi nặng trong giao dịch dân sự",
	"217a": "Tội vi phạm quy định về kinh doanh theo phương thức đa cấp",
	"286":  "Tội phát tán chương trình tin học gây hại cho hoạt động của mạng máy tính, mạng viễn thông, phương tiện điện tử",
	"288":  "Tội đưa hoặc sử dụng trái phép thông tin mạng máy tính, mạng viễn thông",
	"289":  "Tội xâm nhập trái phép vào mạng máy tính, mạng viễn thông hoặc phương tiện điện tử của người khác",
	"290":  "Tội sử dụng mạng máy tính, mạng viễn thông, phương tiện điện tử thực hiện hành vi chiếm đoạt tài sản",
	"291":  "Tội thu thập, tàng trữ, trao đổi, mua bán, công khai hóa trái phép thông tin về tài khoản ngân hàng",
	"304":  "Tội chế tạo, tàng trữ, vận chuyển, sử dụng, mua bán trái phép hoặc chiếm đoạt vũ khí quân dụng, phương tiện kỹ thuật quân sự",
	"305":  "Tội chế tạo, tàng trữ, vận chuyển, sử dụng, mua bán trái phép hoặc chiếm đoạt vật liệu nổ",
	"306":  "Tội chế tạo, tàng trữ, vận chuyển, sử dụng, mua bán trái phép vũ khí thô sơ hoặc công cụ hỗ trợ",
	"321":  "Tội đánh bạc",
	"322":  "Tội tổ chức đánh bạc hoặc gá bạc",
	"326":  "Tội truyền bá văn hóa phẩm đồi trụy",
	"339":  "Tội giả mạo chức vụ, cấp bậc, vị trí công tác",
}

var articleRE = regexp.MustCompile(`^Điều (\d+[a-z]?) Bộ luật Hình sự 2015 \(sửa đổi 2017\) — (.+)$`)

func TestLegalBasis(t *testing.T) {
	s := load(t)
	for _, e := range s.Handbook {
		for _, l := range e.LegalBasis {
			switch {
			case strings.HasPrefix(l, "Điều "):
				m := articleRE.FindStringSubmatch(l)
				if m == nil {
					t.Errorf("%s: legal basis %q not in the form “Điều N Bộ luật Hình sự 2015 (sửa đổi 2017) — Tội …”", e.Slug, l)
					continue
				}
				want, ok := penalCode[m[1]]
				if !ok {
					t.Errorf("%s: Điều %s is not in the list of checked articles", e.Slug, m[1])
				} else if m[2] != want {
					t.Errorf("%s: Điều %s is %q, not %q", e.Slug, m[1], want, m[2])
				}
			case strings.HasPrefix(l, "Luật "), strings.HasPrefix(l, "Nghị định "):
			default:
				t.Errorf("%s: legal basis %q is neither an article nor a law or decree", e.Slug, l)
			}
		}
	}
}

func TestWarnings(t *testing.T) {
	s := load(t)
	areas := append([]string{"Toàn quốc"}, vn.Provinces()...)
	for _, w := range s.Warnings {
		if !slices.Contains(Severities, w.Severity) {
			t.Errorf("%s: severity %q is not one of %v", w.Slug, w.Severity, Severities)
		}
		if !slices.Contains(Urgencies, w.Urgency) {
			t.Errorf("%s: urgency %q is not one of %v", w.Slug, w.Urgency, Urgencies)
		}
		if !slices.Contains(areas, w.Area) {
			t.Errorf("%s: area %q is neither “Toàn quốc” nor one of the 34 provinces", w.Slug, w.Area)
		}
		if _, ok := s.Entry(w.Tactic); !ok {
			t.Errorf("%s: tactic %q is not a handbook slug", w.Slug, w.Tactic)
		}
		seen := map[string]bool{}
		for _, c := range w.Channels {
			if !slices.Contains(Channels, c) {
				t.Errorf("%s: channel %q is not one of %v", w.Slug, c, Channels)
			}
			if seen[c] {
				t.Errorf("%s: channel %q repeated", w.Slug, c)
			}
			seen[c] = true
		}
		if w.ValidDays < 1 || w.ValidDays > 365 {
			t.Errorf("%s: valid_days %d out of 1..365", w.Slug, w.ValidDays)
		}
		paras := paragraphs(t, w.Slug, w.Body)
		if len(paras) < 3 || len(paras) > 6 {
			t.Errorf("%s: %d paragraphs, want 3..6", w.Slug, len(paras))
		}
	}
}

func TestArticles(t *testing.T) {
	s := load(t)
	for _, a := range s.Articles {
		if n := len(paragraphs(t, a.Slug, a.Body)); n < 3 {
			t.Errorf("%s: %d paragraphs, want at least 3", a.Slug, n)
		}
	}
}

// paragraphs splits a body on blank lines and checks each paragraph is
// one non-empty line.
func paragraphs(t *testing.T, what, body string) []string {
	t.Helper()
	ps := strings.Split(body, "\n\n")
	for i, p := range ps {
		if strings.TrimSpace(p) == "" || strings.Contains(p, "\n") || p != strings.TrimSpace(p) {
			t.Errorf("%s: paragraph %d is empty, spans lines or has stray space: %q", what, i, p)
		}
	}
	return ps
}

func TestLegalDocs(t *testing.T) {
	s := load(t)
	kinds := []string{"Bộ luật", "Luật", "Nghị định", "Nghị quyết", "Quyết định", "Chỉ thị", "Thông tư", "Kế hoạch"}
	seen := map[string]bool{}
	for _, l := range s.Legal {
		if seen[l.Number] {
			t.Errorf("legal %s repeated", l.Number)
		}
		seen[l.Number] = true
		if !slices.Contains(kinds, l.Kind) {
			t.Errorf("legal %s: kind %q is not one of %v", l.Number, l.Kind, kinds)
		}
		issued, err := time.Parse(time.DateOnly, l.Issued)
		if err != nil {
			t.Errorf("legal %s: issued %q: %v", l.Number, l.Issued, err)
		}
		if l.Effective != "" {
			eff, err := time.Parse(time.DateOnly, l.Effective)
			if err != nil {
				t.Errorf("legal %s: effective %q: %v", l.Number, l.Effective, err)
			} else if eff.Before(issued) {
				t.Errorf("legal %s: effective %s before issued %s", l.Number, l.Effective, l.Issued)
			}
		}
		// A number's year, where it has one, is the year of issue.
		if m := regexp.MustCompile(`/(\d{4})/`).FindStringSubmatch(l.Number); m != nil && !strings.HasPrefix(l.Issued, m[1]) {
			t.Errorf("legal %s: issued %s in another year", l.Number, l.Issued)
		}
	}
	for _, n := range []string{"24/2018/QH14", "100/2015/QH13", "20/2023/QH15", "13/2023/NĐ-CP", "91/2020/NĐ-CP", "15/2020/NĐ-CP"} {
		if !seen[n] {
			t.Errorf("legal documents lack %s", n)
		}
	}
}

func TestPractices(t *testing.T) {
	s := load(t)
	for i, p := range s.Practices {
		if _, err := time.Parse(time.DateOnly, p.Date); err != nil {
			t.Errorf("practices[%d]: date %q: %v", i, p.Date, err)
		}
	}
}

func TestQuizzes(t *testing.T) {
	s := load(t)
	staff := false
	for _, q := range s.Quizzes {
		if !slices.Contains(QuizAudiences, q.Audience) {
			t.Errorf("%s: audience %q is not one of %v", q.Slug, q.Audience, QuizAudiences)
		}
		if q.Audience == "staff" && strings.HasPrefix(q.Title, "Kiểm tra kiến thức cán bộ") {
			staff = true
		}
		if q.PassPercent < 50 || q.PassPercent > 100 {
			t.Errorf("%s: pass_percent %d out of 50..100", q.Slug, q.PassPercent)
		}
		if len(q.Questions) < 8 {
			t.Errorf("%s: %d questions, want at least 8", q.Slug, len(q.Questions))
		}
		answers := map[int]bool{}
		texts := map[string]bool{}
		for i, qq := range q.Questions {
			where := q.Slug + " question " + strconv.Itoa(i+1)
			if _, ok := s.Entry(qq.Entry); !ok {
				t.Errorf("%s: entry %q is not a handbook slug", where, qq.Entry)
			}
			if len(qq.Choices) != 4 {
				t.Errorf("%s: %d choices, want 4", where, len(qq.Choices))
			}
			if qq.Answer < 0 || qq.Answer >= len(qq.Choices) {
				t.Errorf("%s: answer %d out of range", where, qq.Answer)
			}
			distinct := map[string]bool{}
			for _, c := range qq.Choices {
				distinct[strings.ToLower(strings.TrimSpace(c))] = true
			}
			if len(distinct) != len(qq.Choices) {
				t.Errorf("%s: choices not distinct: %q", where, qq.Choices)
			}
			if texts[qq.Text] {
				t.Errorf("%s: question repeated", where)
			}
			texts[qq.Text] = true
			answers[qq.Answer] = true
		}
		if len(answers) < 3 {
			t.Errorf("%s: right answers sit in only %d positions; spread them", q.Slug, len(answers))
		}
	}
	if !staff {
		t.Error("no staff quiz titled “Kiểm tra kiến thức cán bộ …”")
	}
}

// Every text is NFC, trimmed, free of carriage returns, tabs and double
// spaces.
func TestTextIsClean(t *testing.T) {
	s := load(t)
	walk("seed", reflect.ValueOf(s), func(path, _, str string) {
		if !norm.NFC.IsNormalString(str) {
			t.Errorf("%s: not NFC: %q", path, str)
		}
		if str != strings.TrimSpace(str) {
			t.Errorf("%s: leading or trailing space: %q", path, str)
		}
		if strings.ContainsAny(str, "\r\t") || strings.Contains(str, "  ") {
			t.Errorf("%s: carriage return, tab or double space: %q", path, str)
		}
	})
}

// hasVietnamese reports whether s has a letter outside ASCII — a cheap
// sign the text was written with its diacritics.
func hasVietnamese(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func TestTitlesHaveDiacritics(t *testing.T) {
	s := load(t)
	check := func(what, text string) {
		if !hasVietnamese(text) {
			t.Errorf("%s: %q looks like Vietnamese without diacritics", what, text)
		}
	}
	for _, e := range s.Handbook {
		check(e.Slug+" name", e.Name)
		check(e.Slug+" summary", e.Summary)
		for _, l := range [][]string{e.Signs, e.Protect, e.IfCaught, e.Examples} {
			for _, x := range l {
				check(e.Slug, x)
			}
		}
	}
	for _, w := range s.Warnings {
		check(w.Slug+" title", w.Title)
		check(w.Slug+" body", w.Body)
	}
	for _, a := range s.Articles {
		check(a.Slug+" title", a.Title)
	}
	for _, l := range s.Legal {
		check(l.Number+" title", l.Title)
		check(l.Number+" summary", l.Summary)
	}
	for _, p := range s.Practices {
		check("practice title", p.Title)
		check("practice unit", p.Unit)
	}
	for _, q := range s.Quizzes {
		check(q.Slug+" title", q.Title)
		for _, qq := range q.Questions {
			check(q.Slug+" question", qq.Text)
		}
	}
}

// numberRE finds runs of digits joined by single spaces or dots.
var numberRE = regexp.MustCompile(`\+?\d(?:[ .]?\d)*`)

// amountRE is a sum of money written the Vietnamese way: 1.500.000.
var amountRE = regexp.MustCompile(`^\d{1,3}(\.\d{3})+$`)

// phoneProblem says what is wrong with a number found in published text:
// only short hotlines (113, 111, 5656 …), sums of money and the demo range
// 0900 000 xxx may appear; anything else could be a real subscriber's
// number.
func phoneProblem(run string) string {
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, run)
	if len(digits) < 6 {
		return "" // a short hotline, a count, a year
	}
	if strings.HasPrefix(run, "+") || strings.HasPrefix(digits, "0") || strings.HasPrefix(digits, "84") && len(digits) >= 10 {
		if len(digits) == 10 && strings.HasPrefix(digits, "0900000") {
			return ""
		}
		return "looks like a phone number outside the demo range 0900 000 xxx"
	}
	if amountRE.MatchString(run) {
		return ""
	}
	return "long number that is neither a sum of money nor a demo phone number"
}

func TestNoRealPhoneNumbers(t *testing.T) {
	for run, bad := range map[string]bool{
		"0900 000 123":    false,
		"0900000456":      false,
		"113":             false,
		"5656":            false,
		"350.000.000":     false,
		"0912 345 678":    true,
		"+84 912 345 678": true,
		"84912345678":     true,
		"1900 1234":       true,
		"0900 001 234":    true,
	} {
		if got := phoneProblem(run) != ""; got != bad {
			t.Errorf("phoneProblem(%q) flagged = %v, want %v", run, got, bad)
		}
	}

	s := load(t)
	walk("seed", reflect.ValueOf(s), func(path, field, str string) {
		switch field {
		case "LegalDoc.Number", "LegalDoc.Issued", "LegalDoc.Effective", "Practice.Date":
			return
		}
		for _, run := range numberRE.FindAllString(str, -1) {
			if p := phoneProblem(run); p != "" {
				t.Errorf("%s: %q %s", path, run, p)
			}
		}
	})
}
