package dock

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
	Location *time.Location    // the bureau's time zone; time.Local when nil
	Workers  int               // files read at once per recorder; 0 = ingest's default
	// PollInterval is how often mount tables are re-read; 0 = the watcher's default.
	PollInterval time.Duration
	// Maintain runs the scheduled integrity check and backup while the
	// service runs (evidock watch and the window turn it on).
	Maintain bool
	// MaintainEvery is how often due maintenance is looked for (1 h).
	MaintainEvery time.Duration
	// Session is who docks when nobody else is given: the store's docking
	// session (the service account) when nil.
	Session func(context.Context) (*store.Session, error)
	// Present, when set, reports whether a volume that appears was docked
	// already by whoever restarts the service (the window, after its
	// watched folders changed) and has not gone since: it is not docked
	// again. A restart must not import a recorder a second time.
	Present func(path string) bool
}

// Service watches for recorders and docks each one through the Docker.
type Service struct {
	st     *store.Store
	cfg    Config
	docker *Docker

	mu     sync.Mutex
	active map[string]context.CancelFunc // volumes being docked, and how to stop each
}

// New makes a service. Profiles are loaded from the data folder when the
// config gives none.
func New(st *store.Store, cfg Config) (*Service, error) {
	d, err := NewDocker(st, cfg.Profiles, cfg.Location, cfg.Workers)
	if err != nil {
		return nil, err
	}
	if len(cfg.Roots) == 0 {
		cfg.Roots = volume.DefaultRoots()
	}
	if cfg.Session == nil {
		cfg.Session = st.DockingSession
	}
	return &Service{st: st, cfg: cfg, docker: d, active: map[string]context.CancelFunc{}}, nil
}

// Profiles are the device profiles the service recognises recorders by.
func (s *Service) Profiles() []profile.Profile { return s.docker.Profiles() }

// Docker is the docking pipeline the service runs.
func (s *Service) Docker() *Docker { return s.docker }

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
	// The folders watched in folder mode are a setting: they are read
	// again every rootsEvery, and a change restarts the watcher, so a
	// change made in the window reaches a running watch by the next docking.
	watched := s.watchedFolders(ctx)
	w, err := volume.New(s.roots(watched), opts...)
	if err != nil {
		return fmt.Errorf("dock: %w", err)
	}
	vols := make(chan volume.Event, 16)
	werr := make(chan error, 1)
	watch := func(w *volume.Watcher) (stop func()) {
		wctx, stop := context.WithCancel(ctx)
		go func() { werr <- w.Run(wctx, vols) }()
		return stop
	}
	stopWatcher := watch(w)
	defer func() { stopWatcher() }()
	if s.cfg.Maintain {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.maintain(ctx, events)
		}()
	}
	reread := time.NewTicker(rootsEvery)
	defer reread.Stop()
	// present are the volumes docked since they appeared: a restarted
	// watcher reports them again, and they are not docked twice.
	present := map[string]bool{}
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-werr:
			if err != nil {
				return fmt.Errorf("dock: watch: %w", err)
			}
			return nil
		case <-reread.C:
			now := s.watchedFolders(ctx)
			if slices.Equal(now, watched) {
				continue
			}
			nw, err := volume.New(s.roots(now), opts...)
			if err != nil {
				send(ctx, events, Event{Type: Failed, Time: time.Now(), Error: fmt.Sprintf("dock: watched folders %v: %v", now, err)})
				continue
			}
			stopWatcher()
			if err := <-werr; err != nil {
				return fmt.Errorf("dock: watch: %w", err)
			}
			watched, stopWatcher = now, watch(nw)
		case v := <-vols:
			switch v.Kind {
			case volume.Appeared:
				if present[v.Path] || (s.cfg.Present != nil && s.cfg.Present(v.Path)) {
					continue
				}
				present[v.Path] = true
				wg.Add(1)
				go func() {
					defer wg.Done()
					s.Dock(ctx, v.Path, v.Label, "", events)
				}()
			case volume.Gone:
				delete(present, v.Path)
				send(ctx, events, Event{Type: VolumeGone, Time: time.Now(), Volume: v.Path, Label: v.Label})
			}
		}
	}
}

// rootsEvery is how often Run reads the watched folders' setting again.
var rootsEvery = 2 * time.Second

// watchedFolders are the folders the settings say to watch in folder mode,
// sorted; none when the settings cannot be read.
func (s *Service) watchedFolders(ctx context.Context) []string {
	set, err := s.st.Settings(ctx)
	if err != nil {
		return nil
	}
	return slices.Sorted(slices.Values(set.WatchRoots))
}

// roots are the configured roots and the watched folders.
func (s *Service) roots(watched []string) []volume.Root {
	roots := slices.Clone(s.cfg.Roots)
	for _, r := range watched {
		roots = append(roots, volume.Root{Path: r, FolderMode: true})
	}
	return roots
}

func send(ctx context.Context, events chan<- Event, e Event) {
	select {
	case events <- e:
	case <-ctx.Done():
	}
}

// emitter sends a docking's events: progress is dropped when the receiver
// is behind, every other event waits for it.
func emitter(ctx context.Context, events chan<- Event) func(Event) {
	return func(e Event) {
		if e.Type == Progress {
			select {
			case events <- e:
			default:
			}
			return
		}
		send(ctx, events, e)
	}
}

// Dock recognises the volume at dir and imports it. With profileName set,
// that profile is used instead of recognising (after a person registered an
// unrecognised recorder). A volume already being docked is left alone.
func (s *Service) Dock(ctx context.Context, dir, label, profileName string, events chan<- Event) {
	s.DockAs(ctx, nil, Request{Dir: dir, Label: label, Profile: profileName}, events)
}

// DockAs docks as sess (the service's session when nil): for a recorder a
// person has just identified (req.Serial where the volume does not tell
// its own), or docked by a logged-in user.
func (s *Service) DockAs(ctx context.Context, sess *store.Session, req Request, events chan<- Event) {
	s.mu.Lock()
	if s.active[req.Dir] != nil {
		s.mu.Unlock()
		return
	}
	// The docking stops on its own context (Cancel); its events still go
	// out on the service's, so that the interrupted result is reported.
	dctx, stop := context.WithCancel(ctx)
	s.active[req.Dir] = stop
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.active, req.Dir)
		s.mu.Unlock()
		stop()
	}()
	emit := emitter(ctx, events)
	if sess == nil {
		var err error
		if sess, err = s.cfg.Session(ctx); err != nil {
			emit(Event{Type: VolumeSeen, Time: time.Now(), Volume: req.Dir, Label: req.Label})
			emit(Event{Type: Failed, Time: time.Now(), Volume: req.Dir, Label: req.Label, Error: err.Error()})
			return
		}
	}
	s.docker.Dock(dctx, sess, req, emit)
}

// Cancel stops the docking of the volume at dir, if one is running, and
// reports whether one was. The import ends as interrupted: what was
// verified stays archived, nothing half-copied is kept, and docking the
// recorder again finishes the job without duplicates.
func (s *Service) Cancel(dir string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	stop := s.active[dir]
	if stop != nil {
		stop()
	}
	return stop != nil
}

// afterImport wipes the recorder and sets its clock where its profile asks,
// only ever after every recording on it is verified in the archive.
func (d *Docker) afterImport(ctx context.Context, sess *store.Session, dir string, m profile.Match, files []ingest.File,
	importID string, offset time.Duration, measured bool, zone *time.Location, emit func(Event)) {
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
			err = m.Profile.SetClock(root, d.st.Now().In(zone))
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
