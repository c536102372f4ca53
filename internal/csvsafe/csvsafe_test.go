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
