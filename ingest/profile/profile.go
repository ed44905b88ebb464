package profile

import (
	"fmt"
	"regexp"
)

// Profile describes one recorder model: how to recognise its volume, where its
// recordings are, what its file names say and what the workstation may do to it.
// Profiles are normally obtained from [Parse], [Builtin] or [Load], which
// validate them and precompile their name patterns; the JSON form is described
// in the package documentation.
type Profile struct {
	// Name identifies the profile; a user profile with the name of a builtin
	// replaces it. Lower-case ASCII letters, digits, '.', '_' and '-'.
	Name string `json:"name"`
	// Description says in plain words which volumes the profile recognises.
	Description string `json:"description"`
	// Model is the recorder model shown to the user, if known.
	Model string `json:"model,omitempty"`
	// Markers are relative paths (glob patterns allowed, a trailing "/" means
	// a directory) of which at least one must exist, when the list is not empty.
	Markers []string `json:"markers,omitempty"`
	// MarkersAll are relative paths that must all exist.
	MarkersAll []string `json:"markers_all,omitempty"`
	// IDFiles are relative paths tried in order; the first non-empty line of
	// the first readable one is the device serial.
	IDFiles []string `json:"id_files,omitempty"`
	// RecordingDirs are the folders holding recordings, searched recursively.
	RecordingDirs []string `json:"recording_dirs"`
	// RequireRecordings makes a volume match only when at least one recording
	// exists under RecordingDirs; meant for weak markers such as "DCIM/".
	RequireRecordings bool `json:"require_recordings,omitempty"`
	// NamePatterns are Go regular expressions matched against a recording's
	// whole base name, with the named groups serial, officer, start (or date
	// and time) and seq.
	NamePatterns []string `json:"name_patterns,omitempty"`
	// MP4LocalTime is the starting guess that the recorder writes its local
	// wall-clock time into the MP4 creation time; evidock learns each
	// recorder's real habit from its clips (see the package documentation).
	MP4LocalTime bool `json:"mp4_local_time,omitempty"`
	// LocalTime is accepted in old profiles and ignored: names are always
	// the recorder's local time.
	LocalTime bool `json:"local_time,omitempty"`
	// Wipe allows deleting the recordings from the recorder once their
	// archived copies have been verified.
	Wipe bool `json:"wipe_after_import"`
	// Clock says how to set the recorder's clock; nil when it cannot be set.
	Clock *Clock `json:"clock,omitempty"`
	// Fallback profiles are only chosen when no other profile matches.
	Fallback bool `json:"fallback,omitempty"`

	// Source says where the profile was read from: "builtin/<file>" or the
	// path of a user file. It is not part of the JSON.
	Source string `json:"-"`

	// patterns holds NamePatterns compiled and anchored, in the same order.
	patterns []*regexp.Regexp
}

// Clock describes how a recorder's clock is set: the workstation writes the
// current time, formatted with Layout, into File on the volume, and the recorder
// reads it the next time it starts.
type Clock struct {
	// File is the relative path of the time file on the volume.
	File string `json:"file"`
	// Layout is the Go time layout written to File, e.g. "2006-01-02 15:04:05".
	Layout string `json:"layout"`
}

// Error is a problem found in a profile's JSON. Line is 0 when it is not known;
// File is empty for data passed to [Parse] directly.
type Error struct {
	File  string // file the profile was read from, if any
	Line  int    // 1-based line in the file, 0 if unknown
	Field string // JSON field at fault, if known
	Err   error  // what is wrong
}

// Error implements error as "file:line: field: problem", leaving out unknown parts.
func (e *Error) Error() string {
	s := "profile"
	if e.File != "" {
		s = e.File
	}
	if e.Line > 0 {
		s += fmt.Sprintf(":%d", e.Line)
	}
	if e.Field != "" {
		s += ": " + e.Field
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the underlying problem.
func (e *Error) Unwrap() error { return e.Err }
