package web_test

import (
	"bufio"
	"html"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

// readmeExample is a row of the README's table of examples: what to type,
// the words the check page shows, the API's verdict.
type readmeExample struct{ query, page, verdict string }

// readmeCurl is a curl line of the README and the answer written under it.
type readmeCurl struct {
	line, method, path, body, answer string
}

var (
	exampleRow = regexp.MustCompile("^\\| `([^`]+)` \\| \\*\\*([^*]+)\\*\\* \\| `([a-z]+)` \\|")
	curlURL    = regexp.MustCompile(`'?http://127\.0\.0\.1:8080(/[^' ]*)'?`)
	curlBody   = regexp.MustCompile(`-d '([^']*)'`)
	jsonPair   = regexp.MustCompile(`"[a-z_]+":("(?:[^"\\]|\\.)*"|true|false|-?[0-9]+)`)
)

// readmeExamples reads the examples section of README.md.
func readmeExamples(t *testing.T) ([]readmeExample, []readmeCurl) {
	t.Helper()
	f, err := os.Open("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []readmeExample
	var curls []readmeCurl
	in := false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			in = line == "## Examples to try"
			continue
		}
		if !in {
			continue
		}
		if m := exampleRow.FindStringSubmatch(line); m != nil {
			rows = append(rows, readmeExample{m[1], m[2], m[3]})
			continue
		}
		if strings.HasPrefix(line, "curl ") {
			c := readmeCurl{line: line, method: http.MethodGet}
			if m := curlURL.FindStringSubmatch(line); m != nil {
				c.path = m[1]
			}
			if m := curlBody.FindStringSubmatch(line); m != nil {
				c.method, c.body = http.MethodPost, m[1]
			}
			curls = append(curls, c)
			continue
		}
		if a, ok := strings.CutPrefix(line, "# → "); ok && len(curls) > 0 {
			curls[len(curls)-1].answer = a
		}
	}
	return rows, curls
}

// Every example the README gives answers in the demo as the README says:
// each row of its table on the check page and in the API, and each curl
// line with the fields written under it, in that order.
func TestReadme_ExamplesAnswerAsWritten(t *testing.T) {
	rows, curls := readmeExamples(t)
	verdicts := map[string]int{}
	for _, r := range rows {
		verdicts[r.verdict]++
	}
	if len(rows) < 3 || verdicts["scam"] == 0 || verdicts["suspicious"] == 0 {
		t.Fatalf("README's examples table not found or incomplete (a verified and a suspicious example are needed): %+v", rows)
	}
	if len(curls) < 2 {
		t.Fatalf("README's curl examples not found: %+v", curls)
	}
	e := testutil.Start(t, "")
	c := e.NewClient(t)
	for _, r := range rows {
		p := c.Get("/tra-cuu?q=" + url.QueryEscape(r.query))
		text := strings.ToLower(html.UnescapeString(p.Body))
		if p.Status != http.StatusOK || !strings.Contains(text, strings.ToLower(r.page)) {
			t.Errorf("README: /tra-cuu %q should say %q (status %d)", r.query, r.page, p.Status)
		}
		code, body := e.API(t, http.MethodGet, "/api/v1/check?q="+url.QueryEscape(r.query), "", "")
		if code != http.StatusOK || !strings.Contains(body, `"verdict":"`+r.verdict+`"`) {
			t.Errorf("README: the API's verdict for %q should be %q: %d %s", r.query, r.verdict, code, body)
		}
	}
	for _, cu := range curls {
		if cu.path == "" || cu.answer == "" {
			t.Errorf("README: curl line without an address or without its answer (# → …) under it: %s", cu.line)
			continue
		}
		code, body := e.API(t, cu.method, cu.path, "", cu.body)
		if code != http.StatusOK {
			t.Errorf("README: %s → %d %s", cu.line, code, body)
			continue
		}
		pairs := jsonPair.FindAllString(cu.answer, -1)
		if len(pairs) == 0 {
			t.Errorf("README: no field written under %s", cu.line)
		}
		rest := body
		for _, p := range pairs {
			i := strings.Index(rest, p)
			if i < 0 {
				t.Errorf("README: %s\nanswers %s\nwhich has no %s where the README shows it", cu.line, body, p)
				break
			}
			rest = rest[i+len(p):]
		}
	}
}
