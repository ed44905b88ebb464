// Package mounttest makes real volumes for tests on Linux: tmpfs mounts and
// FAT images mounted through fusefat, so that code that watches for, reads
// from or loses a recorder can be tested against the kernel rather than a fake.
//
// Every helper skips the test (t.Skip) when it cannot work here: not root,
// or a needed tool (mount, mkfs.vfat, mcopy, fusefat) is missing. Everything
// mounted is unmounted in t.Cleanup, even when the test fails.
package mounttest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// RequireRoot skips the test unless it runs as root on Linux, which mounting
// needs.
func RequireRoot(t testing.TB) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skipf("mounttest: real mounts need Linux, this is %s", runtime.GOOS)
	}
	if os.Geteuid() != 0 {
		t.Skip("mounttest: mounting needs root; run the tests as root to exercise real volumes")
	}
}

// RequireTool skips the test when the named program is not on PATH and
// returns its full path otherwise.
func RequireTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("mounttest: %s is not installed (apt-get install -y fusefat dosfstools mtools)", name)
	}
	return p
}

// Tmpfs mounts a tmpfs of the given size (as mount's size= option, e.g. "16m")
// on dir, creating dir if needed. The mount is removed in t.Cleanup.
func Tmpfs(t testing.TB, dir string, size string) {
	t.Helper()
	RequireRoot(t)
	RequireTool(t, "mount")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("mounttest: create mount point: %v", err)
	}
	if err := run("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir); err != nil {
		t.Fatalf("mounttest: mount tmpfs on %s: %v", dir, err)
	}
	t.Cleanup(func() {
		if err := Umount(dir); err != nil {
			t.Errorf("mounttest: cleanup: %v", err)
		}
	})
}

// Umount unmounts whatever is mounted on dir. It is not an error when
// nothing is mounted there. A plain umount is tried first, then fusermount -u
// for FUSE mounts, then a lazy umount -l, which also clears a FUSE mount
// whose daemon died ("transport endpoint is not connected").
func Umount(dir string) error {
	if !IsMounted(dir) {
		return nil
	}
	var errs []error
	attempts := [][]string{
		{"umount", dir},
		{"fusermount", "-u", dir},
		{"umount", "-l", dir},
	}
	for _, a := range attempts {
		if _, err := exec.LookPath(a[0]); err != nil {
			continue
		}
		err := run(a[0], a[1:]...)
		if !IsMounted(dir) {
			return nil
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return fmt.Errorf("unmount %s: %w", dir, errors.Join(errs...))
}

// IsMounted reports whether dir is a mount point in /proc/self/mountinfo.
// It does not touch dir itself, so it works on a dead FUSE mount too.
func IsMounted(dir string) bool {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return false
	}
	defer f.Close()
	want := EscapeMountInfo(filepath.Clean(abs))
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 4 && fields[4] == want {
			return true
		}
	}
	return false
}

// WaitMounted waits until dir is (mounted true) or is not (mounted false) a
// mount point, failing the test after timeout.
func WaitMounted(t testing.TB, dir string, mounted bool, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for IsMounted(dir) != mounted {
		if time.Now().After(deadline) {
			t.Fatalf("mounttest: %s mounted=%v not reached within %v", dir, mounted, timeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// EscapeMountInfo escapes a path the way the kernel writes it in mountinfo
// (seq_escape with " \t\n\\": octal \ooo).
func EscapeMountInfo(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case ' ', '\t', '\n', '\\':
			fmt.Fprintf(&b, "\\%03o", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// run runs a command and returns its combined output in the error.
func run(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, strings.TrimSpace(out.String()))
	}
	return nil
}
