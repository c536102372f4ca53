package plan_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/docgen"
	"github.com/canhgiac/canhgiac/internal/errs"
	"github.com/canhgiac/canhgiac/internal/plan"
	"github.com/canhgiac/canhgiac/internal/store/storetest"
)

// blockIndex is the position of the first block containing s, or -1.
func blockIndex(d docgen.Document, s string) int {
	for i, b := range d.Blocks {
		if strings.Contains(b.Text, s) {
			return i
		}
	}
	return -1
}

// A department's plan whose text assigns work to "Văn phòng Sở"; in the
// console the leader then adds a duty for the office and one with a 100 %
// target for Trung tâm Khuyến nông. Both must be on paper, in the part
// that assigns the work, with the target; the deputy's signature reads
// "KT. GIÁM ĐỐC"; "Nơi nhận" names the assignees and the archive.
func TestPlanDocument_PrintsDutiesAddedForSubUnitsAndCompletesTheSigner(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	p, err := f.p.Create(f.sys, "cao-bang-snnptnt", "Tuyên truyền phòng, chống tội phạm trên không gian mạng")
	if err != nil {
		t.Fatal(err)
	}
	e := plan.Edit{Title: p.Title, Content: plan.Content{Sections: []plan.Section{
		{Level: 1, Heading: "MỤC ĐÍCH, YÊU CẦU", Text: "- Nâng cao nhận thức."},
		{Level: 1, Heading: "TỔ CHỨC THỰC HIỆN"},
		{Level: 2, Heading: "Văn phòng Sở", Text: "- Xây dựng kế hoạch; theo dõi, đôn đốc các đơn vị triển khai thực hiện."},
		{Level: 1, Heading: "CHẾ ĐỘ BÁO CÁO", Text: "Định kỳ 06 tháng báo cáo Sở."},
	}}, Duties: []plan.DutyEdit{
		{UnitCode: "cao-bang-snnptnt-vp", UnitText: "Văn phòng Sở", Task: "Xây dựng kế hoạch; theo dõi, đôn đốc các đơn vị triển khai thực hiện", Group: 1},
		{UnitCode: "cao-bang-snnptnt-vp", Task: "Đăng tin cảnh báo trên trang thông tin điện tử của Sở hằng tháng", Group: 1},
		{UnitCode: "cao-bang-tt-khuyen-nong", Task: "Tuyên truyền cho nông dân tại các lớp tập huấn khuyến nông", Group: 2,
			Target: plan.Target{Metric: "lớp tập huấn có nội dung tuyên truyền", Value: "100", Unit: "%"}},
	}}
	if _, err := f.p.Update(f.sys, p.ID, e); err != nil {
		t.Fatal(err)
	}
	p, err = f.p.Issue(f.sys, p.ID, plan.IssueInput{Number: "125", Symbol: "KH-SNNPTNT", IssuedOn: "30/4/2024", Place: "Cao Bằng", Title: "PHÓ GIÁM ĐỐC", Name: "Lục Văn Quang"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := f.p.Document(f.sys, p)
	if err != nil {
		t.Fatal(err)
	}
	org := blockIndex(d, "II. TỔ CHỨC THỰC HIỆN")
	office := blockIndex(d, "1. Văn phòng Sở")
	added := blockIndex(d, "Đăng tin cảnh báo trên trang thông tin điện tử")
	centre := blockIndex(d, "Trung tâm Khuyến nông")
	target := blockIndex(d, "chỉ tiêu: lớp tập huấn có nội dung tuyên truyền: 100 %")
	report := blockIndex(d, "CHẾ ĐỘ BÁO CÁO")
	if org < 0 || office < org || added != office+2 || centre < added || target != centre+1 || report < target {
		for _, b := range d.Blocks {
			t.Log(b.Text)
		}
		t.Fatalf("duties out of place: part %d, office %d, added duty %d, centre %d, target %d, report part %d", org, office, added, centre, target, report)
	}
	if got := d.Blocks[centre].Text; got != "2. Trung tâm Khuyến nông tỉnh Cao Bằng" {
		t.Errorf("the centre's item reads %q", got)
	}
	if d.Signer.Authority != "KT. GIÁM ĐỐC" || d.Signer.Title != "PHÓ GIÁM ĐỐC" || d.Signer.Name != "Lục Văn Quang" {
		t.Errorf("signer = %+v", d.Signer)
	}
	rec := strings.Join(d.Recipients, "|")
	for _, want := range []string{"Văn phòng Sở", "Trung tâm Khuyến nông tỉnh Cao Bằng", "Lưu: VT"} {
		if !strings.Contains(rec, want) {
			t.Errorf("Nơi nhận %q lacks %q", rec, want)
		}
	}
	// And the same on paper: the .docx carries the added duties.
	var buf bytes.Buffer
	if err := docgen.WriteDOCX(&buf, d); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == "word/document.xml" {
			rc, _ := zf.Open()
			x, _ := io.ReadAll(rc)
			rc.Close()
			for _, want := range []string{"Đăng tin cảnh báo trên trang thông tin điện tử", "2. Trung tâm Khuyến nông tỉnh Cao Bằng", "KT. GIÁM ĐỐC"} {
				if !strings.Contains(string(x), want) {
					t.Errorf("the .docx lacks %q", want)
				}
			}
		}
	}
}

// A people's committee signs collectively: a plan signed "CHỦ TỊCH" alone
// is printed "TM. ỦY BAN NHÂN DÂN" over it, a vice-chairman's "TM. ỦY BAN
// NHÂN DÂN / KT. CHỦ TỊCH"; an authority the plan states is kept.
func TestPlanDocument_CommitteeSignsOnBehalfOfTheCommittee(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	for i, c := range []struct{ authority, title, want string }{
		{"", "CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"},
		{"", "PHÓ CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"},
		{"TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"},
	} {
		p, err := f.p.Create(f.sys, "cao-bang", "Kế hoạch "+c.title)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.p.Update(f.sys, p.ID, plan.Edit{Title: p.Title, Content: plan.Content{Sections: []plan.Section{{Level: 1, Heading: "MỤC ĐÍCH", Text: "Nâng cao nhận thức."}}},
			Duties: []plan.DutyEdit{{UnitCode: "cao-bang-ca", Task: "Theo dõi, đôn đốc", Group: 1}}}); err != nil {
			t.Fatal(err, errs.FieldsOf(err))
		}
		p, err = f.p.Issue(f.sys, p.ID, plan.IssueInput{Number: strconv.Itoa(90 + i), Symbol: "KH-UBND", IssuedOn: "22/4/2024", Place: "Cao Bằng", Authority: c.authority, Title: c.title, Name: "Người Ký"})
		if err != nil {
			t.Fatal(err, errs.FieldsOf(err))
		}
		d, err := f.p.Document(f.sys, p)
		if err != nil {
			t.Fatal(err)
		}
		if d.Signer.Authority != c.want {
			t.Errorf("%q/%q: authority %q, want %q", c.authority, c.title, d.Signer.Authority, c.want)
		}
		// The duty, absent from the text, gets a part of its own.
		if blockIndex(d, "TỔ CHỨC THỰC HIỆN") < 0 || blockIndex(d, "Theo dõi, đôn đốc") < 0 {
			t.Errorf("the duty is not printed")
		}
	}
}
