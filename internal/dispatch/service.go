package dispatch

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/audience"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel/normalize"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/seal"
	"github.com/canhgiac/canhgiac/internal/store"
)

// Campaign states.
const (
	StateDraft     = "draft"     // being prepared
	StatePending   = "pending"   // waiting for a second person's approval
	StateRunning   = "running"   // approved: workers send it
	StatePaused    = "paused"    // stopped by a person; resume continues
	StateDone      = "done"      // every message has an outcome
	StateCancelled = "cancelled" // stopped for good; queued messages skipped
)

// Message states.
const (
	MsgQueued    = "queued"
	MsgSending   = "sending"
	MsgSubmitted = "submitted"
	MsgDelivered = "delivered"
	MsgFailed    = "failed"
	MsgUnknown   = "unknown"
	MsgSkipped   = "skipped"
)

// Campaign is one sending of one text to an audience on one channel.
type Campaign struct {
	ID         int64
	UnitID     int64
	Name       string
	Channel    string // sms, email, zalo, webhook
	Class      string // warning or marketing
	Template   string
	Brandname  string
	State      string
	StatusNote string // why it is waiting, in Vietnamese
	TPS        int
	QuietStart int // minutes after midnight, Vietnam time (default 22:00)
	QuietEnd   int // (default 07:00); equal to QuietStart: no quiet hours
	DailyCap   int // messages a person may get a day, across campaigns
	CreatedBy  int64
	ApprovedBy int64
	CreatedAt  time.Time

	Subject     string     // e-mail only
	Segment     string     // the audience, as JSON (Segment)
	ScheduledAt *time.Time // not before; nil: as soon as approved
	StartedAt   *time.Time // approved to go at
	FinishedAt  *time.Time
	ActivityID  int64 // the activity it was logged as, once finished
}

// ChannelList is the campaign's channels, in the order they are tried.
func (c Campaign) ChannelList() []string { return strings.Split(c.Channel, ",") }

// Uses reports whether the campaign goes out on a channel.
func (c Campaign) Uses(channel string) bool {
	for _, ch := range c.ChannelList() {
		if ch == channel {
			return true
		}
	}
	return false
}

// Recipient is one row of an audience: a contact and the template's values.
type Recipient struct {
	Row     int // the row in the file it came from (for messages), 0 if none
	To      string
	Vars    map[string]string
	Channel string // in a campaign on several channels, the one that reaches this person
	Text    string // the text already rendered for them; "" renders the template
	// Next are the person's later channels, tried in turn when a channel
	// refuses the message for good.
	Next []Alt
}

// Alt is another way to reach a recipient: a channel, its contact, the
// text for it.
type Alt struct {
	Channel string `json:"channel"`
	To      string `json:"to"`
	Text    string `json:"text"`
}

// Counts are a campaign's messages by state.
type Counts struct {
	Total, Queued, Sending, Submitted, Delivered, Failed, Unknown, Skipped int
	// Unwritten are the people of a large audience whose messages are not
	// written yet (pages.go), counted in Queued (in Skipped once the
	// campaign is cancelled): the tables by channel and carrier, and the
	// CSV, do not have them yet.
	Unwritten int
}

// Sent is every message the channel accepted (submitted or with a receipt).
func (c Counts) Sent() int { return c.Submitted + c.Delivered + c.Failed }

// Finished reports whether nothing is left to send.
func (c Counts) Finished() bool { return c.Queued == 0 && c.Sending == 0 }

// Service keeps campaigns and their messages, and sends them (Run). It is
// built once, by the program's wiring, and shared by the console, the
// server's runners and the command line.
type Service struct {
	db     *store.DB
	clock  clock.Clock
	org    *org.Service      // scopes every query to the actor's units
	act    *activity.Service // logs a finished campaign as its unit's activity
	people Audience          // who may be messaged (audience); nil: nobody
	keys   *seal.Keys        // seal messages' recipients and texts; nil: none can be written
	log    *slog.Logger
	owner  string        // this instance's name in campaigns' leases; "" sends under no lease
	page   int           // people a page of a campaign's audience (audience.PageSize)
	lease  time.Duration // how long a lease lasts without renewal
	// changed counts the campaigns' state changes made through this
	// service (a pause, a cancel): a runner of this instance reads the
	// campaign's state again before its next submit when it moved.
	changed atomic.Uint64
}

// Deps are what the service is built on. DB, Clock, Org and Activity are
// required: there is no campaign service without the organisation's
// scopes, so no caller can get one that skips them.
type Deps struct {
	DB       *store.DB
	Clock    clock.Clock
	Org      *org.Service
	Activity *activity.Service
	Audience Audience     // nil: nobody can be reached by segment, nobody is held back by their standing
	Keys     *seal.Keys   // nil: no message row can be written (nothing is stored in clear)
	Log      *slog.Logger // nil: slog.Default()
	// Instance names this instance in campaigns' leases: Run sends a
	// campaign only while it holds its lease, so several instances on one
	// database never send the same campaign at once. It must differ
	// between instances. "" (tests, commands): Run sends under no lease.
	Instance string
	Lease    time.Duration // how long a lease lasts without renewal (0: DefaultLease)
}

// New returns the campaign service. It panics when a required dependency
// is missing: that is a wiring mistake, found at start.
func New(d Deps) *Service {
	if d.DB == nil || d.Clock == nil || d.Org == nil || d.Activity == nil {
		panic("dispatch.New: DB, Clock, Org and Activity are required")
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Lease <= 0 {
		d.Lease = DefaultLease
	}
	return &Service{db: d.DB, clock: d.Clock, org: d.Org, act: d.Activity, people: d.Audience, keys: d.Keys, log: d.Log, owner: d.Instance, lease: d.Lease, page: audience.PageSize}
}

// RowError is a problem with one row of an audience.
type RowError struct {
	Row int
	Msg string
}

// Render fills {name} placeholders from vars, or with the default of
// {name|default} when the value is empty; it reports the names that have
// neither.
func Render(tmpl string, vars map[string]string) (string, []string) {
	var b strings.Builder
	var missing []string
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			break
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			b.WriteString(tmpl)
			break
		}
		name, def, _ := strings.Cut(tmpl[i+1:i+j], "|")
		name, def = strings.TrimSpace(name), strings.TrimSpace(def)
		b.WriteString(tmpl[:i])
		if v, ok := vars[name]; ok && strings.TrimSpace(v) != "" {
			b.WriteString(v)
		} else if def != "" {
			b.WriteString(def)
		} else {
			missing = append(missing, name)
		}
		tmpl = tmpl[i+j+1:]
	}
	return b.String(), missing
}

// Preview checks an audience against a template and a channel before
// anything is stored: malformed contacts and missing values are listed by
// row, so the sender sees them before sending.
func Preview(channel, tmpl string, rs []Recipient) (ok []Recipient, problems []RowError) {
	seen := map[string]int{}
	for _, r := range rs {
		to := strings.TrimSpace(r.To)
		if channel == "sms" {
			p := normalize.Phone(to)
			if p.Kind != normalize.KindPhone || !strings.HasPrefix(p.Normalized, "+84") {
				problems = append(problems, RowError{r.Row, fmt.Sprintf("“%s” không phải số điện thoại Việt Nam hợp lệ", to)})
				continue
			}
			to = p.Normalized
		}
		if to == "" {
			problems = append(problems, RowError{r.Row, "thiếu người nhận"})
			continue
		}
		if _, missing := Render(tmpl, r.Vars); len(missing) > 0 {
			problems = append(problems, RowError{r.Row, "thiếu giá trị cho {" + strings.Join(missing, "}, {") + "}"})
			continue
		}
		if first, dup := seen[to]; dup {
			problems = append(problems, RowError{r.Row, fmt.Sprintf("trùng người nhận với dòng %d", first)})
			continue
		}
		seen[to] = r.Row
		r.To = to
		ok = append(ok, r)
	}
	return ok, problems
}

// Create stores a campaign with a message per recipient (recipients as
// Preview returned them). Who may not be messaged is stored as skipped,
// with the reason: people who opted out, anyone without consent for a
// marketing message, and people who already got DailyCap messages today.
func (s *Service) Create(ctx context.Context, c Campaign, rs []Recipient) (*Campaign, error) {
	cp, _, err := s.create(ctx, c, func(fn func([]Recipient) error) error {
		for i := 0; i < len(rs); i += audience.PageSize {
			if err := fn(rs[i:min(i+audience.PageSize, len(rs))]); err != nil {
				return err
			}
		}
		return nil
	}, nil)
	return cp, err
}

// create is Create with the recipients handed a page at a time by each;
// each page is sealed, checked (standing, daily cap) and written before
// the next is read, in the campaign's one transaction. It returns how many
// message rows it wrote.
//
// after, when given, is called in the same transaction once the pages are
// written, with the campaign's id and how many rows were written.
func (s *Service) create(ctx context.Context, c Campaign, each func(fn func([]Recipient) error) error, after func(tx *sql.Tx, id int64, written int) error) (*Campaign, int, error) {
	if strings.TrimSpace(c.Template) == "" {
		return nil, 0, errs.InvalidField("template", "Chưa có nội dung tin nhắn.")
	}
	if c.Channel == "" {
		c.Channel = "sms"
	}
	if c.Class == "" {
		c.Class = "warning"
	}
	if c.State == "" {
		c.State = StateDraft
	}
	if c.DailyCap == 0 {
		c.DailyCap = 3
	}
	now := s.clock.Now()
	written := 0
	err := s.db.Transact(ctx, func(tx *sql.Tx) error {
		written = 0
		if c.Segment == "" {
			c.Segment = "{}"
		}
		var sched any
		if c.ScheduledAt != nil {
			sched = c.ScheduledAt.UTC()
		}
		var started any
		if c.State == StateRunning {
			started = now
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO campaigns (unit_id, name, channel, class, template, brandname, state, tps, quiet_start, quiet_end, daily_cap, created_by, approved_by, created_at, updated_at, subject, segment, scheduled_at, started_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16, $17, $18) RETURNING id`,
			nullID(c.UnitID), c.Name, c.Channel, c.Class, c.Template, c.Brandname, c.State, c.TPS, c.QuietStart, c.QuietEnd, c.DailyCap, nullID(c.CreatedBy), nullID(c.ApprovedBy), now,
			c.Subject, c.Segment, sched, started).Scan(&c.ID)
		if err != nil {
			return err
		}
		w := s.newPageWriter(tx, &c, now)
		defer w.close()
		if err := each(func(rs []Recipient) error {
			n, _, err := w.write(ctx, rs)
			written += n
			return err
		}); err != nil {
			return err
		}
		if after != nil {
			return after(tx, c.ID, written)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	c.CreatedAt = now
	return &c, written, nil
}

// pageWriter writes a campaign's message rows a page at a time in one
// transaction: each page sealed, checked (the people's standing, the
// daily cap) and written in one INSERT — one round trip a page, not one a
// message.
type pageWriter struct {
	s     *Service
	tx    *sql.Tx
	c     *Campaign
	now   time.Time
	today time.Time // the day as people in Vietnam count it
	stmts map[int]*sql.Stmt
	rows  []sealedRow
	args  []any
}

func (s *Service) newPageWriter(tx *sql.Tx, c *Campaign, now time.Time) *pageWriter {
	vnNow := now.In(vnTime)
	return &pageWriter{s: s, tx: tx, c: c, now: now,
		today: time.Date(vnNow.Year(), vnNow.Month(), vnNow.Day(), 0, 0, 0, 0, vnTime).UTC(),
		stmts: map[int]*sql.Stmt{}, rows: make([]sealedRow, 0, audience.PageSize), args: make([]any, 0, audience.PageSize*10)}
}

func (w *pageWriter) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

// insert is the INSERT of n rows, prepared once per size.
func (w *pageWriter) insert(ctx context.Context, n int) (*sql.Stmt, error) {
	if st, ok := w.stmts[n]; ok {
		return st, nil
	}
	var b strings.Builder
	b.WriteString(`INSERT INTO messages (campaign_id, recipient, text, state, error, created_at, channel, fallback, recipient_index, carrier) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "$%d", i*10+j+1)
		}
		b.WriteString(")")
	}
	st, err := w.tx.PrepareContext(ctx, b.String())
	if err == nil {
		w.stmts[n] = st
	}
	return st, err
}

// write writes one page of recipients; it returns how many rows it wrote
// and how many of them are queued (the others skipped, with the reason).
func (w *pageWriter) write(ctx context.Context, rs []Recipient) (written, queued int, err error) {
	s, c := w.s, w.c
	w.rows = w.rows[:0]
	contacts := make([]string, len(rs))
	indexes := make([]string, 0, len(rs))
	for i, r := range rs {
		text := r.Text
		if text == "" {
			text, _ = Render(c.Template, r.Vars)
		}
		next := ""
		if len(r.Next) > 0 {
			b, _ := json.Marshal(r.Next)
			next = string(b)
		}
		// The contact is opened here only to be sealed in the row.
		row, err := s.sealRow(r.Channel, r.To, text, next)
		if err != nil {
			return 0, 0, err
		}
		w.rows = append(w.rows, row)
		contacts[i] = r.To
		indexes = append(indexes, row.index)
	}
	standing := func(string) (bool, bool, bool) { return false, false, false }
	if s.people != nil {
		st, err := s.people.StandingOf(ctx, w.tx, contacts)
		if err != nil {
			return 0, 0, err
		}
		standing = st.Of
	}
	got, err := s.sentSince(ctx, w.tx, c.ID, w.today, indexes)
	if err != nil {
		return 0, 0, err
	}
	args := w.args[:0]
	for i, r := range rs {
		row := w.rows[i]
		optedOut, consented, erased := standing(r.To)
		state, why := MsgQueued, ""
		switch {
		case optedOut:
			state, why = MsgSkipped, "người nhận đã từ chối nhận tin"
		case erased:
			state, why = MsgSkipped, "người nhận đã yêu cầu xóa dữ liệu"
		case c.Class == "marketing" && !consented:
			state, why = MsgSkipped, "chưa đồng ý nhận tin quảng cáo (Nghị định 91/2020)"
		case got[row.index] >= c.DailyCap:
			state, why = MsgSkipped, fmt.Sprintf("đã nhận đủ %d tin trong ngày", c.DailyCap)
		}
		if state == MsgQueued {
			got[row.index]++
			queued++
		}
		args = append(args, c.ID, row.to, row.text, state, why, w.now, r.Channel, row.fallback, row.index, row.carrier)
	}
	for rest := args; len(rest) > 0; { // at most a page (500 rows, 5,000 parameters) a statement
		n := min(len(rest)/10, audience.PageSize)
		st, err := w.insert(ctx, n)
		if err != nil {
			return written, 0, err
		}
		if _, err := st.ExecContext(ctx, rest[:n*10]...); err != nil {
			return written, 0, err
		}
		written += n
		rest = rest[n*10:]
	}
	w.args = args[:0]
	return written, queued, nil
}

// sentSince counts, for the recipients (by blind index) of one page, the
// messages each got since a time and those already queued for them in
// this campaign (by the pages before).
func (s *Service) sentSince(ctx context.Context, tx *sql.Tx, campaign int64, since time.Time, indexes []string) (map[string]int, error) {
	got := map[string]int{}
	if len(indexes) == 0 {
		return got, nil
	}
	list, _ := json.Marshal(indexes)
	// "campaign_id + 0" keeps the planner off messages_campaign_state,
	// which would hand back every row this campaign has queued so far for
	// each page (quadratic over a million); the page's indexes lead.
	rows, err := tx.QueryContext(ctx, `SELECT recipient_index, COUNT(*) FROM messages WHERE recipient_index IN (`+s.db.Values("$3")+`) AND recipient_index <> ''
		AND ((state IN ('sending', 'submitted', 'delivered', 'unknown') AND submitted_at >= $1) OR (campaign_id + 0 = $2 AND state = 'queued')) GROUP BY recipient_index`,
		since, campaign, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var to string
		var n int
		if err := rows.Scan(&to, &n); err != nil {
			return nil, err
		}
		got[to] = n
	}
	return got, rows.Err()
}

// Get returns a campaign.
func (s *Service) Get(ctx context.Context, id int64) (*Campaign, error) {
	c, err := scanCampaign(s.db.R.QueryRowContext(ctx, `SELECT `+campaignColumns+` FROM campaigns WHERE id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, errs.NotFound("Không có chiến dịch này.", "No such campaign.")
	}
	return c, err
}

const campaignColumns = `id, unit_id, name, channel, class, template, brandname, state, status_note, tps, quiet_start, quiet_end, daily_cap, created_by, approved_by, created_at,
	subject, segment, scheduled_at, started_at, finished_at, activity_id`

// scanCampaign reads a row of campaignColumns.
func scanCampaign(row interface{ Scan(...any) error }) (*Campaign, error) {
	c := &Campaign{}
	var unit, by, appr, act sql.NullInt64
	var sched, started, finished sql.NullTime
	err := row.Scan(&c.ID, &unit, &c.Name, &c.Channel, &c.Class, &c.Template, &c.Brandname, &c.State, &c.StatusNote, &c.TPS, &c.QuietStart, &c.QuietEnd,
		&c.DailyCap, &by, &appr, &c.CreatedAt, &c.Subject, &c.Segment, &sched, &started, &finished, &act)
	if err != nil {
		return nil, err
	}
	c.UnitID, c.CreatedBy, c.ApprovedBy, c.ActivityID = unit.Int64, by.Int64, appr.Int64, act.Int64
	for _, p := range []struct {
		t   sql.NullTime
		dst **time.Time
	}{{sched, &c.ScheduledAt}, {started, &c.StartedAt}, {finished, &c.FinishedAt}} {
		if p.t.Valid {
			t := p.t.Time
			*p.dst = &t
		}
	}
	return c, nil
}

// SetState moves a campaign to another state with a note.
// A campaign that is done is logged as an activity of its unit.
func (s *Service) SetState(ctx context.Context, id int64, state, note string) error {
	now := s.clock.Now()
	if state == StateDone {
		// Only a running campaign becomes done: a pause or a cancel that
		// came meanwhile stands.
		res, err := s.db.W.ExecContext(ctx, `UPDATE campaigns SET state = $1, status_note = $2, updated_at = $3, finished_at = $3 WHERE id = $4 AND state = 'running'`, state, note, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			s.logActivity(ctx, id)
		}
		return nil
	}
	_, err := s.db.W.ExecContext(ctx, `UPDATE campaigns SET state = $1, status_note = $2, updated_at = $3 WHERE id = $4`, state, note, now, id)
	s.changed.Add(1)
	return err
}

// SetNote says why a campaign is waiting, without changing its state.
func (s *Service) SetNote(ctx context.Context, id int64, note string) error {
	_, err := s.db.W.ExecContext(ctx, `UPDATE campaigns SET status_note = $1, updated_at = $2 WHERE id = $3 AND status_note <> $1`, note, s.clock.Now(), id)
	return err
}

// Counts returns a campaign's messages by state.
func (s *Service) Counts(ctx context.Context, id int64) (Counts, error) {
	all, err := s.CountsOf(ctx, []int64{id})
	return all[id], err
}

// CountsOf returns the counts of several campaigns in one query.
func (s *Service) CountsOf(ctx context.Context, ids []int64) (map[int64]Counts, error) {
	out := make(map[int64]Counts, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	marks, args := idList(ids)
	rows, err := s.db.R.QueryContext(ctx, `SELECT campaign_id, state, COUNT(*) FROM messages WHERE campaign_id IN (`+marks+`) GROUP BY campaign_id, state`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var st string
		var n int
		if err := rows.Scan(&id, &st, &n); err != nil {
			return out, err
		}
		c := out[id]
		c.Total += n
		switch st {
		case MsgQueued:
			c.Queued = n
		case MsgSending:
			c.Sending = n
		case MsgSubmitted:
			c.Submitted = n
		case MsgDelivered:
			c.Delivered = n
		case MsgFailed:
			c.Failed = n
		case MsgUnknown:
			c.Unknown = n
		case MsgSkipped:
			c.Skipped = n
		}
		out[id] = c
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	// The people of a large audience not written yet: still to send, or
	// not sent when the campaign was cancelled.
	rest, err := s.remaining(ctx, ids)
	if err != nil {
		return out, err
	}
	for id, r := range rest {
		c := out[id]
		c.Total += r.n
		c.Unwritten = r.n
		if r.state == StateCancelled {
			c.Skipped += r.n
		} else {
			c.Queued += r.n
		}
		out[id] = c
	}
	return out, nil
}

// Recover is run at start, before any worker: a message still "sending"
// was in flight when the process stopped. Whether the channel got it is
// unknown, so it is held as unknown for a person to decide — resending it
// blindly could send it twice.
func (s *Service) Recover(ctx context.Context) (int, error) {
	// Only campaigns no live instance is sending: under no lease, under
	// this instance's own (its previous process), or under one run out.
	// Another instance's messages in flight are its own.
	now := s.clock.Now()
	res, err := s.db.W.ExecContext(ctx, `UPDATE messages SET state = 'unknown', error = $1, done_at = $2 WHERE state = 'sending'
		AND campaign_id IN (SELECT id FROM campaigns WHERE lease_owner = '' OR lease_owner = $3 OR lease_until IS NULL OR lease_until <= $2)`,
		inFlightAtStop, now, s.owner)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// Unknown lists the recipients of a campaign's unknown messages, sorted.
func (s *Service) Unknown(ctx context.Context, id int64) ([]string, error) {
	out, err := store.Column[string](s.db.R.QueryContext(ctx, `SELECT recipient FROM messages WHERE campaign_id = $1 AND state = 'unknown'`, id))
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i], err = s.open(msgRecipient, out[i]); err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

// UnknownIDs lists the ids of a campaign's unknown messages.
func (s *Service) UnknownIDs(ctx context.Context, id int64) ([]int64, error) {
	return store.Column[int64](s.db.R.QueryContext(ctx, `SELECT id FROM messages WHERE campaign_id = $1 AND state = 'unknown' ORDER BY id`, id))
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Cancel stops a campaign for good: what is still queued is skipped.
// What was sent before is still logged as the unit's activity. A runner
// of this instance submits nothing more once Cancel has returned (those
// of other instances within their Recheck): what it had claimed and not
// yet submitted is skipped too.
func (s *Service) Cancel(ctx context.Context, id int64) error {
	err := s.db.Transact(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE campaigns SET state = 'cancelled', status_note = '', updated_at = $1, finished_at = $1 WHERE id = $2 AND state IN ('draft', 'pending', 'running', 'paused')`, s.clock.Now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.Conflict("Chiến dịch đã kết thúc; không hủy được nữa.", "The campaign has ended.")
		}
		_, err = tx.ExecContext(ctx, `UPDATE messages SET state = 'skipped', error = $2 WHERE campaign_id = $1 AND state = 'queued'`, id, whyCancelled)
		return err
	})
	s.changed.Add(1)
	if err == nil {
		s.logActivity(ctx, id)
	}
	return err
}

// Running lists the campaigns workers should send now.
// A campaign approved for a later time waits until then.
func (s *Service) Running(ctx context.Context) ([]int64, error) {
	return store.Column[int64](s.db.R.QueryContext(ctx, `SELECT id FROM campaigns WHERE state = 'running' AND (started_at IS NULL OR started_at <= $1) ORDER BY id`, s.clock.Now().UTC()))
}
