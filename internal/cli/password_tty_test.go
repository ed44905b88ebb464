//go:build linux

package cli

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal: what is written to master is typed at
// the terminal slave, and what the terminal shows (its echo) is read back
// from master.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlock pty: %v", err)
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("pty number: %v", err)
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("open pty slave: %v", err)
	}
	t.Cleanup(func() { slave.Close() })
	return master, slave
}

// A password typed at a terminal is read without being shown: nothing of
// it comes back from the terminal, and its echo is on again afterwards.
func TestPasswordPromptDoesNotEcho(t *testing.T) {
	master, slave := openPTY(t)
	var prompt bytes.Buffer
	m := &Main{Stdin: slave, Stderr: &prompt, Getenv: func(string) string { return "" }}
	type result struct {
		pw  string
		err error
	}
	got := make(chan result, 1)
	go func() {
		pw, err := m.password("密码")
		got <- result{pw, err}
	}()
	// Type only once the echo is off, as a person would after the prompt.
	deadline := time.Now().Add(5 * time.Second)
	for {
		tio, err := unix.IoctlGetTermios(int(slave.Fd()), unix.TCGETS)
		if err != nil {
			t.Fatal(err)
		}
		if tio.Lflag&unix.ECHO == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the terminal's echo was never turned off")
		}
		time.Sleep(time.Millisecond)
	}
	master.WriteString("s3cret pass\n")
	r := <-got
	if r.err != nil || r.pw != "s3cret pass" {
		t.Fatalf("password = %q, %v", r.pw, r.err)
	}
	// What the terminal showed meanwhile ends before this marker.
	slave.WriteString("END\n")
	shown := make([]byte, 0, 64)
	buf := make([]byte, 64)
	for !bytes.Contains(shown, []byte("END")) {
		n, err := master.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		shown = append(shown, buf[:n]...)
	}
	if bytes.Contains(shown, []byte("s3cret")) {
		t.Errorf("the terminal showed the password: %q", shown)
	}
	tio, err := unix.IoctlGetTermios(int(slave.Fd()), unix.TCGETS)
	if err != nil || tio.Lflag&unix.ECHO == 0 {
		t.Errorf("echo not restored after the prompt (%v)", err)
	}
	if !strings.HasPrefix(prompt.String(), "密码: ") {
		t.Errorf("prompt %q", prompt.String())
	}
}

// Scripts give the password in $EVIDOCK_PASSWORD; nothing is read.
func TestPasswordFromEnvironment(t *testing.T) {
	m := &Main{Stdin: strings.NewReader("typed\n"), Stderr: &bytes.Buffer{},
		Getenv: func(k string) string { return map[string]string{"EVIDOCK_PASSWORD": "from env"}[k] }}
	if pw, err := m.password("密码"); err != nil || pw != "from env" {
		t.Fatalf("password = %q, %v; want the environment's", pw, err)
	}
}
