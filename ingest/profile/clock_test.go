package profile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestSetClock(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 3, 14, 8, 30, 5, 0, shanghai)
	for _, tc := range []struct {
		name, json, file string
		zone             *time.Location // the recorder's zone
		want             string
	}{
		{"local time", `{"name": "c", "description": "d", "markers": ["DCIM/"], "recording_dirs": ["DCIM"],
			"clock": {"file": "time.txt", "layout": "2006-01-02 15:04:05 Y"}}`, "time.txt", shanghai, "2026-03-14 08:30:05 Y"},
		{"UTC recorder", `{"name": "c", "description": "d", "markers": ["DCIM/"], "recording_dirs": ["DCIM"],
			"clock": {"file": "SYSTEM/SETTIME.TXT", "layout": "20060102150405\r\n"}}`, "SYSTEM/SETTIME.TXT", time.UTC, "20260314003005\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := mustParse(t, tc.json)
			vol := makeVolume(t, map[string]string{"DCIM/": "", "SYSTEM/": "", "time.txt": "2000-01-01 00:00:00 N and more old text"})
			root, err := os.OpenRoot(vol)
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()
			if err := p.SetClock(root, now.In(tc.zone)); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(vol, filepath.FromSlash(tc.file)))
			if err != nil || string(got) != tc.want {
				t.Errorf("clock file = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestSetClockUnsupported(t *testing.T) {
	root, err := os.OpenRoot(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, p := range builtins(t) {
		if err := p.SetClock(root, time.Now()); !errors.Is(err, ErrNoClock) {
			t.Errorf("%s: err = %v; want ErrNoClock", p.Name, err)
		}
	}
}

func TestSetClockWriteError(t *testing.T) {
	p := mustParse(t, `{"name": "c", "description": "d", "markers": ["DCIM/"], "recording_dirs": ["DCIM"],
		"clock": {"file": "MISSING/time.txt", "layout": "2006-01-02 15:04"}}`)
	root, err := os.OpenRoot(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if err := p.SetClock(root, time.Now()); err == nil || errors.Is(err, ErrNoClock) {
		t.Errorf("err = %v; want a write error", err)
	}
}
