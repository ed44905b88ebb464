package dock

import (
	"io"
	"io/fs"
	"path"
	"strings"
	"time"

	"evidock/ingest"
	"evidock/ingest/media"
	"evidock/ingest/profile"
	"evidock/records"
)

// habitSamples bounds how many clips' headers a docking reads to learn the
// recorder's MP4 habit: a handful of small reads each, before the copy.
const habitSamples = 64

// learnHabit compares the MP4 creation time of clips whose names give a
// start time with that start time, read from the recorder's headers (the
// moov box; never the media data), and counts which reading agrees: true
// UTC, or the recorder's wall-clock time written as if it were UTC.
func learnHabit(fsys fs.FS, files []ingest.File, p profile.Profile, loc *time.Location) records.HabitVotes {
	var v records.HabitVotes
	n := 0
	for _, f := range files {
		if n == habitSamples {
			break
		}
		switch strings.ToLower(path.Ext(f.Path)) {
		case ".mp4", ".mov", ".m4a", ".m4v", ".3gp":
		default:
			continue
		}
		ni, ok := p.ParseName(path.Base(f.Path), loc)
		if !ok || !ni.HasStart {
			continue
		}
		t, ok := mp4Time(fsys, f)
		if !ok {
			continue
		}
		n++
		asUTC, asLocal := t.UTC(), wall(t, loc)
		utcOK, localOK := near(asUTC, ni.Start), near(asLocal, ni.Start)
		switch {
		case utcOK && localOK: // the recorder's zone is UTC: no telling
		case utcOK:
			v.UTC++
		case localOK:
			v.Local++
		}
	}
	return v
}

func mp4Time(fsys fs.FS, f ingest.File) (time.Time, bool) {
	file, err := fsys.Open(f.OpenPath())
	if err != nil {
		return time.Time{}, false
	}
	defer file.Close()
	ra, ok := file.(io.ReaderAt)
	if !ok {
		return time.Time{}, false
	}
	info, err := media.ReadMP4(ra, f.Size)
	if info.RecordedAt.IsZero() || (err != nil && info.Source == "") {
		return time.Time{}, false
	}
	return info.RecordedAt, true
}

func near(a, b time.Time) bool {
	d := a.Sub(b)
	return d <= ConflictTolerance && d >= -ConflictTolerance
}
