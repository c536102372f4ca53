package content

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/publish"
	"github.com/canhgiac/canhgiac/internal/sanitize"
	"github.com/canhgiac/canhgiac/internal/textsearch"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Filter narrows what the portal lists. Public reads need no actor.
type Filter struct {
	Category string // handbook: a tactic code
	Audience string // handbook: an audience code
	Area     string // warnings: a province (nationwide warnings are included) or AreaNationwide
	NewOnly  bool   // handbook: only tactics flagged new
	ValidOn  string // warnings: only those in force on this day (YYYY-MM-DD)
	Limit    int    // 0: 50
	Offset   int
}

// live selects the items the public sees, with their published versions.
const live = joinPublished + ` WHERE i.published_version > 0 AND i.state <> 'archived'`

// Published returns the live items of a kind, newest first (by first
// publication, so a correction does not push an item up).
func (s *Service) Published(ctx context.Context, kind Kind, f Filter) ([]*Item, error) {
	its, err := s.queryItems(ctx, s.db.R, live+` AND i.kind = $1 ORDER BY i.first_published_at DESC, i.id DESC`, string(kind))
	if err != nil {
		return nil, err
	}
	area := ""
	if f.Area != "" {
		if vn.Fold(f.Area) == vn.Fold(AreaNationwide) {
			area = AreaNationwide
		} else if name, ok := vn.Province(f.Area); ok {
			area = name
		} else {
			return nil, nil // no such province: nothing is about it
		}
	}
	out := its[:0]
	for _, it := range its {
		fl := it.Fields
		switch {
		case f.Category != "" && fl.Category != f.Category:
		case f.Audience != "" && !slices.Contains(fl.Audiences, f.Audience) && !slices.Contains(fl.Audiences, "everyone"):
		case area != "" && fl.Area != area && fl.Area != AreaNationwide:
		case f.NewOnly && !fl.IsNew:
		case f.ValidOn != "" && !it.ValidOn(f.ValidOn):
		default:
			out = append(out, it)
		}
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	if f.Offset >= len(out) {
		return nil, nil
	}
	out = out[f.Offset:]
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// LatestWarnings returns the warnings in force today, newest first.
func (s *Service) LatestWarnings(ctx context.Context, limit int) ([]*Item, error) {
	return s.Published(ctx, KindWarning, Filter{ValidOn: s.today(), Limit: limit})
}

// NewTactics returns the handbook entries flagged as new, newest first.
func (s *Service) NewTactics(ctx context.Context, limit int) ([]*Item, error) {
	return s.Published(ctx, KindTactic, Filter{NewOnly: true, Limit: limit})
}

// BySlug returns a live item by its address.
func (s *Service) BySlug(ctx context.Context, kind Kind, slug string) (*Item, error) {
	its, err := s.queryItems(ctx, s.db.R, live+` AND i.kind = $1 AND i.slug = $2`, string(kind), slug)
	if err != nil {
		return nil, err
	}
	if len(its) == 0 {
		return nil, errs.NotFound("Không tìm thấy bài này; có thể bài đã được gỡ khỏi cổng.", "No such item; it may have been taken down.")
	}
	return its[0], nil
}

// Published is what the verification page shows for a code: the item as
// its live version was published, the canonical text anyone can hash
// again, and the hash.
type Published struct {
	Item      *Item
	Version   int
	Canonical string
	Hash      string
	Archived  bool // taken off the portal: the code is genuine but the item is no longer current
}

// Verify looks up a verification code as people type it. A malformed code
// (a typing mistake) and a well-formed code that belongs to no item get
// different messages.
func (s *Service) Verify(ctx context.Context, code string) (*Published, error) {
	norm, ok := publish.NormalizeCode(code)
	if !ok {
		return nil, errs.InvalidField("code", "Mã xác minh không đúng dạng (10 ký tự chữ và số); xin kiểm tra lại từng ký tự.")
	}
	its, err := s.queryItems(ctx, s.db.R, joinPublished+` WHERE i.code = $1 AND i.published_version > 0`, norm)
	if err != nil {
		return nil, err
	}
	if len(its) == 0 {
		return nil, errs.NotFound("Mã này không thuộc bài nào của Cảnh Giác. Nội dung mang mã này không phải nguồn chính thức.",
			"This code belongs to no item: the content carrying it is not from an official source.")
	}
	it := its[0]
	p := &Published{Item: it, Version: it.Version, Archived: it.State == StateArchived}
	if err := s.db.R.QueryRowContext(ctx, `SELECT canonical, hash FROM content_versions WHERE item_id = $1 AND number = $2`, it.ID, it.Version).
		Scan(&p.Canonical, &p.Hash); err != nil {
		return nil, err
	}
	return p, nil
}

// Hit is one search result: the item and where the query matched it.
// Highlight (from textsearch.Hit) gives the snippet as HTML with <mark>.
type Hit struct {
	Item *Item
	textsearch.Hit
}

// searchIndex is what Search answers from: built off to the side and
// swapped in whole.
type searchIndex struct {
	ix    *textsearch.Index
	items map[string]*Item
	sig   string // what the database looked like when built (see signature)
}

// Search finds live items by words typed with or without diacritics ("lua
// dao" finds "lừa đảo"), best first.
func (s *Service) Search(ctx context.Context, q string, limit int) ([]Hit, error) {
	idx := s.index.Load()
	if idx == nil {
		var err error
		if idx, err = s.reindex(ctx); err != nil {
			return nil, err
		}
	}
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	var out []Hit
	for _, h := range idx.ix.Search(q, limit) {
		if it, ok := idx.items[h.ID]; ok {
			out = append(out, Hit{Item: it, Hit: h})
		}
	}
	return out, nil
}

// Reindex rebuilds the search index from the live items and swaps it in.
// Search builds it on first use; a process may call Reindex at start so
// the first search does not wait.
func (s *Service) Reindex(ctx context.Context) error {
	_, err := s.reindex(ctx)
	return err
}

func (s *Service) reindex(ctx context.Context) (*searchIndex, error) {
	s.indexMu.Lock()
	defer s.indexMu.Unlock()
	sig, err := s.signature(ctx)
	if err != nil {
		return nil, err
	}
	its, err := s.queryItems(ctx, s.db.R, live+` ORDER BY i.id`)
	if err != nil {
		return nil, err
	}
	idx := &searchIndex{ix: textsearch.New(), items: make(map[string]*Item, len(its)), sig: sig}
	for _, it := range its {
		id := strconv.FormatInt(it.ID, 10)
		idx.items[id] = it
		f := it.Fields
		idx.ix.Add(textsearch.Doc{ID: id, Fields: []textsearch.Field{
			{Text: it.Title, Weight: 3},
			{Text: it.Summary, Weight: 2},
			{Text: strings.Join(append(slices.Clone(f.Keywords), f.Number, f.Area), " "), Weight: 2},
			{Text: sanitize.Text(it.BodyHTML), Weight: 1},
			{Text: FieldsText(it.Kind, f), Weight: 1},
		}})
	}
	s.index.Store(idx)
	return idx, nil
}

// rebuildIndex refreshes the index after a publication or an archive; a
// failure leaves the old index, which the next refresh replaces.
func (s *Service) rebuildIndex(ctx context.Context) {
	s.gen.Add(1)
	if s.index.Load() != nil {
		s.reindex(ctx)
	}
}

// signature sums up the live items cheaply, so an instance can tell that
// another one published or archived something since its index was built.
func (s *Service) signature(ctx context.Context) (string, error) {
	var n, versions, ids int64
	err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*), CAST(COALESCE(SUM(published_version), 0) AS BIGINT), CAST(COALESCE(SUM(id), 0) AS BIGINT) FROM content_items
		WHERE published_version > 0 AND state <> 'archived'`).Scan(&n, &versions, &ids)
	return fmt.Sprintf("%d/%d/%d", n, versions, ids), err
}

// Generation changes whenever what the public sees may have changed: a
// publication or archive by this instance at once, one by another
// instance when FollowViews next notices it. Page caches key on it.
func (s *Service) Generation() uint64 { return s.gen.Load() }

// refreshIndex notices publications and archives made elsewhere: it moves
// Generation on and rebuilds the search index if one was built.
func (s *Service) refreshIndex(ctx context.Context) error {
	sig, err := s.signature(ctx)
	if err != nil {
		return err
	}
	if last, _ := s.lastSig.Load().(string); last == sig {
		return nil
	} else if last != "" {
		s.gen.Add(1)
	}
	s.lastSig.Store(sig)
	if idx := s.index.Load(); idx == nil || idx.sig == sig {
		return nil // built on first search, or already current
	}
	_, err = s.reindex(ctx)
	return err
}
