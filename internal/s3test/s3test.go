// Package s3test runs a real S3 server with Object Lock for tests:
// versitygw (github.com/versity/versitygw, v1.8.0) on a loopback port, over
// a posix folder with versioning, started and stopped by the test.
//
// `make test` installs the server into a cache folder and names it in
// $EVIDOCK_VERSITYGW; without it the tests that need the server skip,
// saying how to get it.
package s3test

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Credentials of the server's root account.
const (
	AccessKey = "evidocktest"
	SecretKey = "evidocktest-secret-key"
)

// Server is a running versitygw.
type Server struct {
	Endpoint string // http://127.0.0.1:PORT
	Data     string // the posix folder: <Data>/<bucket>/<key> are the objects' current bytes
	Versions string // the versioning folder
}

// Binary returns the versitygw program to run, or skips the test.
func Binary(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("EVIDOCK_VERSITYGW"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		p := filepath.Join(home, ".cache", "evidock", "bin", "versitygw")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p
	}
	t.Skip("s3test: versitygw is not installed: run `make test` (it installs versitygw v1.8.0 into ~/.cache/evidock/bin), " +
		"or `go install github.com/versity/versitygw/cmd/versitygw@v1.8.0` and set EVIDOCK_VERSITYGW")
	return ""
}

// Start runs versitygw on a free loopback port over fresh folders and
// stops it when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := Binary(t)
	dir := t.TempDir()
	s := &Server{Data: filepath.Join(dir, "data"), Versions: filepath.Join(dir, "versions")}
	for _, d := range []string{s.Data, s.Versions} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var lastErr error
	for range 3 { // a port taken between finding it and binding it: try another
		port, err := freePort()
		if err != nil {
			t.Fatal(err)
		}
		addr := "127.0.0.1:" + strconv.Itoa(port)
		cmd := exec.Command(bin, "--port", addr, "posix", "--versioning-dir", s.Versions, s.Data)
		cmd.Env = append(os.Environ(), "ROOT_ACCESS_KEY="+AccessKey, "ROOT_SECRET_KEY="+SecretKey)
		log, err := os.Create(filepath.Join(dir, "versitygw.log"))
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Start(); err != nil {
			log.Close()
			t.Fatalf("s3test: start %s: %v", bin, err)
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); log.Close(); close(exited) }()
		if lastErr = waitReady(addr, exited); lastErr == nil {
			t.Cleanup(func() {
				cmd.Process.Kill()
				<-exited
			})
			s.Endpoint = "http://" + addr
			return s
		}
		cmd.Process.Kill()
		<-exited
	}
	out, _ := os.ReadFile(filepath.Join(dir, "versitygw.log"))
	t.Fatalf("s3test: versitygw did not start: %v\n%s", lastErr, out)
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("s3test: find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitReady waits until the server answers HTTP, or exits, or 20 s pass.
func waitReady(addr string, exited <-chan struct{}) error {
	deadline := time.Now().Add(20 * time.Second)
	c := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return fmt.Errorf("versitygw exited")
		default:
		}
		if resp, err := c.Get("http://" + addr + "/"); err == nil {
			resp.Body.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("versitygw did not answer on %s within 20 s", addr)
}
