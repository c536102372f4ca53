// Package intel owns citizens' scam reports (tố giác), the indicators they
// name (phone numbers, links, bank accounts, social accounts, wallets) in
// their normal forms, the analysts' decisions, and the check service that
// answers "is this a scam?" from an in-memory index kept current from a
// change log. It keeps its own SQL; normalize and index are its libraries.
// It does not know about HTTP.
package intel

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel/index"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
	"github.com/canhgiac/canhgiac/internal/seal"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Service takes reports, records decisions and answers checks.
type Service struct {
	db      *store.DB
	clock   clock.Clock
	checker *Checker
	keys    *seal.Keys // seals contacts (sealed.go)
	// MaxTipsPerHour limits reports from one address.
	MaxTipsPerHour int
	// ReporterKey keys the hashes of reporters' addresses and devices; it
	// is kept outside the database (see app.ReporterKey). NewService sets
	// a random one that lasts the process.
	ReporterKey []byte
	// SuspiciousReporters is how many distinct reporters make an indicator
	// suspicious without a partner's report or an analyst.
	SuspiciousReporters int
	// MaxIndicatorsPerTip and MaxIndicatorsPerReport cap the indicators of
	// a citizen's tip and of one partner report.
	MaxIndicatorsPerTip, MaxIndicatorsPerReport int
	// National says whether a unit is at the national level (no unit above
	// it); only the national level edits the protected indicators. Unset,
	// only the system actor may.
	National func(ctx context.Context, unitID int64) (bool, error)
	// MaxRemovalsPerContact limits removal requests from one contact a day.
	MaxRemovalsPerContact int
	// AreaOf returns the provinces in which the analyst in ctx reviews
	// tips (area.go); app wires it to org.Service.AreaOf.
	AreaOf func(ctx context.Context) (Area, error)
}

// NewService returns the service; its checker must be loaded (Load).
func NewService(db *store.DB, clk clock.Clock) *Service {
	return &Service{db: db, clock: clk, checker: newChecker(db), MaxTipsPerHour: 10, ReporterKey: newReporterKey(),
		SuspiciousReporters: DefaultSuspiciousReporters, MaxIndicatorsPerTip: DefaultMaxIndicatorsPerTip, MaxIndicatorsPerReport: DefaultMaxIndicatorsPerReport, MaxRemovalsPerContact: 5}
}

// Clock is the clock the service dates reports and decisions by.
func (s *Service) Clock() clock.Clock { return s.clock }

// WithClock returns the service dating what it records by another clock,
// sharing everything else (the database, the check index, the keys): the
// demo files its reports as if received over the past weeks.
func (s *Service) WithClock(clk clock.Clock) *Service {
	c := *s
	c.clock = clk
	return &c
}

// Checker returns the check index.
func (s *Service) Checker() *Checker { return s.checker }

// TipInput is what a citizen sends.
type TipInput struct {
	Indicators  []string // as typed: numbers, links, accounts
	Tactic      string
	HappenedOn  string
	MoneyLost   string
	Description string
	Province    string
	Commune     string // xã, phường: today's name or an old one (with its old district when ambiguous)
	Contact     string
	Consent     bool
	Website     string // honeypot: people do not see this field, robots fill it
	IP          string // the sender's network address
	Device      string // the portal's long-lived device cookie; "" without one
	Partner     string // the prefix of the partner's API key; "" for a citizen
	// PartnerProvince is the province of the partner's unit ("" for a
	// citizen or a national partner): its analysts see the report too.
	PartnerProvince string
}

// Tip is a stored report as its author may see it.
type Tip struct {
	ID        int64
	Code      string
	Status    string // new, need_info, verified, rejected, merged
	Outcome   string
	Question  string // what the analyst asked for, while need_info
	MergedTo  string // the code of the report this one was merged into
	CreatedAt time.Time
	Items     []TipItem
	Additions []Addition
}

// TipItem is one indicator of a tip.
type TipItem struct {
	Raw, Kind, Display string
	Verified, Rejected bool
}

// Submit stores a citizen's or a partner's report with its indicators in
// their normal forms; each indicator counts one more report, its evidence
// is recounted (restate) and it enters the change log.
func (s *Service) Submit(ctx context.Context, in TipInput) (*Tip, error) {
	v := errs.NewInvalid()
	if strings.TrimSpace(in.Website) != "" {
		return nil, errs.InvalidField("website", "Không gửi được: biểu mẫu có dấu hiệu được điền tự động.")
	}
	if err := s.checkCap(in); err != nil {
		return nil, err
	}
	tipLengths(v, &in)
	var items []normalize.Result
	var raws []string
	seen := map[string]bool{}
	for _, raw := range in.Indicators {
		if raw = strings.TrimSpace(raw); raw == "" {
			continue
		}
		r := normalize.Detect(raw)
		if r.Kind == normalize.KindInvalid {
			v.Fieldf("indicators", "“%s”: %s", raw, r.Reason)
			continue
		}
		if k := string(r.Kind) + " " + key(r); !seen[k] { // one report counts once per indicator
			seen[k] = true
			items, raws = append(items, r), append(raws, raw)
		}
	}
	if len(items) == 0 && !v.Has("indicators") {
		v.Field("indicators", "Vui lòng ghi ít nhất một số điện thoại, đường link hoặc tài khoản ngân hàng của kẻ lừa đảo.")
	}
	money := int64(0)
	if t := strings.NewReplacer(".", "", " ", "", ",", "", "đ", "", "VND", "").Replace(strings.TrimSpace(in.MoneyLost)); t != "" {
		if _, err := fmt.Sscan(t, &money); err != nil || money < 0 {
			v.Field("money_lost", "Số tiền bị mất ghi bằng chữ số, ví dụ 15.000.000.")
		}
	}
	happened := ""
	if strings.TrimSpace(in.HappenedOn) != "" {
		if t, err := vn.ParseDate(in.HappenedOn); err != nil {
			v.Field("happened_on", err.Error())
		} else {
			happened = vn.ISODate(t)
		}
	}
	if err := s.knownTactic(ctx, v, &in); err != nil {
		return nil, err
	}
	if p := strings.TrimSpace(in.Province); p != "" {
		if name, ok := vn.Province(p); ok {
			in.Province = name
		} else {
			v.Fieldf("province", "Không nhận ra tỉnh, thành phố “%s”: chọn một trong 34 tỉnh, thành phố (từ 01/07/2025) hoặc để trống.", p)
		}
	}
	if c := strings.TrimSpace(in.Commune); c != "" {
		switch {
		case in.Province == "":
			v.Field("commune", "Hãy chọn tỉnh, thành phố trước khi ghi xã, phường.")
		default:
			if com, ok := vn.CommuneByName(in.Province, c); ok {
				in.Commune = com.Name
			} else {
				v.Fieldf("commune", "Không tìm thấy xã, phường “%s” thuộc %s. Ghi tên từ 01/07/2025 (ví dụ “Phường Thục Phán”), hoặc tên cũ kèm huyện cũ (ví dụ “Phường 12, Quận Gò Vấp”), hoặc để trống.", c, in.Province)
			}
		}
	}
	in.Contact = strings.TrimSpace(in.Contact)
	if in.Contact != "" && !in.Consent {
		v.Field("consent", "Nếu để lại liên hệ, vui lòng đánh dấu đồng ý để cơ quan chức năng liên lạc với bạn.")
	}
	if len([]rune(in.Description)) > 5000 {
		v.Field("description", "Phần mô tả dài quá 5.000 ký tự.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	ipHash, deviceHash := s.addressHash(in.IP), s.reporterHash("device", in.Device)
	if in.Partner != "" {
		// A partner is metered by its key's quota, and known by the key.
		ipHash, deviceHash = s.reporterHash("partner", in.Partner), ""
	} else {
		var n int
		if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM tips WHERE ip_hash = $1 AND created_at > $2`, ipHash, now.Add(-time.Hour)).Scan(&n); err != nil {
			return nil, fmt.Errorf("tip: rate: %w", err)
		}
		if n >= s.MaxTipsPerHour {
			return nil, errs.TooMany("Bạn đã gửi nhiều tố giác trong một giờ qua; vui lòng thử lại sau.", "Too many reports from this address; try later.")
		}
	}
	contact, err := s.sealTipContact(in.Contact)
	if err != nil {
		return nil, err
	}
	description, err := s.sealText(tipDescription, "description", strings.TrimSpace(in.Description))
	if err != nil {
		return nil, err
	}
	tip := &Tip{Code: newCode(), Status: "new", CreatedAt: now}
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO tips (code, tactic, happened_on, money_lost, description, province, commune, contact, consent, ip_hash, device_hash, partner, partner_province, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`, tip.Code, in.Tactic, happened, money, description,
			in.Province, in.Commune, contact, in.Consent, ipHash, deviceHash, in.Partner, in.PartnerProvince, now).Scan(&tip.ID); err != nil {
			return err
		}
		for i, r := range items {
			id, err := s.upsertIndicator(ctx, tx, r, in.Tactic, now)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO tip_indicators (tip_id, indicator_id, raw) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, tip.ID, id, raws[i]); err != nil {
				return err
			}
			if err := s.restate(ctx, tx, id, now); err != nil {
				return err
			}
			tip.Items = append(tip.Items, TipItem{Raw: raws[i], Kind: string(r.Kind), Display: display(r)})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("tip: %w", err)
	}
	return tip, nil
}

// checkCap refuses a report naming more indicators than its cap, before
// any of them is read: one request must not flag thousands at once.
func (s *Service) checkCap(in TipInput) error {
	n := 0
	for _, raw := range in.Indicators {
		if strings.TrimSpace(raw) != "" {
			n++
		}
	}
	limit := s.MaxIndicatorsPerTip
	if in.Partner != "" {
		limit = s.MaxIndicatorsPerReport
	}
	if n <= limit {
		return nil
	}
	return errs.InvalidField("indicators", fmt.Sprintf("Mỗi tố giác ghi tối đa %d số điện thoại, đường link hoặc tài khoản; bạn đã ghi %d. Hãy giữ những chỉ dấu chính (mỗi dòng một chỉ dấu) hoặc gửi thành nhiều tố giác.", limit, n))
}

// key is an indicator's index key: the phone's digits, or for a link its
// host and path without the query (so every URL under it matches).
func key(r normalize.Result) string {
	switch r.Kind {
	case normalize.KindPhone:
		return fmt.Sprint(r.Phone)
	case normalize.KindURL:
		k := r.Normalized
		if i := strings.Index(k, "://"); i >= 0 {
			k = k[i+3:]
		}
		if i := strings.IndexByte(k, '?'); i >= 0 {
			k = k[:i]
		}
		// Stored as a prefix ("host/path/") so every page under the path
		// matches; Check tries each path both with and without the slash.
		if !strings.HasSuffix(k, "/") {
			k += "/"
		}
		return k
	}
	return r.Normalized
}

func display(r normalize.Result) string { return r.Normalized }

func (s *Service) upsertIndicator(ctx context.Context, tx *sql.Tx, r normalize.Result, tactic string, now time.Time) (int64, error) {
	var id int64
	var tactics string
	err := tx.QueryRowContext(ctx, `SELECT id, tactics FROM indicators WHERE kind = $1 AND key = $2`, string(r.Kind), key(r)).Scan(&id, &tactics)
	if err == sql.ErrNoRows {
		err = tx.QueryRowContext(ctx, `INSERT INTO indicators (kind, key, display, tactics, updated_at) VALUES ($1, $2, $3, '[]', $4) RETURNING id`,
			string(r.Kind), key(r), display(r), now).Scan(&id)
		tactics = "[]"
	}
	if err != nil {
		return 0, err
	}
	var ts []string
	json.Unmarshal([]byte(tactics), &ts)
	if tactic != "" && !contains(ts, tactic) {
		ts = append(ts, tactic)
	}
	b, _ := json.Marshal(ts)
	if _, err := tx.ExecContext(ctx, `UPDATE indicators SET reports = reports + 1, tactics = $1, updated_at = $2 WHERE id = $3`, string(b), now, id); err != nil {
		return 0, err
	}
	return id, nil
}

// logChange appends to the change log and stamps the indicator with its
// sequence, which the check index follows.
func logChange(ctx context.Context, db *store.DB, tx *sql.Tx, id int64, now time.Time) error {
	var seq int64
	if db.Dialect == store.Postgres {
		// Sequences are handed out in call order but become visible in commit
		// order: without this lock a reader could see seq 101 before 100
		// commits, move past it and never apply 100. The lock is held to
		// commit, so change-log writers commit in sequence order.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7429001)`); err != nil {
			return err
		}
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO indicator_changes (indicator_id, at) VALUES ($1, $2) RETURNING seq`, id, now).Scan(&seq); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE indicators SET seq = $1 WHERE id = $2`, seq, id)
	return err
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// newCode is a tracking code people can read out: "TG-" and 8 characters.
func newCode() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	var b [8]byte
	rand.Read(b[:])
	out := []byte("TG-")
	for _, x := range b {
		out = append(out, alphabet[int(x)%len(alphabet)])
	}
	return string(out)
}

// TipByCode is the report's page for its author.
func (s *Service) TipByCode(ctx context.Context, code string) (*Tip, error) {
	t := &Tip{}
	var merged sql.NullString
	err := s.db.R.QueryRowContext(ctx, `SELECT t.id, t.code, t.status, t.outcome, t.question, t.created_at, m.code FROM tips t LEFT JOIN tips m ON m.id = t.merged_into WHERE t.code = $1`,
		strings.ToUpper(strings.TrimSpace(code))).Scan(&t.ID, &t.Code, &t.Status, &t.Outcome, &t.Question, &t.CreatedAt, &merged)
	if err != nil {
		return nil, errs.NotFound("Không có tố giác với mã này; vui lòng kiểm tra lại mã theo dõi.", "No report with this code.")
	}
	t.MergedTo = merged.String
	if t.Additions, err = s.additions(ctx, t.ID); err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT ti.raw, i.kind, i.display, i.verified, i.rejected FROM tip_indicators ti JOIN indicators i ON i.id = ti.indicator_id WHERE ti.tip_id = $1`, t.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var it TipItem
		if err := rows.Scan(&it.Raw, &it.Kind, &it.Display, &it.Verified, &it.Rejected); err != nil {
			return nil, err
		}
		t.Items = append(t.Items, it)
	}
	return t, rows.Err()
}

// Pending is one indicator waiting for an analyst, with its reports and
// the evidence counted from them — which only analysts see.
type Pending struct {
	ID        int64
	Kind      string
	Display   string
	Reports   int // reports naming it
	Reporters int // distinct reporters among them (address and device)
	Partners  int // partners that reported it
	Protected bool
	Level     int // what the public is told: 0 unknown, 1 suspicious
	Tactics   []string
	Verified  bool
	Tips      []PendingTip // those within the analyst's area
	Proposal  *Proposal    // a protected indicator's first decision, waiting for a second analyst
}

// Public is the answer the public gets for it today, in words.
func (p Pending) Public() string {
	if p.Level >= int(index.Suspicious) {
		return "có dấu hiệu lừa đảo (đã cảnh báo)"
	}
	return "chưa có thông tin (chưa cảnh báo)"
}

// PendingTip is a report about a pending indicator.
type PendingTip struct {
	ID          int64
	Code        string
	Status      string // new or need_info
	Question    string
	Additions   []Addition
	HappenedOn  string
	MoneyLost   int64
	Description string
	Province    string
	Commune     string
	CreatedAt   time.Time
}

// Queue lists indicators reported and not yet decided, each with all the
// reports about it: first those the public is already warned about (they
// wait for confirmation), then the most recently reported — so a single
// new report is seen, not buried under older, busier ones.
func (s *Service) Queue(ctx context.Context) ([]Pending, error) {
	q, _, err := s.QueuePage(ctx, QueueFilter{})
	return q, err
}

// fillPending adds to each pending indicator its reports within the
// analyst's area (the others are another province's citizens), their
// additions, and a protected indicator's waiting proposal.
func (s *Service) fillPending(ctx context.Context, ar Area, out []Pending) error {
	tin, tinArgs := ar.tipClause(2)
	for i := range out {
		trs, err := s.db.R.QueryContext(ctx, `SELECT t.id, t.code, t.status, t.question, t.happened_on, t.money_lost, t.description, t.province, t.commune, t.created_at FROM tips t
			JOIN tip_indicators ti ON ti.tip_id = t.id WHERE ti.indicator_id = $1 AND `+tin+` ORDER BY t.created_at DESC LIMIT 20`, append([]any{out[i].ID}, tinArgs...)...)
		if err != nil {
			return err
		}
		for trs.Next() {
			var t PendingTip
			if err := trs.Scan(&t.ID, &t.Code, &t.Status, &t.Question, &t.HappenedOn, &t.MoneyLost, &t.Description, &t.Province, &t.Commune, &t.CreatedAt); err != nil {
				trs.Close()
				return err
			}
			if t.Description, err = s.openText(tipDescription, t.Description); err != nil {
				trs.Close()
				return fmt.Errorf("tip %s: %w", t.Code, err)
			}
			out[i].Tips = append(out[i].Tips, t)
		}
		trs.Close()
		for j := range out[i].Tips {
			if out[i].Tips[j].Additions, err = s.additions(ctx, out[i].Tips[j].ID); err != nil {
				return err
			}
		}
		if out[i].Protected {
			if out[i].Proposal, err = s.proposal(ctx, s.db.R, out[i].ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// Decide verifies or rejects an indicator; the reports about it learn the
// outcome, the change log takes it to every instance's index, and the
// decision is audited. The analyst must be of a province where the
// indicator was reported (area.go). A protected (official) indicator is
// decided through protectedDecision: the first analyst's decision is
// Proposed, a second analyst's makes it Decided.
func (s *Service) Decide(ctx context.Context, id int64, verify bool, note string) (Outcome, error) {
	if err := noteLength("note", "Ghi chú", note); err != nil {
		return 0, err
	}
	a, ar, err := s.reviewer(ctx)
	if err != nil {
		return 0, err
	}
	now := s.clock.Now()
	status, outcome := "rejected", "Chưa đủ căn cứ xác định lừa đảo."
	if verify {
		status, outcome = "verified", "Đã xác minh: đây là lừa đảo. Cảm ơn bạn đã tố giác."
	}
	if n := strings.TrimSpace(note); n != "" {
		outcome += " " + n
	}
	result := Decided
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		result = Decided
		var display, kind, key string
		if err := tx.QueryRowContext(ctx, `SELECT display, kind, key FROM indicators WHERE id = $1`, id).Scan(&display, &kind, &key); err != nil {
			return errs.NotFound("Không có chỉ dấu này.", "No such indicator.")
		}
		if err := checkDecision(ctx, tx, ar, id, "quyết định tố giác này"); err != nil {
			return err
		}
		protected, err := isProtected(ctx, tx, kind, key)
		if err != nil {
			return err
		}
		if protected {
			confirmed, err := s.protectedDecision(ctx, tx, a, id, display, verify, note, now)
			if err != nil {
				return err
			}
			if !confirmed {
				result = Proposed
				return nil
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE indicators SET verified = $1, rejected = $2, updated_at = $3 WHERE id = $4`, verify, !verify, now, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tips SET status = $1, outcome = $2, decided_at = $3 WHERE status IN ('new', 'need_info') AND id IN (SELECT tip_id FROM tip_indicators WHERE indicator_id = $4)`,
			status, outcome, now, id); err != nil {
			return err
		}
		if err := s.restate(ctx, tx, id, now); err != nil {
			return err
		}
		action := "tip.reject"
		if verify {
			action = "tip.verify"
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: action, Entity: "indicator", EntityKey: display, UnitID: a.UnitID,
			Summary: fmt.Sprintf("%s: %s", map[bool]string{true: "Xác minh lừa đảo", false: "Bác bỏ"}[verify], display)}, nil, map[string]any{"note": note, "protected": protected})
	})
	if err != nil {
		return 0, err
	}
	return result, nil
}

// Outcome is what a decision did.
type Outcome int

const (
	// Decided: the decision took effect.
	Decided Outcome = iota + 1
	// Proposed: the indicator is protected; the decision waits for a
	// second analyst to confirm it.
	Proposed
)

// knownTactic keeps a report's tactic only if it is one of the list people
// choose from (by its code, or its name as the list writes it); anything
// else is refused in words, the rest of the form kept. A free text would
// otherwise reach the public statistics as a row of its own.
func (s *Service) knownTactic(ctx context.Context, v *errs.Invalid, in *TipInput) error {
	t := strings.TrimSpace(in.Tactic)
	if t == "" || v.Has("tactic") {
		in.Tactic = t
		return nil
	}
	ts, err := activity.ListTactics(ctx, s.db.R)
	if err != nil {
		return err
	}
	for _, k := range ts {
		if k.Code == t || strings.EqualFold(k.Name, t) {
			in.Tactic = k.Code
			return nil
		}
	}
	v.Fieldf("tactic", "Thủ đoạn “%s” không có trong danh sách: chọn một thủ đoạn trong danh sách hoặc để trống.", t)
	return nil
}
