package mounttest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"
)

// mountWait is how long MountFAT waits for fusefat to show up in mountinfo,
// and Kill and Unmount for the daemon to exit.
const mountWait = 5 * time.Second

// FuseMount is a FAT image mounted through fusefat, run in the foreground
// (-f) as a child of the test so that it can be killed like a recorder being
// pulled out.
type FuseMount struct {
	// Dir is the mount point.
	Dir string
	// Image is the FAT image file.
	Image string

	cmd    *exec.Cmd
	out    *syncBuffer
	exited chan struct{}
}

// MountFAT mounts image on dir (created if needed) with "fusefat -f -o rw+",
// waits until the mount is in /proc/self/mountinfo and returns it. The
// mountinfo entry has FSType "fuse.fusefat" and Source "fusefat".
// T.Cleanup unmounts it (lazily if the daemon was killed) and stops fusefat.
//
// fusefat quirks seen with version 0.1a: it lists the volume label as an
// empty file in the root folder; it shows FAT times one month late (and
// writes them one month early); rw+ cannot create non-ASCII names (EPERM,
// "illegal file name"), though it reads them fine and can delete files.
func MountFAT(t testing.TB, image, dir string) *FuseMount {
	t.Helper()
	RequireRoot(t)
	bin := RequireTool(t, "fusefat")
	if _, err := os.Stat("/dev/fuse"); err != nil {
		t.Skipf("mounttest: no /dev/fuse here: %v", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("mounttest: create mount point: %v", err)
	}
	m := &FuseMount{Dir: dir, Image: image, out: &syncBuffer{}, exited: make(chan struct{})}
	m.cmd = exec.Command(bin, "-f", "-o", "rw+", image, dir)
	m.cmd.Stdout = m.out
	m.cmd.Stderr = m.out
	if err := m.cmd.Start(); err != nil {
		t.Fatalf("mounttest: start fusefat: %v", err)
	}
	go func() {
		_ = m.cmd.Wait()
		close(m.exited)
	}()
	t.Cleanup(m.cleanup(t))

	deadline := time.Now().Add(mountWait)
	for !IsMounted(dir) {
		select {
		case <-m.exited:
			t.Fatalf("mounttest: fusefat exited before mounting %s: %s", dir, m.out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("mounttest: fusefat did not mount %s within %v: %s", dir, mountWait, m.out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	return m
}

// Kill sends SIGKILL to fusefat and waits for it to exit, as when the
// recorder is pulled out mid-use. The mount stays in mountinfo, and every
// access to Dir then fails with ENOTCONN ("transport endpoint is not
// connected") until it is unmounted (t.Cleanup does that): opening, listing
// and statfs at once, stat and lstat once FUSE's cached attributes of Dir
// expire (attr_timeout, 1 s). "ls -l" of the parent shows it as d?????????.
func (m *FuseMount) Kill() {
	if m.cmd.Process != nil {
		_ = m.cmd.Process.Kill()
	}
	select {
	case <-m.exited:
	case <-time.After(mountWait):
	}
}

// Unmount unmounts Dir (fusermount -u, falling back to a lazy umount) and
// waits for fusefat to exit, killing it if it lingers.
func (m *FuseMount) Unmount() error {
	err := Umount(m.Dir)
	select {
	case <-m.exited:
	case <-time.After(mountWait):
		m.Kill()
	}
	if err != nil {
		return fmt.Errorf("fusefat %s: %w", m.Image, err)
	}
	return nil
}

// Output returns what fusefat printed so far, for failure messages.
func (m *FuseMount) Output() string { return m.out.String() }

func (m *FuseMount) cleanup(t testing.TB) func() {
	return func() {
		if err := m.Unmount(); err != nil {
			t.Errorf("mounttest: cleanup: %v", err)
		}
		m.Kill()
	}
}

// syncBuffer is a bytes.Buffer safe for the writer goroutines of exec.Cmd
// and readers in the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
