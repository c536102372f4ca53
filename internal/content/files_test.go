package content_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/content"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
	"github.com/canhgiac/canhgiac/internal/upload"
)

// guarded passes a file through the upload guard, as the web layer does
// before a service stores it.
func guarded(t *testing.T, name string, data []byte) []upload.File {
	t.Helper()
	f, err := upload.Check("files", name, data, upload.Evidence)
	if err != nil {
		t.Fatal(err)
	}
	return []upload.File{f}
}

// grayPNG is a blank square picture of side n.
func grayPNG(n int) []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, n, n)))
	return b.Bytes()
}

func TestAttach_AFileOnAPublishedItemWaitsForASecondPerson(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		files := activity.Files{Dir: t.TempDir()}
		editor := e.as(t, 11, access.RoleEditor, "cao-bang-ca")
		coordinator := e.as(t, 12, access.RoleCoordinator, "cao-bang-ca") // writes and reviews
		leader := e.as(t, 13, access.RoleLeader, "cao-bang-ca")           // reviews
		public := context.Background()

		it, _, err := e.content.Save(editor, warning("Giả danh nhân viên điện lực"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.content.Submit(editor, it.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.content.Publish(coordinator, it.ID, time.Time{}); err != nil {
			t.Fatal(err)
		}
		var img bytes.Buffer
		png.Encode(&img, image.NewGray(image.Rect(0, 0, 4, 4)))
		if err := e.content.Attach(editor, files, it.ID, guarded(t, "ban-do.png", img.Bytes())); err != nil {
			t.Fatal(err)
		}
		all, err := e.content.Attachments(e.sys, it.ID)
		if err != nil || len(all) != 1 {
			t.Fatalf("the console lists %d files (%v), want 1", len(all), err)
		}
		sum := all[0].SHA256
		seen := func(what string, want bool) {
			t.Helper()
			pub, err := e.content.PublicAttachments(public, it.ID)
			if err != nil {
				t.Fatal(err)
			}
			_, _, ferr := e.content.Attachment(public, files, sum)
			if got := len(pub) > 0 && ferr == nil; got != want {
				t.Fatalf("%s: the public sees the file: %v (listed %d, download %v), want %v", what, got, len(pub), ferr, want)
			}
		}
		seen("after the editor attached it to the published warning", false)
		if live, err := e.content.BySlug(public, content.KindWarning, it.Slug); err != nil || live.Version != 1 {
			t.Fatalf("the published version must stay live meanwhile: %+v %v", live, err)
		}

		// The coordinator adds a file too: they now wrote this version and
		// may not publish it themselves.
		if err := e.content.Attach(coordinator, files, it.ID, guarded(t, "ban-do-2.png", grayPNG(5))); err != nil {
			t.Fatal(err)
		}
		if _, err := e.content.Submit(editor, it.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.content.Attach(editor, files, it.ID, guarded(t, "muon.png", img.Bytes())); errs.KindOf(err) != errs.KindConflict {
			t.Fatalf("attaching while in review: %v, want a conflict", err)
		}
		if _, err := e.content.Publish(coordinator, it.ID, time.Time{}); errs.KindOf(err) != errs.KindForbidden {
			t.Fatalf("the coordinator publishing the file they attached: %v, want refused (four eyes)", err)
		}
		seen("after the refused publication", false)
		if _, err := e.content.Publish(leader, it.ID, time.Time{}); err != nil {
			t.Fatal(err)
		}
		seen("after a second person published it", true)
	})
}
