package inbound_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/inbound"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/sms"
	"github.com/canhgiac/canhgiac/internal/store"
)

func TestParse_ReadsTheKeywordInAnyCase(t *testing.T) {
	for _, tc := range []struct {
		in, q string
		ok    bool
	}{
		{"KT 0389 000 000", "0389 000 000", true},
		{"kt:0389000000", "0389000000", true},
		{"Kiểm tra vcb-hoantien.xyz", "vcb-hoantien.xyz", true},
		{"  kt   https://bit.ly/x ", "https://bit.ly/x", true},
		{"KT", "", false},
		{"KTX so 5", "", false},
		{"chào bạn", "", false},
	} {
		q, ok := inbound.Parse(tc.in)
		if q != tc.q || ok != tc.ok {
			t.Errorf("Parse(%q) = %q, %v; want %q, %v", tc.in, q, ok, tc.q, tc.ok)
		}
	}
}

func TestCompose_OneGSM7PartWithVerdictAndHotline(t *testing.T) {
	long := "https://" + strings.Repeat("rat-dai-", 40) + ".xyz/nhận-tiền"
	for _, tc := range []struct {
		name string
		q    string
		a    intel.Answer
		want string
	}{
		{"scam", "0389 000 000", intel.Answer{Normalized: "+84389000000", Display: "0389 000 000", Verdict: "scam"}, "0389 000 000 DA BI TO GIAC LUA DAO"},
		{"suspicious", "x", intel.Answer{Normalized: "x", Display: "vcb-hoantien.xyz", Verdict: "suspicious"}, "CO TO GIAC, NGHI LUA DAO"},
		{"lookalike", "x", intel.Answer{Normalized: "x", Display: "vietc0mbank.top", Verdict: "suspicious", Lookalike: &intel.Lookalike{Brand: "Vietcombank", Official: "vietcombank.com.vn"}}, "GIA MAO Vietcombank"},
		{"unknown", "0912", intel.Answer{Normalized: "+84912345678", Display: "0912 345 678", Verdict: "unknown"}, "CHUA CO TO GIAC"},
		{"account", "x", intel.Answer{Normalized: "970436:1", Display: "Vietcombank · 9999 000 005", Verdict: "scam"}, "Vietcombank - 9999 000 005 DA BI"},
		{"long link", long, intel.Answer{Normalized: long, Display: long, Verdict: "scam"}, "... DA BI TO GIAC LUA DAO"},
		{"invalid", "abc", intel.Answer{Reason: "không đọc được"}, "khong doc duoc \"abc\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := inbound.Compose(tc.q, tc.a)
			info := sms.Analyze(got)
			if info.Encoding != sms.GSM7 || info.Parts != 1 {
				t.Errorf("%q: %d parts, encoding %v; want one GSM-7 part", got, info.Parts, info.Encoding)
			}
			if !strings.Contains(got, tc.want) || !strings.HasPrefix(got, "Canh Giac: ") || !strings.HasSuffix(got, "Bao 113 hoac 156.") {
				t.Errorf("got %q, want it to hold %q, the name and the hotline", got, tc.want)
			}
		})
	}
}

type verdicts map[string]string

func (v verdicts) Check(q string) intel.Answer {
	return intel.Answer{Query: q, Normalized: q, Display: q, Verdict: v[q]}
}

func TestHandle_MetersEachSenderAndHelpsOnceADay(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFixed(time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC))
	s := inbound.New(db, verdicts{"0389000000": "scam"}, clk, []byte("khoa"))
	s.PerDay = 3
	steps := []struct {
		from, text, kind string
		answered         bool
	}{
		{"+84912000001", "xin chao", inbound.KindHelp, true},
		{"+84912000001", "hello?", inbound.KindSilent, false},
		{"+84912000001", "KT 0389000000", inbound.KindCheck, true},
		{"+84912000001", "KT 0389000000", inbound.KindCheck, true},
		{"+84912000001", "KT 0389000000", inbound.KindCheck, true},
		{"+84912000001", "KT 0389000000", inbound.KindLimited, false},
		{"+84912000002", "KT 0389000000", inbound.KindCheck, true}, // another sender has their own allowance
		{"+84912000001", "KT 0389000000", inbound.KindLimited, false},
	}
	for i, st := range steps {
		ex, err := s.Handle(ctx, "sms", st.from, st.text)
		if err != nil {
			t.Fatal(err)
		}
		if ex.Kind != st.kind || (ex.Reply != "") != st.answered {
			t.Errorf("step %d (%s %q): %s answered %q; want %s answered=%v", i, st.from, st.text, ex.Kind, ex.Reply, st.kind, st.answered)
		}
	}
	clk.Advance(24 * time.Hour) // a new day in Vietnam: a new allowance and a new help line
	if ex, _ := s.Handle(ctx, "sms", "+84912000001", "KT 0389000000"); ex.Kind != inbound.KindCheck {
		t.Errorf("next day: %s, want answered", ex.Kind)
	}
	if ex, _ := s.Handle(ctx, "sms", "+84912000001", "?"); ex.Kind != inbound.KindHelp {
		t.Errorf("next day's help: %s", ex.Kind)
	}
	counts, err := s.Stats(ctx, "2026-12-07")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, c := range counts {
		got[c.Day+" "+c.Kind+" "+c.Verdict] += c.Count
	}
	want := map[string]int{"2026-12-07 help ": 1, "2026-12-07 silent ": 1, "2026-12-07 check scam": 4, "2026-12-07 limited ": 2, "2026-12-08 check scam": 1, "2026-12-08 help ": 1}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("statistics %q = %d, want %d (all: %v)", k, got[k], v, got)
		}
	}
	// No sender in clear, and the rows go after 30 days.
	var n int
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM inbound_senders WHERE sender_hash LIKE '%912000001%'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("sender kept in clear: %d %v", n, err)
	}
	clk.Advance(31 * 24 * time.Hour)
	if err := s.Purge(ctx, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM inbound_senders`).Scan(&n); err != nil || n != 0 {
		t.Errorf("after 31 days %d sender rows remain (%v)", n, err)
	}
}
