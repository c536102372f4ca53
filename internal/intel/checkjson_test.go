package intel_test

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// checkFixture reports a number (twice: fraud and crypto), a link and a bank
// account, verifies the link, and returns a checker built by Load, as a
// restarted server would.
func checkFixture(t *testing.T, db *store.DB) *intel.Checker {
	ctx := context.Background()
	s := intel.NewService(db, clock.NewFixed(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)))
	s.SuspiciousReporters = 2
	for i, in := range []intel.TipInput{
		{Indicators: []string{"0912 000 111", "https://gia-mao.example.vn/vi"}, Tactic: "fraud", IP: "10.0.1.1", Device: "a"},
		{Indicators: []string{"+84912000111", "VCB 0011004455667"}, Tactic: "crypto", IP: "10.0.2.1", Device: "b"},
	} {
		if _, err := s.Submit(ctx, in); err != nil {
			t.Fatalf("tip %d: %v", i, err)
		}
	}
	analyst := access.With(ctx, &access.Actor{UserID: 7, Username: "xacminh", Grants: []access.Grant{{Role: access.RoleAnalyst, ScopeUnit: 1}}})
	q, err := s.Queue(analyst)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range q {
		if p.Kind == "url" {
			if _, err := s.Decide(analyst, p.ID, true, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	fresh := intel.NewService(db, clock.NewFixed(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)))
	st, err := fresh.Checker().Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Indicators != 3 || st.Phones != 1 || st.Seq == 0 {
		t.Fatalf("load stats = %+v", st)
	}
	return fresh.Checker()
}

func TestLoad_AnswersWithTactics(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		c := checkFixture(t, db)
		a := c.Check("0912.000.111")
		if a.Verdict != "suspicious" || !slices.Equal(a.Tactics, []string{"fraud", "crypto"}) {
			t.Fatalf("phone: %+v", a)
		}
		if a := c.Check("gia-mao.example.vn/vi/dang-nhap"); a.Verdict != "scam" || !slices.Equal(a.Tactics, []string{"fraud"}) {
			t.Fatalf("url: %+v", a)
		}
		if a := c.Check("0988 765 432"); a.Verdict != "unknown" || a.Tactics == nil || len(a.Tactics) != 0 {
			t.Fatalf("unknown: %+v", a)
		}
		// Refresh after Load picks up only what is new.
		if n, err := c.Refresh(context.Background()); err != nil || n != 0 {
			t.Fatalf("refresh after load: %d %v", n, err)
		}
	})
}

// The hand-written JSON must be exactly what encoding/json makes of Answer.
func TestAppendCheckMatchesEncodingJSON(t *testing.T) {
	db := storetest.SQLite(t)
	c := checkFixture(t, db)
	inputs := []string{"0912 000 111", "+84912000111", "0912000112", "https://gia-mao.example.vn/vi?x=1", "VCB 0011004455667",
		"", "   ", "abc", `"quoted" \ back`, "<script>&amp;", "tab\there\nnew\rline\b\f", "\x00\x1f", "bad utf8 \xff\xfe end",
		"line\u2028sep\u2029", "số điện thoại 0912", "@someone", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "０９１２０００１１１",
		"0011004455667", "0011 0044 55667", "99887766554433", "04 3812 3456", "04 3812 345", "https://vietcombank-xacthuc.com/login",
		"bit.ly/abc", "gia-mao.example.vn", "www.gia-mao.example.vn/"}
	for _, q := range inputs {
		var want bytes.Buffer
		json.NewEncoder(&want).Encode(c.Check(q))
		if got := c.AppendCheck(nil, q); string(got) != want.String() {
			t.Errorf("%q:\n got %s\nwant %s", q, got, want.String())
		}
	}
	var want bytes.Buffer
	out := struct {
		Results []intel.Answer `json:"results"`
	}{}
	for _, q := range inputs {
		out.Results = append(out.Results, c.Check(q))
	}
	json.NewEncoder(&want).Encode(out)
	if got := c.AppendBatch(nil, inputs); string(got) != want.String() {
		t.Errorf("batch:\n got %s\nwant %s", got, want.String())
	}
}

func FuzzAppendCheck(f *testing.F) {
	for _, s := range []string{"0912 000 111", "a\"b", "\xff", "https://x.vn/<a>"} {
		f.Add(s)
	}
	db := storetest.SQLite(f)
	c := intel.NewService(db, clock.NewFixed(time.Now())).Checker()
	f.Fuzz(func(t *testing.T, q string) {
		var want bytes.Buffer
		json.NewEncoder(&want).Encode(c.Check(q))
		if got := c.AppendCheck(nil, q); string(got) != want.String() {
			t.Fatalf("%q:\n got %s\nwant %s", q, got, want.String())
		}
	})
}

func BenchmarkAppendBatch1000(b *testing.B) {
	db := storetest.SQLite(b)
	c := intel.NewService(db, clock.NewFixed(time.Now())).Checker()
	items := make([]string, 1000)
	for i := range items {
		items[i] = "09" + strconv.Itoa(10000000+i*7919)
	}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = c.AppendBatch(buf[:0], items)
	}
	b.ReportMetric(float64(len(buf))/1000, "B/item")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/item")
}

// The compact batch carries the same answers as the full one, each naming
// its advice by a code whose text is written once.
func TestAppendBatchCompact_SameAnswersAdviceOnce(t *testing.T) {
	db := storetest.SQLite(t)
	c := checkFixture(t, db)
	inputs := []string{"0912 000 111", "0912.000.111", "0988 765 432", "0988 765 433", "https://gia-mao.example.vn/vi",
		"https://vietcombank-xacthuc.com/login", "bit.ly/abc", "abc", "0011004455667", "VCB 0011004455667", "04 3812 3456", "", "<&>"}
	var full struct{ Results []map[string]any }
	if err := json.Unmarshal(c.AppendBatch(nil, inputs), &full); err != nil {
		t.Fatal(err)
	}
	raw := c.AppendBatchCompact(nil, inputs)
	var compact struct {
		Results []map[string]any
		Advice  map[string]string
	}
	if err := json.Unmarshal(raw, &compact); err != nil {
		t.Fatalf("compact is not JSON: %v\n%s", err, raw)
	}
	if len(compact.Results) != len(inputs) {
		t.Fatalf("%d results for %d items", len(compact.Results), len(inputs))
	}
	used := map[string]bool{}
	for i, r := range compact.Results {
		code, _ := r["advice_code"].(string)
		text, ok := compact.Advice[code]
		if !ok || r["advice"] != nil {
			t.Fatalf("%q: advice_code %q, texts %v, advice %v", inputs[i], code, compact.Advice, r["advice"])
		}
		used[code] = true
		delete(r, "advice_code")
		r["advice"] = text
		if !reflect.DeepEqual(r, full.Results[i]) {
			t.Errorf("%q:\ncompact %v\n   full %v", inputs[i], r, full.Results[i])
		}
	}
	if len(used) != len(compact.Advice) || len(used) < 6 {
		t.Errorf("advice texts %d, codes used %d: %v", len(compact.Advice), len(used), compact.Advice)
	}
	for _, text := range compact.Advice {
		if n := strings.Count(string(raw), text[:40]); n != 1 {
			t.Errorf("advice written %d times: %s", n, text)
		}
	}
	// A second compact batch with other verdicts names only its own.
	var small struct{ Advice map[string]string }
	json.Unmarshal(c.AppendBatchCompact(nil, []string{"0988 765 432"}), &small)
	if len(small.Advice) != 1 || small.Advice["unknown"] == "" {
		t.Errorf("one unknown number: %v", small.Advice)
	}
}

func BenchmarkAppendBatchCompact1000(b *testing.B) {
	db := storetest.SQLite(b)
	c := intel.NewService(db, clock.NewFixed(time.Now())).Checker()
	items := make([]string, 1000)
	for i := range items {
		items[i] = "09" + strconv.Itoa(10000000+i*7919)
	}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = c.AppendBatchCompact(buf[:0], items)
	}
	b.ReportMetric(float64(len(buf))/1000, "B/item")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/item")
}
