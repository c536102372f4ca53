//go:build linux

package web_test

import (
	"bufio"
	"fmt"
	"log"
	"net"
	"net/http/httptest"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"
)

// smallSends gives each accepted connection a small send buffer, so that a
// download of a few kilobytes waits for the client instead of fitting
// whole in the kernel's buffers.
type smallSends struct{ net.Listener }

func (l smallSends) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(1) // the kernel's minimum (a few kilobytes)
	}
	return c, err
}

// An analyst who closes the browser while the statistics spreadsheet is
// downloading leaves no "internal error" in the log: the export was cut by
// the client, not broken by the server.
func TestStatsXLSX_ClientLeavingMidDownloadIsNotAnInternalError(t *testing.T) {
	e, logs := startWatched(t)
	analyst := e.NewClient(t)
	analyst.Login("xacminh", e.Passwords["xacminh"])
	base, _ := url.Parse(e.Server.URL)
	var cookies []string
	for _, c := range analyst.HTTP.Jar.Cookies(base) {
		cookies = append(cookies, c.Name+"="+c.Value)
	}

	srv := httptest.NewUnstartedServer(e.App.Web)
	srv.Listener = smallSends{srv.Listener}
	var errLog logBuf
	srv.Config.ErrorLog = log.New(&errLog, "", 0)
	srv.Start()
	defer srv.Close()

	// A client that reads slowly: a small receive window, set before
	// connecting, and nothing read past the headers.
	d := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		var serr error
		if err := rc.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 1024)
		}); err != nil {
			return err
		}
		return serr
	}}
	conn, err := d.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	const path = "/quan-tri/thong-ke-to-giac"
	fmt.Fprintf(conn, "GET %s?tai-ve=xlsx HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\n\r\n", path, srv.Listener.Addr(), strings.Join(cookies, "; "))
	br := bufio.NewReaderSize(conn, 16)
	var head []string
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("reading the answer's head: %v (so far %q)", err, head)
		}
		if line == "\r\n" {
			break
		}
		head = append(head, strings.TrimSpace(line))
	}
	if len(head) == 0 || head[0] != "HTTP/1.1 200 OK" || !strings.Contains(strings.Join(head, "\n"), "spreadsheetml") {
		t.Fatalf("the download did not start: %q", head)
	}
	time.Sleep(100 * time.Millisecond) // the server is now waiting for the client to read
	conn.(*net.TCPConn).SetLinger(0)   // the browser is closed: the connection is reset
	conn.Close()

	out := logs.waitFor(t, "path="+path)
	if !strings.Contains(out, "connection reset by peer") && !strings.Contains(out, "broken pipe") {
		t.Fatalf("the spreadsheet was sent whole before the client left, so nothing was tested; the log:\n%s", out)
	}
	if strings.Contains(out, "internal error") || strings.Contains(out, "level=ERROR") {
		t.Errorf("the client's leaving was logged as the server's error:\n%s", out)
	}
	if !strings.Contains(out, `level=INFO msg="client gone"`) {
		t.Errorf("want the client's leaving logged as information; the log:\n%s", out)
	}
	if s := errLog.String(); strings.Contains(s, "superfluous") {
		t.Errorf("net/http logged: %s", s)
	}
}
