package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"evidock/internal/cli"
)

// recordingJSON is what `recordings --json` says of a recording's time.
type recordingJSON struct {
	ID           string    `json:"id"`
	SHA256       string    `json:"sha256"`
	Name         string    `json:"original_name"`
	Device       string    `json:"device_id"`
	Officer      string    `json:"officer_id"`
	RecordedAt   string    `json:"recorded_at"`
	TimeSource   string    `json:"time_source"`
	NameTime     time.Time `json:"name_time"`
	MetadataTime time.Time `json:"metadata_time"`
	Flags        []string  `json:"flags"`
}

// A shift from 23:40 to 00:05 China time (2026-11-27/28), four-second clips
// with pauses of 10 and 15 minutes.
var shiftStarts = []time.Time{
	time.Date(2026, 11, 27, 15, 40, 0, 0, time.UTC),
	time.Date(2026, 11, 27, 15, 50, 0, 0, time.UTC),
	time.Date(2026, 11, 27, 16, 5, 0, 0, time.UTC),
}

var china = time.FixedZone("CST", 8*3600)

// bodycam lays out a generic recorder whose names carry the recorder's
// wall time in zone and whose MP4s carry true UTC (utc) or that wall time
// written as if it were UTC (!utc).
func bodycam(t *testing.T, dir, serial string, zone *time.Location, utc bool, starts ...time.Time) {
	t.Helper()
	writeFile(t, dir, "DEVICE_ID.TXT", []byte(serial+"\r\n"))
	for _, s := range starts {
		wall := s.In(zone)
		fields := s
		if !utc {
			fields = time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0, time.UTC)
		}
		writeFile(t, dir, fmt.Sprintf("DCIM/%s_071234_%s.mp4", serial, wall.Format("20060102150405")), mp4Clip(t, fields, 4))
	}
}

// Issue 15 §1: on the workstation's real setting (China time), and on one
// set to UTC, recorders
// that write true UTC and recorders that write their wall time into the MP4
// both get their clips' real instants; a clip whose metadata says 2016 while
// its name says 2026 is flagged and timed by its name; a name with a prefix
// still gives officer, serial and time; a shift past midnight is one
// timeline with its interruptions.
func TestRecordingTimesInChinaTime(t *testing.T) {
	for _, zone := range []*time.Location{china, time.UTC} {
		t.Run(zone.String(), func(t *testing.T) { recordingTimesIn(t, zone) })
	}
}

// recordingTimesIn is TestRecordingTimesInChinaTime on a workstation, and
// its unregistered recorders, in zone.
func recordingTimesIn(t *testing.T, zone *time.Location) {
	p := newProc(t, "")
	p.tz = map[*time.Location]string{china: "Asia/Shanghai", time.UTC: "UTC"}[zone]
	utcCam, localCam, voice := t.TempDir(), t.TempDir(), t.TempDir()
	bodycam(t, utcCam, "CAMU1", zone, true, shiftStarts...)
	// A recorder on UTC that writes its wall time writes true UTC: the two
	// kinds are one there, and their clips the same bytes.
	serials := []string{"CAMU1"}
	if zone != time.UTC {
		bodycam(t, localCam, "CAML1", zone, false, shiftStarts...)
		serials = append(serials, "CAML1")
	}
	// Its metadata says 2016, its name 2026-11-28 09:45 (the zone's time).
	writeFile(t, localCam, "DCIM/CAML1_071234_20261128094500.mp4", mp4Clip(t, time.Date(2016, 11, 28, 9, 45, 0, 0, time.UTC), 4))
	writeFile(t, voice, "Record/录音_ZFY001_071234_20261128094500.WAV", wavClip(t))
	for _, dir := range []string{utcCam, localCam, voice} {
		p.ok("", "", "import", "--json", dir)
	}
	var recs []recordingJSON
	p.JSON("", "", &recs, "recordings", "--json")
	byName := map[string]recordingJSON{}
	for _, r := range recs {
		byName[r.Name] = r
	}
	for _, serial := range serials {
		for _, s := range shiftStarts {
			name := fmt.Sprintf("%s_071234_%s.mp4", serial, s.In(zone).Format("20060102150405"))
			r, ok := byName[name]
			if !ok {
				t.Fatalf("%s not imported: %+v", name, recs)
			}
			at, err := time.Parse(time.RFC3339, r.RecordedAt)
			if err != nil || !at.Equal(s) || r.TimeSource != "metadata" || slices.Contains(r.Flags, "time_conflict") {
				t.Errorf("%s: recorded_at %s (%v) from %s, flags %v; want %s from the metadata", name, r.RecordedAt, err, r.TimeSource, r.Flags, s.Format(time.RFC3339))
			}
			if r.Device != serial || r.Officer != "071234" {
				t.Errorf("%s: device %q officer %q", name, r.Device, r.Officer)
			}
		}
	}
	conflict := byName["CAML1_071234_20261128094500.mp4"]
	nameTime := time.Date(2026, 11, 28, 9, 45, 0, 0, zone)
	if at, _ := time.Parse(time.RFC3339, conflict.RecordedAt); !at.Equal(nameTime) ||
		conflict.TimeSource != "name" || !slices.Contains(conflict.Flags, "time_conflict") || conflict.MetadataTime.Year() != 2016 ||
		!conflict.NameTime.Equal(nameTime) {
		t.Errorf("2016 metadata against a 2026 name: %+v", conflict)
	}
	wav := byName["录音_ZFY001_071234_20261128094500.WAV"]
	if at, _ := time.Parse(time.RFC3339, wav.RecordedAt); !at.Equal(nameTime) ||
		wav.TimeSource != "name" || wav.Officer != "071234" || wav.Device != "ZFY001" {
		t.Errorf("a prefixed name: %+v", wav)
	}

	// The shift (past midnight in China time) is one timeline, with both
	// interruptions.
	for _, serial := range serials {
		var tl struct {
			Clips []struct {
				ID string `json:"id"`
			} `json:"clips"`
			Gaps []struct {
				Seconds float64 `json:"seconds"`
			} `json:"gaps"`
		}
		p.JSON("", "", &tl, "timeline", "--device", serial, "--date", "2026-11-27", "--json")
		if len(tl.Clips) != 3 || len(tl.Gaps) != 2 || tl.Gaps[0].Seconds != 596 || tl.Gaps[1].Seconds != 896 {
			t.Errorf("%s's shift from 23:40: %d clips, gaps %+v; want 3 clips and gaps of 596 s and 896 s", serial, len(tl.Clips), tl.Gaps)
		}
	}

	// The conflict is an open item, with both times.
	var items []struct {
		Kind         string    `json:"kind"`
		Ref          string    `json:"ref"`
		NameTime     time.Time `json:"name_time"`
		MetadataTime time.Time `json:"metadata_time"`
	}
	p.JSON("", "", &items, "open-items", "--kind", "time_conflict", "--json")
	if len(items) != 1 || items[0].Ref != conflict.ID || items[0].NameTime.Year() != 2026 || items[0].MetadataTime.Year() != 2016 {
		t.Errorf("time_conflict items %+v", items)
	}
}

// A recorder registered in China time docked at a workstation set to UTC:
// its names are still read as its own wall time.
func TestRecorderZoneFromRegistration(t *testing.T) {
	p := newProc(t, "")
	p.tz = "UTC"
	cam := t.TempDir()
	bodycam(t, cam, "CAMZ1", china, false, shiftStarts[0])
	p.ok("", "", "officer", "add", "071234", "--name", "张三")
	p.ok("", "", "device", "add", "CAMZ1", "--officer", "071234", "--timezone", "Asia/Shanghai")
	if code, _, errOut := p.run("", "", "device", "add", "CAMZ2", "--timezone", "Mars/Olympus"); code != cli.ExitUsage {
		t.Errorf("an unknown zone: exit %d %s", code, errOut)
	}
	p.ok("", "", "import", cam)
	var recs []recordingJSON
	p.JSON("", "", &recs, "recordings", "--json")
	if len(recs) != 1 {
		t.Fatalf("recordings %+v", recs)
	}
	if at, _ := time.Parse(time.RFC3339, recs[0].RecordedAt); !at.Equal(shiftStarts[0]) || slices.Contains(recs[0].Flags, "time_conflict") {
		t.Errorf("recorded_at %s flags %v, want %s", recs[0].RecordedAt, recs[0].Flags, shiftStarts[0].Format(time.RFC3339))
	}
}

// A recording whose name carries no time and whose bytes carry no date is
// timed by its file time on the recorder, and says so (time_source
// file_time).
func TestFileTimeWhenNothingElseSays(t *testing.T) {
	p := newProc(t, "")
	voice := t.TempDir()
	writeFile(t, voice, "DEVICE_ID.TXT", []byte("ZFY002\r\n"))
	writeFile(t, voice, "Record/REC0001.WAV", wavClip(t))
	mtime := time.Date(2026, 11, 28, 3, 15, 7, 0, time.UTC)
	if err := os.Chtimes(filepath.Join(voice, "Record", "REC0001.WAV"), mtime, mtime); err != nil {
		t.Fatal(err)
	}
	p.ok("", "", "import", "--json", voice)
	var recs []recordingJSON
	p.JSON("", "", &recs, "recordings", "--json")
	if len(recs) != 1 {
		t.Fatalf("recordings %+v", recs)
	}
	at, err := time.Parse(time.RFC3339, recs[0].RecordedAt)
	if err != nil || !at.Equal(mtime) || recs[0].TimeSource != "file_time" {
		t.Errorf("recorded_at %s (%v) from %q; want %s from file_time", recs[0].RecordedAt, err, recs[0].TimeSource, mtime.Format(time.RFC3339))
	}
}
