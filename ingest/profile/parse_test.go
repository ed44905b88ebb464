package profile

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

const validJSON = `{
  "name": "my-cam",
  "description": "test",
  "markers": ["DCIM/"],
  "recording_dirs": ["DCIM"],
  "name_patterns": ["(?P<serial>[A-Z]+)_(?P<start>[0-9]{14})\\.mp4"],
  "clock": {"file": "time.txt", "layout": "2006-01-02 15:04:05"}
}`

func TestParseValid(t *testing.T) {
	p := mustParse(t, "\ufeff"+validJSON)
	if p.Name != "my-cam" || len(p.patterns) != 1 || p.Clock == nil || p.Clock.File != "time.txt" {
		t.Errorf("got %+v", p)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		json     string
		line     int
		contains string
	}{
		{"empty", ``, 1, "incomplete"},
		{"syntax", "{\n\"name\": \"a\",\n\"description\": \"d\"\n\"markers\": []}", 4, "invalid JSON"},
		{"trailing data", validJSON + "\n{}", 9, "after the profile"},
		{"unknown field", "{\n\"name\": \"a\",\n\"marker\": [\"DCIM/\"]}", 3, `"marker"`},
		{"wrong type", "{\n\"name\": \"a\",\n\"markers\": \"DCIM/\"}", 3, "wrong type"},
		{"bad name", `{"name": "My Cam"}`, 1, "not a valid profile name"},
		{"no description", `{"name": "a", "markers": ["DCIM/"], "recording_dirs": ["DCIM"]}`, 0, "description"},
		{"no markers", `{"name": "a", "description": "d", "recording_dirs": ["DCIM"]}`, 0, "volume label is never identity"},
		{"root marker", `{"name": "a", "description": "d", "markers": ["./"], "recording_dirs": ["DCIM"]}`, 1, "root is not a marker"},
		{"absolute marker", `{"name": "a", "description": "d", "markers": ["/DCIM/"], "recording_dirs": ["DCIM"]}`, 1, "relative"},
		{"drive letter", `{"name": "a", "description": "d", "markers": ["E:/DCIM/"], "recording_dirs": ["DCIM"]}`, 1, "relative"},
		{"dotdot dir", "{\"name\": \"a\", \"description\": \"d\", \"markers\": [\"DCIM/\"],\n \"recording_dirs\": [\"DCIM/../..\"]}", 2, ".."},
		{"backslash", `{"name": "a", "description": "d", "markers": ["DCIM\\100MEDIA/"], "recording_dirs": ["DCIM"]}`, 1, "use /"},
		{"unclean", `{"name": "a", "description": "d", "markers": ["DCIM//x/"], "recording_dirs": ["DCIM"]}`, 1, "clean"},
		{"bad glob", `{"name": "a", "description": "d", "markers": ["DCIM/[a-/"], "recording_dirs": ["DCIM"]}`, 1, "glob"},
		{"glob id file", `{"name": "a", "description": "d", "markers": ["DCIM/"], "id_files": ["*.txt"], "recording_dirs": ["DCIM"]}`, 1, "glob"},
		{"no recording dirs", `{"name": "a", "description": "d", "markers": ["DCIM/"]}`, 0, "recording_dirs"},
		{"bad regexp", "{\"name\": \"a\", \"description\": \"d\", \"markers\": [\"DCIM/\"], \"recording_dirs\": [\"DCIM\"],\n\n\"name_patterns\": [\"(\"]}", 3, "name_patterns[0]"},
		{"unknown group", `{"name": "a", "description": "d", "markers": ["DCIM/"], "recording_dirs": ["DCIM"], "name_patterns": ["(?P<who>x)"]}`, 1, `unknown group "who"`},
		{"duplicate group", `{"name": "a", "description": "d", "markers": ["DCIM/"], "recording_dirs": ["DCIM"], "name_patterns": ["(?P<seq>x)(?P<seq>y)"]}`, 1, "seq"},
		{"start and date", `{"name": "a", "description": "d", "markers": ["DCIM/"], "recording_dirs": ["DCIM"], "name_patterns": ["(?P<start>x)(?P<date>y)(?P<time>z)"]}`, 1, "either"},
		{"date alone", `{"name": "a", "description": "d", "markers": ["DCIM/"], "recording_dirs": ["DCIM"], "name_patterns": ["(?P<date>x)"]}`, 1, "together"},
		{"clock dir", `{"name": "a", "description": "d", "markers": ["DCIM/"], "recording_dirs": ["DCIM"], "clock": {"file": "SYS/", "layout": "2006"}}`, 1, "clock.file"},
		{"clock layout no minute", `{"name": "a", "description": "d", "markers": ["DCIM/"], "recording_dirs": ["DCIM"], "clock": {"file": "t.txt", "layout": "2006-01-02 15"}}`, 1, "minute"},
		{"clock layout empty", `{"name": "a", "description": "d", "markers": ["DCIM/"], "recording_dirs": ["DCIM"], "clock": {"file": "t.txt"}}`, 1, "layout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.json))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v; want *Error", err)
			}
			if e.Line != tc.line || !strings.Contains(err.Error(), tc.contains) {
				t.Errorf("err = %q (line %d); want line %d and %q", err, e.Line, tc.line, tc.contains)
			}
		})
	}
}

func TestBuiltinProfiles(t *testing.T) {
	ps := builtins(t)
	fallbacks := 0
	for _, p := range ps {
		if p.Fallback {
			fallbacks++
			if p.Name != "generic" {
				t.Errorf("%s is a fallback", p.Name)
			}
		}
		if p.Wipe {
			t.Errorf("builtin %s allows wiping; only an administrator's own profile should", p.Name)
		}
		if !strings.HasPrefix(p.Source, "builtin/") {
			t.Errorf("%s: source %q", p.Name, p.Source)
		}
	}
	if fallbacks != 1 {
		t.Errorf("%d fallback profiles", fallbacks)
	}
}

// TestDocExample checks that the full example in the package documentation
// parses and recognises the layout it describes.
func TestDocExample(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	in := false
	for _, line := range strings.Split(string(src), "\n") {
		if line == "//\t{" {
			in = true
		}
		if in {
			b.WriteString(strings.TrimPrefix(line, "//\t") + "\n")
		}
		if in && line == "//\t}" {
			break
		}
	}
	p := mustParse(t, b.String())
	fsys := volumeFS(t, map[string]string{
		"SYSTEM/DEVID.TXT": "BC123456\r\n",
		"DCIM/100MEDIA/20260314_083000_BC123456_0001.MP4": "v",
	})
	m, ok, err := Recognise(fsys, append(builtins(t), p))
	if err != nil || !ok || m.Profile.Name != "station-bodycam" || m.Serial != "BC123456" {
		t.Fatalf("got %s %q ok %v err %v", m.Profile.Name, m.Serial, ok, err)
	}
	if info, ok := p.ParseName("20260314_083000_BC123456_0001.MP4", time.UTC); !ok || info.Seq != 1 || info.Serial != "BC123456" {
		t.Errorf("ParseName: %+v %v", info, ok)
	}
}
