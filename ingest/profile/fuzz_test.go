package profile

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzParse feeds profile JSON to Parse. Whatever it accepts must survive a
// round trip through JSON and be usable for names and recognition.
func FuzzParse(f *testing.F) {
	seeds, err := fs.Glob(builtinFS, "builtin/*.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range seeds {
		data, err := builtinFS.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(validJSON))
	f.Add([]byte(`{"name":"a","description":"d","markers_all":["x/[a-"],"recording_dirs":[".."]}`))
	f.Add([]byte(`{"name":"a","description":"d","markers":["A"],"recording_dirs":["."],"name_patterns":["(?P<date>\\d{8})(?P<time>\\d{6})"],"clock":{"file":"t","layout":"060102 1504"}}`))
	f.Add([]byte("\ufeff{}"))
	vol := volumeFS(f, map[string]string{
		"DCIM/100MEDIA/20260314_083000_BC1_1.MP4": "v",
		"ID.txt":            "BC1",
		"RECORD/REC001.WAV": "a",
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("marshal accepted profile: %v", err)
		}
		q, err := Parse(out)
		if err != nil {
			t.Fatalf("re-parse of %s: %v", out, err)
		}
		if q.Name != p.Name || len(q.patterns) != len(p.patterns) || len(q.Markers) != len(p.Markers) {
			t.Fatalf("round trip changed the profile:\n%+v\n%+v", p, q)
		}
		p.ParseName("20260314_083000_BC1_1.MP4", time.UTC)
		if _, _, err := Recognise(vol, []Profile{p}); err != nil {
			t.Fatalf("Recognise: %v", err)
		}
		if _, err := p.Recordings(vol); err != nil {
			t.Fatalf("Recordings: %v", err)
		}
	})
}

// FuzzParseName feeds file names to every builtin profile. Whatever a profile
// reads from a name must come from the name and be a plausible date.
func FuzzParseName(f *testing.F) {
	for _, s := range []string{
		"DSJ001_012345_20260314083005.MP4", "DSJ001_012345_20260314083005_2.MP4",
		"DSJ001_012345_20261399083005.MP4", "20260314_083000_BC123456_0001.MP4",
		"20260314-083000.WAV", "REC001.WAV", "IMG_1234.JPG", "MVI_1235.MOV",
		"SF01_0001_20240229235959_999999.jpg", "录像_警号_20260314083005.mp4", "",
	} {
		f.Add(s)
	}
	ps := builtins(f)
	loc := time.FixedZone("CST", 8*3600)
	f.Fuzz(func(t *testing.T, name string) {
		for _, p := range ps {
			info, ok := p.ParseName(name, loc)
			if !ok {
				if info != (NameInfo{}) {
					t.Fatalf("%s: rejected %q but returned %+v", p.Name, name, info)
				}
				continue
			}
			if !strings.Contains(name, info.Serial) || !strings.Contains(name, info.Officer) {
				t.Fatalf("%s: %q gave serial %q officer %q", p.Name, name, info.Serial, info.Officer)
			}
			if !utf8.ValidString(info.Serial) || !utf8.ValidString(info.Officer) || info.Seq < 0 {
				t.Fatalf("%s: %q gave %+v", p.Name, name, info)
			}
			if info.HasStart {
				y := info.Start.Year()
				if y < minYear || y > maxYear || !strings.Contains(name, info.Start.Format("20060102")) {
					t.Fatalf("%s: %q gave start %v", p.Name, name, info.Start)
				}
			} else if !info.Start.IsZero() {
				t.Fatalf("%s: %q gave a start without HasStart", p.Name, name)
			}
		}
	})
}
