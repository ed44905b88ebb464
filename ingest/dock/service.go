package dock

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync"
	"time"

	"evidock/ingest"
	"evidock/ingest/profile"
	"evidock/ingest/volume"
	"evidock/store"
)

// Config is how the service docks.
type Config struct {
	Roots    []volume.Root     // where volumes appear; volume.DefaultRoots() when empty
	Profiles []profile.Profile // device profiles; profile.Load(data folder) when nil
	// ClockTolerance is how far a recorder's clock may be off before it is
	// flagged (Art. 5). Default 120 s.
	ClockTolerance time.Duration
	Location       *time.Location // the bureau's time zone; time.Local when nil
	Workers        int            // files read at once per recorder; 0 = ingest's default
	// PollInterval is how often mount tables are re-read; 0 = the watcher's default.
	PollInterval time.Duration
	// Maintain runs the scheduled integrity check and backup while the
	// service runs (evidock watch and the window turn it on).
	Maintain bool
	// MaintainEvery is how often due maintenance is looked for (1 h);
	// CheckEvery how often the archive is re-hashed (store's default, 30 days).
	MaintainEvery, CheckEvery time.Duration
}

// Service docks recorders for one store.
type Service struct {
	st  *store.Store
	cfg Config

	mu     sync.Mutex
	active map[string]bool // volumes being docked
}

// New makes a service. Profiles are loaded from the data folder when the
// config gives none.
func New(st *store.Store, cfg Config) (*Service, error) {
	if cfg.Profiles == nil {
		ps, err := profile.Load(st.Dir())
		if err != nil {
			return nil, fmt.Errorf("dock: %w", err)
		}
		cfg.Profiles = ps
	}
	if cfg.ClockTolerance == 0 {
		cfg.ClockTolerance = 120 * time.Second
	}
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	if len(cfg.Roots) == 0 {
		cfg.Roots = volume.DefaultRoots()
	}
	return &Service{st: st, cfg: cfg, active: map[string]bool{}}, nil
}

// Profiles are the device profiles the service recognises recorders by.
func (s *Service) Profiles() []profile.Profile { return s.cfg.Profiles }

// Run watches the roots and docks every volume that appears (including those
// already present at start) until ctx ends. Events go to events, which Run
// closes when it returns.
func (s *Service) Run(ctx context.Context, events chan<- Event) error {
	defer close(events)
	var wg sync.WaitGroup
	defer wg.Wait()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // before the Wait above: a failing watcher ends the rest
	var opts []volume.Option
	if s.cfg.PollInterval > 0 {
		opts = append(opts, volume.WithPollInterval(s.cfg.PollInterval))
	}
	w, err := volume.New(s.cfg.Roots, opts...)
	if err != nil {
		return fmt.Errorf("dock: %w", err)
	}
	vols := make(chan volume.Event, 16)
	werr := make(chan error, 1)
	go func() { werr <- w.Run(ctx, vols) }()
	if s.cfg.Maintain {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.maintain(ctx, events)
		}()
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-werr:
			if err != nil {
				return fmt.Errorf("dock: watch: %w", err)
			}
			return nil
		case v := <-vols:
			switch v.Kind {
			case volume.Appeared:
				wg.Add(1)
				go func() {
					defer wg.Done()
					s.Dock(ctx, v.Path, v.Label, "", events)
				}()
			case volume.Gone:
				send(ctx, events, Event{Type: VolumeGone, Time: time.Now(), Volume: v.Path, Label: v.Label})
			}
		}
	}
}

func send(ctx context.Context, events chan<- Event, e Event) {
	select {
	case events <- e:
	case <-ctx.Done():
	}
}

// trySend drops the event when the receiver is behind; used for progress.
func trySend(events chan<- Event, e Event) {
	select {
	case events <- e:
	default:
	}
}

// Dock recognises the volume at dir and imports it. With profileName set,
// that profile is used instead of recognising (after a person registered an
// unrecognised recorder). A volume already being docked is left alone.
func (s *Service) Dock(ctx context.Context, dir, label, profileName string, events chan<- Event) {
	s.DockAs(ctx, dir, label, profileName, "", events)
}

// DockAs is Dock for a recorder a person has just identified: serial, when
// given, is its serial number where the volume itself does not tell it (no
// id file, no serial in the names).
func (s *Service) DockAs(ctx context.Context, dir, label, profileName, serial string, events chan<- Event) {
	s.mu.Lock()
	if s.active[dir] {
		s.mu.Unlock()
		return
	}
	s.active[dir] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.active, dir)
		s.mu.Unlock()
	}()
	base := Event{Volume: dir, Label: label}
	emit := func(e Event) {
		e.Volume, e.Label, e.Time = dir, label, time.Now()
		send(ctx, events, e)
	}
	emit(Event{Type: VolumeSeen})
	fsys := os.DirFS(dir)
	m, ok, err := s.recognise(fsys, profileName)
	if err != nil {
		emit(Event{Type: Failed, Error: err.Error()})
		return
	}
	if !ok {
		emit(Event{Type: Unrecognised})
		return
	}
	if serial != "" && m.Serial == "" {
		m.Serial, m.SerialFrom = serial, "registered"
	}
	sess := s.st.Workstation()
	ev := base
	ev.Type, ev.Profile, ev.Serial, ev.SerialFrom = Recognised, m.Profile.Name, m.Serial, m.SerialFrom
	dev, err := sess.Device(ctx, m.Serial)
	switch {
	case err == nil:
		ev.Registered, ev.Officer = true, dev.Officer
	case errors.Is(err, store.ErrNotFound):
	default:
		emit(Event{Type: Failed, Error: err.Error()})
		return
	}
	// A pool recorder checked out for the shift belongs, for this import, to
	// the officer who has it.
	if who, out, err := s.st.Custodian(ctx, m.Serial, s.st.Now()); err == nil && out && ev.Registered {
		ev.Officer = who
	}
	if ev.Officer == "" {
		ev.Flags = append(ev.Flags, store.FlagUnregisteredDevice)
	}
	if m.MixedSerials {
		ev.Flags = append(ev.Flags, "mixed_serials")
	}
	files, problems := s.listFiles(fsys, m.Profile)
	now := s.st.Now()
	offset, measured := measureClock(files, now, s.cfg.ClockTolerance)
	if measured {
		ev.Flags = append(ev.Flags, store.FlagClockOffset)
		ev.ClockOffsetS = offset.Seconds()
	}
	ev.RecorderFree, ev.RecorderTotal = store.DiskSpace(dir)
	emit(ev)

	spec := store.ImportSpec{Source: dir, Volume: dir, DeviceID: m.Serial, OfficerID: ev.Officer, Profile: m.Profile.Name,
		ClockOffset: offset, ClockMeasured: measured, RecorderFree: ev.RecorderFree, RecorderTotal: ev.RecorderTotal}
	d := describer{profile: m.Profile, loc: s.cfg.Location, offset: offset, deviceOfficer: ev.Officer, flags: ev.Flags}
	var importID string
	opts := ingest.Options{Files: files, Workers: s.cfg.Workers, Describe: d.describe,
		Started: func(id string) {
			importID = id
			emit(Event{Type: ImportStarted, Serial: m.Serial, Officer: ev.Officer, ImportID: id})
		},
		Progress: func(p ingest.Progress) {
			trySend(events, Event{Type: Progress, Time: time.Now(), Volume: dir, Label: label, Serial: m.Serial, ImportID: importID, Progress: &p})
		}}
	res, err := ingest.Import(ctx, sess, fsys, spec, opts)
	if err != nil {
		emit(Event{Type: Failed, Serial: m.Serial, Error: err.Error()})
		return
	}
	out := NewResult(res)
	for _, p := range problems {
		out.Problems = append(out.Problems, store.FileProblem{Path: p.Path, Err: p.Err.Error()})
		out.Failed++
		out.SafeToPull = false
	}
	var ids []string
	for _, im := range res.Recordings {
		ids = append(ids, im.RecordingID)
	}
	if late, err := s.st.LateRecordings(ctx, ids); err == nil {
		out.Late = late
	}
	emit(Event{Type: Finished, Serial: m.Serial, Officer: ev.Officer, ImportID: res.ImportID, Result: out})
	s.checkTimeline(ctx, sess, m.Serial, res.ImportID, emit)
	if out.SafeToPull {
		s.afterImport(ctx, sess, dir, m, files, res.ImportID, offset, measured, emit)
	}
}

func (s *Service) recognise(fsys fs.FS, profileName string) (profile.Match, bool, error) {
	if profileName == "" {
		return profile.Recognise(fsys, s.cfg.Profiles)
	}
	for _, p := range s.cfg.Profiles {
		if p.Name == profileName {
			m, ok, err := profile.Recognise(fsys, []profile.Profile{p})
			if !ok && err == nil {
				m, ok = profile.Match{Profile: p}, true
			}
			return m, ok, err
		}
	}
	return profile.Match{}, false, fmt.Errorf("dock: no device profile named %q", profileName)
}

// listFiles lists the profile's recordings with their sizes and times.
func (s *Service) listFiles(fsys fs.FS, p profile.Profile) ([]ingest.File, []ingest.Problem) {
	names, err := p.Recordings(fsys)
	if err != nil {
		return nil, []ingest.Problem{{Path: ".", Err: fmt.Errorf("cannot list the recordings: %w", err)}}
	}
	files := []ingest.File{}
	var problems []ingest.Problem
	for _, n := range names {
		info, err := fs.Stat(fsys, n)
		if err != nil {
			problems = append(problems, ingest.Problem{Path: n, Err: fmt.Errorf("cannot read: %w", err)})
			continue
		}
		files = append(files, ingest.File{Path: n, Size: info.Size(), ModTime: info.ModTime(), Kind: ingest.Kind(path.Base(n))})
	}
	return files, problems
}

func (s *Service) checkTimeline(ctx context.Context, sess *store.Session, serial, importID string, emit func(Event)) {
	// Even when the service is stopping: what was committed gets its timeline.
	list, err := s.st.UpdateImportTimelines(context.WithoutCancel(ctx), importID)
	if err != nil {
		emit(Event{Type: Failed, Serial: serial, Error: err.Error()})
		return
	}
	var open []store.Gap
	for _, d := range list {
		t, err := sess.Timeline(ctx, serial, d)
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
		emit(Event{Type: Interruptions, Serial: serial, Gaps: open})
	}
}

// afterImport wipes the recorder and sets its clock where its profile asks,
// only ever after every recording on it is verified in the archive.
func (s *Service) afterImport(ctx context.Context, sess *store.Session, dir string, m profile.Match, files []ingest.File,
	importID string, offset time.Duration, measured bool, emit func(Event)) {
	if m.Profile.Wipe {
		var wiped []string
		for _, f := range files {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(f.Path))); err != nil {
				emit(Event{Type: Failed, Serial: m.Serial, Error: fmt.Sprintf("could not remove %s from the recorder: %v", f.Path, err)})
				continue
			}
			if err := sess.RecordWipe(ctx, importID, m.Serial, f.Path); err != nil {
				emit(Event{Type: Failed, Serial: m.Serial, Error: err.Error()})
				return
			}
			wiped = append(wiped, f.Path)
		}
		emit(Event{Type: Wiped, Serial: m.Serial, ImportID: importID, Files: wiped})
	}
	if m.Profile.Clock != nil {
		root, err := os.OpenRoot(dir)
		if err == nil {
			err = m.Profile.SetClock(root, time.Now().In(s.cfg.Location))
			root.Close()
		}
		if err == nil {
			err = sess.RecordClockSet(ctx, m.Serial, offset, measured)
		}
		if err != nil {
			emit(Event{Type: Failed, Serial: m.Serial, Error: fmt.Sprintf("could not set the recorder's clock: %v", err)})
			return
		}
		emit(Event{Type: ClockSet, Serial: m.Serial})
	}
}
