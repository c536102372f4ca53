package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestImportUnitsAndUsers_PrintAddedUnchangedBadRowsAndInvitations(t *testing.T) {
	dir := demoData(t)
	tmp := t.TempDir()
	write := func(name string, lines ...string) string {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}

	tpl := filepath.Join(tmp, "mau-don-vi.xlsx")
	if code, out, errs := run(t, "", "import", "units", "--template", tpl); code != 0 || !strings.Contains(out, "Đã ghi tệp mẫu") {
		t.Fatalf("template: exit %d: %s %s", code, out, errs)
	}
	if st, err := os.Stat(tpl); err != nil || st.Size() == 0 {
		t.Fatalf("no template written: %v", err)
	}

	units := write("truong.csv", "code,name,type,parent,valid_from",
		"cb-thcs-hung-dao,Trường THCS Hưng Đạo,subunit,cao-bang-sgddt,2025-07-01",
		"cb-thcs-sai,Trường sai loại,truong-hoc,cao-bang-sgddt,")
	code, out, _ := run(t, "", "import", "units", "--data", dir, units)
	if code == 0 || !strings.Contains(out, "dòng 3, cột “type”") || !strings.Contains(out, "Chưa thêm 0") {
		t.Fatalf("all-or-nothing with a bad row: exit %d\n%s", code, out)
	}
	code, out, errs := run(t, "", "import", "units", "--mode", "good", "--data", dir, units)
	if code != 0 || !strings.Contains(out, "Thêm:       cb-thcs-hung-dao — Trường THCS Hưng Đạo") || !strings.Contains(out, "Đã thêm 1") {
		t.Fatalf("good rows: exit %d\n%s%s", code, out, errs)
	}
	good := write("truong-dung.csv", "code,name,type,parent,valid_from", "cb-thcs-hung-dao,Trường THCS Hưng Đạo,subunit,cao-bang-sgddt,2025-07-01")
	code, out, _ = run(t, "", "import", "units", "--data", dir, good)
	if code != 0 || !strings.Contains(out, "Không đổi:  cb-thcs-hung-dao") || !strings.Contains(out, "thêm 0") {
		t.Fatalf("re-import: exit %d\n%s", code, out)
	}

	users := write("gv.csv", "username,full_name,email,phone,unit,role",
		"gv.hungdao,Nông Thị Hà,ha@caobang.edu.vn,0912345678,cb-thcs-hung-dao,officer")
	code, out, errs = run(t, "", "import", "users", "--data", dir, users)
	if code != 0 || !regexp.MustCompile(`Lời mời:\s+gv\.hungdao\s+http://127\.0\.0\.1:8080/dang-nhap/loi-moi/[A-Za-z0-9_-]{43}`).MatchString(out) {
		t.Fatalf("users: exit %d\n%s%s", code, out, errs)
	}
	if strings.Contains(strings.ToLower(out), "mật khẩu:") {
		t.Fatalf("a password was printed:\n%s", out)
	}
	code, out, _ = run(t, "", "import", "users", "--data", dir, users)
	if code != 0 || !strings.Contains(out, "Không đổi:  gv.hungdao") || strings.Contains(out, "Lời mời") {
		t.Fatalf("users re-import: exit %d\n%s", code, out)
	}
}
