package content

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/publish"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Service writes, reviews, publishes and reads content for the actor in
// the context. Public reads need no actor.
type Service struct {
	db       *store.DB
	clock    clock.Clock
	org      *org.Service
	activity *activity.Service

	secretMu sync.Mutex
	secret   []byte // for publish.Code; read from the database on first use when not given

	index   atomic.Pointer[searchIndex] // what Search answers from; rebuilt after publish and archive
	indexMu sync.Mutex                  // one rebuild at a time

	gen     atomic.Uint64 // see Generation
	lastSig atomic.Value  // string: the live items' signature last seen

	viewsMu sync.Mutex
	views   map[int64]int64 // page views not yet written, by item
}

// NewService returns the content service. secret keys the verification
// codes (at least publish.MinSecretLen bytes); when it is empty the
// service uses a random secret kept in the database, made on first use, so
// every instance sharing the database prints the same codes.
func NewService(db *store.DB, clk clock.Clock, o *org.Service, a *activity.Service, secret []byte) *Service {
	s := &Service{db: db, clock: clk, org: o, activity: a, views: map[int64]int64{}}
	if len(secret) > 0 {
		if len(secret) < publish.MinSecretLen {
			panic(fmt.Sprintf("content: code secret shorter than %d bytes", publish.MinSecretLen))
		}
		s.secret = append([]byte(nil), secret...)
	}
	return s
}

const secretSetting = "content.code_secret"

// codeSecret returns the secret of the verification codes, creating the
// database's own on first use. It must not run inside a transaction (the
// SQLite writer has one connection).
func (s *Service) codeSecret(ctx context.Context) ([]byte, error) {
	s.secretMu.Lock()
	defer s.secretMu.Unlock()
	if s.secret != nil {
		return s.secret, nil
	}
	var b [32]byte
	rand.Read(b[:])
	if _, err := s.db.W.ExecContext(ctx, `INSERT INTO settings (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
		secretSetting, hex.EncodeToString(b[:]), s.clock.Now()); err != nil {
		return nil, fmt.Errorf("code secret: %w", err)
	}
	var v string
	if err := s.db.W.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = $1`, secretSetting).Scan(&v); err != nil {
		return nil, fmt.Errorf("code secret: %w", err)
	}
	secret, err := hex.DecodeString(v)
	if err != nil || len(secret) < publish.MinSecretLen {
		return nil, fmt.Errorf("code secret: the stored value is not a key of %d bytes or more", publish.MinSecretLen)
	}
	s.secret = secret
	return secret, nil
}

// Today is the service's current date, YYYY-MM-DD.
func (s *Service) Today() string { return vn.Today(s.clock.Now()) }

func (s *Service) today() string { return s.Today() }

// itemColumns are read by scanItem; v is the version shown.
const itemColumns = `i.id, i.kind, i.slug, i.unit_id, i.state, i.current_version, i.published_version, i.first_published_at, i.published_at,
	i.scheduled_at, i.issuer, COALESCE(i.code, ''), i.hash, i.views, i.review_note, i.created_at, i.updated_at,
	v.number, v.title, v.summary, v.body_html, v.fields, COALESCE(v.editor_id, 0), v.editor, v.created_at`

// joinCurrent and joinPublished pick the version an item shows.
const (
	joinCurrent   = ` FROM content_items i JOIN content_versions v ON v.item_id = i.id AND v.number = i.current_version`
	joinPublished = ` FROM content_items i JOIN content_versions v ON v.item_id = i.id AND v.number = i.published_version`
)

func scanItem(sc interface{ Scan(...any) error }) (*Item, error) {
	it := &Item{}
	var kind, state, fields string
	var first, pub, sched sql.NullTime
	if err := sc.Scan(&it.ID, &kind, &it.Slug, &it.UnitID, &state, &it.CurrentVersion, &it.PublishedVersion, &first, &pub,
		&sched, &it.Issuer, &it.Code, &it.Hash, &it.Views, &it.ReviewNote, &it.CreatedAt, &it.UpdatedAt,
		&it.Version, &it.Title, &it.Summary, &it.BodyHTML, &fields, &it.EditorID, &it.Editor, &it.EditedAt); err != nil {
		return nil, err
	}
	it.Kind, it.State = Kind(kind), State(state)
	it.FirstPublishedAt, it.PublishedAt, it.ScheduledAt = first.Time, pub.Time, sched.Time
	if err := json.Unmarshal([]byte(fields), &it.Fields); err != nil {
		return nil, fmt.Errorf("item %d fields: %w", it.ID, err)
	}
	return it, nil
}

func (s *Service) queryItems(ctx context.Context, q store.Querier, query string, args ...any) ([]*Item, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+itemColumns+query, args...)
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	defer rows.Close()
	var out []*Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

var errNoItem = errs.NotFound("Không tìm thấy bài này.", "No such item.")

// item reads an item with its latest version, without a scope check.
func (s *Service) item(ctx context.Context, q store.Querier, id int64) (*Item, error) {
	its, err := s.queryItems(ctx, q, joinCurrent+` WHERE i.id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(its) == 0 {
		return nil, errNoItem
	}
	return its[0], nil
}

// fillUnitNames sets UnitName from the tree as it stands today.
func (s *Service) fillUnitNames(ctx context.Context, its []*Item) {
	names := map[int64]string{}
	today := s.today()
	for _, it := range its {
		n, ok := names[it.UnitID]
		if !ok {
			if u, err := s.org.Unit(ctx, it.UnitID, today); err == nil {
				n = u.Name
			}
			names[it.UnitID] = n
		}
		it.UnitName = n
	}
}

// staffScope is where the actor may write or review content.
func (s *Service) staffScope(ctx context.Context) (edit, review org.Scope, err error) {
	if edit, err = s.org.ScopeOf(ctx, access.ContentEdit); err != nil {
		return
	}
	review, err = s.org.ScopeOf(ctx, access.ContentReview)
	return
}

// Get returns an item with its latest version, for someone who may write
// or review content of its unit.
func (s *Service) Get(ctx context.Context, id int64) (*Item, error) {
	it, err := s.item(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	edit, review, err := s.staffScope(ctx)
	if err != nil {
		return nil, err
	}
	if !edit.Contains(it.UnitID) && !review.Contains(it.UnitID) {
		return nil, errs.ErrForbidden
	}
	s.fillUnitNames(ctx, []*Item{it})
	return it, nil
}

// ListFilter narrows the staff list.
type ListFilter struct {
	Kind   Kind  // empty for every kind
	State  State // empty for every state
	UnitID int64 // 0 for every unit in scope
	Limit  int
}

// List returns the items the actor may write or review, with their latest
// versions, most recently changed first.
func (s *Service) List(ctx context.Context, f ListFilter) ([]*Item, error) {
	edit, review, err := s.staffScope(ctx)
	if err != nil {
		return nil, err
	}
	where, args := []string{"1 = 1"}, []any{}
	arg := func(x any) string { args = append(args, x); return fmt.Sprintf("$%d", len(args)) }
	if f.Kind != "" {
		where = append(where, "i.kind = "+arg(string(f.Kind)))
	}
	if f.State != "" {
		where = append(where, "i.state = "+arg(string(f.State)))
	}
	if f.UnitID != 0 {
		where = append(where, "i.unit_id = "+arg(f.UnitID))
	}
	if !edit.All && !review.All {
		ids := map[int64]bool{}
		for id := range edit.IDs {
			ids[id] = true
		}
		for id := range review.IDs {
			ids[id] = true
		}
		if len(ids) == 0 {
			return nil, nil
		}
		ph := make([]string, 0, len(ids))
		for id := range ids {
			ph = append(ph, arg(id))
		}
		where = append(where, "i.unit_id IN ("+strings.Join(ph, ",")+")")
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	its, err := s.queryItems(ctx, s.db.R, joinCurrent+` WHERE `+strings.Join(where, " AND ")+` ORDER BY i.updated_at DESC, i.id DESC LIMIT `+arg(limit), args...)
	if err != nil {
		return nil, err
	}
	s.fillUnitNames(ctx, its)
	return its, nil
}

// Versions returns every saved version of an item the actor may see in the
// console, newest first.
func (s *Service) Versions(ctx context.Context, id int64) ([]Version, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT number, title, summary, body_html, fields, COALESCE(editor_id, 0), editor, created_at, published_at, hash
		FROM content_versions WHERE item_id = $1 ORDER BY number DESC`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var v Version
		var fields string
		var pub sql.NullTime
		if err := rows.Scan(&v.Number, &v.Title, &v.Summary, &v.BodyHTML, &fields, &v.EditorID, &v.Editor, &v.CreatedAt, &pub, &v.Hash); err != nil {
			return nil, err
		}
		v.PublishedAt = pub.Time
		if err := json.Unmarshal([]byte(fields), &v.Fields); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// actorOf returns who is acting, for version and attempt records.
func actorOf(ctx context.Context) (id int64, name string) {
	a := access.From(ctx)
	if a == nil {
		return 0, ""
	}
	if a.IsSystem() {
		return 0, "system"
	}
	return a.UserID, a.Username
}

// nullID stores 0 as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

func isNotFound(err error) bool { return errors.Is(err, errs.ErrNotFound) }
