// Command bare is the check benchmark's ceiling: a plain net/http server
// that answers every request with the same JSON document, the size of a
// real check answer, and does nothing else.
package main

import (
	"flag"
	"log"
	"net/http"
	"strconv"
)

// answer is what canhgiac returns for an unknown number, byte for byte, so
// the bare server writes as much as the real one.
const answer = `{"query":"0912 345 678","kind":"phone","normalized":"+84912345678","verdict":"unknown","verified":false,"reports":0,"tactics":[],"advice":"Chưa có tố giác nào. Điều này KHÔNG có nghĩa là an toàn: kẻ gian đổi số, đổi trang liên tục. Không chuyển tiền cho người lạ; gặp dấu hiệu lừa đảo, hãy tố giác."}` + "\n"

func main() {
	addr := flag.String("addr", "127.0.0.1:18081", "listen address")
	flag.Parse()
	body := []byte(answer)
	length := []string{strconv.Itoa(len(body))}
	ctype := []string{"application/json; charset=utf-8"}
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Content-Type"] = ctype
		h["Content-Length"] = length
		w.Write(body)
	})))
}
