package profile

import (
	"errors"
	"io/fs"
	"os"
	"testing"
	"testing/fstest"
)

// layouts are volumes as each builtin profile's recorder writes them.
var layouts = []struct {
	name       string
	want       string // profile expected to win
	serial     string
	serialFrom string
	files      map[string]string
}{
	{"generic DCIM with id file", "generic", "DEV0001", "id-file:DEVICE_ID.TXT", map[string]string{
		"DEVICE_ID.TXT":                            "DEV0001\n",
		"DCIM/DEV0001_012345_20260314083000.MP4":   "v",
		"DCIM/DEV0001_012345_20260314083000_2.MP4": "v",
	}},
	{"generic Record serial from names", "generic", "DSJ-9", "names", map[string]string{
		"Record/DSJ-9_012345_20260314083000.MP4": "v",
		"Record/DSJ-9_012345_20260314093000.WAV": "a",
	}},
	{"generic Chinese folder", "generic", "A1", "names", map[string]string{
		"录像/2026/A1_000123_20260314083000.mp4": "v",
	}},
	{"bodycam 100MEDIA with ID.txt", "bodycam-100media", "BC123456", "id-file:ID.txt", map[string]string{
		"ID.txt": "BC123456\r\n",
		"DCIM/100MEDIA/20260314_083000_BC123456_0001.MP4": "v",
		"DCIM/100MEDIA/20260314_083000_BC123456_0002.MP4": "v",
	}},
	{"bodycam 100MEDIA with SYSTEM/DEVID.TXT", "bodycam-100media", "BC7", "id-file:SYSTEM/DEVID.TXT", map[string]string{
		"SYSTEM/DEVID.TXT":                        "BC7",
		"DCIM/100MEDIA/20260314_083000_BC7_1.MP4": "v",
	}},
	{"voice recorder RECORD", "voice-recorder", "", "", map[string]string{
		"RECORD/20260314-083000.WAV": "a",
		"RECORD/REC001.WAV":          "a",
	}},
	{"voice recorder VOICE subfolder", "voice-recorder", "", "", map[string]string{
		"VOICE/FOLDER_A/REC002.MP3": "a",
	}},
	{"camera 100CANON", "camera-dcf", "", "", map[string]string{
		"DCIM/100CANON/IMG_1234.JPG": "p",
		"DCIM/100CANON/MVI_1235.MOV": "v",
		"MISC/":                      "",
	}},
	{"split folders", "bodycam-split-folders", "SF01", "id-file:DEVICE_ID.TXT", map[string]string{
		"DEVICE_ID.TXT":                      "SF01",
		"VIDEO/SF01_0001_20260314083000.MP4": "v",
		"PHOTO/SF01_0001_20260314083100.JPG": "p",
		"AUDIO/":                             "",
	}},
}

func TestRecogniseBuiltinLayouts(t *testing.T) {
	ps := builtins(t)
	for _, l := range layouts {
		t.Run(l.name, func(t *testing.T) {
			fsys := volumeFS(t, l.files)
			m, ok, err := Recognise(fsys, ps)
			if err != nil || !ok {
				t.Fatalf("Recognise = ok %v, err %v", ok, err)
			}
			if m.Profile.Name != l.want || m.Serial != l.serial || m.SerialFrom != l.serialFrom || m.MixedSerials {
				t.Errorf("got profile %s serial %q from %q mixed %v; want %s %q from %q", m.Profile.Name, m.Serial, m.SerialFrom, m.MixedSerials, l.want, l.serial, l.serialFrom)
			}
			// No other non-fallback profile alone recognises this layout.
			for _, p := range ps {
				if p.Name == l.want || p.Fallback {
					continue
				}
				if m, ok, err := Recognise(fsys, []Profile{p}); ok || err != nil {
					t.Errorf("profile %s alone also matches (%+v, err %v)", p.Name, m.Profile.Name, err)
				}
			}
		})
	}
}

func TestRecogniseNoMatch(t *testing.T) {
	ps := builtins(t)
	for _, tc := range []struct {
		name  string
		files map[string]string
	}{
		{"empty volume", map[string]string{}},
		{"random files", map[string]string{"notes.txt": "x", "photos/a.jpg": "p", "backup/DCIM.zip": "z"}},
		{"label file only", map[string]string{"autorun.inf": "[autorun]\nlabel=DSJ-BODYCAM\n", "System Volume Information/": ""}},
		{"DCIM without recordings", map[string]string{"DCIM/": "", "DCIM/100MEDIA/": "", "DCIM/readme.txt": "x"}},
		{"100MEDIA without id file", map[string]string{"DCIM/100MEDIA/": ""}},
		{"id file only", map[string]string{"DEVICE_ID.TXT": "X1", "ID.txt": "X1"}},
		{"RECORD as a file", map[string]string{"RECORD": "not a folder", "Record.mp4": "v"}},
		{"voice folder with video only", map[string]string{"VOICE/x.txt": "t"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, ok, err := Recognise(volumeFS(t, tc.files), ps)
			if err != nil || ok {
				t.Errorf("Recognise = %s, %v, %v; want no match", m.Profile.Name, ok, err)
			}
		})
	}
}

func TestRecogniseIDFileEncodings(t *testing.T) {
	ps := builtins(t)
	rec := "DCIM/X_1_20260314083000.MP4"
	for _, tc := range []struct {
		name, id, want, from string
	}{
		{"BOM and CRLF", "\ufeffDSJ-0042\r\nsecond line\r\n", "DSJ-0042", "id-file:DEVICE_ID.TXT"},
		{"blank lines and spaces", "\r\n  \n  DSJ 7  \n", "DSJ 7", "id-file:DEVICE_ID.TXT"},
		{"NUL padded", "AB12\x00\x00\x00", "AB12", "id-file:DEVICE_ID.TXT"},
		{"UTF-16LE with BOM", "\xff\xfeA\x00B\x001\x00\r\x00\n\x00", "AB1", "id-file:DEVICE_ID.TXT"},
		{"UTF-16BE with BOM", "\xfe\xff\x00Z\x009", "Z9", "id-file:DEVICE_ID.TXT"},
		{"empty falls back to names", "\r\n", "X", "names"},
		{"binary falls back to names", "\x01\x02\x03\xff", "X", "names"},
		{"too long falls back to names", string(make([]byte, 100)) + "\n", "X", "names"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := volumeFS(t, map[string]string{"DEVICE_ID.TXT": tc.id, rec: "v"})
			m, ok, err := Recognise(fsys, ps)
			if err != nil || !ok {
				t.Fatalf("Recognise: ok %v err %v", ok, err)
			}
			if m.Serial != tc.want || m.SerialFrom != tc.from {
				t.Errorf("serial %q from %q; want %q from %q", m.Serial, m.SerialFrom, tc.want, tc.from)
			}
		})
	}
}

func TestRecogniseCaseInsensitive(t *testing.T) {
	fsys := volumeFS(t, map[string]string{
		"dcim/100media/20260314_083000_BC1_1.mp4": "v",
		"id.TXT": "BC1",
	})
	m, ok, err := Recognise(fsys, builtins(t))
	if err != nil || !ok || m.Profile.Name != "bodycam-100media" || m.SerialFrom != "id-file:id.TXT" {
		t.Fatalf("got %s %q %q ok %v err %v", m.Profile.Name, m.Serial, m.SerialFrom, ok, err)
	}
	recs, err := m.Profile.Recordings(fsys)
	if err != nil || len(recs) != 1 || recs[0] != "dcim/100media/20260314_083000_BC1_1.mp4" {
		t.Errorf("Recordings = %v, %v", recs, err)
	}
}

func TestRecogniseMixedSerials(t *testing.T) {
	fsys := volumeFS(t, map[string]string{
		"VIDEO/B2_7_20260314083000.MP4":   "v",
		"VIDEO/A1_7_20260314090000.MP4":   "v",
		"VIDEO/A1_7_20260314100000_2.MP4": "v",
		"VIDEO/IMG_0001.JPG":              "p", // no serial in the name
	})
	m, ok, err := Recognise(fsys, builtins(t))
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if m.Serial != "A1" || m.SerialFrom != "names" || !m.MixedSerials || m.SerialCounts["A1"] != 2 || m.SerialCounts["B2"] != 1 {
		t.Errorf("got %+v", m)
	}
}

func TestRecogniseSpecificity(t *testing.T) {
	weak := mustParse(t, `{"name":"a-weak","description":"d","markers":["DCIM/"],"recording_dirs":["DCIM"]}`)
	strong := mustParse(t, `{"name":"z-strong","description":"d","markers_all":["DCIM/"],"markers":["MISC/", "DCIM/100TEST/"],"recording_dirs":["DCIM"]}`)
	fallback := mustParse(t, `{"name":"0-fallback","description":"d","markers_all":["DCIM/100TEST/", "MISC/"],"recording_dirs":["DCIM"],"fallback":true}`)
	fsys := volumeFS(t, map[string]string{"DCIM/100TEST/": "", "MISC/": ""})
	m, ok, err := Recognise(fsys, []Profile{fallback, weak, strong})
	if err != nil || !ok || m.Profile.Name != "z-strong" || m.Specificity != 2+4 {
		t.Fatalf("got %s (%d) ok %v err %v", m.Profile.Name, m.Specificity, ok, err)
	}
	m, ok, _ = Recognise(fsys, []Profile{fallback})
	if !ok || m.Profile.Name != "0-fallback" {
		t.Errorf("fallback alone: %s %v", m.Profile.Name, ok)
	}
	// Equal scores: the name sorting first wins, whatever the order given.
	twin := weak
	twin.Name = "a-twin"
	m, _, _ = Recognise(fsys, []Profile{weak, twin})
	if m.Profile.Name != "a-twin" {
		t.Errorf("tie went to %s", m.Profile.Name)
	}
}

func TestRecogniseProfileWithoutMarkersNeverMatches(t *testing.T) {
	p := Profile{Name: "bare", RecordingDirs: []string{"."}}
	if _, ok, err := Recognise(volumeFS(t, map[string]string{"a.mp4": "v"}), []Profile{p}); ok || err != nil {
		t.Errorf("ok %v err %v", ok, err)
	}
}

// errFS fails every ReadDir of one folder with an I/O error.
type errFS struct {
	fstest.MapFS
	bad string
}

var errIO = errors.New("input/output error")

func (f errFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == f.bad {
		return nil, errIO
	}
	return f.MapFS.ReadDir(name)
}

func TestRecogniseReadError(t *testing.T) {
	fsys := errFS{MapFS: fstest.MapFS{
		"DCIM/100MEDIA/x.MP4": {Data: []byte("v")},
		"ID.txt":              {Data: []byte("A")},
	}, bad: "."}
	if _, _, err := Recognise(fsys, builtins(t)); !errors.Is(err, errIO) {
		t.Errorf("err = %v; want the I/O error", err)
	}
	fsys.bad = "DCIM/100MEDIA"
	p := byName(t, builtins(t), "bodycam-100media")
	if _, err := p.Recordings(fsys); !errors.Is(err, errIO) {
		t.Errorf("Recordings err = %v; want the I/O error", err)
	}
}

func TestRecogniseVanishedVolume(t *testing.T) {
	vol := makeVolume(t, map[string]string{"DCIM/a.mp4": "v"})
	fsys := os.DirFS(vol)
	if err := os.RemoveAll(vol); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := Recognise(fsys, builtins(t)); err == nil || ok {
		t.Errorf("ok %v err %v; want an error for a volume that is gone", ok, err)
	}
}
