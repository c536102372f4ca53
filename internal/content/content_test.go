package content_test

import (
	"context"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/audit"
	"github.com/canhgiac/canhgiac/internal/clock"
	"github.com/canhgiac/canhgiac/internal/content"
	"github.com/canhgiac/canhgiac/internal/demo"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/org"
	"github.com/canhgiac/canhgiac/internal/publish"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// env is a database with the demo units and the services over it.
type env struct {
	db      *store.DB
	clk     *clock.Fixed
	org     *org.Service
	act     *activity.Service
	content *content.Service
	sys     context.Context
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	clk := clock.NewFixed(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	o := org.NewService(db, clk)
	a := activity.NewService(db, clk, o)
	if err := demo.LoadUnits(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	return &env{db: db, clk: clk, org: o, act: a, content: content.NewService(db, clk, o, a, nil), sys: access.With(context.Background(), access.System())}
}

// as returns a context of a user holding role over the subtree of unit
// scope, working in that unit.
func (e *env) as(t *testing.T, userID int64, role access.Role, scope string) context.Context {
	t.Helper()
	id, err := e.org.IDByCode(context.Background(), scope)
	if err != nil {
		t.Fatal(err)
	}
	return access.With(context.Background(), &access.Actor{UserID: userID, Username: string(role), UnitID: id, Grants: []access.Grant{{Role: role, ScopeUnit: id}}})
}

func (e *env) unitID(t *testing.T, code string) int64 {
	t.Helper()
	id, err := e.org.IDByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func warning(title string) content.Input {
	return content.Input{Kind: content.KindWarning, UnitCode: "cao-bang-ca", Title: title, Summary: "Kẻ gian gọi điện xưng là nhân viên điện lực.",
		Body:   `<p>Không chuyển tiền theo yêu cầu qua điện thoại.</p>`,
		Fields: content.Fields{Severity: "severe", Urgency: "immediate", Area: "cao bang", Channels: []string{"web", "sms"}, ValidFrom: "22/11/2026", ValidUntil: "22/12/2026"}}
}

func wantKind(t *testing.T, err error, k errs.Kind, what string) {
	t.Helper()
	if errs.KindOf(err) != k {
		t.Fatalf("%s: got %v (kind %d), want kind %d", what, err, errs.KindOf(err), k)
	}
}

func TestWorkflow_DraftReviewPublishWithFourEyesVersionsAndVerify(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		editor := e.as(t, 101, access.RoleEditor, "cao-bang-ca")
		coord := e.as(t, 102, access.RoleCoordinator, "cao-bang")
		leader := e.as(t, 103, access.RoleLeader, "cao-bang-ca")

		in := warning("Giả nhân viên điện lực báo cắt điện")
		in.Body = `<p onclick="steal()">Không chuyển tiền.</p><script>alert(1)</script><p>Gọi <a href="javascript:x()">113</a>.</p>`
		it, removed, err := e.content.Save(editor, in)
		if err != nil {
			t.Fatal(err)
		}
		if it.State != content.StateDraft || it.Version != 1 || it.Slug != "gia-nhan-vien-dien-luc-bao-cat-dien" || it.Fields.Area != "Cao Bằng" || it.Fields.ValidFrom != "2026-11-22" {
			t.Fatalf("new draft: %+v", it)
		}
		if strings.Contains(it.BodyHTML, "script") || strings.Contains(it.BodyHTML, "onclick") || strings.Contains(it.BodyHTML, "javascript:") {
			t.Fatalf("body kept something dangerous: %s", it.BodyHTML)
		}
		if len(removed) < 2 || !strings.Contains(strings.Join(removed, "; "), "script") {
			t.Fatalf("removed = %q; want the script and the event attribute named", removed)
		}

		_, err = e.content.Publish(editor, it.ID, time.Time{})
		wantKind(t, err, errs.KindForbidden, "an editor publishing")
		_, err = e.content.Publish(coord, it.ID, time.Time{})
		wantKind(t, err, errs.KindConflict, "publishing a draft that was not submitted")
		if it, err = e.content.Submit(editor, it.ID); err != nil || it.State != content.StateInReview {
			t.Fatalf("submit: %v %v", it, err)
		}
		_, _, err = e.content.Save(editor, content.Input{ID: it.ID, Title: "Sửa khi đang chờ duyệt"})
		wantKind(t, err, errs.KindConflict, "editing an item in review")
		_, err = e.content.Return(coord, it.ID, "  ")
		if errs.FieldsOf(err)["note"] == "" {
			t.Fatalf("returning without a note: %v", err)
		}
		if it, err = e.content.Return(coord, it.ID, "Ghi rõ số tổng đài điện lực."); err != nil || it.State != content.StateDraft || it.ReviewNote == "" {
			t.Fatalf("return: %+v %v", it, err)
		}

		// The coordinator edits the draft herself: she may not publish it.
		in2 := warning("Giả nhân viên điện lực gọi điện báo cắt điện")
		in2.ID = it.ID
		if it, _, err = e.content.Save(coord, in2); err != nil || it.Version != 2 {
			t.Fatalf("second version: %+v %v", it, err)
		}
		if _, err := e.content.Submit(editor, it.ID); err != nil {
			t.Fatal(err)
		}
		_, err = e.content.Publish(coord, it.ID, time.Time{})
		wantKind(t, err, errs.KindForbidden, "a reviewer publishing her own edit")
		var refusal *errs.Error
		if !errors.As(err, &refusal) || !strings.Contains(refusal.VI, "hai người") {
			t.Fatalf("four-eyes refusal should say why: %v", err)
		}
		_, err = e.content.Publish(leader, it.ID, e.clk.Now().Add(-time.Hour))
		if msg := errs.FieldsOf(err)["scheduled_at"]; !strings.Contains(msg, "đã qua") {
			t.Fatalf("a schedule in the past: %v (%q)", err, msg)
		}
		if it, err = e.content.Publish(leader, it.ID, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if it.State != content.StatePublished || it.PublishedVersion != 2 || !publish.ValidCode(it.Code) || len(it.Hash) != 64 || it.Issuer != "Công an tỉnh Cao Bằng" {
			t.Fatalf("published: %+v", it)
		}

		// The code and hash check out: the canonical text hashes to the hash.
		typed := strings.ToLower(it.Code[:5]) + "-" + it.Code[5:]
		p, err := e.content.Verify(context.Background(), typed)
		if err != nil {
			t.Fatal(err)
		}
		if p.Archived || p.Item.ID != it.ID || p.Version != 2 || p.Hash != it.Hash || publish.Hash([]byte(p.Canonical)) != p.Hash {
			t.Fatalf("verify: %+v", p)
		}
		for _, want := range []string{"issuer: Công an tỉnh Cao Bằng", "title: Giả nhân viên điện lực gọi điện báo cắt điện", "Không chuyển tiền theo yêu cầu", "Địa bàn: Cao Bằng"} {
			if !strings.Contains(p.Canonical, want) {
				t.Errorf("canonical text lacks %q:\n%s", want, p.Canonical)
			}
		}
		if again := content.Canonical(p.Item, p.Item.PublishedAt, p.Item.Issuer); string(again) != p.Canonical {
			t.Errorf("the canonical text cannot be rebuilt from the item:\n%s\n---\n%s", again, p.Canonical)
		}
		bad := []byte(it.Code)
		bad[3] = map[bool]byte{true: 'A', false: 'B'}[bad[3] != 'A']
		_, err = e.content.Verify(context.Background(), string(bad))
		wantKind(t, err, errs.KindInvalid, "a mistyped code")

		// Publication logged an activity for the unit.
		acts, err := e.act.List(e.sys, activity.Filter{UnitID: e.unitID(t, "cao-bang-ca")})
		if err != nil {
			t.Fatal(err)
		}
		var logged *activity.Activity
		for i := range acts {
			if acts[i].Source == "system" && strings.Contains(acts[i].Title, it.Title) {
				logged = &acts[i]
			}
		}
		if logged == nil || logged.Form != "web-article" || logged.Date != "2026-11-22" {
			t.Fatalf("no activity for the publication: %+v", acts)
		}

		// Editing the published item: a draft version, the published one stays live.
		in3 := warning("Cảnh báo: giả nhân viên điện lực")
		in3.ID = it.ID
		if it, _, err = e.content.Save(editor, in3); err != nil || it.State != content.StateDraft || it.Version != 3 || it.PublishedVersion != 2 || !it.HasUnpublishedChanges() {
			t.Fatalf("edit after publishing: %+v %v", it, err)
		}
		pub, err := e.content.BySlug(context.Background(), content.KindWarning, it.Slug)
		if err != nil || pub.Title != "Giả nhân viên điện lực gọi điện báo cắt điện" || pub.Version != 2 {
			t.Fatalf("the live version while a new one is drafted: %+v %v", pub, err)
		}
		vs, err := e.content.Versions(editor, it.ID)
		if err != nil || len(vs) != 3 || vs[0].Number != 3 || vs[1].PublishedAt.IsZero() || vs[1].Editor != "coordinator" {
			t.Fatalf("versions: %+v %v", vs, err)
		}
		oldHash, code := pub.Hash, pub.Code
		e.clk.Advance(time.Hour)
		if _, err := e.content.Submit(editor, it.ID); err != nil {
			t.Fatal(err)
		}
		if it, err = e.content.Publish(coord, it.ID, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if it.Code != code || it.Hash == oldHash || it.PublishedVersion != 3 {
			t.Fatalf("republished: code %s → %s, hash changed %v, version %d", code, it.Code, it.Hash != oldHash, it.PublishedVersion)
		}
		acts, _ = e.act.List(e.sys, activity.Filter{UnitID: e.unitID(t, "cao-bang-ca")})
		if n := countSystem(acts); n != 1 {
			t.Fatalf("a new version must not log another activity: %d system activities", n)
		}

		// Archived: off the portal, but the code still answers.
		if it, err = e.content.Archive(leader, it.ID); err != nil || it.State != content.StateArchived {
			t.Fatalf("archive: %+v %v", it, err)
		}
		_, err = e.content.BySlug(context.Background(), content.KindWarning, it.Slug)
		wantKind(t, err, errs.KindNotFound, "an archived item on the portal")
		if p, err = e.content.Verify(context.Background(), code); err != nil || !p.Archived || p.Version != 3 {
			t.Fatalf("verify after archiving: %+v %v", p, err)
		}

		// Every step is in the audit trail.
		entries, err := audit.List(context.Background(), db.R, audit.Filter{All: true, Action: "content."})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, en := range entries {
			seen[en.Action]++
		}
		for action, n := range map[string]int{"content.create": 1, "content.edit": 2, "content.submit": 3, "content.return": 1, "content.publish": 2, "content.archive": 1} {
			if seen[action] != n {
				t.Errorf("audit %s: %d entries, want %d", action, seen[action], n)
			}
		}
	})
}

func countSystem(acts []activity.Activity) int {
	n := 0
	for _, a := range acts {
		if a.Source == "system" {
			n++
		}
	}
	return n
}

func TestSchedule_PublishDuePublishesOnceWhenTheTimeComes(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		editor := e.as(t, 101, access.RoleEditor, "cao-bang-ca")
		coord := e.as(t, 102, access.RoleCoordinator, "cao-bang")
		it, _, err := e.content.Save(editor, warning("Hẹn giờ đăng cảnh báo"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.content.Submit(editor, it.ID); err != nil {
			t.Fatal(err)
		}
		at := e.clk.Now().Add(2 * time.Hour)
		if it, err = e.content.Publish(coord, it.ID, at); err != nil || !it.Scheduled() || it.State != content.StateInReview {
			t.Fatalf("schedule: %+v %v", it, err)
		}
		if n, err := e.content.PublishDue(context.Background(), e.clk.Now()); err != nil || n != 0 {
			t.Fatalf("before the time: %d %v", n, err)
		}
		if _, err := e.content.BySlug(context.Background(), content.KindWarning, it.Slug); errs.KindOf(err) != errs.KindNotFound {
			t.Fatalf("a scheduled item is not public yet: %v", err)
		}
		e.clk.Advance(3 * time.Hour)
		if n, err := e.content.PublishDue(context.Background(), e.clk.Now()); err != nil || n != 1 {
			t.Fatalf("when due: %d %v", n, err)
		}
		if n, _ := e.content.PublishDue(context.Background(), e.clk.Now()); n != 0 {
			t.Fatalf("published twice")
		}
		pub, err := e.content.BySlug(context.Background(), content.KindWarning, it.Slug)
		if err != nil || !publish.ValidCode(pub.Code) || pub.Scheduled() {
			t.Fatalf("after PublishDue: %+v %v", pub, err)
		}
	})
}

func TestScope_AnEditorOfAnotherUnitCannotEditOrCreate(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		editor := e.as(t, 101, access.RoleEditor, "cao-bang-ca")
		other := e.as(t, 104, access.RoleEditor, "cao-bang-sgddt")
		officer := e.as(t, 105, access.RoleOfficer, "cao-bang-ca")
		it, _, err := e.content.Save(editor, warning("Cảnh báo của Công an tỉnh"))
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = e.content.Save(other, content.Input{ID: it.ID, Title: "Sửa trái phép"})
		wantKind(t, err, errs.KindForbidden, "an editor of another unit editing")
		_, _, err = e.content.Save(other, warning("Tạo bài cho đơn vị khác"))
		wantKind(t, err, errs.KindForbidden, "an editor creating for another unit")
		_, err = e.content.Submit(other, it.ID)
		wantKind(t, err, errs.KindForbidden, "an editor of another unit submitting")
		_, err = e.content.Get(other, it.ID)
		wantKind(t, err, errs.KindForbidden, "an editor of another unit reading a draft")
		_, _, err = e.content.Save(officer, content.Input{ID: it.ID, Title: "Cán bộ không có quyền biên tập"})
		wantKind(t, err, errs.KindForbidden, "an officer editing")
		if l, err := e.content.List(other, content.ListFilter{}); err != nil || len(l) != 0 {
			t.Fatalf("another unit's editor lists %d items (%v)", len(l), err)
		}
		if l, err := e.content.List(editor, content.ListFilter{State: content.StateDraft}); err != nil || len(l) != 1 {
			t.Fatalf("the editor lists %d drafts (%v)", len(l), err)
		}
	})
}

func TestSave_ChecksEachKindsFieldsInVietnamese(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		editor := e.as(t, 101, access.RoleEditor, "cao-bang-ca")
		cases := []struct {
			in     content.Input
			fields []string
		}{
			{content.Input{Kind: content.KindWarning, UnitCode: "cao-bang-ca", Title: "X", Fields: content.Fields{Area: "Kiên Giang xưa", Severity: "huge", ValidFrom: "30/02/2026"}},
				[]string{"area", "severity", "urgency", "valid_from", "body"}},
			{content.Input{Kind: content.KindTactic, UnitCode: "cao-bang-ca", Title: "Y", Fields: content.Fields{Category: "fishing", FirstSeen: "năm ngoái"}},
				[]string{"category", "summary", "signs", "protect", "first_seen"}},
			{content.Input{Kind: content.KindLegal, UnitCode: "cao-bang-ca", Title: "Z", Fields: content.Fields{Issued: "01/07/2025", Effective: "01/01/2025"}},
				[]string{"number", "doc_kind", "issuer", "effective"}},
			{content.Input{Kind: content.KindPractice, UnitCode: "cao-bang-ca"}, []string{"title", "practice_unit", "reason", "date"}},
		}
		for _, c := range cases {
			_, _, err := e.content.Save(editor, c.in)
			f := errs.FieldsOf(err)
			for _, name := range c.fields {
				if f[name] == "" {
					t.Errorf("%s: no message for %q: %v", c.in.Kind, name, f)
				}
			}
		}
		// An old province's name is read as today's province.
		in := warning("Cảnh báo ở Kiên Giang")
		in.Fields.Area = "Kiên Giang"
		it, _, err := e.content.Save(editor, in)
		if err != nil || it.Fields.Area != "An Giang" {
			t.Fatalf("area: %+v %v", it, err)
		}
		// A second item with the same title gets its own address.
		it2, _, err := e.content.Save(editor, in)
		if err != nil || it2.Slug != it.Slug+"-2" {
			t.Fatalf("second slug: %q after %q (%v)", it2.Slug, it.Slug, err)
		}
		in.Slug = it.Slug
		_, _, err = e.content.Save(editor, in)
		if errs.FieldsOf(err)["slug"] == "" {
			t.Fatalf("a taken address: %v", err)
		}
	})
}

func TestCode_StableAndKeyedByTheDatabasesSecret(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		var codes []string
		for _, title := range []string{"Cảnh báo một", "Cảnh báo hai"} {
			it, _, err := e.content.Save(e.sys, warning(title))
			if err != nil {
				t.Fatal(err)
			}
			e.content.Submit(e.sys, it.ID)
			if it, err = e.content.Publish(e.sys, it.ID, time.Time{}); err != nil {
				t.Fatal(err)
			}
			codes = append(codes, it.Code)
			var v string
			if err := db.R.QueryRow(`SELECT value FROM settings WHERE name = 'content.code_secret'`).Scan(&v); err != nil {
				t.Fatal(err)
			}
			secret, _ := hex.DecodeString(v)
			if len(secret) < publish.MinSecretLen || it.Code != publish.Code("canh-bao", it.ID, secret) {
				t.Fatalf("code %s is not made with the database's secret", it.Code)
			}
		}
		if codes[0] == codes[1] {
			t.Fatal("two items share a code")
		}
		// Another instance over the same database makes the same codes.
		other := content.NewService(db, e.clk, e.org, e.act, nil)
		p, err := other.Verify(context.Background(), codes[0])
		if err != nil || p.Item.Code != codes[0] {
			t.Fatalf("verify from another instance: %v", err)
		}
	})
}

func TestSearchAndReach_LuaDaoWithoutMarksAndViewsBecomeReach(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		if err := demo.LoadContent(context.Background(), e.content); err != nil {
			t.Fatal(err)
		}
		hits, err := e.content.Search(context.Background(), "lua dao", 10)
		if err != nil || len(hits) == 0 {
			t.Fatalf("search “lua dao”: %d hits, %v", len(hits), err)
		}
		h := hits[0]
		if len(h.Marks) == 0 || !strings.Contains(strings.ToLower(h.Snippet), "lừa đảo") || !h.Item.Live() {
			t.Fatalf("first hit: %q marks %v", h.Snippet, h.Marks)
		}
		// Publishing rebuilds the index: a new warning is found at once.
		in := warning("Thủ đoạn mới: xổ số trúng thưởng qua Zalo")
		it, _, err := e.content.Save(e.sys, in)
		if err != nil {
			t.Fatal(err)
		}
		e.content.Submit(e.sys, it.ID)
		if _, err := e.content.Publish(e.sys, it.ID, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if hits, _ := e.content.Search(context.Background(), "xo so trung thuong", 5); len(hits) == 0 || hits[0].Item.ID != it.ID {
			t.Fatalf("the new warning is not found: %v", hits)
		}
		if _, err := e.content.Archive(e.sys, it.ID); err != nil {
			t.Fatal(err)
		}
		if hits, _ := e.content.Search(context.Background(), "xo so trung thuong", 5); len(hits) > 0 && hits[0].Item.ID == it.ID {
			t.Fatal("an archived item is still found")
		}

		entry, err := e.content.BySlug(context.Background(), content.KindTactic, "gia-danh-cong-an")
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			e.content.CountView(entry.ID)
		}
		if err := e.content.FlushViews(context.Background()); err != nil {
			t.Fatal(err)
		}
		e.content.CountView(entry.ID)
		if err := e.content.FlushViews(context.Background()); err != nil {
			t.Fatal(err)
		}
		entry, _ = e.content.BySlug(context.Background(), content.KindTactic, "gia-danh-cong-an")
		if entry.Views != 4 {
			t.Fatalf("views = %d, want 4", entry.Views)
		}
		acts, _ := e.act.List(e.sys, activity.Filter{UnitID: e.unitID(t, "cao-bang-ca")})
		found := false
		for _, a := range acts {
			if strings.Contains(a.Title, entry.Title) {
				found = a.Views == 4
			}
		}
		if !found {
			t.Fatal("the publication's activity does not show the 4 views as its reach")
		}
	})
}

func TestPublic_FiltersNewestFirstAndWarningsInForce(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		if err := demo.LoadContent(ctx, e.content); err != nil {
			t.Fatal(err)
		}
		ws, err := e.content.LatestWarnings(ctx, 50)
		if err != nil || len(ws) != 7 {
			t.Fatalf("warnings in force: %d (%v), want the 7 published", len(ws), err)
		}
		hcm, _ := e.content.Published(ctx, content.KindWarning, content.Filter{Area: "TP.HCM"})
		for _, w := range hcm {
			if w.Fields.Area != "Thành phố Hồ Chí Minh" && w.Fields.Area != content.AreaNationwide {
				t.Errorf("warning of %s listed for Hồ Chí Minh City", w.Fields.Area)
			}
		}
		if len(hcm) == 0 || len(hcm) == len(ws) {
			t.Errorf("the area filter kept %d of %d", len(hcm), len(ws))
		}
		e.clk.Advance(100 * 24 * time.Hour)
		if later, _ := e.content.LatestWarnings(ctx, 50); len(later) != 0 {
			t.Errorf("%d warnings still in force 100 days later", len(later))
		}
		crypto, _ := e.content.Published(ctx, content.KindTactic, content.Filter{Category: "crypto"})
		if len(crypto) != 1 || crypto[0].Slug != "nhom-chuyen-gia-tien-ao" {
			t.Errorf("crypto tactics: %v", crypto)
		}
		news, _ := e.content.NewTactics(ctx, 10)
		if len(news) == 0 {
			t.Error("no new tactics")
		}
		for _, n := range news {
			if !n.Fields.IsNew {
				t.Errorf("%s listed as new", n.Slug)
			}
		}
		legal, _ := e.content.Published(ctx, content.KindLegal, content.Filter{})
		if len(legal) != 12 || legal[0].Fields.Number == "" {
			t.Errorf("legal documents: %d", len(legal))
		}
	})
}

func TestDemoContent_EditorAndReviewerAccountsCanWork(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		if err := demo.LoadContent(context.Background(), e.content); err != nil {
			t.Fatal(err)
		}
		// The demo's bientap (editor of the provincial police) and
		// thuongtruc (coordinator over the province).
		bientap := e.as(t, 201, access.RoleEditor, "cao-bang-ca")
		thuongtruc := e.as(t, 202, access.RoleCoordinator, "cao-bang")
		queue, err := e.content.List(thuongtruc, content.ListFilter{State: content.StateInReview})
		if err != nil || len(queue) != 1 || queue[0].Kind != content.KindWarning {
			t.Fatalf("the reviewer's queue: %v %v", queue, err)
		}
		if _, err := e.content.Publish(thuongtruc, queue[0].ID, time.Time{}); err != nil {
			t.Fatalf("the demo reviewer publishes the waiting warning: %v", err)
		}
		entry, err := e.content.BySlug(context.Background(), content.KindTactic, "gia-danh-cong-an")
		if err != nil {
			t.Fatal(err)
		}
		it, err := e.content.Get(bientap, entry.ID)
		if err != nil {
			t.Fatal(err)
		}
		in := content.Input{ID: it.ID, Title: it.Title, Summary: it.Summary + " Cập nhật.", Fields: it.Fields}
		if _, _, err := e.content.Save(bientap, in); err != nil {
			t.Fatalf("the demo editor edits a handbook entry: %v", err)
		}
		if _, err := e.content.Submit(bientap, it.ID); err != nil {
			t.Fatal(err)
		}
		_, err = e.content.Publish(bientap, it.ID, time.Time{})
		if !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("the editor must not publish: %v", err)
		}
		if _, err := e.content.Publish(thuongtruc, it.ID, time.Time{}); err != nil {
			t.Fatal(err)
		}
	})
}
