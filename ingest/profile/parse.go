package profile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on a profile, so that a hostile or mistaken file cannot make
// recognition expensive.
const (
	maxListLen    = 64   // entries in any list
	maxPathLen    = 255  // bytes in a path or marker
	maxPatternLen = 1024 // bytes in a name pattern
	maxTextLen    = 1024 // bytes in name, model or description
)

var (
	validName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
	// groupNames are the named groups a name pattern may use.
	groupNames = map[string]bool{"serial": true, "officer": true, "start": true, "date": true, "time": true, "seq": true}
)

// Parse decodes and validates one profile from JSON. It checks that the name is
// valid, that every path is relative, uses "/" and has no "..", that markers and
// recording folders are given, that every name pattern compiles and uses only
// known groups, and that a clock layout really encodes a date and time. Unknown
// JSON fields are errors, so that a misspelt field is not silently ignored. A
// UTF-8 byte order mark is tolerated. Errors are of type *[Error] and carry the
// line when it can be told.
func Parse(data []byte) (Profile, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var p Profile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return Profile{}, jsonError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Profile{}, &Error{Line: lineAt(data, dec.InputOffset()), Err: errors.New("unexpected data after the profile object")}
	}
	if err := p.validate(); err != nil {
		var e *Error
		if errors.As(err, &e) && e.Field != "" {
			e.Line = keyLine(data, e.Field)
		}
		return Profile{}, err
	}
	return p, nil
}

// jsonError turns an encoding/json error into an *Error with a line number.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return &Error{Line: lineAt(data, syn.Offset), Err: fmt.Errorf("invalid JSON: %w", err)}
	case errors.As(err, &typ):
		return &Error{Line: lineAt(data, typ.Offset), Field: typ.Field, Err: fmt.Errorf("wrong type: %w", err)}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &Error{Line: lineAt(data, int64(len(data))), Err: fmt.Errorf("invalid JSON: incomplete profile object: %w", err)}
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		name := strings.Trim(f, `"`)
		return &Error{Line: keyLine(data, name), Field: name, Err: fmt.Errorf("unknown field (misspelt?): %w", err)}
	}
	return &Error{Err: fmt.Errorf("invalid JSON: %w", err)}
}

// lineAt returns the 1-based line holding byte offset off of data.
func lineAt(data []byte, off int64) int {
	if off < 0 {
		off = 0
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// keyLine returns the line of the first occurrence of the JSON key for field
// (e.g. "name_patterns" for "name_patterns[2]"), or 0 if it cannot be found.
func keyLine(data []byte, field string) int {
	key, _, _ := strings.Cut(field, "[")
	key, _, _ = strings.Cut(key, ".")
	re, err := regexp.Compile(`"` + regexp.QuoteMeta(key) + `"\s*:`)
	if err != nil {
		return 0
	}
	loc := re.FindIndex(data)
	if loc == nil {
		return 0
	}
	return lineAt(data, int64(loc[0]))
}

// fieldErr builds an *Error for a field, with a formatted message.
func fieldErr(field string, format string, args ...any) error {
	return &Error{Field: field, Err: fmt.Errorf(format, args...)}
}

// validate checks p and compiles its name patterns into p.patterns.
func (p *Profile) validate() error {
	if !validName.MatchString(p.Name) {
		return fieldErr("name", "%q is not a valid profile name (1-64 of a-z 0-9 . _ -, starting with a letter or digit)", p.Name)
	}
	if strings.TrimSpace(p.Description) == "" {
		return fieldErr("description", "missing: say which volumes this profile recognises")
	}
	for _, f := range []struct{ field, s string }{{"description", p.Description}, {"model", p.Model}} {
		if len(f.s) > maxTextLen || !utf8.ValidString(f.s) {
			return fieldErr(f.field, "must be valid UTF-8 of at most %d bytes", maxTextLen)
		}
	}
	if len(p.Markers)+len(p.MarkersAll) == 0 {
		return fieldErr("markers", "a profile needs at least one marker in markers or markers_all (a volume label is never identity)")
	}
	lists := []struct {
		field string
		items []string
		check func(string) error
	}{
		{"markers", p.Markers, checkMarker},
		{"markers_all", p.MarkersAll, checkMarker},
		{"id_files", p.IDFiles, checkFile},
		{"recording_dirs", p.RecordingDirs, checkDir},
	}
	for _, l := range lists {
		if len(l.items) > maxListLen {
			return fieldErr(l.field, "more than %d entries", maxListLen)
		}
		for i, s := range l.items {
			if err := l.check(s); err != nil {
				return &Error{Field: fmt.Sprintf("%s[%d]", l.field, i), Err: err}
			}
		}
	}
	if len(p.RecordingDirs) == 0 {
		return fieldErr("recording_dirs", "missing: say where the recordings are (\".\" for the volume's root)")
	}
	if len(p.NamePatterns) > maxListLen {
		return fieldErr("name_patterns", "more than %d entries", maxListLen)
	}
	p.patterns = make([]*regexp.Regexp, len(p.NamePatterns))
	for i, s := range p.NamePatterns {
		re, err := compilePattern(s)
		if err != nil {
			return &Error{Field: fmt.Sprintf("name_patterns[%d]", i), Err: err}
		}
		p.patterns[i] = re
	}
	if p.Clock != nil {
		if err := checkFile(p.Clock.File); err != nil {
			return &Error{Field: "clock.file", Err: err}
		}
		if err := checkLayout(p.Clock.Layout); err != nil {
			return &Error{Field: "clock.layout", Err: err}
		}
	}
	return nil
}

// checkPath checks a relative slash-separated path (glob characters allowed).
func checkPath(s string) error {
	switch {
	case s == "":
		return errors.New("empty path")
	case len(s) > maxPathLen:
		return fmt.Errorf("path longer than %d bytes", maxPathLen)
	case strings.Contains(s, `\`):
		return fmt.Errorf("%q: use / to separate folders, not \\", s)
	case strings.HasPrefix(s, "/") || (len(s) >= 2 && s[1] == ':'):
		return fmt.Errorf("%q: path must be relative to the volume's root", s)
	case s != ".":
		for _, el := range strings.Split(s, "/") {
			if el == ".." {
				return fmt.Errorf("%q: path must not contain a .. element", s)
			}
		}
	}
	if !utf8.ValidString(s) || !fs.ValidPath(s) {
		return fmt.Errorf("%q: not a clean relative path (no empty, . or .. elements)", s)
	}
	if _, err := path.Match(s, ""); err != nil {
		return fmt.Errorf("%q: bad glob pattern: %w", s, err)
	}
	return nil
}

// checkMarker checks a marker: a path, with a trailing "/" for a folder.
func checkMarker(s string) error {
	p := strings.TrimSuffix(s, "/")
	if p == "." || p == "" {
		return fmt.Errorf("%q: the volume's root is not a marker", s)
	}
	return checkPath(p)
}

// checkFile checks the path of a file (no trailing "/", no glob).
func checkFile(s string) error {
	if strings.HasSuffix(s, "/") || s == "." {
		return fmt.Errorf("%q: must name a file, not a folder", s)
	}
	if strings.ContainsAny(s, "*?[") {
		return fmt.Errorf("%q: glob characters are not allowed here", s)
	}
	return checkPath(s)
}

// checkDir checks a recording folder (a trailing "/" is tolerated).
func checkDir(s string) error {
	if p := strings.TrimSuffix(s, "/"); p != "" {
		s = p
	}
	return checkPath(s)
}

// compilePattern compiles a name pattern, to be searched for anywhere in a
// base name, and checks its groups.
func compilePattern(s string) (*regexp.Regexp, error) {
	if len(s) > maxPatternLen {
		return nil, fmt.Errorf("pattern longer than %d bytes", maxPatternLen)
	}
	if _, err := regexp.Compile(s); err != nil {
		return nil, fmt.Errorf("invalid regular expression: %w", err)
	}
	// Found wherever it stands, but only from the start of a token (the
	// name's start or after a character that is not a letter or digit) and
	// up to the name's end: "录音_ZFY001_071234_20261128094500.WAV" gives
	// serial ZFY001, while "IMG_12345.JPG" is no four-letter DCF name.
	re, err := regexp.Compile(`(?:^|[^0-9A-Za-z])(?:` + s + `)$`)
	if err != nil {
		return nil, fmt.Errorf("invalid regular expression: %w", err)
	}
	seen := map[string]bool{}
	for _, g := range re.SubexpNames() {
		if g == "" {
			continue
		}
		if !groupNames[g] {
			return nil, fmt.Errorf("unknown group %q (known: serial, officer, start, date, time, seq)", g)
		}
		if seen[g] {
			return nil, fmt.Errorf("group %q used twice", g)
		}
		seen[g] = true
	}
	if seen["start"] && (seen["date"] || seen["time"]) {
		return nil, errors.New("use either the group start or the groups date and time, not both")
	}
	if seen["date"] != seen["time"] {
		return nil, errors.New("the groups date and time go together")
	}
	return re, nil
}

// checkLayout checks that a clock layout encodes year, month, day, hour and
// minute: changing any of them must change the text written.
func checkLayout(layout string) error {
	if layout == "" {
		return errors.New("missing time layout, e.g. \"2006-01-02 15:04:05\"")
	}
	if len(layout) > maxTextLen {
		return fmt.Errorf("layout longer than %d bytes", maxTextLen)
	}
	base := time.Date(2031, 7, 15, 13, 41, 0, 0, time.UTC)
	want := base.Format(layout)
	for _, d := range []struct {
		what string
		t    time.Time
	}{
		{"year", base.AddDate(1, 0, 0)},
		{"month", base.AddDate(0, 1, 0)},
		{"day", base.AddDate(0, 0, 1)},
		{"hour", base.Add(time.Hour)},
		{"minute", base.Add(time.Minute)},
	} {
		if d.t.Format(layout) == want {
			return fmt.Errorf("layout %q does not write the %s (Go layouts use 2006 01 02 15 04 05)", layout, d.what)
		}
	}
	return nil
}
