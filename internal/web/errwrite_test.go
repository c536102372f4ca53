package web_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canhgiac/canhgiac/internal/testutil"
)

// logBuf keeps what a server logs, for a test to read while it serves.
type logBuf struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuf) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuf) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor returns the log once it has a line with want (the request log's
// line comes after the handler has returned), or fails the test.
func (b *logBuf) waitFor(t *testing.T, want string) string {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if s := b.String(); strings.Contains(s, want) {
			return s
		}
	}
	t.Fatalf("no log line with %q; the log was:\n%s", want, b.String())
	return ""
}

// startWatched starts the demo with the web server's log, every level,
// kept for the test.
func startWatched(t *testing.T) (*testutil.Env, *logBuf) {
	t.Helper()
	e := testutil.Start(t, "")
	logs := &logBuf{}
	e.App.Web.SetLogForTest(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	return e, logs
}

// serveWatched serves h on a server of its own whose net/http log (where
// "superfluous response.WriteHeader" goes) is kept in errLog.
func serveWatched(t *testing.T, h http.Handler, errLog *logBuf) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(errLog, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// A download that fails after its first rows reaches the client broken
// off: no error page glued to the end of the CSV, the read fails, and the
// log says once, as a warning, what went wrong.
func TestDownload_ErrorAfterTheFirstRowsCutsTheFileShort(t *testing.T) {
	e, logs := startWatched(t)
	const path = "/quan-tri/chien-dich/7/tin-nhan.csv"
	const rows = "\ufeffSTT,Người nhận,Kênh\r\n1,091****001,SMS\r\n"
	flushed := make(chan error, 1)
	h := e.App.Web.ServeForTest(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		io.WriteString(w, rows)
		flushed <- http.NewResponseController(w).Flush()
		return errors.New("đọc tin nhắn: database is locked")
	})
	var errLog logBuf
	srv := serveWatched(t, h, &errLog)

	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	body, readErr := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("answer: %d %q, want the CSV's 200", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if err := <-flushed; err != nil {
		t.Errorf("http.ResponseController.Flush through the error adapter: %v", err)
	}
	if string(body) != rows {
		t.Errorf("the client got %q, want only the rows sent before the error (no error page after them)", body)
	}
	if readErr == nil {
		t.Error("the download read as complete; a client must see it broken off")
	}
	out := logs.waitFor(t, "msg=request")
	if !strings.Contains(out, "status=200") || !strings.Contains(out, "cut=true") {
		t.Errorf("the request log does not say the 200 was cut short; the log:\n%s", out)
	}
	if n := strings.Count(out, "database is locked"); n != 1 || !strings.Contains(out, "level=WARN") || !strings.Contains(out, "path="+path) {
		t.Errorf("want the error logged once, as a warning with the path; the log:\n%s", out)
	}
	if strings.Contains(out, "internal error") {
		t.Errorf("an error page was attempted after the answer began; the log:\n%s", out)
	}
	if s := errLog.String(); strings.Contains(s, "superfluous") {
		t.Errorf("net/http logged: %s", s)
	}
}

// A client that leaves before the answer is not the server's failure: it
// is logged as information, not as an internal error.
func TestRequest_ClientLeavingIsNotAnInternalError(t *testing.T) {
	e, logs := startWatched(t)
	started := make(chan struct{})
	h := e.App.Web.ServeForTest(func(w http.ResponseWriter, r *http.Request) error {
		close(started)
		<-r.Context().Done()
		return fmt.Errorf("thống kê: %w", r.Context().Err())
	})
	srv := serveWatched(t, h, &logBuf{})

	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/quan-tri/thong-ke", nil)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("the request was answered although the client left")
	}
	out := logs.waitFor(t, "msg=request")
	if strings.Contains(out, "internal error") || strings.Contains(out, "level=ERROR") {
		t.Errorf("a client leaving was logged as the server's error:\n%s", out)
	}
	if !strings.Contains(out, `level=INFO msg="client gone"`) || !strings.Contains(out, "context canceled") || !strings.Contains(out, "status=499") {
		t.Errorf("want the client's leaving logged as information (status 499); the log:\n%s", out)
	}
}

// Behind a proxy that speaks HTTP/2 to the program the same download is
// broken off too: the stream is reset rather than ended.
func TestDownload_ErrorAfterTheFirstRowsResetsTheHTTP2Stream(t *testing.T) {
	e, logs := startWatched(t)
	const rows = "\ufeffSTT,Người nhận,Kênh\r\n1,091****001,SMS\r\n"
	h := e.App.Web.ServeForTest(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		io.WriteString(w, rows)
		http.NewResponseController(w).Flush()
		return errors.New("đọc tin nhắn: database is locked")
	})
	srv := httptest.NewUnstartedServer(h)
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()

	resp, err := srv.Client().Get(srv.URL + "/quan-tri/chien-dich/7/tin-nhan.csv")
	if err != nil {
		t.Fatal(err)
	}
	body, readErr := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.ProtoMajor != 2 {
		t.Fatalf("answered over %s, want HTTP/2", resp.Proto)
	}
	if strings.Contains(string(body), "<html") {
		t.Errorf("an error page was glued to the download: %q", body)
	}
	if readErr == nil {
		t.Error("the download read as complete; a client must see it broken off")
	}
	if out := logs.waitFor(t, "msg=request"); strings.Contains(out, "internal error") {
		t.Errorf("an error page was attempted after the answer began; the log:\n%s", out)
	}
}
