//go:build ignore

// queries writes the bench's inputs: lua scripts for wrk that cycle through
// check queries — half of them numbers the seeded index holds, half
// numbers it does not, written the ways people type them — and a batch
// body of 1,000 such items. Run by run.sh: go run queries.go N DIR.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// present is the i-th seeded number's national digits; the seed SQL uses
// the same formula (84 9xx xxx xxx, a bijection over i < 10^8).
func national(i int64) string { return fmt.Sprintf("9%08d", (i*7919)%100_000_000) }

func spell(d string, k int) string {
	switch k % 4 {
	case 0:
		return "0" + d
	case 1:
		return "+84" + d
	case 2:
		return "0" + d[:2] + " " + d[2:5] + " " + d[5:]
	}
	return "0" + d[:2] + "." + d[2:5] + "." + d[5:]
}

func main() {
	n, _ := strconv.ParseInt(os.Args[1], 10, 64)
	dir := os.Args[2]
	var qs []string
	for k := range int64(1000) {
		i := (k * 104_729) % n // spread over the whole table
		if k%2 == 1 {
			i = n + k // beyond the seeded range: absent
		}
		qs = append(qs, spell(national(i), int(k)))
	}
	var lua strings.Builder
	lua.WriteString("local qs = {\n")
	for _, q := range qs {
		fmt.Fprintf(&lua, "%q,\n", strings.ReplaceAll(q, " ", "%20"))
	}
	lua.WriteString("}\nlocal i = 0\nrequest = function()\n  i = i % #qs + 1\n  return wrk.format(\"GET\", \"/api/v1/check?q=\" .. qs[i])\nend\n")
	must(os.WriteFile(filepath.Join(dir, "single.lua"), []byte(lua.String()), 0o644))

	var body strings.Builder
	body.WriteString(`{"items":[`)
	for k, q := range qs {
		if k > 0 {
			body.WriteByte(',')
		}
		fmt.Fprintf(&body, "%q", q)
	}
	body.WriteString("]}")
	batch := fmt.Sprintf("wrk.method = \"POST\"\nwrk.path = \"/api/v1/check\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = %q\n", body.String())
	must(os.WriteFile(filepath.Join(dir, "batch.lua"), []byte(batch), 0o644))
	compact := strings.Replace(batch, `"/api/v1/check"`, `"/api/v1/check?form=compact"`, 1)
	must(os.WriteFile(filepath.Join(dir, "batch_compact.lua"), []byte(compact), 0o644))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
