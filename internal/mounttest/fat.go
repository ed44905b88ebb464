package mounttest

import (
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FATImage makes a FAT32 image file of sizeMiB MiB (at least 33, the smallest
// FAT32 that mkfs.vfat accepts with default clusters) in a fresh t.TempDir,
// formatted by mkfs.vfat with the given volume label, and returns its path.
// It does not need root.
func FATImage(t testing.TB, sizeMiB int, label string) string {
	t.Helper()
	RequireTool(t, "mkfs.vfat")
	if sizeMiB < 33 {
		sizeMiB = 33
	}
	img := filepath.Join(t.TempDir(), "fat32.img")
	f, err := os.Create(img)
	if err != nil {
		t.Fatalf("mounttest: create image: %v", err)
	}
	if err := f.Truncate(int64(sizeMiB) << 20); err != nil {
		f.Close()
		t.Fatalf("mounttest: size image: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatalf("mounttest: close image: %v", err)
	}
	args := []string{"-F", "32"}
	if label != "" {
		args = append(args, "-n", label)
	}
	if err := run("mkfs.vfat", append(args, img)...); err != nil {
		t.Fatalf("mounttest: format image: %v", err)
	}
	return img
}

// FATPut writes a file into an unmounted FAT image with mtools (mmd and
// mcopy), creating the parent folders it needs. name is a slash-separated
// path inside the image, e.g. "DCIM/100MEDIA/执法_0001.MP4"; Chinese and
// other non-ASCII names are stored as FAT long names (UTF-16), which fusefat
// reads back correctly. The file's modification time is set to mtime when it
// is not zero; FAT stores it as local time (the process's TZ) with 2-second
// resolution.
//
// Use FATPut before MountFAT: fusefat itself cannot create non-ASCII names.
func FATPut(t testing.TB, image, name string, data []byte, mtime time.Time) {
	t.Helper()
	RequireTool(t, "mcopy")
	RequireTool(t, "mmd")
	name = strings.Trim(path.Clean("/"+name), "/")
	if name == "" || name == "." {
		t.Fatalf("mounttest: FATPut: empty name")
	}
	dir := path.Dir(name)
	if dir != "." {
		parts := strings.Split(dir, "/")
		for i := range parts {
			d := "::/" + strings.Join(parts[:i+1], "/")
			if mtools("mdir", "-b", "-i", image, d) == nil {
				continue
			}
			if err := mtools("mmd", "-i", image, d); err != nil {
				t.Fatalf("mounttest: FATPut: make folder %s: %v", d, err)
			}
		}
	}
	src := filepath.Join(t.TempDir(), "src")
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatalf("mounttest: FATPut: %v", err)
	}
	args := []string{"-D", "o", "-i", image}
	if !mtime.IsZero() {
		if err := os.Chtimes(src, mtime, mtime); err != nil {
			t.Fatalf("mounttest: FATPut: set time: %v", err)
		}
		args = append(args, "-m")
	}
	if err := mtools("mcopy", append(args, src, "::/"+name)...); err != nil {
		t.Fatalf("mounttest: FATPut %s: %v", name, err)
	}
}

// mtools runs an mtools command in a UTF-8 locale: under LC_ALL=C mtools
// turns every non-ASCII byte into '_' in the names it writes.
func mtools(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "MTOOLS_SKIP_CHECK=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}
