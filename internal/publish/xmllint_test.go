package publish

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// lint validates doc with xmllint against a schema in testdata: kind is
// "--relaxng" or "--schema". It returns xmllint's complaint, or nil.
//
// Without xmllint the test is skipped, unless CANHGIAC_TEST_XMLLINT is
// "required" (as in CI), where a missing validator must not pass quietly.
func lint(t *testing.T, kind, schema string, doc []byte) error {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CANHGIAC_TEST_XMLLINT") == "required" {
			t.Fatal("xmllint is required (CANHGIAC_TEST_XMLLINT=required) but not installed: apt-get install libxml2-utils")
		}
		t.Skip("xmllint not installed (apt-get install libxml2-utils); schema validation skipped")
	}
	file := filepath.Join(t.TempDir(), "doc.xml")
	if err := os.WriteFile(file, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--noout", "--nonet", kind, filepath.Join("testdata", schema), file).CombinedOutput()
	if err != nil {
		return &lintError{out: string(out)}
	}
	return nil
}

type lintError struct{ out string }

func (e *lintError) Error() string { return "xmllint: " + e.out }
