package profile

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// writeProfiles creates <data>/profiles with the given files and returns <data>.
func writeProfiles(t *testing.T, files map[string]string) string {
	t.Helper()
	data := t.TempDir()
	dir := filepath.Join(data, "profiles")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return data
}

func TestLoadNoUserProfiles(t *testing.T) {
	ps, err := Load(t.TempDir())
	if err != nil || len(ps) != len(builtins(t)) {
		t.Fatalf("Load = %d profiles, %v", len(ps), err)
	}
	if _, err := Load(""); err == nil {
		t.Error("empty data folder accepted")
	}
}

func TestLoadOverrideAndAdd(t *testing.T) {
	data := writeProfiles(t, map[string]string{
		"generic.json": `{"name": "generic", "description": "our own generic: wipe after import",
			"markers": ["DCIM/"], "recording_dirs": ["DCIM"], "require_recordings": true,
			"local_time": true, "wipe_after_import": true, "fallback": true}`,
		"ZZ-Station.JSON": `{"name": "station-cam", "description": "station", "markers_all": ["STATION.ID"], "recording_dirs": ["."]}`,
		"readme.txt":      `not a profile`,
	})
	if err := os.Mkdir(filepath.Join(data, "profiles", "folder.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	ps, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != len(builtins(t))+1 {
		t.Fatalf("got %d profiles", len(ps))
	}
	g := byName(t, ps, "generic")
	if !g.Wipe || !strings.HasSuffix(g.Source, "generic.json") || strings.HasPrefix(g.Source, "builtin/") {
		t.Errorf("generic not overridden: %+v", g)
	}
	if last := ps[len(ps)-1]; last.Name != "station-cam" {
		t.Errorf("last profile %s", last.Name)
	}
	// The override is what Recognise uses.
	m, ok, err := Recognise(volumeFS(t, map[string]string{"DCIM/a.mp4": "v"}), ps)
	if err != nil || !ok || !m.Profile.Wipe {
		t.Errorf("Recognise with override: %+v %v %v", m.Profile, ok, err)
	}
}

func TestLoadBrokenFile(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		line       int
		contains   string
	}{
		{"syntax", "{\n  \"name\": \"x\",\n  \"description\": \"d\",\n  \"markers\": [\"DCIM/\"]\n  \"recording_dirs\": [\"DCIM\"]\n}", 5, "invalid JSON"},
		{"bad regexp", "{\n  \"name\": \"x\",\n  \"description\": \"d\",\n  \"markers\": [\"DCIM/\"],\n  \"recording_dirs\": [\"DCIM\"],\n  \"name_patterns\": [\"(?P<serial>[A-Z+\"]\n}", 6, "name_patterns[0]"},
		{"misspelt field", "{\n  \"name\": \"x\",\n  \"descripton\": \"d\"\n}", 3, "unknown field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := writeProfiles(t, map[string]string{"good.json": `{"name": "good", "description": "d", "markers": ["A/"], "recording_dirs": ["A"]}`, "broken.json": tc.body})
			_, err := Load(data)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v; want *Error", err)
			}
			file := filepath.Join(data, "profiles", "broken.json")
			if e.File != file || e.Line != tc.line || !strings.Contains(err.Error(), tc.contains) ||
				!strings.Contains(err.Error(), file+":"+strconv.Itoa(tc.line)) {
				t.Errorf("err = %q (file %s line %d); want %s:%d and %q", err, e.File, e.Line, file, tc.line, tc.contains)
			}
		})
	}
}

func TestLoadDuplicateUserNames(t *testing.T) {
	p := `{"name": "same", "description": "d", "markers": ["A/"], "recording_dirs": ["A"]}`
	_, err := Load(writeProfiles(t, map[string]string{"a.json": p, "b.json": p}))
	if err == nil || !strings.Contains(err.Error(), "a.json") || !strings.Contains(err.Error(), "b.json") {
		t.Errorf("err = %v; want both files named", err)
	}
}
