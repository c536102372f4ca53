package csvsafe_test

import (
	"bytes"
	"testing"

	"github.com/canhgiac/canhgiac/internal/csvsafe"
)

func TestCell_EscapesWhatASpreadsheetWouldRun(t *testing.T) {
	cases := []struct{ in, want string }{
		{`=HYPERLINK("http://evil.example","Bấm vào đây")`, `'=HYPERLINK("http://evil.example","Bấm vào đây")`},
		{"+84912345678", "'+84912345678"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"-5", "-5"},
		{"-1.234,5", "-1.234,5"},
		{"0912345678", "0912345678"},
		{"Cảnh báo lừa đảo = mất tiền", "Cảnh báo lừa đảo = mất tiền"},
		{"", ""},
	}
	for _, c := range cases {
		if got := csvsafe.Cell(c.in); got != c.want {
			t.Errorf("Cell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWriter_EscapesEveryCell(t *testing.T) {
	var b bytes.Buffer
	w := csvsafe.NewWriter(&b)
	w.Write([]string{"=1+1", "ok", "@x"})
	w.Flush()
	if got, want := b.String(), "'=1+1,ok,'@x\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestCell_EscapesFormulaHiddenBehindSpacesOrFullWidthSigns(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"leading space", " =1+1", "' =1+1"},
		{"several spaces", "   @SUM(A1)", "'   @SUM(A1)"},
		{"line feed", "\n=cmd|' /C calc'!A0", "'\n=cmd|' /C calc'!A0"},
		{"carriage return and line feed", "\r\n+1", "'\r\n+1"},
		{"tab then minus", "\t-2+3", "'\t-2+3"},
		{"no-break space", "\u00a0=1+1", "'\u00a0=1+1"},
		{"vertical tab", "\v=1", "'\v=1"},
		{"zero-width space", "\u200b=1", "'\u200b=1"},
		{"full-width equals", "＝HYPERLINK(\"x\")", "'＝HYPERLINK(\"x\")"},
		{"full-width plus", "＋84912345678", "'＋84912345678"},
		{"full-width minus", "－1+1", "'－1+1"},
		{"full-width at", "＠SUM(A1)", "'＠SUM(A1)"},
		{"space then full-width equals", "  ＝1", "'  ＝1"},
		{"plain words after spaces", "  Hà Nội", "  Hà Nội"},
		{"spaced negative figure", " -5", " -5"},
		{"equals inside text", "a = b", "a = b"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := csvsafe.Cell(c.in); got != c.want {
				t.Errorf("Cell(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}
