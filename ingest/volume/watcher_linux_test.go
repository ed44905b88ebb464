//go:build linux

package volume

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"evidock/internal/mounttest"
)

// slowPoll is long enough that an event seen within the test's 2 s came from
// fsnotify or the mount-table poll, not the periodic scan.
var slowPoll = WithPollInterval(time.Minute)

const within = 2 * time.Second

func TestTmpfsAppearsAndGoes(t *testing.T) {
	mounttest.RequireRoot(t)
	root := t.TempDir()
	h := startWatcher(t, []Root{{Path: root}}, slowPoll)
	h.expectNone(100 * time.Millisecond)

	dir := filepath.Join(root, "REC 01") // a space: \040 in mountinfo
	start := time.Now()
	mounttest.Tmpfs(t, dir, "16m")
	e, _ := h.expect(Appeared, dir, within)
	t.Logf("tmpfs on new folder: Appeared after %v", time.Since(start))
	if e.FSType != "tmpfs" || e.Source != "tmpfs" || e.Label != "REC 01" {
		t.Errorf("event = %+v, want tmpfs, label REC 01", e)
	}

	start = time.Now()
	if err := mounttest.Umount(dir); err != nil {
		t.Fatal(err)
	}
	g, _ := h.expect(Gone, dir, within)
	t.Logf("umount: Gone after %v", time.Since(start))
	if g.FSType != "tmpfs" {
		t.Errorf("Gone event = %+v, want the volume's details", g)
	}
	if err := os.Remove(dir); err != nil {
		t.Fatal(err)
	}
	h.expectNone(300 * time.Millisecond)
}

func TestMountOverExistingFolder(t *testing.T) {
	mounttest.RequireRoot(t)
	root := t.TempDir()
	dir := filepath.Join(root, "CAM")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	h := startWatcher(t, []Root{{Path: root}}, slowPoll)
	h.expectNone(300 * time.Millisecond)
	start := time.Now()
	mounttest.Tmpfs(t, dir, "16m")
	h.expect(Appeared, dir, within)
	t.Logf("mount over existing folder (mount-table poll): Appeared after %v", time.Since(start))
}

func TestMountOverExistingFolderPeriodic(t *testing.T) {
	mounttest.RequireRoot(t)
	root := t.TempDir()
	dir := filepath.Join(root, "CAM")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := New([]Root{{Path: root}}, WithPollInterval(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	w.pollMounts = false // only the periodic re-read of mountinfo can see this
	h := runWatcher(t, w)
	h.expectNone(200 * time.Millisecond)
	start := time.Now()
	mounttest.Tmpfs(t, dir, "16m")
	h.expect(Appeared, dir, within)
	t.Logf("mount over existing folder (periodic scan only): Appeared after %v", time.Since(start))
}

// A folder made first and mounted a little later, as udisks does, is seen
// through the re-checks of new folders even without the mount-table poll.
func TestFolderThenMountRecheck(t *testing.T) {
	mounttest.RequireRoot(t)
	root := t.TempDir()
	w, err := New([]Root{{Path: root}}, slowPoll)
	if err != nil {
		t.Fatal(err)
	}
	w.pollMounts = false
	h := runWatcher(t, w)
	dir := filepath.Join(root, "LABEL")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	time.Sleep(700 * time.Millisecond)
	start := time.Now()
	mounttest.Tmpfs(t, dir, "16m")
	h.expect(Appeared, dir, within)
	t.Logf("folder, then mount 0.7 s later (re-check only): Appeared after %v", time.Since(start))
}

func TestAlreadyMountedAtStart(t *testing.T) {
	mounttest.RequireRoot(t)
	root := t.TempDir()
	a, b := filepath.Join(root, "A"), filepath.Join(root, "B")
	mounttest.Tmpfs(t, a, "4m")
	mounttest.Tmpfs(t, b, "4m")
	if err := os.Mkdir(filepath.Join(root, "not-mounted"), 0o755); err != nil {
		t.Fatal(err)
	}
	h := startWatcher(t, []Root{{Path: root}}, slowPoll)
	h.expect(Appeared, a, within)
	h.expect(Appeared, b, within)
	h.expectNone(300 * time.Millisecond)
}

func TestFuseFATKilled(t *testing.T) {
	mounttest.RequireRoot(t)
	img := mounttest.FATImage(t, 40, "REC01")
	mounttest.FATPut(t, img, "DCIM/执法_0001.MP4", []byte("video"), time.Time{})
	root := t.TempDir()
	h := startWatcher(t, []Root{{Path: root}}, WithPollInterval(500*time.Millisecond))

	dir := filepath.Join(root, "REC01")
	start := time.Now()
	m := mounttest.MountFAT(t, img, dir)
	e, _ := h.expect(Appeared, dir, within)
	t.Logf("fusefat: Appeared after %v: %+v", time.Since(start), e)
	if !strings.Contains(e.FSType, "fuse") || e.Source != "fusefat" {
		t.Errorf("event = %+v, want FSType fuse.fusefat, Source fusefat", e)
	}
	if _, err := os.Stat(filepath.Join(dir, "DCIM", "执法_0001.MP4")); err != nil {
		t.Errorf("Chinese name through fusefat: %v", err)
	}

	start = time.Now()
	m.Kill()
	killed := time.Since(start)
	h.expect(Gone, dir, within)
	t.Logf("fusefat killed (SIGKILL and exit took %v): Gone after %v", killed, time.Since(start))
	if _, err := os.ReadDir(dir); !errors.Is(err, syscall.ENOTCONN) {
		t.Errorf("listing a killed fusefat mount = %v, want ENOTCONN", err)
	}
	if !mounttest.IsMounted(dir) {
		t.Errorf("killed fusefat mount left the mount table")
	}
	h.expectNone(1200 * time.Millisecond) // still dead: no flapping

	if err := m.Unmount(); err != nil {
		t.Fatal(err)
	}
	h.expectNone(300 * time.Millisecond)

	// Docked again on the same folder: a new volume.
	mounttest.MountFAT(t, img, dir)
	h.expect(Appeared, dir, within)
}

func TestFolderMode(t *testing.T) {
	root := t.TempDir()
	h := startWatcher(t, []Root{{Path: root, FolderMode: true}}, slowPoll)
	dir := filepath.Join(root, "导入")
	start := time.Now()
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	e, _ := h.expect(Appeared, dir, within)
	t.Logf("folder mode mkdir: Appeared after %v", time.Since(start))
	if e.Label != "导入" || e.FSType != "" {
		t.Errorf("event = %+v", e)
	}
	if err := os.WriteFile(filepath.Join(root, "file.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "inside.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	h.expectNone(200 * time.Millisecond)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	h.expect(Gone, dir, within)
	// Removed and made again between two scans: gone, then a new one.
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	h.expect(Appeared, dir, within)
}

func TestRootCreatedLater(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "run", "media", "officer")
	h := startWatcher(t, []Root{{Path: root, FolderMode: true}}, slowPoll)
	h.expectNone(100 * time.Millisecond)
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // let the watch move onto the new root
	dir := filepath.Join(root, "CAM")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	h.expect(Appeared, dir, within)

	// The root removed (its volume goes) and made again: still watched.
	if err := os.RemoveAll(root); err != nil {
		t.Fatal(err)
	}
	h.expect(Gone, dir, within)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	h.expect(Appeared, dir, within)
}

func TestRootCreatedLaterMounted(t *testing.T) {
	mounttest.RequireRoot(t)
	root := filepath.Join(t.TempDir(), "media", "officer")
	h := startWatcher(t, []Root{{Path: root}}, slowPoll)
	dir := filepath.Join(root, "REC")
	mounttest.Tmpfs(t, dir, "4m") // creates the root and the folder
	h.expect(Appeared, dir, within)
}

func TestRunTwice(t *testing.T) {
	h := startWatcher(t, []Root{{Path: t.TempDir()}})
	time.Sleep(50 * time.Millisecond)
	if err := h.w.Run(t.Context(), make(chan Event)); err == nil {
		t.Fatal("second Run on a running Watcher succeeded")
	}
}

// A folder-mode root lists a dead FUSE mount as a folder; it is still gone.
func TestFolderModeDeadFuse(t *testing.T) {
	mounttest.RequireRoot(t)
	img := mounttest.FATImage(t, 33, "REC02")
	root := t.TempDir()
	dir := filepath.Join(root, "REC02")
	m := mounttest.MountFAT(t, img, dir)
	h := startWatcher(t, []Root{{Path: root, FolderMode: true}}, WithPollInterval(500*time.Millisecond))
	e, _ := h.expect(Appeared, dir, within)
	if e.FSType != "fuse.fusefat" {
		t.Errorf("folder-mode event for a mount = %+v, want the mount's type", e)
	}
	m.Kill()
	h.expect(Gone, dir, within)
	if err := m.Unmount(); err != nil {
		t.Fatal(err)
	}
	// The folder is left, not mounted: in folder mode that is a volume again.
	h.expect(Appeared, dir, within)
}
