// Package nodepeer starts the Node.js test peers under testdata/ (the
// npm smtp-server and smpp servers): it finds the script at the module
// root, skips the test with a one-line reason when Node or the npm
// packages are missing (fails it when the peer is required, as in CI),
// starts the script on a free loopback port and hands over its output.
//
// A peer script prints "LISTENING <port>" first, then one line per answer
// or event; it exits when its stdin closes, so it never outlives the test
// binary.
package nodepeer

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Spec says which peer to start.
type Spec struct {
	Name        string   // for messages: "SMTP", "SMPP"
	Dir         string   // under testdata/: "smtp", "smpp"
	Module      string   // an npm package that must be installed there
	RequiredEnv string   // when "required", a missing peer fails the test
	Args        []string // after --port 0 --stdin-lifeline
}

// Peer is a running peer.
type Peer struct {
	Addr   string    // 127.0.0.1:port
	Stdin  io.Writer // commands, one per line
	Lines  <-chan string
	Stderr *Buffer
}

// Start starts the peer for the test and stops it when the test ends.
func Start(t testing.TB, spec Spec) *Peer {
	t.Helper()
	script, err := findScript(spec.Dir, spec.Module)
	if err == nil {
		_, err = exec.LookPath("node")
	}
	if err != nil {
		if os.Getenv(spec.RequiredEnv) == "required" {
			t.Fatalf("test %s server required (%s=required) but unavailable: %v", spec.Name, spec.RequiredEnv, err)
		}
		t.Skipf("test %s server unavailable: %v (run npm ci in testdata/%s)", spec.Name, err, spec.Dir)
	}
	p := &Peer{Stderr: &Buffer{}}
	cmd := exec.Command("node", append([]string{script, "--port", "0", "--stdin-lifeline"}, spec.Args...)...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = p.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start test %s server: %v", spec.Name, err)
	}
	p.Stdin = stdin
	lines := make(chan string, 16)
	p.Lines = lines
	listening := make(chan string, 1)
	readDone := make(chan struct{})
	go read(stdout, listening, lines, readDone)
	t.Cleanup(func() {
		stdin.Close()
		select {
		case <-readDone:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-readDone
		}
		cmd.Wait()
	})
	select {
	case port, ok := <-listening:
		if !ok {
			t.Fatalf("test %s server exited before listening: %s", spec.Name, p.Stderr.String())
		}
		p.Addr = net.JoinHostPort("127.0.0.1", port)
	case <-time.After(20 * time.Second):
		t.Fatalf("test %s server did not start in 20s: %s", spec.Name, p.Stderr.String())
	}
	return p
}

// read takes the LISTENING line, then passes on every line.
func read(r io.Reader, listening chan<- string, lines chan<- string, done chan<- struct{}) {
	defer close(done)
	defer close(lines)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 64*1024*1024)
	first := true
	for sc.Scan() {
		line := sc.Text()
		if first {
			first = false
			if port, ok := strings.CutPrefix(line, "LISTENING "); ok {
				listening <- port
				continue
			}
			close(listening)
		}
		lines <- line
	}
	if first {
		close(listening)
	}
}

// findScript looks for testdata/<dir>/server.js at the module root, found
// by walking up from the test's folder, so any package's tests can use it.
func findScript(dir, module string) (string, error) {
	root, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			return "", errors.New("no go.mod above the test folder")
		}
		root = parent
	}
	d := filepath.Join(root, "testdata", dir)
	if _, err := os.Stat(filepath.Join(d, "node_modules", module)); err != nil {
		return "", fmt.Errorf("%s/node_modules is not installed", d)
	}
	return filepath.Join(d, "server.js"), nil
}

// Buffer collects a peer's stderr for failure messages.
type Buffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *Buffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// WriteString adds a note of our own.
func (l *Buffer) WriteString(s string) (int, error) { return l.Write([]byte(s)) }

func (l *Buffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.TrimSpace(l.b.String())
}
