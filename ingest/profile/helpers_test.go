package profile

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// makeVolume lays out a volume in a temporary folder: a key ending in "/" is a
// folder, any other key a file with the given contents. It returns the folder.
func makeVolume(t testing.TB, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// volumeFS lays out a volume (see makeVolume) and returns it as an fs.FS.
func volumeFS(t testing.TB, files map[string]string) fs.FS {
	t.Helper()
	return os.DirFS(makeVolume(t, files))
}

// builtins returns the builtin profiles, failing the test on error.
func builtins(t testing.TB) []Profile {
	t.Helper()
	ps, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// byName returns the profile named name from ps.
func byName(t testing.TB, ps []Profile, name string) Profile {
	t.Helper()
	for _, p := range ps {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no profile %q", name)
	return Profile{}
}

// mustParse parses a profile, failing the test on error.
func mustParse(t testing.TB, data string) Profile {
	t.Helper()
	p, err := Parse([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	return p
}
