// Package audience_test measures a campaign over a million subscribers:
// the preview (people by channel, in one grouped SQL count), the prepare
// (the segment read a page at a time, every message row sealed and
// written) and the sending through a sender that does nothing, beside a
// baseline — one SELECT count(*) with the same filter — and the heap at
// its highest while each runs. See bench/README.md.
package audience_test

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/dispatch"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/seal"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/testutil"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// BenchmarkAudience_Million fills a million subscribers (minutes, not a
// unit test: it runs only with -bench) and measures once, printing RESULT
// lines; the benchmark's own ns/op means nothing. The size is
// CANHGIAC_BENCH_N (default 1,000,000); CANHGIAC_BENCH_SEND=0 leaves out
// the sending.
func BenchmarkAudience_Million(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { audienceMillion(b, storetest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { audienceMillion(b, storetest.Postgres(b)) })
}

func audienceMillion(t testing.TB, db *store.DB) {
	n := 1_000_000
	if v := os.Getenv("CANHGIAC_BENCH_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatalf("CANHGIAC_BENCH_N: %v", err)
		}
	}
	{
		ctx := context.Background()
		name := string(db.Dialect)
		clk := clock.NewFixed(time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)) // 10:00 in Vietnam
		keys := testutil.Keys(t)
		start := time.Now()
		fill(t, db, keys, n)
		t.Logf("%s: %d subscribers written in %s", name, n, time.Since(start).Round(time.Millisecond))
		if db.Dialect == store.Postgres {
			db.W.ExecContext(ctx, `VACUUM ANALYZE subscribers`) // as autovacuum leaves a table: index-only scans possible
		}
		aud := audience.NewService(db, clk)
		aud.UseKeys(keys)
		o := org.NewService(db, clk)
		sys := access.With(ctx, access.System())
		unit, err := o.Create(sys, org.UnitInput{Code: "bca", Name: "Bộ Công an", ShortName: "BCA", Type: org.TypeMinistry, ValidFrom: "2020-01-01"})
		if err != nil {
			t.Fatal(err)
		}
		st := testutil.Campaigns(t, db, clk, aud, keys)
		author := access.With(ctx, &access.Actor{UserID: 7, UnitID: unit.ID, Grants: []access.Grant{{Role: access.RoleCoordinator, ScopeUnit: unit.ID}}})
		d := dispatch.Draft{UnitID: unit.ID, Name: "Cảnh báo giả danh công an", Text: "{ten|Ban} oi, canh giac: cong an khong goi dien yeu cau chuyen tien.",
			Segment: dispatch.Segment{Province: "Cao Bằng"}, QuietStart: "00:00", QuietEnd: "00:00", DailyCap: "20"}
		// The baseline: one count with the same filter as the product's
		// (eligible, the province, a phone for SMS: shape bit 1).
		baseline := func() time.Duration {
			t0 := time.Now()
			var k int
			if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM subscribers WHERE opted_out_at IS NULL AND confirmed_at IS NOT NULL AND province = $1 AND (shape & 1) <> 0`, "Cao Bằng").Scan(&k); err != nil {
				t.Fatal(err)
			}
			if k != n {
				t.Fatalf("baseline counted %d, want %d", k, n)
			}
			return time.Since(t0)
		}
		baseline() // warm the cache as the product's queries will find it
		var chk *dispatch.Check
		best := func(f func()) time.Duration {
			var out time.Duration
			for i := range 3 {
				t0 := time.Now()
				f()
				if d := time.Since(t0); i == 0 || d < out {
					out = d
				}
			}
			return out
		}
		base := best(func() { baseline() })
		var pk peak
		pk.start()
		prev := best(func() {
			if chk, err = st.Preview(author, d); err != nil {
				t.Fatal(err)
			}
		})
		previewHeap := pk.stop()
		if chk.Recipients != n {
			t.Fatalf("preview: %d recipients, want %d", chk.Recipients, n)
		}
		result("preview", name, n, prev, base, 1000, fmt.Sprintf("heap_peak_mb=%.0f parts=%d estimated=%t", previewHeap, chk.Parts, chk.Estimated))

		runtime.GC()
		pk.start()
		t0 := time.Now()
		c, planned, err := st.Prepare(author, d)
		if err != nil {
			t.Fatal(err)
		}
		prep := time.Since(t0)
		prepHeap := pk.stop()
		if planned != n {
			t.Fatalf("prepared for %d, want %d", planned, n)
		}
		var rows int
		db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM messages WHERE campaign_id = $1`, c.ID).Scan(&rows)
		result("prepare", name, n, prep, base, 1000, fmt.Sprintf("heap_peak_mb=%.0f rows_written=%d", prepHeap, rows))
		fmt.Printf("RESULT prepare-memory db=%s n=%d heap_peak_mb=%.0f goal=≤100MB %s\n", name, n, prepHeap, met(prepHeap <= 100))

		if os.Getenv("CANHGIAC_BENCH_SEND") == "0" {
			return
		}
		if _, err := db.W.ExecContext(ctx, `UPDATE campaigns SET state = 'running', started_at = $1 WHERE id = $2`, clk.Now().UTC(), c.ID); err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		var sent atomic.Int64
		r := &dispatch.Runner{Campaigns: st, Sender: noop{&sent}, Poll: 10 * time.Millisecond, Flush: 50 * time.Millisecond}
		pk.start()
		t0 = time.Now()
		if err := r.Run(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		took := time.Since(t0)
		sendHeap := pk.stop()
		if got := sent.Load(); got != int64(n) {
			t.Errorf("sent %d, want %d", got, n)
		}
		var left int
		db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM campaigns WHERE id = $1 AND audience_next IS NOT NULL`, c.ID).Scan(&left)
		if left != 0 {
			t.Errorf("the campaign is done with pages of its audience not written")
		}
		// Sending now includes writing the audience's pages (sealed,
		// checked, inserted) as the runner goes.
		fmt.Printf("RESULT sender-memory db=%s n=%d heap_peak_mb=%.0f sys_mb=%.0f ms=%d per_second=%.0f per_message_us=%.1f goal=≤100MB %s\n",
			name, n, sendHeap, pk.sys, took.Milliseconds(), float64(n)/took.Seconds(), float64(took.Microseconds())/float64(n), met(sendHeap <= 100))
	}
}

func result(what, db string, n int, took, base time.Duration, goalMS int64, extra string) {
	fmt.Printf("RESULT %s db=%s n=%d ms=%d baseline_ms=%d ratio=%.1f goal=≤%dms %s %s\n", what, db, n, took.Milliseconds(), base.Milliseconds(),
		float64(took)/float64(max(base, time.Microsecond)), goalMS, met(took.Milliseconds() <= goalMS), extra)
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT-met"
}

// noop is a sender that accepts every message at once.
type noop struct{ n *atomic.Int64 }

func (s noop) Send(_ context.Context, m dispatch.Message) (string, error) {
	return "noop-" + strconv.FormatInt(s.n.Add(1), 10), nil
}

// peak samples the heap in use every 20 ms while something runs.
type peak struct {
	done chan struct{}
	wg   sync.WaitGroup
	max  uint64
	sys  float64
}

func (p *peak) start() {
	p.done, p.max = make(chan struct{}), 0
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			p.max = max(p.max, ms.HeapInuse)
			p.sys = float64(ms.Sys) / (1 << 20)
			select {
			case <-p.done:
				return
			case <-tick.C:
			}
		}
	}()
}

// stop ends the sampling and returns the highest heap in use, in MB.
func (p *peak) stop() float64 {
	close(p.done)
	p.wg.Wait()
	return float64(p.max) / (1 << 20)
}

// fill writes n eligible subscribers of Cao Bằng straight into the table,
// sealed and indexed with the real keys as audience writes them, in
// multi-row INSERTs: a phone each (carrier kept), a name for three in
// five, an e-mail for one in five, a Zalo id for one in ten, groups at
// random.
func fill(t testing.TB, db *store.DB, keys *seal.Keys, n int) {
	if n > 10_000_000 {
		t.Fatal("at most 10 million subscribers")
	}
	cols := map[string]seal.Column{}
	for _, c := range audience.SealedColumns() {
		if c.Table == "subscribers" {
			cols[c.Name] = c
		}
	}
	names := []string{"Nguyễn Văn An", "Lê Thị Hồng Nhung", "Tran Van Ba", "Nông Thị Lan", "Hoàng Đức Minh"}
	groups := []string{`[]`, `["elderly"]`, `["students"]`, `["business","officials"]`}
	const per = 500 // rows per INSERT
	const colsPerRow = 15
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	rowsOf := func(from, to int) []any {
		rng := rand.New(rand.NewSource(int64(from)))
		args := make([]any, 0, (to-from)*colsPerRow)
		for i := from; i < to; i++ {
			phone := fmt.Sprintf("+849%d%07d", []int{8, 1, 0}[i%3], i%10_000_000)
			var email, zalo, name string
			if i%5 == 0 {
				email = fmt.Sprintf("nguoi%d@example.vn", i)
			}
			if i%10 == 1 {
				zalo = fmt.Sprintf("zl%d", i)
			}
			if rng.Intn(5) < 3 {
				name = names[rng.Intn(len(names))]
			}
			seal1 := func(col, v string) string {
				out, err := keys.Seal(cols[col].Where(), v)
				if err != nil {
					panic(err)
				}
				return out
			}
			index := func(v string) string {
				if v == "" {
					return ""
				}
				out, err := keys.Index(audience.NormalContact(v))
				if err != nil {
					panic(err)
				}
				return out
			}
			carrier := ""
			if c, ok := vn.CarrierOf(phone); ok {
				carrier = c.Code
			}
			kind := ""
			if zalo != "" {
				kind = "id"
			}
			args = append(args, seal1("phone", phone), seal1("email", email), seal1("zalo", zalo), seal1("name", name), index(phone), index(email), index(zalo),
				carrier, groups[rng.Intn(len(groups))], fmt.Sprintf("bench-%d", i), now, kind, "Cao Bằng", "bench", "import")
		}
		return args
	}
	var b strings.Builder
	b.WriteString(`INSERT INTO subscribers (phone, email, zalo, name, phone_index, email_index, zalo_index, carrier, groups, token, consent_at, zalo_kind, province, source, confirmed_channel,
		consent_basis, consent_text, created_at, updated_at, confirmed_at) VALUES `)
	for r := range per {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for c := range colsPerRow {
			fmt.Fprintf(&b, "$%d, ", r*colsPerRow+c+1)
		}
		fmt.Fprintf(&b, "'consent', 'bench', $%d, $%d, $%d)", r*colsPerRow+11, r*colsPerRow+11, r*colsPerRow+11)
	}
	full := b.String()
	// Two sealers, one writer.
	type chunk struct {
		from, to int
		args     []any
	}
	work := make(chan int)
	out := make(chan chunk, 8)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for from := range work {
				to := min(from+per, n)
				out <- chunk{from, to, rowsOf(from, to)}
			}
		}()
	}
	go func() {
		for from := 0; from < n; from += per {
			work <- from
		}
		close(work)
		wg.Wait()
		close(out)
	}()
	ctx := context.Background()
	tx, err := db.W.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	stmt, err := tx.PrepareContext(ctx, full)
	if err != nil {
		t.Fatal(err)
	}
	inTx := 0
	for ch := range out {
		q := stmt
		if ch.to-ch.from < per { // the last, shorter chunk
			end := strings.Index(full, fmt.Sprintf("($%d, ", (ch.to-ch.from)*colsPerRow+1))
			q2, err := tx.PrepareContext(ctx, strings.TrimSuffix(full[:end], ", "))
			if err != nil {
				t.Fatal(err)
			}
			q = q2
		}
		if _, err := q.ExecContext(ctx, ch.args...); err != nil {
			t.Fatal(err)
		}
		if inTx += ch.to - ch.from; inTx >= 50_000 {
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if tx, err = db.W.BeginTx(ctx, nil); err != nil {
				t.Fatal(err)
			}
			if stmt, err = tx.PrepareContext(ctx, full); err != nil {
				t.Fatal(err)
			}
			inTx = 0
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}
