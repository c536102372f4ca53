package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/app"
	"github.com/canhgiac/canhgiac/internal/config"
	"github.com/canhgiac/canhgiac/internal/content"
	"github.com/canhgiac/canhgiac/internal/content/seed"
	"github.com/canhgiac/canhgiac/internal/testutil"
)

func TestDemo_ContentCataloguePublishedWithOneWarningInReview(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir, cfg.Demo = testutil.DemoDir(t), true
	a, err := app.Open(context.Background(), cfg, app.Options{Out: io.Discard, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	sd, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// A warning comes from the police of the province it concerns; a
	// national one from the ministry's cyber-crime department.
	police := map[string]string{"Toàn quốc": "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao", "Cao Bằng": "Công an tỉnh Cao Bằng",
		"An Giang": "Công an tỉnh An Giang", "Thành phố Hà Nội": "Công an thành phố Hà Nội", "Thành phố Hồ Chí Minh": "Công an Thành phố Hồ Chí Minh",
		"Bắc Ninh": "Công an tỉnh Bắc Ninh"}
	want := map[content.Kind]int{content.KindTactic: len(sd.Handbook), content.KindWarning: len(sd.Warnings) - 1, content.KindArticle: len(sd.Articles),
		content.KindLegal: len(sd.Legal), content.KindPractice: len(sd.Practices)}
	for kind, n := range want {
		its, err := a.Content.Published(ctx, kind, content.Filter{Limit: 1000})
		if err != nil || len(its) != n {
			t.Errorf("%s: %d published (%v), want %d", kind, len(its), err, n)
		}
		for _, it := range its {
			issuer := "Công an tỉnh Cao Bằng"
			if kind == content.KindWarning {
				issuer = police[it.Fields.Area]
			}
			if it.Issuer != issuer || it.Code == "" {
				t.Errorf("%s %s (%s): issuer %q, code %q; want %q", kind, it.Slug, it.Fields.Area, it.Issuer, it.Code, issuer)
			}
		}
	}
	review, err := a.Content.List(access.With(ctx, access.System()), content.ListFilter{State: content.StateInReview})
	if err != nil || len(review) != 1 {
		t.Fatalf("in review: %d (%v), want one warning", len(review), err)
	}
	if qs, err := a.Content.Quizzes(ctx, ""); err != nil || len(qs) != len(sd.Quizzes) {
		t.Fatalf("quizzes: %d (%v)", len(qs), err)
	}
	if hits, err := a.Content.Search(ctx, "gia danh cong an", 5); err != nil || len(hits) == 0 {
		t.Fatalf("search in the demo: %v %v", hits, err)
	}
}
