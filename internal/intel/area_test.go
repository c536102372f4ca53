package intel_test

import (
	"context"
	"errors"
	"fmt"
	"github.com/canhgiac/canhgiac/internal/upload"
	"slices"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/access"
	"github.com/canhgiac/canhgiac/internal/activity"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/intel"
	"github.com/canhgiac/canhgiac/internal/store"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// Analysts of three places: Cao Bằng, An Giang and the national level.
var areas = map[int64]intel.Area{
	21: {Provinces: []string{"Cao Bằng"}},
	22: {Provinces: []string{"An Giang"}},
	23: {All: true},
	31: {Provinces: []string{"Cao Bằng"}}, // Cao Bằng's coordinator
}

func analystOf(id int64, name string) context.Context {
	return access.With(context.Background(), &access.Actor{UserID: id, Username: name, UnitID: id, Grants: []access.Grant{{Role: access.RoleAnalyst, ScopeUnit: id}}})
}

var (
	caoBang  = analystOf(21, "xacminh-caobang")
	anGiang  = analystOf(22, "xacminh-angiang")
	national = analystOf(23, "xacminh-bocongan")
)

// areaService is a service whose analysts review the areas above, as app
// wires it from the unit tree.
func areaService(t *testing.T, db *store.DB) *intel.Service {
	s := sealedService(t, db)
	s.AreaOf = func(ctx context.Context) (intel.Area, error) { return areas[access.From(ctx).UserID], nil }
	return s
}

func queueDisplays(t *testing.T, s *intel.Service, ctx context.Context) []string {
	t.Helper()
	q, err := s.Queue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range q {
		out = append(out, p.Display)
	}
	slices.Sort(out)
	return out
}

func TestTriage_AnAnalystSeesAndDecidesOnlyTheirProvince(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := areaService(t, db)
		submit := func(number, province, partnerProvince string) *intel.Tip {
			in := intel.TipInput{Indicators: []string{number}, Tactic: "fraud", Province: province, Description: "Gọi điện giả danh công an.", IP: "10.1." + number[len(number)-2:] + ".1", Device: number}
			if partnerProvince != "" {
				in.Partner, in.PartnerProvince = "cgk_viettel", partnerProvince
			}
			tip, err := s.Submit(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			return tip
		}
		cb := submit("0912000011", "Cao Bằng", "")
		submit("0912000022", "An Giang", "")
		submit("0912000033", "", "")         // no province: the national level's
		submit("0912000044", "", "Cao Bằng") // a partner unit in Cao Bằng
		files := activity.Files{Dir: t.TempDir()}
		receipt, err := upload.Check("files", "chuyen-khoan.pdf", []byte("%PDF-1.4\nbien lai\nstartxref\n0\n%%EOF\n"), upload.Evidence)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Attach(ctx, files, cb.ID, []upload.File{receipt}); err != nil {
			t.Fatal(err)
		}

		for _, c := range []struct {
			who  string
			ctx  context.Context
			want []string
		}{
			{"Cao Bằng", caoBang, []string{"+84912000011", "+84912000044"}},
			{"An Giang", anGiang, []string{"+84912000022"}},
			{"national", national, []string{"+84912000011", "+84912000022", "+84912000033", "+84912000044"}},
		} {
			if got := queueDisplays(t, s, c.ctx); !slices.Equal(got, c.want) {
				t.Errorf("%s analyst's queue = %v, want %v", c.who, got, c.want)
			}
		}
		st, err := s.Statistics(anGiang, 12)
		if err != nil || st.Reports != 1 || st.Indicators != 1 || len(st.ByProvince) != 1 || st.ByProvince[0].Label != "An Giang" {
			t.Errorf("An Giang's statistics: %+v %v", st, err)
		}
		if st, _ := s.Statistics(national, 12); st.Reports != 4 {
			t.Errorf("national statistics count %d reports, want 4", st.Reports)
		}

		cbID := pendingIn(t, s, national, "+84912000011").ID
		// The An Giang analyst can neither open, ask about, merge nor decide it.
		const rule = "Chỉ cán bộ xác minh của tỉnh Cao Bằng được"
		sum := evidenceSum(t, s, caoBang, cbID)
		_, _, err = s.EvidenceFile(anGiang, files, sum)
		refused(t, "evidence", err, rule+" xem tệp")
		refused(t, "ask", s.AskMore(anGiang, cb.Code, "Gửi thêm ảnh chụp màn hình."), rule+" hỏi thêm")
		refused(t, "merge", s.MergeTip(anGiang, cb.Code, cb.Code+"X"), rule+" gộp")
		_, err = s.Decide(anGiang, cbID, true, "")
		refused(t, "decide", err, rule+" quyết định tố giác này")
		if p := pendingIn(t, s, national, "+84912000011"); p.Verified || len(p.Tips) != 1 || p.Tips[0].Status != "new" {
			t.Fatalf("a refused decision changed the indicator: %+v", p)
		}
		if _, err := s.Statistics(access.With(ctx, &access.Actor{UserID: 9}), 12); !errors.Is(err, errs.ErrForbidden) {
			t.Errorf("statistics without the permission: %v", err)
		}
		// The Cao Bằng analyst can.
		if _, _, err := s.EvidenceFile(caoBang, files, sum); err != nil {
			t.Errorf("Cao Bằng opens its tip's evidence: %v", err)
		}
		if out, err := s.Decide(caoBang, cbID, true, ""); err != nil || out != intel.Decided {
			t.Fatalf("Cao Bằng decides its tip: %v %v", out, err)
		}

		// A removal request about the verified number belongs to Cao Bằng.
		rm, err := s.RequestRemoval(ctx, "0912000011", ownerReason, "chu.so@example.vn", true)
		if err != nil {
			t.Fatal(err)
		}
		if l, err := s.Removals(anGiang); err != nil || len(l) != 0 {
			t.Errorf("An Giang's removal list: %+v %v", l, err)
		}
		if l, err := s.Removals(caoBang); err != nil || len(l) != 1 {
			t.Errorf("Cao Bằng's removal list: %+v %v", l, err)
		}
		_, err = s.RemovalForReview(anGiang, rm.ID)
		refused(t, "removal review", err, rule+" xem yêu cầu gỡ cảnh báo")
		_, err = s.DecideRemoval(anGiang, rm.ID, true, "")
		refused(t, "removal decision", err, rule+" quyết định yêu cầu gỡ cảnh báo")
		if one, err := s.RemovalForReview(caoBang, rm.ID); err != nil || one.Contact != "chu.so@example.vn" || one.Status != "new" {
			t.Fatalf("Cao Bằng's review: %+v %v", one, err)
		}
		if _, err := s.DecideRemoval(caoBang, rm.ID, false, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DecideRemoval(caoBang, rm.ID, false, ""); errs.KindOf(err) != errs.KindConflict {
			t.Errorf("deciding a decided request again: %v", err)
		}
	})
}

// A report's province is typed by whoever sends it: one more report naming
// another province must not hand the number to that province's analysts
// (nor let them overturn a verdict made where it was first reported), so a
// number reported in two provinces is seen by both and decided nationally.
func TestTriage_AnIndicatorReportedInTwoProvincesIsDecidedNationally(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := areaService(t, db)
		for i, p := range []string{"Cao Bằng", "An Giang"} {
			if _, err := s.Submit(ctx, intel.TipInput{Indicators: []string{"0912000055"}, Province: p, Description: "Tố giác ở " + p, IP: fmt.Sprint("10.2.", i, ".1"), Device: p}); err != nil {
				t.Fatal(err)
			}
		}
		p := pendingIn(t, s, anGiang, "+84912000055")
		if len(p.Tips) != 1 || p.Tips[0].Province != "An Giang" || p.Reports != 2 {
			t.Fatalf("An Giang sees the indicator with its own report only: %+v", p)
		}
		if q := queueDisplays(t, s, analystOf(24, "khong-vung")); len(q) != 0 {
			t.Errorf("an analyst with no province sees %v", q)
		}
		for name, ctx := range map[string]context.Context{"An Giang": anGiang, "Cao Bằng": caoBang} {
			_, err := s.Decide(ctx, p.ID, false, "")
			refused(t, name+" deciding alone", err, "chỉ cán bộ xác minh cấp trung ương được quyết định tố giác này")
		}
		if p := pendingIn(t, s, national, "+84912000055"); p.Verified {
			t.Fatalf("a refused decision changed the indicator: %+v", p)
		}
		if out, err := s.Decide(national, p.ID, false, ""); err != nil || out != intel.Decided {
			t.Fatalf("the national level decides: %v %v", out, err)
		}
	})
}

func TestDecide_AProtectedIndicatorNeedsASecondAnalyst(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := areaService(t, db)
		if _, err := s.Submit(ctx, intel.TipInput{Indicators: []string{"https://www.vietcombank.com.vn/"}, Province: "Cao Bằng", IP: "10.3.0.1"}); err != nil {
			t.Fatal(err)
		}
		c := s.Checker()
		c.Refresh(ctx)
		p := pendingIn(t, s, caoBang, "https://www.vietcombank.com.vn/")
		out, err := s.Decide(caoBang, p.ID, true, "Trang giả mạo đã chiếm tên miền phụ.")
		if err != nil || out != intel.Proposed {
			t.Fatalf("the first analyst's decision: %v %v, want a proposal", out, err)
		}
		c.Refresh(ctx)
		if a := c.Check("https://www.vietcombank.com.vn/"); a.Verdict != "unknown" {
			t.Fatalf("one analyst changed a protected indicator: %+v", a)
		}
		p = pendingIn(t, s, caoBang, "https://www.vietcombank.com.vn/")
		if p.Proposal == nil || !p.Proposal.Verify || p.Proposal.By != "xacminh-caobang" {
			t.Fatalf("the queue shows the proposal: %+v", p.Proposal)
		}
		_, err = s.Decide(caoBang, p.ID, true, "")
		refused(t, "the proposer confirming", err, "Chỉ dấu chính thức cần hai cán bộ xác minh")
		c.Refresh(ctx)
		if a := c.Check("https://www.vietcombank.com.vn/"); a.Verdict != "unknown" {
			t.Fatalf("the proposer confirmed alone: %+v", a)
		}
		_, err = s.Decide(anGiang, p.ID, true, "")
		refused(t, "another province's analyst", err, "Chỉ cán bộ xác minh của tỉnh Cao Bằng")
		// The province's coordinator may review tips, but is not the second
		// analyst a protected indicator needs.
		coordinator := access.With(context.Background(), &access.Actor{UserID: 31, Username: "thuongtruc-caobang", UnitID: 21,
			Grants: []access.Grant{{Role: access.RoleCoordinator, ScopeUnit: 21}}})
		if coordinator := access.From(coordinator); !coordinator.Has(access.TipReview) {
			t.Fatal("a coordinator reviews tips (the rule tested here needs it)")
		}
		_, err = s.Decide(coordinator, p.ID, true, "")
		refused(t, "a coordinator confirming", err, "Chỉ dấu chính thức chỉ do cán bộ xác minh")
		c.Refresh(ctx)
		if a := c.Check("https://www.vietcombank.com.vn/"); a.Verdict != "unknown" {
			t.Fatalf("a coordinator confirmed: %+v", a)
		}
		if out, err := s.Decide(national, p.ID, true, ""); err != nil || out != intel.Decided {
			t.Fatalf("a second analyst confirms: %v %v", out, err)
		}
		c.Refresh(ctx)
		if a := c.Check("https://www.vietcombank.com.vn/"); a.Verdict != "scam" {
			t.Fatalf("after two analysts: %+v", a)
		}
		// Clearing it through a removal request needs two as well.
		rm, err := s.RequestRemoval(ctx, "https://www.vietcombank.com.vn/", ownerReason, "phap.che@vietcombank.com.vn", true)
		if err != nil {
			t.Fatal(err)
		}
		if out, err := s.DecideRemoval(caoBang, rm.ID, true, ""); err != nil || out != intel.Proposed {
			t.Fatalf("the first grant: %v %v, want a proposal", out, err)
		}
		_, err = s.DecideRemoval(caoBang, rm.ID, true, "")
		refused(t, "the proposer granting again", err, "Chỉ dấu chính thức cần hai cán bộ xác minh")
		c.Refresh(ctx)
		if a := c.Check("https://www.vietcombank.com.vn/"); a.Verdict != "scam" {
			t.Fatalf("one analyst cleared a protected indicator: %+v", a)
		}
		if out, err := s.DecideRemoval(national, rm.ID, true, ""); err != nil || out != intel.Decided {
			t.Fatalf("a second analyst grants: %v %v", out, err)
		}
		c.Refresh(ctx)
		if a := c.Check("https://www.vietcombank.com.vn/"); a.Verdict != "unknown" {
			t.Fatalf("after two analysts granted the removal: %+v", a)
		}
	})
}

func pendingIn(t *testing.T, s *intel.Service, ctx context.Context, display string) intel.Pending {
	t.Helper()
	q, err := s.Queue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range q {
		if p.Display == display {
			return p
		}
	}
	t.Fatalf("%s is not in the queue", display)
	return intel.Pending{}
}

func evidenceSum(t *testing.T, s *intel.Service, ctx context.Context, indicator int64) string {
	t.Helper()
	fs, err := s.EvidenceOf(ctx, indicator)
	if err != nil || len(fs) == 0 {
		t.Fatalf("evidence: %v %v", fs, err)
	}
	return fs[0].SHA256
}

func refused(t *testing.T, what string, err error, rule string) {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind != errs.KindForbidden || !strings.Contains(e.VI, rule) {
		t.Errorf("%s: %v, want a refusal saying %q", what, err, rule)
	}
}
