package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

// chrome returns a browser context, or skips when no Chromium is installed.
// CI sets CANHGIAC_TEST_CHROME, and then a missing browser is a failure.
func chrome(t *testing.T, width, height int) context.Context {
	t.Helper()
	path := os.Getenv("CANHGIAC_TEST_CHROME")
	if path == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		t.Skip("Chromium not installed: set CANHGIAC_TEST_CHROME or install chromium (the CI does)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(width, height),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel3)
	if width < 600 {
		// Headless windows are at least 500 px wide; a phone is emulated.
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height), chromedp.EmulateMobile)); err != nil {
			t.Fatal(err)
		}
	}
	return ctx
}

// shot saves a screenshot when CANHGIAC_SCREENSHOTS names a folder, so a
// person can look at the pages the test walked through.
func shot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("CANHGIAC_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// signIn fills the login form as a person would, and for the roles that
// need a second factor enrols one from the secret the page shows (or types
// the code of the one enrolled before).
func signIn(t *testing.T, ctx context.Context, e *testutil.Env, user, pw string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.Server.URL+"/dang-nhap"),
		chromedp.WaitVisible(chromedp.CSS(`#username`)),
		chromedp.SendKeys(chromedp.CSS(`#username`), user),
		chromedp.SendKeys(chromedp.CSS(`#password`), pw),
		chromedp.Submit(chromedp.CSS(`#password`)),
		chromedp.WaitVisible(chromedp.CSS(`#tree, #code`)),
	)
	if err != nil {
		t.Fatalf("sign in as %s: %v", user, err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(loc, "/dang-nhap/thiet-lap-xac-thuc") {
		secret, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`code.secret`)))
		if err != nil {
			t.Fatalf("sign in as %s: the enrolment page: %v", user, err)
		}
		e.TOTPSecrets[user] = strings.TrimSpace(secret)
	}
	if strings.Contains(loc, "/dang-nhap/") {
		err := chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.CSS(`#code`), e.TOTPCode(t, user)),
			chromedp.Submit(chromedp.CSS(`#code`)),
			chromedp.WaitVisible(chromedp.CSS(`#tree`)),
		)
		if err != nil {
			t.Fatalf("sign in as %s: the second factor: %v", user, err)
		}
	}
}

func TestBrowser_SignInSeeTheTreeAndGoBackTo2024(t *testing.T) {
	for _, vp := range []struct {
		name          string
		width, height int
	}{{"desktop", 1280, 900}, {"phone", 375, 800}} {
		t.Run(vp.name, func(t *testing.T) {
			e := testutil.Start(t, "")
			ctx := chrome(t, vp.width, vp.height)
			if err := chromedp.Do(ctx, chromedp.Navigate(e.Server.URL+"/dang-nhap"), chromedp.WaitVisible(chromedp.CSS(`#username`))); err != nil {
				t.Fatal(err)
			}
			shot(t, ctx, vp.name+"-1-login")
			signIn(t, ctx, e, "canbo", e.Passwords["canbo"])
			tree, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#tree`)))
			if err != nil {
				t.Fatal(err)
			}
			shot(t, ctx, vp.name+"-2-tree-today")
			if !strings.Contains(tree, "Sở Nông nghiệp và Môi trường tỉnh Cao Bằng") || !strings.Contains(tree, "Chi cục Kiểm lâm") {
				t.Fatalf("the officer's tree today lacks their department: %q", tree)
			}
			if strings.Contains(tree, "Sở Giáo dục") {
				t.Fatalf("the officer sees another department: %q", tree)
			}
			// The quick link loads the 2024 tree in place (htmx) or as a page.
			err = chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`a[href="/quan-tri/don-vi?ngay=2024-06-30"]`)),
				chromedp.WaitVisible(chromedp.Search(`//section[@id="tree"]//a[contains(., "Phát triển nông thôn")]`)),
			)
			if err != nil {
				t.Fatal(err)
			}
			treeThen, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#tree`)))
			if err != nil {
				t.Fatal(err)
			}
			shot(t, ctx, vp.name+"-3-tree-2024")
			if !strings.Contains(treeThen, "Sở Nông nghiệp và Phát triển nông thôn tỉnh Cao Bằng") || !strings.Contains(treeThen, "Sở Tài nguyên và Môi trường tỉnh Cao Bằng") {
				t.Fatalf("the 2024 tree lacks the predecessor departments: %q", treeThen)
			}
		})
	}
}

func TestBrowser_OfficerLogsAnActivityOnAPhone(t *testing.T) {
	e := testutil.Start(t, "")
	ctx := chrome(t, 375, 800)
	signIn(t, ctx, e, "canbo", e.Passwords["canbo"])
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.Server.URL+"/quan-tri/hoat-dong"),
		chromedp.WaitVisible(chromedp.CSS(`#title`)),
		chromedp.SetValue(chromedp.CSS(`#form`), "social-post"),
		chromedp.SendKeys(chromedp.CSS(`#title`), "Chia sẻ cảnh báo giả danh điện lực trên nhóm Zalo cơ quan"),
		chromedp.SendKeys(chromedp.CSS(`#views`), "1.320"),
		chromedp.Click(chromedp.CSS(`input[name="tactics"][value="fraud"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "phone-activity-form")
	err = chromedp.Do(ctx,
		chromedp.Submit(chromedp.CSS(`#title`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash.ok`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "phone-activity-logged")
	body, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, "Đã ghi nhận: Chia sẻ cảnh báo giả danh điện lực") || !strings.Contains(body, "1.320") {
		t.Fatalf("after logging on a phone the page says: %.400s", body)
	}
	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width > 380 {
		t.Errorf("the activity page is %d px wide on a 375 px phone: it scrolls sideways", width)
	}
}

func TestBrowser_ReportDownloadShowsProgress(t *testing.T) {
	e := testutil.Start(t, "")
	ctx := chrome(t, 1280, 900)
	signIn(t, ctx, e, "thuongtruc", e.Passwords["thuongtruc"])
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.Server.URL+"/quan-tri/bao-cao/cao-bang/2024-H1"),
		chromedp.Click(chromedp.CSS(`a[data-progress][href$="/xlsx"]`)),
		chromedp.WaitVisible(chromedp.Search(`//span[contains(@class,"download-status") and contains(., "Đã tải xong")]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	status, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.download-status`)))
	if err != nil || !strings.Contains(status, "KB") {
		t.Fatalf("download status %q, %v", status, err)
	}
}

func TestBrowser_AdminPages(t *testing.T) {
	if os.Getenv("CANHGIAC_SCREENSHOTS") == "" {
		t.Skip("only takes screenshots for people to look at: set CANHGIAC_SCREENSHOTS=folder")
	}
	e := testutil.Start(t, "")
	for _, vp := range []struct {
		name          string
		width, height int
	}{{"desktop", 1280, 900}, {"phone", 375, 800}} {
		ctx := chrome(t, vp.width, vp.height)
		signIn(t, ctx, e, "quantri", e.Passwords["quantri"])
		for _, p := range []struct{ name, path string }{
			{"a-tree", "/quan-tri/don-vi"}, {"b-unit", "/quan-tri/don-vi/kien-giang-sldtbxh?ngay=2024-06-30"},
			{"c-unit-today", "/quan-tri/don-vi/an-giang-snv"}, {"d-restructure", "/quan-tri/don-vi/cao-bang-sgddt/sap-xep"},
			{"e-users", "/quan-tri/tai-khoan"}, {"f-audit", "/quan-tri/nhat-ky"}, {"g-account", "/quan-tri/ca-nhan"},
			{"h-search", "/quan-tri/don-vi?q=so+noi+vu"}, {"i-404", "/khong-co"}, {"j-home", "/"}, {"k-newunit", "/quan-tri/don-vi/moi"},
			{"l-plans", "/quan-tri/ke-hoach"}, {"m-plan940", "/quan-tri/ke-hoach/2"}, {"n-compliance", "/quan-tri/ke-hoach/2/trien-khai"},
			{"o-plan004", "/quan-tri/ke-hoach/3"}, {"p-edit-draft", "/quan-tri/ke-hoach/6/sua"},
			{"q-activities", "/quan-tri/hoat-dong"}, {"r-report-province", "/quan-tri/bao-cao/cao-bang/2024-H1"},
			{"s-report-dept", "/quan-tri/bao-cao/cao-bang-snnmt/2024-H1"}, {"t-overview", "/quan-tri/tong-quan?nam=2024&don-vi=cao-bang"},
			{"u-reports", "/quan-tri/bao-cao?nam=2024"}, {"v-notices", "/quan-tri/thong-bao"},
			{"w-check", "/tra-cuu?q=0389000005"}, {"x-tip", "/to-giac"}, {"y-triage", "/quan-tri/xac-minh"}, {"z-stats", "/quan-tri/thong-ke-to-giac"},
		} {
			if err := chromedp.Do(ctx, chromedp.Navigate(e.Server.URL+p.path), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
				t.Fatal(err)
			}
			shot(t, ctx, vp.name+"-"+p.name)
		}
	}
}
