package planimport

import (
	"encoding/json"
	"os"
	"testing"
)

func TestDebugDump(t *testing.T) {
	f := os.Getenv("PIDUMP")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	r := Parse(string(b))
	out, _ := json.MarshalIndent(r, "", "  ")
	os.Stdout.Write(out)
}
