package web_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

func TestActivities_QuickEntryKeepsWhatWasTypedAndRefusesBadFigures(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Login("canbo", e.Passwords["canbo"])
	c.Get("/quan-tri/hoat-dong")
	bad := url.Values{"unit": {"cao-bang-snnmt"}, "date": {"31/02/2026"}, "form": {"party-cell"}, "title": {"Sinh hoạt chi bộ tháng 11"},
		"participants": {"-5"}, "views": {"1.250"}, "links": {"khong-phai-link"}}
	r := c.Post("/quan-tri/hoat-dong", bad)
	if r.Status != 422 {
		t.Fatalf("bad figures: %d", r.Status)
	}
	for _, want := range []string{"không hợp lệ", "không phải một số đếm", "Đường dẫn", "Sinh hoạt chi bộ tháng 11", `value="1.250"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	good := url.Values{"unit": {"cao-bang-snnmt"}, "date": {"12/11/2026"}, "form": {"party-cell"}, "title": {"Sinh hoạt chi bộ tháng 11"},
		"participants": {"34"}, "views": {"1.250"}, "tactics": {"fraud"}, "links": {"https://snnmt.caobang.gov.vn/tin/123"}}
	if r := c.Post("/quan-tri/hoat-dong", good); r.Status != http.StatusSeeOther {
		t.Fatalf("log: %d %.300s", r.Status, r.Body)
	}
	if r := c.Get("/quan-tri/hoat-dong"); !strings.Contains(r.Body, "Sinh hoạt chi bộ tháng 11") || !strings.Contains(r.Body, "1.250") {
		t.Fatal("the logged activity is not listed with its figures")
	}
	withFile := url.Values{"unit": {"cao-bang-snnmt"}, "date": {"13/11/2026"}, "form": {"banner"}, "title": {"Treo băng rôn tại cổng cơ quan"}, "@files": {"virus.exe|MZ\x90\x00binary"}}
	if r := c.Post("/quan-tri/hoat-dong", withFile); r.Status != 422 || !strings.Contains(r.Body, "chỉ nhận ảnh JPEG") || !strings.Contains(r.Body, "Treo băng rôn tại cổng cơ quan") {
		t.Fatalf("an .exe as evidence: %d", r.Status)
	}
	withFile["@files"] = []string{"bang-ron.png|" + pngBytes}
	if r := c.Post("/quan-tri/hoat-dong", withFile); r.Status != http.StatusSeeOther {
		t.Fatalf("a photo as evidence: %d %.300s", r.Status, r.Body)
	}
	list := c.Get("/quan-tri/hoat-dong").Body
	i := strings.Index(list, "/quan-tri/hoat-dong/tep/")
	if i < 0 || !strings.Contains(list, "bang-ron.png") {
		t.Fatal("the evidence is not linked from the list")
	}
	link := list[i : i+len("/quan-tri/hoat-dong/tep/")+64]
	resp, err := c.HTTP.Get(e.Server.URL + link)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(string(b), "\x89PNG") {
		t.Fatalf("evidence download: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestReports_LeaderSignsCoordinatorSeesAggregateAndReturnsOne(t *testing.T) {
	e := testutil.Start(t, "")
	leader := e.NewClient(t)
	leader.Login("lanhdao", e.Passwords["lanhdao"])
	page := leader.Get("/quan-tri/bao-cao/cao-bang-snnmt/2024-H1")
	if page.Status != 200 || !strings.Contains(page.Body, "Văn phòng Sở Nông nghiệp") || !strings.Contains(page.Body, "Chưa gửi (quá hạn)") {
		t.Fatalf("the department's 2024-H1 report: %d; want its sub-units' rows with one missing", page.Status)
	}
	if r := leader.Post("/quan-tri/bao-cao/cao-bang-snnmt/2024-H1/gui", nil); r.Status != 409 {
		t.Fatalf("submitting before signing: %d, want 409", r.Status)
	}
	if r := leader.Post("/quan-tri/bao-cao/cao-bang-snnmt/2024-H1/dinh-kem", url.Values{"@files": {"bien-ban.pdf|" + pdfOf("bien ban hop")}}); r.Status != http.StatusSeeOther {
		t.Fatalf("attach: %d %.300s", r.Status, r.Body)
	}
	if r := leader.Get("/quan-tri/bao-cao/cao-bang-snnmt/2024-H1"); !strings.Contains(r.Body, "bien-ban.pdf") {
		t.Fatal("the attachment is not listed on the report")
	}
	if r := leader.Post("/quan-tri/bao-cao/cao-bang-snnmt/2024-H1/ky", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("sign: %d %.300s", r.Status, r.Body)
	}
	for i := 0; i < 2; i++ { // submitting twice is harmless
		if r := leader.Post("/quan-tri/bao-cao/cao-bang-snnmt/2024-H1/gui", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("submit %d: %d %.300s", i+1, r.Status, r.Body)
		}
	}
	coord := e.NewClient(t)
	coord.Login("thuongtruc", e.Passwords["thuongtruc"])
	agg := coord.Get("/quan-tri/bao-cao/cao-bang/2024-H1")
	if agg.Status != 200 {
		t.Fatalf("province aggregate: %d", agg.Status)
	}
	for _, want := range []string{"Sở Nông nghiệp và Phát triển nông thôn tỉnh Cao Bằng", "Trễ hạn", "Đúng hạn", "Chưa gửi (quá hạn)", "Bị trả lại"} {
		if !strings.Contains(agg.Body, want) {
			t.Errorf("the aggregate lacks %q", want)
		}
	}
	if ov := coord.Get("/quan-tri/tong-quan?nam=2024&don-vi=cao-bang"); !strings.Contains(ov.Body, "Theo thủ đoạn và hình thức") || !strings.Contains(ov.Body, "Lừa đảo chiếm đoạt tài sản") || !strings.Contains(ov.Body, "Chưa gửi (quá hạn)") {
		t.Fatal("the overview lacks the tactic table or the late units")
	}
	coord.Get("/quan-tri/bao-cao/cao-bang-sct/2024-H1")
	if r := coord.Post("/quan-tri/bao-cao/cao-bang-sct/2024-H1/tra-lai", url.Values{"comment": {""}}); r.Status != 422 || !strings.Contains(r.Body, "lý do trả lại") {
		t.Fatalf("returning without a comment: %d", r.Status)
	}
	if r := coord.Post("/quan-tri/bao-cao/cao-bang-sct/2024-H1/tra-lai", url.Values{"comment": {"Bổ sung số liệu băng rôn theo từng chợ."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("return: %d %.300s", r.Status, r.Body)
	}
	officer := e.NewClient(t)
	e.AddUser(t, "canbo-sct", "cao-bang-sct", "", "officer")
	officer.Login("canbo-sct", "mat-khau-thu-nghiem-canbo-sct")
	if r := officer.Get("/quan-tri/bao-cao/cao-bang-sct/2024-H1"); !strings.Contains(r.Body, "Bổ sung số liệu băng rôn theo từng chợ.") || !strings.Contains(r.Body, "Bị trả lại") {
		t.Fatal("the department does not see the comment on its returned report")
	}
	for _, f := range []string{"docx", "xlsx"} {
		resp, err := coord.HTTP.Get(e.Server.URL + "/quan-tri/bao-cao/cao-bang/2024-H1/tai-ve/" + f)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if resp.StatusCode != 200 || err != nil {
			t.Fatalf("%s download: %d %v", f, resp.StatusCode, err)
		}
		part := map[string]string{"docx": "word/document.xml", "xlsx": "xl/sharedStrings.xml"}[f]
		var text string
		for _, zf := range zr.File {
			if zf.Name == part {
				rc, _ := zf.Open()
				x, _ := io.ReadAll(rc)
				text = string(x)
			}
		}
		if !strings.Contains(text, "Sở Giáo dục và Đào tạo tỉnh Cao Bằng") && !strings.Contains(text, "BÁO CÁO") {
			t.Errorf("%s lacks the report's content", f)
		}
	}
}

func TestActivities_SpreadsheetImportAllOrNothingOrGoodRows(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Login("canbo", e.Passwords["canbo"])
	if r := c.Get("/quan-tri/hoat-dong/mau/xlsx"); r.Status != 200 || !strings.HasPrefix(r.Body, "PK") {
		t.Fatalf("template: %d", r.Status)
	}
	c.Get("/quan-tri/hoat-dong")
	csv := "Ngày,Hình thức,Nội dung hoạt động,Số người tham dự\n" +
		"05/11/2026,meeting,Họp giao ban lồng ghép cảnh báo lừa đảo,25\n" +
		"31/02/2026,meeting,Ngày sai,10\n" +
		"06/11/2026,meeting,Số âm,-3\n"
	r := c.Post("/quan-tri/hoat-dong/nhap", url.Values{"unit": {"cao-bang-snnmt"}, "mode": {"all"}, "@file": {"hd.csv|" + csv}})
	if r.Status != 422 || !strings.Contains(r.Body, "Chưa nhập dòng nào") || !strings.Contains(r.Body, "Dòng 3") || !strings.Contains(r.Body, "Dòng 4") {
		t.Fatalf("all-or-nothing with bad rows: %d", r.Status)
	}
	if strings.Contains(c.Get("/quan-tri/hoat-dong").Body, "Họp giao ban lồng ghép") {
		t.Fatal("all-or-nothing imported a row")
	}
	r = c.Post("/quan-tri/hoat-dong/nhap", url.Values{"unit": {"cao-bang-snnmt"}, "mode": {"good"}, "@file": {"hd.csv|" + csv}})
	if r.Status != 200 || !strings.Contains(r.Body, "Đã nhập 1 hoạt động") || !strings.Contains(r.Body, "Họp giao ban lồng ghép") {
		t.Fatalf("good rows: %d %.300s", r.Status, r.Body)
	}
	r = c.Post("/quan-tri/hoat-dong/nhap", url.Values{"unit": {"cao-bang-snnmt"}, "mode": {"good"}, "@file": {"hd.csv|Tên,Tuổi\nAn,30\n"}})
	if r.Status != 422 || !strings.Contains(r.Body, "Ngày") || !strings.Contains(r.Body, "Hình thức") {
		t.Fatalf("wrong headers: %d; want the expected columns named", r.Status)
	}
}

func TestReports_CoordinatorAsksChosenUnitsForAnAdHocReport(t *testing.T) {
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	c.Login("thuongtruc", e.Passwords["thuongtruc"])
	if r := c.Get("/quan-tri/bao-cao"); !strings.Contains(r.Body, "Yêu cầu báo cáo đột xuất") {
		t.Fatal("the coordinator has no request form")
	}
	bad := url.Values{"unit": {"cao-bang"}, "kind": {"review"}, "name": {"Sơ kết 2 năm thực hiện Kế hoạch 940/KH-UBND"}, "from": {"22/04/2024"}, "to": {"31/02/2026"}, "due": {"15/12/2026"}}
	if r := c.Post("/quan-tri/bao-cao/yeu-cau", bad); r.Status != 422 || !strings.Contains(r.Body, "không hợp lệ") || !strings.Contains(r.Body, "Vui lòng chọn ít nhất một đơn vị") || !strings.Contains(r.Body, "Sơ kết 2 năm") {
		t.Fatalf("bad request: %d", r.Status)
	}
	ok := url.Values{"unit": {"cao-bang"}, "kind": {"review"}, "name": {"Sơ kết 2 năm thực hiện Kế hoạch 940/KH-UBND"}, "from": {"22/04/2024"}, "to": {"31/10/2026"},
		"due": {"15/12/2026"}, "units": {"cao-bang-sgddt", "cao-bang-snnmt", "cao-bang-viettel"}}
	r := c.Post("/quan-tri/bao-cao/yeu-cau", ok)
	if r.Status != http.StatusSeeOther || !strings.HasSuffix(r.Location, "/cao-bang/2026-AH-1") {
		t.Fatalf("request: %d %q %.300s", r.Status, r.Location, r.Body)
	}
	agg := c.Get(r.Location)
	if !strings.Contains(agg.Body, "Sở Giáo dục và Đào tạo tỉnh Cao Bằng") || !strings.Contains(agg.Body, "Sở Nông nghiệp và Môi trường tỉnh Cao Bằng") || strings.Contains(agg.Body, "Sở Công Thương") {
		t.Fatal("the ad hoc aggregate should list exactly the units asked")
	}
	// The page after sending names each unit asked, and a telecom company
	// asked beside the departments is expected to answer like them.
	if !strings.Contains(agg.Body, "Đã yêu cầu 3 đơn vị") || !strings.Contains(agg.Body, "Viettel Cao Bằng") || strings.Contains(agg.Body, "mã kỳ") {
		t.Fatalf("after sending, the page should name the 3 units asked: %.2000s", agg.Body)
	}
	leader := e.NewClient(t)
	leader.Login("lanhdao", e.Passwords["lanhdao"])
	if r := leader.Get("/quan-tri/bao-cao/cao-bang-snnmt/2026-AH-1"); r.Status != 200 || !strings.Contains(r.Body, "Sơ kết 2 năm") {
		t.Fatalf("the asked department's report page: %d", r.Status)
	}
}
