// Package profile holds device profiles: declarative descriptions of recorder
// models (body-worn cameras, cameras, voice recorders) that tell which recorder
// a mounted volume is, where its recordings are, and what its file names say.
//
// The program ships builtin profiles (the JSON files in builtin/, see [Builtin]).
// An administrator adds or replaces profiles by putting JSON files into the
// folder profiles/ of the program's data folder; a file whose profile has the
// name of a builtin replaces that builtin (see [Load]). [Recognise] picks the
// profile for a volume and reads the device serial; [Profile.ParseName],
// [Profile.Recordings] and [Profile.SetClock] use it afterwards.
//
// # Writing a profile
//
// A profile is one JSON object in a UTF-8 file ending in .json (a byte order
// mark is allowed). This example describes a body-worn camera that writes
// DCIM/100MEDIA/20260314_083000_BC123456_0001.MP4, keeps its serial in
// SYSTEM/DEVID.TXT, and sets its clock from a file TIME.TXT at start-up:
//
//	{
//	  "name": "station-bodycam",
//	  "description": "Our station's body cams: DCIM/100MEDIA/ and SYSTEM/DEVID.TXT",
//	  "model": "DSJ body cam, 2024 batch",
//	  "markers_all": ["DCIM/100MEDIA/", "SYSTEM/"],
//	  "markers": ["SYSTEM/DEVID.TXT", "ID.txt"],
//	  "id_files": ["SYSTEM/DEVID.TXT", "ID.txt"],
//	  "recording_dirs": ["DCIM"],
//	  "require_recordings": false,
//	  "name_patterns": [
//	    "(?i)(?P<date>[0-9]{8})_(?P<time>[0-9]{6})_(?P<serial>[0-9A-Z]+)_(?P<seq>[0-9]+)\\.(?:mp4|jpg|wav)",
//	    "(?i)(?P<serial>[0-9A-Z]+)_(?P<officer>[0-9]{6})_(?P<start>[0-9]{14})\\.mp4"
//	  ],
//	  "wipe_after_import": false,
//	  "clock": {"file": "TIME.TXT", "layout": "2006-01-02 15:04:05"},
//	  "fallback": false
//	}
//
// Unknown fields are errors (a misspelt field must not be ignored silently),
// and so is anything after the object. When a file is wrong, the program names
// the file and, when it can, the line.
//
// # Fields
//
//   - name (required): the profile's identifier, 1 to 64 of a-z 0-9 . _ -,
//     starting with a letter or digit. The same name as a builtin replaces it;
//     two user files must not use the same name.
//   - description (required): which volumes the profile recognises, in plain
//     words, for the administrator.
//   - model: the recorder model shown to users, if known.
//   - markers, markers_all: paths that identify the recorder (see Markers). At
//     least one of the two lists must be given.
//   - id_files: paths tried in order; the first non-empty line of the first
//     file that has one is the device serial.
//   - recording_dirs (required): folders holding the recordings, searched
//     recursively; "." is the volume's root. A folder the volume lacks is
//     skipped.
//   - require_recordings: the volume matches only if at least one recording
//     exists under recording_dirs. Use it when the markers alone are weak
//     (many devices have a DCIM folder).
//   - name_patterns: regular expressions for recordings' file names (see
//     Names).
//   - mp4_local_time: true when this model is known to write its local
//     wall-clock time into the MP4 creation time instead of UTC. It is only
//     the starting guess: evidock learns each recorder's habit by comparing
//     the MP4 time with the time in the file names of the clips it docks
//     (see Times).
//   - local_time: accepted for old profiles and ignored: file names are
//     always read as the recorder's local time (see Times).
//   - wipe_after_import: true allows deleting the recordings from the recorder,
//     and only after their archived copies have been verified. No builtin
//     profile sets it; an administrator who wants it replaces the builtin.
//   - clock: how to set the recorder's clock, if it can be (see Clock).
//   - fallback: a fallback profile is chosen only when no other profile
//     matches. The builtin "generic" is one.
//
// Paths are relative to the volume's root, use "/" between folders, and must
// not start with "/" or a drive letter or contain "..". Every path element is
// compared without regard to case, as FAT volumes behave on Windows, so "DCIM",
// "dcim" and "Dcim" are the same.
//
// # Markers
//
// A marker is a path that must exist. A marker ending in "/" must be a folder;
// any other marker must be a file. Path elements may use the glob characters
// of Go's path.Match: * (any run of characters), ? (one character) and [...]
// (one character from a class), e.g. "DCIM/[1-9][0-9][0-9]?????/" for DCIM/100CANON/.
//
// A volume matches a profile when every marker in markers_all exists and, if
// markers is not empty, at least one marker in markers exists (and, with
// require_recordings, a recording exists). A volume label is never used: two
// recorders of the same model carry the same label, and anyone can change it.
//
// When several profiles match, the most specific one wins. Each marker scores
// two points per literal path element and one per element with glob
// characters ("DCIM/100MEDIA/" scores 4, "RECORD/*.wav" scores 3); a profile's
// score is the sum over markers_all plus the best matching entry of markers.
// Fallback profiles come after all others; equal scores go to the name that
// sorts first.
//
// Recognising a volume lists the folders the markers and id files are in and
// reads the id file; it walks the recording folders only for
// require_recordings or when the serial must come from file names.
//
// # Serial
//
// The serial is read from the first entry of id_files that exists and holds a
// usable line: the first non-empty line, trimmed of spaces, tabs and NUL bytes,
// in UTF-8 (a byte order mark and CRLF line ends are fine) or UTF-16 with a
// byte order mark. A line that is not printable text or is longer than 64
// characters is not used. Without an id file the serial is the most common one
// in the recordings' file names; if the names carry more than one serial the
// match says so ([Match].MixedSerials) and the volume needs a human look.
//
// # Names
//
// Each pattern is a Go regular expression (RE2 syntax,
// https://pkg.go.dev/regexp/syntax) searched for in a recording's file name
// without folders, wherever it stands: "录音_ZFY001_071234_20261128094500.WAV"
// is read by a pattern for "<serial>_<officer>_<start>.wav" although the name
// has a prefix. The patterns are tried in order; in each, the leftmost match
// counts. Write (?i) at the
// start to ignore case, and remember that JSON needs "\\" for a backslash.
// Named groups give:
//
//   - serial: the device serial;
//   - officer: the officer number (警号);
//   - start: the start time as 14 digits YYYYMMDDhhmmss, or instead
//   - date (8 digits YYYYMMDD) together with time (6 digits hhmmss);
//   - seq: a sequence or segment number, e.g. the 2 of "_2".
//
// Other group names are errors. A name whose date or time cannot be real
// (month 13, 30 February, hour 24, a year before 1980 or after 2099) is not
// accepted by that pattern.
//
// # Times
//
// A time in a file name is the recorder's local wall-clock time, in the zone
// its registration gives (evidock device add --timezone), else the
// workstation's. EXIF, AVI and WAV dates are wall-clock times read the same
// way. The MP4 creation time is UTC by the standard, but many recorders write
// their local time there as if it were UTC; evidock learns which a recorder
// does from the clips that carry both a name time and an MP4 time (the
// majority of one docking; kept with the recorder and learned again when it
// changes). Where the name and the metadata still disagree by more than two
// minutes, the name is used and the recording is flagged time_conflict.
//
// # Clock
//
// Some recorders set their clock from a file they read at start-up. "file" is
// that file's path and "layout" a Go time layout for its contents, written with
// the reference time Mon Jan 2 15:04:05 2006: "2006-01-02 15:04:05" writes
// 2026-03-14 08:30:05. Any other text in the layout is written as it is, so a
// trailing " Y" or "\r\n" can be added. The layout must write at least the
// year, month, day, hour and minute. The time is written as the recorder's
// local wall-clock time: in the zone of its registration, else the
// workstation's.
//
// # Recordings
//
// Recordings are the files under recording_dirs whose extension, in any case,
// is video (mp4 mov avi ts mkv), audio (wav mp3 amr aac m4a) or photo (jpg jpeg
// png); see [IsRecording] and [Kind].
//
// # Limits
//
// Lists hold at most 64 entries, paths at most 255 bytes, patterns at most 1024
// bytes, and a profile file at most 1 MiB.
package profile
