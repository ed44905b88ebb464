package profile

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
)

// Match is the profile that recognised a volume and the device serial found.
type Match struct {
	// Profile is the profile that recognised the volume.
	Profile Profile
	// Serial is the device serial, or "" when none could be found.
	Serial string
	// SerialFrom says where Serial came from: "id-file:<path>" (the real path
	// on the volume), "names" (the most common serial in the recordings' file
	// names), or "" when there is no serial.
	SerialFrom string
	// MixedSerials is true when the file names carry more than one serial;
	// Serial is then the most common one and the volume needs a human look.
	MixedSerials bool
	// SerialCounts counts recordings per serial when the serial came from names.
	SerialCounts map[string]int
	// Specificity is the marker score that chose the profile (see Recognise).
	Specificity int
}

// candidate is a profile whose markers matched, with its score.
type candidate struct {
	p     Profile
	score int
}

// Recognise finds which profile describes the volume fsys (rooted at the
// volume) and reads the device serial.
//
// A profile matches when all of its MarkersAll exist, at least one of its
// Markers exists (when it has any), and, with RequireRecordings, at least one
// recording exists under its RecordingDirs. When several profiles match, the
// most specific wins: each matched marker scores two points per literal path
// element and one per element with glob characters (all of MarkersAll plus the
// best matching one of Markers). Fallback profiles such as "generic" are only
// chosen when no other profile matches; ties go to the name sorting first.
//
// Recognise lists the folders that markers and id files live in, reads the id
// file, and walks the recording folders only when a profile requires
// recordings or the serial must come from file names. A volume label is never
// used. The bool is false when no profile matches; errors are I/O errors.
func Recognise(fsys fs.FS, profiles []Profile) (Match, bool, error) {
	r := newResolver(fsys)
	var cands []candidate
	for _, p := range profiles {
		score, ok, err := p.markerScore(r)
		if err != nil {
			return Match{}, false, fmt.Errorf("recognise with profile %s: %w", p.Name, err)
		}
		if ok {
			cands = append(cands, candidate{p, score})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.p.Fallback != b.p.Fallback {
			return !a.p.Fallback
		}
		if a.score != b.score {
			return a.score > b.score
		}
		return a.p.Name < b.p.Name
	})
	for _, c := range cands {
		if c.p.RequireRecordings {
			has, err := c.p.hasRecording(r)
			if err != nil {
				return Match{}, false, fmt.Errorf("recognise with profile %s: %w", c.p.Name, err)
			}
			if !has {
				continue
			}
		}
		m := Match{Profile: c.p, Specificity: c.score}
		if err := m.findSerial(fsys, r); err != nil {
			return Match{}, false, fmt.Errorf("recognise with profile %s: %w", c.p.Name, err)
		}
		return m, true, nil
	}
	return Match{}, false, nil
}

// markerScore checks p's markers on the volume and returns its specificity.
func (p Profile) markerScore(r *resolver) (int, bool, error) {
	if len(p.Markers)+len(p.MarkersAll) == 0 {
		return 0, false, nil // never match on nothing
	}
	score := 0
	for _, m := range p.MarkersAll {
		ok, err := r.marker(m)
		if err != nil || !ok {
			return 0, false, err
		}
		score += markerWeight(m)
	}
	if len(p.Markers) == 0 {
		return score, true, nil
	}
	best := -1
	for _, m := range p.Markers {
		ok, err := r.marker(m)
		if err != nil {
			return 0, false, err
		}
		if ok && markerWeight(m) > best {
			best = markerWeight(m)
		}
	}
	if best < 0 {
		return 0, false, nil
	}
	return score + best, true, nil
}

// hasRecording reports whether any recording exists under p's recording dirs.
func (p Profile) hasRecording(r *resolver) (bool, error) {
	has := false
	err := p.walkRecordings(r, func(string) bool {
		has = true
		return false
	})
	return has, err
}

// walkRecordings calls fn with the path of every recording under p's
// recording dirs (each folder once, even when dirs overlap) until fn returns
// false.
func (p Profile) walkRecordings(r *resolver, fn func(name string) bool) error {
	seen := map[string]bool{}
	for _, d := range p.RecordingDirs {
		dirs, err := r.glob(d)
		if err != nil {
			return fmt.Errorf("recording folder %s: %w", d, err)
		}
		for _, f := range dirs {
			if !f.dir {
				continue
			}
			stop := false
			err := fs.WalkDir(r.fsys, f.path, func(name string, de fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if de.IsDir() {
					if seen[name] {
						return fs.SkipDir
					}
					seen[name] = true
					return nil
				}
				if IsRecording(path.Base(name)) && !fn(name) {
					stop = true
					return fs.SkipAll
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("walk %s: %w", f.path, err)
			}
			if stop {
				return nil
			}
		}
	}
	return nil
}
