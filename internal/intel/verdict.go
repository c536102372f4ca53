package intel

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/intel/index"
	"github.com/canhgiac/canhgiac/internal/store"
)

// Verdicts need evidence. A report is kept and counted, but what the public
// and partners are told moves only when the evidence is enough:
//
//   - suspicious: reports from at least SuspiciousReporters distinct
//     reporters (a different network address AND a different device), or
//     one report through a partner's key;
//   - scam: an analyst's verification;
//   - a protected (official) indicator earns nothing from reports, only
//     from a decision.
//
// The level is decided here, when a report or a decision changes the
// indicator, and stored with it: the change log carries the level to every
// instance's index and the feeds read it, so every instance and every
// partner sees the same verdict whatever its own configuration.

// Defaults of the evidence rules.
const (
	DefaultSuspiciousReporters    = 3
	DefaultMaxIndicatorsPerTip    = 20
	DefaultMaxIndicatorsPerReport = 50
)

// newReporterKey is the key of a service nobody configured (tests, tools):
// random, so hashes are still keyed, but they last only this process.
func newReporterKey() []byte {
	k := make([]byte, 32)
	rand.Read(k)
	return k
}

// reporterHash keeps a reporter's address or device only as an HMAC with a
// key held outside the database: the stored value cannot be reversed by
// trying every IPv4 address. The label keeps an address and a device with
// the same text apart.
func (s *Service) reporterHash(label, value string) string {
	m := hmac.New(sha256.New, s.ReporterKey)
	m.Write([]byte(label))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// addressHash is the reporter hash of the network an address belongs to:
// its /24 for IPv4, its /64 for IPv6. One person easily holds several
// addresses of one network (a home router's IPv6 block, a few hosts in a
// rented range), so reports from one network count as one reporter, and
// share one hourly limit. A text that is no address is hashed as it is.
func (s *Service) addressHash(ip string) string {
	return s.reporterHash("address", reporterNetwork(ip))
}

func reporterNetwork(ip string) string {
	a, err := netip.ParseAddr(strings.TrimSpace(ip))
	if err != nil {
		return ip
	}
	a = a.WithZone("").Unmap()
	bits := 64
	if a.Is4() {
		bits = 24
	}
	p, err := a.Prefix(bits)
	if err != nil {
		return ip
	}
	return p.String()
}

// DeviceCookie is a new value of the portal's device cookie: a random id
// and its HMAC under the reporter key, so the server recognises the ids it
// issued and nobody can make up one device per tip.
func (s *Service) DeviceCookie() string {
	var b [16]byte
	rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	return id + "." + s.deviceTag(id)
}

// DeviceOf is the device id a cookie carries, or "" when the cookie was
// not issued by this server (a made-up or an older unsigned id): such a
// tip counts with every tip sent without a device.
func (s *Service) DeviceOf(cookie string) string {
	id, tag, ok := strings.Cut(cookie, ".")
	if !ok || len(id) != 32 {
		return ""
	}
	if _, err := hex.DecodeString(id); err != nil {
		return ""
	}
	if !hmac.Equal([]byte(tag), []byte(s.deviceTag(id))) {
		return ""
	}
	return id
}

func (s *Service) deviceTag(id string) string {
	return s.reporterHash("device cookie", id)
}

// restate recounts an indicator's evidence from its reports, decides its
// level and appends it to the change log. Every write that touches an
// indicator's reports or decision ends here.
func (s *Service) restate(ctx context.Context, tx *sql.Tx, id int64, now time.Time) error {
	var kind, key string
	var verified, rejected bool
	if err := tx.QueryRowContext(ctx, `SELECT kind, key, verified, rejected FROM indicators WHERE id = $1`, id).Scan(&kind, &key, &verified, &rejected); err != nil {
		return fmt.Errorf("indicator %d: %w", id, err)
	}
	protected, err := isProtected(ctx, tx, kind, key)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT t.ip_hash, t.device_hash, t.partner FROM tips t JOIN tip_indicators ti ON ti.tip_id = t.id
		WHERE ti.indicator_id = $1 AND t.status <> 'merged' LIMIT 2000`, id)
	if err != nil {
		return fmt.Errorf("indicator %d: reporters: %w", id, err)
	}
	var pairs [][2]string
	partners := map[string]bool{}
	for rows.Next() {
		var ip, dev, partner string
		if err := rows.Scan(&ip, &dev, &partner); err != nil {
			rows.Close()
			return err
		}
		if partner != "" {
			partners[partner] = true
			continue
		}
		pairs = append(pairs, [2]string{ip, dev})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	reporters := distinctReporters(pairs)
	level := 0
	switch {
	case verified:
		level = int(index.Scam)
	case rejected, protected:
		// A protected indicator waits for a decision (see protectedDecision).
	case len(partners) > 0 || reporters >= s.SuspiciousReporters:
		level = int(index.Suspicious)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE indicators SET reporters = $1, partner_reports = $2, protected = $3, level = $4, listed = (listed OR $5), updated_at = $6 WHERE id = $7`,
		reporters, len(partners), protected, level, level > 0, now, id); err != nil {
		return fmt.Errorf("indicator %d: restate: %w", id, err)
	}
	return logChange(ctx, s.db, tx, id, now)
}

// distinctReporters is the largest number of reports that differ pairwise
// in address AND in device: a maximum matching between addresses and
// devices (augmenting paths; the sets are a few reports each). Three
// reports from one address count one, so do three addresses behind one
// browser.
func distinctReporters(pairs [][2]string) int {
	devicesOf := map[string][]string{}
	var addrs []string
	for _, p := range pairs {
		if _, ok := devicesOf[p[0]]; !ok {
			addrs = append(addrs, p[0])
		}
		devicesOf[p[0]] = append(devicesOf[p[0]], p[1])
	}
	owner := map[string]string{} // device → the address matched to it
	var augment func(addr string, seen map[string]bool) bool
	augment = func(addr string, seen map[string]bool) bool {
		for _, d := range devicesOf[addr] {
			if seen[d] {
				continue
			}
			seen[d] = true
			if o, taken := owner[d]; !taken || augment(o, seen) {
				owner[d] = addr
				return true
			}
		}
		return false
	}
	n := 0
	for _, a := range addrs {
		if augment(a, map[string]bool{}) {
			n++
		}
	}
	return n
}

// isProtected reports whether an indicator is in the registry of official
// ones: the same key, or for a link a host equal to or under a protected
// domain.
func isProtected(ctx context.Context, q store.Querier, kind, key string) (bool, error) {
	keys := []string{key}
	if kind == "url" {
		keys = domainsOf(urlHost(key))
	}
	args := []any{kind}
	ph := make([]string, len(keys))
	for i, k := range keys {
		args = append(args, k)
		ph[i] = fmt.Sprintf("$%d", i+2)
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM protected_indicators WHERE kind = $1 AND key IN (`+strings.Join(ph, ", ")+`)`, args...).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("protected indicators: %w", err)
	}
	return n > 0, nil
}

// urlHost is the host of a link's key ("host/path/").
func urlHost(key string) string {
	host, _, _ := strings.Cut(key, "/")
	return host
}

// domainsOf lists a host and every domain above it with at least two
// labels: www.vietcombank.com.vn → itself, vietcombank.com.vn, com.vn.
func domainsOf(host string) []string {
	out := []string{host}
	for {
		i := strings.IndexByte(host, '.')
		if i < 0 || strings.IndexByte(host[i+1:], '.') < 0 {
			return out
		}
		host = host[i+1:]
		out = append(out, host)
	}
}
