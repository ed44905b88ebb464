//go:build linux

package volume

import (
	"strings"
	"testing"
)

func TestUnescapeUdev(t *testing.T) {
	for in, want := range map[string]string{
		"REC01":                    "REC01",
		`MY\x20CAM`:                "MY CAM",
		`a\x2fb`:                   "a/b",
		`\xe6\x89\xa7\xe6\xb3\x95`: "执法",
		`bad\xzz`:                  `bad\xzz`,
		`end\x2`:                   `end\x2`,
	} {
		if got := unescapeUdev(in); got != want {
			t.Errorf("unescapeUdev(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLabelOfFallback(t *testing.T) {
	if got := labelOf("tmpfs", "REC"); got != "REC" {
		t.Errorf("labelOf(tmpfs) = %q", got)
	}
	if got := labelOf("/dev/does-not-exist", "REC"); got != "REC" {
		t.Errorf("labelOf(missing device) = %q", got)
	}
}

func TestDefaultRoots(t *testing.T) {
	t.Setenv("SUDO_USER", "")
	t.Setenv("USER", "officer")
	var paths []string
	for _, r := range DefaultRoots() {
		if r.FolderMode {
			t.Errorf("default root %s in folder mode", r.Path)
		}
		paths = append(paths, r.Path)
	}
	if got := strings.Join(paths, " "); got != "/media/officer /run/media/officer /media /mnt" {
		t.Errorf("DefaultRoots = %s", got)
	}
}
