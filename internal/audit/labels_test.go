package audit

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every action the code records has a label in words: a new action without
// one fails here, so the audit page never shows a bare code.
func TestActionLabel_EveryRecordedActionIsNamedInWords(t *testing.T) {
	recorded := regexp.MustCompile(`Action:\s*"([a-z_]+\.[a-z_]+)"`)
	seen := 0
	err := filepath.Walk("..", func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range recorded.FindAllStringSubmatch(string(b), -1) {
			seen++
			if _, ok := actionLabels[m[1]]; !ok && !strings.HasSuffix(m[1], "_") {
				t.Errorf("%s records %q, which has no label in words", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 20 {
		t.Fatalf("found only %d recorded actions: the walk is broken", seen)
	}
	if got := ActionLabel("unit.create"); got != "Tạo đơn vị" {
		t.Errorf("unit.create → %q", got)
	}
	if got := ActionLabel("tip.removal_accept"); got != "Tố giác (tip.removal_accept)" {
		t.Errorf("an unlabelled tip action → %q", got)
	}
}
