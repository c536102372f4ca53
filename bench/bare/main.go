// Command bare is the benchmarks' ceiling: a plain net/http server that
// answers every request with the same document and does nothing else. By
// default the document is a check answer (bench/check); -file serves a
// saved page instead (bench/portal), so both sides write as many bytes.
package main

import (
	"flag"
	"log"
	"net/http"
	"os"
	"strconv"
)

// answer is what canhgiac returns for an unknown number, byte for byte, so
// the bare server writes as much as the real one.
const answer = `{"query":"0912 345 678","kind":"phone","normalized":"+84912345678","verdict":"unknown","verified":false,"tactics":[],"advice":"Chưa có cảnh báo nào được xác nhận. Điều này KHÔNG có nghĩa là an toàn: kẻ gian đổi số, đổi trang liên tục. Không chuyển tiền cho người lạ; gặp dấu hiệu lừa đảo, hãy tố giác.","display":"0912 345 678"}` + "\n"

func main() {
	addr := flag.String("addr", "127.0.0.1:18081", "listen address")
	file := flag.String("file", "", "serve this file's bytes instead of the check answer")
	typ := flag.String("type", "application/json; charset=utf-8", "Content-Type")
	flag.Parse()
	body := []byte(answer)
	if *file != "" {
		b, err := os.ReadFile(*file)
		if err != nil {
			log.Fatal(err)
		}
		body = b
	}
	length := []string{strconv.Itoa(len(body))}
	ctype := []string{*typ}
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Content-Type"] = ctype
		h["Content-Length"] = length
		w.Write(body)
	})))
}
