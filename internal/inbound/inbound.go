// Package inbound answers checks that arrive as messages: "KT 0389000000"
// sent by SMS to the service number (a basic phone's way to the check) or
// written to the Zalo Official Account. It reads the message, asks the
// check (intel's Checker), composes one short unaccented answer that fits
// one GSM-7 part, meters each sender per day and counts every exchange.
//
// Nothing a person wrote is stored: the sender is kept only as a keyed
// hash beside the day's counts (for the meter and the once-a-day help
// line), and those rows go after 30 days; the statistics are counts per
// day, channel, kind and verdict.
package inbound

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/sms"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Checker is the check the answers come from (intel's Checker).
type Checker interface {
	Check(q string) intel.Answer
}

// Service answers inbound checks.
type Service struct {
	db    *store.DB
	check Checker
	clk   clock.Clock
	key   []byte

	// PerDay is how many checks a sender gets answered a day (default
	// 10); beyond, checks are counted and not answered.
	PerDay int
	// Number is the service number shown in the help line ("" leaves it out).
	Number string

	mu     sync.Mutex
	purged string // the day the old sender rows were last removed
}

// New makes the service; key keys the senders' hashes.
func New(db *store.DB, check Checker, clk clock.Clock, key []byte) *Service {
	return &Service{db: db, check: check, clk: clk, key: key, PerDay: 10}
}

// Keep is how long a sender's hashed rows are kept.
const Keep = 30 * 24 * time.Hour

// Kinds of exchange, as counted.
const (
	KindCheck   = "check"      // answered with a verdict
	KindHelp    = "help"       // not a check: answered with the help line
	KindSilent  = "silent"     // not a check, help already given today
	KindLimited = "limited"    // a check beyond the day's limit: not answered
	KindNoQR    = "unreadable" // a picture with no readable QR code
)

// NoQR is the answer to a picture in which no QR code could be read.
const NoQR = "Canh Giac: khong doc duoc ma QR - hay chup thang, du sang, ma nam tron trong khung, roi gui lai. Hoac nhan: KT <so, link hoac tai khoan>."

// Unreadable meters and counts a picture in which no QR code could be
// read, as a check; within the day's limit it is answered with NoQR.
func (s *Service) Unreadable(ctx context.Context, channel, from string) (Exchange, error) {
	now := s.clk.Now()
	day := now.In(vn.Zone).Format(time.DateOnly)
	var n int
	if err := s.db.W.QueryRowContext(ctx, `INSERT INTO inbound_senders (channel, sender_hash, day, checks) VALUES ($1, $2, $3, 1)
		ON CONFLICT (channel, sender_hash, day) DO UPDATE SET checks = inbound_senders.checks + 1 RETURNING checks`, channel, s.hash(channel, from), day).Scan(&n); err != nil {
		return Exchange{}, fmt.Errorf("inbound check: meter: %w", err)
	}
	ex := Exchange{Kind: KindLimited}
	if n <= s.perDay() {
		ex = Exchange{Kind: KindNoQR, Reply: NoQR}
	}
	return ex, s.count(ctx, day, channel, ex)
}

func (s *Service) count(ctx context.Context, day, channel string, ex Exchange) error {
	if _, err := s.db.W.ExecContext(ctx, `INSERT INTO inbound_stats (day, channel, kind, verdict, count) VALUES ($1, $2, $3, $4, 1)
		ON CONFLICT (day, channel, kind, verdict) DO UPDATE SET count = inbound_stats.count + 1`, day, channel, ex.Kind, ex.Verdict); err != nil {
		return fmt.Errorf("inbound check: statistics: %w", err)
	}
	return nil
}

// Parse reads a message: the query after the keyword KT (or "KIEM TRA",
// any case, accents or not), and whether it is a check at all.
func Parse(text string) (string, bool) {
	t := strings.TrimSpace(sms.Unaccent(text))
	up := strings.ToUpper(t)
	for _, kw := range []string{"KIEM TRA", "KIEMTRA", "KT"} {
		if rest, ok := strings.CutPrefix(up, kw); ok {
			if rest != "" && !strings.ContainsAny(rest[:1], " :.,-\t\n") {
				continue // "KTX…" is not the keyword
			}
			q := strings.Trim(t[len(kw):], " :.,-\t\n")
			return q, q != ""
		}
	}
	return "", false
}

// Exchange is what Handle did with one message.
type Exchange struct {
	Kind    string // one of the Kind constants
	Verdict string // for a check: scam, suspicious, unknown, invalid
	Reply   string // the answer to send; "" sends nothing
}

// Handle takes one message from a sender on a channel ("sms", "zalo"),
// meters and counts it, and returns the answer to send, if any.
func (s *Service) Handle(ctx context.Context, channel, from, text string) (Exchange, error) {
	now := s.clk.Now()
	day := now.In(vn.Zone).Format(time.DateOnly)
	s.purge(ctx, now)
	who := s.hash(channel, from)
	q, isCheck := Parse(text)
	if !isCheck && channel != "sms" {
		// In a chat people paste what they doubt without the keyword.
		if t := strings.TrimSpace(text); t != "" && verdictOf(s.check.Check(t)) != "invalid" {
			q, isCheck = t, true
		}
	}
	var ex Exchange
	if !isCheck {
		var helped int
		err := s.db.W.QueryRowContext(ctx, `INSERT INTO inbound_senders (channel, sender_hash, day, helped) VALUES ($1, $2, $3, 1)
			ON CONFLICT (channel, sender_hash, day) DO UPDATE SET helped = inbound_senders.helped + 1 RETURNING helped`, channel, who, day).Scan(&helped)
		if err != nil {
			return ex, fmt.Errorf("inbound check: meter: %w", err)
		}
		ex.Kind = KindSilent
		if helped == 1 {
			ex.Kind, ex.Reply = KindHelp, s.Help()
		}
	} else {
		var n int
		err := s.db.W.QueryRowContext(ctx, `INSERT INTO inbound_senders (channel, sender_hash, day, checks) VALUES ($1, $2, $3, 1)
			ON CONFLICT (channel, sender_hash, day) DO UPDATE SET checks = inbound_senders.checks + 1 RETURNING checks`, channel, who, day).Scan(&n)
		if err != nil {
			return ex, fmt.Errorf("inbound check: meter: %w", err)
		}
		if n > s.perDay() {
			ex.Kind = KindLimited
		} else {
			a := s.check.Check(q)
			ex.Kind, ex.Verdict, ex.Reply = KindCheck, verdictOf(a), Compose(q, a)
		}
	}
	return ex, s.count(ctx, day, channel, ex)
}

func (s *Service) perDay() int {
	if s.PerDay <= 0 {
		return 10
	}
	return s.PerDay
}

func (s *Service) hash(channel, from string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(channel + "\x00" + strings.TrimSpace(from)))
	return hex.EncodeToString(m.Sum(nil))
}

// purge removes the sender rows older than Keep, once a day.
func (s *Service) purge(ctx context.Context, now time.Time) {
	day := now.In(vn.Zone).Format(time.DateOnly)
	s.mu.Lock()
	done := s.purged == day
	s.purged = day
	s.mu.Unlock()
	if !done {
		_ = s.Purge(ctx, now) // retried tomorrow; a failure here must not stop an answer
	}
}

// Purge removes the hashed sender rows older than Keep.
func (s *Service) Purge(ctx context.Context, now time.Time) error {
	cut := now.Add(-Keep).In(vn.Zone).Format(time.DateOnly)
	if _, err := s.db.W.ExecContext(ctx, `DELETE FROM inbound_senders WHERE day < $1`, cut); err != nil {
		return fmt.Errorf("inbound check: purge: %w", err)
	}
	return nil
}

// Count is one line of the statistics.
type Count struct {
	Day, Channel, Kind, Verdict string
	Count                       int
}

// Stats lists the counts from day from (YYYY-MM-DD) on.
func (s *Service) Stats(ctx context.Context, from string) ([]Count, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT day, channel, kind, verdict, count FROM inbound_stats WHERE day >= $1 ORDER BY day, channel, kind, verdict`, from)
	if err != nil {
		return nil, fmt.Errorf("inbound statistics: %w", err)
	}
	defer rows.Close()
	var out []Count
	for rows.Next() {
		var c Count
		if err := rows.Scan(&c.Day, &c.Channel, &c.Kind, &c.Verdict, &c.Count); err != nil {
			return nil, fmt.Errorf("inbound statistics: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func verdictOf(a intel.Answer) string {
	if a.Normalized == "" && a.Reason != "" {
		return "invalid"
	}
	return a.Verdict
}

const (
	brand    = "Canh Giac: "
	hotline  = " Bao 113 hoac 156."
	maxUnits = 160
)

// Help is the one-line help answer.
func (s *Service) Help() string {
	to := ""
	if s.Number != "" {
		to = " gui " + s.Number
	}
	return fit(brand+"de kiem tra so dien thoai, link hoac tai khoan, nhan KT <noi dung>"+to+". Vd: KT 0389000000."+hotline, "")
}

// Compose is the answer to a check: the verdict and the hotline, in one
// GSM-7 part (unaccented; the query shortened when it would not fit).
func Compose(q string, a intel.Answer) string {
	shown := a.Display
	if shown == "" {
		shown = q
	}
	var tail string
	switch {
	case verdictOf(a) == "invalid":
		return fit(brand+"khong doc duoc \"%s\" la so, link hay tai khoan. Nhan: KT 0389000000 hoac KT link."+hotline, q)
	case a.Verdict == "scam":
		tail = " DA BI TO GIAC LUA DAO. Khong chuyen tien, khong doc ma OTP."
	case a.Verdict == "suspicious" && a.Lookalike != nil:
		tail = " GIA MAO " + a.Lookalike.Brand + ", trang that: " + a.Lookalike.Official + ". Khong nhap mat khau, OTP."
	case a.Verdict == "suspicious":
		tail = " CO TO GIAC, NGHI LUA DAO. Khong chuyen tien, khong doc ma OTP."
	case a.Shortener:
		tail = " la link rut gon, chua biet dan toi dau. Dung bam neu khong ro nguon."
	default:
		tail = " CHUA CO TO GIAC. Chua chac an toan: khong chuyen tien cho nguoi la."
	}
	return fit(brand+"%s"+tail+hotline, shown)
}

// fit fills %s in format with arg, shortened so the whole is one GSM-7
// part; everything unaccented and anything outside GSM-7 replaced.
func fit(format, arg string) string {
	format, arg = gsm(format), gsm(arg)
	if !strings.Contains(format, "%s") {
		return format
	}
	for r := []rune(arg); ; r = r[:len(r)-1] {
		a := string(r)
		if len(r) < len([]rune(arg)) {
			a += "..."
		}
		out := strings.Replace(format, "%s", a, 1)
		if info := sms.Analyze(out); info.Encoding == sms.GSM7 && info.Units <= maxUnits || len(r) == 0 {
			return out
		}
	}
}

// gsm makes text GSM-7: unaccented, and any other character outside the
// alphabet replaced by "-".
func gsm(s string) string {
	s = sms.Unaccent(s)
	var b strings.Builder
	for _, r := range s {
		if sms.Analyze(string(r)).Encoding != sms.GSM7 {
			r = '-'
		}
		b.WriteRune(r)
	}
	return b.String()
}
