package dock

import (
	"errors"
	"io"
	"path"
	"time"

	"evidock/custody"
	"evidock/digest"
	"evidock/ingest"
	"evidock/ingest/media"
	"evidock/ingest/profile"
	"evidock/records"
)

// ConflictTolerance is how far a recording's name time and metadata time may
// differ (after the recorder's MP4 habit is applied) before the recording is
// flagged time_conflict.
const ConflictTolerance = 2 * time.Minute

// describer reads what a recording says about itself and decides its
// recording time: the file name and the metadata, compared; the file time
// when neither says; all corrected for the recorder's clock offset.
type describer struct {
	profile    profile.Profile
	loc        *time.Location // the recorder's zone: its registration's, else the workstation's
	habit      records.TimeHabit
	offset     time.Duration           // recorder clock minus workstation clock; subtracted
	given      string                  // the officer a person named for this import
	custody    []custody.CustodyRecord // the recorder's check-outs, newest first
	registered string                  // the officer the recorder is registered to
	flags      []string                // recorder-level flags every recording carries
}

func (d describer) describe(f ingest.File, copy io.ReaderAt, size int64) records.Facts {
	facts := records.Facts{Flags: append([]string{}, d.flags...)}
	name := path.Base(f.Path)
	ni, nameOK := d.profile.ParseName(name, d.loc)
	info, err := media.Probe(copy, size, name)
	switch {
	case size > 0 && (digest.Zero(copy, size) || !media.Sniff(copy, size)):
		// All zeros (a sparse placeholder) or no media format at all.
		facts.Flags = append(facts.Flags, records.FlagNotMedia)
	case err != nil && !errors.Is(err, media.ErrUnknownFormat):
		facts.Flags = append(facts.Flags, records.FlagMetadataUnreadable)
	}
	if info.Duration > 0 {
		facts.Duration = info.Duration
	}
	meta := metadataTime(info, d.habit, d.loc)
	if nameOK && ni.HasStart {
		facts.NameTime = ni.Start.Add(-d.offset).UTC()
	}
	if !meta.IsZero() {
		facts.MetadataTime = meta.Add(-d.offset).UTC()
		facts.RecordedRaw = info.Raw
	}
	switch {
	case !meta.IsZero() && nameOK && ni.HasStart:
		if diff := meta.Sub(ni.Start); diff > ConflictTolerance || diff < -ConflictTolerance {
			facts.RecordedAt, facts.TimeSource = facts.NameTime, records.TimeFromName
			facts.RecordedRaw = name
			facts.Flags = append(facts.Flags, records.FlagTimeConflict)
		} else {
			facts.RecordedAt, facts.TimeSource = facts.MetadataTime, records.TimeFromMetadata
		}
	case !meta.IsZero():
		facts.RecordedAt, facts.TimeSource = facts.MetadataTime, records.TimeFromMetadata
	case nameOK && ni.HasStart:
		facts.RecordedAt, facts.RecordedRaw, facts.TimeSource = facts.NameTime, name, records.TimeFromName
	default:
		facts.RecordedAt, facts.RecordedRaw, facts.TimeSource = f.ModTime.Add(-d.offset).UTC(), f.ModTime.UTC().Format(time.RFC3339), records.TimeFromFileTime
	}
	if info.Source != "" {
		facts.Metadata = string(info.Source)
	}
	d.officer(&facts, ni.Officer)
	return facts
}

// officer decides whose recording it is: the officer its name gives; else
// the one a person named for the import; else the one the recorder was
// checked out to when it was recorded; else the recorder's registered
// officer; else nobody, flagged officer_unknown — never an empty string
// silently. A name giving another officer than expected is flagged
// officer_mismatch (Art. 20(2)).
func (d describer) officer(facts *records.Facts, named string) {
	expected := d.given
	if expected == "" {
		for _, c := range d.custody {
			if c.OutAt(facts.RecordedAt) {
				expected = c.Officer
				break
			}
		}
	}
	if expected == "" {
		expected = d.registered
	}
	switch {
	case named != "":
		facts.Officer = named
		if expected != "" && named != expected {
			facts.Flags = append(facts.Flags, records.FlagOfficerMismatch)
		}
	case expected != "":
		facts.Officer = expected
	default:
		facts.Flags = append(facts.Flags, records.FlagOfficerUnknown)
	}
}

// metadataTime is the instant the metadata gives: EXIF, AVI and WAV dates
// are the recorder's wall-clock time; an MP4 time is UTC, or the recorder's
// wall-clock time written as if it were UTC when that is its habit. Zero
// when the metadata holds no time.
func metadataTime(info media.Info, habit records.TimeHabit, loc *time.Location) time.Time {
	t := info.RecordedAt
	if t.IsZero() {
		return t
	}
	if info.Local || (info.Source == media.SourceMP4 && habit == records.HabitLocal) {
		return wall(t, loc)
	}
	return t.UTC()
}

// wall reads t's clock fields as a wall-clock time in loc.
func wall(t time.Time, loc *time.Location) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
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
