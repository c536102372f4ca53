// Command bare is the benchmarks' ceiling: a plain net/http server that
// answers every request with the same document and does nothing else. By
// default the document is a check answer (bench/check); -file serves a
// saved page instead (bench/portal), so both sides write as many bytes;
// -dir adds the files a page loads (its pictures), saved under their paths,
// each answered from memory.
package main

import (
	"flag"
	"io/fs"
	"log"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// answer is what canhgiac returns for an unknown number, byte for byte, so
// the bare server writes as much as the real one.
const answer = `{"query":"0912 345 678","kind":"phone","normalized":"+84912345678","verdict":"unknown","verified":false,"tactics":[],"advice":"Chưa có cảnh báo nào được xác nhận. Điều này KHÔNG có nghĩa là an toàn: kẻ gian đổi số, đổi trang liên tục. Không chuyển tiền cho người lạ; gặp dấu hiệu lừa đảo, hãy tố giác.","display":"0912 345 678"}` + "\n"

// doc is one answer, its headers made once.
type doc struct {
	body          []byte
	ctype, length []string
}

func newDoc(body []byte, typ string) doc {
	return doc{body: body, ctype: []string{typ}, length: []string{strconv.Itoa(len(body))}}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:18081", "listen address")
	file := flag.String("file", "", "serve this file's bytes instead of the check answer")
	typ := flag.String("type", "application/json; charset=utf-8", "Content-Type")
	dir := flag.String("dir", "", "also serve the files under this folder at their paths (/static/x.svg from DIR/static/x.svg)")
	// To see what the product's server settings cost by themselves (not
	// used for the goals): the same per-request deadlines as canhgiac
	// serve, and the header every API answer carries.
	timeouts := flag.Bool("timeouts", false, "set canhgiac serve's read, write and idle timeouts")
	nosniff := flag.Bool("nosniff", false, "add X-Content-Type-Options: nosniff to every answer")
	flag.Parse()
	body := []byte(answer)
	if *file != "" {
		b, err := os.ReadFile(*file)
		if err != nil {
			log.Fatal(err)
		}
		body = b
	}
	page := newDoc(body, *typ)
	files := map[string]doc{}
	if *dir != "" {
		err := filepath.WalkDir(*dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(*dir, p)
			t := mime.TypeByExtension(filepath.Ext(p))
			if t == "" {
				t = "application/octet-stream"
			}
			files["/"+filepath.ToSlash(rel)] = newDoc(b, t)
			return nil
		})
		if err != nil {
			log.Fatal(err)
		}
	}
	sniff := []string{"nosniff"}
	srv := &http.Server{Addr: *addr, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, ok := files[r.URL.Path]
		if !ok {
			d = page
		}
		h := w.Header()
		if *nosniff {
			h["X-Content-Type-Options"] = sniff
		}
		h["Content-Type"] = d.ctype
		h["Content-Length"] = d.length
		w.Write(d.body)
	})}
	if *timeouts {
		srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout = 10*time.Second, 60*time.Second, 60*time.Second, 120*time.Second
	}
	log.Fatal(srv.ListenAndServe())
}
