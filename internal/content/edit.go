package content

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/sanitize"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/vn"
)

// Save creates an item (in.ID == 0) or adds a version to one, for an
// editor of the item's unit. A draft stays a draft; a published item gets
// a new draft version while the published one stays live until the new
// one is published. An item waiting for review or archived is not edited.
//
// The body is sanitised; removed lists in Vietnamese what was taken out
// (a script, an event attribute, …) so the page can tell the editor.
func (s *Service) Save(ctx context.Context, in Input) (it *Item, removed []string, err error) {
	var prev *Item
	if in.ID != 0 {
		if prev, err = s.item(ctx, s.db.R, in.ID); err != nil {
			return nil, nil, err
		}
		in.Kind = prev.Kind
		if err := s.org.Authorize(ctx, access.ContentEdit, prev.UnitID); err != nil {
			return nil, nil, err
		}
		switch prev.State {
		case StateInReview:
			return nil, nil, errs.Conflict("Bài đang chờ duyệt nên chưa sửa được; người duyệt có thể trả lại để sửa.", "The item is waiting for review.")
		case StateArchived:
			return nil, nil, errs.Conflict("Bài đã lưu trữ, không sửa được nữa.", "The item is archived.")
		}
	}
	v := errs.NewInvalid()
	var unitID int64
	if prev != nil {
		unitID = prev.UnitID
	} else {
		if !in.Kind.Valid() {
			return nil, nil, errs.InvalidField("kind", "Vui lòng chọn loại nội dung.")
		}
		u, lerr := s.org.Lookup(ctx, in.UnitCode, s.today())
		if errs.KindOf(lerr) == errs.KindForbidden || errs.KindOf(lerr) == errs.KindUnauthenticated {
			return nil, nil, lerr
		}
		if lerr != nil {
			v.Field("unit", "Vui lòng chọn đơn vị chủ quản của bài.")
		} else if err := s.org.Authorize(ctx, access.ContentEdit, u.ID); err != nil {
			return nil, nil, err
		}
		unitID = u.ID
	}
	title := oneLine(in.Title)
	summary := strings.TrimSpace(in.Summary)
	body, removed := sanitize.Changed(in.Body)
	if strings.TrimSpace(sanitize.Text(body)) == "" {
		body = ""
	}
	switch n := len([]rune(title)); {
	case n == 0:
		v.Field("title", "Vui lòng nhập tiêu đề.")
	case n > 300:
		v.Field("title", "Tiêu đề dài quá 300 ký tự; phần chi tiết hãy viết ở tóm tắt hoặc nội dung.")
	}
	v.MaxLen("body", "Nội dung", body, 200_000)
	if len([]rune(summary)) > 2000 {
		v.Field("summary", "Tóm tắt dài quá 2.000 ký tự; phần chi tiết hãy viết ở nội dung.")
	}
	fields := s.checkFields(ctx, v, in.Kind, in.Fields, summary, body)
	slug := s.checkSlug(ctx, v, in, prev, title)
	if err := v.Err(); err != nil {
		return nil, removed, err
	}
	fj, _ := json.Marshal(fields)
	now := s.clock.Now()
	editorID, editor := actorOf(ctx)
	var id int64
	err = s.db.Transact(ctx, func(tx *sql.Tx) error {
		number := 1
		if prev == nil {
			err := tx.QueryRowContext(ctx, `INSERT INTO content_items (kind, slug, unit_id, state, current_version, created_at, created_by, updated_at)
				VALUES ($1, $2, $3, 'draft', 1, $4, $5, $4) RETURNING id`, string(in.Kind), slug, unitID, now, nullID(editorID)).Scan(&id)
			if store.IsUniqueViolation(err) {
				return errs.InvalidField("slug", fmt.Sprintf("Đường dẫn “%s” đã được dùng cho một bài khác cùng loại.", slug))
			}
			if err != nil {
				return err
			}
		} else {
			id = prev.ID
			res, err := tx.ExecContext(ctx, `UPDATE content_items SET current_version = current_version + 1, slug = $1,
				state = CASE WHEN state = 'published' THEN 'draft' ELSE state END, updated_at = $2
				WHERE id = $3 AND current_version = $4 AND state IN ('draft', 'published')`, slug, now, id, prev.CurrentVersion)
			if store.IsUniqueViolation(err) {
				return errs.InvalidField("slug", fmt.Sprintf("Đường dẫn “%s” đã được dùng cho một bài khác cùng loại.", slug))
			}
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return errs.Conflict("Bài vừa được người khác thay đổi; hãy mở lại để xem bản mới nhất.", "The item changed meanwhile.")
			}
			number = prev.CurrentVersion + 1
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO content_versions (item_id, number, title, summary, body_html, fields, editor_id, editor, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, number, title, summary, body, string(fj), nullID(editorID), editor, now); err != nil {
			return err
		}
		action, what := "content.create", "Soạn"
		if prev != nil {
			action, what = "content.edit", "Sửa"
		}
		return audit.Record(ctx, tx, now, audit.Entry{Action: action, Entity: "content", EntityKey: string(in.Kind) + "/" + slug, UnitID: unitID,
			Summary: fmt.Sprintf("%s %s “%s” (phiên bản %d)", what, strings.ToLower(in.Kind.Label()), title, number)}, nil, nil)
	})
	if err != nil {
		return nil, removed, err
	}
	it, err = s.item(ctx, s.db.R, id)
	if err != nil {
		return nil, removed, err
	}
	s.fillUnitNames(ctx, []*Item{it})
	return it, removed, nil
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// checkSlug settles the item's address: typed, or made from the title; a
// published item keeps its address so links to it keep working.
func (s *Service) checkSlug(ctx context.Context, v *errs.Invalid, in Input, prev *Item, title string) string {
	slug := strings.TrimSpace(strings.ToLower(in.Slug))
	if prev != nil && (slug == "" || prev.PublishedVersion > 0) {
		if slug != "" && slug != prev.Slug {
			v.Field("slug", "Bài đã đăng thì không đổi đường dẫn được (các liên kết đã chia sẻ sẽ hỏng).")
		}
		return prev.Slug
	}
	if slug == "" {
		slug = Slugify(title)
		if slug == "" {
			return ""
		}
		return s.freeSlug(ctx, in.Kind, slug)
	}
	if !slugRE.MatchString(slug) || len(slug) > 100 {
		v.Field("slug", "Đường dẫn chỉ gồm chữ thường không dấu, số và dấu gạch ngang, tối đa 100 ký tự (ví dụ: gia-danh-cong-an).")
	}
	return slug
}

// freeSlug returns slug, or slug-2, slug-3, … when another item of the
// kind has it.
func (s *Service) freeSlug(ctx context.Context, kind Kind, slug string) string {
	try := slug
	for n := 2; n < 100; n++ {
		var x int
		err := s.db.R.QueryRowContext(ctx, `SELECT 1 FROM content_items WHERE kind = $1 AND slug = $2`, string(kind), try).Scan(&x)
		if err != nil {
			return try
		}
		try = fmt.Sprintf("%s-%d", slug, n)
	}
	return try
}

// Slugify makes an address from a title: "Giả danh công an" →
// "gia-danh-cong-an".
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range vn.Fold(title) {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			if b.Len() >= 80 {
				break
			}
		} else {
			dash = true
		}
	}
	return strings.Trim(b.String(), "-")
}

// checkFields validates and normalises the kind's fields.
func (s *Service) checkFields(ctx context.Context, v *errs.Invalid, kind Kind, in Fields, summary, body string) Fields {
	fieldLengths(v, in)
	var f Fields
	switch kind {
	case KindTactic:
		f = Fields{Category: strings.TrimSpace(in.Category), Signs: clean(in.Signs), Protect: clean(in.Protect), IfCaught: clean(in.IfCaught),
			Examples: clean(in.Examples), LegalBasis: clean(in.LegalBasis), Audiences: clean(in.Audiences), FirstSeen: strings.TrimSpace(in.FirstSeen),
			IsNew: in.IsNew, Keywords: clean(in.Keywords)}
		if known, err := s.activity.HasTactic(ctx, f.Category); f.Category == "" || err != nil || !known {
			v.Field("category", "Vui lòng chọn nhóm thủ đoạn.")
		}
		if summary == "" {
			v.Field("summary", "Vui lòng tóm tắt thủ đoạn trong một, hai câu.")
		}
		if len(f.Signs) == 0 {
			v.Field("signs", "Vui lòng nêu ít nhất một dấu hiệu nhận biết.")
		}
		if len(f.Protect) == 0 {
			v.Field("protect", "Vui lòng nêu ít nhất một cách phòng tránh.")
		}
		for _, a := range f.Audiences {
			if !hasCode(Audiences, a) {
				v.Fieldf("audiences", "Không có nhóm đối tượng “%s”.", a)
			}
		}
		if f.FirstSeen != "" && !firstSeenRE.MatchString(f.FirstSeen) {
			v.Field("first_seen", "Thời điểm xuất hiện ghi dạng năm (2024) hoặc năm-tháng (2024-05).")
		}
	case KindWarning:
		f = Fields{Severity: in.Severity, Urgency: in.Urgency, Channels: clean(in.Channels), Tactic: strings.TrimSpace(in.Tactic)}
		if !hasCode(Severities, f.Severity) {
			v.Field("severity", "Vui lòng chọn mức độ nghiêm trọng.")
		}
		if !hasCode(Urgencies, f.Urgency) {
			v.Field("urgency", "Vui lòng chọn mức độ khẩn cấp.")
		}
		f.Area = checkArea(v, in.Area)
		f.ValidFrom = date(v, "valid_from", in.ValidFrom, false)
		f.ValidUntil = date(v, "valid_until", in.ValidUntil, false)
		if f.ValidFrom != "" && f.ValidUntil != "" && f.ValidUntil < f.ValidFrom {
			v.Field("valid_until", "Ngày hết hiệu lực trước ngày bắt đầu hiệu lực.")
		}
		for _, c := range f.Channels {
			if !hasCode(Channels, c) {
				v.Fieldf("channels", "Không có kênh “%s”.", c)
			}
		}
		if f.Tactic != "" {
			var x int
			if s.db.R.QueryRowContext(ctx, `SELECT 1 FROM content_items WHERE kind = 'tactic' AND slug = $1`, f.Tactic).Scan(&x) != nil {
				v.Fieldf("tactic", "Không có thủ đoạn “%s” trong cẩm nang.", f.Tactic)
			}
		}
		if body == "" {
			v.Field("body", "Vui lòng viết nội dung cảnh báo.")
		}
	case KindArticle:
		if body == "" {
			v.Field("body", "Vui lòng viết nội dung bài.")
		}
	case KindLegal:
		f = Fields{Number: oneLine(in.Number), DocKind: oneLine(in.DocKind), Issuer: oneLine(in.Issuer)}
		if f.Number == "" {
			v.Field("number", "Vui lòng ghi số, ký hiệu văn bản (ví dụ: 24/2018/QH14).")
		}
		if f.DocKind == "" {
			v.Field("doc_kind", "Vui lòng ghi loại văn bản (Luật, Nghị định, Thông tư…).")
		}
		if f.Issuer == "" {
			v.Field("issuer", "Vui lòng ghi cơ quan ban hành.")
		}
		f.Issued = date(v, "issued", in.Issued, true)
		f.Effective = date(v, "effective", in.Effective, false)
		if f.Issued != "" && f.Effective != "" && f.Effective < f.Issued {
			v.Field("effective", "Ngày có hiệu lực trước ngày ban hành.")
		}
	case KindPractice:
		f = Fields{Unit: oneLine(in.Unit), Person: oneLine(in.Person), Reason: strings.TrimSpace(in.Reason)}
		if f.Unit == "" {
			v.Field("practice_unit", "Vui lòng ghi tên tập thể, đơn vị được biểu dương.")
		}
		if f.Reason == "" {
			v.Field("reason", "Vui lòng ghi thành tích, cách làm được biểu dương.")
		}
		f.Date = date(v, "date", in.Date, true)
	}
	return f
}

var firstSeenRE = regexp.MustCompile(`^(19|20)[0-9]{2}(-(0[1-9]|1[0-2]))?$`)

// checkArea returns the province's current name, or AreaNationwide.
func checkArea(v *errs.Invalid, typed string) string {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		v.Field("area", "Vui lòng chọn địa bàn: một tỉnh, thành phố hoặc Toàn quốc.")
		return ""
	}
	if vn.Fold(typed) == vn.Fold(AreaNationwide) {
		return AreaNationwide
	}
	name, ok := vn.Province(typed)
	if !ok {
		v.Fieldf("area", "“%s” không phải tên một tỉnh, thành phố (34 đơn vị từ 01/7/2025) hay Toàn quốc.", typed)
	}
	return name
}

// date reads a date as typed into YYYY-MM-DD.
func date(v *errs.Invalid, field, typed string, required bool) string {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		if required {
			v.Field(field, "Vui lòng nhập ngày.")
		}
		return ""
	}
	t, err := vn.ParseDate(typed)
	if err != nil {
		v.Field(field, err.Error())
		return ""
	}
	return vn.ISODate(t)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func clean(xs []string) []string {
	var out []string
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// TextToHTML turns plain text whose paragraphs are separated by blank
// lines into escaped HTML paragraphs, for content written as plain text
// (the seed catalogue, a pasted message), portal paths named as links.
func TextToHTML(text string) string {
	var b strings.Builder
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(LinkPaths(p), "\n", "<br>"))
		b.WriteString("</p>")
	}
	return b.String()
}

// vnDate shows a stored date as dd/mm/yyyy.
func vnDate(d string) string {
	t, err := vn.ParseISODate(d)
	if err != nil {
		return d
	}
	return vn.FormatDate(t)
}

// vnTime shows an instant as dd/mm/yyyy hh:mm in Vietnam time (UTC+7, no
// daylight saving).
func vnTime(t time.Time) string {
	return vn.FormatDateTime(t)
}

// fieldLengths refuses, by name, an item of the structured lists or a short
// field longer than anyone writes; nothing is cut.
func fieldLengths(v *errs.Invalid, in Fields) {
	lists := []struct {
		name, label string
		items       []string
	}{
		{"signs", "Một dấu hiệu nhận biết", in.Signs}, {"protect", "Một cách phòng tránh", in.Protect},
		{"if_caught", "Một việc cần làm khi bị lừa", in.IfCaught}, {"examples", "Một ví dụ", in.Examples},
		{"legal_basis", "Một căn cứ pháp lý", in.LegalBasis}, {"keywords", "Một từ khóa", in.Keywords},
		{"audiences", "Một nhóm đối tượng", in.Audiences}, {"channels", "Một kênh", in.Channels},
	}
	for _, l := range lists {
		for _, x := range l.items {
			v.MaxLen(l.name, l.label, x, 2000)
		}
	}
	for _, f := range []struct{ name, label, text string }{
		{"category", "Nhóm thủ đoạn", in.Category}, {"first_seen", "Thời điểm xuất hiện", in.FirstSeen}, {"tactic", "Thủ đoạn", in.Tactic},
		{"area", "Địa bàn", in.Area}, {"number", "Số hiệu", in.Number}, {"doc_kind", "Loại văn bản", in.DocKind},
		{"issuer", "Cơ quan ban hành", in.Issuer}, {"unit", "Đơn vị", in.Unit}, {"person", "Người", in.Person},
		{"reason", "Lý do", in.Reason},
	} {
		v.MaxLen(f.name, f.label, f.text, 500)
	}
}
