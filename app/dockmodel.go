package app

import (
	"slices"
	"sync"
	"time"

	"evidock/followups"
	"evidock/ingest"
	"evidock/ingest/dock"
	"evidock/store"
)

// Phases of a docked volume's card.
const (
	PhaseSeen         = "seen"
	PhaseUnrecognised = "unrecognised"
	PhaseRecognised   = "recognised"
	PhaseImporting    = "importing"
	PhaseFinished     = "finished"
	PhaseFailed       = "failed"
)

// Card is what the window knows about one docked volume. It is plain data,
// changed by Apply on the event goroutine and read under the model's lock.
type Card struct {
	Volume, Label string
	Phase         string
	Profile       string
	Serial        string
	Officer       string
	Registered    bool
	Flags         []string
	ClockOffsetS  float64
	RecorderFree  int64
	RecorderTotal int64
	ImportID      string
	Progress      ingest.Progress
	Result        *dock.Result
	Gaps          []followups.Gap
	Errors        []string // as the core said them; shown in plain words
	Gone          bool     // the volume was pulled out
	GoneEarly     bool     // pulled out before the import finished
	Wiped         int
	ClockSet      bool
	Started       time.Time
	Version       int
	Stopping      bool // the person asked to stop the import
}

// SafeToUnplug reports whether every recording on the recorder is verified
// in the archive.
func (c *Card) SafeToUnplug() bool {
	return c.Phase == PhaseFinished && c.Result != nil && c.Result.SafeToPull
}

// dockModel holds the cards by volume path.
type dockModel struct {
	mu    sync.Mutex
	cards map[string]*Card
	order []string
}

func newDockModel() *dockModel { return &dockModel{cards: map[string]*Card{}} }

// Apply records one event; it returns the volume whose card changed.
func (m *dockModel) Apply(e dock.Event) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := m.cards[e.Volume]
	if c == nil || (e.Type == dock.VolumeSeen && (c.Gone || c.Phase == PhaseFinished || c.Phase == PhaseFailed)) {
		if c == nil {
			m.order = append(m.order, e.Volume)
		}
		c = &Card{Volume: e.Volume, Label: e.Label, Phase: PhaseSeen, Started: e.Time}
		m.cards[e.Volume] = c
	}
	c.Version++
	switch e.Type {
	case dock.VolumeSeen:
		c.Phase = PhaseSeen
	case dock.Unrecognised:
		c.Phase = PhaseUnrecognised
	case dock.Recognised:
		c.Phase, c.Profile, c.Serial, c.Officer, c.Registered = PhaseRecognised, e.Profile, e.Serial, e.Officer, e.Registered
		c.Flags, c.ClockOffsetS, c.RecorderFree, c.RecorderTotal = e.Flags, e.ClockOffsetS, e.RecorderFree, e.RecorderTotal
	case dock.ImportStarted:
		c.Phase, c.ImportID = PhaseImporting, e.ImportID
	case dock.Progress:
		if e.Progress != nil && c.Phase != PhaseFinished {
			c.Phase, c.Progress = PhaseImporting, *e.Progress
		}
	case dock.Finished:
		c.Phase, c.Result = PhaseFinished, e.Result
		if e.Officer != "" {
			c.Officer = e.Officer
		}
		if r := e.Result; r != nil {
			// Only a complete import is whole; an interrupted one keeps the
			// progress it really made (never 100 %).
			if r.Status == store.StatusComplete {
				c.Progress.FilesDone, c.Progress.FilesTotal = r.Files, r.Files
				c.Progress.BytesDone = max(c.Progress.BytesDone, c.Progress.BytesTotal)
			}
			if !r.SafeToPull && c.Gone {
				c.GoneEarly = true
			}
		}
	case dock.Interruptions:
		c.Gaps = e.Gaps
	case dock.Wiped:
		c.Wiped = len(e.Files)
	case dock.ClockSet:
		c.ClockSet = true
	case dock.VolumeGone:
		c.Gone = true
		if !c.SafeToUnplug() && c.Phase != PhaseUnrecognised {
			c.GoneEarly = true
		}
	case dock.Failed:
		if !slices.Contains(c.Errors, e.Error) {
			c.Errors = append(c.Errors, e.Error)
		}
		if c.Phase != PhaseFinished {
			c.Phase = PhaseFailed
		}
	}
	return e.Volume
}

// Present reports whether volume has a card of a docking that ended (or
// of an unrecognised volume) and is still plugged in: a restarted docking
// service leaves it alone (saving settings must not import it again).
func (m *dockModel) Present(volume string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.cards[volume]
	return ok && !c.Gone && (c.Phase == PhaseFinished || c.Phase == PhaseUnrecognised)
}

// Busy reports whether a recorder is being docked now.
func (m *dockModel) Busy() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range m.cards {
		if !c.Gone && (c.Phase == PhaseSeen || c.Phase == PhaseRecognised || c.Phase == PhaseImporting) {
			return true
		}
	}
	return false
}

// Stop marks the volume's import as stopping (the person asked).
func (m *dockModel) Stop(volume string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if c, ok := m.cards[volume]; ok {
		c.Stopping = true
		c.Version++
	}
}

// Card returns a copy of the volume's card.
func (m *dockModel) Card(volume string) (Card, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.cards[volume]
	if !ok {
		return Card{}, false
	}
	return *c, true
}

// Volumes lists the volumes with cards, first docked first.
func (m *dockModel) Volumes() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.order)
}

// Remove drops a card (the person closed it).
func (m *dockModel) Remove(volume string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.cards, volume)
	m.order = slices.DeleteFunc(m.order, func(v string) bool { return v == volume })
}
