package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzSurvey builds a volume from the fuzz input (names of any bytes,
// files, folders, links in and out of it) and surveys it: no panic, no
// entry from outside the volume, and every entry accounted for once.
func FuzzSurvey(f *testing.F) {
	f.Add([]byte("f a.mp4\nd DCIM\nf DCIM/b.MP4\nl c.mp4 /etc/passwd\nl up ..\n"))
	f.Add([]byte("f \xff\xfe.mp4\nf \x1b[2J.mov\nd x\nd x/y\nl x/y/z ../../x\n"))
	f.Fuzz(func(t *testing.T, spec []byte) {
		dir := t.TempDir()
		made := 0
		for _, line := range strings.Split(string(spec), "\n") {
			if len(line) < 3 || made > 40 {
				continue
			}
			kind, rest := line[0], line[2:]
			name, target, _ := strings.Cut(rest, " ")
			if name == "" || strings.ContainsRune(name, 0) || strings.Contains(name, "..") || strings.HasPrefix(name, "/") {
				continue
			}
			p := filepath.Join(dir, name)
			os.MkdirAll(filepath.Dir(p), 0o755)
			var err error
			switch kind {
			case 'f':
				err = os.WriteFile(p, []byte(rest), 0o644)
			case 'd':
				err = os.MkdirAll(p, 0o755)
			case 'l':
				err = os.Symlink(target, p)
			}
			if err == nil {
				made++
			}
		}
		vol, err := OpenVolume(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer vol.Close()
		sv := vol.Survey(nil)
		seen := map[string]bool{}
		for _, f := range sv.Files {
			if seen[f.Path] {
				t.Fatalf("%q listed twice", f.Path)
			}
			seen[f.Path] = true
			raw := f.OpenPath()
			info, err := os.Lstat(filepath.Join(dir, raw))
			if err != nil || !info.Mode().IsRegular() {
				t.Fatalf("%q listed for import but is no regular file inside the volume: %v", f.Path, err)
			}
			if r, err := vol.Open(raw); err != nil {
				t.Fatalf("%q cannot be opened: %v", f.Path, err)
			} else {
				r.Close()
			}
		}
		for _, s := range sv.Skipped {
			if seen[s.Path] {
				t.Fatalf("%q both imported and skipped", s.Path)
			}
			seen[s.Path] = true
		}
	})
}
