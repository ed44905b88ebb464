package dock

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"time"

	"evidock/archive"
	"evidock/custody"
	"evidock/digest"
	"evidock/followups"
	"evidock/ingest"
	"evidock/ingest/profile"
	"evidock/records"
	"evidock/store"
)

// Request is one docking: a volume the watcher saw, or a folder or volume a
// person asked to import (evidock import).
type Request struct {
	Dir   string // the volume's mount point, or the folder
	Label string // the volume's label, for display only: never an identity

	// Profile, when set, is used instead of recognising the volume (after a
	// person registered an unrecognised recorder).
	Profile string
	// Serial is the recorder's serial as a person gave it; used where the
	// volume does not tell its own, refused where it tells another.
	Serial string
	// Officer is the officer a person named for the recordings whose names
	// carry none.
	Officer string
	// Explicit says a person asked for this import: a folder no profile
	// recognises is imported by the generic rules, where a volume that merely
	// appeared is only reported.
	Explicit bool
}

// Docker is the one docking pipeline the window, `evidock watch` and
// `evidock import` all run: identify the recorder, plan what to copy, copy
// and verify, record, report. Every decision of a docking is made here.
type Docker struct {
	st       *store.Store
	profiles []profile.Profile
	loc      *time.Location
	workers  int
	slots    chan struct{} // files copied at once by all its dockings together
}

// NewDocker makes the pipeline for a store. Profiles are loaded from the
// data folder when nil; loc is the workstation's zone (time.Local when nil).
func NewDocker(st *store.Store, profiles []profile.Profile, loc *time.Location, workers int) (*Docker, error) {
	if profiles == nil {
		ps, err := profile.Load(st.Dir())
		if err != nil {
			return nil, fmt.Errorf("dock: %w", err)
		}
		profiles = ps
	}
	if loc == nil {
		loc = time.Local
	}
	return &Docker{st: st, profiles: profiles, loc: loc, workers: workers, slots: make(chan struct{}, digest.Streams())}, nil
}

// Profiles are the device profiles recorders are recognised by.
func (d *Docker) Profiles() []profile.Profile { return d.profiles }

// ErrSerialMismatch means a person gave a recorder serial that the volume
// contradicts.
var ErrSerialMismatch = errors.New("the recorder names another serial")

// Dock docks one volume or folder as the session's actor, reporting every
// step to emit (which must not block for long). It returns the import's
// result, or nil when nothing was imported (an unrecognised volume, a
// failure before the import began; emit has had the reason).
func (d *Docker) Dock(ctx context.Context, sess *store.Session, req Request, emit func(Event)) (*Result, error) {
	st := d.st
	say := func(e Event) {
		e.Volume, e.Label, e.Time = req.Dir, req.Label, time.Now()
		emit(e)
	}
	fail := func(serial string, err error) (*Result, error) {
		say(Event{Type: Failed, Serial: serial, Error: err.Error()})
		return nil, err
	}
	say(Event{Type: VolumeSeen})
	if info, err := os.Stat(req.Dir); err != nil || !info.IsDir() {
		if err == nil {
			err = errors.New("not a folder")
		}
		return fail("", fmt.Errorf("dock: %s: %w", req.Dir, err))
	}
	fsys, err := ingest.OpenVolume(req.Dir)
	if err != nil {
		return fail("", err)
	}
	defer fsys.Close()
	m, ok, err := d.recognise(fsys, req)
	if err != nil {
		return fail("", err)
	}
	if !ok {
		say(Event{Type: Unrecognised})
		return nil, nil
	}
	set, err := st.Settings(ctx)
	if err != nil {
		return fail(m.Serial, err)
	}
	survey := d.survey(fsys, m, req)
	files := survey.Files
	if m.Serial == "" {
		m.Serial, m.SerialFrom = serialFromNames(m.Profile, files, d.loc)
	}
	switch {
	case req.Serial != "" && m.Serial == "":
		m.Serial, m.SerialFrom = req.Serial, "given"
	case req.Serial != "" && m.Serial != req.Serial:
		return fail(m.Serial, fmt.Errorf("dock: the recorder says its serial is %s (%s), not %s: %w", m.Serial, m.SerialFrom, req.Serial, ErrSerialMismatch))
	}

	ev := Event{Type: Recognised, Profile: m.Profile.Name, Serial: m.Serial, SerialFrom: m.SerialFrom}
	dev, err := sess.Device(ctx, m.Serial)
	switch {
	case err == nil:
		ev.Registered, ev.Officer = true, dev.Officer
	case errors.Is(err, store.ErrNotFound):
		ev.Flags = append(ev.Flags, records.FlagUnregisteredDevice)
	default:
		return fail(m.Serial, err)
	}
	if req.Officer != "" {
		ev.Officer = req.Officer
	}
	now := st.Now()
	// A pool recorder out with an officer belongs, for this docking, to the
	// officer who has it; a recorder back from remote work is on time when
	// docked within 24 h of its return (Art. 13).
	custody, err := custody.CustodyOf(ctx, st, m.Serial)
	if err != nil {
		return fail(m.Serial, err)
	}
	var remote bool
	var returned time.Time
	for _, c := range custody {
		if c.OutAt(now) {
			if req.Officer == "" {
				ev.Officer = c.Officer
			}
			remote, returned = c.Remote, now // this docking returns it
			break
		}
		// Checked in from remote work a little before the docking: the 24
		// hours run from the check-in.
		if c.Remote && !c.Returned.IsZero() && now.Sub(c.Returned) < 24*time.Hour {
			remote, returned = true, c.Returned
			break
		}
	}
	if m.MixedSerials {
		ev.Flags = append(ev.Flags, "mixed_serials")
	}
	offset, measured := measureClock(files, now, set.ClockTolerance)
	if measured {
		ev.Flags = append(ev.Flags, records.FlagClockOffset)
		ev.ClockOffsetS = offset.Seconds()
	}
	ev.RecorderFree, ev.RecorderTotal = archive.DiskSpace(req.Dir)
	say(ev)

	zone, err := records.Zone(ctx, st, m.Serial, d.loc)
	if err != nil {
		return fail(m.Serial, err)
	}
	fallback := records.HabitUTC
	if m.Profile.MP4LocalTime {
		fallback = records.HabitLocal
	}
	habit, err := records.LearnTimeHabit(ctx, sess, m.Serial, learnHabit(fsys, files, m.Profile, zone), fallback)
	if err != nil {
		return fail(m.Serial, err)
	}
	spec := records.ImportSpec{Source: req.Dir, DeviceID: m.Serial, OfficerID: ev.Officer, Profile: m.Profile.Name,
		ClockOffset: offset, ClockMeasured: measured, RecorderFree: ev.RecorderFree, RecorderTotal: ev.RecorderTotal}
	if !req.Explicit {
		spec.Volume = req.Dir
	}
	if remote {
		spec.Remote, spec.ReturnedAt = true, returned
	}
	desc := describer{profile: m.Profile, loc: zone, habit: habit, offset: offset, given: req.Officer,
		custody: custody, registered: dev.Officer, flags: ev.Flags}
	var importID string
	opts := ingest.Options{Files: files, Problems: survey.Problems, MediaDirs: m.Profile.RecordingDirs, Workers: d.workers,
		Slots: d.slots, Describe: desc.describe,
		Started: func(id string) {
			importID = id
			say(Event{Type: ImportStarted, Serial: m.Serial, Officer: ev.Officer, ImportID: id})
		},
		Progress: func(p ingest.Progress) {
			emit(Event{Type: Progress, Time: time.Now(), Volume: req.Dir, Label: req.Label, Serial: m.Serial, ImportID: importID, Progress: &p})
		}}
	res, err := ingest.Import(ctx, sess, fsys, spec, opts)
	if err != nil {
		return fail(m.Serial, err)
	}
	out := NewResult(res)
	out.NotImported = survey.Skipped
	if out.NotImported == nil {
		out.NotImported = []ingest.Skipped{}
	}
	// Safe to unplug only when every recording on the volume is verified in
	// the archive; else the card names what is still there.
	out.LeftOnRecorder = res.Left(files)
	for _, p := range survey.Problems {
		out.LeftOnRecorder = append(out.LeftOnRecorder, p.Path)
	}
	out.SafeToPull = out.SafeToPull && len(out.LeftOnRecorder) == 0
	var ids []string
	for _, im := range res.Recordings {
		ids = append(ids, im.RecordingID)
	}
	if late, err := followups.LateRecordings(ctx, st, ids); err == nil {
		out.Late = late
	}
	// Even when the docking is stopping: what was committed gets its timeline.
	days, err := followups.UpdateImportTimelines(context.WithoutCancel(ctx), st, res.ImportID)
	if err != nil {
		say(Event{Type: Failed, Serial: m.Serial, Error: err.Error()})
	}
	// The officers the recordings belong to: the recorder's (registered,
	// or who has it), else the one each file's name carries.
	out.Officers = officersOf(res, ev.Officer)
	officer := ev.Officer
	if officer == "" && len(out.Officers) == 1 {
		officer = out.Officers[0]
	}
	say(Event{Type: Finished, Serial: m.Serial, Officer: officer, ImportID: res.ImportID, Result: out})
	d.reportGaps(ctx, sess, m.Serial, days, say)
	if out.SafeToPull && !req.Explicit {
		d.afterImport(ctx, sess, req.Dir, m, files, res.ImportID, offset, measured, zone, say)
	}
	return out, nil
}

func (d *Docker) recognise(fsys fs.FS, req Request) (profile.Match, bool, error) {
	if req.Profile != "" {
		for _, p := range d.profiles {
			if p.Name == req.Profile {
				m, ok, err := profile.Recognise(fsys, []profile.Profile{p})
				if !ok && err == nil {
					m, ok = profile.Match{Profile: p}, true
				}
				return m, ok, err
			}
		}
		return profile.Match{}, false, fmt.Errorf("dock: no device profile named %q", req.Profile)
	}
	m, ok, err := profile.Recognise(fsys, d.profiles)
	if err != nil || ok || !req.Explicit {
		return m, ok, err
	}
	// A folder a person asked to import: the generic rules still read
	// serial, officer and start time from the names.
	for _, p := range d.profiles {
		if p.Name == "generic" {
			return profile.Match{Profile: p}, true, nil
		}
	}
	return profile.Match{Profile: profile.Profile{Name: "none"}}, true, nil
}

// survey lists everything on the volume: every recording, in any folder,
// is imported; the rest is listed with why not. Unknown files of some size
// in the profile's media folders (the whole folder a person asked to
// import) are imported too.
func (d *Docker) survey(vol *ingest.VolumeFS, m profile.Match, req Request) ingest.Survey {
	if req.Explicit {
		return vol.Survey(nil)
	}
	dirs := m.Profile.RecordingDirs
	if len(dirs) == 0 {
		dirs = []string{"."}
	}
	return vol.Survey(dirs)
}

// serialFromNames is the serial most of the files' names carry.
func serialFromNames(p profile.Profile, files []ingest.File, loc *time.Location) (string, string) {
	count := map[string]int{}
	best := ""
	for _, f := range files {
		if ni, ok := p.ParseName(path.Base(f.Path), loc); ok && ni.Serial != "" {
			count[ni.Serial]++
			if count[ni.Serial] > count[best] || (count[ni.Serial] == count[best] && ni.Serial < best) {
				best = ni.Serial
			}
		}
	}
	if best == "" {
		return "", ""
	}
	return best, "names"
}

// reportGaps tells of the interruptions still unexplained on the timelines
// the docking touched.
func (d *Docker) reportGaps(ctx context.Context, sess *store.Session, serial string, days []string, say func(Event)) {
	var open []followups.Gap
	for _, day := range days {
		t, err := followups.TimelineOf(ctx, sess, serial, day)
		if err != nil {
			continue
		}
		for _, g := range t.Gaps {
			if !g.Explained {
				open = append(open, g)
			}
		}
	}
	if len(open) > 0 {
		say(Event{Type: Interruptions, Serial: serial, Gaps: open})
	}
}

// officersOf lists, once each and sorted, the officers of the run's
// recordings: given (the recorder's officer for this docking), else the
// one a file's name carries.
func officersOf(res ingest.Result, given string) []string {
	seen := map[string]bool{}
	var out []string
	for _, im := range res.Recordings {
		o := given
		if o == "" {
			o = im.Facts.Officer
		}
		if o != "" && !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	slices.Sort(out)
	return out
}
