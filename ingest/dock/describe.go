package dock

import (
	"errors"
	"io"
	"io/fs"
	"path"
	"time"

	"evidock/ingest"
	"evidock/ingest/media"
	"evidock/ingest/profile"
	"evidock/store"
)

// Where a recording's time came from when its metadata did not say.
const (
	TimeFromName     = "filename"
	TimeFromFileTime = "file-time"
)

// describer reads what a recording says about itself: its metadata first,
// then its file name, then its file time; then corrects for the recorder's
// clock offset.
type describer struct {
	profile       profile.Profile
	loc           *time.Location
	offset        time.Duration // recorder clock minus workstation clock; subtracted
	deviceOfficer string        // the officer the recorder is assigned to
	flags         []string      // recorder-level flags every recording carries
}

func (d describer) describe(f ingest.File, copy io.ReaderAt, size int64) store.Facts {
	facts := store.Facts{Flags: append([]string{}, d.flags...)}
	name := path.Base(f.Path)
	ni, nameOK := d.profile.ParseName(name, d.loc)
	if nameOK && ni.Officer != "" {
		facts.Officer = ni.Officer
		if d.deviceOfficer != "" && ni.Officer != d.deviceOfficer {
			facts.Flags = append(facts.Flags, store.FlagOfficerMismatch)
		}
	}
	info, err := media.Probe(copy, size, name)
	if err != nil && !errors.Is(err, media.ErrUnknownFormat) {
		facts.Flags = append(facts.Flags, store.FlagMetadataUnreadable)
	}
	switch {
	case !info.RecordedAt.IsZero():
		t := info.RecordedAt
		// EXIF and RIFF dates are wall-clock times; MP4 is UTC unless the
		// profile says this recorder writes its local time there.
		if info.Local || (info.Source == media.SourceMP4 && d.profile.LocalTime) {
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), d.loc)
		}
		facts.RecordedAt, facts.RecordedRaw, facts.TimeSource = t, info.Raw, string(info.Source)
	case nameOK && ni.HasStart:
		facts.RecordedAt, facts.RecordedRaw, facts.TimeSource = ni.Start, name, TimeFromName
	default:
		facts.RecordedAt, facts.RecordedRaw, facts.TimeSource = f.ModTime, f.ModTime.Format(time.RFC3339), TimeFromFileTime
	}
	if info.Duration > 0 {
		facts.Duration = info.Duration
	}
	facts.RecordedAt = facts.RecordedAt.Add(-d.offset).UTC()
	return facts
}

// measureClock estimates how far the recorder's clock is ahead of the
// workstation's: a recorder whose newest file is dated in the future has a
// clock that runs ahead by at least that much. A clock that runs behind
// cannot be told from old files, so it is reported as unmeasured.
func measureClock(files []ingest.File, now time.Time, tolerance time.Duration) (time.Duration, bool) {
	var newest time.Time
	for _, f := range files {
		if f.ModTime.After(newest) {
			newest = f.ModTime
		}
	}
	if ahead := newest.Sub(now); ahead > tolerance {
		return ahead, true
	}
	return 0, false
}

// Describe is what ingest.Options.Describe wants for recordings of a
// recorder of profile p assigned to officer, imported outside docking
// (evidock import of a folder): times from metadata, then the file name,
// then the file time, with no clock correction.
func Describe(p profile.Profile, officer string, loc *time.Location) func(ingest.File, io.ReaderAt, int64) store.Facts {
	if loc == nil {
		loc = time.Local
	}
	return describer{profile: p, loc: loc, deviceOfficer: officer}.describe
}

// ProfileFor is the profile that recognises the folder fsys, else the
// builtin generic one (whose name patterns still read serial, officer and
// start time), else an empty profile.
func ProfileFor(fsys fs.FS, profiles []profile.Profile) profile.Profile {
	if m, ok, err := profile.Recognise(fsys, profiles); err == nil && ok {
		return m.Profile
	}
	for _, p := range profiles {
		if p.Name == "generic" {
			return p
		}
	}
	return profile.Profile{}
}
