package web

import (
	"errors"
	"net/http"
	"syscall"
	"time"

	"github.com/canhgiac/canhgiac/internal/edge"
)

// sentWriter remembers whether the answer's status line has gone out, so
// that the error adapter knows whether an error can still become an error
// page or has to end the answer where it is.
type sentWriter struct {
	http.ResponseWriter
	sent bool
}

func (w *sentWriter) WriteHeader(code int) {
	// An informational answer (103 Early Hints) leaves room for the real one.
	if code >= 200 || code == http.StatusSwitchingProtocols {
		w.sent = true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *sentWriter) Write(b []byte) (int, error) {
	w.sent = true
	return w.ResponseWriter.Write(b)
}

// FlushError sends what is buffered, as http.ResponseController.Flush
// asks; the status goes through the writers above first (200, as net/http
// would send it), so the request log records it.
func (w *sentWriter) FlushError() error {
	if !w.sent {
		w.WriteHeader(http.StatusOK)
	}
	return http.NewResponseController(w.below()).Flush()
}

// Flush is FlushError for code that asks for an http.Flusher.
func (w *sentWriter) Flush() { _ = w.FlushError() }

// Unwrap lets http.ResponseController reach the connection (flush,
// deadlines, hijack) through this writer.
func (w *sentWriter) Unwrap() http.ResponseWriter { return w.below() }

// below is the writer under this one, past the request log's status
// recorder (edge.StatusWriter has no Unwrap, and the controller's calls
// write no status of their own for it to record).
func (w *sentWriter) below() http.ResponseWriter {
	if sw, ok := w.ResponseWriter.(*edge.StatusWriter); ok {
		return sw.ResponseWriter
	}
	return w.ResponseWriter
}

// statusClientGone is the status the request log and the metrics show for
// a request whose client left before any answer (nginx's 499): no page is
// written, since nobody would read it.
const statusClientGone = 499

// clientGone says whether err is the client's leaving rather than the
// server's failure: the request's own context has ended (net/http ends it
// when the connection breaks or the stream is reset) and err is that
// context's error, or a write to the broken connection.
func clientGone(r *http.Request, err error) bool {
	done := r.Context().Err()
	if done == nil {
		return false
	}
	return errors.Is(err, done) || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET)
}

// cutShort ends an answer whose status and part of whose body are already
// sent, so that the client sees it broken off instead of complete.
//
// On HTTP/1.1 the connection is taken over and closed: the chunked body
// then lacks its closing chunk (or the body its Content-Length), which
// browsers, curl and proxies report as a failed download, so a truncated
// CSV or XLSX cannot pass for a whole one. (Whatever the handler had
// buffered but not flushed is dropped: it is cut anyway.) The standard
// panic(http.ErrAbortHandler) does the same inside net/http, but here the
// panic would first meet observe, which recovers every panic to log it and
// answer 500, and then returns normally, so net/http would close the
// chunked body and the broken file would look whole. On HTTP/2, where a
// connection cannot be taken over, a write deadline already past resets
// the stream. An HTTP/1.0 client, whose body ends when the connection
// closes, cannot be told: nothing can be done for it.
func cutShort(w http.ResponseWriter) {
	rc := http.NewResponseController(w)
	if conn, _, err := rc.Hijack(); err == nil {
		conn.Close()
		return
	}
	_ = rc.SetWriteDeadline(time.Unix(1, 0))
}
