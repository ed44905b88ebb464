// Package dock is the docking service: it notices recorders as their volumes
// appear, recognises them by device profile, imports their recordings,
// checks the day's timeline, and reports every step as an Event. The window,
// `evidock watch` and the tests all use it.
package dock

import (
	"time"

	"evidock/followups"
	"evidock/ingest"
	"evidock/records"
	"evidock/store"
)

// Event types, in the order a docking produces them.
const (
	VolumeSeen    = "volume_seen"
	Recognised    = "recognised"
	Unrecognised  = "unrecognised" // no profile matched: reported, never imported automatically
	ImportStarted = "import_started"
	Progress      = "progress"
	Finished      = "finished"
	Interruptions = "interruptions" // gaps found on the recorder's days
	Wiped         = "wiped"         // recordings removed from the recorder after a verified import
	ClockSet      = "clock_set"
	VolumeGone    = "volume_gone"
	Failed        = "error"
)

// Event is one thing that happened to a docked volume. Fields that do not
// apply to the event's type are zero.
type Event struct {
	Type   string    `json:"event"`
	Time   time.Time `json:"time"`
	Volume string    `json:"volume"`
	Label  string    `json:"label,omitempty"`

	Profile    string   `json:"profile,omitempty"`
	Serial     string   `json:"serial,omitempty"`
	SerialFrom string   `json:"serial_from,omitempty"`
	Officer    string   `json:"officer,omitempty"`
	Registered bool     `json:"registered,omitempty"`
	Flags      []string `json:"flags,omitempty"` // recorder-level: unregistered_device, clock_offset, mixed_serials

	ClockOffsetS  float64 `json:"clock_offset_s,omitempty"`
	RecorderFree  int64   `json:"recorder_free,omitempty"`
	RecorderTotal int64   `json:"recorder_total,omitempty"`

	ImportID string           `json:"import_id,omitempty"`
	Progress *ingest.Progress `json:"progress,omitempty"`
	Result   *Result          `json:"result,omitempty"`
	Gaps     []followups.Gap  `json:"gaps,omitempty"`
	Files    []string         `json:"files,omitempty"`
	Count    int              `json:"count,omitempty"` // recordings past their retention (RetentionDue)

	Error string `json:"error,omitempty"`
}

// Result summarises a finished import, as `import --json` does.
type Result struct {
	ImportID   string                `json:"import_id"`
	Status     string                `json:"status"`
	Reason     string                `json:"reason,omitempty"`
	Files      int                   `json:"files"`
	New        int                   `json:"new"`
	Duplicates int                   `json:"duplicates"`
	Skipped    int                   `json:"skipped"`
	Empty      int                   `json:"empty"`
	Failed     int                   `json:"failed"`
	Bytes      int64                 `json:"bytes"`
	Message    string                `json:"message"`
	Problems   []records.FileProblem `json:"problems"`
	// NotImported is everything else on the volume, each with why it was
	// not imported (not media, an OS file, a link, a pipe or device…).
	NotImported []ingest.Skipped `json:"not_imported"`
	// LeftOnRecorder names the recordings still only on the recorder (not
	// in the archive and verified) when it is not safe to unplug.
	LeftOnRecorder []string `json:"left_on_recorder,omitempty"`
	Late           []string `json:"late,omitempty"`       // recording ids imported late
	Recordings     []string `json:"recordings,omitempty"` // recording ids imported or seen
	// Officers are the officers the recordings belong to (numbers), as the
	// recorder's registration or custody, else the files' names, say.
	Officers   []string `json:"officers,omitempty"`
	SafeToPull bool     `json:"safe_to_unplug"` // every recording found is verified in the archive
}

// NewResult converts an import's outcome.
func NewResult(r ingest.Result) *Result {
	out := &Result{ImportID: r.ImportID, Status: r.Status, Reason: r.Reason, Files: r.Files, New: r.New,
		Duplicates: r.Duplicates, Skipped: r.Skipped, Empty: r.Empty, Failed: r.Failed, Bytes: r.Bytes,
		Message: r.Message, Problems: r.Problems, SafeToPull: r.Status == store.StatusComplete}
	if out.Problems == nil {
		out.Problems = []records.FileProblem{}
	}
	for _, im := range r.Recordings {
		out.Recordings = append(out.Recordings, im.RecordingID)
	}
	return out
}
